package dev.netdiag.cli.lsof;

import dev.netdiag.cli.netstat.ServiceTable;
import dev.netdiag.linux.AddressText;
import dev.netdiag.sockets.IpFamily;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.Transport;
import java.nio.file.Path;

/**
 * lsof's NAME for an inet socket: {@code local->remote (STATE)}, IPv6 numbers in brackets, `*` for
 * a wildcard address or port; host names through the C library unless -n ({@link HostNames}),
 * service names from /etc/services unless -P.
 */
final class EndpointText {
  private final boolean numericPorts;
  private final HostNames hosts;
  private final ServiceTable services;
  private final String tcpInfo;

  /**
   * @param hosts the run's host names; null under -n (and where no name is printed)
   * @param tcpInfo the -T letters: s (TCP state, the default), q (queue lengths), f (no flags on
   *     Linux, but it keeps the separator)
   */
  EndpointText(HostNames hosts, boolean numericPorts, Path etc, String tcpInfo) {
    this.numericPorts = numericPorts;
    this.tcpInfo = tcpInfo;
    this.hosts = hosts;
    this.services = numericPorts ? null : ServiceTable.load(etc);
  }

  String name(SocketRecord r) {
    StringBuilder s = new StringBuilder(64);
    String protocol = r.transport() == Transport.TCP ? "tcp" : "udp";
    boolean v6 = r.family() == IpFamily.INET6;
    end(s, r.localAddress(), r.localPort(), protocol, v6);
    boolean connected = !SocketRecord.isWildcard(r.remoteAddress()) || r.remotePort() != 0;
    if (connected) {
      s.append("->");
      end(s, r.remoteAddress(), r.remotePort(), protocol, v6);
    }
    int before = s.length();
    boolean tcp = r.transport() == Transport.TCP;
    if (tcp && tcpInfo.indexOf('s') >= 0) {
      s.append(" (").append(TcpStateNames.name(r.state()));
    }
    if (tcpInfo.indexOf('q') >= 0) {
      s.append(s.length() == before ? " (" : " ");
      s.append("QR=").append(r.receiveQueue()).append(" QS=").append(sendQueue(r));
    }
    if (s.length() > before) {
      s.append(')');
    } else if (!tcpInfo.isEmpty()) {
      // lsof leaves the separator when it asked for TCP info and had none to print (UDP's state).
      s.append(' ');
    }
    return s.toString();
  }

  /** The send queue as /proc/net shows it (lsof's QS): 0 for listeners, not their backlog. */
  static long sendQueue(SocketRecord r) {
    return r.state() == dev.netdiag.sockets.SocketState.LISTEN ? 0 : r.sendQueue();
  }

  private void end(StringBuilder s, byte[] a, int port, String protocol, boolean v6) {
    // lsof takes an IPv4-mapped address as IPv4 first, so ::ffff:0.0.0.0 is INADDR_ANY: "*".
    if (SocketRecord.isWildcard(a) || (v6 && AddressText.isV4Mapped(a) && zeroFrom(a, 12))) {
      s.append('*');
    } else if (hosts == null) {
      // -n: the address as it is, straight into the name.
      if (v6 && AddressText.isV4Mapped(a)) {
        AddressText.appendIpv4(s, a, 12);
      } else if (v6) {
        AddressText.appendIpv6(s.append('['), a);
        s.append(']');
      } else {
        AddressText.appendIpv4(s, a, 0);
      }
    } else if (v6 && AddressText.isV4Mapped(a)) {
      // lsof takes an IPv4-mapped IPv6 socket as AF_INET: asked and printed as IPv4.
      s.append(hosts.ipv4(a, 12));
    } else if (v6) {
      s.append(hosts.ipv6(a));
    } else {
      s.append(hosts.ipv4(a, 0));
    }
    s.append(':');
    if (port == 0) {
      s.append('*');
    } else if (services == null) {
      s.append(port);
    } else {
      s.append(services.name(port, protocol));
    }
  }

  private static boolean zeroFrom(byte[] a, int from) {
    for (int i = from; i < a.length; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
