package dev.netdiag.sockets;

import static dev.netdiag.sockets.DiagBytes.attribute;
import static dev.netdiag.sockets.DiagBytes.buffer;
import static dev.netdiag.sockets.DiagBytes.segment;
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
import org.junit.jupiter.api.Test;

/**
 * tipc_diag replies built byte by byte from linux/tipc_netlink.h (nested TIPC_NLA_SOCK attributes):
 * the kernel here has no TIPC.
 */
class TipcDiagMessageTest {
  private static ByteBuffer u32(int v) {
    return buffer().putInt(v);
  }

  private static ByteBuffer sock(boolean connected) {
    ByteBuffer sock = buffer();
    attribute(sock, 1, u32(0x1001001)); // ADDR
    attribute(sock, 2, u32(3456789)); // REF
    if (connected) {
      ByteBuffer con = buffer();
      attribute(con, 1, buffer()); // FLAG
      attribute(con, 2, u32(0x1001002)); // NODE
      attribute(con, 3, u32(987)); // SOCK
      attribute(sock, 3, con);
    }
    ByteBuffer stat = buffer();
    attribute(stat, 1, u32(4)); // RCVQ
    attribute(stat, 2, u32(2)); // SENDQ
    attribute(stat, 5, u32(0)); // DROP
    attribute(sock, 5, stat);
    attribute(sock, 6, u32(connected ? 5 : 4)); // TYPE: SOCK_SEQPACKET, SOCK_RDM
    attribute(sock, 7, u32(4242)); // INO
    attribute(sock, 8, u32(1000)); // UID
    attribute(sock, 9, u32(connected ? 1 : 7)); // TIPC_STATE: ESTABLISHED, OPEN (CLOSE)
    attribute(sock, 10, buffer().putLong(0x55)); // COOKIE
    return sock;
  }

  @Test
  void connectedSocketWithItsPeer() throws Exception {
    ByteBuffer b = buffer();
    attribute(b, 2, sock(true));
    TipcSocketRecord r = TipcDiagMessage.decode(segment(b));
    assertEquals("ti_sq", r.netid());
    assertEquals(SocketState.ESTABLISHED, r.state());
    assertEquals(0x1001001, r.node());
    assertEquals(3456789, r.reference());
    assertTrue(r.connected());
    assertEquals(0x1001002, r.peerNode());
    assertEquals(987, r.peerReference());
    assertEquals(4, r.receiveQueue());
    assertEquals(2, r.sendQueue());
    assertEquals(1000, r.uid());
    assertEquals(4242, r.inode());
    assertEquals(0x55, r.cookie());
  }

  @Test
  void unconnectedSocketAndMessagesWithoutOne() throws Exception {
    ByteBuffer b = buffer();
    attribute(b, 2, sock(false));
    TipcSocketRecord r = TipcDiagMessage.decode(segment(b));
    assertEquals("ti_rd", r.netid());
    assertEquals(SocketState.CLOSE, r.state());
    assertFalse(r.connected());
    ByteBuffer other = buffer();
    attribute(other, 3, u32(1)); // TIPC_NLA_PUBL only: ss skips it
    assertNull(TipcDiagMessage.decode(segment(other)));
  }

  @Test
  void nestedAttributeOverrunIsAParseError() {
    ByteBuffer sock = buffer();
    sock.putShort((short) 20).putShort((short) 1).putInt(1); // claims 20 bytes, has 8
    ByteBuffer b = buffer();
    attribute(b, 2, sock);
    assertThrows(NetlinkParseException.class, () -> TipcDiagMessage.decode(segment(b)));
  }

  @Test
  void requestLayout() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = TipcDiagMessage.encode(arena, 0x482);
      assertEquals(8, s.byteSize());
      assertEquals(30, s.get(ValueLayout.JAVA_BYTE, 0));
      assertEquals(0x482, s.get(ValueLayout.JAVA_INT_UNALIGNED, 4));
    }
  }
}
