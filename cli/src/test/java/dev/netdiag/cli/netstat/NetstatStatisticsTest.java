package dev.netdiag.cli.netstat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.netdiag.cli.Main;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.JavaMain;
import dev.netdiag.testkit.Requires;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * netstat -s against net-tools 2.10 inside a network namespace of its own: the counters are per
 * namespace, so after the test's own traffic (a refused TCP connect and a UDP datagram to a closed
 * port, which also makes ICMP port-unreachable messages) they stay still between the two runs. No
 * veth link, so no IPv6 router solicitations move the Icmp6 counters.
 */
class NetstatStatisticsTest {
  private static String ns;

  @BeforeAll
  static void namespace() {
    Requires.assumeRoot("a network namespace with counters of its own");
    Requires.assumeInstalled("ip", "netstat", "bash");
    ns = "netdiag-tstat" + ProcessHandle.current().pid();
    Cmd.run(Duration.ofSeconds(10), List.of("ip", "netns", "add", ns)).orFail("ip netns add");
    Cmd.run(Duration.ofSeconds(10), List.of("ip", "-n", ns, "link", "set", "lo", "up"))
        .orFail("lo up");
    // Traffic on the namespace's own loopback only: port 9 is closed there.
    inside(
        "bash",
        "-c",
        "exec 3<>/dev/tcp/127.0.0.1/9; exec 3<>/dev/tcp/[::1]/9;"
            + " echo x >/dev/udp/127.0.0.1/9; echo x >/dev/udp/::1/9; sleep 0.2; true");
  }

  @AfterAll
  static void removeNamespace() {
    if (ns != null) {
      Cmd.run(Duration.ofSeconds(10), List.of("ip", "netns", "del", ns));
    }
  }

  private static Cmd.Result inside(String... argv) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(List.of(argv));
    return Cmd.run(Duration.ofSeconds(60), full);
  }

  private static Cmd.Result ours(String args) {
    List<String> tool = new ArrayList<>(List.of("netstat"));
    tool.addAll(List.of(args.split(" ")));
    return inside(
        JavaMain.command(Main.class.getName(), tool.toArray(String[]::new)).toArray(String[]::new));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-s",
        "-st",
        "-su",
        "-sw",
        "-stu",
        "-s -4",
        "-s6",
        "-s -6 -t",
        "-s6u",
        "-s6w",
        "-s -A inet6",
        "--statistics --inet6 --raw",
        "--statistics --tcp",
        "-sn",
        "-se",
        "-s -4 -6",
        "-sx",
        "-s -A ax25",
        "-sS",
        "-stS",
        "--statistics --sctp",
        "-sS6",
      })
  void statisticsMatch(String args) {
    List<String> reference = new ArrayList<>(List.of("netstat"));
    reference.addAll(List.of(args.split(" ")));
    Differential.exact()
        .withStderr()
        .assertSame("netstat " + args, inside(reference.toArray(String[]::new)), ours(args));
  }

  @Test
  void jsonCarriesEveryCounterOfTheShownTables() throws Exception {
    Cmd.Result result = ours("-su --json");
    assertEquals(0, result.exitCode(), result.stderr());
    List<String> tables = new ArrayList<>();
    long noPorts = -1;
    try (JsonParser p = new JsonFactory().createParser(result.stdout())) {
      String table = null;
      String field = null;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME) {
          field = p.currentName();
        } else if (t == JsonToken.VALUE_STRING && "name".equals(field)) {
          table = p.getText();
          tables.add(table);
        } else if (t == JsonToken.VALUE_NUMBER_INT && "NoPorts".equals(field)) {
          if ("Udp".equals(table)) {
            noPorts = p.getLongValue();
          }
        }
      }
    }
    // -u shows Udp and the tables net-tools has no group for; not Ip, Icmp, Tcp or TcpExt.
    assertTrue(tables.contains("Udp"), tables.toString());
    assertTrue(!tables.contains("Tcp") && !tables.contains("Ip"), tables.toString());
    assertTrue(noPorts >= 1, "the datagram to the closed port counts in Udp NoPorts");
  }
}
