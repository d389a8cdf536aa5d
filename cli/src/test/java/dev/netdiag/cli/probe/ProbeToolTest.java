package dev.netdiag.cli.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.JsonDoc;
import dev.netdiag.cli.Run;
import dev.netdiag.testkit.Cmd;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** probe against real sockets on loopback: open, refused, JSON, and the usage errors. */
class ProbeToolTest {
  private static ServerSocket listener;
  private static int closedPort;

  @BeforeAll
  static void sockets() throws Exception {
    listener = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    try (ServerSocket closed =
        new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      closedPort = closed.getLocalPort();
    }
  }

  @AfterAll
  static void close() throws Exception {
    listener.close();
  }

  @Test
  void anOpenPortIsOpen() {
    Cmd.Result result = Run.netdiag("probe", "127.0.0.1:" + listener.getLocalPort());
    assertEquals(0, result.exitCode(), result.stderr());
    assertTrue(
        result.stdout().matches("(?s)  127\\.0\\.0\\.1:\\d+  open +\\d+\\.\\d+ ms  .*"),
        result.stdout());
    assertTrue(result.stdout().endsWith("verdict: open (1 of 1 address open)\n"));
    assertEquals("", result.stderr());
  }

  @Test
  void aClosedPortIsRefused() {
    Cmd.Result result = Run.netdiag("probe", "127.0.0.1", Integer.toString(closedPort));
    assertEquals(1, result.exitCode());
    assertTrue(result.stdout().contains(" refused "), result.stdout());
    assertTrue(result.stdout().contains("nothing listening"), result.stdout());
    assertTrue(result.stdout().endsWith("verdict: refused (0 of 1 address open)\n"));
  }

  @Test
  void everyAddressIsReported() {
    Cmd.Result result =
        Run.netdiag("probe", "--json", "127.0.0.1:" + closedPort, "--timeout", "2s");
    assertEquals(1, result.exitCode());
    Map<String, Object> doc = JsonDoc.flatten(result.stdout());
    assertEquals("127.0.0.1:" + closedPort, doc.get("target"));
    assertEquals("127.0.0.1", doc.get("host"));
    assertEquals(2000L, doc.get("timeout_ms"));
    assertEquals("ok", doc.get("resolution.status"));
    assertEquals("127.0.0.1", doc.get("results[0].address"));
    assertEquals("ipv4", doc.get("results[0].family"));
    assertEquals("refused", doc.get("results[0].status"));
    assertEquals(111L, doc.get("results[0].errno"));
    assertEquals("ECONNREFUSED", doc.get("results[0].errno_name"));
    assertEquals(false, doc.get("open"));
    assertEquals("refused", doc.get("verdict"));
  }

  @Test
  void jsonOfAnOpenPortIsValidAndTyped() {
    Cmd.Result result = Run.netdiag("probe", "--json", "127.0.0.1:" + listener.getLocalPort());
    assertEquals(0, result.exitCode());
    Map<String, Object> doc = JsonDoc.flatten(result.stdout());
    assertEquals("open", doc.get("results[0].status"));
    assertTrue(doc.get("results[0].time_ms") instanceof Double);
    assertEquals(null, doc.get("results[0].errno"));
    assertEquals(true, doc.get("open"));
    assertTrue(result.stdout().endsWith("}\n"));
  }

  @Test
  void theSourceAddressIsUsed() {
    Cmd.Result result =
        Run.netdiag(
            "probe", "--source", "127.0.0.3", "--json", "127.0.0.1:" + listener.getLocalPort());
    assertEquals(0, result.exitCode(), result.stderr());
    assertEquals("127.0.0.3", JsonDoc.flatten(result.stdout()).get("source"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "localhost | no port in 'localhost'",
        "127.0.0.1:0 | port out of range",
        "--timeout=abc 127.0.0.1:1 | --timeout: invalid duration 'abc'",
        "-4 -6 127.0.0.1:1 | -4 and -6 exclude each other",
        "--source nohost 127.0.0.1:1 | --source needs an IP address",
        "--source 192.0.2.200 127.0.0.1:1 | bind to 192.0.2.200: Cannot assign requested address",
        "-6 --source 127.0.0.1 ::1 1 | does not match -6",
        "--bogus 127.0.0.1:1 | Unknown option: '--bogus'",
        "a b c | too many arguments: a b c",
        ":80 | no host in ':80'",
      })
  void usageErrorsAreOneLineAndExitTwo(String args, String message) {
    Cmd.Result result = Run.netdiag(("probe " + args).split(" "));
    assertEquals(2, result.exitCode(), result.stdout() + result.stderr());
    assertTrue(result.stderr().startsWith("netdiag probe: "), result.stderr());
    assertTrue(result.stderr().contains(message), result.stderr());
    assertEquals(1, result.stderr().lines().count(), result.stderr());
    assertFalse(result.stderr().contains("Exception"), result.stderr());
  }

  @Test
  void helpExplainsTheStatuses() {
    Cmd.Result result = Run.netdiag("probe", "--help");
    assertEquals(0, result.exitCode());
    for (String word : new String[] {"open", "refused", "timeout", "unreachable", "--json"}) {
      assertTrue(result.stdout().contains(word), word);
    }
  }
}
