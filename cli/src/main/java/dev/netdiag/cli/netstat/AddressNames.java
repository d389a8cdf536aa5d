package dev.netdiag.cli.netstat;

import dev.netdiag.linux.AddressText;
import dev.netdiag.linux.NameServiceSwitch;
import dev.netdiag.linux.NativeException;
import dev.netdiag.linux.NetworkEntry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * netstat's names for addresses without -n, asked as net-tools 2.10 asks (lib/inet.c INET_rresolve,
 * lib/inet6.c INET6_rresolve): gethostbyaddr or getnetbyaddr through the C library's NSS, so
 * /etc/hosts, /etc/networks and DNS (with resolv.conf's own timeout) answer as they answer
 * net-tools. Each distinct question is asked once per run, misses included; a run with -n never
 * builds one.
 */
final class AddressNames {
  /** AF_INET (sys/socket.h), getnetbyaddr's type. */
  private static final int AF_INET = 2;

  /** net-tools copies names into 128-byte buffers (safe_strncpy, getnameinfo's hostlen). */
  static final int NAME_BUFFER = 128;

  /**
   * INET_sprint's netmask, the int 0xffffff00, laid out in memory as the C code compares it with
   * s_addr (which is in network order): on a little-endian machine the "host bits" it tests are the
   * first octet's, not the last one's.
   */
  private static final byte[] SOCKET_MASK =
      ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0xffffff00).array();

  // INET_nn: one entry per (address, host-or-network) question; IPv6 one per address.
  private final Map<Long, String> ipv4 = new HashMap<>();
  private final Map<Ipv6Key, String> ipv6 = new HashMap<>();

  private record Ipv6Key(long high, long low) {}

  /**
   * A socket end's or a multicast group's IPv4 address (INET_sprint): "0.0.0.0" for INADDR_ANY,
   * else the host name, or the network name when the first octet is zero, or the dotted text.
   *
   * @param a the address bytes, network order, from offset
   */
  String ipv4(byte[] a, int offset) {
    return rresolve(a, offset, SOCKET_MASK, false, false);
  }

  /** A route's gateway (INET_sprint with the host flag): always a host question. */
  String gateway(byte[] a) {
    return rresolve(a, 0, SOCKET_MASK, true, false);
  }

  /**
   * A route's destination (INET_sprintmask with its genmask): "default" for 0.0.0.0/0, a host
   * question for a host route or an address with bits outside the mask, else a network one.
   */
  String destination(byte[] a, byte[] mask, boolean hostRoute) {
    return rresolve(a, 0, mask, hostRoute, true);
  }

  private String rresolve(
      byte[] a, int offset, byte[] mask, boolean hostFlag, boolean defaultName) {
    int address =
        (a[offset] & 0xff) << 24
            | (a[offset + 1] & 0xff) << 16
            | (a[offset + 2] & 0xff) << 8
            | (a[offset + 3] & 0xff);
    if (address == 0) {
      // INADDR_ANY is never asked: "default"/"*" for 0.0.0.0/0, the number otherwise.
      if (isZero(mask)) {
        return defaultName ? "default" : "*";
      }
      return "0.0.0.0";
    }
    boolean host = hostFlag;
    for (int i = 0; i < 4; i++) {
      if ((a[offset + i] & ~mask[i]) != 0) {
        host = true;
      }
    }
    long key = (address & 0xffffffffL) | (host ? 1L << 32 : 0);
    String cached = ipv4.get(key);
    if (cached != null) {
      return cached;
    }
    byte[] raw = {a[offset], a[offset + 1], a[offset + 2], a[offset + 3]};
    Optional<String> found = host ? NameServiceSwitch.hostName(raw) : networkName(address);
    // safe_strncpy into the 128-byte buffer keeps 127 bytes of a longer name.
    String name =
        found
            .map(n -> n.length() >= NAME_BUFFER ? n.substring(0, NAME_BUFFER - 1) : n)
            .orElseGet(() -> dotted(raw));
    ipv4.put(key, name);
    return name;
  }

  /**
   * An IPv6 address (INET6_sprint): "[::]" when unspecified, else the name getnameinfo gives (the
   * hosts database by address, flags 0), else the text; an IPv4-mapped address is cut to what
   * follows the last ':' before its first '.' (fix_v4_address), so its text reads dotted.
   */
  String ipv6(byte[] a) {
    if (isZero(a)) {
      return "[::]";
    }
    Ipv6Key key =
        new Ipv6Key(ByteBuffer.wrap(a, 0, 8).getLong(), ByteBuffer.wrap(a, 8, 8).getLong());
    String cached = ipv6.get(key);
    if (cached != null) {
      return cached;
    }
    // glibc's getnameinfo answers EAI_OVERFLOW for a name that does not fit hostlen with its
    // NUL; net-tools then prints the number.
    String name =
        NameServiceSwitch.hostName(a.clone())
            .filter(n -> n.length() < NAME_BUFFER)
            .orElseGet(
                () -> {
                  StringBuilder s = new StringBuilder(AddressText.MAX_IPV6_TEXT);
                  AddressText.appendIpv6(s, a);
                  return s.toString();
                });
    if (AddressText.isV4Mapped(a)) {
      name = fixV4(name);
    }
    ipv6.put(key, name);
    return name;
  }

  /**
   * fix_v4_address: an IPv4-mapped address's text from what follows the last ':' before its first
   * '.'.
   */
  static String fixV4(String name) {
    int dot = name.indexOf('.');
    if (dot < 0) {
      return name;
    }
    int colon = name.lastIndexOf(':', dot);
    return colon < 0 ? name : name.substring(colon + 1);
  }

  private static Optional<String> networkName(int network) {
    try {
      return NameServiceSwitch.networkByNumber(network, AF_INET).map(NetworkEntry::name);
    } catch (NativeException e) {
      return Optional.empty();
    }
  }

  private static String dotted(byte[] a) {
    StringBuilder s = new StringBuilder(15);
    AddressText.appendIpv4(s, a, 0);
    return s.toString();
  }

  private static boolean isZero(byte[] a) {
    for (byte b : a) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
