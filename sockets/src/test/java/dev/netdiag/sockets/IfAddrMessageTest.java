package dev.netdiag.sockets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netdiag.linux.NetlinkParseException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ifaddrmsg replies built byte by byte. */
class IfAddrMessageTest {
  private static ByteBuffer message(int prefixLength, int flags, int index) {
    ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    b.put((byte) 2).put((byte) prefixLength).put((byte) flags).put((byte) 0).putInt(index);
    return b;
  }

  private static void attribute(ByteBuffer b, int type, byte[] value) {
    b.putShort((short) (4 + value.length)).putShort((short) type).put(value);
    while (b.position() % 4 != 0) {
      b.put((byte) 0);
    }
  }

  private static MemorySegment segment(ByteBuffer b) {
    byte[] bytes = new byte[b.position()];
    b.flip().get(bytes);
    return MemorySegment.ofArray(bytes);
  }

  private static byte[] ip(int a, int b, int c, int d) {
    return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
  }

  @Test
  void broadcastAddressWithLabel() throws Exception {
    ByteBuffer b = message(24, 0, 7);
    attribute(b, 1, ip(10, 9, 0, 1));
    attribute(b, 2, ip(10, 9, 0, 1));
    attribute(b, 4, ip(10, 9, 0, 255));
    attribute(b, 3, "eth0:7\0".getBytes(StandardCharsets.US_ASCII));
    attribute(b, 6, new byte[16]); // IFA_CACHEINFO: skipped
    Ipv4InterfaceAddress a = IfAddrMessage.decode(segment(b));
    assertEquals(7, a.index());
    assertEquals("eth0:7", a.label());
    assertEquals(24, a.prefixLength());
    assertArrayEquals(ip(10, 9, 0, 1), a.local());
    assertArrayEquals(ip(10, 9, 0, 255), a.broadcast());
    assertArrayEquals(ip(255, 255, 255, 0), a.netmask());
  }

  @Test
  void pointToPointPeerAndNoBroadcast() throws Exception {
    ByteBuffer b = message(32, 0x80, 3);
    attribute(b, 1, ip(10, 7, 0, 2));
    attribute(b, 2, ip(10, 7, 0, 1));
    attribute(b, 8, new byte[] {(byte) 0x80, 0, 0, 0});
    Ipv4InterfaceAddress a = IfAddrMessage.decode(segment(b));
    assertArrayEquals(ip(10, 7, 0, 1), a.local());
    assertArrayEquals(ip(10, 7, 0, 2), a.peer());
    assertArrayEquals(ip(0, 0, 0, 0), a.broadcast());
    assertArrayEquals(ip(255, 255, 255, 255), a.netmask());
    assertEquals("", a.label());
  }

  @Test
  void netmaskOfEveryLength() {
    assertArrayEquals(
        ip(0, 0, 0, 0), new Ipv4InterfaceAddress(1, "x", 0, 0, null, null, null).netmask());
    assertArrayEquals(
        ip(255, 0, 0, 0), new Ipv4InterfaceAddress(1, "x", 8, 0, null, null, null).netmask());
    assertArrayEquals(
        ip(255, 255, 254, 0), new Ipv4InterfaceAddress(1, "x", 23, 0, null, null, null).netmask());
  }

  @Test
  void truncatedMessagesAreParseErrors() {
    assertThrows(
        NetlinkParseException.class,
        () -> IfAddrMessage.decode(MemorySegment.ofArray(new byte[5])));
    ByteBuffer b = message(24, 0, 1);
    b.putShort((short) 40).putShort((short) 2).putInt(0);
    assertThrows(NetlinkParseException.class, () -> IfAddrMessage.decode(segment(b)));
    ByteBuffer none = message(24, 0, 1);
    assertThrows(NetlinkParseException.class, () -> IfAddrMessage.decode(segment(none)));
  }

  @Test
  void liveDumpHasLoopback() throws Exception {
    boolean found = false;
    for (Ipv4InterfaceAddress a : InterfaceAddresses.ipv4()) {
      found |= a.label().equals("lo") && a.local()[0] == 127;
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(found, "no 127.x address on lo here");
  }

  @Test
  void linkNameAndFlags() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
    b.put((byte) 0).put((byte) 0).putShort((short) 1).putInt(4).putInt(0x11043).putInt(0);
    attribute(b, 4, new byte[] {(byte) 0xdc, 5, 0, 0}); // IFLA_MTU: skipped
    attribute(b, 3, "veth0\0".getBytes(StandardCharsets.US_ASCII));
    IfInfoMessage.Link link = IfInfoMessage.decode(segment(b));
    assertEquals(4, link.index());
    assertEquals("veth0", link.name());
    assertEquals(0x11043, link.flags());
    ByteBuffer nameless = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    nameless.putInt(0).putInt(1).putInt(0).putInt(0);
    assertThrows(NetlinkParseException.class, () -> IfInfoMessage.decode(segment(nameless)));
  }

  @Test
  void liveLinkFlagsHaveLoopback() throws Exception {
    Integer lo = InterfaceAddresses.linkFlags().get("lo");
    org.junit.jupiter.api.Assumptions.assumeTrue(lo != null, "no lo here");
    assertEquals(0x8, lo & 0x8); // IFF_LOOPBACK
  }
}
