package dev.netdiag.sockets.procfs;

import dev.netdiag.linux.NativeException;
import dev.netdiag.linux.ProcDirectory;
import dev.netdiag.sockets.procfs.OpenFile.FileKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads processes and their open files from /proc: cwd, root, executable, mapped files
 * (/proc/PID/maps) and descriptors (/proc/PID/fd with fdinfo). Processes that exit mid-scan are
 * skipped; files that cannot be read carry the error instead of attributes.
 */
public final class ProcessFiles {
  private final Path proc;

  public ProcessFiles(Path procRoot) {
    this.proc = procRoot;
  }

  /** The PIDs under /proc, ascending. */
  public int[] pids() throws ProcFsException {
    List<Integer> pids = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(proc)) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
          pids.add(Integer.parseInt(name));
        }
      }
    } catch (IOException e) {
      throw new ProcFsException(proc + ": " + e.getMessage(), e);
    }
    int[] out = pids.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(out);
    return out;
  }

  /** The process, or empty when it has gone. */
  public Optional<ProcessEntry> process(int pid) {
    Path dir = proc.resolve(Integer.toString(pid));
    try {
      // ISO-8859-1: comm is bytes (any but NUL, perhaps no UTF-8 or cut inside a sequence), one
      // char each; a UTF-8 decoder would throw on them and lose the process.
      String stat =
          new String(Files.readAllBytes(dir.resolve("stat")), StandardCharsets.ISO_8859_1);
      // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so cut at the last
      // ')'.
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      String command = stat.substring(open + 1, close);
      String[] rest = stat.substring(close + 2).split(" ");
      int ppid = Integer.parseInt(rest[1]);
      int pgid = Integer.parseInt(rest[2]);
      int uid = 0;
      int gid = 0;
      for (String line : Files.readAllLines(dir.resolve("status"), StandardCharsets.ISO_8859_1)) {
        if (line.startsWith("Uid:")) {
          uid = Integer.parseInt(ProcText.fields(line).get(1));
        } else if (line.startsWith("Gid:")) {
          gid = Integer.parseInt(ProcText.fields(line).get(1));
        }
      }
      return Optional.of(new ProcessEntry(pid, ppid, pgid, uid, gid, command));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** cwd, rtd, txt and the mapped files, in lsof's order. */
  public List<OpenFile> specialFiles(int pid) {
    Path dir = proc.resolve(Integer.toString(pid));
    List<OpenFile> out = new ArrayList<>();
    out.add(linked("cwd", -1, dir.resolve("cwd"), null));
    out.add(linked("rtd", -1, dir.resolve("root"), null));
    OpenFile txt = linked("txt", -1, dir.resolve("exe"), null);
    // Kernel threads have no executable: readlink fails with ENOENT and lsof shows the bare
    // /proc path with no reason, so the error is empty.
    if (txt.error() != null && txt.error().contains("No such file")) {
      txt = new OpenFile("txt", -1, -1, OpenFile.FileKind.UNKNOWN, 0, 0, 0, -1, 0, txt.link(), "");
    }
    out.add(txt);
    out.addAll(mapped(dir, txt));
    return out;
  }

  /** The open descriptors, ascending. */
  public List<OpenFile> descriptors(int pid) {
    return descriptors(pid, false);
  }

  /**
   * The open descriptors, ascending; with socketsOnly, only those that are sockets, read from the
   * link text and fdinfo alone (no stat), for listings that can show nothing else.
   */
  public List<OpenFile> descriptors(int pid, boolean socketsOnly) {
    if (socketsOnly) {
      try {
        return nativeSockets(pid);
      } catch (NativeException e) {
        // No native access: java.nio below.
      }
    }
    Path dir = proc.resolve(Integer.toString(pid));
    Path fdDir = dir.resolve("fd");
    List<Integer> fds = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(fdDir)) {
      for (Path p : stream) {
        fds.add(Integer.parseInt(p.getFileName().toString()));
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    fds.sort(null);
    if (socketsOnly) {
      // A readlink and an fdinfo read per descriptor, and a server may hold 50k sockets: read them
      // on every CPU, keeping the ascending order.
      Path fdinfo = dir.resolve("fdinfo");
      return fds.parallelStream()
          .map(
              fd -> {
                String name = Integer.toString(fd);
                return socket(name, fd, fdDir.resolve(name), fdinfo);
              })
          .filter(Objects::nonNull)
          .toList();
    }
    List<OpenFile> out = new ArrayList<>(fds.size());
    for (int fd : fds) {
      String name = Integer.toString(fd);
      out.add(linked(name, fd, fdDir.resolve(name), dir.resolve("fdinfo").resolve(name)));
    }
    return out;
  }

  private static final String SOCKET_PREFIX = "socket:[";
  private static final int CHUNK = 2048;
  private static final int O_RDWR = 2;

  /**
   * The socket descriptors of a process through openat/getdents64/readlinkat on native buffers
   * ({@link ProcDirectory}): the link gives the inode, and nothing else needs reading. Every socket
   * file is opened read-write (the kernel's sock_alloc_file, for socket, socketpair and accept
   * alike; dup and SCM_RIGHTS pass the same file), which is what fdinfo's flags would say, and a
   * socket's position is always 0. Chunks of a large process run on every CPU.
   */
  private List<OpenFile> nativeSockets(int pid) throws NativeException {
    String fdPath = proc.toAbsolutePath().resolve(pid + "/fd").toString();
    int[] fds;
    long count;
    try (ProcDirectory dir = ProcDirectory.open()) {
      int fdDir = dir.openDirectory(fdPath);
      if (fdDir < 0) {
        return List.of();
      }
      count = dir.descriptorCount(fdDir);
      fds = ProcDirectory.readsByNumber(count) ? null : dir.numberedEntries(fdDir);
      dir.closeDirectory(fdDir);
      if (fds == null && !ProcDirectory.readsByNumber(count)) {
        return List.of();
      }
    }
    if (fds != null) {
      Arrays.sort(fds);
      return nativeSockets(fdPath, fds, fds.length).sockets();
    }
    // Read by number, 0..count-1, without listing (ProcDirectory.readsByNumber); a table with holes
    // has
    // descriptors above that: those are listed and read after.
    Sockets numbered = nativeSockets(fdPath, null, (int) count);
    if (numbered.open() >= count) {
      return numbered.sockets();
    }
    int[] rest;
    try (ProcDirectory dir = ProcDirectory.open()) {
      int fdDir = dir.openDirectory(fdPath);
      rest = fdDir < 0 ? null : dir.numberedEntries(fdDir);
      dir.closeDirectory(fdDir);
    }
    if (rest == null) {
      return numbered.sockets();
    }
    rest = Arrays.stream(rest).filter(fd -> fd >= count).sorted().toArray();
    List<OpenFile> out = new ArrayList<>(numbered.sockets());
    out.addAll(nativeSockets(fdPath, rest, rest.length).sockets());
    return out;
  }

  /** Socket descriptors found, in ascending order, and how many descriptors were open at all. */
  private record Sockets(List<OpenFile> sockets, int open) {}

  /** The sockets among fds[0, length), or among descriptors 0..length-1 when fds is null. */
  private static Sockets nativeSockets(String fdPath, int[] fds, int length) {
    List<int[]> chunks = new ArrayList<>();
    for (int from = 0; from < length; from += CHUNK) {
      chunks.add(new int[] {from, Math.min(length, from + CHUNK)});
    }
    List<OpenFile> out = new ArrayList<>();
    int open = 0;
    for (Sockets chunk :
        (chunks.size() > 1 ? chunks.parallelStream() : chunks.stream())
            .map(range -> nativeSockets(fdPath, fds, range[0], range[1]))
            .toList()) {
      out.addAll(chunk.sockets());
      open += chunk.open();
    }
    return new Sockets(out, open);
  }

  /**
   * One descriptor: null when it is not open, NOT_SOCKET when it is not a socket (a call per
   * descriptor, so the JIT compiles it early).
   */
  private static OpenFile nativeSocket(ProcDirectory dir, int fdDir, int fd, byte[] target) {
    int n = dir.readNumberedLink(fdDir, fd, target);
    if (n < 0) {
      return null;
    }
    long inode = ProcDirectory.socketInode(target, n);
    if (inode < 0) {
      return NOT_SOCKET;
    }
    String link = new String(target, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    return new OpenFile(
        Integer.toString(fd), fd, O_RDWR, OpenFile.FileKind.SOCKET, 0, 0, 0, 0, inode, link, null);
  }

  private static final OpenFile NOT_SOCKET =
      new OpenFile("", -1, -1, OpenFile.FileKind.UNKNOWN, 0, 0, 0, -1, 0, "", null);

  private static Sockets nativeSockets(String fdPath, int[] fds, int from, int to) {
    List<OpenFile> out = new ArrayList<>();
    int open = 0;
    byte[] target = new byte[64];
    try (ProcDirectory dir = ProcDirectory.open()) {
      int fdDir = dir.openDirectory(fdPath);
      if (fdDir < 0) {
        return new Sockets(out, 0);
      }
      try {
        for (int i = from; i < to; i++) {
          OpenFile file = nativeSocket(dir, fdDir, fds == null ? i : fds[i], target);
          if (file != null) {
            open++;
            if (file != NOT_SOCKET) {
              out.add(file);
            }
          }
        }
      } finally {
        dir.closeDirectory(fdDir);
      }
    } catch (NativeException e) {
      throw new IllegalStateException(e); // Libc linked for the listing already
    }
    return new Sockets(out, open);
  }

  // A socket descriptor from its link "socket:[INODE]" and fdinfo flags; null for other files.
  private static OpenFile socket(String descriptor, int fd, Path link, Path fdinfoDir) {
    String target;
    try {
      target = Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      return null;
    }
    if (!target.startsWith(SOCKET_PREFIX) || !target.endsWith("]")) {
      return null;
    }
    long inode;
    try {
      inode = Long.parseLong(target, SOCKET_PREFIX.length(), target.length() - 1, 10);
    } catch (NumberFormatException e) {
      return null;
    }
    int flags = -1;
    long offset = -1;
    try {
      for (String line : Files.readAllLines(fdinfoDir.resolve(descriptor))) {
        if (line.startsWith("pos:")) {
          offset = Long.parseLong(line.substring(4).strip());
        } else if (line.startsWith("flags:")) {
          flags = Integer.parseInt(line.substring(6).strip(), 8);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Closed meanwhile: keep what the link said.
    }
    return new OpenFile(
        descriptor, fd, flags, OpenFile.FileKind.SOCKET, 0, 0, 0, offset, inode, target, null);
  }

  private OpenFile linked(String descriptor, int fd, Path link, Path fdinfo) {
    String target;
    try {
      target = PathBytes.of(Files.readSymbolicLink(link));
    } catch (NoSuchFileException e) {
      return failed(descriptor, fd, link, "readlink: No such file or directory");
    } catch (IOException e) {
      return failed(descriptor, fd, link, "readlink: " + reason(e));
    }
    int flags = -1;
    long offset = -1;
    if (fdinfo != null) {
      try {
        for (String line : Files.readAllLines(fdinfo)) {
          if (line.startsWith("pos:")) {
            offset = Long.parseLong(line.substring(4).strip());
          } else if (line.startsWith("flags:")) {
            flags = Integer.parseInt(line.substring(6).strip(), 8);
          }
        }
      } catch (IOException | RuntimeException e) {
        // The descriptor closed between readlink and fdinfo: keep what the link said.
      }
    }
    try {
      Map<String, Object> st = Files.readAttributes(link, "unix:dev,ino,rdev,size,mode");
      int mode = (Integer) st.get("mode");
      FileKind kind = kind(mode, target);
      return new OpenFile(
          descriptor,
          fd,
          flags,
          kind,
          (Long) st.get("dev"),
          (Long) st.get("rdev"),
          (Long) st.get("size"),
          offset,
          (Long) st.get("ino"),
          target,
          null);
    } catch (IOException | RuntimeException e) {
      return new OpenFile(
          descriptor,
          fd,
          flags,
          OpenFile.FileKind.UNKNOWN,
          0,
          0,
          0,
          offset,
          0,
          target,
          "stat: " + reason(e));
    }
  }

  private static OpenFile failed(String descriptor, int fd, Path link, String error) {
    return new OpenFile(
        descriptor, fd, -1, OpenFile.FileKind.UNKNOWN, 0, 0, 0, -1, 0, link.toString(), error);
  }

  private static String reason(Exception e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "Permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "No such file or directory";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  // S_IFMT values from sys/stat.h.
  private static OpenFile.FileKind kind(int mode, String target) {
    return switch (mode & 0170000) {
      case 0100000 -> OpenFile.FileKind.REGULAR;
      case 0040000 -> OpenFile.FileKind.DIRECTORY;
      case 0020000 -> OpenFile.FileKind.CHARACTER;
      case 0060000 -> OpenFile.FileKind.BLOCK;
      case 0010000 -> OpenFile.FileKind.FIFO;
      case 0140000 -> OpenFile.FileKind.SOCKET;
      case 0120000 -> OpenFile.FileKind.SYMLINK;
      default ->
          target.startsWith("anon_inode:")
              ? OpenFile.FileKind.ANON_INODE
              : OpenFile.FileKind.UNKNOWN;
    };
  }

  /**
   * Mapped files from /proc/PID/maps, once per (device, inode), without the executable. A file
   * deleted since it was mapped shows as "DEL", as lsof shows it.
   */
  private List<OpenFile> mapped(Path dir, OpenFile txt) {
    List<String> lines;
    try {
      // A mapped file's name is bytes: decoded without losing any (a UTF-8 decoder would throw on
      // a name that is no UTF-8 and lose every mapping of the process).
      byte[] maps = Files.readAllBytes(dir.resolve("maps"));
      lines = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < maps.length; i++) {
        if (maps[i] == '\n') {
          lines.add(PathBytes.decode(maps, start, i));
          start = i + 1;
        }
      }
      if (start < maps.length) {
        lines.add(PathBytes.decode(maps, start, maps.length));
      }
    } catch (IOException e) {
      return List.of();
    }
    Set<String> seen = new HashSet<>();
    if (txt.error() == null) {
      seen.add(txt.device() + ":" + txt.inode());
    }
    List<OpenFile> out = new ArrayList<>();
    for (String line : lines) {
      List<String> f = ProcText.fields(line);
      if (f.size() < 6 || f.get(4).equals("0") || !f.get(5).startsWith("/")) {
        continue;
      }
      String[] dev = f.get(3).split(":");
      long major = Long.parseLong(dev[0], 16);
      long minor = Long.parseLong(dev[1], 16);
      long device = (major << 8) | minor;
      long inode = Long.parseLong(f.get(4));
      if (!seen.add(device + ":" + inode)) {
        continue;
      }
      int pathStart = line.indexOf('/', line.indexOf(f.get(4)) + f.get(4).length());
      String path = line.substring(pathStart);
      boolean deleted = path.endsWith(" (deleted)");
      long size = 0;
      if (!deleted) {
        try {
          // A name Java cannot open (bytes that are no UTF-8) is stat'ed through its
          // map_files link, which leads to the same file.
          Map<String, Object> st =
              PathBytes.hasEscapes(path)
                  ? Files.readAttributes(
                      dir.resolve("map_files").resolve(f.get(0)), "unix:ino,size")
                  : Files.readAttributes(Path.of(path), "unix:ino,size", LinkOption.NOFOLLOW_LINKS);
          deleted = (Long) st.get("ino") != inode;
          size = (Long) st.get("size");
        } catch (IOException | RuntimeException e) {
          deleted = true;
        }
      }
      out.add(
          new OpenFile(
              deleted ? "DEL" : "mem",
              -1,
              -1,
              OpenFile.FileKind.REGULAR,
              device,
              0,
              size,
              -1,
              inode,
              path,
              null));
    }
    return out;
  }
}
