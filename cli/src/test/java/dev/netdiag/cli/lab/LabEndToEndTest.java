package dev.netdiag.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.JsonDoc;
import dev.netdiag.cli.Run;
import dev.netdiag.diagnose.lab.Lab;
import dev.netdiag.diagnose.lab.LabCatalog;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.JavaMain;
import dev.netdiag.testkit.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every lab, built for real: diagnose run from the client namespace and from the server namespace
 * must name the code the lab promises, then `lab stop` must leave nothing behind. Needs root, ip,
 * nft and nsd; skipped with the reason otherwise.
 */
class LabEndToEndTest {

  static Stream<String> labs() {
    return LabCatalog.all().stream().map(Lab::name);
  }

  private static Map<String, Object> diagnose(String namespace, String target) {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    argv.addAll(
        JavaMain.command(
            "dev.netdiag.cli.Main", "diagnose", "--json", "--timeout", "1500ms", target));
    Cmd.Result result = Cmd.run(Duration.ofSeconds(60), argv);
    assertTrue(result.exitCode() == 0 || result.exitCode() == 1, result.toString());
    Map<String, Object> doc = JsonDoc.flatten(result.stdout());
    assertEquals("ok".equals(doc.get("verdict.code")) ? 0 : 1, result.exitCode(), result.stdout());
    return doc;
  }

  @ParameterizedTest(name = "lab {0}")
  @MethodSource("labs")
  void diagnoseNamesTheBrokenLayerFromBothSides(String name) {
    Requires.assumeRoot("network namespaces, veth pairs and nftables");
    Requires.assumeInstalled("ip", "nft", "nsd", "ss");
    Lab lab = LabCatalog.named(name).orElseThrow();
    Cmd.Result start = Run.netdiag("lab", "start", name);
    try {
      assertEquals(0, start.exitCode(), start.stderr() + start.stdout());
      assertTrue(start.stdout().contains("ip netns exec " + lab.clientNamespace()), start.stdout());
      Map<String, Object> client = diagnose(lab.clientNamespace(), lab.clientTarget());
      assertEquals(lab.clientExpect(), client.get("verdict.code"), "client side: " + client);
      Map<String, Object> server = diagnose(lab.serverNamespace(), lab.serverTarget());
      assertEquals(lab.serverExpect(), server.get("verdict.code"), "server side: " + server);
      for (Map<String, Object> doc : List.of(client, server)) {
        if (!"ok".equals(doc.get("verdict.code"))) {
          assertTrue(doc.get("findings[0].command") instanceof String, doc.toString());
          assertTrue(doc.containsKey("findings[0].evidence[0]"), doc.toString());
        }
      }
      labState(lab);
    } finally {
      Cmd.Result stop = Run.netdiag("lab", "stop", name);
      assertEquals(0, stop.exitCode(), stop.stderr());
    }
    assertFalse(Files.exists(Path.of("/run/netns", lab.clientNamespace())));
    assertFalse(Files.exists(Path.of("/run/netns", lab.serverNamespace())));
    assertFalse(Files.exists(Path.of("/etc/netns", lab.clientNamespace())));
  }

  /** The broken state the lab promises, seen with the reference tools. */
  private static void labState(Lab lab) {
    switch (lab.name()) {
      case "close-wait-leak" -> {
        Cmd.Result ss =
            Cmd.run(
                "ip", "netns", "exec", lab.serverNamespace(), "ss", "-Htn", "state", "close-wait");
        // The 40 the lab's client closed, plus diagnose's own probes, which leak the same way.
        assertTrue(ss.stdout().lines().count() >= 40, ss.stdout());
      }
      case "backlog-full" -> {
        Cmd.Result ss =
            Cmd.run("ip", "netns", "exec", lab.serverNamespace(), "ss", "-Hltn", "sport = :8080");
        String[] columns = ss.stdout().strip().split("\\s+");
        // LISTEN Recv-Q Send-Q: the queue holds backlog + 1 handshakes, over the limit.
        assertTrue(Integer.parseInt(columns[1]) > Integer.parseInt(columns[2]), ss.stdout());
      }
      case "dns-hosts-override" -> {
        Cmd.Result dns =
            Cmd.run(
                "ip",
                "netns",
                "exec",
                lab.clientNamespace(),
                "getent",
                "-s",
                "hosts:dns",
                "hosts",
                "app.lab.test");
        assertTrue(dns.stdout().startsWith(lab.serverIpv4() + " "), dns.stdout());
        Cmd.Result nss =
            Cmd.run(
                "ip", "netns", "exec", lab.clientNamespace(), "getent", "hosts", "app.lab.test");
        assertTrue(nss.stdout().startsWith(lab.unusedIpv4() + " "), nss.stdout());
      }
      default -> {
        Cmd.Result ss = Cmd.run("ip", "netns", "exec", lab.serverNamespace(), "ss", "-Hltn");
        boolean listening = ss.stdout().contains(":8080");
        assertEquals(!lab.server().isEmpty(), listening, ss.stdout());
      }
    }
  }

  @Test
  void listNamesEveryLab() {
    Cmd.Result list = Run.netdiag("lab", "list");
    assertEquals(0, list.exitCode());
    for (Lab lab : LabCatalog.all()) {
      assertTrue(list.stdout().contains(lab.name() + " "), list.stdout());
    }
  }

  @Test
  void anUnknownLabIsAUsageError() {
    Cmd.Result result = Run.netdiag("lab", "start", "no-such-lab");
    assertEquals(2, result.exitCode());
    assertTrue(result.stderr().contains("no lab named 'no-such-lab'"), result.stderr());
  }
}
