package dev.netdiag.cli.lsof;

import dev.netdiag.testkit.Differential;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.AutoClose;
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
  @AutoClose private static PythonChild child;

  @BeforeAll
  static void startChild() throws Exception {
    child =
        PythonChild.start(
            List.of(),
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
                "time.sleep(120)"),
            dir.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-a -p PID -d 3-99", "-a -p PID -d mem", "-a -p PID -d 3-99 -Ffl"})
  void locksMatchLsof(String args) {
    // Only the test's files (and -F's process and file lines) are compared.
    String ours =
        child
            .compare(
                "-nP " + args,
                Differential.exact()
                    .dropLines("^(?!.*(" + Pattern.quote(dir.toString()) + "|^[pfl]))")
                    .rowsAsSet())
            .stdout();
    Assertions.assertTrue(ours.contains("W"), ours);
  }
}
