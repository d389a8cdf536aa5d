package dev.netdiag.sockets;

/**
 * ss's filter expression applied to UNIX, PACKET and NETLINK sockets, which have no inet addresses
 * or ports: port conditions and inet address conditions do not match them (as in ss, where {@code
 * sport = :22} hides every UNIX socket), and a UNIX name pattern matches the bound name with
 * fnmatch(3) rules (an unbound socket's name is empty).
 */
public final class OtherFamilyFilter {
  private OtherFamilyFilter() {}

  /**
   * True when a socket with this local name passes.
   *
   * @param name the UNIX name, null when unbound or not a UNIX socket
   */
  public static boolean matches(SocketFilter filter, String name) {
    return switch (filter) {
      case SocketFilter.All all -> true;
      case SocketFilter.And and -> matches(and.left(), name) && matches(and.right(), name);
      case SocketFilter.Or or -> matches(or.left(), name) || matches(or.right(), name);
      case SocketFilter.Not not -> !matches(not.operand(), name);
      case SocketFilter.PortCompare port -> false;
      case SocketFilter.HostMatch host -> host.address() == null && host.port() < 0;
      // ss leaves a non-inet socket's interface and mark at 0.
      case SocketFilter.Device device -> device.interfaceIndex() == 0;
      case SocketFilter.Mark mark -> mark.mark() == 0;
      case SocketFilter.Cgroup cgroup -> false; // ss reads their cgroup id as 0
      case SocketFilter.VsockHost vsock -> false;
      // ss: an unbound UNIX socket, or one the kernel autobound to "@" and five hex digits.
      case SocketFilter.Autobound auto -> name == null || name.isEmpty() || isAutobindName(name);
      case SocketFilter.UnixName unix ->
          // ss keeps only the local name of a UNIX socket; a dst pattern has nothing to match.
          unix.side() == SocketFilter.Side.SOURCE && glob(unix.pattern(), name == null ? "" : name);
    };
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
      case SocketFilter.PortCompare port -> {
        long actual = port.side() == SocketFilter.Side.SOURCE ? localPort : peerPort;
        yield switch (port.comparison()) {
          case EQ -> actual == port.port();
          case NE -> actual != port.port();
          case LT -> actual < port.port();
          case GT -> actual > port.port();
          case LE -> actual <= port.port();
          case GE -> actual >= port.port();
        };
      }
      case SocketFilter.HostMatch host -> {
        long actual = host.side() == SocketFilter.Side.SOURCE ? localPort : peerPort;
        yield host.address() == null && (host.port() < 0 || host.port() == actual);
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
