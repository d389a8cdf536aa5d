package dev.netdiag.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;

/**
 * One UDP try: a connected socket (so the kernel drops replies from any other source, as dig's
 * connected socket does), one send, and reads until a reply with the query's id arrives or the
 * deadline passes.
 */
final class UdpTransport {
  // Largest UDP payload we accept; bigger datagrams are cut by the kernel and fail to parse.
  private static final int MAX_DATAGRAM = 65535;

  private UdpTransport() {}

  /** The outcome of a try: a reply, no reply in time, or the port was unreachable. */
  sealed interface Outcome {}

  /** The reply bytes and the time it took. */
  record Reply(byte[] bytes, long rttNanos) implements Outcome {}

  /** No reply matching the query before the deadline. */
  record Timeout() implements Outcome {}

  /** ICMP port unreachable: nobody listens there. */
  record Unreachable() implements Outcome {}

  /**
   * A connection that broke once it was up (the server closed or reset it before the whole reply
   * came); {@code reason} is BIND's text: "end of file", "connection reset".
   */
  record Broken(String reason) implements Outcome {}

  /**
   * The socket could not be set up: its source address (-b) cannot be bound. {@code reason} is
   * BIND's text for the error ("address not available").
   */
  record SetupFailed(String reason) implements Outcome {}

  /** BIND's result text for a failed bind, or null when BIND would not say it so. */
  static String bindFailure(java.net.BindException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("Cannot assign requested address")) {
      return "address not available";
    }
    if (message.contains("Address already in use")) {
      return "address in use";
    }
    if (message.contains("Permission denied")) {
      return "permission denied";
    }
    return null;
  }

  static Outcome exchange(
      byte[] query,
      InetSocketAddress server,
      InetSocketAddress source,
      long timeoutNanos,
      ReplyCheck check)
      throws DnsException {
    if (server.getPort() == 0) {
      // Java will not connect a socket to port 0; the kernel refuses what dig sends there.
      return new Unreachable();
    }
    DatagramSocket opened;
    try {
      opened = new DatagramSocket(source);
    } catch (java.net.BindException e) {
      String reason = bindFailure(e);
      if (reason != null) {
        return new SetupFailed(reason);
      }
      throw new DnsException("UDP to " + Servers.text(server) + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new DnsException("UDP to " + Servers.text(server) + ": " + e.getMessage(), e);
    }
    try (DatagramSocket socket = opened) {
      socket.connect(server);
      long start = System.nanoTime();
      long deadline = start + timeoutNanos;
      socket.send(new DatagramPacket(query, query.length));
      byte[] buffer = new byte[MAX_DATAGRAM];
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return new Timeout();
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(packet);
        } catch (SocketTimeoutException e) {
          return new Timeout();
        } catch (PortUnreachableException e) {
          return new Unreachable();
        }
        long rtt = System.nanoTime() - start;
        byte[] bytes = java.util.Arrays.copyOf(buffer, packet.getLength());
        if (check.accept(bytes)) {
          return new Reply(bytes, rtt);
        }
      }
    } catch (PortUnreachableException e) {
      return new Unreachable();
    } catch (IOException e) {
      throw new DnsException("UDP to " + Servers.text(server) + ": " + e.getMessage(), e);
    }
  }

  /** Decides whether a datagram is the reply to wait for; it may report why it is not. */
  @FunctionalInterface
  interface ReplyCheck {
    boolean accept(byte[] reply);
  }
}
