package dev.netdiag.cli.netstat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.Main;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.JavaMain;
import dev.netdiag.testkit.NsdServer;
import dev.netdiag.testkit.Requires;
import dev.netdiag.testkit.ResolverSandbox;
import dev.netdiag.testkit.ReverseLookupSockets;
import java.io.IOException;
import java.net.StandardProtocolFamily;
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
 * netstat without -n names addresses through the C library as net-tools does: PTR records from a
 * real NSD on 127.61.0.53 (the only server in a private resolv.conf), for sockets this test opens
 * on 127.61.1.0/24 as AF_INET and as IPv4-mapped AF_INET6 sockets; an address without a PTR record,
 * names cut to 22 columns, and names longer than net-tools' 128-byte buffers. Rows of other sockets
 * on the machine are left out. Needs root and nsd.
 */
class NetstatReverseDnsTest {
  private static final String SERVER = "127.61.0.53";

  // 63-byte labels: a name of 200 bytes, beyond the 128-byte buffers net-tools copies names into.
  private static final String LABEL = "r61-" + "x".repeat(59);
  private static final String HUGE = LABEL + "." + LABEL + "." + LABEL + ".rdns.test.";

  // 127.61.1.3 has no PTR record: an NXDOMAIN from the zone's own server.
  private static final String REVERSE =
      """
      $ORIGIN 61.127.in-addr.arpa.
      $TTL 300
      @      IN SOA ns.rdns.test. admin.rdns.test. 1 3600 900 604800 300
      @      IN NS  ns.rdns.test.
      1.1    IN PTR r61-listener.rdns.test.
      2.1    IN PTR r61-client-with-a-long-name.rdns.test.
      4.1    IN PTR r61-mapped.rdns.test.
      5.1    IN PTR r61-mapped-client.rdns.test.
      6.1    IN PTR r61-udp.rdns.test.
      7.1    IN PTR HUGE
      8.1    IN PTR HUGE
      """
          .replace("HUGE", HUGE);

  private static final String FORWARD =
      """
      $ORIGIN rdns.test.
      $TTL 300
      @      IN SOA ns admin 1 3600 900 604800 300
      @      IN NS  ns
      ns     IN A   127.61.0.53
      """;

  private static NsdServer nsd;
  private static ResolverSandbox sandbox;
  private static ReverseLookupSockets sockets;

  @BeforeAll
  static void start() throws Exception {
    Requires.assumeRoot("a private resolv.conf and nsd on port 53");
    Requires.assumeInstalled("netstat", "nsd", "unshare");
    nsd = NsdServer.start(SERVER, 53, Map.of("61.127.in-addr.arpa", REVERSE, "rdns.test", FORWARD));
    sandbox =
        ResolverSandbox.withResolvConf("nameserver " + SERVER + "\noptions timeout:1 attempts:1\n");
    sockets = ReverseLookupSockets.open("127.61.1");
    // An IPv4-mapped listener whose name is longer than net-tools' 128-byte buffers.
    sockets.listen(StandardProtocolFamily.INET6, "127.61.1.8");
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
    List<String> out = new ArrayList<>(List.of("netstat"));
    out.addAll(List.of(args.split(" ")));
    return out;
  }

  private static Cmd.Result reference(String args) {
    return sandbox.run(Duration.ofSeconds(60), words(args));
  }

  private static Cmd.Result ours(String args) {
    return sandbox.run(
        Duration.ofSeconds(60),
        JavaMain.command(Main.class.getName(), words(args).toArray(String[]::new)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-t",
        "-ta",
        "-tl",
        "-taW",
        "-tuaW",
        "-u",
        "-ua",
        "-ta4",
        "-ta6",
        "-tae",
        "-tap",
        "-taeW",
        "--numeric-ports -ta",
        "-tua --wide --numeric-ports",
        "-tuan",
        "-tua --numeric-hosts",
      })
  void socketRowsMatch(String args) {
    Differential.exact()
        // Only the rows of this test's sockets: 127.61.x.x, or a name its server gave.
        .dropLines("^(tcp|udp|raw|udpl)6? (?!.*(127\\.61\\.|r61-))")
        .dropLines("TIME_WAIT")
        .rowsAsSet()
        .assertSame("netstat " + args, reference(args), ours(args));
  }

  /** The comparison is not between two numeric tables: the names are there. */
  @Test
  void namesComeFromTheServer() {
    String text = ours("-tuaW").stdout();
    for (String name :
        List.of(
            "r61-listener.rdns.test:",
            "r61-client-with-a-long-name.rdns.test:",
            "r61-mapped.rdns.test:",
            "r61-mapped-client.rdns.test:",
            "r61-udp.rdns.test:",
            "127.61.1.3:",
            // Too long for getnameinfo's buffer: the number.
            "127.61.1.8:",
            // Cut to 127 bytes, port and all.
            HUGE.substring(0, 127) + " ")) {
      assertTrue(text.contains(name), name + " in\n" + text);
    }
  }

  /**
   * The route and group tables with every address of this machine's routes and groups named in the
   * sandbox's /etc/hosts: host questions (gateways, host routes, groups, IPv6 addresses) are
   * answered from the file, network routes are asked of /etc/networks only.
   */
  @ParameterizedTest
  @ValueSource(strings = {"-r", "-ree", "-r6", "-r -A inet,inet6", "-g", "-rW"})
  void otherTablesNameFromHosts(String args) throws IOException {
    ResolverSandbox named = sandbox.withHosts(hostsNamingTheTables());
    Cmd.Result ours =
        named.run(
            Duration.ofSeconds(60),
            JavaMain.command(Main.class.getName(), words(args).toArray(String[]::new)));
    assertTrue(ours.stdout().contains("r61-file-"), ours.stdout());
    Differential.exact()
        .rowsAsSet()
        .assertSame("netstat " + args, named.run(Duration.ofSeconds(60), words(args)), ours);
  }

  /** An /etc/hosts naming each address in the route and group tables r61-file-N. */
  private static String hostsNamingTheTables() throws IOException {
    java.util.Set<String> addresses = new java.util.LinkedHashSet<>();
    for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/route"))) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 2 && f[1].matches("[0-9A-F]{8}")) {
        addresses.add(ipv4LittleEndian(f[1]));
        addresses.add(ipv4LittleEndian(f[2]));
      }
    }
    for (String line :
        java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/ipv6_route"))) {
      String[] f = line.trim().split("\\s+");
      addresses.add(ipv6(f[0]));
      addresses.add(ipv6(f[4]));
    }
    for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/igmp"))) {
      if (line.startsWith("\t\t\t\t")) {
        addresses.add(ipv4LittleEndian(line.trim().split("\\s+")[0]));
      }
    }
    for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/igmp6"))) {
      addresses.add(ipv6(line.trim().split("\\s+")[2]));
    }
    addresses.removeIf(a -> a.equals("0.0.0.0") || a.equals("0:0:0:0:0:0:0:0"));
    StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
    int n = 0;
    for (String a : addresses) {
      hosts.append(a).append(" r61-file-").append(++n).append('\n');
    }
    return hosts.toString();
  }

  private static String ipv4LittleEndian(String hex) {
    long v = Long.parseLong(hex, 16);
    return (v & 0xff) + "." + (v >> 8 & 0xff) + "." + (v >> 16 & 0xff) + "." + (v >> 24 & 0xff);
  }

  private static String ipv6(String hex) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 32; i += 4) {
      s.append(i == 0 ? "" : ":")
          .append(Integer.toHexString(Integer.parseInt(hex.substring(i, i + 4), 16)));
    }
    return s.toString();
  }

  /** The route and group tables name their addresses too (the machine's own, here unnamed). */
  @ParameterizedTest
  @ValueSource(strings = {"-r", "-re", "-ree", "-r6", "-r -A inet6", "-g"})
  void otherTablesMatch(String args) {
    Differential.exact().rowsAsSet().assertSame("netstat " + args, reference(args), ours(args));
  }
}
