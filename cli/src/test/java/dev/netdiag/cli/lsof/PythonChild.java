package dev.netdiag.cli.lsof;

import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A child process for lsof's differential tests: Debian's python3 (a wrapper on PATH, as pyenv's,
 * would exec it again under another name) running a script that opens its files, prints "ready" and
 * sleeps; lsof and netdiag lsof are then compared on it.
 */
final class PythonChild implements AutoCloseable {
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  private final Process process;

  private PythonChild(Process process) {
    this.process = process;
  }

  /**
   * Starts the script (under {@code launcher}, e.g. "ip netns exec NS", which must exec it) with
   * its arguments, once lsof and python3 are known to be here; waits for its "ready".
   */
  static PythonChild start(List<String> launcher, String script, String... args)
      throws IOException {
    Assumptions.assumeTrue(Cmd.installed("lsof"), "lsof is not installed");
    Assumptions.assumeTrue(Files.isExecutable(PYTHON), PYTHON + " is not installed");
    List<String> argv = new ArrayList<>(launcher);
    argv.addAll(List.of(PYTHON.toString(), "-c", script));
    argv.addAll(List.of(args));
    Process process =
        new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    PythonChild child = new PythonChild(process);
    String ready = new BufferedReader(new InputStreamReader(process.getInputStream())).readLine();
    if (!"ready".equals(ready)) {
      child.close();
      Assertions.fail("the python3 child did not open its files");
    }
    return child;
  }

  /** The child's PID. */
  long pid() {
    return process.pid();
  }

  /** Runs lsof with these arguments (PID standing for the child's) and compares it with ours. */
  Cmd.Result compare(String args, Differential how) {
    List<String> argv =
        List.of(("lsof " + args.replace("PID", Long.toString(process.pid()))).split(" "));
    Cmd.Result ours = LsofRun.ours(argv);
    how.assertSame("lsof " + args, LsofRun.reference(argv), ours);
    return ours;
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
