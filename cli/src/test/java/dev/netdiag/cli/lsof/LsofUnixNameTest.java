package dev.netdiag.cli.lsof;

import dev.netdiag.cli.Main;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.SocketFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UNIX socket names with white space against lsof 4.95, on {@code lsof/unixnames.py} in a network
 * namespace: lsof splits /proc/net/unix lines at spaces and tabs, so a name ends at the first one
 * (a vertical tab stays, escaped), and a FILE argument naming such a socket's path finds nothing.
 */
class LsofUnixNameTest {
  @AutoClose private static SocketFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = SocketFixture.start(LsofUnixNameTest.class, "/lsof/unixnames.py", "lsof");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-nP -a -p PID -U",
        "-nP -a -p PID -U -F pfn",
        "-nP -a -p PID -U -E",
        "-nP DIR/plain.sock",
        "-nP DIR/a b  c.sock",
      })
  void namesMatchLsof(String args) {
    String pid = Long.toString(fixture.pid());
    List<String> words = new ArrayList<>();
    // The path with spaces is one word.
    String rest = args.replace("PID", pid);
    int dir = rest.indexOf("DIR");
    String path =
        dir < 0 ? null : rest.substring(dir).replace("DIR", "/tmp/netdiag-unixnames-" + pid);
    if (dir >= 0) {
      rest = rest.substring(0, dir).strip();
    }
    words.addAll(List.of(rest.split(" ")));
    if (path != null) {
      words.add(path);
    }
    Differential.exact()
        .withStderr()
        .rowsAsSet()
        .assertSame(
            "lsof " + args,
            fixture.reference("lsof", words),
            fixture.ours(Main.class.getName(), "lsof", words));
  }
}
