package dev.netdiag.testkit;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A known set of sockets for socket-table tests, on addresses of one loopback /24 the test owns
 * (PREFIX.1 to PREFIX.5) and ::1: a TCP listener with an established pair to it (client from
 * PREFIX.2), a listener on sshPrefix.3 port 22 (service names), an IPv6 listener, a bound UDP
 * socket and a connected one. Close it to close them all.
 */
public final class LoopbackSockets implements AutoCloseable {
  private final List<AutoCloseable> open = new ArrayList<>();
  private final int listenerPort;

  private LoopbackSockets(String prefix, String sshPrefix) throws IOException {
    try {
      ServerSocket listener = new ServerSocket();
      listener.bind(new InetSocketAddress(InetAddress.getByName(prefix + ".1"), 0));
      open.add(listener);
      listenerPort = listener.getLocalPort();
      Socket client = new Socket();
      client.bind(new InetSocketAddress(InetAddress.getByName(prefix + ".2"), 0));
      client.connect(listener.getLocalSocketAddress());
      open.add(client);
      open.add(listener.accept());
      ServerSocket ssh = new ServerSocket();
      ssh.bind(new InetSocketAddress(InetAddress.getByName(sshPrefix + ".3"), 22));
      open.add(ssh);
      ServerSocket v6 = new ServerSocket();
      v6.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      open.add(v6);
      DatagramSocket bound = new DatagramSocket(new InetSocketAddress(prefix + ".4", 0));
      open.add(bound);
      DatagramSocket connected = new DatagramSocket(new InetSocketAddress(prefix + ".5", 0));
      connected.connect(bound.getLocalSocketAddress());
      open.add(connected);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Opens the set; prefix and sshPrefix are the first three octets, e.g. "127.55.1". */
  public static LoopbackSockets open(String prefix, String sshPrefix) throws IOException {
    return new LoopbackSockets(prefix, sshPrefix);
  }

  /** The port of the TCP listener on PREFIX.1. */
  public int listenerPort() {
    return listenerPort;
  }

  @Override
  public void close() {
    for (AutoCloseable socket : open) {
      try {
        socket.close();
      } catch (Exception e) {
        // Closing a test socket cannot fail in a way worth reporting.
      }
    }
    open.clear();
  }
}
