package dev.netdiag.cli.netstat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.JsonDoc;
import dev.netdiag.cli.Main;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.JavaMain;
import dev.netdiag.testkit.Requires;
import dev.netdiag.testkit.ResolverSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * netstat -i and -ie (net-tools 2.10) and ours in a network namespace of the test's own: veth pairs
 * with IPv4 (one with an alias label, one point-to-point, one without broadcast) and IPv6
 * addresses, MTUs and queue lengths set, one pair end down, a tun device, a packet socket's
 * promiscuous membership, loopback traffic; the namespace is quiesced (no router solicitations or
 * DAD, then waiting until /proc/net/dev stops moving) so the counters compare exactly.
 */
class NetstatInterfacesTest {
  private static String ns;
  private static Process member;

  @BeforeAll
  static void create() throws Exception {
    Requires.assumeRoot("a network namespace with veth and tun interfaces");
    Requires.assumeInstalled("ip", "netstat", "python3");
    ns = "netdiag-ie" + ProcessHandle.current().pid();
    ip("netns", "add", ns);
    try {
      // No router solicitations or duplicate address detection: after the MLD reports of the
      // new addresses, the links carry nothing.
      for (String key :
          List.of(
              "net.ipv6.conf.default.router_solicitations=0",
              "net.ipv6.conf.all.router_solicitations=0",
              "net.ipv6.conf.default.dad_transmits=0",
              "net.ipv6.conf.all.dad_transmits=0")) {
        exec("sysctl", "-q", "-w", key).orFail("sysctl " + key);
      }
      ipn("link", "set", "lo", "up");
      ipn("link", "add", "nd0", "type", "veth", "peer", "name", "nd0p");
      ipn("link", "add", "nd1", "type", "veth", "peer", "name", "nd1p");
      ipn("link", "add", "nd10", "type", "veth", "peer", "name", "nd2");
      ipn("addr", "add", "198.18.5.1/24", "brd", "+", "dev", "nd0");
      ipn("addr", "add", "198.18.5.7/24", "dev", "nd0", "label", "nd0:7");
      ipn("addr", "add", "198.18.5.9/24", "dev", "nd0", "label", "nd0:12");
      ipn("-6", "addr", "add", "2001:db8:5::1/64", "dev", "nd0", "nodad");
      ipn("-6", "addr", "add", "fec0::5/10", "dev", "nd0", "nodad");
      ipn("link", "set", "nd0", "mtu", "1400");
      ipn("addr", "add", "198.18.6.1/16", "dev", "nd1");
      ipn("addr", "add", "198.18.7.1", "peer", "198.18.7.2", "dev", "nd1p");
      ipn("link", "set", "nd1p", "txqueuelen", "77");
      ipn("link", "set", "nd0", "up");
      ipn("link", "set", "nd0p", "up");
      ipn("link", "set", "nd1", "up");
      ipn("link", "set", "nd10", "up");
      ipn("link", "set", "nd2", "up");
      if (Files.exists(Path.of("/dev/net/tun"))) {
        ipn("tuntap", "add", "mode", "tun", "dev", "ndt0");
        ipn("addr", "add", "198.18.8.1/24", "dev", "ndt0");
        ipn("link", "set", "ndt0", "up");
      }
      // Loopback traffic: a few datagrams to a UDP socket in the namespace.
      exec(
              "python3",
              "-c",
              "import socket\n"
                  + "r=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);r.bind(('127.0.0.1',0))\n"
                  + "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
                  + "[s.sendto(b'x'*700,r.getsockname()) for _ in range(1600)]\n"
                  + "s6=socket.socket(socket.AF_INET6,socket.SOCK_DGRAM)\n"
                  + "[s6.sendto(b'y'*100,('::1',9)) for _ in range(5)]\n")
          .orFail("loopback traffic");
      // A packet socket's promiscuous and all-multicast memberships: the kernel marks the device
      // (and /sys shows it), but SIOCGIFFLAGS, and so netstat, does not.
      member =
          new ProcessBuilder(
                  "ip",
                  "netns",
                  "exec",
                  ns,
                  "python3",
                  "-c",
                  "import socket,struct,sys\n"
                      + "s=socket.socket(socket.AF_PACKET,socket.SOCK_RAW,0)\n"
                      + "for name,kind in (('nd0',1),('nd1',2)):\n"
                      + "  s.setsockopt(263,1,struct.pack('iHH8s',"
                      + "socket.if_nametoindex(name),kind,0,b''))\n"
                      + "print('ready',flush=True)\n"
                      + "sys.stdin.read()\n")
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String ready =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(
                      member.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))
              .readLine();
      assertEquals("ready", ready, "the packet socket holding memberships did not start");
      quiesce();
    } catch (Exception | Error e) {
      delete();
      throw e;
    }
  }

  /** Waits until two reads of /proc/net/dev two seconds apart agree (at most 30 s). */
  private static void quiesce() throws InterruptedException {
    String last = exec("cat", "/proc/net/dev").stdout();
    for (int i = 0; i < 15; i++) {
      Thread.sleep(2000);
      String now = exec("cat", "/proc/net/dev").stdout();
      if (now.equals(last)) {
        return;
      }
      last = now;
    }
  }

  @AfterAll
  static void delete() {
    if (member != null) {
      member.destroyForcibly();
    }
    if (ns != null) {
      Cmd.run(Duration.ofSeconds(10), List.of("ip", "netns", "del", ns));
    }
  }

  private static void ip(String... args) {
    List<String> argv = new ArrayList<>(List.of("ip"));
    argv.addAll(List.of(args));
    Cmd.run(Duration.ofSeconds(10), argv).orFail(String.join(" ", argv));
  }

  private static void ipn(String... args) {
    List<String> argv = new ArrayList<>(List.of("-n", ns));
    argv.addAll(List.of(args));
    ip(argv.toArray(String[]::new));
  }

  private static Cmd.Result exec(String... argv) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(List.of(argv));
    return Cmd.run(Duration.ofSeconds(30), full);
  }

  private static Cmd.Result reference(String args) {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns, "netstat"));
    argv.addAll(List.of(args.split(" ")));
    return ResolverSandbox.offline().run(Duration.ofSeconds(30), argv);
  }

  private static Cmd.Result ours(String args) {
    List<String> toolArgs = new ArrayList<>(List.of("netstat"));
    toolArgs.addAll(List.of(args.split(" ")));
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    argv.addAll(JavaMain.command(Main.class.getName(), toolArgs.toArray(String[]::new)));
    return Cmd.run(Duration.ofSeconds(60), argv);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-ie",
        "-iea",
        "-i -e",
        "--interfaces --extend",
        "--interfaces --extend --all",
        "-ie -a -v",
        "-iee",
        "-ienW",
        "-i",
        "-ia",
        "-ian",
        "--interfaces=nd0",
      })
  void sameAsNetTools(String args) {
    Differential.exact().withStderr().assertSame("netstat " + args, reference(args), ours(args));
  }

  @Test
  void jsonHasTheExtendedFields() {
    Cmd.Result r = ours("-iea --json");
    assertEquals(0, r.exitCode(), r.stderr());
    Map<String, Object> doc = JsonDoc.flatten(r.stdout());
    String nd0 = null;
    String alias = null;
    for (int i = 0; doc.containsKey("interfaces[" + i + "].iface"); i++) {
      Object name = doc.get("interfaces[" + i + "].iface");
      if (name.equals("nd0")) {
        nd0 = "interfaces[" + i + "].";
      } else if (name.equals("nd0:7")) {
        alias = "interfaces[" + i + "].";
      }
    }
    assertTrue(nd0 != null && alias != null, r.stdout());
    assertEquals(1400L, doc.get(nd0 + "mtu"));
    assertEquals("198.18.5.1", doc.get(nd0 + "inet.address"));
    assertEquals("255.255.255.0", doc.get(nd0 + "inet.netmask"));
    assertEquals(24L, doc.get(nd0 + "inet.prefixlen"));
    assertEquals("198.18.5.255", doc.get(nd0 + "inet.broadcast"));
    assertEquals("ether", doc.get(nd0 + "hw_type"));
    assertEquals("Ethernet", doc.get(nd0 + "hw_title"));
    assertTrue(doc.get(nd0 + "statistics.rx_packets") instanceof Long, r.stdout());
    assertEquals("UP", doc.get(nd0 + "flag_names[0]"));
    assertEquals(4163L, doc.get(nd0 + "flags_value"));
    boolean global = false;
    for (int k = 0; doc.containsKey(nd0 + "inet6[" + k + "].address"); k++) {
      if (doc.get(nd0 + "inet6[" + k + "].address").equals("2001:db8:5::1")) {
        global =
            doc.get(nd0 + "inet6[" + k + "].prefixlen").equals(64L)
                && "global".equals(doc.get(nd0 + "inet6[" + k + "].scope[0]"));
      }
    }
    assertTrue(global, r.stdout());
    assertEquals("198.18.5.7", doc.get(alias + "inet.address"));
    assertTrue(doc.containsKey(alias + "statistics"));
    assertEquals(null, doc.get(alias + "statistics"));
  }
}
