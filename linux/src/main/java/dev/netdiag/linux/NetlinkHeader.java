package dev.netdiag.linux;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The codec for struct nlmsghdr (include/uapi/linux/netlink.h). All fields are host order.
 *
 * <pre>
 *  0  u32  nlmsg_len    header plus payload, before alignment to 4
 *  4  u16  nlmsg_type   NLMSG_ERROR = 2, NLMSG_DONE = 3, or the family's type
 *  6  u16  nlmsg_flags  NLM_F_REQUEST = 0x1, NLM_F_MULTI = 0x2, NLM_F_ACK = 0x4, NLM_F_DUMP_INTR = 0x10,
 *                       NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH = 0x300
 *  8  u32  nlmsg_seq
 * 12  u32  nlmsg_pid
 * </pre>
 */
public final class NetlinkHeader {
  public static final int SIZE = 16;
  public static final int NLMSG_NOOP = 1;
  public static final int NLMSG_ERROR = 2;
  public static final int NLMSG_DONE = 3;
  public static final int NLMSG_OVERRUN = 4;
  public static final int NLM_F_REQUEST = 0x1;
  public static final int NLM_F_MULTI = 0x2;
  public static final int NLM_F_ACK = 0x4;
  public static final int NLM_F_DUMP_INTR = 0x10;
  public static final int NLM_F_DUMP = 0x300;

  private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;

  private NetlinkHeader() {}

  /** Writes a header at offset 0 of the segment. */
  public static void write(MemorySegment s, int length, int type, int flags, int seq) {
    s.set(U32, 0, length);
    s.set(U16, 4, (short) type);
    s.set(U16, 6, (short) flags);
    s.set(U32, 8, seq);
    s.set(U32, 12, 0);
  }

  /** Netlink aligns every message and attribute to 4 bytes. */
  public static int align(int length) {
    return (length + 3) & ~3;
  }
}
