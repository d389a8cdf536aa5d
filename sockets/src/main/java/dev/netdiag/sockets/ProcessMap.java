package dev.netdiag.sockets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which processes hold which sockets: built by one parallel scan of /proc/PID/fd, keeping only the
 * inodes asked about. Processes that exit mid-scan and descriptors we may not read are skipped, as
 * ss skips them.
 */
public final class ProcessMap {
  private static final String SOCKET_PREFIX = "socket:[";

  private final Map<Long, List<ProcessRef>> owners;

  private ProcessMap(Map<Long, List<ProcessRef>> owners) {
    this.owners = owners;
  }

  /** A map that knows no owners. */
  public static ProcessMap empty() {
    return new ProcessMap(Map.of());
  }

  /**
   * Scans every process under the proc root.
   *
   * @param procRoot usually /proc
   * @param inodes the socket inodes of interest (others are not kept); may be unsorted
   */
  public static ProcessMap scan(Path procRoot, long[] inodes) {
    long[] wanted = inodes.clone();
    Arrays.sort(wanted);
    List<Integer> pids = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(procRoot)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!name.isEmpty() && name.charAt(0) >= '1' && name.charAt(0) <= '9') {
          pids.add(Integer.parseInt(name));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return empty();
    }
    ConcurrentHashMap<Long, List<ProcessRef>> found = new ConcurrentHashMap<>();
    pids.parallelStream().forEach(pid -> scanProcess(procRoot, pid, wanted, found));
    return new ProcessMap(new HashMap<>(found));
  }

  private static void scanProcess(
      Path procRoot, int pid, long[] wanted, ConcurrentHashMap<Long, List<ProcessRef>> found) {
    Path process = procRoot.resolve(Integer.toString(pid));
    String command = null;
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
      for (Path fd : fds) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue; // closed meanwhile
        }
        if (!target.startsWith(SOCKET_PREFIX) || target.charAt(target.length() - 1) != ']') {
          continue;
        }
        long inode = parseDecimal(target, SOCKET_PREFIX.length(), target.length() - 1);
        if (inode < 0 || Arrays.binarySearch(wanted, inode) < 0) {
          continue;
        }
        if (command == null) {
          command = command(process);
        }
        int fdNumber =
            (int)
                parseDecimal(fd.getFileName().toString(), 0, fd.getFileName().toString().length());
        ProcessRef ref = new ProcessRef(command, pid, fdNumber);
        found.compute(
            inode,
            (key, list) -> {
              List<ProcessRef> next = list == null ? new ArrayList<>(1) : list;
              next.add(ref);
              return next;
            });
      }
    } catch (IOException | SecurityException e) {
      // The process exited or its fds are not ours to read: skipped, as ss does.
    }
  }

  private static String command(Path process) {
    try {
      byte[] bytes = Files.readAllBytes(process.resolve("comm"));
      int n = bytes.length;
      if (n > 0 && bytes[n - 1] == '\n') {
        n--;
      }
      return new String(bytes, 0, n, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static long parseDecimal(String text, int from, int to) {
    if (from >= to) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** The holders of a socket, in no particular order; empty when none was found. */
  public List<ProcessRef> owners(long inode) {
    return owners.getOrDefault(inode, List.of());
  }
}
