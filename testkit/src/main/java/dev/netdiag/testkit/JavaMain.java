package dev.netdiag.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs a main class in a fresh JVM with the test's own JDK and classpath and
 * native access enabled: for runs that must happen in another process (inside a namespace or a
 * resolver sandbox, or to observe the exit code and streams exactly).
 */
public final class JavaMain {
  private JavaMain() {}

  /** argv for `java … mainClass args…`. */
  public static List<String> command(String mainClass, String... args) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(System.getProperty("java.home") + "/bin/java");
    List<String> argv = new ArrayList<>();
    argv.add(java);
    argv.add("--enable-native-access=ALL-UNNAMED");
    argv.add("-XX:+UseSerialGC");
    argv.add("-XX:TieredStopAtLevel=1");
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add(mainClass);
    argv.addAll(List.of(args));
    return argv;
  }
}
