package dev.netdiag.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.dns.ResolvConf;
import dev.netdiag.linux.AddressFamily;
import dev.netdiag.linux.AddressText;
import dev.netdiag.linux.Errno;
import dev.netdiag.linux.GaiStatus;
import dev.netdiag.linux.Resolution;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each check's judgement on recorded inputs: rulesets, connect outcomes, lookup results. */
class DiagnoseChecksTest {
  private static String resource(String name) throws IOException {
    try (InputStream in = DiagnoseChecksTest.class.getResourceAsStream("/firewall/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest(name = "nft: port {0} -> {1}")
  @CsvSource({
    "8080, drop,   tcp dport 8080 counter packets 0 bytes 0 drop",
    "8082, reject, 'tcp dport { 8081, 8082 } reject with tcp reset'",
    "7005, reject, tcp dport 7000-7010 reject",
    "9999, drop,   ip saddr 198.19.0.0/16 tcp dport @blocked drop",
    "25,   reject, tcp dport 25 reject",
    "22,   none,   ''",
    "5353, none,   ''",
    "7011, none,   ''",
  })
  void nftRulesThatStopAPortAreFoundAndQuoted(int port, String verdict, String quote)
      throws IOException {
    List<FirewallRule> rules =
        NftRuleset.blocking(resource("ruleset.json"), resource("ruleset.txt"), port);
    if (verdict.equals("none")) {
      assertEquals(List.of(), rules);
      return;
    }
    assertEquals(1, rules.size(), rules.toString());
    FirewallRule rule = rules.getFirst();
    assertEquals(verdict.equals("reject"), rule.reject());
    assertEquals(quote, rule.text());
    assertEquals("nftables", rule.source());
    assertTrue(rule.command().startsWith("nft -a list chain inet labfw "), rule.command());
  }

  @ParameterizedTest(name = "iptables: port {0} -> {1}")
  @CsvSource({
    "8080, drop,   INPUT",
    "6005, reject, INPUT",
    "443,  reject, INPUT",
    "25,   reject, OUTPUT",
    "22,   none,   ''",
    "5353, none,   ''",
  })
  void iptablesRulesThatStopAPortAreFound(int port, String verdict, String chain)
      throws IOException {
    List<FirewallRule> rules =
        IptablesRules.blocking(resource("iptables-save.txt"), port, "iptables-save");
    if (verdict.equals("none")) {
      assertEquals(List.of(), rules);
      return;
    }
    assertEquals(1, rules.size(), rules.toString());
    assertEquals(verdict.equals("reject"), rules.getFirst().reject());
    assertEquals("filter " + chain, rules.getFirst().where());
    assertTrue(rules.getFirst().text().startsWith("-A " + chain + " -p tcp"));
  }

  @Test
  void firewallCheckLooksAtTheSideTheTrafficTakes() throws IOException {
    List<FirewallRule> rules =
        NftRuleset.blocking(resource("ruleset.json"), resource("ruleset.txt"), 25);
    CheckResult inbound = FirewallCheck.judge(25, true, rules, List.of("nftables"), 0);
    assertEquals(CheckStatus.OK, inbound.status());
    CheckResult outbound = FirewallCheck.judge(25, false, rules, List.of("nftables"), 0);
    assertEquals(CheckStatus.PROBLEM, outbound.status());
    Finding finding = outbound.findings().getFirst();
    assertEquals(FindingCode.FIREWALL_REJECT, finding.code());
    assertEquals(Layer.FIREWALL, finding.layer());
    assertEquals(List.of("inet labfw output: tcp dport 25 reject"), finding.evidence());
    assertEquals("nft -a list chain inet labfw output", finding.command());
  }

  @Test
  void aDropRuleIsFirewallDrop() throws IOException {
    List<FirewallRule> rules =
        NftRuleset.blocking(resource("ruleset.json"), resource("ruleset.txt"), 8080);
    CheckResult result = FirewallCheck.judge(8080, true, rules, List.of("nftables"), 0);
    assertEquals(FindingCode.FIREWALL_DROP, result.findings().getFirst().code());
    assertTrue(result.summary().contains("drops TCP port 8080"), result.summary());
  }

  private static AddressProbe probe(String address, ProbeStatus status, Errno errno) {
    return new AddressProbe(
        new InetSocketAddress(AddressText.parse(address), 8080), status, errno, 1_000_000, "x");
  }

  @ParameterizedTest(name = "path: {0}/{1} -> {2}")
  @CsvSource({
    "REFUSED,     REFUSED,     refused",
    "TIMEOUT,     TIMEOUT,     filtered",
    "UNREACHABLE, UNREACHABLE, unreachable",
    "TIMEOUT,     REFUSED,     filtered",
    "ERROR,       ERROR,       unreachable",
    "OPEN,        REFUSED,     ok",
  })
  void pathNamesTheFirstFailureUnlessAnAddressIsOpen(
      ProbeStatus first, ProbeStatus second, String expected) throws Exception {
    Target target = Target.parse("web.example:8080");
    CheckResult result =
        PathCheck.judge(
            target,
            List.of(
                probe("198.19.1.2", first, Errno.ECONNREFUSED),
                probe("2001:db8::2", second, Errno.ECONNREFUSED)),
            0);
    if (expected.equals("ok")) {
      assertEquals(CheckStatus.OK, result.status());
      assertEquals("1 of 2 addresses open", result.summary());
      return;
    }
    assertEquals(CheckStatus.PROBLEM, result.status());
    Finding finding = result.findings().getFirst();
    assertEquals(expected, finding.code().code());
    assertEquals(Layer.PATH, finding.layer());
    assertEquals("netdiag probe web.example:8080", finding.command());
    assertEquals(2, finding.evidence().size());
    assertTrue(
        finding.evidence().get(1).startsWith("[2001:db8::2]:8080 "), finding.evidence().toString());
  }

  private static DiagnoseState state(AddressFamily family) throws Exception {
    return new DiagnoseState(
        Target.parse("app.example:443"),
        new DiagnoseOptions(
            Duration.ofSeconds(3),
            null,
            family,
            Duration.ZERO,
            Path.of("/nonexistent/hosts"),
            Path.of("/nonexistent/nsswitch.conf"),
            Path.of("/nonexistent/resolv.conf")));
  }

  @ParameterizedTest(name = "name: {0} after {1} ns -> {2}")
  @CsvSource({
    "-2, 2000000,    dns-nxdomain",
    "-5, 2000000,    dns-no-address",
    "-9, 2000000,    dns-no-address",
    "-3, 2000000,    dns-servfail",
    "-3, 5000000000, dns-timeout",
    "-4, 2000000,    dns-servfail",
  })
  void nameFailuresGetTheirCodes(int gai, long nanos, String expected) throws Exception {
    Resolution resolution =
        new Resolution("app.example", List.of(), null, new GaiStatus(gai), false, nanos);
    Finding finding =
        NameCheck.failure(
            "app.example",
            resolution,
            null,
            "getent ahosts app.example",
            state(AddressFamily.UNSPEC));
    assertEquals(expected, finding.code().code());
    assertEquals(Layer.NAME, finding.layer());
    assertTrue(
        finding.evidence().getFirst().startsWith("getaddrinfo: " + new GaiStatus(gai).name()));
  }

  @Test
  void aLookupCutOffByTheBoundIsATimeout() throws Exception {
    Resolution resolution =
        new Resolution("app.example", List.of(), null, GaiStatus.AGAIN, true, 3_000_000_000L);
    Finding finding =
        NameCheck.failure(
            "app.example",
            resolution,
            null,
            "getent ahosts app.example",
            state(AddressFamily.UNSPEC));
    assertEquals(FindingCode.DNS_TIMEOUT, finding.code());
    assertTrue(finding.evidence().getFirst().contains("within 3s"), finding.evidence().toString());
  }

  @Test
  void noAddressNamesTheAskedFamily() throws Exception {
    Resolution resolution =
        new Resolution("app.example", List.of(), null, GaiStatus.NODATA, false, 1000);
    Finding finding =
        NameCheck.failure(
            "app.example",
            resolution,
            null,
            "getent ahosts app.example",
            state(AddressFamily.INET6));
    assertTrue(finding.summary().contains("no IPv6 address"), finding.summary());
  }

  @Test
  void theVerdictPrefersTheCauseOverTheSymptom() {
    Finding path = new Finding.Path(FindingCode.FILTERED, "timed out", List.of("e"), "c");
    Finding firewall =
        new Finding.Firewall(FindingCode.FIREWALL_DROP, "dropped", List.of("e"), "c");
    Finding health = new Finding.Health(FindingCode.CLOSE_WAIT_LEAK, "leak", List.of("e"), "c");
    Finding name = new Finding.Name(FindingCode.DNS_NXDOMAIN, "no name", List.of("e"), "c");
    assertEquals("firewall-drop", Verdict.of(List.of(path, firewall), "fine").code());
    assertEquals("filtered", Verdict.of(List.of(health, path), "fine").code());
    assertEquals("dns-nxdomain", Verdict.of(List.of(path, health, name), "fine").code());
    Verdict ok = Verdict.of(List.of(), "fine");
    assertTrue(ok.ok());
    assertEquals("ok", ok.code());
    assertEquals("fine", ok.summary());
  }

  @Test
  void aFindingAcceptsOnlyItsLayersCodes() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Finding.Path(FindingCode.DNS_NXDOMAIN, "x", List.of(), "c"));
    assertEquals(16, FindingCode.values().length);
    assertEquals("time-wait-churn", FindingCode.TIME_WAIT_CHURN.code());
    assertEquals(Layer.LISTENER, FindingCode.BACKLOG_FULL.layer());
  }

  @Test
  void hostsFileLinesAreQuotedWithTheirNumber() throws Exception {
    Path hosts = java.nio.file.Files.createTempFile("hosts", "");
    try {
      java.nio.file.Files.writeString(
          hosts, "127.0.0.1 localhost\n# 10.0.0.1 app.example\n198.19.5.77 App.Example app\n");
      DiagnoseState state =
          new DiagnoseState(
              Target.parse("app.example:443"),
              new DiagnoseOptions(
                  Duration.ofSeconds(3),
                  null,
                  AddressFamily.UNSPEC,
                  Duration.ZERO,
                  hosts,
                  hosts,
                  hosts));
      assertEquals(
          hosts + " line 3: 198.19.5.77 App.Example app",
          NameCheck.hostsFileLine(state, "app.example"));
      assertEquals(null, NameCheck.hostsFileLine(state, "other.example"));
    } finally {
      java.nio.file.Files.deleteIfExists(hosts);
    }
  }

  @ParameterizedTest(name = "policy drop: port {0} -> {1}")
  @CsvSource({"8080, 1", "443, 0", "22, 0"})
  void aDropPolicyDropsPortsNoRuleAccepts(int port, int expected) throws IOException {
    List<FirewallRule> nft =
        NftRuleset.blocking(resource("policy-drop.json"), resource("policy-drop.txt"), port);
    assertEquals(expected, nft.size(), nft.toString());
    if (expected == 1) {
      assertEquals("input", nft.getFirst().hook());
      assertTrue(nft.getFirst().text().startsWith("policy drop;"), nft.getFirst().text());
      CheckResult result = FirewallCheck.judge(port, true, nft, List.of("nftables"), 0);
      assertEquals(FindingCode.FIREWALL_DROP, result.findings().getFirst().code());
    }
    List<FirewallRule> iptables =
        IptablesRules.blocking(resource("iptables-policy.txt"), port, "iptables-save");
    // FORWARD's DROP policy is listed but is neither the input nor the output side.
    List<FirewallRule> inbound = iptables.stream().filter(r -> r.hook().equals("input")).toList();
    assertEquals(port == 22 ? 0 : 1, inbound.size(), iptables.toString());
  }

  @Test
  void authorityCandidatesFollowGlibcSearchOrder() {
    ResolvConf conf = ResolvConf.parse("search a.test b.test.\noptions ndots:2\n");
    // Fewer dots than ndots: the search domains first, the name as typed last.
    assertEquals(
        List.of("web.a.test", "web.b.test", "web"), AuthorityLookup.candidates("web", conf));
    assertEquals(
        List.of("www.corp.a.test", "www.corp.b.test", "www.corp"),
        AuthorityLookup.candidates("www.corp", conf));
    // Enough dots: as typed first.
    assertEquals(
        List.of("x.y.z", "x.y.z.a.test", "x.y.z.b.test"),
        AuthorityLookup.candidates("x.y.z", conf));
    // A final dot: only as typed.
    assertEquals(List.of("web.a.test"), AuthorityLookup.candidates("web.a.test.", conf));
    // No search list: only the name.
    assertEquals(List.of("web"), AuthorityLookup.candidates("web", ResolvConf.parse("")));
  }
}
