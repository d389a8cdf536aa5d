package dev.netdiag.cli.lsof;

import dev.netdiag.linux.AddressText;
import dev.netdiag.linux.NameServiceSwitch;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * lsof's host names for socket addresses without -n (print.c gethostnm): gethostbyaddr through the
 * C library's NSS (/etc/hosts, then DNS as nsswitch.conf says, with resolv.conf's own timeout), the
 * whole h_name; without one, the dotted IPv4 text or the IPv6 text in brackets. Each address is
 * asked once per run, misses included, as lsof's cache keeps them across -r repeats.
 */
final class HostNames {
  private final Map<String, String> cache = new HashMap<>();

  /** The name of the IPv4 address in the four bytes from offset (network order). */
  String ipv4(byte[] a, int offset) {
    return name(Arrays.copyOfRange(a, offset, offset + 4));
  }

  /** The name of an IPv6 address (asked as AF_INET6, 16 bytes). */
  String ipv6(byte[] a) {
    return name(a.clone());
  }

  // The cached name of an address, or its number: dotted IPv4, or IPv6 in brackets, as lsof uses
  // ':' before the port.
  private String name(byte[] address) {
    return cache.computeIfAbsent(
        Arrays.toString(address),
        k -> {
          String name = NameServiceSwitch.hostName(address).orElse(null);
          if (name != null) {
            return name;
          }
          if (address.length == 4) {
            StringBuilder s = new StringBuilder(15);
            AddressText.appendIpv4(s, address, 0);
            return s.toString();
          }
          StringBuilder s = new StringBuilder(AddressText.MAX_IPV6_TEXT + 2).append('[');
          AddressText.appendIpv6(s, address);
          return s.append(']').toString();
        });
  }
}
