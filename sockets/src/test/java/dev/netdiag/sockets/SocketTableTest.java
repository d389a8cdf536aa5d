package dev.netdiag.sockets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Netlink and /proc/net on sockets the test opens on 127.54.0.1. */
class SocketTableTest {
  private static final byte[] ADDRESS = {127, 54, 0, 1};
  private static ServerSocket listener;
  private static Socket client;
  private static Socket server;

  @BeforeAll
  static void open() throws Exception {
    listener = new ServerSocket(0, 50, InetAddress.getByAddress(ADDRESS));
    client = new Socket(InetAddress.getByAddress(ADDRESS), listener.getLocalPort());
    server = listener.accept();
  }

  @AfterAll
  static void close() throws Exception {
    client.close();
    server.close();
    listener.close();
  }

  private static SocketQuery ours() {
    int port = listener.getLocalPort();
    return SocketQuery.of(Transport.TCP)
        .withFilter(
            new SocketFilter.Or(
                new SocketFilter.HostMatch(SocketFilter.Side.SOURCE, ADDRESS, 32, port),
                new SocketFilter.HostMatch(SocketFilter.Side.DESTINATION, ADDRESS, 32, port)));
  }

  private static List<SocketRecord> dump(SocketTable table, SocketQuery query) throws Exception {
    List<SocketRecord> records = new ArrayList<>();
    table.dump(query, records::add);
    return records;
  }

  @Test
  void netlinkListsTheListenerAndBothEnds() throws Exception {
    List<SocketRecord> records = dump(SocketTable.netlink(), ours());
    assertEquals(3, records.size(), records::toString);
    SocketRecord listen =
        records.stream().filter(r -> r.state() == SocketState.LISTEN).findFirst().orElseThrow();
    // The JVM opens dual-stack sockets: the kernel reports ::ffff:127.54.0.1.
    assertEquals(IpFamily.INET6, listen.family());
    assertArrayEquals(ADDRESS, java.util.Arrays.copyOfRange(listen.localAddress(), 12, 16));
    assertEquals(50, listen.sendQueue(), "a listener's Send-Q is its backlog");
    assertTrue(listen.inode() > 0);
    assertEquals(2, records.stream().filter(r -> r.state() == SocketState.ESTABLISHED).count());
  }

  @Test
  void theStateMaskFiltersInTheKernel() throws Exception {
    List<SocketRecord> records =
        dump(SocketTable.netlink(), ours().withStates(SocketState.mask(SocketState.LISTEN)));
    assertEquals(1, records.size());
    assertEquals(listener.getLocalPort(), records.getFirst().localPort());
  }

  @Test
  void procNetGivesTheSameSocketsAsNetlink() throws Exception {
    List<String> netlink = new ArrayList<>();
    for (SocketRecord r : dump(SocketTable.netlink(), ours())) {
      netlink.add(key(r));
    }
    List<String> proc = new ArrayList<>();
    for (SocketRecord r : dump(SocketTable.procNet(Path.of("/proc")), ours())) {
      proc.add(key(r));
    }
    netlink.sort(null);
    proc.sort(null);
    assertEquals(netlink, proc);
  }

  static String key(SocketRecord r) {
    return r.state()
        + " "
        + r.localInetAddress().getHostAddress()
        + ":"
        + r.localPort()
        + " "
        + r.remoteInetAddress().getHostAddress()
        + ":"
        + r.remotePort()
        + " ino "
        + r.inode()
        + " uid "
        + r.uid();
  }

  @Test
  void theProcessMapFindsThisJvmAsOwner() throws Exception {
    List<SocketRecord> records = dump(SocketTable.netlink(), ours());
    long[] inodes = records.stream().mapToLong(SocketRecord::inode).toArray();
    ProcessMap map = ProcessMap.scan(Path.of("/proc"), inodes);
    long self = ProcessHandle.current().pid();
    for (SocketRecord r : records) {
      List<ProcessRef> owners = map.owners(r.inode());
      assertEquals(1, owners.size(), () -> "owners of " + r);
      assertEquals(self, owners.getFirst().pid());
      assertTrue(owners.getFirst().fd() > 2);
    }
  }
}
