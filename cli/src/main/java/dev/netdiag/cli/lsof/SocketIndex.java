package dev.netdiag.cli.lsof;

import dev.netdiag.sockets.Background;
import dev.netdiag.sockets.IpFamily;
import dev.netdiag.sockets.SocketFilter;
import dev.netdiag.sockets.SocketQuery;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.SocketState;
import dev.netdiag.sockets.SocketTable;
import dev.netdiag.sockets.SocketTableException;
import dev.netdiag.sockets.Transport;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** The inet socket table by inode, dumped once, on the first socket descriptor met. */
final class SocketIndex {
  private Map<Long, SocketRecord> byInode;
  private Map<String, SocketRecord> byEnds;

  private Background<Map<Long, SocketRecord>> prefetch;

  /**
   * Starts the dump on a thread of its own, for a scan that will surely look sockets up: the
   * kernel's dump of a large table then overlaps the /proc scan instead of following it.
   */
  void prefetch() {
    if (byInode == null && prefetch == null) {
      prefetch = Background.start("lsof-socket-dump", SocketIndex::dump);
    }
  }

  SocketRecord get(long inode) {
    if (byInode == null) {
      byInode = prefetch == null ? dump() : prefetch.join();
    }
    return byInode.get(inode);
  }

  private static Map<Long, SocketRecord> dump() {
    Map<Long, SocketRecord> map = new HashMap<>();
    SocketQuery all =
        new SocketQuery(
            EnumSet.of(Transport.TCP, Transport.UDP, Transport.UDPLITE, Transport.RAW),
            EnumSet.allOf(IpFamily.class),
            SocketState.ALL,
            SocketFilter.ALL,
            false);
    try {
      SocketTable.system().dump(all, r -> map.put(r.inode(), r));
    } catch (SocketTableException e) {
      throw new UncheckedIOException(new java.io.IOException(e.getMessage(), e));
    }
    return map;
  }

  /**
   * The other end of a connection inside this host, for lsof's -E: the socket of the same transport
   * whose local end is r's remote end and whose remote end is r's local one, both ESTABLISHED (a
   * connected UDP socket is too). Null when there is none.
   */
  SocketRecord localPeer(SocketRecord r) {
    // lsof 4.95 pairs ESTABLISHED sockets whose ends mirror each other, whatever the addresses.
    if (r.state() != SocketState.ESTABLISHED) {
      return null;
    }
    if (byEnds == null) {
      get(r.inode());
      Map<String, SocketRecord> map = new HashMap<>();
      for (SocketRecord s : byInode.values()) {
        if (s.state() == SocketState.ESTABLISHED) {
          map.putIfAbsent(
              key(
                  s.transport(),
                  s.localAddress(),
                  s.localPort(),
                  s.remoteAddress(),
                  s.remotePort()),
              s);
        }
      }
      byEnds = map;
    }
    return byEnds.get(
        key(r.transport(), r.remoteAddress(), r.remotePort(), r.localAddress(), r.localPort()));
  }

  private static String key(
      Transport t, byte[] local, int localPort, byte[] remote, int remotePort) {
    return t
        + "/"
        + HexFormat.of().formatHex(local)
        + "/"
        + localPort
        + "/"
        + HexFormat.of().formatHex(remote)
        + "/"
        + remotePort;
  }
}
