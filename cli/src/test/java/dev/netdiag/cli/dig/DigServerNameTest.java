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
 * {@code @server} names that do not give an address, against BIND dig 9.18: dig's "couldn't get
 * address for 'NAME': REASON" (exit 1, or "skipping lookup" on a batch line), with getaddrinfo
 * asked for the family -4 or -6 wants. Both run in a sandbox whose hosts file names one server and
 * whose resolv.conf points at nsd on 127.62.4.9:53, authoritative for the root (so other names are
 * NXDOMAIN: "not found"), or at 127.62.4.8, where nothing listens ("failure"). Needs root, nsd and
 * dig.
 */
class DigServerNameTest {
  private static final String ROOT =
      """
      $TTL 86400
      .              IN SOA ns.root.test. hostmaster.test. 1 3600 900 604800 300
      .              IN NS  ns.root.test.
      ns.root.test.  IN A   127.62.4.9
      """;
  private static final String ZONE =
      """
      $ORIGIN names.test.
      $TTL 300
      @        IN SOA ns1 hostmaster 1 3600 900 604800 300
      @        IN NS  ns1
      ns1      IN A   127.62.4.1
      www      IN A   192.0.2.1
      """;
  private static final String HOSTS = "127.0.0.1 localhost\n127.62.4.1 v4only.test\n";

  private static final List<NsdServer> servers = new ArrayList<>();
  private static ResolverSandbox answering;
  private static ResolverSandbox refusing;
  private static java.nio.file.Path batch;

  private static final Differential SAME =
      Differential.exact()
          .withStderr()
          .mask("id: [0-9]+", "id: X")
          .mask("Query time: [0-9]+ msec", "Query time: X")
          .mask("^;; WHEN: .*", ";; WHEN: X")
          .mask("^; COOKIE: .*", "; COOKIE: X");

  @BeforeAll
  static void start() throws java.io.IOException {
    Requires.assumeRoot("nsd on port 53 of a loopback address and a resolver sandbox");
    Requires.assumeInstalled("nsd", "dig");
    servers.add(NsdServer.start("127.62.4.9", 53, Map.of("", ROOT)));
    servers.add(NsdServer.start("127.62.4.1", 5353, Map.of("names.test", ZONE)));
    answering =
        ResolverSandbox.withResolvConf("nameserver 127.62.4.9\noptions timeout:1 attempts:1\n")
            .withHosts(HOSTS);
    refusing =
        ResolverSandbox.withResolvConf("nameserver 127.62.4.8\noptions timeout:1 attempts:1\n")
            .withHosts(HOSTS);
    batch = java.nio.file.Files.createTempFile("netdiag-names", ".batch");
    java.nio.file.Files.writeString(
        batch,
        "www.names.test\n@nonexistent.invalid www.names.test\n@v4only.test www.names.test\n");
  }

  @AfterAll
  static void stop() throws java.io.IOException {
    for (NsdServer s : servers) {
      s.close();
    }
    if (batch != null) {
      java.nio.file.Files.deleteIfExists(batch);
    }
  }

  static Stream<String> cases() {
    return Stream.of(
        "@nonexistent.invalid www.names.test",
        "@nonexistent.invalid -4 www.names.test",
        "@v4only.test www.names.test +short",
        "-6 @v4only.test www.names.test",
        "@v4only.test @nonexistent.invalid www.names.test",
        "-4 @::1 www.names.test",
        "@::1 -4 www.names.test",
        "@v4only.test +short -f BATCH",
        "refusing: @nonexistent.invalid www.names.test",
        "refusing: @v4only.test www.names.test +short");
  }

  @ParameterizedTest(name = "dig {0}")
  @MethodSource("cases")
  void serverNamesAsDigResolvesThem(String line) {
    ResolverSandbox sandbox = line.startsWith("refusing: ") ? refusing : answering;
    List<String> argv = new ArrayList<>(List.of("dig", "-p", "5353"));
    for (String word : line.replace("refusing: ", "").split(" ")) {
      argv.add(word.equals("BATCH") ? batch.toString() : word);
    }
    Cmd.Result theirs = sandbox.run(Duration.ofSeconds(60), argv);
    Cmd.Result ours =
        sandbox.run(
            Duration.ofSeconds(60),
            JavaMain.command("dev.netdiag.cli.Main", argv.toArray(String[]::new)));
    SAME.assertSame(line, theirs, ours);
  }
}
