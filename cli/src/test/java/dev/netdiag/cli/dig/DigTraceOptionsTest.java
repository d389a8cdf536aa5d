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
 * dig +trace with the display options around it, against BIND dig 9.18 on a three-level hierarchy
 * on port 5353 (a root on 127.62.3.1, "test." on 127.62.3.2, "example.test." on 127.62.3.3; one
 * server each, so the walk is the same every time). +trace sets how each step prints (no comments,
 * question, additional or statistics; authority and the +identify line on) and options after it
 * change that, as on any answer. Both run in a sandbox whose hosts file names the servers and whose
 * resolv.conf points into 127.62. Needs root, nsd and dig.
 */
class DigTraceOptionsTest {
  private static final int PORT = 5353;
  private static final String ROOT =
      """
      $TTL 86400
      .              IN SOA a.root.test. hostmaster.test. 1 3600 900 604800 300
      .              IN NS  a.root.test.
      a.root.test.   IN A   127.62.3.1
      test.          IN NS  ns1.test.
      ns1.test.      IN A   127.62.3.2
      """;
  private static final String TLD =
      """
      $ORIGIN test.
      $TTL 3600
      @              IN SOA ns1 hostmaster 1 3600 900 604800 300
      @              IN NS  ns1
      ns1            IN A   127.62.3.2
      example        IN NS  ns1.example
      ns1.example    IN A   127.62.3.3
      """;
  private static final String ZONE =
      """
      $ORIGIN example.test.
      $TTL 300
      @              IN SOA ns1 hostmaster 1 3600 900 604800 300
      @              IN NS  ns1
      ns1            IN A   127.62.3.3
      www            IN A   192.0.2.80
      """;
  private static final String HOSTS =
      "127.0.0.1 localhost\n"
          + "127.62.3.1 a.root.test\n"
          + "127.62.3.2 ns1.test\n"
          + "127.62.3.3 ns1.example.test\n";

  private static final List<NsdServer> servers = new ArrayList<>();
  private static ResolverSandbox sandbox;

  private static final Differential SAME =
      Differential.exact()
          .withStderr()
          .mask(" in [0-9]+ ms", " in X ms")
          .mask("id: [0-9]+", "id: X")
          .mask("Query time: [0-9]+ msec", "Query time: X")
          .mask("^;; WHEN: .*", ";; WHEN: X")
          .mask("^; COOKIE: .*", "; COOKIE: X")
          .mask("^(\\s*(query|response)_time): !!timestamp .*", "$1: X")
          .mask("^(\\s*id): [0-9]+$", "$1: X");

  @BeforeAll
  static void start() {
    Requires.assumeRoot("nsd on loopback addresses and a resolver sandbox");
    Requires.assumeInstalled("nsd", "dig");
    servers.add(NsdServer.start("127.62.3.1", PORT, Map.of("", ROOT)));
    servers.add(NsdServer.start("127.62.3.2", PORT, Map.of("test", TLD)));
    servers.add(NsdServer.start("127.62.3.3", PORT, Map.of("example.test", ZONE)));
    sandbox =
        ResolverSandbox.withResolvConf("nameserver 127.62.3.9\noptions timeout:1 attempts:1\n")
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
        "www.example.test +trace",
        "www.example.test +trace +noall +answer",
        "www.example.test +trace +noall",
        "www.example.test +trace +noidentify",
        "www.example.test +noidentify +trace",
        "www.example.test +trace +comments",
        "www.example.test +comments +trace",
        "www.example.test +trace +stats",
        "www.example.test +stats +trace",
        "www.example.test +trace +question +additional",
        "www.example.test +noauthority +trace",
        "www.example.test +trace +noauthority",
        "www.example.test +noanswer +trace",
        "www.example.test +trace +yaml",
        "www.example.test +trace +short");
  }

  @ParameterizedTest(name = "dig {0}")
  @MethodSource("cases")
  void traceOptionsAsDigSetsThem(String line) {
    List<String> argv = new ArrayList<>(List.of("dig", "@127.62.3.1", "-p", "5353"));
    argv.addAll(List.of(line.split(" ")));
    Cmd.Result theirs = sandbox.run(Duration.ofSeconds(60), argv);
    Cmd.Result ours =
        sandbox.run(
            Duration.ofSeconds(60),
            JavaMain.command("dev.netdiag.cli.Main", argv.toArray(String[]::new)));
    SAME.assertSame(line, theirs, ours);
  }
}
