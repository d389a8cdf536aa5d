package dev.netdiag.diagnose;

import dev.netdiag.linux.AddressText;
import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.ProcessRef;
import dev.netdiag.sockets.SocketFilter;
import dev.netdiag.sockets.SocketQuery;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.SocketState;
import dev.netdiag.sockets.SocketTable;
import dev.netdiag.sockets.SocketTableException;
import dev.netdiag.sockets.Transport;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One read of this host's TCP sockets on a local port (sock_diag, /proc/net when it is missing),
 * with the processes that own them: what the listener and health checks judge.
 *
 * @param port the local port
 * @param sockets every TCP socket whose local port is the port, in kernel order
 * @param owners the processes holding them (inode to command, pid, fd)
 */
public record PortSockets(int port, List<SocketRecord> sockets, ProcessMap owners) {
  public PortSockets {
    sockets = List.copyOf(sockets);
  }

  /** Reads the table now; states limits the read (a SocketState mask). */
  public static PortSockets read(int port, int states) throws SocketTableException {
    List<SocketRecord> found = new ArrayList<>();
    SocketQuery query =
        SocketQuery.of(Transport.TCP)
            .withStates(states)
            .withFilter(
                new SocketFilter.PortCompare(
                    SocketFilter.Side.SOURCE, SocketFilter.Comparison.EQ, port));
    SocketTable.system().dump(query, found::add);
    long[] inodes = found.stream().mapToLong(SocketRecord::inode).filter(i -> i != 0).toArray();
    ProcessMap owners =
        inodes.length == 0 ? ProcessMap.empty() : ProcessMap.scan(Path.of("/proc"), inodes);
    return new PortSockets(port, found, owners);
  }

  /** The sockets in one state. */
  public List<SocketRecord> inState(SocketState state) {
    return sockets.stream().filter(s -> s.state() == state).toList();
  }

  /** How many sockets are in the state. */
  public int count(SocketState state) {
    int n = 0;
    for (SocketRecord socket : sockets) {
      if (socket.state() == state) {
        n++;
      }
    }
    return n;
  }

  /** "127.0.0.1:8080", "[::]:8080", "*:8080" as ss prints a local address. */
  public static String local(SocketRecord socket) {
    StringBuilder out = new StringBuilder();
    if (SocketRecord.isWildcard(socket.localAddress())) {
      out.append(socket.localAddress().length == 16 && socket.v6only() ? "[::]" : "*");
    } else {
      InetAddress address = socket.localInetAddress();
      if (address instanceof Inet6Address) {
        out.append('[').append(AddressText.format(address)).append(']');
      } else {
        out.append(AddressText.format(address));
      }
    }
    return out.append(':').append(socket.localPort()).toString();
  }

  /** ss's users:(("cmd",pid=N,fd=N)) for the socket, or "" when no process holds it. */
  public String users(SocketRecord socket) {
    List<ProcessRef> refs = holders(socket);
    if (refs.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("users:(");
    for (int i = 0; i < refs.size(); i++) {
      ProcessRef ref = refs.get(i);
      out.append(i == 0 ? "" : ",")
          .append("(\"")
          .append(ref.command())
          .append("\",pid=")
          .append(ref.pid())
          .append(",fd=")
          .append(ref.fd())
          .append(')');
    }
    return out.append(')').toString();
  }

  /** The first process holding the socket as "cmd (pid N)", or "an unknown process". */
  public String owner(SocketRecord socket) {
    List<ProcessRef> refs = holders(socket);
    if (refs.isEmpty()) {
      return "an unknown process";
    }
    return refs.getFirst().command() + " (pid " + refs.getFirst().pid() + ")";
  }

  // TIME-WAIT and request sockets have no inode, so no process holds them.
  private List<ProcessRef> holders(SocketRecord socket) {
    return socket.inode() == 0 ? List.of() : owners.owners(socket.inode());
  }
}
