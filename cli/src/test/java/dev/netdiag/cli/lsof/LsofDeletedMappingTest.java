package dev.netdiag.cli.lsof;

import dev.netdiag.testkit.Differential;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mappings whose file is gone (FD "DEL"), against lsof 4.95: a python3 child maps a file and then
 * deletes it, and holds a shared anonymous mapping (the kernel's "/dev/zero (deleted)"). lsof shows
 * them with no SIZE/OFF and names them without " (deleted)".
 */
class LsofDeletedMappingTest {
  @AutoClose private static PythonChild child;

  @BeforeAll
  static void startChild() throws Exception {
    child =
        PythonChild.start(
            List.of(),
            String.join(
                "\n",
                "import mmap, os, tempfile, time",
                "fd, path = tempfile.mkstemp(prefix='ndlsof-del')",
                "os.write(fd, b'x' * 8192)",
                "mapped = mmap.mmap(fd, 8192)",
                "os.close(fd)",
                "os.unlink(path)",
                "shared = mmap.mmap(-1, 4096, flags=mmap.MAP_SHARED)",
                "print('ready', flush=True)",
                "time.sleep(120)"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-nP -a -p PID -d DEL",
        "-nP -a -p PID -d DEL -F",
        "-nP -a -p PID -d DEL +L",
        "-nP -a -p PID -d DEL -s",
        "-nP -a -p PID -d DEL -o"
      })
  void deletedMappingsMatchLsof(String args) {
    String ours = child.compare(args, Differential.exact().rowsAsSet()).stdout();
    Assertions.assertTrue(ours.contains("/dev/zero"), ours);
    Assertions.assertTrue(ours.contains("ndlsof-del"), ours);
  }
}
