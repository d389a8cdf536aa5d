package dev.netdiag.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netdiag.sockets.SocketFilter.Comparison;
import dev.netdiag.sockets.SocketFilter.Side;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kernel-filtered dump (INET_DIAG bytecode, then the Java evaluator) against the Java-only dump
 * (every socket, then the evaluator) on sockets this test opens on 127.54.3.1, 127.54.3.2 and ::1:
 * both must list the same sockets for every filter. Each filter is narrowed to the test's own ports
 * so that other sockets of the machine do not matter.
 */
class KernelFilterTest {
  private static final List<AutoCloseable> open = new ArrayList<>();
  private static int v4;
  private static int v6;
  private static int mapped;
  private static int udp;

  @BeforeAll
  static void openSockets() throws Exception {
    InetAddress a1 = InetAddress.getByName("127.54.3.1");
    InetAddress a2 = InetAddress.getByName("127.54.3.2");
    InetAddress loop6 = InetAddress.getByName("::1");
    v4 = listen(StandardProtocolFamily.INET, new InetSocketAddress(a1, 0));
    v6 = listen(StandardProtocolFamily.INET6, new InetSocketAddress(loop6, 0));
    // A dual-stack listener: its IPv4 clients show as ::ffff:127.54.3.2.
    mapped = listen(StandardProtocolFamily.INET6, new InetSocketAddress(a2, 0));
    connect(StandardProtocolFamily.INET, new InetSocketAddress(a1, v4), null);
    connect(StandardProtocolFamily.INET, new InetSocketAddress(a1, v4), a2);
    connect(StandardProtocolFamily.INET6, new InetSocketAddress(loop6, v6), null);
    connect(StandardProtocolFamily.INET, new InetSocketAddress(a2, mapped), null);
    DatagramChannel u = DatagramChannel.open(StandardProtocolFamily.INET);
    open.add(u);
    u.bind(new InetSocketAddress(a1, 0));
    udp = ((InetSocketAddress) u.getLocalAddress()).getPort();
    DatagramChannel uc = DatagramChannel.open(StandardProtocolFamily.INET);
    open.add(uc);
    uc.bind(new InetSocketAddress(a2, 0));
    uc.connect(new InetSocketAddress(a1, udp));
  }

  private static int listen(StandardProtocolFamily family, InetSocketAddress at) throws Exception {
    ServerSocketChannel s = ServerSocketChannel.open(family);
    open.add(s);
    s.bind(at, 8);
    return ((InetSocketAddress) s.getLocalAddress()).getPort();
  }

  private static void connect(StandardProtocolFamily family, InetSocketAddress to, InetAddress from)
      throws Exception {
    SocketChannel c = SocketChannel.open(family);
    open.add(c);
    if (from != null) {
      c.bind(new InetSocketAddress(from, 0));
    }
    c.connect(to);
  }

  @AfterAll
  static void closeSockets() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private static SocketFilter port(Side side, Comparison comparison, int port) {
    return new SocketFilter.PortCompare(side, comparison, port);
  }

  private static SocketFilter host(Side side, String address, int prefix, int port)
      throws Exception {
    byte[] bytes = address == null ? null : InetAddress.getByName(address).getAddress();
    return new SocketFilter.HostMatch(side, bytes, prefix, port);
  }

  /** sport or dport is one of the test's ports. */
  private static SocketFilter ours() {
    SocketFilter any = null;
    for (int p : new int[] {v4, v6, mapped, udp}) {
      SocketFilter either =
          new SocketFilter.Or(
              port(Side.SOURCE, Comparison.EQ, p), port(Side.DESTINATION, Comparison.EQ, p));
      any = any == null ? either : new SocketFilter.Or(any, either);
    }
    return any;
  }

  private static Set<String> rows(SocketTable table, SocketFilter filter) throws Exception {
    return rows(table, filter, EnumSet.allOf(IpFamily.class));
  }

  private static Set<String> rows(SocketTable table, SocketFilter filter, Set<IpFamily> families)
      throws Exception {
    Set<String> rows = new TreeSet<>();
    SocketQuery query =
        new SocketQuery(
            EnumSet.of(Transport.TCP, Transport.UDP),
            families,
            // The states of the test's own sockets: a TIME-WAIT left by another test on a port
            // number the kernel handed out again here is not ours, and may go between two dumps.
            SocketState.mask(SocketState.ESTABLISHED, SocketState.LISTEN, SocketState.CLOSE),
            new SocketFilter.And(ours(), filter),
            false);
    SocketSource source =
        table.dump(query, r -> rows.add(r.transport().netid() + " " + SocketTableTest.key(r)));
    // The kernel took every program (a refused one would fall back to Java alone, unseen).
    assertEquals(
        table.kernelFilter() ? SocketSource.NETLINK_FILTERED : SocketSource.NETLINK,
        source,
        filter::toString);
    return rows;
  }

  @Test
  void kernelAndJavaListTheSameSockets() throws Exception {
    List<IntFunction<SocketFilter>> cases = new ArrayList<>();
    for (Comparison c : Comparison.values()) {
      cases.add(p -> port(Side.SOURCE, c, p));
      cases.add(p -> port(Side.DESTINATION, c, p));
    }
    List<SocketFilter> filters = new ArrayList<>();
    for (int p : new int[] {v4, v6, udp}) {
      for (IntFunction<SocketFilter> c : cases) {
        filters.add(c.apply(p));
      }
    }
    filters.add(host(Side.SOURCE, "127.54.3.1", 32, -1));
    filters.add(host(Side.DESTINATION, "127.54.3.1", 32, -1));
    filters.add(host(Side.SOURCE, "127.54.0.0", 16, -1));
    filters.add(host(Side.SOURCE, "127.54.3.2", 32, -1));
    filters.add(host(Side.DESTINATION, "127.54.3.2", 31, mapped));
    filters.add(host(Side.SOURCE, "::1", 128, -1));
    // ::ffff:127.54.3.2, which InetAddress would shorten to 4 bytes.
    byte[] v4mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 127, 54, 3, 2};
    filters.add(new SocketFilter.HostMatch(Side.SOURCE, v4mapped, 128, -1));
    filters.add(host(Side.SOURCE, null, 0, v4));
    filters.add(host(Side.DESTINATION, null, 0, v6));
    filters.add(host(Side.SOURCE, "127.54.3.1", 32, v4));
    filters.add(new SocketFilter.Not(host(Side.SOURCE, "127.54.3.1", 32, -1)));
    filters.add(new SocketFilter.Device(0));
    filters.add(new SocketFilter.Not(new SocketFilter.Device(1)));
    filters.add(new SocketFilter.Mark(0, -1));
    filters.add(new SocketFilter.Not(new SocketFilter.Mark(0x10, 0xf0)));
    // cgroup: this process's own cgroup v2 id (its sockets' full ones match, TIME-WAIT's not).
    long cgroup = ownCgroupId();
    filters.add(new SocketFilter.Cgroup(cgroup));
    filters.add(new SocketFilter.Not(new SocketFilter.Cgroup(cgroup)));
    filters.add(new SocketFilter.Cgroup(cgroup + 12345));
    filters.add(new SocketFilter.UnixName(Side.SOURCE, "/run/*.sock"));
    filters.add(new SocketFilter.Not(new SocketFilter.UnixName(Side.SOURCE, "/run/*.sock")));
    filters.add(
        new SocketFilter.Not(
            new SocketFilter.And(
                port(Side.SOURCE, Comparison.GE, v4),
                new SocketFilter.Or(
                    host(Side.SOURCE, "::1", 128, -1),
                    port(Side.DESTINATION, Comparison.NE, mapped)))));
    filters.add(
        new SocketFilter.Or(
            new SocketFilter.And(
                host(Side.SOURCE, "127.54.3.2", 32, -1), port(Side.DESTINATION, Comparison.LT, v4)),
            new SocketFilter.Not(host(Side.DESTINATION, "::1", 128, -1))));
    SocketTable kernel = SocketTable.netlink();
    SocketTable java = SocketTable.netlink().withKernelFilter(false);
    for (SocketFilter filter : filters) {
      assertEquals(rows(java, filter), rows(kernel, filter), filter::toString);
    }
    // A prefix of length 0 matches every socket in Java, as in ss's own test, but the kernel
    // checks the condition's family first: the rows are those of that family (an IPv4 condition
    // also takes v4-mapped addresses), as ss lists them.
    Set<String> six = rows(java, SocketFilter.ALL, EnumSet.of(IpFamily.INET6));
    Set<String> fourOrMapped = rows(java, SocketFilter.ALL, EnumSet.of(IpFamily.INET));
    for (String row : six) {
      String local = row.split(" ")[2]; // a v4-mapped address prints as IPv4: one ':'
      if (local.indexOf(':') == local.lastIndexOf(':')) {
        fourOrMapped.add(row);
      }
    }
    assertEquals(rows(java, SocketFilter.ALL), rows(java, host(Side.DESTINATION, "::", 0, -1)));
    assertEquals(six, rows(kernel, host(Side.DESTINATION, "::", 0, -1)));
    assertEquals(fourOrMapped, rows(kernel, host(Side.SOURCE, "0.0.0.0", 0, -1)));
    // The cgroup condition means something: the test's full sockets are in its own cgroup.
    org.junit.jupiter.api.Assertions.assertFalse(
        rows(kernel, new SocketFilter.Cgroup(cgroup)).isEmpty());
    // The comparison means something: all of the test's sockets are there unfiltered.
    Set<String> all = rows(java, SocketFilter.ALL);
    assertEquals(13, all.size(), all::toString);
  }

  /** The inode of this process's cgroup2 directory (its cgroup id), 1 (the root) if unknown. */
  private static long ownCgroupId() throws Exception {
    String mount = null;
    for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/mounts"))) {
      String[] f = line.split(" ");
      if (f.length > 2 && f[2].equals("cgroup2")) {
        mount = f[1];
        break;
      }
    }
    if (mount == null) {
      return 1;
    }
    for (String line :
        java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/cgroup"))) {
      if (line.startsWith("0::")) {
        java.nio.file.Path dir = java.nio.file.Path.of(mount + line.substring(3));
        return (Long) java.nio.file.Files.getAttribute(dir, "unix:ino");
      }
    }
    return 1;
  }

  @Test
  void theSourceSaysTheKernelFiltered() throws Exception {
    SocketQuery query =
        SocketQuery.of(Transport.TCP).withFilter(port(Side.SOURCE, Comparison.EQ, v4));
    assertEquals(SocketSource.NETLINK_FILTERED, SocketTable.netlink().dump(query, r -> {}));
    assertEquals(
        SocketSource.NETLINK, SocketTable.netlink().withKernelFilter(false).dump(query, r -> {}));
    assertEquals(
        SocketSource.NETLINK, SocketTable.netlink().dump(SocketQuery.of(Transport.TCP), r -> {}));
  }
}
