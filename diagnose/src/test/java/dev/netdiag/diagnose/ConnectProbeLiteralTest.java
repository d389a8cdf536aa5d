package dev.netdiag.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.netdiag.linux.AddressFamily;
import dev.netdiag.linux.AddressResolver;
import dev.netdiag.linux.NativeException;
import dev.netdiag.linux.Resolution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * probe answers an address literal itself: the same addresses and canonical name as glibc's
 * getaddrinfo gives for it (only numeric hosts here: glibc answers those without any lookup).
 */
class ConnectProbeLiteralTest {
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "127.0.0.1, UNSPEC",
    "127.0.0.1, INET",
    "192.0.2.255, UNSPEC",
    "::1, UNSPEC",
    "::1, INET6",
    "0:0:0:0:0:0:0:1, UNSPEC",
    "::ffff:127.0.0.1, UNSPEC",
    "2001:DB8::a, INET6",
  })
  void answersAsGetaddrinfoDoes(String host, AddressFamily family) throws NativeException {
    Resolution ours = ConnectProbe.literal(host, family);
    Resolution glibc = AddressResolver.resolveNow(host, family);
    assertNotNull(ours);
    assertEquals(glibc.status(), ours.status());
    assertEquals(glibc.addresses(), ours.addresses());
    assertEquals(glibc.canonicalName(), ours.canonicalName());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    // Another family's literal: getaddrinfo's own error.
    "127.0.0.1, INET6",
    "::1, INET",
    // inet_aton's forms, which glibc takes and inet_pton does not.
    "127.1, UNSPEC",
    "0x7f.0.0.1, UNSPEC",
    // A scope, and names.
    "fe80::1%1, UNSPEC",
    "localhost, UNSPEC",
  })
  void leavesTheRestToGetaddrinfo(String host, AddressFamily family) {
    assertNull(ConnectProbe.literal(host, family));
  }
}
