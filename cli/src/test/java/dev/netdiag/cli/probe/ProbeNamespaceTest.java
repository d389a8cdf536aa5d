package dev.netdiag.cli.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.JsonDoc;
import dev.netdiag.cli.Run;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.NetNamespace;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * probe against a "remote host": a network namespace behind a veth pair whose nftables input chain
 * drops port 81 and rejects port 82 with ICMP admin-prohibited; nothing listens on port 80. Needs
 * root; skipped with the reason otherwise.
 */
class ProbeNamespaceTest {
  private static NetNamespace ns;

  @BeforeAll
  static void remoteHost() {
    ns = NetNamespace.create();
    ns.nft(
        """
        table inet probe_test {
          chain input {
            type filter hook input priority 0; policy accept;
            tcp dport 81 drop
            tcp dport 82 reject with icmpx type admin-prohibited
          }
        }
        """);
  }

  @AfterAll
  static void removeHost() {
    if (ns != null) {
      ns.close();
    }
  }

  @Test
  void aDroppedSynTimesOut() {
    long start = System.nanoTime();
    Cmd.Result result = Run.netdiag("probe", ns.peerIpv4() + ":81", "--timeout", "700ms");
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(1, result.exitCode(), result.stdout() + result.stderr());
    assertTrue(result.stdout().contains(" timeout "), result.stdout());
    assertTrue(result.stdout().contains("filtered"), result.stdout());
    assertTrue(result.stdout().endsWith("verdict: timeout (0 of 1 address open)\n"));
    // Bounded: the probe gives up at its timeout instead of waiting for the kernel's retries.
    assertTrue(elapsedMillis < 10_000, "took " + elapsedMillis + " ms");
  }

  @Test
  void anAdminProhibitedRejectIsUnreachable() {
    Cmd.Result result = Run.netdiag("probe", "--json", ns.peerIpv4() + ":82");
    assertEquals(1, result.exitCode(), result.stdout() + result.stderr());
    Map<String, Object> doc = JsonDoc.flatten(result.stdout());
    assertEquals("unreachable", doc.get("results[0].status"));
    assertEquals("EHOSTUNREACH", doc.get("results[0].errno_name"));
    assertEquals("unreachable", doc.get("verdict"));
  }

  @Test
  void nothingListeningIsRefused() {
    Cmd.Result result = Run.netdiag("probe", ns.peerIpv4(), "80");
    assertEquals(1, result.exitCode());
    assertTrue(result.stdout().contains(" refused "), result.stdout());
  }

  @Test
  void ipv6GetsTheSameTreatment() {
    Cmd.Result dropped =
        Run.netdiag("probe", "--json", "[" + ns.peerIpv6() + "]:81", "--timeout", "500ms");
    assertEquals("timeout", JsonDoc.flatten(dropped.stdout()).get("results[0].status"));
    Cmd.Result rejected = Run.netdiag("probe", "--json", "[" + ns.peerIpv6() + "]:82");
    assertEquals("unreachable", JsonDoc.flatten(rejected.stdout()).get("results[0].status"));
  }

  @Test
  void aRouteThatDoesNotExistIsUnreachableAtOnce() {
    // 198.51.100.0/24 (TEST-NET-2) has no route inside the namespace: connect fails locally.
    Cmd.Result result =
        ns.exec(
            dev.netdiag.testkit.JavaMain.command(
                    "dev.netdiag.cli.Main", "probe", "--json", "198.51.100.7:80")
                .toArray(String[]::new));
    assertEquals(1, result.exitCode(), result.stdout() + result.stderr());
    Map<String, Object> doc = JsonDoc.flatten(result.stdout());
    assertEquals("unreachable", doc.get("results[0].status"));
    assertEquals("ENETUNREACH", doc.get("results[0].errno_name"));
  }
}
