package dev.netdiag.cli.netstat;

import dev.netdiag.cli.Main;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.SocketFixture;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UNIX socket names with white space against net-tools, on {@code lsof/unixnames.py} in a network
 * namespace: netstat reads the path with sscanf("%s"), so a name ends at its first space, tab or
 * vertical tab.
 */
class NetstatUnixNameTest {
  @AutoClose private static SocketFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = SocketFixture.start(NetstatUnixNameTest.class, "/lsof/unixnames.py", "netstat");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-xn", "-xan", "-xlnp", "-xanpe"})
  void namesMatchNetstat(String args) {
    List<String> words = List.of(args.split(" "));
    Differential.exact()
        .rowsAsSet()
        .assertSame(
            "netstat " + args,
            fixture.reference("netstat", words),
            fixture.ours(Main.class.getName(), "netstat", words));
  }
}
