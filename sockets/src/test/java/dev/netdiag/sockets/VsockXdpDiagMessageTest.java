package dev.netdiag.sockets;

import static dev.netdiag.sockets.DiagBytes.attribute;
import static dev.netdiag.sockets.DiagBytes.buffer;
import static dev.netdiag.sockets.DiagBytes.segment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.linux.NetlinkParseException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * vsock_diag and xdp_diag replies built byte by byte from the UAPI layouts (linux/vsock_diag.h,
 * linux/xdp_diag.h): the kernel here has neither module, so no live dump can show a row.
 */
class VsockXdpDiagMessageTest {
  /** struct vsock_diag_msg: family, type, state, shutdown, src cid/port, dst cid/port, ino. */
  private static MemorySegment vsock(
      int type, int state, int srcCid, int srcPort, int dstCid, int dstPort, int inode) {
    ByteBuffer b = buffer();
    b.put((byte) 40).put((byte) type).put((byte) state).put((byte) 0);
    b.putInt(srcCid).putInt(srcPort).putInt(dstCid).putInt(dstPort).putInt(inode);
    b.putInt(0xabcdef).putInt(0x1);
    return segment(b);
  }

  @Test
  void vsockListenerWithWildcards() throws Exception {
    VsockSocketRecord r = VsockDiagMessage.decode(vsock(1, 10, -1, 1234, -1, -1, 777));
    assertEquals("v_str", r.netid());
    assertTrue(r.stream());
    assertEquals(SocketState.LISTEN, r.state());
    assertEquals(VsockSocketRecord.ANY, r.localCid());
    assertEquals(1234, r.localPort());
    assertEquals(VsockSocketRecord.ANY, r.peerCid());
    assertEquals(VsockSocketRecord.ANY, r.peerPort());
    assertEquals(777, r.inode());
    assertEquals(0x1_00abcdefL, r.cookie());
  }

  @Test
  void vsockConnectedDatagramAndUnknownType() throws Exception {
    VsockSocketRecord r = VsockDiagMessage.decode(vsock(2, 1, 3, 1024, 2, 9999, 5));
    assertEquals("v_dgr", r.netid());
    assertFalse(r.stream());
    assertEquals(SocketState.ESTABLISHED, r.state());
    assertEquals(3, r.localCid());
    assertEquals(9999, r.peerPort());
    assertEquals("???", VsockDiagMessage.decode(vsock(5, 7, 1, 1, 1, 1, 1)).netid());
  }

  @Test
  void vsockTruncatedIsAParseError() {
    ByteBuffer b = buffer();
    b.put(new byte[31]);
    assertThrows(NetlinkParseException.class, () -> VsockDiagMessage.decode(segment(b)));
  }

  @Test
  void vsockRequestLayout() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = VsockDiagMessage.encode(arena, 0x4ff);
      assertEquals(24, s.byteSize());
      assertEquals(40, s.get(ValueLayout.JAVA_BYTE, 0));
      assertEquals(0x4ff, s.get(ValueLayout.JAVA_INT_UNALIGNED, 4));
    }
  }

  private static ByteBuffer xdpHeader(int inode) {
    ByteBuffer b = buffer();
    b.put((byte) 44).put((byte) 3).putShort((short) 0).putInt(inode).putInt(0x10).putInt(0);
    return b;
  }

  private static ByteBuffer u32s(int... values) {
    ByteBuffer b = buffer();
    for (int v : values) {
      b.putInt(v);
    }
    return b;
  }

  @Test
  void xdpWithEveryAttribute() throws Exception {
    ByteBuffer b = xdpHeader(4242);
    attribute(b, 1, u32s(2, 5)); // INFO: ifindex 2, queue 5
    attribute(b, 2, u32s(1000)); // UID
    attribute(b, 3, u32s(2048)); // RX_RING
    attribute(b, 4, u32s(1024)); // TX_RING
    ByteBuffer umem = buffer();
    umem.putLong(1L << 22).putInt(7).putInt(1024).putInt(4096).putInt(256).putInt(2).putInt(5);
    umem.putInt(1).putInt(2);
    attribute(b, 5, umem);
    attribute(b, 6, u32s(4096)); // UMEM_FILL_RING
    attribute(b, 7, u32s(512)); // UMEM_COMPLETION_RING
    attribute(b, 8, u32s(300, 212992, 0, 212992, 0, 0, 0, 0, 0)); // MEMINFO
    ByteBuffer stats = buffer();
    for (long v = 1; v <= 6; v++) {
      stats.putLong(v * 10);
    }
    attribute(b, 9, stats);
    attribute(b, 42, u32s(1)); // unknown: skipped
    XdpSocketRecord r = XdpDiagMessage.decode(segment(b));
    assertEquals(3, r.type());
    assertEquals(4242, r.inode());
    assertEquals(0x10, r.cookie());
    assertEquals(2, r.interfaceIndex());
    assertEquals(5, r.queueId());
    assertEquals(1000, r.uid());
    assertEquals(300, r.receiveQueue());
    assertEquals(2048, r.rxRing());
    assertEquals(1024, r.txRing());
    assertEquals(4096, r.fillRing());
    assertEquals(512, r.completionRing());
    assertEquals(new XdpSocketRecord.Umem(1L << 22, 7, 1024, 4096, 256, 2, 5, true, 2), r.umem());
    assertArrayEquals(new long[] {10, 20, 30, 40, 50, 60}, r.stats());
    assertEquals(212992, r.skmem()[1]);
  }

  @Test
  void xdpUnboundHasNoRings() throws Exception {
    XdpSocketRecord r = XdpDiagMessage.decode(segment(xdpHeader(9)));
    assertEquals(0, r.interfaceIndex());
    assertEquals(-1, r.rxRing());
    assertEquals(-1, r.completionRing());
    assertNull(r.umem());
    assertNull(r.stats());
    assertEquals(0, r.receiveQueue());
  }

  @Test
  void xdpAttributeOverrunningItsMessageIsAParseError() {
    ByteBuffer b = xdpHeader(1);
    b.putShort((short) 40).putShort((short) 1).putInt(2);
    assertThrows(NetlinkParseException.class, () -> XdpDiagMessage.decode(segment(b)));
    ByteBuffer shortHeader = buffer();
    shortHeader.put(new byte[15]);
    assertThrows(NetlinkParseException.class, () -> XdpDiagMessage.decode(segment(shortHeader)));
  }

  @Test
  void xdpRequestAsksForEveryPart() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = XdpDiagMessage.encode(arena);
      assertEquals(20, s.byteSize());
      assertEquals(44, s.get(ValueLayout.JAVA_BYTE, 0));
      assertEquals(0x1f, s.get(ValueLayout.JAVA_INT_UNALIGNED, 8));
    }
  }

  @Test
  void legacyDccpRequestLayout() {
    try (Arena arena = Arena.ofConfined()) {
      byte[] program = {1, 4, 8, 0};
      MemorySegment s = InetDiagRequest.encodeLegacy(arena, 0x6fe, 0x41, program);
      assertEquals(60 + 8, s.byteSize());
      assertEquals(2, s.get(ValueLayout.JAVA_BYTE, 0));
      assertEquals(0x41, s.get(ValueLayout.JAVA_BYTE, 3));
      assertEquals(0x6fe, s.get(ValueLayout.JAVA_INT_UNALIGNED, 52));
      assertEquals(8, s.get(ValueLayout.JAVA_SHORT_UNALIGNED, 60));
      assertEquals(1, s.get(ValueLayout.JAVA_SHORT_UNALIGNED, 62));
      assertEquals(4, s.get(ValueLayout.JAVA_BYTE, 65));
    }
  }

  @Test
  void vsockFilterComparesPortsAndNeverAddresses() {
    SocketFilter sport =
        new SocketFilter.PortCompare(SocketFilter.Side.SOURCE, SocketFilter.Comparison.GE, 1000);
    assertTrue(OtherFamilyFilter.matchesVsock(sport, 1234, VsockSocketRecord.ANY));
    assertFalse(OtherFamilyFilter.matchesVsock(sport, 80, VsockSocketRecord.ANY));
    assertTrue(OtherFamilyFilter.matchesVsock(new SocketFilter.Autobound(1, 2), 1024, 0));
    assertFalse(OtherFamilyFilter.matchesVsock(new SocketFilter.Cgroup(1), 1024, 0));
    assertFalse(
        OtherFamilyFilter.matchesVsock(
            new SocketFilter.HostMatch(SocketFilter.Side.SOURCE, new byte[4], 8, -1), 1, 1));
    assertTrue(
        OtherFamilyFilter.matchesVsock(
            new SocketFilter.HostMatch(SocketFilter.Side.DESTINATION, null, 0, 9), 1, 9));
  }

  @Test
  void xdpFilterSeesQueueAndDevice() {
    assertTrue(OtherFamilyFilter.matchesXdp(new SocketFilter.Device(2), 5, 2));
    assertFalse(OtherFamilyFilter.matchesXdp(new SocketFilter.Device(2), 5, 0));
    SocketFilter queue =
        new SocketFilter.PortCompare(SocketFilter.Side.SOURCE, SocketFilter.Comparison.EQ, 5);
    assertTrue(OtherFamilyFilter.matchesXdp(queue, 5, 2));
    assertFalse(OtherFamilyFilter.matchesXdp(new SocketFilter.Autobound(32768, 60999), 5, 2));
  }

  /** A whole reply datagram: two vsock_diag messages and NLMSG_DONE, then one cut short. */
  @Test
  void vsockDatagramWalkedToItsDone() throws Exception {
    byte[] first = vsock(1, 10, -1, 1234, -1, -1, 1).toArray(ValueLayout.JAVA_BYTE);
    byte[] second = vsock(2, 7, 3, 99, -1, -1, 2).toArray(ValueLayout.JAVA_BYTE);
    ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    for (byte[] payload : new byte[][] {first, second}) {
      b.putInt(16 + payload.length).putShort((short) 20).putShort((short) 2).putInt(0).putInt(0);
      b.put(payload);
    }
    b.putInt(20).putShort((short) 3).putShort((short) 2).putInt(0).putInt(0).putInt(0);
    java.util.List<VsockSocketRecord> rows = new java.util.ArrayList<>();
    boolean done =
        dev.netdiag.linux.NetlinkSocket.parseDatagram(
            segment(b), (type, payload) -> rows.add(VsockDiagMessage.decode(payload)));
    assertTrue(done);
    assertEquals(2, rows.size());
    assertEquals("v_dgr", rows.get(1).netid());
    assertEquals(SocketState.CLOSE, rows.get(1).state());
    ByteBuffer cut = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
    cut.putInt(16 + 32).putShort((short) 20).putShort((short) 2).putInt(0).putInt(0);
    cut.put(new byte[20]); // 12 bytes short of the message it announces
    assertThrows(
        NetlinkParseException.class,
        () -> dev.netdiag.linux.NetlinkSocket.parseDatagram(segment(cut), (type, payload) -> {}));
  }
}
