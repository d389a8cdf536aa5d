package dev.netdiag.cli.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.JsonDoc;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.JavaMain;
import dev.netdiag.testkit.NsdServer;
import dev.netdiag.testkit.ResolverSandbox;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Names resolved as applications resolve them (getaddrinfo), against a real NSD serving zone
 * "probe.test." on 127.77.0.1:53, with /etc/resolv.conf replaced in a private mount namespace so
 * nothing asks the machine's own resolver. Needs root and nsd; skipped with the reason otherwise.
 */
class ProbeResolutionTest {
  private static final String ZONE =
      """
      $ORIGIN probe.test.
      $TTL 300
      @        IN SOA ns.probe.test. admin.probe.test. 1 3600 900 604800 300
      @        IN NS  ns
      ns       IN A   127.77.0.1
      both     IN A   127.0.0.1
      both     IN AAAA ::1
      v4       IN A   127.0.0.1
      txtonly  IN TXT "a name with no address"
      """;

  private static NsdServer nsd;
  private static ServerSocket listener;
  private static ResolverSandbox sandbox;

  @BeforeAll
  static void start() throws Exception {
    nsd = NsdServer.start("127.77.0.1", 53, Map.of("probe.test", ZONE));
    listener = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    sandbox =
        ResolverSandbox.withResolvConf("nameserver 127.77.0.1\noptions timeout:1 attempts:2\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (listener != null) {
      listener.close();
    }
    if (nsd != null) {
      nsd.close();
    }
  }

  private static Cmd.Result probe(String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "probe";
    System.arraycopy(args, 0, full, 1, args.length);
    return sandbox.run(Duration.ofSeconds(30), JavaMain.command("dev.netdiag.cli.Main", full));
  }

  @Test
  void anUnknownNameIsNxdomain() {
    Cmd.Result result = probe("nope.probe.test:80");
    assertEquals(1, result.exitCode(), result.stderr());
    assertTrue(result.stdout().startsWith("nope.probe.test does not resolve"), result.stdout());
    assertTrue(result.stdout().contains("EAI_NONAME"), result.stdout());
    assertTrue(result.stdout().endsWith("verdict: nxdomain\n"), result.stdout());
  }

  @Test
  void aNameWithoutAddressesIsNoAddress() {
    Cmd.Result result = probe("--json", "txtonly.probe.test:80");
    assertEquals(1, result.exitCode(), result.stderr());
    Map<String, Object> doc = JsonDoc.flatten(result.stdout());
    assertEquals("no-address", doc.get("resolution.status"));
    assertEquals("EAI_NODATA", doc.get("resolution.gai_error"));
    assertEquals("no-address", doc.get("verdict"));
  }

  @Test
  void everyAddressOfBothFamiliesIsTried() {
    Cmd.Result result = probe("--json", "both.probe.test:" + listener.getLocalPort());
    assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
    Map<String, Object> doc = JsonDoc.flatten(result.stdout());
    assertEquals("ok", doc.get("resolution.status"));
    String first = (String) doc.get("results[0].address");
    String second = (String) doc.get("results[1].address");
    assertTrue(
        (first + " " + second).equals("::1 127.0.0.1")
            || (first + " " + second).equals("127.0.0.1 ::1"),
        first + " " + second);
    assertEquals(first.equals("::1") ? "refused" : "open", doc.get("results[0].status"));
    assertEquals("open", doc.get("verdict"));
  }

  @Test
  void familyFlagsRestrictTheLookup() {
    Cmd.Result v6 = probe("-6", "--json", "v4.probe.test:80");
    assertEquals(1, v6.exitCode());
    assertEquals("no-address", JsonDoc.flatten(v6.stdout()).get("resolution.status"));
    Cmd.Result text = probe("-4", "both.probe.test", Integer.toString(listener.getLocalPort()));
    assertEquals(0, text.exitCode(), text.stdout() + text.stderr());
    assertTrue(
        text.stdout().startsWith("both.probe.test resolves to 127.0.0.1 in "), text.stdout());
  }
}
