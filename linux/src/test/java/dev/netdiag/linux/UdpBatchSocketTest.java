package dev.netdiag.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** sendmmsg/recvmmsg against an echo socket on loopback, and ICMP port unreachable. */
class UdpBatchSocketTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void sendsInBatchesAndReceivesEveryEcho() throws Exception {
    assumeTrue(UdpBatchSocket.available(), "no batch calls on this platform");
    try (DatagramSocket echo = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      List<byte[]> datagrams = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        // Lengths differ, so a mix-up of offsets in the packed send buffer would show.
        byte[] d = new byte[1 + i % 40];
        for (int j = 0; j < d.length; j++) {
          d[j] = (byte) (i + j);
        }
        datagrams.add(d);
      }
      Thread echoer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    byte[] buffer = new byte[2048];
                    try {
                      for (int i = 0; i < datagrams.size(); i++) {
                        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                        echo.receive(p);
                        echo.send(
                            new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
                      }
                    } catch (java.io.IOException e) {
                      // The test's assertions report the missing echoes.
                    }
                  });
      List<byte[]> got = new ArrayList<>();
      try (UdpBatchSocket socket =
          UdpBatchSocket.open(
              new InetSocketAddress(LOOPBACK, echo.getLocalPort()), null, 1 << 20, 1 << 20)) {
        int from = 0;
        while (from < datagrams.size()) {
          int sent = socket.send(datagrams, from);
          assertTrue(sent > 0 && sent <= UdpBatchSocket.SEND_BATCH, "sent " + sent);
          from += sent;
        }
        UdpBatchSocket[] sockets = {socket};
        boolean[] readable = new boolean[1];
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (got.size() < datagrams.size() && System.nanoTime() < deadline) {
          UdpBatchSocket.poll(sockets, 1, 100_000_000L, readable);
          if (readable[0]) {
            int n = socket.receive();
            for (int i = 0; i < n; i++) {
              got.add(socket.datagram(i));
            }
          }
        }
      }
      echoer.join(5000);
      assertEquals(datagrams.size(), got.size());
      for (int i = 0; i < datagrams.size(); i++) {
        assertArrayEquals(datagrams.get(i), got.get(i), "datagram " + i);
      }
    }
  }

  @Test
  void portUnreachableSurfacesAsConnectionRefused() throws Exception {
    assumeTrue(UdpBatchSocket.available(), "no batch calls on this platform");
    int closedPort;
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      closedPort = probe.getLocalPort();
    }
    try (UdpBatchSocket socket =
        UdpBatchSocket.open(new InetSocketAddress(LOOPBACK, closedPort), null, 1 << 16, 1 << 16)) {
      assertEquals(1, socket.send(List.of(new byte[] {1, 2, 3}), 0));
      UdpBatchSocket[] sockets = {socket};
      boolean[] readable = new boolean[1];
      UdpBatchSocket.poll(sockets, 1, 2_000_000_000L, readable);
      assertTrue(readable[0], "the ICMP error wakes poll");
      NativeException e = assertThrows(NativeException.class, socket::receive);
      assertEquals(Errno.ECONNREFUSED, e.errno());
    }
  }
}
