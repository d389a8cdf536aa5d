package dev.netdiag.cli.lsof;

import dev.netdiag.sockets.procfs.OpenFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The file locks of /proc/locks as lsof 4.95 reads them (dialects/linux/dnode.c get_locks): each
 * lock held (not a "->" waiter) by a process on a device and inode, as lsof's lock character — W or
 * R for a write or read lock on the whole file (from 0 to EOF), w or r for a part. When a process
 * holds several on one file, the last line read wins, as lsof's hash chain finds it.
 */
final class LockTable {
  private record Key(int pid, long major, long minor, long inode) {
    // Written out: a record's generated equals and hashCode spin classes on first use.
    @Override
    public boolean equals(Object other) {
      return other instanceof Key k
          && k.pid == pid
          && k.major == major
          && k.minor == minor
          && k.inode == inode;
    }

    @Override
    public int hashCode() {
      return (int) (inode * 31 + pid) ^ (int) (major << 20 | minor);
    }
  }

  private final Map<Key, Character> locks;

  private LockTable(Map<Key, Character> locks) {
    this.locks = locks;
  }

  /** The locks now held; none when /proc/locks cannot be read. */
  static LockTable read(Path proc) {
    Map<Key, Character> locks = new HashMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(proc.resolve("locks"));
    } catch (IOException | RuntimeException e) {
      return new LockTable(locks);
    }
    for (String line : lines) {
      // "1: POSIX  ADVISORY  WRITE 1008 fe:00:2154509 0 EOF", split at blanks and colons.
      String[] f = line.strip().split("[\\s:]+");
      if (f.length < 10 || f[1].equals("->")) {
        continue;
      }
      boolean write;
      if (f[3].startsWith("R")) {
        write = false;
      } else if (f[3].startsWith("W")) {
        write = true;
      } else {
        continue;
      }
      try {
        int pid = Integer.parseInt(f[4]);
        long major = Long.parseLong(f[5], 16);
        long minor = Long.parseLong(f[6], 16);
        long inode = Long.parseLong(f[7]);
        boolean whole = Long.parseLong(f[8]) == 0 && f[9].equals("EOF");
        char c = write ? (whole ? 'W' : 'w') : (whole ? 'R' : 'r');
        locks.put(new Key(pid, major, minor, inode), c);
      } catch (NumberFormatException e) {
        // A line lsof cannot read either.
      }
    }
    return new LockTable(locks);
  }

  /** The lock character for a process's file, ' ' for none. */
  char lock(int pid, OpenFile f) {
    if (locks.isEmpty() || f.error() != null || f.kind() == OpenFile.FileKind.SOCKET) {
      return ' ';
    }
    Character c =
        locks.get(new Key(pid, OpenFile.major(f.device()), OpenFile.minor(f.device()), f.inode()));
    return c == null ? ' ' : c;
  }
}
