package dev.netdiag.cli.lsof;

import dev.netdiag.sockets.SocketTable;
import dev.netdiag.sockets.SocketTableException;
import dev.netdiag.sockets.UnixQuery;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who holds each pipe and UNIX socket, for lsof's -E/+E endpoint information: every process's
 * descriptors whose link is {@code pipe:[N]} or {@code socket:[N]} (tasks share their process's
 * descriptors and are not endpoints of their own), and each UNIX socket's peer from unix_diag.
 */
final class EndpointIndex {
  /** One holder of a pipe or socket: its process, command, descriptor and access mode. */
  record End(int pid, String command, int fd, char access) {
    /** lsof's text for it: {@code PID,cmd,FDmode}, the command cut to the COMMAND width. */
    String text(int width) {
      String cmd = width > 0 && command.length() > width ? command.substring(0, width) : command;
      return pid + "," + cmd + "," + fd + access;
    }
  }

  private final Map<Long, List<End>> pipes = new HashMap<>();
  private final Map<Long, List<End>> sockets = new HashMap<>();
  private final Map<Long, Long> peers = new HashMap<>();

  private EndpointIndex() {}

  /** Reads every process under proc and the UNIX socket peers (none when unix_diag fails). */
  static EndpointIndex read(Path proc, int[] pids) {
    EndpointIndex index = new EndpointIndex();
    for (int pid : pids) {
      index.readProcess(proc.resolve(Integer.toString(pid)), pid);
    }
    try {
      SocketTable.netlink()
          .dumpUnix(
              UnixQuery.all(),
              r -> {
                if (r.peerInode() != 0) {
                  index.peers.put(r.inode(), r.peerInode());
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
      String stat = Files.readString(dir.resolve("stat"));
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
      End end = new End(pid, command, fd, access(dir, fd));
      table.computeIfAbsent(inode, k -> new ArrayList<>()).add(end);
    }
  }

  // The access mode from fdinfo's octal open flags, as the FD column shows it.
  private static char access(Path dir, int fd) {
    try {
      for (String line : Files.readAllLines(dir.resolve("fdinfo").resolve(Integer.toString(fd)))) {
        if (line.startsWith("flags:")) {
          return switch (Integer.parseInt(line.substring(6).strip(), 8) & 3) {
            case 0 -> 'r';
            case 1 -> 'w';
            default -> 'u';
          };
        }
      }
    } catch (IOException | RuntimeException e) {
      // Closed meanwhile.
    }
    return ' ';
  }

  /** The other holders of the pipe with this inode: every one but (pid, fd) itself. */
  List<End> pipeEnds(long inode, int pid, int fd) {
    List<End> out = new ArrayList<>();
    for (End e : pipes.getOrDefault(inode, List.of())) {
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

  /** The holders of the socket with this inode. */
  List<End> socketEnds(long inode) {
    return sockets.getOrDefault(inode, List.of());
  }
}
