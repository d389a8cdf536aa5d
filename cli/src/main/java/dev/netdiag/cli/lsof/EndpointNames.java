package dev.netdiag.cli.lsof;

import dev.netdiag.sockets.SocketRecord;
import java.util.List;

/**
 * lsof's -E endpoint information for one row: who holds the other end of its pipe, socket,
 * pseudoterminal or eventfd, and the NAME with that text where lsof puts it.
 */
final class EndpointNames {
  private final EndpointIndex index;
  private final SocketIndex sockets;
  private final int commandWidth;

  EndpointNames(EndpointIndex index, SocketIndex sockets, int commandWidth) {
    this.index = index;
    this.sockets = sockets;
    this.commandWidth = commandWidth;
  }

  /**
   * The holders at the other end: a pipe's or eventfd's other descriptors, a UNIX socket's peer's,
   * a local TCP/UDP connection's other end's, a pseudoterminal's other side's.
   */
  List<EndpointIndex.End> ends(LsofRow r) {
    String link = r.file().link();
    return switch (r.type()) {
      case "FIFO" ->
          link.startsWith("pipe:")
              ? index.pipeEnds(r.file().inode(), r.process().pid(), r.file().fd())
              : index.fifoEnds(
                  r.file().device(), r.file().inode(), r.process().pid(), r.file().fd());
      case "unix" -> {
        long peer = index.peer(r.file().inode());
        yield peer == 0 ? List.of() : index.socketEnds(peer);
      }
      case "IPv4", "IPv6" -> {
        SocketRecord peer = r.socket() == null ? null : sockets.localPeer(r.socket());
        yield peer == null ? List.of() : index.socketEnds(peer.inode());
      }
      case "a_inode" ->
          r.name().startsWith("[eventfd:")
              ? index.eventfdEnds(eventfdOf(r.name()), r.process().pid(), r.file().fd())
              : List.of();
      case "CHR" -> {
        int master = index.masterIndex(r.process().pid(), r.file().fd());
        if (master >= 0) {
          yield index.slaveEnds(master);
        }
        yield link.startsWith("/dev/pts/")
                && link.length() > 9
                && link.length() < 19
                && link.substring(9).chars().allMatch(Character::isDigit)
            ? index.masterEnds(Integer.parseInt(link.substring(9)))
            : List.of();
      }
      default -> List.of();
    };
  }

  // The id in an "[eventfd:N]" name (N digits before the bracket).
  private static long eventfdOf(String name) {
    try {
      return Long.parseLong(name, "[eventfd:".length(), name.indexOf(']'), 10);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /**
   * The row with lsof's endpoint text in NAME, " PID,cmd,FDm" per holder: after "pipe" or the
   * device path (a pseudoterminal master first names its slave, "->/dev/pts/N"); on a socket before
   * its state, a UNIX socket's with "->INO=PEER" first.
   */
  LsofRow withEnds(LsofRow r) {
    StringBuilder text = new StringBuilder();
    if (r.type().equals("unix")) {
      long peer = index.peer(r.file().inode());
      if (peer == 0) {
        return r;
      }
      text.append(" ->INO=").append(peer);
    }
    int master = r.type().equals("CHR") ? index.masterIndex(r.process().pid(), r.file().fd()) : -1;
    if (master >= 0) {
      text.append(" ->/dev/pts/").append(master);
    }
    for (EndpointIndex.End e : ends(r)) {
      text.append(' ').append(e.text(commandWidth));
    }
    if (text.isEmpty()) {
      return r;
    }
    String name = r.name();
    int cut = name.length();
    if (r.type().equals("unix") || r.socket() != null) {
      if (name.endsWith(")") && name.lastIndexOf(" (") >= 0) {
        cut = name.lastIndexOf(" (");
      } else if (name.endsWith(" ")) {
        cut = name.length() - 1;
      }
    }
    return r.withName(name.substring(0, cut) + text + name.substring(cut));
  }
}
