package dev.netdiag.cli.lsof;

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
import java.util.Map;

/** The inet socket table by inode, dumped once, on the first socket descriptor met. */
final class SocketIndex {
  private Map<Long, SocketRecord> byInode;

  SocketRecord get(long inode) {
    if (byInode == null) {
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
      byInode = map;
    }
    return byInode.get(inode);
  }
}
