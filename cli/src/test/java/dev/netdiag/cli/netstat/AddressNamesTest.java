package dev.netdiag.cli.netstat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The answers net-tools gives without asking anyone (wildcards, the default route, the IPv6
 * unspecified address) and its fix_v4_address cut; the lookups themselves are compared with
 * net-tools in {@link NetstatReverseDnsTest}.
 */
class AddressNamesTest {
  private static final byte[] ANY = new byte[4];

  @Test
  void wildcardsAreNeverAsked() {
    AddressNames names = new AddressNames();
    assertEquals("0.0.0.0", names.ipv4(ANY, 0));
    assertEquals("0.0.0.0", names.ipv4(new byte[] {1, 2, 0, 0, 0, 0}, 2));
    assertEquals("0.0.0.0", names.gateway(ANY));
    assertEquals("[::]", names.ipv6(new byte[16]));
  }

  @Test
  void zeroDestinationIsDefaultOnlyWithAZeroMask() {
    AddressNames names = new AddressNames();
    assertEquals("default", names.destination(ANY, ANY, false));
    assertEquals("default", names.destination(ANY, ANY, true));
    assertEquals("0.0.0.0", names.destination(ANY, new byte[] {(byte) 128, 0, 0, 0}, false));
  }

  @ParameterizedTest
  @CsvSource({
    "::ffff:127.61.1.4, 127.61.1.4",
    "r61-mapped.rdns.test, r61-mapped.rdns.test",
    "dotless, dotless",
    "a:b.c:d, b.c:d",
  })
  void mappedTextKeepsWhatFollowsTheLastColonBeforeTheFirstDot(String text, String shown) {
    assertEquals(shown, AddressNames.fixV4(text));
  }
}
