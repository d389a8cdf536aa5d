package dev.netdiag.sockets;

import dev.netdiag.linux.NetlinkParseException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The codec for netlink_diag (include/uapi/linux/netlink_diag.h). Host order throughout.
 *
 * <pre>
 * struct netlink_diag_req (20 bytes)     struct netlink_diag_msg (28 bytes)
 *  0  u8   sdiag_family   AF_NETLINK 16    0  u8   ndiag_family
 *  1  u8   sdiag_protocol 255 = all        1  u8   ndiag_type
 *  2  u16  pad                             2  u8   ndiag_protocol
 *  4  u32  ndiag_ino                       3  u8   ndiag_state    1 = NETLINK_CONNECTED
 *  8  u32  ndiag_show     NDIAG_SHOW_*     4  u32  ndiag_portid
 * 12  u32[2] ndiag_cookie                  8  u32  ndiag_dst_portid
 *                                         12  u32  ndiag_dst_group
 *                                         16  u32  ndiag_ino
 *                                         20  u32[2] ndiag_cookie
 *                                         28  --   attributes from 0: MEMINFO 0, GROUPS 1 (u32[])
 * </pre>
 */
final class NetlinkDiagMessage {
  static final int REQUEST_SIZE = 20;
  static final int SIZE = 28;
  static final int AF_NETLINK = 16;

  private static final int PROTO_ALL = 255;
  private static final int SHOW_MEMINFO = 0x01;
  private static final int SHOW_GROUPS = 0x02;
  private static final int MEMINFO = 0;
  private static final int GROUPS = 1;

  private NetlinkDiagMessage() {}

  static MemorySegment encode(Arena arena) {
    MemorySegment s = arena.allocate(REQUEST_SIZE, 4);
    s.set(ValueLayout.JAVA_BYTE, 0, (byte) AF_NETLINK);
    s.set(ValueLayout.JAVA_BYTE, 1, (byte) PROTO_ALL);
    s.set(ValueLayout.JAVA_INT_UNALIGNED, 8, SHOW_MEMINFO | SHOW_GROUPS);
    return s;
  }

  static NetlinkSocketRecord decode(MemorySegment m) throws NetlinkParseException {
    if (m.byteSize() < SIZE) {
      throw new NetlinkParseException(
          "netlink_diag_msg needs " + SIZE + " bytes, the message has " + m.byteSize());
    }
    long[][] skmem = new long[1][];
    long[] groups = {0};
    DiagAttributes.walk(
        m,
        SIZE,
        "netlink_diag",
        (type, at, size) -> {
          if (type == MEMINFO) {
            skmem[0] = DiagAttributes.u32Array(m, at, size);
          } else if (type == GROUPS && size >= 4) {
            groups[0] = DiagAttributes.u32(m, at);
          }
        });
    long[] mem = skmem[0];
    return new NetlinkSocketRecord(
        Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, 2)),
        m.get(ValueLayout.JAVA_INT_UNALIGNED, 4),
        m.get(ValueLayout.JAVA_BYTE, 3) == 1,
        m.get(ValueLayout.JAVA_INT_UNALIGNED, 8),
        DiagAttributes.u32(m, 12),
        mem != null && mem.length > 0 ? mem[0] : 0,
        mem != null && mem.length > 2 ? mem[2] : 0,
        DiagAttributes.u32(m, 16),
        DiagAttributes.cookie(m, 20),
        groups[0],
        mem);
  }
}
