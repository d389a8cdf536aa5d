package dev.netdiag.cli.ss;

import dev.netdiag.linux.HostEntry;
import dev.netdiag.linux.NameServiceSwitch;
import dev.netdiag.linux.NativeException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * ss -r's host names (lib/utils.c resolve_address): gethostbyaddr through NSS, as applications
 * resolve, a v4-mapped IPv6 address asked as IPv4, each address asked once (misses remembered).
 */
final class SsHostNames {
  private final Map<String, Optional<String>> cache = new HashMap<>();

  /** The address's host name, or null when the resolver has none. */
  String name(byte[] address) {
    byte[] asked = address;
    if (address.length == 16 && isMapped(address)) {
      asked = Arrays.copyOfRange(address, 12, 16);
    }
    byte[] key = asked;
    return cache.computeIfAbsent(Arrays.toString(key), k -> lookup(key)).orElse(null);
  }

  private static Optional<String> lookup(byte[] address) {
    try {
      return NameServiceSwitch.hostByAddress(address).map(HostEntry::name);
    } catch (NativeException e) {
      return Optional.empty();
    }
  }

  private static boolean isMapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
  }
}
