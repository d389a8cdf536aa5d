package dev.netdiag.cli.lsof;

import dev.netdiag.testkit.Differential;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The FD column's access mode against lsof 4.95: a python3 child opens a file read-only, write-only
 * and read-write, and with O_PATH a directory, a file and /dev/null (lsof shows 'u' for those:
 * their /proc/PID/fd link grants neither read nor write), beside a memfd, a timerfd and a signalfd.
 */
class LsofOpenModeTest {
  @TempDir static Path dir;
  @AutoClose private static PythonChild child;

  @BeforeAll
  static void startChild() throws Exception {
    child =
        PythonChild.start(
            List.of(),
            String.join(
                "\n",
                "import ctypes, os, sys, time",
                "libc = ctypes.CDLL(None)",
                "d = sys.argv[1]",
                "f = d + '/file'",
                "open(f, 'w').write('x' * 10)",
                "held = [os.open(f, os.O_RDONLY), os.open(f, os.O_WRONLY), os.open(f, os.O_RDWR)]",
                "held += [os.open(p, os.O_PATH) for p in (d, f, '/dev/null')]",
                "held.append(os.memfd_create('netdiag-test'))",
                "held.append(libc.timerfd_create(1, 0))",
                "mask = (ctypes.c_ulong * 16)()",
                "libc.sigemptyset(mask)",
                "libc.sigaddset(mask, 10)",
                "held.append(libc.signalfd(-1, mask, 8))",
                "print('ready', flush=True)",
                "time.sleep(120)"),
            dir.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-nP -a -p PID -d 3-30",
        "-nP -a -p PID -d 3-30 -F pfan",
        "-nP -a -p PID -d 3-30 +fg",
        "-nP -a -p PID -d 3-30 -F0",
      })
  void accessModesMatchLsof(String args) {
    child.compare(args, Differential.exact().rowsAsSet());
  }
}
