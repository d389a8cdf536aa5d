package dev.netdiag.cli.getent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.JsonDoc;
import dev.netdiag.cli.Run;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * getent against glibc's getent on the same state. Name lookups run in a resolver sandbox (private
 * /etc/hosts written here, /etc/resolv.conf pointing at a real NSD on 127.78.0.1:53 serving
 * "getent.test."), so nothing reaches the machine's resolver; services, protocols and networks read
 * the machine's own files and run in-process. The sandbox needs root and nsd; those cases skip with
 * the reason otherwise.
 */
class GetentDifferentialTest {
  private static final String HOSTS =
      """
      127.0.0.1     localhost
      ::1           localhost ip6-localhost ip6-loopback
      127.78.0.10   web.getent.test web www.getent.test
      127.78.0.11   multi.getent.test
      127.78.0.12   multi.getent.test
      2001:db8::10  v6only.getent.test v6only
      127.78.0.13   dual.getent.test dual
      2001:db8::13  dual.getent.test dual
      ::ffff:127.78.0.14 mapped.getent.test
      """;

  private static final String ZONE =
      """
      $ORIGIN getent.test.
      $TTL 300
      @        IN SOA ns.getent.test. admin.getent.test. 1 3600 900 604800 300
      @        IN NS  ns
      ns       IN A   127.78.0.1
      dnsonly  IN A   127.78.1.1
      dnsonly  IN A   127.78.1.2
      dnsonly  IN AAAA 2001:db8::1:1
      alias    IN CNAME dnsonly
      txtonly  IN TXT "no address here"
      web      IN A   127.78.9.9
      """;

  private static NsdServer nsd;
  private static ResolverSandbox sandbox;

  @BeforeAll
  static void start() {
    if (!Requires.root() || !Cmd.installed("nsd")) {
      return; // each sandboxed case skips with the reason
    }
    nsd = NsdServer.start("127.78.0.1", 53, Map.of("getent.test", ZONE));
    sandbox =
        ResolverSandbox.withResolvConf(
                "nameserver 127.78.0.1\nsearch getent.test\noptions timeout:1 attempts:2\n")
            .withHosts(HOSTS);
  }

  @AfterAll
  static void stop() {
    if (nsd != null) {
      nsd.close();
    }
  }

  private static List<String> words(String line) {
    return line.isEmpty() ? List.of() : List.of(line.split(" "));
  }

  /** Runs getent and netdiag getent with the same words inside the sandbox and compares. */
  private static void compareSandboxed(String line) {
    Requires.assumeRoot("a resolver sandbox with its own /etc/hosts");
    Requires.assumeInstalled("nsd", "getent");
    List<String> reference = new ArrayList<>(List.of("getent"));
    reference.addAll(words(line));
    Cmd.Result want = sandbox.run(Duration.ofSeconds(30), reference);
    // Guard against comparing two failures to start: the reference must have looked something up.
    assertTrue(want.exitCode() == 0 || want.exitCode() == 2, "reference getent failed: " + want);
    assertTrue(want.exitCode() == 2 || !want.stdout().isEmpty(), "no output: " + want);
    List<String> ours = new ArrayList<>(List.of("getent"));
    ours.addAll(words(line));
    Cmd.Result got =
        sandbox.run(
            Duration.ofSeconds(30),
            JavaMain.command("dev.netdiag.cli.Main", ours.toArray(String[]::new)));
    Differential.exact().withStderr().assertSame("getent " + line, want, got);
  }

  @ParameterizedTest(name = "getent {0}")
  @ValueSource(
      strings = {
        "hosts web.getent.test",
        "hosts web",
        "hosts www.getent.test",
        "hosts 127.78.0.10",
        "hosts 2001:db8::10",
        "hosts ::1",
        "hosts multi.getent.test",
        "hosts dual.getent.test",
        "hosts v6only",
        "hosts mapped.getent.test",
        "hosts dnsonly.getent.test",
        "hosts dnsonly",
        "hosts alias.getent.test",
        "hosts nope.getent.test",
        "hosts web nope.getent.test dual",
        "hosts",
        "ahosts dual.getent.test",
        "ahosts -A dual.getent.test",
        "ahosts v6only",
        "ahosts alias.getent.test",
        "ahosts txtonly.getent.test",
        "ahosts nope.getent.test",
        "ahosts",
        "ahostsv4 dual.getent.test",
        "ahostsv4 dnsonly.getent.test",
        "ahostsv4 v6only.getent.test",
        "ahostsv6 web.getent.test",
        "ahostsv6 -A dual.getent.test",
        "ahostsv6 --no-addrconfig dnsonly.getent.test",
        "-s hosts:files hosts dnsonly.getent.test",
        "-s files hosts web.getent.test",
        "-s dns ahosts web.getent.test",
        "--service=hosts:dns hosts web.getent.test",
        "-i ahosts web.getent.test",
      })
  void hostLookupsMatchGlibc(String line) {
    compareSandboxed(line);
  }

  @ParameterizedTest(name = "getent {0}")
  @ValueSource(
      strings = {
        "services ssh",
        "services 22",
        "services 22/udp",
        "services http/tcp",
        "services domain nope",
        "services 70000",
        "services 0",
        "services",
        "protocols tcp",
        "protocols 17",
        "protocols ICMP",
        "protocols 999",
        "protocols 6abc",
        "protocols",
        "networks loopback",
        "networks 127.0.0.0",
        "networks 169.254",
        "networks nope",
        "networks",
        "passwd-no-such-db",
        "",
        "-x hosts",
        "--nope hosts",
        "--service",
        "-s",
        "-s nodb:files hosts",
      })
  void fileDatabasesAndUsageMatchGlibc(String line) {
    Requires.assumeInstalled("getent");
    List<String> reference = new ArrayList<>(List.of("getent"));
    reference.addAll(words(line));
    Cmd.Result want = Cmd.run(Duration.ofSeconds(30), reference);
    List<String> ours = new ArrayList<>(List.of("getent"));
    ours.addAll(words(line));
    Cmd.Result got = Run.netdiag(ours.toArray(String[]::new));
    // stderr is compared as lines: getent writes its "Try" hint to stdout or stderr by case.
    Differential.exact().withStderr().assertSame("getent " + line, want, got);
  }

  @Test
  void jsonListsEveryLookupWithFoundFlags() {
    Cmd.Result result = Run.netdiag("getent", "--json", "services", "ssh", "nope-no-such");
    assertEquals(2, result.exitCode(), result.stderr());
    Map<String, Object> doc = JsonDoc.flatten(result.stdout());
    assertEquals("services", doc.get("database"));
    assertEquals("ssh", doc.get("lookups[0].key"));
    assertEquals(true, doc.get("lookups[0].found"));
    assertEquals(22, ((Number) doc.get("lookups[0].entries[0].port")).intValue());
    assertEquals("tcp", doc.get("lookups[0].entries[0].protocol"));
    assertEquals(false, doc.get("lookups[1].found"));
    assertEquals(2, ((Number) doc.get("exit_code")).intValue());
  }

  @Test
  void jsonOfAhostsCarriesSocketTypesAndTheCanonicalName() {
    Requires.assumeRoot("a resolver sandbox with its own /etc/hosts");
    Requires.assumeInstalled("nsd");
    Cmd.Result result =
        sandbox.run(
            Duration.ofSeconds(30),
            JavaMain.command(
                "dev.netdiag.cli.Main", "getent", "--json", "ahostsv4", "alias.getent.test"));
    assertEquals(0, result.exitCode(), result.stderr());
    Map<String, Object> doc = JsonDoc.flatten(result.stdout());
    assertEquals("dnsonly.getent.test", doc.get("lookups[0].entries[0].canonical_name"));
    assertEquals("stream", doc.get("lookups[0].entries[0].socket_type"));
    assertTrue(
        String.valueOf(doc.get("lookups[0].entries[0].address")).startsWith("127.78.1."),
        result.stdout());
  }

  @Test
  void databasesGetentHasButNetdiagDoesNotServeSaySo() {
    Cmd.Result result = Run.netdiag("getent", "passwd", "root");
    assertEquals(1, result.exitCode());
    assertTrue(result.stderr().contains("the passwd database is not served by netdiag"));
  }
}
