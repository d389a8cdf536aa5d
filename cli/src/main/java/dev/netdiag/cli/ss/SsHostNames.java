package dev.netdiag.cli.ss;

import dev.netdiag.linux.AddressText;
import dev.netdiag.linux.NameServiceSwitch;
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
    if (AddressText.isV4Mapped(address)) {
      asked = Arrays.copyOfRange(address, 12, 16);
    }
    byte[] key = asked;
    return cache
        .computeIfAbsent(Arrays.toString(key), k -> NameServiceSwitch.hostName(key))
        .orElse(null);
  }
}
