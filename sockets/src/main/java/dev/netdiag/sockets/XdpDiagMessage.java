package dev.netdiag.sockets;

import dev.netdiag.linux.NetlinkParseException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The codec for xdp_diag (include/uapi/linux/xdp_diag.h). Host order throughout.
 *
 * <pre>
 * struct xdp_diag_req (20 bytes)         struct xdp_diag_msg (16 bytes)
 *  0  u8   sdiag_family   AF_XDP 44        0  u8   xdiag_family
 *  1  u8   sdiag_protocol 0                1  u8   xdiag_type     SOCK_RAW 3
 *  2  u16  pad                             2  u16  pad
 *  4  u32  xdiag_ino      0 for a dump     4  u32  xdiag_ino
 *  8  u32  xdiag_show     XDP_SHOW_*       8  u32[2] xdiag_cookie
 * 12  u32[2] xdiag_cookie                 16  --   attributes:
 *   INFO 1 (u32 ifindex, u32 queue_id)  UID 2 (u32)  RX_RING 3, TX_RING 4, UMEM_FILL_RING 6,
 *   UMEM_COMPLETION_RING 7 (u32 entries)  UMEM 5 (u64 size, u32 id, num_pages, chunk_size,
 *   headroom, ifindex, queue_id, flags, refs)  MEMINFO 8 (u32[SK_MEMINFO_VARS])
 *   STATS 9 (u64 rx_dropped, rx_invalid, rx_full, fill_ring_empty, tx_invalid, tx_ring_empty)
 * </pre>
 */
final class XdpDiagMessage {
  static final int REQUEST_SIZE = 20;
  static final int SIZE = 16;
  static final int AF_XDP = 44;

  // XDP_SHOW_INFO | RING_CFG | UMEM | MEMINFO | STATS, what ss asks for.
  private static final int SHOW_ALL = 0x1f;
  private static final int INFO = 1;
  private static final int UID = 2;
  private static final int RX_RING = 3;
  private static final int TX_RING = 4;
  private static final int UMEM = 5;
  private static final int UMEM_FILL_RING = 6;
  private static final int UMEM_COMPLETION_RING = 7;
  private static final int MEMINFO = 8;
  private static final int STATS = 9;
  private static final int ZEROCOPY = 1;

  private XdpDiagMessage() {}

  static MemorySegment encode(Arena arena) {
    MemorySegment s = arena.allocate(REQUEST_SIZE, 4);
    s.set(ValueLayout.JAVA_BYTE, 0, (byte) AF_XDP);
    s.set(ValueLayout.JAVA_INT_UNALIGNED, 8, SHOW_ALL);
    return s;
  }

  static XdpSocketRecord decode(MemorySegment m) throws NetlinkParseException {
    if (m.byteSize() < SIZE) {
      throw new NetlinkParseException(
          "xdp_diag_msg needs " + SIZE + " bytes, the message has " + m.byteSize());
    }
    long[] info = {0, 0, 0}; // ifindex, queue, uid
    long[] rings = {-1, -1, -1, -1}; // rx, tx, fill, completion
    XdpSocketRecord.Umem[] umem = new XdpSocketRecord.Umem[1];
    long[][] skmem = new long[1][];
    long[][] stats = new long[1][];
    DiagAttributes.walk(
        m,
        SIZE,
        "xdp_diag",
        (type, at, size) -> {
          switch (type) {
            case INFO -> {
              if (size >= 8) {
                info[0] = DiagAttributes.u32(m, at);
                info[1] = DiagAttributes.u32(m, at + 4);
              }
            }
            case UID -> info[2] = size >= 4 ? DiagAttributes.u32(m, at) : 0;
            case RX_RING, TX_RING, UMEM_FILL_RING, UMEM_COMPLETION_RING -> {
              if (size >= 4) {
                int slot =
                    type == RX_RING ? 0 : type == TX_RING ? 1 : type == UMEM_FILL_RING ? 2 : 3;
                rings[slot] = DiagAttributes.u32(m, at);
              }
            }
            case UMEM -> {
              if (size >= 40) {
                umem[0] =
                    new XdpSocketRecord.Umem(
                        m.get(ValueLayout.JAVA_LONG_UNALIGNED, at),
                        DiagAttributes.u32(m, at + 8),
                        DiagAttributes.u32(m, at + 12),
                        DiagAttributes.u32(m, at + 16),
                        DiagAttributes.u32(m, at + 20),
                        DiagAttributes.u32(m, at + 24),
                        DiagAttributes.u32(m, at + 28),
                        (DiagAttributes.u32(m, at + 32) & ZEROCOPY) != 0,
                        DiagAttributes.u32(m, at + 36));
              }
            }
            case MEMINFO -> skmem[0] = DiagAttributes.u32Array(m, at, size);
            case STATS -> {
              if (size >= 48) {
                long[] s = new long[6];
                for (int i = 0; i < 6; i++) {
                  s[i] = m.get(ValueLayout.JAVA_LONG_UNALIGNED, at + 8L * i);
                }
                stats[0] = s;
              }
            }
            default -> {
              // Unknown attributes are skipped.
            }
          }
        });
    long rq = skmem[0] != null && skmem[0].length > 0 ? skmem[0][0] : 0;
    return new XdpSocketRecord(
        Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, 1)),
        DiagAttributes.u32(m, 4),
        DiagAttributes.cookie(m, 8),
        (int) info[0],
        info[1],
        info[2],
        rq,
        rings[0],
        rings[1],
        umem[0],
        rings[2],
        rings[3],
        skmem[0],
        stats[0]);
  }
}
