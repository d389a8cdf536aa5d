package dev.netdiag.sockets;

import dev.netdiag.linux.HostOrder;
import dev.netdiag.linux.NetlinkHeader;
import dev.netdiag.linux.NetlinkParseException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

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

  private static final ValueLayout.OfShort U16_HOST = ValueLayout.JAVA_SHORT_UNALIGNED;
  private static final ValueLayout.OfInt U32_HOST = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong U64_HOST = ValueLayout.JAVA_LONG_UNALIGNED;

  private InetDiagMessage() {}

  /** Decodes one message payload; attributes are read only when {@code details} is set. */
  static SocketRecord decode(MemorySegment m, Transport transport, boolean details)
      throws NetlinkParseException {
    byte[] bytes = m.toArray(ValueLayout.JAVA_BYTE);
    return decode(bytes, 0, bytes.length, transport, details);
  }

  /**
   * Decodes the payload in {@code m[at, at + size)}: the hot path of a dump, reading the received
   * datagram's heap copy in place (the addresses are the only per-socket copies).
   */
  static SocketRecord decode(byte[] m, int at, int size, Transport transport, boolean details)
      throws NetlinkParseException {
    if (size < SIZE) {
      throw new NetlinkParseException(
          "inet_diag_msg needs " + SIZE + " bytes, the message has " + size);
    }
    int familyCode = HostOrder.u8(m, at);
    IpFamily family = familyCode == IpFamily.INET6.code() ? IpFamily.INET6 : IpFamily.INET;
    int length = family.addressLength();
    byte[] src = Arrays.copyOfRange(m, at + 8, at + 8 + length);
    byte[] dst = Arrays.copyOfRange(m, at + 24, at + 24 + length);
    long cookie =
        Integer.toUnsignedLong(HostOrder.u32(m, at + 44))
            | (Integer.toUnsignedLong(HostOrder.u32(m, at + 48)) << 32);
    int end = at + size;
    // One walk over the attributes for the two that every row needs.
    long flags = scanAttributes(m, at, end);
    int cgroupAt = (int) (flags >>> CGROUP_SHIFT);
    long cgroup = cgroupAt != 0 ? HostOrder.u64(m, at + cgroupAt + 4) : 0;
    boolean v6only = family == IpFamily.INET6 && (flags & V6ONLY_BIT) != 0;
    SocketDetails extra =
        details
            ? InetDiagAttributes.decode(
                MemorySegment.ofArray(m).asSlice(at, size), SIZE, transport == Transport.MPTCP)
            : null;
    return new SocketRecord(
        transport,
        family,
        SocketState.of(HostOrder.u8(m, at + 1)),
        src,
        HostOrder.u16Big(m, at + 4),
        dst,
        HostOrder.u16Big(m, at + 6),
        HostOrder.u32(m, at + 40),
        Integer.toUnsignedLong(HostOrder.u32(m, at + 56)),
        Integer.toUnsignedLong(HostOrder.u32(m, at + 60)),
        HostOrder.u32(m, at + 64),
        Integer.toUnsignedLong(HostOrder.u32(m, at + 68)),
        cookie,
        TcpTimer.of(HostOrder.u8(m, at + 2)),
        HostOrder.u8(m, at + 3),
        Integer.toUnsignedLong(HostOrder.u32(m, at + 52)),
        v6only,
        extra,
        (int) flags,
        cgroup);
  }

  private static final long V6ONLY_BIT = 1L << 32;
  private static final int CGROUP_SHIFT = 33;

  /** INET_DIAG_PROTOCOL (u8): which protocol a message describes when its request did not say. */
  static final int INET_DIAG_PROTOCOL = 10;

  /** The message's INET_DIAG_PROTOCOL value, or -1 when it has none. */
  static int protocol(byte[] m, int at, int size) throws NetlinkParseException {
    if (size < SIZE) {
      throw new NetlinkParseException(
          "inet_diag_msg needs " + SIZE + " bytes, the message has " + size);
    }
    int end = at + size;
    int a = at + SIZE;
    while (end - a >= 4) {
      int length = HostOrder.u16(m, a);
      int type = HostOrder.u16(m, a + 2) & NLA_TYPE_MASK;
      if (length < 4 || length > end - a) {
        throw new NetlinkParseException(
            "inet_diag attribute " + type + " of length " + length + " overruns its message");
      }
      if (type == INET_DIAG_PROTOCOL && length >= 5) {
        return Byte.toUnsignedInt(m[a + 4]);
      }
      a += NetlinkHeader.align(length);
    }
    return -1;
  }

  /**
   * INET_DIAG_MARK in the low 32 bits (0 when absent) and INET_DIAG_SKV6ONLY as {@link
   * #V6ONLY_BIT}, and from bit {@link #CGROUP_SHIFT} up the offset of INET_DIAG_CGROUP_ID in the
   * message (0 when absent).
   */
  private static long scanAttributes(byte[] m, int start, int end) throws NetlinkParseException {
    int at = start + SIZE;
    long result = 0;
    while (end - at >= 4) {
      int length = HostOrder.u16(m, at);
      int type = HostOrder.u16(m, at + 2) & NLA_TYPE_MASK;
      if (length < 4 || length > end - at) {
        throw new NetlinkParseException(
            "inet_diag attribute " + type + " of length " + length + " overruns its message");
      }
      if (type == INET_DIAG_SKV6ONLY && length >= 5 && m[at + 4] != 0) {
        result |= V6ONLY_BIT;
      } else if (type == INET_DIAG_MARK && length >= 8) {
        result |= Integer.toUnsignedLong(HostOrder.u32(m, at + 4));
      } else if (type == INET_DIAG_CGROUP_ID && length >= 12) {
        result |= ((long) (at - start)) << CGROUP_SHIFT;
      }
      at += NetlinkHeader.align(length);
    }
    return result;
  }
}
