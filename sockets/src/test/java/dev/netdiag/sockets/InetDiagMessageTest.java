package dev.netdiag.sockets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.linux.Errno;
import dev.netdiag.linux.NativeException;
import dev.netdiag.linux.NetlinkParseException;
import dev.netdiag.linux.NetlinkSocket;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** inet_diag replies built byte by byte: whole, multi-part, truncated, failed. */
class InetDiagMessageTest {
  private static final int SOCK_DIAG_BY_FAMILY = 20;

  /** One inet_diag_msg: a TCP LISTEN on 127.54.0.9:8080, optionally with SKV6ONLY. */
  private static byte[] diagMessage(int family, int state, int port, int inode, Integer v6only) {
    ByteBuffer b =
        ByteBuffer.allocate(72 + (v6only != null ? 8 : 0)).order(ByteOrder.nativeOrder());
    b.put((byte) family).put((byte) state).put((byte) 0).put((byte) 0);
    b.order(ByteOrder.BIG_ENDIAN).putShort((short) port).putShort((short) 0);
    b.put(new byte[] {127, 54, 0, 9}).put(new byte[12]).put(new byte[16]);
    b.order(ByteOrder.nativeOrder());
    b.putInt(0).putInt(0x1234).putInt(0x1); // if, cookie low, cookie high
    b.putInt(0).putInt(3).putInt(128).putInt(1000).putInt(inode);
    if (v6only != null) {
      b.putShort((short) 5).putShort((short) 11).put((byte) (int) v6only).put(new byte[3]);
    }
    return b.array();
  }

  private static byte[] nlmsg(int type, int flags, byte[] payload) {
    int length = 16 + payload.length;
    ByteBuffer b = ByteBuffer.allocate((length + 3) & ~3).order(ByteOrder.nativeOrder());
    b.putInt(length).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
    b.put(payload);
    return b.array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuffer b =
        ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.array();
  }

  private static byte[] done() {
    return nlmsg(3, 2, new byte[4]);
  }

  private static List<SocketRecord> parse(byte[] datagram, boolean[] finished) throws Exception {
    List<SocketRecord> out = new ArrayList<>();
    boolean end =
        NetlinkSocket.parseDatagram(
            MemorySegment.ofArray(datagram),
            (type, payload) -> {
              assertEquals(SOCK_DIAG_BY_FAMILY, type);
              out.add(InetDiagMessage.decode(payload, Transport.TCP, false));
            });
    finished[0] = end;
    return out;
  }

  @Test
  void decodesEveryFieldOfAMessage() throws Exception {
    boolean[] done = new boolean[1];
    List<SocketRecord> records =
        parse(concat(nlmsg(20, 2, diagMessage(2, 10, 8080, 777, null)), done()), done);
    assertTrue(done[0]);
    SocketRecord r = records.getFirst();
    assertEquals(IpFamily.INET, r.family());
    assertEquals(SocketState.LISTEN, r.state());
    assertArrayEquals(new byte[] {127, 54, 0, 9}, r.localAddress());
    assertEquals(8080, r.localPort());
    assertEquals(3, r.receiveQueue());
    assertEquals(128, r.sendQueue());
    assertEquals(1000, r.uid());
    assertEquals(777, r.inode());
    assertEquals(0x1_0000_1234L, r.cookie());
    assertFalse(r.v6only());
  }

  @Test
  void readsV6OnlyFromItsAttribute() throws Exception {
    List<SocketRecord> records =
        parse(concat(nlmsg(20, 2, diagMessage(10, 10, 22, 1, 1)), done()), new boolean[1]);
    assertTrue(records.getFirst().v6only());
    assertEquals(16, records.getFirst().localAddress().length);
  }

  @Test
  void aMultiPartDumpContinuesUntilDone() throws Exception {
    boolean[] done = new boolean[1];
    List<SocketRecord> first =
        parse(
            concat(
                nlmsg(20, 2, diagMessage(2, 1, 1, 1, null)),
                nlmsg(20, 2, diagMessage(2, 1, 2, 2, null))),
            done);
    assertEquals(2, first.size());
    assertFalse(done[0], "no NLMSG_DONE yet: the dump goes on");
    List<SocketRecord> second =
        parse(concat(nlmsg(20, 2, diagMessage(2, 1, 3, 3, null)), done()), done);
    assertEquals(1, second.size());
    assertTrue(done[0]);
  }

  @Test
  void aTruncatedMessageIsAParseError() {
    byte[] whole = nlmsg(20, 2, diagMessage(2, 1, 1, 1, null));
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 10);
    NetlinkParseException e =
        assertThrows(NetlinkParseException.class, () -> parse(cut, new boolean[1]));
    assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
  }

  @Test
  void aShortPayloadIsAParseError() {
    byte[] shortPayload = nlmsg(20, 2, new byte[40]);
    NetlinkParseException e =
        assertThrows(NetlinkParseException.class, () -> parse(shortPayload, new boolean[1]));
    assertTrue(e.getMessage().contains("inet_diag_msg needs 72 bytes"), e.getMessage());
  }

  @Test
  void anAttributeThatOverrunsIsAParseError() {
    byte[] message = diagMessage(10, 10, 22, 1, 1);
    message[72] = 40; // rta_len beyond the message
    assertThrows(NetlinkParseException.class, () -> parse(nlmsg(20, 2, message), new boolean[1]));
  }

  @Test
  void anErrorReplyCarriesItsErrno() {
    ByteBuffer error = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder()).putInt(-1);
    NativeException e =
        assertThrows(
            NativeException.class, () -> parse(nlmsg(2, 0, error.array()), new boolean[1]));
    assertEquals(Errno.EPERM, e.errno());
  }

  @Test
  void cgroupIdIsReadWithoutDetails() throws Exception {
    byte[] base = diagMessage(2, 10, 8080, 77, null);
    ByteBuffer b = ByteBuffer.allocate(base.length + 8 + 12).order(ByteOrder.nativeOrder());
    b.put(base);
    b.putShort((short) 8).putShort((short) 15).putInt(0x42); // INET_DIAG_MARK
    b.putShort((short) 12).putShort((short) 21).putLong(0x1_0000_2345L); // INET_DIAG_CGROUP_ID
    SocketRecord r = InetDiagMessage.decode(b.array(), 0, b.capacity(), Transport.TCP, false);
    assertEquals(0x1_0000_2345L, r.cgroupId());
    assertEquals(0x42, r.mark());
    assertTrue(new SocketFilter.Cgroup(0x1_0000_2345L).matches(r));
    assertFalse(new SocketFilter.Cgroup(1).matches(r));
    SocketRecord none = InetDiagMessage.decode(base, 0, base.length, Transport.TCP, false);
    assertEquals(0, none.cgroupId());
  }
}
