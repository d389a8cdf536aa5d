package dev.netdiag.sockets;

import dev.netdiag.linux.NetlinkParseException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The codec for packet_diag (include/uapi/linux/packet_diag.h). Host order throughout.
 *
 * <pre>
 * struct packet_diag_req (20 bytes)      struct packet_diag_msg (16 bytes)
 *  0  u8   sdiag_family   AF_PACKET 17     0  u8   pdiag_family
 *  1  u8   sdiag_protocol 0                1  u8   pdiag_type     SOCK_RAW 3, SOCK_DGRAM 2
 *  2  u16  pad                             2  u16  pdiag_num      ethertype, host order
 *  4  u32  pdiag_ino                       4  u32  pdiag_ino
 *  8  u32  pdiag_show     PACKET_SHOW_*    8  u32[2] pdiag_cookie
 * 12  u32[2] pdiag_cookie                 16  --   attributes, numbered from 0:
 *   INFO 0 (u32 index, version, reserve, copy_thresh, tstamp, flags)  UID 5 (u32)
 *   MEMINFO 6 (u32[SK_MEMINFO_VARS])  FILTER 7 (struct sock_filter[]: u16 code, u8 jt, u8 jf, u32 k;
 *   sent to CAP_NET_ADMIN only)
 * </pre>
 */
final class PacketDiagMessage {
  static final int REQUEST_SIZE = 20;
  static final int SIZE = 16;
  static final int AF_PACKET = 17;

  private static final int SHOW_INFO = 0x01;
  private static final int SHOW_MEMINFO = 0x10;
  private static final int SHOW_FILTER = 0x20;
  private static final int INFO = 0;
  private static final int UID = 5;
  private static final int MEMINFO = 6;
  private static final int FILTER = 7;
  private static final int SK_MEMINFO_RMEM_ALLOC = 0;

  private PacketDiagMessage() {}

  static MemorySegment encode(Arena arena) {
    MemorySegment s = arena.allocate(REQUEST_SIZE, 4);
    s.set(ValueLayout.JAVA_BYTE, 0, (byte) AF_PACKET);
    s.set(ValueLayout.JAVA_INT_UNALIGNED, 8, SHOW_INFO | SHOW_MEMINFO | SHOW_FILTER);
    return s;
  }

  static PacketSocketRecord decode(MemorySegment m) throws NetlinkParseException {
    if (m.byteSize() < SIZE) {
      throw new NetlinkParseException(
          "packet_diag_msg needs " + SIZE + " bytes, the message has " + m.byteSize());
    }
    long[] info = new long[] {0, -1, -1, -1};
    long[][] skmem = new long[1][];
    long[] uid = {0};
    long[][] filter = new long[1][];
    DiagAttributes.walk(
        m,
        SIZE,
        "packet_diag",
        (type, at, size) -> {
          switch (type) {
            case INFO -> {
              if (size >= 24) {
                info[0] = DiagAttributes.u32(m, at);
                info[1] = DiagAttributes.u32(m, at + 4);
                info[2] = DiagAttributes.u32(m, at + 12);
                info[3] = DiagAttributes.u32(m, at + 20);
              }
            }
            case UID -> uid[0] = size >= 4 ? DiagAttributes.u32(m, at) : 0;
            case MEMINFO -> skmem[0] = DiagAttributes.u32Array(m, at, size);
            case FILTER -> {
              long[] program = new long[size / 8 * 4];
              for (int i = 0; i < size / 8; i++) {
                long insn = at + 8L * i;
                program[4 * i] = Short.toUnsignedInt(m.get(ValueLayout.JAVA_SHORT_UNALIGNED, insn));
                program[4 * i + 1] = Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, insn + 2));
                program[4 * i + 2] = Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, insn + 3));
                program[4 * i + 3] = DiagAttributes.u32(m, insn + 4);
              }
              filter[0] = program;
            }
            default -> {
              // MCLIST, rings, fanout: not shown.
            }
          }
        });
    long rq = skmem[0] != null && skmem[0].length > 0 ? skmem[0][SK_MEMINFO_RMEM_ALLOC] : 0;
    return new PacketSocketRecord(
        m.get(ValueLayout.JAVA_BYTE, 1) == 3,
        Short.toUnsignedInt(m.get(ValueLayout.JAVA_SHORT_UNALIGNED, 2)),
        DiagAttributes.u32(m, 4),
        DiagAttributes.cookie(m, 8),
        (int) info[0],
        rq,
        uid[0],
        (int) info[1],
        info[2],
        (int) info[3],
        skmem[0],
        filter[0]);
  }
}
