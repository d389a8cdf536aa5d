package dev.netdiag.sockets;

/**
 * ss's filter expression applied to UNIX, PACKET and NETLINK sockets, which have no inet addresses
 * or ports: ss's run_ssfilter over the struct sockstat it fills for them. Their "ports" are numbers
 * of their own (a UNIX socket's inode and its peer's, a NETLINK socket's port id and -1, a PACKET
 * socket's interface index and 0), so port conditions compare those; an address condition compares
 * the first words of the socket's address data (zero, or a NETLINK or PACKET socket's protocol
 * number in host order; a bound UNIX socket's holds a pointer to its name, which no address with a
 * prefix matches); a UNIX name pattern matches the bound name (the peer's side is empty) with
 * fnmatch(3) rules.
 */
public final class OtherFamilyFilter {
  private OtherFamilyFilter() {}

  /**
   * What run_ssfilter reads of one socket.
   *
   * @param localPort ss's lport
   * @param remotePort ss's rport
   * @param word the first 32-bit word of the local address data, in host order
   * @param named a UNIX socket with a bound name: its address data is a pointer
   * @param name the UNIX name ("" when unbound), null for other families
   * @param interfaceIndex ss's iface
   * @param autobound ss's SSF_S_AUTO test for the family
   */
  private record Stat(
      long localPort,
      long remotePort,
      int word,
      boolean named,
      String name,
      int interfaceIndex,
      boolean autobound) {}

  /** True when the UNIX socket passes. */
  public static boolean matchesUnix(SocketFilter filter, UnixSocketRecord record) {
    return matchesUnix(filter, record.name(), record.inode(), record.peerInode());
  }

  /**
   * True when a UNIX socket with this bound name (null when unbound), inode and peer inode (0 for
   * none) passes.
   */
  static boolean matchesUnix(SocketFilter filter, String boundName, long inode, long peerInode) {
    String name = boundName == null ? "" : boundName;
    // ss: an unbound UNIX socket, or one the kernel autobound to "@" and five hex digits.
    boolean auto = name.isEmpty() || isAutobindName(name);
    return matches(
        filter, new Stat((int) inode, (int) peerInode, 0, !name.isEmpty(), name, 0, auto));
  }

  /** True when the NETLINK socket (its protocol and port id) passes. */
  public static boolean matchesNetlink(SocketFilter filter, int protocol, int portId) {
    return matches(filter, new Stat(portId, -1, protocol, false, null, 0, portId < 0));
  }

  /** True when the PACKET socket (its protocol, host order, and bound interface) passes. */
  public static boolean matchesPacket(SocketFilter filter, int protocol, int interfaceIndex) {
    return matches(
        filter,
        new Stat(
            interfaceIndex,
            0,
            protocol,
            false,
            null,
            interfaceIndex,
            interfaceIndex == 0 && protocol == 0));
  }

  private static boolean matches(SocketFilter filter, Stat s) {
    return switch (filter) {
      case SocketFilter.All all -> true;
      case SocketFilter.And and -> matches(and.left(), s) && matches(and.right(), s);
      case SocketFilter.Or or -> matches(or.left(), s) || matches(or.right(), s);
      case SocketFilter.Not not -> !matches(not.operand(), s);
      case SocketFilter.PortCompare port ->
          port.holdsFor(port.side() == SocketFilter.Side.SOURCE ? s.localPort() : s.remotePort());
      case SocketFilter.HostMatch host -> {
        boolean source = host.side() == SocketFilter.Side.SOURCE;
        if (host.port() != -1 && host.port() != (source ? s.localPort() : s.remotePort())) {
          yield false;
        }
        if (host.address() == null || host.prefixLength() == 0) {
          yield true;
        }
        if (source && s.named()) {
          yield false;
        }
        yield prefixMatches(host.address(), host.prefixLength(), source ? s.word() : 0);
      }
      // ss leaves a non-inet socket's mark and cgroup id at 0.
      case SocketFilter.Device device -> device.interfaceIndex() == s.interfaceIndex();
      case SocketFilter.Mark mark -> mark.mark() == 0;
      case SocketFilter.Cgroup cgroup -> cgroup.id() == 0;
      case SocketFilter.VsockHost vsock -> false;
      case SocketFilter.Autobound auto -> s.autobound();
      case SocketFilter.UnixName unix ->
          // ss keeps no peer name for a UNIX socket: a dst pattern is matched against "".
          s.name() != null
              && glob(unix.pattern(), unix.side() == SocketFilter.Side.SOURCE ? s.name() : "");
    };
  }

  /**
   * inet_addr_match of an address (network order) against address data whose first word is {@code
   * word} (host order, little-endian here) and whose other words are 0.
   */
  private static boolean prefixMatches(byte[] address, int prefixLength, int word) {
    byte[] data = new byte[address.length];
    if (data.length >= 4) {
      java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.nativeOrder()).putInt(0, word);
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full && i < data.length; i++) {
      if (address[i] != data[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest != 0 && full < data.length) {
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (data[full] & mask);
    }
    return true;
  }

  /**
   * ss's run_ssfilter for an AF_VSOCK socket: port conditions compare its ports, an address never
   * matches (only `*`, with or without a port), autobound means a port above 1023, and it has no
   * device, mark or cgroup.
   */
  public static boolean matchesVsock(SocketFilter filter, long localPort, long peerPort) {
    return matchesVsock(filter, VsockSocketRecord.ANY, localPort, VsockSocketRecord.ANY, peerPort);
  }

  /** {@link #matchesVsock(SocketFilter, long, long)} with the context ids for vsock: conditions. */
  public static boolean matchesVsock(
      SocketFilter filter, long localCid, long localPort, long peerCid, long peerPort) {
    long[] ends = {localCid, localPort, peerCid, peerPort};
    return matchesNumbered(filter, localPort, peerPort, 0, ends);
  }

  /**
   * ss's run_ssfilter for an AF_XDP socket: its "port" is the bound queue (peer port 0), its device
   * the bound interface, autobound the queue number in the local port range.
   */
  public static boolean matchesXdp(SocketFilter filter, long queue, int interfaceIndex) {
    return matchesNumbered(filter, queue, 0, interfaceIndex, null);
  }

  /** {@code vsock}: a VSOCK socket's local cid, port, peer cid, port; null for XDP. */
  private static boolean matchesNumbered(
      SocketFilter filter, long localPort, long peerPort, int interfaceIndex, long[] vsock) {
    return switch (filter) {
      case SocketFilter.All all -> true;
      case SocketFilter.And and ->
          matchesNumbered(and.left(), localPort, peerPort, interfaceIndex, vsock)
              && matchesNumbered(and.right(), localPort, peerPort, interfaceIndex, vsock);
      case SocketFilter.Or or ->
          matchesNumbered(or.left(), localPort, peerPort, interfaceIndex, vsock)
              || matchesNumbered(or.right(), localPort, peerPort, interfaceIndex, vsock);
      case SocketFilter.Not not ->
          !matchesNumbered(not.operand(), localPort, peerPort, interfaceIndex, vsock);
      case SocketFilter.PortCompare port ->
          port.holdsFor(port.side() == SocketFilter.Side.SOURCE ? localPort : peerPort);
      case SocketFilter.HostMatch host -> {
        long actual = host.side() == SocketFilter.Side.SOURCE ? localPort : peerPort;
        yield host.address() == null && (host.port() == -1 || host.port() == actual);
      }
      case SocketFilter.Device device -> device.interfaceIndex() == interfaceIndex;
      case SocketFilter.Mark mark -> mark.mark() == 0;
      case SocketFilter.Cgroup cgroup -> false;
      case SocketFilter.Autobound auto ->
          vsock != null ? localPort > 1023 : localPort >= auto.low() && localPort <= auto.high();
      case SocketFilter.UnixName unix -> false;
      case SocketFilter.VsockHost host -> {
        // ss's SCOND/DCOND: the port when given, then the 32 bits of the cid when given.
        boolean source = host.side() == SocketFilter.Side.SOURCE;
        long port = source ? localPort : peerPort;
        if (host.port() >= 0 && host.port() != port) {
          yield false;
        }
        if (host.cid() < 0) {
          yield true;
        }
        yield vsock != null && host.cid() == (source ? vsock[0] : vsock[2]);
      }
    };
  }

  private static boolean isAutobindName(String name) {
    if (name.length() != 6 || name.charAt(0) != '@') {
      return false;
    }
    for (int i = 1; i < 6; i++) {
      if (Character.digit(name.charAt(i), 16) < 0 || Character.isUpperCase(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** fnmatch(3) without flags: {@code *}, {@code ?}, {@code [...]} with ranges and {@code !}. */
  static boolean glob(String pattern, String text) {
    return glob(pattern, 0, text, 0);
  }

  private static boolean glob(String p, int pi, String t, int ti) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      switch (c) {
        case '*' -> {
          while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
          }
          if (pi == p.length()) {
            return true;
          }
          for (int k = ti; k <= t.length(); k++) {
            if (glob(p, pi, t, k)) {
              return true;
            }
          }
          return false;
        }
        case '?' -> {
          if (ti >= t.length()) {
            return false;
          }
          pi++;
          ti++;
        }
        case '[' -> {
          int end = classEnd(p, pi);
          if (end < 0) {
            if (ti >= t.length() || t.charAt(ti) != '[') {
              return false;
            }
            pi++;
            ti++;
          } else {
            if (ti >= t.length() || !inClass(p, pi + 1, end, t.charAt(ti))) {
              return false;
            }
            pi = end + 1;
            ti++;
          }
        }
        case '\\' -> {
          if (pi + 1 < p.length()) {
            pi++;
            c = p.charAt(pi);
          }
          if (ti >= t.length() || t.charAt(ti) != c) {
            return false;
          }
          pi++;
          ti++;
        }
        default -> {
          if (ti >= t.length() || t.charAt(ti) != c) {
            return false;
          }
          pi++;
          ti++;
        }
      }
    }
    return ti == t.length();
  }

  /** The index of the ']' closing the class opened at {@code open}, or -1. */
  private static int classEnd(String p, int open) {
    int i = open + 1;
    if (i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
      i++;
    }
    if (i < p.length() && p.charAt(i) == ']') {
      i++;
    }
    while (i < p.length() && p.charAt(i) != ']') {
      i++;
    }
    return i < p.length() ? i : -1;
  }

  private static boolean inClass(String p, int from, int end, char c) {
    boolean negate = p.charAt(from) == '!' || p.charAt(from) == '^';
    int i = negate ? from + 1 : from;
    boolean found = false;
    while (i < end) {
      char lo = p.charAt(i);
      if (i + 2 < end && p.charAt(i + 1) == '-') {
        if (c >= lo && c <= p.charAt(i + 2)) {
          found = true;
        }
        i += 3;
      } else {
        if (c == lo) {
          found = true;
        }
        i++;
      }
    }
    return found != negate;
  }
}
