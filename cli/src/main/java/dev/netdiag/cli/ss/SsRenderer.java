package dev.netdiag.cli.ss;

import dev.netdiag.cli.Output;
import dev.netdiag.linux.AddressText;
import dev.netdiag.sockets.IpFamily;
import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.Transport;
import java.nio.file.Path;

/**
 * ss's table: Netid (when several tables are shown), State (unless one state is filtered), Recv-Q,
 * Send-Q, local and peer address:port, Process. Addresses are right-aligned before the colon and
 * ports left-aligned after it, as ss aligns them; the exact padding may differ from ss's.
 */
final class SsRenderer {
  /** What ss assumes when ip_local_port_range cannot be read (misc/ss.c is_ephemeral). */
  static final dev.netdiag.linux.LocalPortRange SS_DEFAULT_EPHEMERAL =
      new dev.netdiag.linux.LocalPortRange(1024, 4999);

  private final SsArgs args;
  private ServicePorts services;
  private dev.netdiag.linux.LocalPortRange ephemeral;
  private InterfaceNames interfaces;
  private SsHostNames hostNames;

  SsRenderer(SsArgs args) {
    this.args = args;
  }

  /**
   * The plain table, streamed: each socket's cells are written as it arrives, so the records need
   * not be kept; with -p the Process column is filled in after the process scan.
   */
  static final class Stream {
    private final SsRenderer renderer;
    private final SsTable table = new SsTable();
    private long[] inodes;

    Stream(SsArgs args) {
      this.renderer = new SsRenderer(args);
      this.inodes = args.processes() ? new long[1024] : null;
    }

    void accept(SocketRecord r) {
      if (inodes != null) {
        int row = table.rows();
        if (row == inodes.length) {
          inodes = java.util.Arrays.copyOf(inodes, row * 2);
        }
        inodes[row] = r.inode();
      }
      renderer.cells(r, table);
    }

    int rows() {
      return table.rows();
    }

    void render(ProcessMap owners, Output out) {
      SsArgs args = renderer.args;
      SsUsers.Cells cells =
          inodes == null ? null : new SsUsers.Cells(owners, inodes, args.threads());
      table.render(
          args.netidColumn(), Integer.bitCount(args.states()) != 1, args.noHeader(), cells, out);
    }
  }

  /** Appends one socket's eight cells to the table (a complete row, its Process column empty). */
  void cells(SocketRecord r, SsTable table) {
    boolean datagram = r.transport() != Transport.TCP && r.transport() != Transport.MPTCP;
    table.ascii(r.transport().netid()).endCell();
    table.ascii(r.state().ssName()).endCell();
    // ss keeps the queues in ints and prints them with %d.
    signed(table, (int) r.receiveQueue()).endCell();
    signed(table, (int) r.sendQueue()).endCell();
    address(r, r.localAddress(), r.interfaceIndex(), table);
    port(r.localPort(), datagram, r.transport(), table);
    address(r, r.remoteAddress(), 0, table);
    port(r.remotePort(), datagram, r.transport(), table);
  }

  private static SsTable signed(SsTable table, int value) {
    return value < 0 ? table.ch('-').number(-(long) value) : table.number(value);
  }

  private void address(SocketRecord r, byte[] address, int ifindex, SsTable table) {
    String host = null;
    if (args.resolve()
        && (r.family() == IpFamily.INET || r.v6only() || !SocketRecord.isWildcard(address))) {
      if (hostNames == null) {
        hostNames = new SsHostNames();
      }
      host = hostNames.name(address);
    }
    if (host != null) {
      // ss brackets a name only when it holds a ':', as it does numeric IPv6 addresses.
      boolean bracket = r.family() == IpFamily.INET6 && host.indexOf(':') >= 0;
      table.text(bracket ? "[" : "").text(host).text(bracket ? "]" : "");
    } else if (r.family() == IpFamily.INET) {
      table.advance(AddressText.writeIpv4(table.reserve(15), table.used(), address, 0));
    } else if (!r.v6only() && SocketRecord.isWildcard(address)) {
      table.ch('*');
    } else {
      table.ch('[');
      table.advance(
          AddressText.writeIpv6(table.reserve(AddressText.MAX_IPV6_TEXT), table.used(), address));
      table.ch(']');
    }
    if (ifindex != 0) {
      if (interfaces == null) {
        interfaces = InterfaceNames.load(Path.of("/sys/class/net"));
      }
      table.ch('%').text(interfaces.name(ifindex));
    }
    table.endCell();
  }

  private void port(int port, boolean datagram, Transport transport, SsTable table) {
    if (port == 0) {
      table.ch('*').endCell();
      return;
    }
    if (!args.numeric()) {
      String name = serviceName(port, datagram, transport);
      if (name != null) {
        table.text(name).endCell();
        return;
      }
    }
    table.number(port).endCell();
  }

  /** The /etc/services (or, for RAW, /etc/protocols) name ss prints for a port, or null. */
  private String serviceName(int port, boolean datagram, Transport transport) {
    if (services == null) {
      services = ServicePorts.load(Path.of("/etc/services"), Path.of("/etc/protocols"));
    }
    if (transport == Transport.RAW) {
      return services.protocol(port);
    }
    // ss names no port the kernel hands out itself: "socks" on a client port is noise.
    if (ephemeral == null) {
      ephemeral = dev.netdiag.linux.LocalPortRange.read(SS_DEFAULT_EPHEMERAL);
    }
    if (ephemeral.contains(port)) {
      return null;
    }
    if (args.events()) {
      // ss -E never sets the protocol its service lookups use: getservbyport(port, NULL).
      return services.nameAnyProtocol(port);
    }
    if (transport == Transport.MPTCP) {
      // ss's MPTCP table keeps the protocol the table before it set (tcp, else udp, else raw:
      // no name), or none at all: getservbyport(port, NULL).
      if (args.transports().contains(Transport.TCP)) {
        return services.name(port, false);
      } else if (args.transports().contains(Transport.UDP)) {
        return services.name(port, true);
      } else if (args.transports().contains(Transport.RAW)) {
        return null;
      }
      return services.nameAnyProtocol(port);
    }
    return services.name(port, datagram);
  }
}
