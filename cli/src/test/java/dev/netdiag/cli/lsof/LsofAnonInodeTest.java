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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Anonymous-inode names completed from fdinfo, against lsof 4.95: a child (Debian's python3) holds
 * an epoll watching two descriptors (registered highest first), an empty epoll, an epoll watching
 * 33 (lsof keeps 32 and ends with "..."), an eventfd and a pidfd.
 */
class LsofAnonInodeTest {
  private static Process child;

  @BeforeAll
  static void startChild() throws Exception {
    Assumptions.assumeTrue(Cmd.installed("lsof"), "lsof is not installed");
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 is not installed");
    String script =
        String.join(
            "\n",
            "import os, select, time",
            "r, w = os.pipe()",
            "two = select.epoll()",
            "two.register(w)",
            "two.register(r)",
            "empty = select.epoll()",
            "fds = [fd for _ in range(17) for fd in os.pipe()]",
            "many = select.epoll()",
            "for fd in reversed(fds[:33]):",
            "    many.register(fd)",
            "ev = os.eventfd(0)",
            "pidfd = os.pidfd_open(os.getpid())",
            "print('ready', flush=True)",
            "time.sleep(120)");
    child =
        new ProcessBuilder("/usr/bin/python3", "-c", script)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String ready = new BufferedReader(new InputStreamReader(child.getInputStream())).readLine();
    Assumptions.assumeTrue(
        "ready".equals(ready), "python3 could not make the descriptors (too old a kernel?)");
  }

  @AfterAll
  static void stopChild() {
    if (child != null) {
      child.destroyForcibly();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"-a -p PID -d 3-99", "-a -p PID -d 3-99 -Fn", "-a -p PID -d 3-99 +c 0"})
  void namesMatchLsof(String args) {
    List<String> argv =
        List.of(("lsof " + args.replace("PID", Long.toString(child.pid()))).split(" "));
    Cmd.Result ours = Run.netdiag(argv.toArray(String[]::new));
    Assertions.assertTrue(ours.stdout().contains("[eventpoll:"), ours.stdout());
    Differential.exact()
        .rowsAsSet()
        .assertSame("lsof " + args, Cmd.run(Duration.ofSeconds(30), argv), ours);
  }
}
