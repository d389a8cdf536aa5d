package dev.netdiag.cli.ss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The number formats ss borrows from printf: %g and print_ms_timer. */
class SsDetailTextTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "0.024, 0.024",
    "204, 204",
    "0.0125, 0.0125",
    "1234567, 1.23457e+06",
    "0.00001, 1e-05",
    "100000, 100000",
    "2.88671875, 2.88672",
    "40, 40",
  })
  void percentG(double value, String expected) {
    assertEquals(expected, SsDetailText.g(value));
  }

  @ParameterizedTest
  @CsvSource({
    "0, ''",
    "476, 476ms",
    "1098, 1.098ms",
    "9501, 9.501ms",
    "13000, 13sec",
    "41234, 41sec",
    "60000, 1min",
    "61500, 1min1sec",
    "7140000, 119min",
  })
  void msTimer(long millis, String expected) {
    StringBuilder b = new StringBuilder();
    SsDetailText.msTimer(b, millis);
    assertEquals(expected, b.toString());
  }

  /**
   * kernel TLS's part of the ULP text, which no loopback socket here carries (ss 6.1's tcp_tls_*
   * formats): version, cipher, rxconf before txconf, zc_ro_tx; unknown values as ss words them.
   */
  @org.junit.jupiter.api.Test
  void tlsUlpText() {
    long[] tls = new long[16];
    tls[dev.netdiag.sockets.UlpInfo.TLS_VERSION] = 0x0304;
    tls[dev.netdiag.sockets.UlpInfo.TLS_CIPHER] = 52;
    tls[dev.netdiag.sockets.UlpInfo.TLS_TXCONF] = 2;
    tls[dev.netdiag.sockets.UlpInfo.TLS_RXCONF] = 9;
    tls[dev.netdiag.sockets.UlpInfo.TLS_ZC_RO_TX] = 1;
    StringBuilder b = new StringBuilder();
    SsDetailText.ulp(b, new dev.netdiag.sockets.UlpInfo("tls", tls, 0b111110, null, 0));
    assertEquals(
        " tcp-ulp-tls version: 1.3 cipher: aes-gcm-256 rxconf: unknown(9) txconf: sw zc_ro_tx",
        b.toString());
    StringBuilder partial = new StringBuilder();
    SsDetailText.ulp(partial, new dev.netdiag.sockets.UlpInfo("tls", tls, 0b000010, null, 0));
    assertEquals(" tcp-ulp-tls version: 1.3", partial.toString());
  }
}
