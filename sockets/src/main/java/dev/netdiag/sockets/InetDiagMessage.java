package dev.netdiag.sockets;

import dev.netdiag.linux.NetlinkHeader;
import dev.netdiag.linux.NetlinkParseException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The codec for struct inet_diag_msg and its attributes (include/uapi/linux/inet_diag.h). Ports and
 * addresses are big-endian; every other field is host order.
 *
 * <pre>
 *  0  u8   idiag_family
 *  1  u8   idiag_state
 *  2  u8   idiag_timer
 *  3  u8   idiag_retrans
 *  4  u16  id.sport        big-endian
 *  6  u16  id.dport        big-endian
 *  8  u8[16] id.src        big-endian, IPv4 in the first 4 bytes
 * 24  u8[16] id.dst
 * 40  u32  id.if
 * 44  u32[2] id.cookie     low word first
 * 52  u32  idiag_expires   milliseconds
 * 56  u32  idiag_rqueue
 * 60  u32  idiag_wqueue
 * 64  u32  idiag_uid
 * 68  u32  idiag_inode
 * 72  --   attributes: rtattr { u16 len, u16 type } + value, each aligned to 4
 * </pre>
 */
final class InetDiagMessage {
  static final int SIZE = 72;

  // Attribute types (enum in inet_diag.h)
  static final int INET_DIAG_MEMINFO = 1;
  static final int INET_DIAG_INFO = 2;
  static final int INET_DIAG_CONG = 4;
  static final int INET_DIAG_TOS = 5;
  static final int INET_DIAG_TCLASS = 6;
  static final int INET_DIAG_SKMEMINFO = 7;
  static final int INET_DIAG_SHUTDOWN = 8;
  static final int INET_DIAG_SKV6ONLY = 11;
  static final int INET_DIAG_MARK = 15;
  static final int INET_DIAG_CGROUP_ID = 21;
  private static final int NLA_TYPE_MASK = 0x3fff; // drops NLA_F_NESTED and NLA_F_NET_BYTEORDER

  private static final ValueLayout.OfShort U16_BIG =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfShort U16_HOST = ValueLayout.JAVA_SHORT_UNALIGNED;
  private static final ValueLayout.OfInt U32_HOST = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong U64_HOST = ValueLayout.JAVA_LONG_UNALIGNED;

  private InetDiagMessage() {}

  /** Decodes one message payload; attributes are read only when {@code details} is set. */
  static SocketRecord decode(MemorySegment m, Transport transport, boolean details)
      throws NetlinkParseException {
    if (m.byteSize() < SIZE) {
      throw new NetlinkParseException(
          "inet_diag_msg needs " + SIZE + " bytes, the message has " + m.byteSize());
    }
    int familyCode = Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, 0));
    IpFamily family = familyCode == IpFamily.INET6.code() ? IpFamily.INET6 : IpFamily.INET;
    int length = family.addressLength();
    byte[] src = new byte[length];
    byte[] dst = new byte[length];
    MemorySegment.copy(m, ValueLayout.JAVA_BYTE, 8, src, 0, length);
    MemorySegment.copy(m, ValueLayout.JAVA_BYTE, 24, dst, 0, length);
    long cookie =
        Integer.toUnsignedLong(m.get(U32_HOST, 44))
            | (Integer.toUnsignedLong(m.get(U32_HOST, 48)) << 32);
    boolean v6only = family == IpFamily.INET6 && v6only(m);
    SocketDetails extra = details ? InetDiagAttributes.decode(m, SIZE) : null;
    return new SocketRecord(
        transport,
        family,
        SocketState.of(Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, 1))),
        src,
        Short.toUnsignedInt(m.get(U16_BIG, 4)),
        dst,
        Short.toUnsignedInt(m.get(U16_BIG, 6)),
        m.get(U32_HOST, 40),
        Integer.toUnsignedLong(m.get(U32_HOST, 56)),
        Integer.toUnsignedLong(m.get(U32_HOST, 60)),
        m.get(U32_HOST, 64),
        Integer.toUnsignedLong(m.get(U32_HOST, 68)),
        cookie,
        TcpTimer.of(Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, 2))),
        Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, 3)),
        Integer.toUnsignedLong(m.get(U32_HOST, 52)),
        v6only,
        extra);
  }

  /** The INET_DIAG_SKV6ONLY attribute's value; false when absent. */
  private static boolean v6only(MemorySegment m) throws NetlinkParseException {
    long at = SIZE;
    long end = m.byteSize();
    while (end - at >= 4) {
      int length = Short.toUnsignedInt(m.get(U16_HOST, at));
      int type = Short.toUnsignedInt(m.get(U16_HOST, at + 2)) & NLA_TYPE_MASK;
      if (length < 4 || length > end - at) {
        throw new NetlinkParseException(
            "inet_diag attribute " + type + " of length " + length + " overruns its message");
      }
      if (type == INET_DIAG_SKV6ONLY && length >= 5) {
        return m.get(ValueLayout.JAVA_BYTE, at + 4) != 0;
      }
      at += NetlinkHeader.align(length);
    }
    return false;
  }
}
