package dev.netdiag.cli.lsof;

import dev.netdiag.sockets.SocketTable;
import dev.netdiag.sockets.SocketTableException;
import dev.netdiag.sockets.UnixQuery;
import dev.netdiag.sockets.UnixSocketRecord;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The UNIX socket table by inode, read once from /proc/net/unix (as lsof reads it: the kernel
 * address lsof shows as DEVICE and the SS_ state exist only there), on the first socket met.
 */
final class UnixSocketIndex {
  private final Path proc;
  private Map<Long, UnixSocketRecord> byInode;

  UnixSocketIndex(Path proc) {
    this.proc = proc;
  }

  UnixSocketRecord get(long inode) {
    if (byInode == null) {
      Map<Long, UnixSocketRecord> map = new HashMap<>();
      try {
        SocketTable.procNet(proc).dumpUnix(UnixQuery.all(), r -> map.putIfAbsent(r.inode(), r));
      } catch (SocketTableException e) {
        throw new UncheckedIOException(new java.io.IOException(e.getMessage(), e));
      }
      byInode = map;
    }
    return byInode.get(inode);
  }

  /**
   * A socket's name as lsof 4.95 has it: the path field of its /proc/net/unix line, which lsof
   * splits at spaces and tabs, so a name ends at the first of them (null when it has none).
   */
  static String name(UnixSocketRecord r) {
    String name = r.name();
    if (name == null) {
      return null;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == ' ' || c == '\t') {
        return name.substring(0, i);
      }
    }
    return name;
  }
}
