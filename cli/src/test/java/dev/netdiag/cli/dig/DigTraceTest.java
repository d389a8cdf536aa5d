package dev.netdiag.cli.dig;

import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.JavaMain;
import dev.netdiag.testkit.NsdServer;
import dev.netdiag.testkit.Requires;
import dev.netdiag.testkit.ResolverSandbox;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
      multi          IN NS  ns1.multi
      multi          IN NS  ns2.multi
      ns1.multi      IN A   127.53.30.1
      ns2.multi      IN A   127.53.30.2
      broken         IN NS  nowhere.invalid.
      quiet          IN NS  ns.quiet
      quiet          IN NS  ns1.multi
      quiet          IN NS  ns2.multi
      ns.quiet       IN A   127.53.30.9
      """;
  // A second root whose NS name has no glue: dig (and we) must look a.root.test up elsewhere.
  private static final String GLUELESS_ROOT =
      """
      $TTL 86400
      .              IN SOA a.root.test. hostmaster.root.test. 1 3600 900 604800 300
      .              IN NS  a.root.test.
      test.          IN NS  ns1.test.
      ns1.test.      IN A   127.53.20.1
      """;
  private static final String MULTI =
      """
      $ORIGIN multi.test.
      $TTL 300
      @              IN SOA ns1 hostmaster 7 3600 900 604800 300
      @              IN NS  ns1
      @              IN NS  ns2
      ns1            IN A   127.53.30.1
      ns2            IN A   127.53.30.2
      www            IN A   192.0.2.81
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
          + "127.53.30.1 ns1.example.test ns1.multi.test\n"
          + "127.53.30.2 ns2.multi.test\n"
          + "127.53.30.9 ns.quiet.test\n";

  private static final List<NsdServer> servers = new ArrayList<>();
  private static ResolverSandbox sandbox;
  private static DatagramSocket silent;

  // +nssearch asks every server at once and prints replies as they come: compared as sets.
  private static final Differential SAME_SET =
      Differential.exact().mask(" in [0-9]+ ms", " in X ms").rowsAsSet().withStderr();

  private static final Differential SAME = Differential.exact().mask(" in [0-9]+ ms", " in X ms");

  @BeforeAll
  static void start() {
    Requires.assumeRoot("nsd on port 53 and a resolver sandbox");
    Requires.assumeInstalled("nsd", "dig");
    servers.add(NsdServer.start("127.53.10.1", 53, Map.of("", ROOT)));
    servers.add(NsdServer.start("127.53.10.2", 53, Map.of("", GLUELESS_ROOT)));
    servers.add(NsdServer.start("127.53.20.1", 53, Map.of("test", TLD)));
    servers.add(
        NsdServer.start("127.53.30.1", 53, Map.of("example.test", ZONE, "multi.test", MULTI)));
    servers.add(NsdServer.start("127.53.30.2", 53, Map.of("multi.test", MULTI)));
    try {
      // ns.quiet.test: a server that never answers.
      silent = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.53.30.9"), 53));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    sandbox =
        ResolverSandbox.withResolvConf("nameserver 127.53.10.1\noptions timeout:1 attempts:1\n")
            .withHosts(HOSTS);
  }

  @AfterAll
  static void stop() {
    for (NsdServer s : servers) {
      s.close();
    }
    if (silent != null) {
      silent.close();
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
        "test NS",
        "@127.53.10.2 www.example.test",
        "@127.53.10.2 www.example.test +short");
  }

  @ParameterizedTest(name = "dig +trace {0}")
  @MethodSource("cases")
  void traceMatchesDig(String line) {
    List<String> argv = new ArrayList<>(List.of("dig"));
    if (!line.startsWith("@")) {
      argv.add("@127.53.10.1");
    }
    argv.add("+trace");
    argv.addAll(List.of(line.split(" ")));
    compare(SAME, "dig +trace " + line, argv);
  }

  static Stream<String> nssearchCases() {
    return Stream.of(
        // NS set from the authoritative answer, and from a referral's authority section.
        "@127.53.30.1 multi.test",
        "@127.53.20.1 multi.test",
        "@127.53.20.1 multi.test +tcp",
        "@127.53.20.1 -4 multi.test +nocookie",
        "@127.53.30.2 multi.test +dnssec",
        // A name without its own NS set: a negative answer, nothing to follow.
        "@127.53.30.1 www.multi.test",
        "@127.53.30.1 nope.multi.test",
        // An NS name that does not resolve and none that does: dig's fatal error.
        "@127.53.20.1 broken.test",
        // One server never answers (timed out), the others refuse: a reply is a reply.
        "@127.53.20.1 quiet.test +time=1");
  }

  @ParameterizedTest(name = "dig +nssearch {0}")
  @MethodSource("nssearchCases")
  void nssearchMatchesDig(String line) {
    List<String> argv = new ArrayList<>(List.of("dig", "+nssearch"));
    argv.addAll(List.of(line.split(" ")));
    compare(SAME_SET, "dig +nssearch " + line, argv);
  }

  @org.junit.jupiter.api.Test
  void nssearchWaitsForASingleServersReply() {
    // dig 9.18 says "NS servers could not be reached" before a lone server's reply arrives (its
    // nssearch_next treats the last send as the last reply); netdiag waits for the reply.
    Cmd.Result ours =
        sandbox.run(
            Duration.ofSeconds(60),
            JavaMain.command("dev.netdiag.cli.Main", "dig", "+nssearch", "@127.53.20.1", "test"));
    org.junit.jupiter.api.Assertions.assertEquals(0, ours.exitCode(), ours.toString());
    org.junit.jupiter.api.Assertions.assertTrue(
        ours.stdout()
            .matches(
                "SOA ns1\\.test\\. hostmaster\\.test\\. 1 3600 900 604800 300 from server"
                    + " 127\\.53\\.20\\.1 in [0-9]+ ms\\.\n"),
        ours.stdout());
  }

  @org.junit.jupiter.api.Test
  void traceLinesOfABatchFileRunInOrderBetweenPlainOnes() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("netdiag-trace", ".batch");
    try {
      java.nio.file.Files.writeString(
          file,
          "@127.53.30.1 www.example.test +short\n"
              + "+trace www.example.test\n"
              + "@127.53.30.1 mail.example.test +short\n"
              + "+trace +short +nodnssec alias.example.test\n"
              + "@127.53.30.1 example.test MX +short\n");
      List<String> argv = List.of("dig", "-f", file.toString());
      compare(SAME, "dig -f with +trace lines", argv);
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  // BIND dig and ours on the same argv in the sandbox, compared as `how` says.
  private static void compare(Differential how, String label, List<String> argv) {
    Cmd.Result theirs = sandbox.run(Duration.ofSeconds(60), argv);
    Cmd.Result ours =
        sandbox.run(
            Duration.ofSeconds(60),
            JavaMain.command("dev.netdiag.cli.Main", argv.toArray(String[]::new)));
    how.assertSame(label, theirs, ours);
  }
}
