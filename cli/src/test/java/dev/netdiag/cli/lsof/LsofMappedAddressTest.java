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
 * IPv6 sockets on IPv4-mapped addresses against lsof 4.95, on {@code lsof/mapped.py} in a network
 * namespace: lsof takes them as IPv4, so ::ffff:0.0.0.0 is the wildcard "*", and 0.0.0.0 in an -i
 * address (dotted or mapped) is no address at all. Beside them, true IPv6 and IPv4 wildcards.
 */
class LsofMappedAddressTest {
  @AutoClose private static SocketFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = SocketFixture.start(LsofMappedAddressTest.class, "/lsof/mapped.py", "lsof");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-nP -a -p PID -i",
        "-a -p PID -i",
        "-nP -a -p PID -i4",
        "-nP -a -p PID -i6",
        "-nP -a -p PID -i4TCP",
        "-nP -a -p PID -iUDP",
        "-nP -a -p PID -iTCP -sTCP:LISTEN",
        "-nP -a -p PID -i:6301",
        "-nP -a -p PID -i -Fpfn",
        "-nP -a -p PID -i@[::ffff:127.0.0.1]",
        // 0.0.0.0 (or ::ffff:0.0.0.0) names no address: the item is its family, protocol and
        // ports, and without a protocol or a port it is incomplete.
        "-nP -a -p PID -i@0.0.0.0",
        "-nP -a -p PID -i4@0.0.0.0",
        "-nP -a -p PID -i@[::ffff:0.0.0.0]",
        "-nP -a -p PID -iTCP@0.0.0.0",
        "-nP -a -p PID -iUDP@[::ffff:0.0.0.0]",
        "-nP -a -p PID -i@0.0.0.0:6304",
        "-nP -a -p PID -i@0.0.0.0:6301-6310",
        "-nP -a -p PID -i@[::ffff:0.0.0.0]:6306",
        "-nP -a -p PID -iTCP@0.0.0.0:9 -V",
      })
  void mappedAddressesMatchLsof(String args) {
    List<String> words = List.of(args.replace("PID", Long.toString(fixture.pid())).split(" "));
    Differential.exact()
        .withStderr()
        .rowsAsSet()
        .assertSame(
            "lsof " + args,
            fixture.reference("lsof", words),
            fixture.ours(Main.class.getName(), "lsof", words));
  }
}
