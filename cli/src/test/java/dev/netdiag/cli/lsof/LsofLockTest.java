package dev.netdiag.cli.lsof;

import dev.netdiag.cli.Run;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * File locks in the FD column (and -F's l field), against lsof 4.95: a child (Debian's python3)
 * holds a whole-file flock (W), a write lock on part of a file (w), a read lock on a whole file
 * (R), one on part of another (r), and a mapping of the flocked file (mem-W).
 */
class LsofLockTest {
  @TempDir static Path dir;
  private static Process child;

  @BeforeAll
  static void startChild() throws Exception {
    Assumptions.assumeTrue(Cmd.installed("lsof"), "lsof is not installed");
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 is not installed");
    String script =
        String.join(
            "\n",
            "import fcntl, mmap, os, sys, time",
            "d = sys.argv[1]",
            "def f(name, mode):",
            "    fd = os.open(os.path.join(d, name), mode | os.O_CREAT, 0o600)",
            "    os.write(fd, b'x' * 8192) if mode != os.O_RDONLY else None",
            "    return fd",
            "for name in ('whole-r', 'part-r'):",
            "    open(os.path.join(d, name), 'wb').write(b'y' * 8192)",
            "a = f('flocked', os.O_RDWR)",
            "fcntl.flock(a, fcntl.LOCK_EX)",
            "m = mmap.mmap(a, 4096)",
            "b = f('part-w', os.O_RDWR)",
            "fcntl.lockf(b, fcntl.LOCK_EX, 100, 10)",
            "c = f('whole-r', os.O_RDONLY)",
            "fcntl.lockf(c, fcntl.LOCK_SH)",
            "e = f('part-r', os.O_RDONLY)",
            "fcntl.lockf(e, fcntl.LOCK_SH, 10, 0)",
            "print('ready', flush=True)",
            "time.sleep(120)");
    child =
        new ProcessBuilder("/usr/bin/python3", "-c", script, dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String ready = new BufferedReader(new InputStreamReader(child.getInputStream())).readLine();
    Assertions.assertEquals("ready", ready, "the child did not take its locks");
  }

  @AfterAll
  static void stopChild() {
    if (child != null) {
      child.destroyForcibly();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"-a -p PID -d 3-99", "-a -p PID -d mem", "-a -p PID -d 3-99 -Ffl"})
  void locksMatchLsof(String args) {
    List<String> argv =
        List.of(("lsof -nP " + args.replace("PID", Long.toString(child.pid()))).split(" "));
    Cmd.Result ours = Run.netdiag(argv.toArray(String[]::new));
    Differential.exact()
        .dropLines("^(?!.*(" + java.util.regex.Pattern.quote(dir.toString()) + "|^[pfl]))")
        .rowsAsSet()
        .assertSame("lsof " + args, Cmd.run(Duration.ofSeconds(30), argv), ours);
  }
}
