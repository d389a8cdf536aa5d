package dev.netdiag.diagnose;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as people type and read them: "3s", "500ms", "1.5s", "2m"; a bare number is seconds.
 */
public final class DurationText {
  private DurationText() {}

  /** Parses a positive duration, or throws with a message naming the bad text. */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long unitNanos;
    String number;
    if (t.endsWith("ms")) {
      unitNanos = 1_000_000L;
      number = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      unitNanos = 1_000_000_000L;
      number = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      unitNanos = 60_000_000_000L;
      number = t.substring(0, t.length() - 1);
    } else {
      unitNanos = 1_000_000_000L;
      number = t;
    }
    // Digits with an optional fraction only: Double.parseDouble would also take "2d", "1e3", "NaN".
    if (!number.matches("[0-9]+(\\.[0-9]+)?|\\.[0-9]+")) {
      throw new IllegalArgumentException("invalid duration '" + text + "' (examples: 3s, 500ms)");
    }
    double value = Double.parseDouble(number);
    if (!(value > 0) || Double.isInfinite(value) || value * unitNanos > 86_400e9) {
      throw new IllegalArgumentException(
          "duration out of range '" + text + "' (more than 0, at most a day)");
    }
    return Duration.ofNanos(Math.round(value * unitNanos));
  }

  /** The shortest readable form: "3s", "500ms", "1.5s". */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    if (millis < 1000) {
      return millis + "ms";
    }
    return String.format(Locale.ROOT, "%.3gs", millis / 1000.0);
  }
}
