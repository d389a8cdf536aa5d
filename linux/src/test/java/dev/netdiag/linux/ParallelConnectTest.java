package dev.netdiag.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real sockets on loopback: a listener, a closed port, a source address that is not ours. */
class ParallelConnectTest {

  @Test
  void connectsToAListenerAndIsRefusedByAClosedPort() throws Exception {
    try (ServerSocket open = new ServerSocket(0, 10, AddressText.parse("127.0.0.1"))) {
      int closedPort;
      try (ServerSocket closed = new ServerSocket(0, 1, AddressText.parse("127.0.0.1"))) {
        closedPort = closed.getLocalPort();
      }
      List<ConnectOutcome> outcomes =
          ParallelConnect.run(
              List.of(
                  new InetSocketAddress(AddressText.parse("127.0.0.1"), open.getLocalPort()),
                  new InetSocketAddress(AddressText.parse("127.0.0.1"), closedPort)),
              null,
              Duration.ofSeconds(3));
      assertEquals(2, outcomes.size());
      assertTrue(outcomes.get(0).connected(), outcomes.get(0).toString());
      assertFalse(outcomes.get(1).connected());
      assertFalse(outcomes.get(1).timedOut());
      assertEquals(Errno.ECONNREFUSED, outcomes.get(1).errno());
    }
  }

  @Test
  void bindsToTheSourceAddress() throws Exception {
    try (ServerSocket open = new ServerSocket(0, 10, AddressText.parse("127.0.0.1"))) {
      List<ConnectOutcome> outcomes =
          ParallelConnect.run(
              List.of(new InetSocketAddress(AddressText.parse("127.0.0.1"), open.getLocalPort())),
              AddressText.parse("127.0.0.2"),
              Duration.ofSeconds(3));
      assertTrue(outcomes.getFirst().connected());
      try (var accepted = open.accept()) {
        assertEquals("127.0.0.2", AddressText.format(accepted.getInetAddress()));
      }
    }
  }

  @Test
  void aSourceThatIsNotLocalIsAnError() {
    NativeException e =
        assertThrows(
            NativeException.class,
            () ->
                ParallelConnect.run(
                    List.of(new InetSocketAddress(AddressText.parse("127.0.0.1"), 9)),
                    AddressText.parse("192.0.2.123"),
                    Duration.ofSeconds(1)));
    assertEquals(Errno.EADDRNOTAVAIL, e.errno());
    assertEquals("bind to 192.0.2.123: Cannot assign requested address", e.getMessage());
  }
}
