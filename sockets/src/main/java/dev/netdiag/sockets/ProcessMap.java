package dev.netdiag.sockets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
    return scan(procRoot, inodes, false);
  }

  /**
   * Scans every process under the proc root and, with threads, every other thread of each (as ss -T
   * does, through /proc/TID: each thread with its own comm and tid, even when it shares the
   * process's descriptor table).
   */
  public static ProcessMap scan(Path procRoot, long[] inodes, boolean threads) {
    if (inodes.length == 0) {
      return empty(); // nothing to look for: no readlink of every descriptor on the machine
    }
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
    // Two parallel passes: list every process's descriptors, then read their links in chunks, so
    // that the few processes holding most sockets (a server with 50k connections) are spread over
    // every CPU rather than scanned by one thread each.
    List<Descriptors> listed =
        pids.parallelStream()
            .flatMap(
                pid -> {
                  Descriptors main = Descriptors.list(procRoot, pid, pid);
                  if (!threads) {
                    return java.util.stream.Stream.ofNullable(main);
                  }
                  List<Descriptors> all = new ArrayList<>();
                  if (main != null) {
                    all.add(main);
                  }
                  for (int tid : tasks(procRoot, pid)) {
                    Descriptors task = Descriptors.list(procRoot, pid, tid);
                    if (task != null) {
                      all.add(task);
                    }
                  }
                  return all.stream();
                })
            .toList();
    List<Descriptors> chunks = new ArrayList<>();
    for (Descriptors d : listed) {
      if (d != null) {
        for (int from = 0; from < d.names.length; from += CHUNK) {
          chunks.add(d.range(from, Math.min(d.names.length, from + CHUNK)));
        }
      }
    }
    ConcurrentHashMap<Long, List<ProcessRef>> found = new ConcurrentHashMap<>();
    chunks.parallelStream().forEach(chunk -> chunk.scan(wanted, found));
    for (List<ProcessRef> refs : found.values()) {
      if (refs.size() > 1) {
        // Scan order is not deterministic; /proc order (pid, then fd) is what the tools assume.
        refs.sort(PROC_ORDER);
      }
    }
    return new ProcessMap(found);
  }

  private static final int CHUNK = 2048;
  private static final Comparator<ProcessRef> PROC_ORDER =
      Comparator.comparingInt(ProcessRef::pid)
          .thenComparingInt(ProcessRef::tid)
          .thenComparingInt(ProcessRef::fd);

  /** The process's other threads (not the pid itself); none when it exited. */
  private static List<Integer> tasks(Path procRoot, int pid) {
    List<Integer> tids = new ArrayList<>();
    try (DirectoryStream<Path> dirs =
        Files.newDirectoryStream(procRoot.resolve(Integer.toString(pid)).resolve("task"))) {
      for (Path dir : dirs) {
        long tid =
            parseDecimal(dir.getFileName().toString(), 0, dir.getFileName().toString().length());
        if (tid > 0 && tid != pid) {
          tids.add((int) tid);
        }
      }
    } catch (IOException | SecurityException e) {
      return List.of(); // exited meanwhile
    }
    return tids;
  }

  /** Some descriptors of one process: names[from, to) under fdDir. */
  private static final class Descriptors {
    private final Path process;
    private final Path fdDir;
    private final int pid;
    private final int tid;
    private final String[] names;
    private final int from;
    private final int to;
    private final Command command;

    private Descriptors(
        Path process, int pid, int tid, String[] names, int from, int to, Command command) {
      this.process = process;
      this.fdDir = process.resolve("fd");
      this.pid = pid;
      this.tid = tid;
      this.names = names;
      this.from = from;
      this.to = to;
      this.command = command;
    }

    /**
     * The descriptor names of a process (tid == pid) or of one of its threads (through /proc/TID,
     * as ss reads them); null when it exited or is not ours to read.
     */
    static Descriptors list(Path procRoot, int pid, int tid) {
      Path process = procRoot.resolve(Integer.toString(tid));
      List<String> names = new ArrayList<>();
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
        for (Path fd : fds) {
          names.add(fd.getFileName().toString());
        }
      } catch (IOException | SecurityException e) {
        return null; // exited, or not ours to read: skipped, as ss does
      }
      String[] array = names.toArray(new String[0]);
      return new Descriptors(process, pid, tid, array, 0, array.length, new Command(process));
    }

    Descriptors range(int from, int to) {
      return new Descriptors(process, pid, tid, names, from, to, command);
    }

    void scan(long[] wanted, ConcurrentHashMap<Long, List<ProcessRef>> found) {
      for (int i = from; i < to; i++) {
        String target;
        try {
          target = Files.readSymbolicLink(fdDir.resolve(names[i])).toString();
        } catch (IOException | SecurityException e) {
          continue; // closed meanwhile
        }
        if (!target.startsWith(SOCKET_PREFIX) || target.charAt(target.length() - 1) != ']') {
          continue;
        }
        long inode = parseDecimal(target, SOCKET_PREFIX.length(), target.length() - 1);
        if (inode < 0 || Arrays.binarySearch(wanted, inode) < 0) {
          continue;
        }
        ProcessRef ref =
            new ProcessRef(
                command.get(), pid, (int) parseDecimal(names[i], 0, names[i].length()), tid);
        found.compute(
            inode,
            (key, list) -> {
              List<ProcessRef> next = list == null ? new ArrayList<>(1) : list;
              next.add(ref);
              return next;
            });
      }
    }
  }

  /** A process's comm, read once, on the first socket of interest, by whichever thread is first. */
  private static final class Command {
    private final Path process;
    private String value;

    Command(Path process) {
      this.process = process;
    }

    synchronized String get() {
      if (value == null) {
        value = command(process);
      }
      return value;
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
