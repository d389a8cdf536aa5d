package dev.netdiag.cli.ss;

import dev.netdiag.cli.Output;
import dev.netdiag.linux.AddressText;
import dev.netdiag.sockets.IpFamily;
import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.Transport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

  /** One rendered row, its cells as text. */
  record Row(
      String netid,
      String state,
      String recvQ,
      String sendQ,
      String localAddress,
      String localPort,
      String peerAddress,
      String peerPort,
      String process) {

    /** The row as a table line, with -e/-o/-m text after it and -i's second line (or null). */
    SsLine line(String extra, String continuation) {
      return new SsLine(
          netid,
          state,
          recvQ,
          sendQ,
          localAddress,
          ':',
          localPort,
          peerAddress,
          ':',
          peerPort,
          process,
          extra,
          continuation);
    }
  }

  void render(List<SocketRecord> records, ProcessMap owners, Output out) {
    List<SsLine> lines = new ArrayList<>(records.size());
    StringBuilder scratch = new StringBuilder(64);
    for (SocketRecord r : records) {
      lines.add(row(r, owners, scratch).line("", null));
    }
    SsTable.render(
        lines, args.netidColumn(), Integer.bitCount(args.states()) != 1, args.noHeader(), out);
  }

  Row row(SocketRecord r, ProcessMap owners, StringBuilder scratch) {
    boolean datagram = r.transport() != Transport.TCP && r.transport() != Transport.MPTCP;
    String process = args.processes() ? SsUsers.text(owners, r.inode(), args.threads()) : "";
    return new Row(
        r.transport().netid(),
        r.state().ssName(),
        // ss keeps the queues in ints and prints them with %d.
        Integer.toString((int) r.receiveQueue()),
        Integer.toString((int) r.sendQueue()),
        address(r, r.localAddress(), r.interfaceIndex(), scratch),
        port(r.localPort(), datagram, r.transport()),
        address(r, r.remoteAddress(), 0, scratch),
        port(r.remotePort(), datagram, r.transport()),
        process);
  }

  private String address(SocketRecord r, byte[] address, int ifindex, StringBuilder scratch) {
    scratch.setLength(0);
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
      scratch.append(bracket ? "[" : "").append(host).append(bracket ? "]" : "");
    } else if (r.family() == IpFamily.INET) {
      AddressText.appendIpv4(scratch, address, 0);
    } else if (!r.v6only() && SocketRecord.isWildcard(address)) {
      scratch.append('*');
    } else {
      scratch.append('[');
      AddressText.appendIpv6(scratch, address);
      scratch.append(']');
    }
    if (ifindex != 0) {
      if (interfaces == null) {
        interfaces = InterfaceNames.load(Path.of("/sys/class/net"));
      }
      scratch.append('%').append(interfaces.name(ifindex));
    }
    return scratch.toString();
  }

  private String port(int port, boolean datagram, Transport transport) {
    if (port == 0) {
      return "*";
    }
    if (!args.numeric()) {
      if (services == null) {
        services = ServicePorts.load(Path.of("/etc/services"), Path.of("/etc/protocols"));
      }
      String name;
      if (transport == Transport.RAW) {
        name = services.protocol(port);
      } else {
        // ss names no port the kernel hands out itself: "socks" on a client port is noise.
        if (ephemeral == null) {
          ephemeral = dev.netdiag.linux.LocalPortRange.read(SS_DEFAULT_EPHEMERAL);
        }
        if (ephemeral.contains(port)) {
          name = null;
        } else if (args.events()) {
          // ss -E never sets the protocol its service lookups use: getservbyport(port, NULL).
          name = services.nameAnyProtocol(port);
        } else if (transport == Transport.MPTCP) {
          // ss's MPTCP table keeps the protocol the table before it set (tcp, else udp, else raw:
          // no name), or none at all: getservbyport(port, NULL).
          if (args.transports().contains(Transport.TCP)) {
            name = services.name(port, false);
          } else if (args.transports().contains(Transport.UDP)) {
            name = services.name(port, true);
          } else if (args.transports().contains(Transport.RAW)) {
            name = null;
          } else {
            name = services.nameAnyProtocol(port);
          }
        } else {
          name = services.name(port, datagram);
        }
      }
      if (name != null) {
        return name;
      }
    }
    return Integer.toString(port);
  }
}
