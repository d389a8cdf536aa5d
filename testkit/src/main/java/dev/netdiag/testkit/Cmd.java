package dev.netdiag.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external command with a time bound and captures its output. */
public final class Cmd {
  private Cmd() {}

  /**
   * What a command did.
   *
   * @param exitCode its exit status (-1 when it was killed at the time bound)
   */
  public record Result(int exitCode, String stdout, String stderr) {
    /** Throws unless the exit status was 0, quoting stderr. */
    public Result orFail(String what) {
      if (exitCode != 0) {
        throw new AssertionError(what + " exited " + exitCode + ": " + stderr + stdout);
      }
      return this;
    }
  }

  /** Runs argv with a 30 s bound. */
  public static Result run(String... argv) {
    return run(Duration.ofSeconds(30), List.of(argv));
  }

  /** Runs argv; kills it and its children at the bound. Standard input is empty. */
  public static Result run(Duration bound, List<String> argv) {
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + argv, e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread outReader = drain(process.getInputStream(), out);
    Thread errReader = drain(process.getErrorStream(), err);
    try {
      boolean finished = process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
      outReader.join(5000);
      errReader.join(5000);
      return new Result(
          finished ? process.exitValue() : -1,
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while running " + argv, e);
    }
  }

  /** True when a program of that name is on PATH. */
  public static boolean installed(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (new java.io.File(dir, program).canExecute()) {
        return true;
      }
    }
    return false;
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
