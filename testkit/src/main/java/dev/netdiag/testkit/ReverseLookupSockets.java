package dev.netdiag.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The sockets of the reverse-lookup tests, on addresses of one loopback /24 the test owns: a TCP
 * listener on PREFIX.1 with a client from PREFIX.2, a lone listener on PREFIX.3, an AF_INET6
 * listener on the IPv4-mapped PREFIX.4 with a client from PREFIX.5, a bound UDP socket on PREFIX.6
 * and one on PREFIX.7 connected to it. Close it to close them all.
 */
public final class ReverseLookupSockets implements AutoCloseable {
  private final List<NetworkChannel> open = new ArrayList<>();

  private ReverseLookupSockets(String prefix) throws IOException {
    try {
      pair(StandardProtocolFamily.INET, prefix + ".1", prefix + ".2");
      listen(StandardProtocolFamily.INET, prefix + ".3");
      pair(StandardProtocolFamily.INET6, prefix + ".4", prefix + ".5");
      DatagramChannel bound = DatagramChannel.open(StandardProtocolFamily.INET);
      open.add(bound);
      bound.bind(new InetSocketAddress(InetAddress.getByName(prefix + ".6"), 0));
      DatagramChannel connected = DatagramChannel.open(StandardProtocolFamily.INET);
      open.add(connected);
      connected.bind(new InetSocketAddress(InetAddress.getByName(prefix + ".7"), 0));
      connected.connect(bound.getLocalAddress());
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Opens the set; prefix is the first three octets, e.g. "127.61.1". */
  public static ReverseLookupSockets open(String prefix) throws IOException {
    return new ReverseLookupSockets(prefix);
  }

  /** One more TCP listener, of that family, on that address (any free port); kept with the set. */
  public ServerSocketChannel listen(StandardProtocolFamily family, String address)
      throws IOException {
    ServerSocketChannel s = ServerSocketChannel.open(family);
    open.add(s);
    s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
    return s;
  }

  // A listener and an established connection to it from the client address.
  private void pair(StandardProtocolFamily family, String listenAt, String from)
      throws IOException {
    ServerSocketChannel listener = listen(family, listenAt);
    SocketChannel client = SocketChannel.open(family);
    open.add(client);
    client.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    client.connect(listener.getLocalAddress());
    open.add(listener.accept());
  }

  @Override
  public void close() {
    for (NetworkChannel c : open) {
      try {
        c.close();
      } catch (IOException e) {
        // Closing the rest matters more.
      }
    }
    open.clear();
  }
}
