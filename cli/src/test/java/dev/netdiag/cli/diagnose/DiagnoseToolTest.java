package dev.netdiag.cli.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.JsonDoc;
import dev.netdiag.cli.Run;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.JavaMain;
import dev.netdiag.testkit.NsdServer;
import dev.netdiag.testkit.Requires;
import dev.netdiag.testkit.ResolverSandbox;
import java.net.DatagramSocket;
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
 * diagnose end to end on loopback (127.78.0.0/16): a healthy target, a closed port, the JSON
 * schema, usage errors; and the name check against a real NSD in a resolver sandbox (NXDOMAIN, no
 * address, a refusing server, a silent one).
 */
class DiagnoseToolTest {
  private static final String ZONE =
      """
      $ORIGIN diag.test.
      $TTL 300
      @        IN SOA ns.diag.test. admin.diag.test. 1 3600 900 604800 300
      @        IN NS  ns
      ns       IN A   127.78.0.21
      web      IN A   127.78.0.22
      txtonly  IN TXT "no address"
      """;

  private static ServerSocket listener;
  private static NsdServer nsd;
  private static DatagramSocket silent;

  @BeforeAll
  static void start() throws Exception {
    listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getByName("127.78.0.22"), 0), 50);
    if (Requires.root() && Cmd.installed("nsd")) {
      nsd = NsdServer.start("127.78.0.21", 53, Map.of("diag.test", ZONE));
      // A DNS server that never answers: queries to it time out.
      silent = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.78.0.23"), 53));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    listener.close();
    if (nsd != null) {
      nsd.close();
    }
    if (silent != null) {
      silent.close();
    }
  }

  @Test
  void aHealthyTargetIsOkQuickly() {
    long start = System.nanoTime();
    Cmd.Result result = Run.netdiag("diagnose", "127.78.0.22:" + listener.getLocalPort());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
    assertTrue(result.stdout().startsWith("diagnose 127.78.0.22:"), result.stdout());
    assertTrue(
        result.stdout().contains("\npath      ok       1 of 1 address open\n"), result.stdout());
    assertTrue(result.stdout().endsWith(" accepts connections\n"), result.stdout());
    assertTrue(millis < 3000, "took " + millis + " ms");
  }

  @Test
  void aClosedLocalPortIsNotListeningAndRefused() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.78.0.24"))) {
      port = probe.getLocalPort();
    }
    Cmd.Result result = Run.netdiag("diagnose", "--json", "127.78.0.24:" + port);
    assertEquals(1, result.exitCode(), result.stderr());
    Map<String, Object> doc = JsonDoc.flatten(result.stdout());
    assertEquals("127.78.0.24:" + port, doc.get("target"));
    // The cause (nothing bound, seen in the socket table) wins over the symptom (the reset).
    assertEquals("not-listening", doc.get("verdict.code"));
    assertEquals("listener", doc.get("verdict.layer"));
    assertEquals("ss -tlnp 'sport = :" + port + "'", doc.get("checks[2].command"));
    assertEquals("problem", doc.get("checks[2].status"));
    assertEquals("not-listening", doc.get("checks[2].findings[0]"));
    assertEquals("ok", doc.get("checks[4].status"));
    assertEquals("refused", doc.get("findings[0].code"));
    assertEquals("path", doc.get("findings[0].layer"));
    assertEquals("netdiag probe 127.78.0.24:" + port, doc.get("findings[0].command"));
    assertTrue(((String) doc.get("findings[0].evidence[0]")).contains("ECONNREFUSED"));
    assertEquals("name", doc.get("checks[0].layer"));
    assertEquals("path", doc.get("checks[1].layer"));
    assertEquals("listener", doc.get("checks[2].layer"));
    assertEquals("firewall", doc.get("checks[3].layer"));
    assertEquals("health", doc.get("checks[4].layer"));
    assertEquals("problem", doc.get("checks[1].status"));
    assertEquals("refused", doc.get("checks[1].findings[0]"));
  }

  @Test
  void helpNamesEveryCheckAndItsFindings() {
    for (String flag : new String[] {"--help", "-h"}) {
      Cmd.Result help = Run.netdiag("diagnose", "127.0.0.1:9", flag);
      assertEquals(0, help.exitCode(), help.stderr());
      assertTrue(help.stdout().startsWith("Usage: netdiag diagnose "), help.stdout());
      for (String word :
          new String[] {
            "dns-mismatch",
            "not-listening",
            "loopback-only",
            "firewall-drop",
            "close-wait-leak",
            "--dns-server ADDR",
            "--watch D",
            "--json"
          }) {
        assertTrue(help.stdout().contains(word), word);
      }
      assertFalse(help.stdout().contains("not built"), help.stdout());
    }
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, Run.netdiag("diagnose").exitCode());
    assertEquals(2, Run.netdiag("diagnose", "no-port-here").exitCode());
    assertEquals(2, Run.netdiag("diagnose", "-4", "-6", "a:1").exitCode());
    Cmd.Result family = Run.netdiag("diagnose", "-6", "127.0.0.1:9");
    assertEquals(2, family.exitCode());
    assertEquals(
        "netdiag diagnose: -6 asks for IPv6, but 127.0.0.1 is an IPv4 address\n", family.stderr());
    assertEquals(2, Run.netdiag("diagnose", "-4", "[::1]:9").exitCode());
    Cmd.Result bad = Run.netdiag("diagnose", "--timeout", "soon", "a:1");
    assertEquals(2, bad.exitCode());
    assertTrue(bad.stderr().startsWith("netdiag diagnose: --timeout"), bad.stderr());
  }

  private static Map<String, Object> sandboxed(String resolver, String target) {
    return sandboxed(ResolverSandbox.withResolvConf(resolver), target);
  }

  private static Map<String, Object> sandboxed(
      ResolverSandbox sandbox, String target, String... options) {
    Requires.assumeRoot("a resolver sandbox and nsd on port 53");
    Requires.assumeInstalled("nsd");
    List<String> args = new ArrayList<>(List.of("diagnose", "--json", "--timeout", "8s"));
    args.addAll(List.of(options));
    args.add(target);
    Cmd.Result result =
        sandbox.run(
            Duration.ofSeconds(60),
            JavaMain.command("dev.netdiag.cli.Main", args.toArray(String[]::new)));
    assertTrue(result.exitCode() == 0 || result.exitCode() == 1, result.toString());
    // Nothing on stderr: in particular no logging noise from the DNS library.
    assertEquals("", result.stderr());
    return JsonDoc.flatten(result.stdout());
  }

  private static final String NSD = "nameserver 127.78.0.21\noptions timeout:1 attempts:1\n";

  @Test
  void aMissingNameIsNxdomain() {
    Map<String, Object> doc = sandboxed(NSD, "nope.diag.test:80");
    assertEquals("dns-nxdomain", doc.get("verdict.code"));
    assertEquals("name", doc.get("verdict.layer"));
    assertEquals("getent ahosts nope.diag.test", doc.get("findings[0].command"));
    assertTrue(((String) doc.get("findings[0].evidence[0]")).contains("EAI_NONAME"));
    assertEquals("skipped", doc.get("checks[1].status"));
  }

  @Test
  void aNameWithoutAddressesIsNoAddress() {
    Map<String, Object> doc = sandboxed(NSD, "txtonly.diag.test:80");
    assertEquals("dns-no-address", doc.get("verdict.code"));
  }

  @Test
  void aRefusingServerIsServfail() {
    // nsd serves only diag.test: it answers REFUSED for any other zone, at once.
    Map<String, Object> doc = sandboxed(NSD, "web.other.test:80");
    assertEquals("dns-servfail", doc.get("verdict.code"));
  }

  @Test
  void aSilentServerIsATimeout() {
    Map<String, Object> doc =
        sandboxed("nameserver 127.78.0.23\noptions timeout:2 attempts:1\n", "web.diag.test:80");
    assertEquals("dns-timeout", doc.get("verdict.code"));
  }

  @Test
  void aResolvableNameThatAcceptsIsOk() {
    Map<String, Object> doc = sandboxed(NSD, "web.diag.test:" + listener.getLocalPort());
    assertEquals("ok", doc.get("verdict.code"));
    assertEquals(null, doc.get("verdict.layer"));
    assertTrue(((String) doc.get("checks[0].summary")).contains("127.78.0.22"));
  }

  @Test
  void anEtcHostsOverrideThatDisagreesWithDnsIsAMismatch() {
    Map<String, Object> doc =
        sandboxed(
            ResolverSandbox.withResolvConf(NSD)
                .withHosts("127.0.0.1 localhost\n127.78.0.30 web.diag.test\n"),
            "web.diag.test:" + listener.getLocalPort());
    assertEquals("dns-mismatch", doc.get("verdict.code"));
    assertEquals("name", doc.get("verdict.layer"));
    assertTrue(
        ((String) doc.get("verdict.summary")).contains("an /etc/hosts entry overrides DNS"),
        doc.toString());
    assertEquals("getent -s hosts:dns ahosts web.diag.test", doc.get("findings[0].command"));
    assertTrue(
        ((String) doc.get("findings[0].evidence[0]")).startsWith("getaddrinfo: 127.78.0.30 in "),
        doc.toString());
    assertTrue(
        doc.containsValue("DNS alone (resolv.conf servers, glibc's dns module): 127.78.0.22"),
        doc.toString());
  }

  @Test
  void aHostsOnlyNameWithoutDnsIsNotAMismatch() {
    Map<String, Object> doc =
        sandboxed(
            ResolverSandbox.withResolvConf(NSD)
                .withHosts("127.0.0.1 localhost\n127.78.0.22 intranet.other.test\n"),
            "intranet.other.test:" + listener.getLocalPort());
    assertEquals("ok", doc.get("verdict.code"), doc.toString());
    assertTrue(
        doc.containsValue(
            "DNS alone (resolv.conf servers): EAI_AGAIN: the name exists only in /etc/hosts"),
        doc.toString());
  }

  @Test
  void theDnsServerOptionAsksThatServerAndNamesAnOverride() {
    Map<String, Object> doc =
        sandboxed(
            ResolverSandbox.withResolvConf("nameserver 127.78.0.23\noptions timeout:1 attempts:1\n")
                .withHosts("127.0.0.1 localhost\n127.78.0.30 web.diag.test\n"),
            "web.diag.test:" + listener.getLocalPort(),
            "--dns-server",
            "127.78.0.21");
    assertEquals("dns-mismatch", doc.get("verdict.code"), doc.toString());
    assertEquals(
        "dig @127.78.0.21 web.diag.test A web.diag.test AAAA", doc.get("findings[0].command"));
    assertTrue(doc.containsValue("DNS server 127.78.0.21: 127.78.0.22"), doc.toString());
    assertTrue(
        ((String) doc.get("verdict.summary")).contains("an /etc/hosts entry overrides DNS"),
        doc.toString());
  }

  @Test
  void theDnsServerOptionAgreeingWithNssIsOk() {
    Map<String, Object> doc =
        sandboxed(
            ResolverSandbox.withResolvConf(NSD),
            "web.diag.test:" + listener.getLocalPort(),
            "--dns-server",
            "127.78.0.21");
    assertEquals("ok", doc.get("verdict.code"), doc.toString());
    assertTrue(doc.containsValue("DNS server 127.78.0.21: 127.78.0.22"), doc.toString());
  }

  @Test
  void aDnsServerThatRefusesOrStaysSilentIsReported() {
    ResolverSandbox sandbox =
        ResolverSandbox.withResolvConf(NSD)
            .withHosts("127.0.0.1 localhost\n127.78.0.22 intranet.other.test\n");
    String target = "intranet.other.test:" + listener.getLocalPort();
    Map<String, Object> refused = sandboxed(sandbox, target, "--dns-server", "127.78.0.21");
    assertEquals("dns-servfail", refused.get("verdict.code"), refused.toString());
    assertTrue(refused.containsValue("DNS server 127.78.0.21: REFUSED"), refused.toString());
    Map<String, Object> silentServer = sandboxed(sandbox, target, "--dns-server", "127.78.0.23");
    assertEquals("dns-timeout", silentServer.get("verdict.code"), silentServer.toString());
  }
}
