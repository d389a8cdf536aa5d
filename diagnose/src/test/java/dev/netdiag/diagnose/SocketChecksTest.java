package dev.netdiag.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.sockets.IpFamily;
import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.SocketState;
import dev.netdiag.sockets.TcpTimer;
import dev.netdiag.sockets.Transport;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The listener and health checks on recorded socket tables (no kernel involved). */
class SocketChecksTest {
  private static final int PORT = 8080;

  private static SocketRecord socket(
      SocketState state, String local, boolean v6only, long recvQ, long sendQ) throws Exception {
    byte[] address = InetAddress.getByName(local).getAddress();
    IpFamily family = address.length == 4 ? IpFamily.INET : IpFamily.INET6;
    return new SocketRecord(
        Transport.TCP,
        family,
        state,
        address,
        PORT,
        new byte[address.length],
        0,
        0,
        recvQ,
        sendQ,
        0,
        0,
        0,
        TcpTimer.OFF,
        0,
        0,
        v6only,
        null,
        0,
        0);
  }

  private static SocketRecord listener(String local) throws Exception {
    return socket(SocketState.LISTEN, local, false, 0, 128);
  }

  private static PortSockets table(SocketRecord... sockets) {
    return new PortSockets(PORT, List.of(sockets), ProcessMap.empty());
  }

  private static String listenerCode(List<String> targets, PortSockets table) throws Exception {
    List<InetAddress> addresses = new ArrayList<>();
    for (String target : targets) {
      addresses.add(InetAddress.getByName(target));
    }
    CheckResult result = ListenerCheck.judge(addresses, table, 0);
    return result.findings().isEmpty() ? "ok" : result.findings().getFirst().code().code();
  }

  static Stream<Arguments> listeners() throws Exception {
    return Stream.of(
        Arguments.of(List.of("10.0.0.5"), table(), "not-listening"),
        Arguments.of(List.of(), table(), "not-listening"),
        Arguments.of(List.of("10.0.0.5"), table(listener("0.0.0.0")), "ok"),
        Arguments.of(List.of("10.0.0.5"), table(listener("10.0.0.5")), "ok"),
        Arguments.of(List.of("10.0.0.5"), table(listener("10.0.0.6")), "not-listening"),
        Arguments.of(List.of("10.0.0.5"), table(listener("127.0.0.1")), "loopback-only"),
        Arguments.of(List.of("127.0.0.1"), table(listener("127.0.0.1")), "ok"),
        Arguments.of(List.of(), table(listener("127.0.0.1"), listener("::1")), "loopback-only"),
        Arguments.of(List.of(), table(listener("0.0.0.0")), "ok"),
        // [::] without IPV6_V6ONLY is dual-stack; with it, IPv4 clients are refused.
        Arguments.of(List.of("10.0.0.5"), table(listener("::")), "ok"),
        Arguments.of(
            List.of("10.0.0.5"),
            table(socket(SocketState.LISTEN, "::", true, 0, 128)),
            "wrong-family"),
        Arguments.of(List.of("10.0.0.5"), table(listener("2001:db8::5")), "wrong-family"),
        Arguments.of(List.of("2001:db8::5"), table(listener("10.0.0.5")), "wrong-family"),
        Arguments.of(List.of("10.0.0.5"), table(listener("::ffff:10.0.0.5")), "ok"),
        Arguments.of(
            List.of("10.0.0.5"),
            table(socket(SocketState.LISTEN, "0.0.0.0", false, 3, 2)),
            "backlog-full"),
        Arguments.of(
            List.of("10.0.0.5"),
            table(socket(SocketState.LISTEN, "0.0.0.0", false, 1, 128)),
            "ok"));
  }

  @ParameterizedTest(name = "{0} against {1}: {2}")
  @MethodSource("listeners")
  void listenerFindings(List<String> targets, PortSockets table, String code) throws Exception {
    assertEquals(code, listenerCode(targets, table));
  }

  @Test
  void listenerEvidenceQuotesTheSocketAsSsWould() throws Exception {
    CheckResult result =
        ListenerCheck.judge(List.of(), table(socket(SocketState.LISTEN, "::", true, 0, 4096)), 0);
    assertEquals(CheckStatus.OK, result.status());
    assertEquals("LISTEN [::]:8080  accept queue 0 of 4096", result.evidence().getFirst());
    assertEquals("ss -tlnp 'sport = :8080'", result.command());
  }

  private static PortSockets repeated(SocketState state, int count) throws Exception {
    List<SocketRecord> sockets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sockets.add(socket(state, "10.0.0.5", false, 0, 0));
    }
    return new PortSockets(PORT, sockets, ProcessMap.empty());
  }

  @Test
  void aCloseWaitPileIsALeak() throws Exception {
    PortSockets pile = repeated(SocketState.CLOSE_WAIT, HealthCheck.CLOSE_WAIT_PILE);
    CheckResult result = HealthCheck.judge(pile, pile, Duration.ZERO, 28232, 0);
    assertEquals("close-wait-leak", result.findings().getFirst().code().code());
    assertTrue(result.summary().contains("never called close()"), result.summary());
    assertEquals(
        "connections on port 8080: CLOSE-WAIT " + HealthCheck.CLOSE_WAIT_PILE,
        result.evidence().getFirst());
  }

  @Test
  void aFewCloseWaitAreInFlightUnlessTheyGrow() throws Exception {
    PortSockets few = repeated(SocketState.CLOSE_WAIT, 3);
    assertEquals(CheckStatus.OK, HealthCheck.judge(few, few, Duration.ZERO, 28232, 0).status());
    PortSockets more = repeated(SocketState.CLOSE_WAIT, 5);
    CheckResult grown = HealthCheck.judge(few, more, Duration.ofSeconds(5), 28232, 0);
    assertEquals("close-wait-leak", grown.findings().getFirst().code().code());
    assertTrue(grown.evidence().contains("CLOSE-WAIT 3 -> 5 over 5s"), grown.evidence().toString());
  }

  @Test
  void aTimeWaitPileIsChurnAndSaysWhenPortsRunShort() throws Exception {
    PortSockets churn = repeated(SocketState.TIME_WAIT, HealthCheck.TIME_WAIT_PILE);
    CheckResult normal = HealthCheck.judge(churn, churn, Duration.ZERO, 28232, 0);
    assertEquals("time-wait-churn", normal.findings().getFirst().code().code());
    assertTrue(normal.summary().contains("harmless unless"), normal.summary());
    CheckResult tight = HealthCheck.judge(churn, churn, Duration.ZERO, 1500, 0);
    assertTrue(tight.summary().contains("run the local ports short"), tight.summary());
    PortSockets some = repeated(SocketState.TIME_WAIT, 10);
    assertEquals(CheckStatus.OK, HealthCheck.judge(some, some, Duration.ZERO, 28232, 0).status());
  }
}
