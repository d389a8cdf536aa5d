package dev.netdiag.cli.lsof;

import dev.netdiag.sockets.SocketFilter;
import dev.netdiag.sockets.SocketState;
import dev.netdiag.sockets.SocketTable;
import dev.netdiag.sockets.SocketTableException;
import dev.netdiag.sockets.UnixQuery;
import dev.netdiag.sockets.UnixType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who holds each pipe, socket, eventfd and pseudoterminal, for lsof's -E/+E endpoint information:
 * every process's descriptors whose link is {@code pipe:[N]}, {@code socket:[N]}, an eventfd (by
 * its fdinfo eventfd-id), /dev/ptmx (with its fdinfo tty-index) or /dev/pts/N (tasks share their
 * process's descriptors and are not endpoints of their own), and each UNIX socket's peer from
 * unix_diag.
 */
final class EndpointIndex {
  /** One holder of a pipe or socket: its process, command, descriptor and access mode. */
  record End(int pid, String command, int fd, char access) {
    /**
     * lsof's text for it: {@code PID,cmd,FDmode}, the command (bytes, one char each) cut to the
     * COMMAND width in bytes and printed as NAME prints.
     */
    String text(int width) {
      String cmd = width > 0 && command.length() > width ? command.substring(0, width) : command;
      return pid + "," + SafeText.printable(cmd, SafeText.utf8Locale()) + "," + fd + access;
    }
  }

  private final Map<Long, List<End>> pipes = new HashMap<>();
  // Named FIFOs by "dev:inode", for the paths of the FIFOs listed (fifoPaths): lsof shows their
  // other holders as it does a pipe's.
  private final Map<String, List<End>> fifos = new HashMap<>();
  private final Set<String> fifoPaths;
  private final Map<Long, List<End>> sockets = new HashMap<>();
  private final Map<Long, List<End>> eventfds = new HashMap<>();
  private final Map<Long, Long> peers = new HashMap<>();
  // Pseudoterminals by index: the holders of /dev/ptmx with that tty-index, and of /dev/pts/N.
  private final Map<Integer, List<End>> masters = new HashMap<>();
  private final Map<Integer, List<End>> slaves = new HashMap<>();
  private final Map<String, Integer> masterIndex = new HashMap<>();

  private EndpointIndex(Set<String> fifoPaths) {
    this.fifoPaths = fifoPaths;
  }

  /**
   * Reads every process under proc and the UNIX socket peers (none when unix_diag fails); fifoPaths
   * are the paths of the named FIFOs listed, whose holders are looked for too.
   */
  static EndpointIndex read(Path proc, int[] pids, Set<String> fifoPaths) {
    EndpointIndex index = new EndpointIndex(fifoPaths);
    for (int pid : pids) {
      index.readProcess(proc.resolve(Integer.toString(pid)), pid);
    }
    try {
      SocketTable.netlink()
          .dumpUnix(
              // With the listeners' queues (UNIX_DIAG_ICONS): lsof takes a listener's first
              // waiting connection as its peer.
              new UnixQuery(
                  EnumSet.allOf(UnixType.class), SocketState.ALL, SocketFilter.ALL, true, false),
              r -> {
                if (r.peerInode() != 0) {
                  index.peers.put(r.inode(), r.peerInode());
                } else if (r.pending() != null && r.pending().length > 0) {
                  index.peers.put(r.inode(), r.pending()[0]);
                }
              });
    } catch (SocketTableException | RuntimeException e) {
      // Without unix_diag lsof has no peers either: UNIX sockets get no endpoint text.
    }
    return index;
  }

  private void readProcess(Path dir, int pid) {
    String command;
    try {
      // comm is bytes, one char each (see ProcessEntry).
      String stat =
          new String(Files.readAllBytes(dir.resolve("stat")), StandardCharsets.ISO_8859_1);
      command = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    } catch (IOException | RuntimeException e) {
      return;
    }
    List<Integer> fds = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir.resolve("fd"))) {
      for (Path p : stream) {
        fds.add(Integer.parseInt(p.getFileName().toString()));
      }
    } catch (IOException | RuntimeException e) {
      return;
    }
    fds.sort(null);
    for (int fd : fds) {
      String link;
      try {
        link = Files.readSymbolicLink(dir.resolve("fd").resolve(Integer.toString(fd))).toString();
      } catch (IOException e) {
        continue;
      }
      if (link.equals("anon_inode:[eventfd]")) {
        long id = eventfdId(dir.resolve("fdinfo").resolve(Integer.toString(fd)));
        if (id >= 0) {
          eventfds
              .computeIfAbsent(id, k -> new ArrayList<>())
              .add(end(pid, command, fd, fdinfo(dir, fd)));
        }
        continue;
      }
      if (link.equals("/dev/ptmx")) {
        int[] info = fdinfo(dir, fd);
        if (info[1] >= 0) {
          masters.computeIfAbsent(info[1], k -> new ArrayList<>()).add(end(pid, command, fd, info));
          masterIndex.put(pid + ":" + fd, info[1]);
        }
        continue;
      }
      if (link.startsWith(PTS) && isNumber(link.substring(PTS.length()))) {
        int index = Integer.parseInt(link.substring(PTS.length()));
        slaves
            .computeIfAbsent(index, k -> new ArrayList<>())
            .add(end(pid, command, fd, fdinfo(dir, fd)));
        continue;
      }
      if (fifoPaths.contains(link)) {
        String key = fifoKey(dir.resolve("fd").resolve(Integer.toString(fd)));
        if (key != null) {
          fifos
              .computeIfAbsent(key, k -> new ArrayList<>())
              .add(end(pid, command, fd, fdinfo(dir, fd)));
        }
        continue;
      }
      Map<Long, List<End>> table =
          link.startsWith("pipe:[") ? pipes : link.startsWith("socket:[") ? sockets : null;
      if (table == null || !link.endsWith("]")) {
        continue;
      }
      long inode;
      try {
        inode = Long.parseLong(link, link.indexOf('[') + 1, link.length() - 1, 10);
      } catch (NumberFormatException e) {
        continue;
      }
      table
          .computeIfAbsent(inode, k -> new ArrayList<>())
          .add(end(pid, command, fd, fdinfo(dir, fd)));
    }
  }

  private static final String PTS = "/dev/pts/";

  // "dev:inode" of the FIFO a descriptor link leads to, null when it is no FIFO (or is gone).
  private static String fifoKey(Path fdLink) {
    try {
      Map<String, Object> st = Files.readAttributes(fdLink, "unix:mode,dev,ino");
      if ((((Integer) st.get("mode")) & 0170000) != 0010000) {
        return null;
      }
      return fifoKey((Long) st.get("dev"), (Long) st.get("ino"));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static String fifoKey(long device, long inode) {
    return device + ":" + inode;
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
  }

  private static End end(int pid, String command, int fd, int[] info) {
    char access =
        switch (info[0]) {
          case 0 -> 'r';
          case 1 -> 'w';
          case 2, 3 -> 'u';
          default -> ' ';
        };
    return new End(pid, command, fd, access);
  }

  // From fdinfo: the access mode bits of the open flags (-1 when unknown) and the tty-index of a
  // pseudoterminal master (-1 when absent).
  private static int[] fdinfo(Path dir, int fd) {
    int[] out = {-1, -1};
    try {
      for (String line : Files.readAllLines(dir.resolve("fdinfo").resolve(Integer.toString(fd)))) {
        if (line.startsWith("flags:")) {
          out[0] = Integer.parseInt(line.substring(6).strip(), 8) & 3;
        } else if (line.startsWith("tty-index:")) {
          out[1] = Integer.parseInt(line.substring(10).strip());
        }
      }
    } catch (IOException | RuntimeException e) {
      // Closed meanwhile.
    }
    return out;
  }

  /** The eventfd-id line of an eventfd's fdinfo file, -1 when it has none (kernels before 5.2). */
  static long eventfdId(Path fdinfo) {
    try {
      for (String line : Files.readAllLines(fdinfo)) {
        if (line.startsWith("eventfd-id:")) {
          return Long.parseLong(line.substring(11).strip());
        }
      }
    } catch (IOException | RuntimeException e) {
      // Closed meanwhile, or no id.
    }
    return -1;
  }

  /** The other holders of the pipe with this inode: every one but (pid, fd) itself. */
  List<End> pipeEnds(long inode, int pid, int fd) {
    return others(pipes, inode, pid, fd);
  }

  /** The other holders of the named FIFO (device, inode): every one but (pid, fd) itself. */
  List<End> fifoEnds(long device, long inode, int pid, int fd) {
    return others(fifos, fifoKey(device, inode), pid, fd);
  }

  /** The other holders of the eventfd with this id: every one but (pid, fd) itself. */
  List<End> eventfdEnds(long id, int pid, int fd) {
    return others(eventfds, id, pid, fd);
  }

  private static <K> List<End> others(Map<K, List<End>> table, K key, int pid, int fd) {
    List<End> out = new ArrayList<>();
    for (End e : table.getOrDefault(key, List.of())) {
      if (e.pid() != pid || e.fd() != fd) {
        out.add(e);
      }
    }
    return out;
  }

  /** The peer inode of a UNIX socket, 0 when it has none or is unknown. */
  long peer(long inode) {
    return peers.getOrDefault(inode, 0L);
  }

  /** The tty-index of a pseudoterminal master descriptor, -1 when it is not one. */
  int masterIndex(int pid, int fd) {
    return masterIndex.getOrDefault(pid + ":" + fd, -1);
  }

  /** The holders of the master of pseudoterminal index. */
  List<End> masterEnds(int index) {
    return masters.getOrDefault(index, List.of());
  }

  /** The holders of /dev/pts/index. */
  List<End> slaveEnds(int index) {
    return slaves.getOrDefault(index, List.of());
  }

  /**
   * The holders of the socket with this inode, last found first: lsof lists a socket's holders from
   * the highest PID and descriptor down (a pipe's, an eventfd's and a terminal's up).
   */
  List<End> socketEnds(long inode) {
    return sockets.getOrDefault(inode, List.of()).reversed();
  }
}
