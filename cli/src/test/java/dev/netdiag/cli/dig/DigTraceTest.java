package dev.netdiag.cli.dig;

import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.JavaMain;
import dev.netdiag.testkit.NsdServer;
import dev.netdiag.testkit.Requires;
import dev.netdiag.testkit.ResolverSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dig +trace against BIND dig 9.18 on an offline 3-level hierarchy: a root on 127.53.10.1, "test."
 * on 127.53.20.1 and "example.test." on 127.53.30.1, each its own nsd on port 53. BIND dig looks
 * the NS names up through the system resolver, so both run in a resolver sandbox whose /etc/hosts
 * names the three servers (its resolv.conf points at the root server, which answers nothing
 * recursively). Times are masked.
 */
class DigTraceTest {
  private static final String ROOT =
      """
      $TTL 86400
      .              IN SOA a.root.test. hostmaster.root.test. 1 3600 900 604800 300
      .              IN NS  a.root.test.
      a.root.test.   IN A   127.53.10.1
      test.          IN NS  ns1.test.
      ns1.test.      IN A   127.53.20.1
      """;
  private static final String TLD =
      """
      $ORIGIN test.
      $TTL 3600
      @              IN SOA ns1 hostmaster 1 3600 900 604800 300
      @              IN NS  ns1
      ns1            IN A   127.53.20.1
      a.root         IN A   127.53.10.1
      example        IN NS  ns1.example
      ns1.example    IN A   127.53.30.1
      glueless       IN NS  ns1.example
      """;
  private static final String ZONE =
      """
      $ORIGIN example.test.
      $TTL 300
      @              IN SOA ns1 hostmaster 1 3600 900 604800 300
      @              IN NS  ns1
      @              IN MX  10 mail
      ns1            IN A   127.53.30.1
      www            IN A   192.0.2.80
      www            IN AAAA 2001:db8::80
      alias          IN CNAME www
      mail           IN A   192.0.2.25
      """;
  private static final String HOSTS =
      "127.0.0.1 localhost\n"
          + "127.53.10.1 a.root.test\n"
          + "127.53.20.1 ns1.test\n"
          + "127.53.30.1 ns1.example.test\n";

  private static final List<NsdServer> servers = new ArrayList<>();
  private static ResolverSandbox sandbox;

  private static final Differential SAME = Differential.exact().mask(" in [0-9]+ ms", " in X ms");

  @BeforeAll
  static void start() {
    Requires.assumeRoot("nsd on port 53 and a resolver sandbox");
    Requires.assumeInstalled("nsd", "dig");
    servers.add(NsdServer.start("127.53.10.1", 53, Map.of("", ROOT)));
    servers.add(NsdServer.start("127.53.20.1", 53, Map.of("test", TLD)));
    servers.add(NsdServer.start("127.53.30.1", 53, Map.of("example.test", ZONE)));
    sandbox =
        ResolverSandbox.withResolvConf("nameserver 127.53.10.1\noptions timeout:1 attempts:1\n")
            .withHosts(HOSTS);
  }

  @AfterAll
  static void stop() {
    for (NsdServer s : servers) {
      s.close();
    }
  }

  static Stream<String> cases() {
    return Stream.of(
        "www.example.test",
        "www.example.test AAAA",
        "example.test MX",
        "alias.example.test",
        "nope.example.test",
        "www.example.test +short",
        "www.example.test +nodnssec",
        "test NS");
  }

  @ParameterizedTest(name = "dig +trace {0}")
  @MethodSource("cases")
  void traceMatchesDig(String line) {
    List<String> argv = new ArrayList<>(List.of("dig", "@127.53.10.1", "+trace"));
    argv.addAll(List.of(line.split(" ")));
    Cmd.Result theirs = sandbox.run(Duration.ofSeconds(60), argv);
    Cmd.Result ours =
        sandbox.run(
            Duration.ofSeconds(60),
            JavaMain.command("dev.netdiag.cli.Main", argv.toArray(String[]::new)));
    SAME.assertSame("dig +trace " + line, theirs, ours);
  }
}
