package dev.netdiag.sockets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.linux.NetlinkParseException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** unix_diag replies built byte by byte, /proc/net/unix lines, and both sources on live sockets. */
class UnixDiagMessageTest {
  private static ByteBuffer message(int type, int state, int inode) {
    ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    b.put((byte) 1).put((byte) type).put((byte) state).put((byte) 0);
    b.putInt(inode).putInt(0x1234).putInt(0);
    return b;
  }

  private static void attribute(ByteBuffer b, int type, byte[] value) {
    b.putShort((short) (4 + value.length)).putShort((short) type).put(value);
    while (b.position() % 4 != 0) {
      b.put((byte) 0);
    }
  }

  private static byte[] u32s(int... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.nativeOrder());
    for (int v : values) {
      b.putInt(v);
    }
    return b.array();
  }

  private static MemorySegment segment(ByteBuffer b) {
    byte[] bytes = new byte[b.position()];
    b.flip().get(bytes);
    return MemorySegment.ofArray(bytes);
  }

  @Test
  void listenerWithEveryAttribute() throws Exception {
    ByteBuffer b = message(1, 10, 4242);
    attribute(b, 0, "\0netdiag-test-x\0y".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    attribute(b, 1, u32s(99, 0x0fe00000));
    attribute(b, 2, u32s(0));
    attribute(b, 3, u32s(5001, 5002));
    attribute(b, 4, u32s(2, 128));
    attribute(b, 5, u32s(0, 212992, 0, 212992, 0, 0, 0, 0, 0));
    attribute(b, 6, new byte[] {2});
    attribute(b, 7, u32s(1000));
    attribute(b, 42, u32s(7)); // unknown: skipped
    UnixSocketRecord r = UnixDiagMessage.decode(segment(b));
    assertEquals(UnixType.STREAM, r.type());
    assertEquals(SocketState.LISTEN, r.state());
    assertEquals(4242, r.inode());
    assertEquals(0x1234, r.cookie());
    assertEquals("@netdiag-test-x@y", r.name());
    assertEquals(99, r.vfsInode());
    assertEquals(0x0fe00000L, r.vfsDevice());
    assertArrayEquals(new long[] {5001, 5002}, r.pending());
    assertEquals(2, r.receiveQueue());
    assertEquals(128, r.sendQueue());
    assertEquals(212992, r.skmem()[1]);
    assertEquals(2, r.shutdown());
    assertEquals(1000, r.uid());
    assertEquals(-1, r.refCount());
  }

  @Test
  void unboundDatagramHasNoName() throws Exception {
    ByteBuffer b = message(2, 7, 17);
    attribute(b, 2, u32s(0));
    UnixSocketRecord r = UnixDiagMessage.decode(segment(b));
    assertEquals(UnixType.DGRAM, r.type());
    assertEquals(SocketState.CLOSE, r.state());
    assertNull(r.name());
    assertNull(r.pending());
    assertEquals(-1, r.vfsInode());
  }

  @Test
  void truncatedMessagesAreErrors() {
    ByteBuffer b = message(1, 1, 1);
    MemorySegment whole = segment(b);
    assertThrows(NetlinkParseException.class, () -> UnixDiagMessage.decode(whole.asSlice(0, 12)));
    ByteBuffer c = message(1, 1, 1);
    c.putShort((short) 40).putShort((short) 0).putInt(0); // claims 40 bytes, has 8
    assertThrows(NetlinkParseException.class, () -> UnixDiagMessage.decode(segment(c)));
  }

  @Test
  void procLines() {
    UnixSocketRecord listener =
        ProcNetUnixReader.parse(
            "ffff8880abcd0000: 00000002 00000000 00010000 0001 01 12345 /run/x y.sock");
    assertEquals(SocketState.LISTEN, listener.state());
    assertEquals("/run/x y.sock", listener.name());
    assertEquals(0xffff8880abcd0000L, listener.address());
    assertEquals(2, listener.refCount());
    UnixSocketRecord connected =
        ProcNetUnixReader.parse("0000000000000000: 00000003 00000000 00000000 0002 03 77");
    assertEquals(SocketState.ESTABLISHED, connected.state());
    assertEquals(UnixType.DGRAM, connected.type());
    assertNull(connected.name());
    UnixSocketRecord abstractName =
        ProcNetUnixReader.parse(
            "0000000000000000: 00000002 00000000 00000000 0005 01 78 @netdiag-test-q");
    assertEquals(UnixType.SEQPACKET, abstractName.type());
    assertEquals(SocketState.CLOSE, abstractName.state());
    assertEquals("@netdiag-test-q", abstractName.name());
    assertNull(ProcNetUnixReader.parse("0000000000000000: 0000"));
  }

  @Test
  void netlinkAndProcAgreeOnLiveSockets() throws IOException, SocketTableException {
    Path dir = Files.createTempDirectory("netdiag-unix-");
    Path path = dir.resolve("listen.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(path), 5);
      List<UnixSocketRecord> viaNetlink = mine(SocketTable.netlink(), path);
      List<UnixSocketRecord> viaProc = mine(SocketTable.procNet(Path.of("/proc")), path);
      assertEquals(1, viaNetlink.size());
      assertEquals(1, viaProc.size());
      UnixSocketRecord n = viaNetlink.getFirst();
      UnixSocketRecord p = viaProc.getFirst();
      assertEquals(n.inode(), p.inode());
      assertEquals(n.type(), p.type());
      assertEquals(SocketState.LISTEN, n.state());
      assertEquals(n.state(), p.state());
      assertEquals(5, n.sendQueue()); // the backlog, which only netlink knows
      assertTrue(p.refCount() > 0);
    } finally {
      Files.deleteIfExists(path);
      Files.delete(dir);
    }
  }

  private static List<UnixSocketRecord> mine(SocketTable table, Path path)
      throws SocketTableException {
    List<UnixSocketRecord> out = new ArrayList<>();
    table.dumpUnix(
        UnixQuery.all(),
        r -> {
          if (path.toString().equals(r.name())) {
            out.add(r);
          }
        });
    out.sort(Comparator.comparingLong(UnixSocketRecord::inode));
    return out;
  }

  @Test
  void namePatterns() {
    assertTrue(OtherFamilyFilter.glob("/tmp/*/x.sock", "/tmp/a/x.sock"));
    assertTrue(OtherFamilyFilter.glob("@netdiag*", "@netdiag-test-abs"));
    assertTrue(OtherFamilyFilter.glob("/run/[a-c]?.sock", "/run/b1.sock"));
    assertTrue(!OtherFamilyFilter.glob("/run/[!a-c]?.sock", "/run/b1.sock"));
    assertTrue(!OtherFamilyFilter.glob("/tmp/*", ""));
    SocketFilter srcPattern =
        new SocketFilter.UnixName(SocketFilter.Side.SOURCE, "@netdiag-test-*");
    assertTrue(OtherFamilyFilter.matchesUnix(srcPattern, "@netdiag-test-abs", 7, 0));
    assertTrue(!OtherFamilyFilter.matchesUnix(srcPattern, null, 7, 0));
    SocketFilter port =
        new SocketFilter.PortCompare(SocketFilter.Side.SOURCE, SocketFilter.Comparison.EQ, 22);
    assertTrue(!OtherFamilyFilter.matchesUnix(port, "@x", 7, 0));
    assertTrue(OtherFamilyFilter.matchesUnix(new SocketFilter.Not(port), "@x", 7, 0));
  }

  /** ss's run_ssfilter over the sockstat it fills for a UNIX or NETLINK socket. */
  @Test
  void portsAndAddressesAsSsSeesThem() {
    SocketFilter.Side src = SocketFilter.Side.SOURCE;
    SocketFilter.Side dst = SocketFilter.Side.DESTINATION;
    // The inode is the local port, the peer's inode the remote one.
    SocketFilter above = new SocketFilter.PortCompare(src, SocketFilter.Comparison.GT, 1024);
    assertTrue(OtherFamilyFilter.matchesUnix(above, "/x", 5000, 0));
    assertTrue(!OtherFamilyFilter.matchesUnix(above, "/x", 1000, 0));
    SocketFilter peer = new SocketFilter.HostMatch(dst, null, 0, 4242);
    assertTrue(OtherFamilyFilter.matchesUnix(peer, null, 7, 4242));
    // Address data: zero for an unbound socket and the peer, a pointer for a bound one.
    SocketFilter zero = new SocketFilter.HostMatch(src, new byte[4], 32, -1);
    assertTrue(OtherFamilyFilter.matchesUnix(zero, null, 7, 0));
    assertTrue(!OtherFamilyFilter.matchesUnix(zero, "/x", 7, 0));
    SocketFilter loopback = new SocketFilter.HostMatch(dst, new byte[] {127, 0, 0, 1}, 32, -1);
    assertTrue(!OtherFamilyFilter.matchesUnix(loopback, null, 7, 0));
    // A dst pattern meets an empty peer name.
    assertTrue(OtherFamilyFilter.matchesUnix(new SocketFilter.UnixName(dst, "*"), "/x", 7, 8));
    assertTrue(!OtherFamilyFilter.matchesUnix(new SocketFilter.UnixName(dst, "/x"), "/x", 7, 8));
    // NETLINK: the port id is the local port, -1 the remote one; autobound ids are negative.
    SocketFilter auto = new SocketFilter.Autobound(32768, 60999);
    assertTrue(!OtherFamilyFilter.matchesNetlink(auto, 0, 0));
    assertTrue(OtherFamilyFilter.matchesNetlink(auto, 0, -4711));
    assertTrue(OtherFamilyFilter.matchesNetlink(new SocketFilter.HostMatch(src, null, 0, 0), 4, 0));
  }
}
