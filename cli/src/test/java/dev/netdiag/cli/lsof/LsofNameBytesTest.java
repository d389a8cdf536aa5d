package dev.netdiag.cli.lsof;

import dev.netdiag.testkit.Differential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Command and file names holding bytes lsof 4.95 does not print as themselves, against lsof: a
 * python3 child (PID) opens files whose names hold a tab, a newline, a control character, DEL and a
 * byte that is no UTF-8, and forks children (KIDS) whose comm, set by prctl, holds a tab, a control
 * character, DEL, a byte that is no UTF-8, a cut UTF-8 sequence, whole UTF-8 characters and spaces;
 * it names three threads so too and maps a file whose name is no UTF-8 (with mmap(2), keeping no
 * descriptor). The COMMAND column escapes every byte above 0x7e and sizes the column counting such
 * a byte as two; the c field and NAME print what the locale can print (the run's own locale, for
 * both tools).
 */
class LsofNameBytesTest {
  @TempDir static Path dir;
  private static PythonChild child;
  private static String kids;

  @BeforeAll
  static void startChild() throws Exception {
    child =
        PythonChild.start(
            List.of(),
            String.join(
                "\n",
                "import ctypes, os, sys, time",
                "libc = ctypes.CDLL(None)",
                "names = [b'a\\tb', b'x\\x01y', b'd\\x7fe', b'f\\xffg', b'h\\xc3i',",
                "         b'\\xc3\\xa9t\\xc3\\xa9', b'pr\\xc3\\xb6-\\xc3\\x9f', b'sp ace 12345678']",
                "for n in names:",
                "    if os.fork() == 0:",
                "        libc.prctl(15, n, 0, 0, 0)",
                "        time.sleep(120)",
                "        os._exit(0)",
                "d = os.fsencode(sys.argv[1]) + b'/'",
                "files = [b't\\tab', b'nl\\nx', b'c\\x01d', b'del\\x7fz', b'a b', b'\\xc3\\xa9.txt',",
                "         b'x\\xffy']",
                "held = [os.open(d + f, os.O_RDWR | os.O_CREAT) for f in files]",
                "m = os.open(d + b'map\\xffbad', os.O_RDWR | os.O_CREAT)",
                "os.write(m, b'x' * 4096)",
                // mmap(2) itself: Python's mmap would keep a descriptor of the file open.
                "libc.mmap.restype = ctypes.c_void_p",
                "libc.mmap(None, 4096, 1, 1, m, 0)",
                "os.close(m)",
                "import threading",
                "def named(n):",
                "    libc.prctl(15, n, 0, 0, 0)",
                "    time.sleep(120)",
                "for n in [b'w\\xc3\\xb6rk er', b't\\tx', b'bad\\xff']:",
                "    threading.Thread(target=named, args=(n,), daemon=True).start()",
                "time.sleep(0.3)",
                "print('ready', flush=True)",
                "time.sleep(120)"),
            dir.toString());
    String children =
        Files.readString(Path.of("/proc/" + child.pid() + "/task/" + child.pid() + "/children"));
    kids = String.join(",", children.strip().split(" "));
    Assertions.assertEquals(8, kids.split(",").length, kids);
  }

  @AfterAll
  static void stopChild() throws Exception {
    if (child != null) {
      for (String kid : kids == null ? new String[0] : kids.split(",")) {
        ProcessHandle.of(Long.parseLong(kid)).ifPresent(ProcessHandle::destroyForcibly);
      }
      child.close();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-nP -a -p KIDS -d cwd",
        "-nP +c 15 -a -p KIDS -d cwd",
        "-nP +c 0 -a -p KIDS -d cwd",
        "-nP +c 12 -a -p KIDS -d cwd",
        "-a -p KIDS -d cwd -Fpc",
        "-a -p KIDS -d cwd -F0pc",
        "-nP -a -p KIDS -d cwd -c h",
        "-nP -a -p KIDS -d cwd -c f",
        "-nP -a -p KIDS -d cwd -c /t/",
        "-nP -a -p PID -d 3-20",
        "-nP -a -p PID -d 3-20 -Fn",
        "-nP -a -p PID -d 3-20 -F0n",
        // A mapped file whose name is no UTF-8: listed, escaped (the process's other mappings
        // too: its maps file is read as bytes).
        "-nP -a -p PID -d mem",
        "-nP -a -p PID -d mem -F n",
        // The directory's files found by walking it, named by their bytes.
        "-nP +D DIR",
        "-nP +d DIR",
        // Task names: escaped in TASKCMD, their bytes as they are in the M field.
        "-nP -K -a -p PID -d cwd",
        "-nP -K +c 15 -a -p PID -d cwd",
        "-nP -K -a -p PID -d cwd -F pKMc",
      })
  void namesMatchLsof(String args) {
    child.compare(
        args.replace("KIDS", kids).replace("DIR", dir.toString()),
        Differential.exact().rowsAsSet());
  }

  /**
   * -c /REGEX/i in a UTF-8 locale (the only one where both tools get these words as they are): the
   * C library folds the case of every letter.
   */
  @ParameterizedTest
  @ValueSource(strings = {"-nP -a -p KIDS -d cwd -c /PRÖ/i", "-nP -a -p KIDS -d cwd -c /É/i"})
  void caseFoldingMatchesLsof(String args) {
    org.junit.jupiter.api.Assumptions.assumeTrue(SafeText.utf8Locale(), "not a UTF-8 locale");
    child.compare(args.replace("KIDS", kids), Differential.exact().rowsAsSet());
  }

  /** Each child alone: the COMMAND column is as wide as that name's count, and cut there. */
  @ParameterizedTest
  @ValueSource(strings = {"-nP -a -d cwd -p", "-nP +c 15 -a -d cwd -p", "-nP +c 0 -a -d cwd -p"})
  void eachNameAloneMatchesLsof(String args) {
    for (String kid : kids.split(",")) {
      child.compare(args + " " + kid, Differential.exact());
    }
  }
}
