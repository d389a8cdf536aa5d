package dev.netdiag.cli.lsof;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.Main;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.JavaMain;
import dev.netdiag.testkit.NsdServer;
import dev.netdiag.testkit.Requires;
import dev.netdiag.testkit.ResolverSandbox;
import dev.netdiag.testkit.ReverseLookupSockets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * lsof without -n names socket addresses through gethostbyaddr, as lsof 4.95 does: PTR records from
 * a real NSD on 127.61.0.54 (the only server in a private resolv.conf), for this JVM's sockets on
 * 127.61.2.0/24 as AF_INET and as IPv4-mapped AF_INET6 sockets (which lsof asks as IPv4), an
 * address without a record, and a name of 200 bytes (lsof prints it whole). Needs root and nsd.
 */
class LsofReverseDnsTest {
  private static final String SERVER = "127.61.0.54";

  private static final String LABEL = "r61-" + "y".repeat(59);
  private static final String HUGE = LABEL + "." + LABEL + "." + LABEL + ".rdns.test";

  // 127.61.2.3 has no PTR record: an NXDOMAIN from the zone's own server.
  private static final String REVERSE =
      """
      $ORIGIN 61.127.in-addr.arpa.
      $TTL 300
      @      IN SOA ns.rdns.test. admin.rdns.test. 1 3600 900 604800 300
      @      IN NS  ns.rdns.test.
      1.2    IN PTR r61-lsof-listener.rdns.test.
      2.2    IN PTR r61-lsof-client.rdns.test.
      4.2    IN PTR r61-lsof-mapped.rdns.test.
      5.2    IN PTR r61-lsof-mapped-client.rdns.test.
      6.2    IN PTR r61-lsof-udp.rdns.test.
      7.2    IN PTR HUGE.
      """
          .replace("HUGE", HUGE);

  private static final String FORWARD =
      """
      $ORIGIN rdns.test.
      $TTL 300
      @      IN SOA ns admin 1 3600 900 604800 300
      @      IN NS  ns
      ns     IN A   127.61.0.54
      """;

  // Every address of the test's sockets, as lsof -i items: the rows compared are theirs only.
  private static final String ITEMS =
      "-i@127.61.2.1 -i@127.61.2.2 -i@127.61.2.3 -i@127.61.2.4 -i@127.61.2.5 -i@127.61.2.6"
          + " -i@127.61.2.7";

  private static NsdServer nsd;
  private static ResolverSandbox sandbox;
  private static ReverseLookupSockets sockets;

  @BeforeAll
  static void start() throws Exception {
    Requires.assumeRoot("a private resolv.conf and nsd on port 53");
    Requires.assumeInstalled("lsof", "nsd", "unshare");
    nsd = NsdServer.start(SERVER, 53, Map.of("61.127.in-addr.arpa", REVERSE, "rdns.test", FORWARD));
    sandbox =
        ResolverSandbox.withResolvConf("nameserver " + SERVER + "\noptions timeout:1 attempts:1\n");
    sockets = ReverseLookupSockets.open("127.61.2");
  }

  @AfterAll
  static void stop() {
    if (sockets != null) {
      sockets.close();
    }
    if (nsd != null) {
      nsd.close();
    }
  }

  private static List<String> words(String args) {
    List<String> out =
        new ArrayList<>(List.of("lsof", "-a", "-p", Long.toString(ProcessHandle.current().pid())));
    out.addAll(List.of(args.replace("ITEMS", ITEMS).split(" ")));
    return out;
  }

  private static Cmd.Result ours(String args) {
    return sandbox.run(
        Duration.ofSeconds(60),
        JavaMain.command(Main.class.getName(), words(args).toArray(String[]::new)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ITEMS",
        "-P ITEMS",
        "-i@127.61.2.1",
        "-i@127.61.2.3",
        "-iTCP@127.61.2.4",
        "-iUDP@127.61.2.7",
        "-P ITEMS -sTCP:LISTEN",
        "-P ITEMS -sTCP:ESTABLISHED",
        "-P ITEMS -T",
        "-P ITEMS -Tqs",
        "-P ITEMS -Fpfn",
        "-P ITEMS -F0pfnT",
        "-P ITEMS -Fn",
        "-P ITEMS -Fpf",
        "-P ITEMS -t",
        "-nP ITEMS",
      })
  void socketNamesMatch(String args) {
    Differential.exact()
        .rowsAsSet()
        .assertSame("lsof " + args, sandbox.run(Duration.ofSeconds(60), words(args)), ours(args));
  }

  /** The comparison is not between two numeric listings: the names are there. */
  @Test
  void namesComeFromTheServer() {
    String text = ours("-P ITEMS").stdout();
    for (String name :
        List.of(
            "r61-lsof-listener.rdns.test:",
            "r61-lsof-client.rdns.test:",
            "r61-lsof-mapped.rdns.test:",
            "r61-lsof-mapped-client.rdns.test:",
            "r61-lsof-udp.rdns.test:",
            "127.61.2.3:",
            HUGE + ":")) {
      assertTrue(text.contains(name), name + " in\n" + text);
    }
  }
}
