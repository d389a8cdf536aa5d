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
 * RAW sockets against net-tools, on {@code netstat/raw.py} in a network namespace: the State column
 * is /proc/net/raw's st number (7 unconnected, 1 connected), not a state name.
 */
class NetstatRawTest {
  @AutoClose private static SocketFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = SocketFixture.start(NetstatRawTest.class, "/netstat/raw.py", "netstat");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-wan", "-wn", "-wanp", "-wlnp", "-an", "-wanW", "-wane", "-wano"})
  void rawSocketsMatchNetstat(String args) {
    List<String> words = List.of(args.split(" "));
    Differential.exact()
        .rowsAsSet()
        .assertSame(
            "netstat " + args,
            fixture.reference("netstat", words),
            fixture.ours(Main.class.getName(), "netstat", words));
  }
}
