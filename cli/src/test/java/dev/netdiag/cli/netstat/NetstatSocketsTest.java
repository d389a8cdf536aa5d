package dev.netdiag.cli.netstat;

import dev.netdiag.cli.Run;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * netstat's socket tables against net-tools on sockets this test opens on 127.55.0.0/16 and ::1:
 * listeners, an established pair, a bound and a connected UDP socket. Rows of other sockets on the
 * machine (other builds come and go) are left out; rows compare as sets.
 */
class NetstatSocketsTest {
  private static final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void sockets() throws Exception {
    Assumptions.assumeTrue(Cmd.installed("netstat"), "net-tools netstat is not installed");
    ServerSocket listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getByName("127.55.0.1"), 0));
    open.add(listener);
    Socket client = new Socket();
    client.bind(new InetSocketAddress(InetAddress.getByName("127.55.0.2"), 0));
    client.connect(listener.getLocalSocketAddress());
    open.add(client);
    open.add(listener.accept());
    ServerSocket ssh = new ServerSocket();
    ssh.bind(new InetSocketAddress(InetAddress.getByName("127.55.9.3"), 22));
    open.add(ssh);
    ServerSocket v6 = new ServerSocket();
    v6.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
    open.add(v6);
    DatagramSocket bound = new DatagramSocket(new InetSocketAddress("127.55.0.4", 0));
    open.add(bound);
    DatagramSocket connected = new DatagramSocket(new InetSocketAddress("127.55.0.5", 0));
    connected.connect(bound.getLocalSocketAddress());
    open.add(connected);
  }

  @AfterAll
  static void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private static List<String> argv(String args) {
    List<String> out = new ArrayList<>(List.of("netstat"));
    out.addAll(List.of(args.split(" ")));
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-tan",
        "-tln",
        "-tn",
        "-uan",
        "-uln",
        "-un",
        "-tuan",
        "-tuln",
        "-tanW",
        "-ta",
        "-tl",
        "-tan4",
        "-tln6",
        "-tulnp",
        "-tuanp",
        "--tcp --all --numeric",
        "-tan --numeric-hosts",
      })
  void socketTablesMatch(String args) {
    Differential.exact()
        // Only the rows of this test's sockets: 127.55.x.x and, with -n, the ::1 listener ("::1:" +
        // port).
        .dropLines("^(tcp|udp|raw|udpl)6? (?!.*(127\\.55\\.|::1:))")
        .dropLines("TIME_WAIT")
        .rowsAsSet()
        .assertSame(
            "netstat " + args,
            Cmd.run(Duration.ofSeconds(30), argv(args)),
            Run.netdiag(argv(args).toArray(String[]::new)));
  }
}
