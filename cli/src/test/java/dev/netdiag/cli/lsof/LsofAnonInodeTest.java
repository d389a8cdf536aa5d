package dev.netdiag.cli.lsof;

import dev.netdiag.testkit.Differential;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Anonymous-inode names completed from fdinfo, against lsof 4.95: a python3 child holds an epoll
 * watching two descriptors (registered highest first), an empty epoll, an epoll watching 33 (lsof
 * keeps 32 and ends with "..."), an eventfd and a pidfd.
 */
class LsofAnonInodeTest {
  @AutoClose private static PythonChild child;

  @BeforeAll
  static void startChild() throws Exception {
    child =
        PythonChild.start(
            List.of(),
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
                "time.sleep(120)"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-a -p PID -d 3-99", "-a -p PID -d 3-99 -Fn", "-a -p PID -d 3-99 +c 0"})
  void namesMatchLsof(String args) {
    String ours = child.compare(args, Differential.exact().rowsAsSet()).stdout();
    Assertions.assertTrue(ours.contains("[eventpoll:"), ours);
  }
}
