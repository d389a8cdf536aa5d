package dev.netdiag.cli.netstat;

import dev.netdiag.cli.Run;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.LoopbackSockets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * netstat's socket tables against net-tools on sockets this test opens on 127.55.0.0/16 and ::1:
 * listeners, an established pair, a bound and a connected UDP socket. Rows of other sockets on the
 * machine (other builds come and go) are left out; rows compare as sets.
 */
class NetstatSocketsTest {
  private static LoopbackSockets sockets;

  @BeforeAll
  static void sockets() throws Exception {
    Assumptions.assumeTrue(Cmd.installed("netstat"), "net-tools netstat is not installed");
    sockets = LoopbackSockets.open("127.55.0", "127.55.9");
  }

  @AfterAll
  static void close() {
    if (sockets != null) {
      sockets.close();
    }
  }

  private static List<String> argv(String args) {
    List<String> out = new ArrayList<>(List.of("netstat"));
    out.addAll(List.of(args.split(" ")));
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-tan",
        "-tln",
        "-tn",
        "-uan",
        "-uln",
        "-un",
        "-tuan",
        "-tuln",
        "-tanW",
        "-ta",
        "-tl",
        "-tan4",
        "-tln6",
        "-tulnp",
        "-tuanp",
        "--tcp --all --numeric",
        "-tan --numeric-hosts",
      })
  void socketTablesMatch(String args) {
    Differential.exact()
        // Only the rows of this test's sockets: 127.55.x.x and, with -n, the ::1 listener ("::1:" +
        // port).
        .dropLines("^(tcp|udp|raw|udpl)6? (?!.*(127\\.55\\.|::1:))")
        .dropLines("TIME_WAIT")
        .rowsAsSet()
        .assertSame(
            "netstat " + args,
            Cmd.run(Duration.ofSeconds(30), argv(args)),
            Run.netdiag(argv(args).toArray(String[]::new)));
  }
}
