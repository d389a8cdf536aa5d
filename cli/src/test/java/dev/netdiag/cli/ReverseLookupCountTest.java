package dev.netdiag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.netdiag.testkit.JavaMain;
import dev.netdiag.testkit.Requires;
import dev.netdiag.testkit.ResolverSandbox;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How often netstat and lsof ask DNS without -n: a counting server on 127.61.0.55 (the only one in
 * a private resolv.conf) answers every query NXDOMAIN, and the PTR questions for this test's
 * addresses (each on more than one row) are counted for net-tools or lsof and for ours on the same
 * sockets: the same questions, each asked once per run, misses included.
 */
class ReverseLookupCountTest {
  private static final String SERVER = "127.61.0.55";
  private static final String ZONE = ".3.61.127.in-addr.arpa.";

  private static CountingServer server;
  private static ResolverSandbox sandbox;
  private static final List<NetworkChannel> open = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Requires.assumeRoot("a private resolv.conf and a server on port 53");
    Requires.assumeInstalled("netstat", "lsof", "unshare");
    server = new CountingServer(new DatagramSocket(new InetSocketAddress(SERVER, 53)));
    server.start();
    sandbox =
        ResolverSandbox.withResolvConf("nameserver " + SERVER + "\noptions timeout:1 attempts:1\n");
    // 127.61.3.1 and .2 are on three rows each (listener, both ends of the pair), .3 on one.
    ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET);
    open.add(listener);
    listener.bind(new InetSocketAddress(InetAddress.getByName("127.61.3.1"), 0));
    SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
    open.add(client);
    client.bind(new InetSocketAddress(InetAddress.getByName("127.61.3.2"), 0));
    client.connect(listener.getLocalAddress());
    open.add(listener.accept());
    SocketChannel second = SocketChannel.open(StandardProtocolFamily.INET);
    open.add(second);
    second.bind(new InetSocketAddress(InetAddress.getByName("127.61.3.2"), 0));
    second.connect(listener.getLocalAddress());
    open.add(listener.accept());
    DatagramChannel udp = DatagramChannel.open(StandardProtocolFamily.INET);
    open.add(udp);
    udp.bind(new InetSocketAddress(InetAddress.getByName("127.61.3.3"), 0));
  }

  @AfterAll
  static void stop() throws IOException {
    for (NetworkChannel c : open) {
      c.close();
    }
    open.clear();
    if (server != null) {
      server.close();
    }
  }

  private static List<String> words(String line) {
    return new ArrayList<>(
        List.of(line.replace("SELF", Long.toString(ProcessHandle.current().pid())).split(" ")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "netstat -tua",
        "netstat -tuaW",
        "netstat -ta -c 1",
        "lsof -a -p SELF -P -i@127.61.3.1 -i@127.61.3.2 -i@127.61.3.3",
        "lsof -a -p SELF -P -r1 -i@127.61.3.1 -i@127.61.3.2 -i@127.61.3.3",
        "lsof -a -p SELF -t -i@127.61.3.1 -i@127.61.3.2 -i@127.61.3.3",
      })
  void eachAddressIsAskedOnce(String line) {
    List<String> argv = words(line);
    List<String> ours = JavaMain.command(Main.class.getName(), argv.toArray(String[]::new));
    if (line.contains(" -c ") || line.contains(" -r1 ")) {
      // A repeating run: two rounds, then the bound ends it (the cache lasts the whole run).
      argv.addAll(0, List.of("timeout", "-s", "INT", "1.5"));
      ours.addAll(0, List.of("timeout", "-s", "INT", "3"));
    }
    Map<String, Integer> reference = questionsOf(argv);
    Map<String, Integer> ourQuestions = questionsOf(ours);
    assertEquals(reference, ourQuestions, line);
    for (int n : ourQuestions.values()) {
      assertEquals(1, n, line + ": " + ourQuestions);
    }
    if (!line.contains(" -t ")) {
      assertFalse(ourQuestions.isEmpty(), line + " asked nothing");
    }
  }

  private static Map<String, Integer> questionsOf(List<String> argv) {
    server.reset();
    sandbox.run(Duration.ofSeconds(60), argv);
    return server.counts(ZONE);
  }

  /** Answers every query NXDOMAIN and counts the question names. */
  private static final class CountingServer extends Thread implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<String, Integer> counts = new TreeMap<>();

    CountingServer(DatagramSocket socket) {
      this.socket = socket;
      setDaemon(true);
    }

    synchronized void reset() {
      counts.clear();
    }

    /** The names ending in suffix and how often each was asked. */
    synchronized Map<String, Integer> counts(String suffix) {
      Map<String, Integer> out = new TreeMap<>();
      counts.forEach(
          (name, n) -> {
            if (name.endsWith(suffix)) {
              out.put(name, n);
            }
          });
      return out;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[512];
      while (!socket.isClosed()) {
        try {
          DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
          socket.receive(packet);
          int length = packet.getLength();
          // Header (12 bytes), then the question name as labels, then type and class.
          int at = 12;
          StringBuilder name = new StringBuilder();
          while (at < length && buffer[at] != 0) {
            int label = buffer[at] & 0xff;
            if (at + 1 + label > length) {
              break;
            }
            name.append(
                    new String(buffer, at + 1, label, java.nio.charset.StandardCharsets.US_ASCII))
                .append('.');
            at += 1 + label;
          }
          int end = Math.min(length, at + 5);
          synchronized (this) {
            counts.merge(name.toString().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
          }
          byte[] reply = java.util.Arrays.copyOf(buffer, end);
          reply[2] = (byte) (0x80 | (buffer[2] & 0x79)); // QR, the query's opcode and RD
          reply[3] = (byte) 0x83; // RA, NXDOMAIN
          reply[6] = reply[7] = reply[8] = reply[9] = reply[10] = reply[11] = 0;
          socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
        } catch (SocketException e) {
          return; // closed
        } catch (IOException e) {
          // One bad exchange: keep serving.
        }
      }
    }

    @Override
    public void close() {
      socket.close();
    }
  }
}
