package dev.netdiag.cli.lsof;

import dev.netdiag.cli.Main;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.SocketFixture;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * lsof -E/+E against lsof 4.95 on {@code lsof/endpoints.py} in a network namespace: ends held by
 * several descriptors of three processes, whose order lsof fixes (a socket's holders from the
 * highest PID and descriptor down, a pipe's up), and a UNIX listener with waiting connections (lsof
 * names the first as its peer).
 */
class LsofEndpointTest {
  @AutoClose private static SocketFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = SocketFixture.start(LsofEndpointTest.class, "/lsof/endpoints.py", "lsof");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-nP -a -p PID -E",
        "-nP -a -p PID +E",
        "-nP -a -p PID -E -U",
        "-nP -a -p PID -E -i",
        "-nP -a -p PID -d 3-30 -E -F pfn",
      })
  void endpointsMatchLsof(String args) {
    List<String> words = List.of(args.replace("PID", Long.toString(fixture.pid())).split(" "));
    Differential.exact()
        .rowsAsSet()
        .assertSame(
            "lsof " + args,
            fixture.reference("lsof", words),
            fixture.ours(Main.class.getName(), "lsof", words));
  }
}
