package dev.netdiag.testkit;

import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test, with the reason shown in the report, when the machine lacks what it needs: root, a
 * program, network namespaces.
 */
public final class Requires {
  private Requires() {}

  /** True when the tests run as uid 0. */
  public static boolean root() {
    return "root".equals(System.getProperty("user.name")) || uid() == 0;
  }

  private static long uid() {
    try {
      Object uid =
          java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid");
      return ((Number) uid).longValue();
    } catch (Exception e) {
      return -1;
    }
  }

  /** Skips unless root; {@code why} says what needs it. */
  public static void assumeRoot(String why) {
    Assumptions.assumeTrue(root(), () -> "skipped: needs root (" + why + ")");
  }

  /** Skips unless each program is on PATH. */
  public static void assumeInstalled(String... programs) {
    for (String program : programs) {
      Assumptions.assumeTrue(
          Cmd.installed(program),
          () -> "skipped: " + program + " is not installed (bash .ci/run installs it)");
    }
  }
}
