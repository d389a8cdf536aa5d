package dev.netdiag.diagnose;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs another program (nft, iptables-save) with a time bound and captures what it printed. */
public record BoundedCommand(List<String> argv, Duration bound) {

  /** What the program did; exit code -1 when it was killed at the bound or could not start. */
  public record Output(int exitCode, String stdout, String stderr) {}

  /** True when a program of that name is on PATH (or in /usr/sbin, /sbin for root tools). */
  public static boolean installed(String program) {
    String path = System.getenv("PATH");
    String dirs = (path == null ? "" : path) + ":/usr/sbin:/sbin";
    for (String dir : dirs.split(":")) {
      if (!dir.isEmpty() && new File(dir, program).canExecute()) {
        return true;
      }
    }
    return false;
  }

  public Output run() throws InterruptedException {
    Process process;
    try {
      process =
          new ProcessBuilder(argv)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException e) {
      return new Output(-1, "", "cannot start " + argv.getFirst() + ": " + e.getMessage());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread outReader = drain(process.getInputStream(), out);
    Thread errReader = drain(process.getErrorStream(), err);
    boolean finished = process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      process.destroyForcibly();
      process.waitFor(1, TimeUnit.SECONDS);
    }
    outReader.join(1000);
    errReader.join(1000);
    String stderr = err.toString(StandardCharsets.UTF_8);
    return new Output(
        finished ? process.exitValue() : -1,
        out.toString(StandardCharsets.UTF_8),
        finished ? stderr : argv.getFirst() + " did not finish within " + bound.toMillis() + " ms");
  }

  private static Thread drain(InputStream in, ByteArrayOutputStream sink) {
    return Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (in) {
                in.transferTo(sink);
              } catch (IOException e) {
                // The process went away; what was read is kept.
              }
            });
  }
}
