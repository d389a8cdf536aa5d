package dev.netdiag.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {
  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource({"3, 3000", "3s, 3000", "500ms, 500", "1.5s, 1500", "2m, 120000", "0.25, 250"})
  void parses(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), DurationText.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0", "-1s", "abc", "NaN", "Infinity", "2d", "100000m"})
  void rejects(String text) {
    assertThrows(IllegalArgumentException.class, () -> DurationText.parse(text));
  }

  @ParameterizedTest(name = "{0} ms -> {1}")
  @CsvSource({"3000, 3s", "500, 500ms", "1500, 1.50s", "60000, 60s"})
  void formats(long millis, String text) {
    assertEquals(text, DurationText.format(Duration.ofMillis(millis)));
  }
}
