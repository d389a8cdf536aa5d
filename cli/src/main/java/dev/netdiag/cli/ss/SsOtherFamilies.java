package dev.netdiag.cli.ss;

import dev.netdiag.cli.Output;
import dev.netdiag.cli.ToolContext;
import dev.netdiag.sockets.NetlinkSocketRecord;
import dev.netdiag.sockets.OtherFamilyFilter;
import dev.netdiag.sockets.PacketSocketRecord;
import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.SocketFilter;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.SocketSource;
import dev.netdiag.sockets.SocketState;
import dev.netdiag.sockets.SocketTable;
import dev.netdiag.sockets.SocketTableException;
import dev.netdiag.sockets.TipcSocketRecord;
import dev.netdiag.sockets.UnixQuery;
import dev.netdiag.sockets.UnixSocketRecord;
import dev.netdiag.sockets.VsockSocketRecord;
import dev.netdiag.sockets.XdpSocketRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The UNIX, PACKET and NETLINK sockets of one ss run, and the table that shows them with the inet
 * rows (in ss's order: netlink, packet, unix, then raw, udp, tcp) when any is listed or when -e,
 * -o, -m or -i add their texts.
 */
final class SsOtherFamilies {
  private final List<NetlinkSocketRecord> netlink = new ArrayList<>();
  private final List<PacketSocketRecord> packet = new ArrayList<>();
  private final List<UnixSocketRecord> unix = new ArrayList<>();
  private final List<VsockSocketRecord> vsock = new ArrayList<>();
  private final List<TipcSocketRecord> tipc = new ArrayList<>();
  private final List<XdpSocketRecord> xdp = new ArrayList<>();

  List<NetlinkSocketRecord> netlink() {
    return netlink;
  }

  List<PacketSocketRecord> packet() {
    return packet;
  }

  List<UnixSocketRecord> unix() {
    return unix;
  }

  List<VsockSocketRecord> vsock() {
    return vsock;
  }

  List<TipcSocketRecord> tipc() {
    return tipc;
  }

  List<XdpSocketRecord> xdp() {
    return xdp;
  }

  boolean isEmpty() {
    return netlink.isEmpty()
        && packet.isEmpty()
        && unix.isEmpty()
        && vsock.isEmpty()
        && tipc.isEmpty()
        && xdp.isEmpty();
  }

  /** Reads the families the arguments ask for. */
  void dump(SocketTable table, SsArgs args, int states, SocketFilter filter, ToolContext context)
      throws SocketTableException {
    // PACKET and NETLINK sockets have no state; ss shows them as UNCONN, so only when the state
    // filter lets closed sockets through.
    boolean closed = (states & (1 << SocketState.CLOSE.code())) != 0;
    if (args.netlink() && closed) {
      SocketSource source =
          table.dumpNetlink(
              r -> {
                if (OtherFamilyFilter.matchesNetlink(filter, r.protocol(), r.portId())) {
                  netlink.add(r);
                }
              });
      report(context, "NETLINK", source);
    }
    if (!args.packetTypes().isEmpty() && closed) {
      SocketSource source =
          table.dumpPacket(
              r -> {
                // ss lists both packet types whichever of packet_raw/packet_dgram was asked for.
                if (OtherFamilyFilter.matchesPacket(filter, r.protocol(), r.interfaceIndex())) {
                  packet.add(r);
                }
              });
      report(context, "PACKET", source);
    }
    if (!args.unixTypes().isEmpty()) {
      UnixQuery query =
          new UnixQuery(args.unixTypes(), states, filter, args.extended(), args.memory());
      SocketSource source = table.dumpUnix(query, unix::add);
      report(context, "UNIX", source);
    }
  }

  /**
   * Reads the VSOCK, TIPC and XDP tables the arguments ask for, which ss lists after the inet
   * tables (before MPTCP). A family the kernel lacks lists nothing and says nothing, as in ss.
   */
  void dumpLate(
      SocketTable table, SsArgs args, int states, SocketFilter filter, ToolContext context)
      throws SocketTableException {
    if (!args.vsockTypes().isEmpty()) {
      SocketSource source =
          table.dumpVsock(
              states,
              r -> {
                // ss skips a type it was not asked for (vsock_type_skip) and applies its filter.
                boolean wanted =
                    r.type() == 1
                        ? args.vsockTypes().contains("v_str")
                        : r.type() != 2 || args.vsockTypes().contains("v_dgr");
                if (wanted
                    && OtherFamilyFilter.matchesVsock(
                        filter, r.localCid(), r.localPort(), r.peerCid(), r.peerPort())) {
                  vsock.add(r);
                }
              });
      debug(context, "VSOCK", source);
    }
    if (args.tipc()) {
      // ss applies no filter expression to TIPC sockets; the kernel filters their states.
      SocketSource source = table.dumpTipc(states, tipc::add);
      debug(context, "TIPC", source);
    }
    if (args.xdp() && (states & (1 << SocketState.CLOSE.code())) != 0) {
      SocketSource source =
          table.dumpXdp(
              r -> {
                if (OtherFamilyFilter.matchesXdp(filter, r.queueId(), r.interfaceIndex())) {
                  xdp.add(r);
                }
              });
      debug(context, "XDP", source);
    }
  }

  private static void debug(ToolContext context, String family, SocketSource source) {
    if (context.debug()) {
      context
          .err()
          .text(context.name())
          .text(": ")
          .text(family)
          .text(" from ")
          .line(source.description());
    }
  }

  private static void report(ToolContext context, String family, SocketSource source) {
    if (source == SocketSource.UNAVAILABLE) {
      context
          .err()
          .text(context.name())
          .text(": no ")
          .text(family)
          .line(" sockets: the kernel has neither its sock_diag module nor its /proc/net file");
    } else if (context.debug()) {
      context
          .err()
          .text(context.name())
          .text(": ")
          .text(family)
          .text(" from ")
          .line(source.description());
    }
  }

  /** ss's table of every family with the -e/-o/-m/-i texts. */
  void render(SsArgs args, List<SocketRecord> inet, ProcessMap owners, Output out, Output err) {
    SsOtherRows rows = new SsOtherRows(args, Path.of("/proc"));
    SsTable table = new SsTable();
    for (NetlinkSocketRecord r : netlink) {
      table.add(rows.netlink(r));
    }
    for (PacketSocketRecord r : packet) {
      table.add(rows.packet(r, owners));
    }
    for (UnixSocketRecord r : unix) {
      table.add(rows.unix(r, owners));
    }
    SsRenderer renderer = new SsRenderer(args);
    SsDetailText details =
        new SsDetailText(args, new CgroupPaths(Path.of("/proc/self/mounts"), err));
    boolean lateDone = false;
    for (SocketRecord r : inet) {
      if (!lateDone && r.transport() == dev.netdiag.sockets.Transport.MPTCP) {
        late(rows, owners, table);
        lateDone = true;
      }
      renderer.cells(r, table);
      int row = table.rows() - 1;
      table.process(row, args.processes() ? SsUsers.text(owners, r.inode(), args.threads()) : "");
      table.extra(row, details.extra(r));
      table.continuation(row, details.continuation(r));
    }
    if (!lateDone) {
      late(rows, owners, table);
    }
    table.render(args.netidColumn(), Integer.bitCount(args.states()) != 1, args.noHeader(), out);
  }

  private void late(SsOtherRows rows, ProcessMap owners, SsTable table) {
    for (VsockSocketRecord r : vsock) {
      table.add(rows.vsock(r, owners));
    }
    for (TipcSocketRecord r : tipc) {
      table.add(rows.tipc(r, owners));
    }
    for (XdpSocketRecord r : xdp) {
      table.add(rows.xdp(r, owners));
    }
  }
}
