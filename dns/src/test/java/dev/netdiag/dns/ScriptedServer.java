package dev.netdiag.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An in-JVM DNS server on a 127.53.1.x address for answers no real server sends: each UDP query is
 * answered by the script with a list of datagrams (possibly none); TCP queries by a second script.
 */
final class ScriptedServer implements AutoCloseable {
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Thread udpThread;
  private final Thread tcpThread;
  final AtomicInteger udpQueries = new AtomicInteger();
  final AtomicInteger tcpQueries = new AtomicInteger();
  // The source ports UDP queries came from: one per client socket.
  final java.util.Set<Integer> udpPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();

  ScriptedServer(
      String address, Function<byte[], List<byte[]>> udpScript, Function<byte[], byte[]> tcpScript)
      throws IOException {
    this(address, 0, udpScript, tcpScript);
  }

  ScriptedServer(
      String address,
      int port,
      Function<byte[], List<byte[]>> udpScript,
      Function<byte[], byte[]> tcpScript)
      throws IOException {
    InetAddress host = InetAddress.getByName(address);
    udp = new DatagramSocket(new InetSocketAddress(host, port));
    tcp = new ServerSocket();
    tcp.setReuseAddress(true);
    tcp.bind(new InetSocketAddress(host, udp.getLocalPort()));
    udpThread =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  byte[] buffer = new byte[65535];
                  try {
                    while (true) {
                      DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                      udp.receive(in);
                      udpQueries.incrementAndGet();
                      udpPorts.add(in.getPort());
                      byte[] query = java.util.Arrays.copyOf(buffer, in.getLength());
                      for (byte[] out : udpScript.apply(query)) {
                        udp.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
                      }
                    }
                  } catch (IOException e) {
                    // closed
                  }
                });
    tcpThread =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try {
                    while (true) {
                      try (Socket s = tcp.accept()) {
                        tcpQueries.incrementAndGet();
                        DataInputStream in = new DataInputStream(s.getInputStream());
                        byte[] query = new byte[in.readUnsignedShort()];
                        in.readFully(query);
                        byte[] reply = tcpScript.apply(query);
                        DataOutputStream out = new DataOutputStream(s.getOutputStream());
                        out.writeShort(reply.length);
                        out.write(reply);
                        out.flush();
                      } catch (SocketException e) {
                        if (tcp.isClosed()) {
                          return;
                        }
                      }
                    }
                  } catch (IOException e) {
                    // closed
                  }
                });
  }

  InetSocketAddress address() {
    return (InetSocketAddress) udp.getLocalSocketAddress();
  }

  @Override
  public void close() throws Exception {
    udp.close();
    tcp.close();
    udpThread.join(2000);
    tcpThread.join(2000);
  }
}
