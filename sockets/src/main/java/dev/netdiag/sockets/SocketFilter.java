package dev.netdiag.sockets;

import dev.netdiag.linux.AddressText;

/**
 * A filter over inet sockets: the AST of ss's expression language. {@link #matches} is the Java
 * evaluator used for the /proc source; the netlink source compiles the same tree for the kernel.
 */
public sealed interface SocketFilter {
  /** No filter. */
  SocketFilter ALL = new All();

  /** True when the socket passes. */
  boolean matches(SocketRecord record);

  /** Which end of the connection a condition is about. */
  enum Side {
    SOURCE,
    DESTINATION
  }

  /** Comparison operators of sport/dport. */
  enum Comparison {
    EQ,
    NE,
    LT,
    GT,
    LE,
    GE
  }

  /** Matches everything. */
  record All() implements SocketFilter {
    @Override
    public boolean matches(SocketRecord record) {
      return true;
    }
  }

  /** Both sides must match. */
  record And(SocketFilter left, SocketFilter right) implements SocketFilter {
    @Override
    public boolean matches(SocketRecord record) {
      return left.matches(record) && right.matches(record);
    }
  }

  /** Either side must match. */
  record Or(SocketFilter left, SocketFilter right) implements SocketFilter {
    @Override
    public boolean matches(SocketRecord record) {
      return left.matches(record) || right.matches(record);
    }
  }

  /** The operand must not match. */
  record Not(SocketFilter operand) implements SocketFilter {
    @Override
    public boolean matches(SocketRecord record) {
      return !operand.matches(record);
    }
  }

  /** sport/dport compared with a number. */
  record PortCompare(Side side, Comparison comparison, int port) implements SocketFilter {
    @Override
    public boolean matches(SocketRecord record) {
      return holdsFor(side == Side.SOURCE ? record.localPort() : record.remotePort());
    }

    /** Whether the comparison holds for this port (or a family's other number in its place). */
    public boolean holdsFor(long actual) {
      return switch (comparison) {
        case EQ -> actual == port;
        case NE -> actual != port;
        case LT -> actual < port;
        case GT -> actual > port;
        case LE -> actual <= port;
        case GE -> actual >= port;
      };
    }
  }

  /**
   * src/dst HOST[/PREFIX][:PORT]: address bytes with a prefix length (0 = any address of the
   * family; a null address = any family), and a port (-1 = any). The address is compared as ss's
   * run_ssfilter compares it: the prefix's bits against the socket's address data whatever its
   * family (an IPv4 address followed by zeros), so "0.0.0.0" also matches an IPv6 address whose
   * first 32 bits are 0; an IPv4 condition then also tries the IPv4 part of a v4-mapped address.
   * (The kernel's program, which ss sends too, does check families.)
   */
  record HostMatch(Side side, byte[] address, int prefixLength, int port) implements SocketFilter {
    @Override
    public boolean matches(SocketRecord record) {
      byte[] actual = side == Side.SOURCE ? record.localAddress() : record.remoteAddress();
      int actualPort = side == Side.SOURCE ? record.localPort() : record.remotePort();
      if (port != -1 && actualPort != port) {
        return false;
      }
      if (address == null) {
        return true;
      }
      if (prefixMatches(address, prefixLength, actual)) {
        return true;
      }
      // An IPv4 condition also matches a dual-stack socket's ::ffff:a.b.c.d, as in ss.
      return address.length == 4
          && actual.length == 16
          && AddressText.isV4Mapped(actual)
          && prefixMatches(address, prefixLength, java.util.Arrays.copyOfRange(actual, 12, 16));
    }

    /** inet_addr_match: the first {@code bits} bits equal, each side read past its end as 0. */
    private static boolean prefixMatches(byte[] address, int bits, byte[] actual) {
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (byteAt(address, i) != byteAt(actual, i)) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest != 0) {
        int mask = (0xff << (8 - rest)) & 0xff;
        return (byteAt(address, full) & mask) == (byteAt(actual, full) & mask);
      }
      return true;
    }

    private static int byteAt(byte[] bytes, int i) {
      return i < bytes.length ? bytes[i] & 0xff : 0;
    }
  }

  /**
   * src/dst with a UNIX name pattern (a path or {@code @abstract}, shell wildcards as fnmatch(3)):
   * ss's condition for AF_UNIX sockets. An inet socket never matches it; see {@link
   * OtherFamilyFilter} for UNIX sockets.
   */
  record UnixName(Side side, String pattern) implements SocketFilter {
    @Override
    public boolean matches(SocketRecord record) {
      return false;
    }
  }

  /** dev NAME|INDEX: the socket's bound interface. */
  record Device(int interfaceIndex) implements SocketFilter {
    @Override
    public boolean matches(SocketRecord record) {
      return record.interfaceIndex() == interfaceIndex;
    }
  }

  /**
   * fwmark MARK[/MASK]: {@code (socket mark & mask) == mark}, both unsigned 32-bit values held in
   * ints. A socket whose mark the kernel does not report (TIME-WAIT, request sockets, /proc) has
   * mark 0, as in ss.
   */
  record Mark(int mark, int mask) implements SocketFilter {
    @Override
    public boolean matches(SocketRecord record) {
      return (record.mark() & mask) == mark;
    }
  }

  /**
   * autobound: the local port was chosen by the kernel. ss's own test, used here, is whether the
   * port lies in net.ipv4.ip_local_port_range ({@code low..high}, read when the filter is parsed);
   * the kernel's (INET_DIAG_BC_AUTO) is whether bind(2) did not lock the port. With sock_diag both
   * apply, as in ss.
   */
  record Autobound(int low, int high) implements SocketFilter {
    @Override
    public boolean matches(SocketRecord record) {
      return record.localPort() >= low && record.localPort() <= high;
    }
  }

  /**
   * cgroup PATH: the socket's cgroup v2 id (INET_DIAG_CGROUP_ID) equals the id PATH resolved to. A
   * socket without one (TIME-WAIT and request sockets, the /proc source, other families) has id 0,
   * which no cgroup has, as in ss.
   */
  record Cgroup(long id) implements SocketFilter {
    @Override
    public boolean matches(SocketRecord record) {
      return record.cgroupId() == id;
    }
  }

  /**
   * src/dst vsock:CID[:PORT] (or a vsock address read in the preferred family -f vsock): ss's
   * AF_VSOCK host condition, {@code cid} and {@code port} -1 for any. An inet socket never matches
   * it; see {@link OtherFamilyFilter#matchesVsock} for VSOCK sockets.
   */
  record VsockHost(Side side, long cid, long port) implements SocketFilter {
    @Override
    public boolean matches(SocketRecord record) {
      return false;
    }
  }
}
