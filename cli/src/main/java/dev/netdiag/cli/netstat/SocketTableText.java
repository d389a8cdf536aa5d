package dev.netdiag.cli.netstat;

import dev.netdiag.cli.Output;
import dev.netdiag.linux.AddressText;
import dev.netdiag.sockets.IpFamily;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.SocketState;
import dev.netdiag.sockets.Transport;

/** netstat's "Active Internet connections" table in net-tools 2.10's layout. */
final class SocketTableText {
  private final NetstatArgs args;
  private final AddressNames hosts;
  private final ServiceTable services;
  private final UserNames users;
  private final StringBuilder local = new StringBuilder(64);
  private final StringBuilder remote = new StringBuilder(64);

  /**
   * @param hosts the names without -n; null under -n (the numeric paths never ask for a name)
   */
  SocketTableText(NetstatArgs args, AddressNames hosts, ServiceTable services, UserNames users) {
    this.args = args;
    this.hosts = hosts;
    this.services = services;
    this.users = users;
  }

  void header(Output out) {
    // net-tools asks -a first: with -l too, the title is the -a one (and every row is listed).
    if (args.all()) {
      out.line("Active Internet connections (servers and established)");
    } else if (args.listening()) {
      out.line("Active Internet connections (only servers)");
    } else {
      out.line("Active Internet connections (w/o servers)");
    }
    out.text("Proto Recv-Q Send-Q Local Address           Foreign Address         State      ");
    if (args.extend() > 0) {
      out.text(" User       Inode     ");
    }
    if (args.programs()) {
      out.text(" PID/Program name    ");
    }
    if (args.timers()) {
      out.text(" Timer");
    }
    out.newline();
  }

  /** True when netstat lists a socket in this state under -l / -a / neither. */
  boolean shows(SocketRecord r) {
    boolean server =
        r.transport() == Transport.TCP
            ? r.state() == SocketState.LISTEN
            : r.state() == SocketState.CLOSE;
    return args.all() || (args.listening() ? server : !server);
  }

  /** The Proto column: tcp, tcp6, udp, udp6, udpl, udpl6, raw, raw6. */
  static String proto(SocketRecord r) {
    boolean v6 = r.family() == IpFamily.INET6;
    return switch (r.transport()) {
      case TCP -> v6 ? "tcp6" : "tcp";
      case UDP -> v6 ? "udp6" : "udp";
      case UDPLITE -> v6 ? "udpl6" : "udpl";
      case RAW -> v6 ? "raw6" : "raw";
      case MPTCP -> v6 ? "mptcp6" : "mptcp"; // netstat never asks for MPTCP, DCCP or SCTP
      case DCCP -> v6 ? "dccp6" : "dccp";
      case SCTP -> v6 ? "sctp6" : "sctp";
    };
  }

  /** netstat's Send-Q: /proc/net/tcp's tx_queue, which is 0 for listeners. */
  static long sendQueue(SocketRecord r) {
    // sock_diag reports the backlog limit there instead.
    return r.state() == SocketState.LISTEN ? 0 : r.sendQueue();
  }

  /** A whole row without -p (with -p, {@link HeldRows} adds the program column after the scan). */
  void row(Output out, SocketRecord r) {
    head(out, r);
    if (args.timers()) {
      out.ch(' ').text(timer(r));
    }
    out.newline();
  }

  /** A row up to its PID/Program name column (-p), Timer column (-o) and newline. */
  void head(Output out, SocketRecord r) {
    boolean v6 = r.family() == IpFamily.INET6;
    String proto = proto(r);
    String protocol = r.transport() == Transport.TCP ? "tcp" : "udp";
    out.padRight(proto, 4).text("  ");
    RouteTableText.right(out, r.receiveQueue(), 6).ch(' ');
    RouteTableText.right(out, sendQueue(r), 6).ch(' ');
    if (args.numericHosts() && args.numericPorts()) {
      // -n: both ends as bytes, no StringBuilder per end (100,000 rows at a time here).
      numericEndpoint(out, r.localAddress(), r.localPort(), v6);
      numericEndpoint(out, r.remoteAddress(), r.remotePort(), v6);
    } else {
      endpoint(local, r.localAddress(), r.localPort(), protocol, v6);
      endpoint(remote, r.remoteAddress(), r.remotePort(), protocol, v6);
      out.padRight(local, 23).ch(' ').padRight(remote, 23).ch(' ');
    }
    out.padRight(state(r), 11);
    if (args.extend() > 0) {
      // printf(" %-10s ", user) then printf("%-10lu", inode)
      out.ch(' ').padRight(users.name(Integer.toUnsignedLong(r.uid())), 10).ch(' ');
      out.padRight(Long.toString(r.inode()), 10);
    }
  }

  /** The PID/Program name column, after its separating blank. */
  static void program(Output out, ProgramNames names, long inode) {
    out.ch(' ');
    names.writeCell(out, inode);
  }

  /**
   * net-tools' Timer column: NAME (seconds left/retransmits/probes). inet_diag reports one counter
   * with the timer: retransmits for "on", probes for keepalive and zero-window probes.
   */
  static String timer(SocketRecord r) {
    String seconds = String.format(java.util.Locale.ROOT, "%2.2f", r.expiresMillis() / 1000.0);
    int n = r.retransmits();
    return switch (r.timer()) {
      case OFF -> "off (0.00/" + n + "/0)";
      case ON -> "on (" + seconds + "/" + n + "/0)";
      case KEEPALIVE -> "keepalive (" + seconds + "/0/" + n + ")";
      case TIMEWAIT -> "timewait (" + seconds + "/0/0)";
      case PERSIST -> "probe (" + seconds + "/0/" + n + ")";
      case UNKNOWN -> "unkn-5 (" + seconds + "/" + n + "/0)";
    };
  }

  /**
   * The State column: TCP states with underscores, ESTABLISHED or blank for UDP, the kernel's
   * number for RAW (net-tools prints /proc/net/raw's st field as it is: 7, or 1 connected).
   */
  static String state(SocketRecord r) {
    if (r.transport() == Transport.RAW) {
      return Integer.toString(r.state().code());
    }
    if (r.transport() != Transport.TCP) {
      return r.state() == SocketState.ESTABLISHED ? "ESTABLISHED" : "";
    }
    return r.state().kernelName();
  }

  // "address:port", cut as net-tools cuts it: the address loses its tail so that the whole fits
  // 23 columns (unless -W); a zero port is "*".
  private final byte[] text = new byte[AddressText.MAX_IPV6_TEXT + 8];

  /**
   * An end under -n as {@link #endpoint} makes it (address, ':', port or '*', the address cut so
   * that both fit 22 columns unless -W), written padded to 23 and a blank.
   */
  private void numericEndpoint(Output out, byte[] address, int port, boolean v6) {
    int n;
    if (v6 && AddressText.isV4Mapped(address)) {
      n = AddressText.writeIpv4(text, 0, address, 12);
    } else if (v6) {
      n = AddressText.writeIpv6(text, 0, address);
    } else {
      n = AddressText.writeIpv4(text, 0, address, 0);
    }
    int portLength = port == 0 ? 1 : Output.putDecimal(this.port, 0, port);
    if (!args.wide() && n + portLength > 22) {
      n = Math.max(0, 22 - portLength);
    }
    out.write(text, 0, n);
    out.ch(':');
    if (port == 0) {
      out.ch('*');
    } else {
      out.write(this.port, 0, portLength);
    }
    out.spaces(23 - (n + 1 + portLength)).ch(' ');
  }

  private final byte[] port = new byte[8];

  /**
   * An end as net-tools' addr_do_one makes it: "address:port" ('*' for port 0); without -W, when
   * the two exceed 22 columns the port keeps at most 18 and the address what is left.
   */
  private void endpoint(StringBuilder s, byte[] address, int port, String protocol, boolean v6) {
    s.setLength(0);
    if (args.numericHosts()) {
      if (v6 && AddressText.isV4Mapped(address)) {
        // net-tools prints IPv4-mapped IPv6 addresses in dotted form.
        AddressText.appendIpv4(s, address, 12);
      } else if (v6) {
        AddressText.appendIpv6(s, address);
      } else {
        AddressText.appendIpv4(s, address, 0);
      }
    } else {
      s.append(v6 ? hosts.ipv6(address) : hosts.ipv4(address, 0));
    }
    String portText =
        port == 0
            ? "*"
            : args.numericPorts() ? Integer.toString(port) : services.name(port, protocol);
    if (!args.wide() && s.length() + portText.length() > 22) {
      int portLength = Math.min(portText.length(), 18);
      s.setLength(Math.min(s.length(), 22 - portLength));
      s.append(':').append(portText, 0, portLength);
    } else {
      s.append(':').append(portText);
      // snprintf into the 128-byte buffer: a long name with -W keeps 127 bytes.
      if (s.length() >= AddressNames.NAME_BUFFER) {
        s.setLength(AddressNames.NAME_BUFFER - 1);
      }
    }
  }
}
