package dev.netdiag.cli.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.JsonDoc;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.JavaMain;
import dev.netdiag.testkit.NsdServer;
import dev.netdiag.testkit.Requires;
import dev.netdiag.testkit.ResolverSandbox;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * diagnose's name check against authority, offline: a root nsd on 127.78.0.31 delegating auth.test
 * to an nsd on 127.78.0.32 (the truth), and a "resolver" nsd on 127.78.0.41 whose view is stale (it
 * serves the root zone itself, naming 127.78.0.31 as the root server so the walk can start there).
 * The application resolves through the stale server (a resolver sandbox); diagnose walks from the
 * root and must tell a stale cache, a vanished name, a search-list expansion and a negative answer
 * the authority contradicts.
 */
class DiagnoseAuthorityTest {
  private static final String ROOT =
      """
      $TTL 86400
      .              IN SOA a.root. hostmaster.root. 1 3600 900 604800 300
      .              IN NS  a.root.
      a.root.        IN A   127.78.0.31
      auth.test.     IN NS  ns1.auth.test.
      ns1.auth.test. IN A   127.78.0.32
      www.corp.      IN A   127.78.0.77
      """;
  private static final String AUTH =
      """
      $ORIGIN auth.test.
      $TTL 300
      @              IN SOA ns1 hostmaster 1 3600 900 604800 300
      @              IN NS  ns1
      ns1            IN A   127.78.0.32
      web            IN A   127.78.0.33
      moved          IN A   127.78.0.33
      fresh          IN A   127.78.0.33
      www.corp       IN A   127.78.0.33
      alias          IN CNAME web
      """;
  private static final String STALE =
      """
      $TTL 86400
      .                   IN SOA a.root. hostmaster.root. 1 3600 900 604800 300
      .                   IN NS  a.root.
      a.root.             IN A   127.78.0.31
      web.auth.test.      IN A   127.78.0.33
      alias.auth.test.    IN A   127.78.0.33
      moved.auth.test.    IN A   127.78.0.99
      gone.auth.test.     IN A   127.78.0.33
      www.corp.auth.test. IN A   127.78.0.33
      """;
  private static final String RESOLVER = "nameserver 127.78.0.41\noptions timeout:1 attempts:1\n";

  private static final List<NsdServer> servers = new ArrayList<>();
  private static ServerSocket listener;

  @BeforeAll
  static void start() throws Exception {
    listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getByName("127.78.0.33"), 0), 50);
    if (Requires.root() && Cmd.installed("nsd")) {
      servers.add(NsdServer.start("127.78.0.31", 53, Map.of("", ROOT)));
      servers.add(NsdServer.start("127.78.0.32", 53, Map.of("auth.test", AUTH)));
      servers.add(NsdServer.start("127.78.0.41", 53, Map.of("", STALE)));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    listener.close();
    for (NsdServer server : servers) {
      server.close();
    }
  }

  @Test
  void aNameTheAuthorityAgreesWithIsOkAndQuotesTheAuthority() {
    Map<String, Object> doc = diagnose(RESOLVER, "web.auth.test");
    assertEquals("ok", doc.get("verdict.code"), doc.toString());
    assertTrue(
        doc.containsValue("authority for web.auth.test (ns1.auth.test (127.78.0.32)): 127.78.0.33"),
        doc.toString());
  }

  @Test
  void aCnameIsFollowedToItsAddresses() {
    Map<String, Object> doc = diagnose(RESOLVER, "alias.auth.test");
    assertEquals("ok", doc.get("verdict.code"), doc.toString());
    assertTrue(
        doc.containsValue(
            "authority for alias.auth.test (ns1.auth.test (127.78.0.32)): 127.78.0.33"),
        doc.toString());
  }

  @Test
  void aNameGoneFromItsZoneButStillAnsweredIsAStaleMismatch() {
    Map<String, Object> doc = diagnose(RESOLVER, "gone.auth.test");
    assertEquals("dns-mismatch", doc.get("verdict.code"), doc.toString());
    assertEquals("name", doc.get("verdict.layer"));
    assertEquals(
        "gone.auth.test does not exist at its authoritative servers (ns1.auth.test"
            + " (127.78.0.32)), but the resolver still answers it: a stale cache or a"
            + " split-horizon view",
        doc.get("verdict.summary"));
    assertEquals("dig +trace gone.auth.test", doc.get("findings[0].command"));
  }

  @Test
  void aStaleAddressThatFailsIsNamedAsDnsNotAsThePath() {
    Map<String, Object> doc = diagnose(RESOLVER, "moved.auth.test");
    // The name check alone cannot blame a different address set (CDNs answer per asker) ...
    assertEquals("ok", doc.get("checks[0].status"), doc.toString());
    assertTrue(
        doc.containsValue(
            "the authoritative servers answer other addresses than applications get: normal for"
                + " CDNs and round-robin names, a stale cache when the connect fails"),
        doc.toString());
    // ... but once the connect to it fails, the stale answer is the cause.
    assertEquals("refused", doc.get("checks[1].findings[0]"), doc.toString());
    assertEquals("dns-mismatch", doc.get("checks[1].findings[1]"), doc.toString());
    assertEquals("dns-mismatch", doc.get("verdict.code"), doc.toString());
    assertEquals(
        "moved.auth.test: every address applications get fails, while its authoritative servers"
            + " answer 127.78.0.33: the resolver's answer is stale (a cache not yet expired) or a"
            + " split-horizon view",
        doc.get("verdict.summary"));
  }

  @Test
  void aNegativeAnswerTheAuthorityContradictsSaysSo() {
    Map<String, Object> doc = diagnose(RESOLVER, "fresh.auth.test");
    assertEquals("dns-nxdomain", doc.get("verdict.code"), doc.toString());
    assertTrue(
        doc.containsValue(
            "authority for fresh.auth.test (ns1.auth.test (127.78.0.32)): 127.78.0.33"),
        doc.toString());
    assertTrue(
        doc.containsValue(
            "the authoritative servers have the name: the resolver's answer is wrong (a stale"
                + " negative cache, a filtering resolver or a split-horizon view)"),
        doc.toString());
  }

  @Test
  void aSearchListExpansionThatShadowsTheNameAsTypedIsAMismatch() {
    Map<String, Object> doc =
        diagnose(RESOLVER + "search auth.test\noptions ndots:3\n", "www.corp");
    assertEquals("dns-mismatch", doc.get("verdict.code"), doc.toString());
    assertEquals(
        "www.corp: applications reach www.corp.auth.test, not www.corp: the search list turned"
            + " www.corp into www.corp.auth.test (a name with 1 dot, ndots:3), and the two names"
            + " have different addresses",
        doc.get("verdict.summary"));
    assertTrue(doc.containsValue("authority for www.corp as typed: 127.78.0.77"), doc.toString());
    assertEquals("dig +trace www.corp", doc.get("findings[0].command"));
  }

  @Test
  void aShortNameThroughTheSearchListIsOkAndExplained() {
    Map<String, Object> doc = diagnose(RESOLVER + "search auth.test\n", "web");
    assertEquals("ok", doc.get("verdict.code"), doc.toString());
    assertTrue(
        doc.containsValue(
            "the search list turned web into web.auth.test (a name with 0 dots, ndots:1)"),
        doc.toString());
  }

  @Test
  void aServerThatCannotNameTheRootLeavesAuthorityUnreached() {
    // The authoritative server refuses the root query: no walk, no other address asked.
    Map<String, Object> doc =
        diagnose("nameserver 127.78.0.32\noptions timeout:1 attempts:1\n", "web.auth.test");
    assertEquals("ok", doc.get("verdict.code"), doc.toString());
    assertTrue(
        doc.values().stream()
            .anyMatch(
                v ->
                    v instanceof String s
                        && s.startsWith(
                            "authoritative servers not reached (dig +trace web.auth.test): ")),
        doc.toString());
  }

  private static Map<String, Object> diagnose(String resolvConf, String host) {
    Requires.assumeRoot("nsd on port 53 and a resolver sandbox");
    Requires.assumeInstalled("nsd");
    Cmd.Result result =
        ResolverSandbox.withResolvConf(resolvConf)
            .run(
                Duration.ofSeconds(60),
                JavaMain.command(
                    "dev.netdiag.cli.Main",
                    "diagnose",
                    "--json",
                    "--timeout",
                    "3s",
                    host + ":" + listener.getLocalPort()));
    assertTrue(result.exitCode() == 0 || result.exitCode() == 1, result.toString());
    assertEquals("", result.stderr());
    return JsonDoc.flatten(result.stdout());
  }
}
