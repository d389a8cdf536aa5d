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
}
