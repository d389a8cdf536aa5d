package dev.netdiag.sockets;

import dev.netdiag.linux.NetlinkParseException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The codec for tipc_diag (include/uapi/linux/tipc_sockets_diag.h, tipc_netlink.h). Host order.
 *
 * <pre>
 * struct tipc_sock_diag_req (8 bytes): u8 sdiag_family AF_TIPC 30, u8 sdiag_protocol 0, u16 pad,
 *                                      u32 tidiag_states
 * reply: attributes from the first byte of the payload (no fixed header):
 *   TIPC_NLA_SOCK 2 (nested): ADDR 1 u32, REF 2 u32, CON 3 (nested: FLAG 1, NODE 2 u32,
 *     SOCK 3 u32, TYPE 4 u32, INST 5 u32), HAS_PUBL 4 flag, STAT 5 (nested: RCVQ 1 u32,
 *     SENDQ 2 u32, LINK_CONG 3, CONN_CONG 4, DROP 5 u32), TYPE 6 u32, INO 7 u32, UID 8 u32,
 *     TIPC_STATE 9 u32, COOKIE 10 u64
 * </pre>
 */
final class TipcDiagMessage {
  static final int REQUEST_SIZE = 8;
  static final int AF_TIPC = 30;

  private static final int NLA_SOCK = 2;
  private static final int SOCK_ADDR = 1;
  private static final int SOCK_REF = 2;
  private static final int SOCK_CON = 3;
  private static final int SOCK_STAT = 5;
  private static final int SOCK_TYPE = 6;
  private static final int SOCK_INO = 7;
  private static final int SOCK_UID = 8;
  private static final int SOCK_TIPC_STATE = 9;
  private static final int SOCK_COOKIE = 10;
  private static final int CON_NODE = 2;
  private static final int CON_SOCK = 3;
  private static final int STAT_RCVQ = 1;
  private static final int STAT_SENDQ = 2;

  private TipcDiagMessage() {}

  static MemorySegment encode(Arena arena, int states) {
    MemorySegment s = arena.allocate(REQUEST_SIZE, 4);
    s.set(ValueLayout.JAVA_BYTE, 0, (byte) AF_TIPC);
    s.set(ValueLayout.JAVA_INT_UNALIGNED, 4, states);
    return s;
  }

  /** The socket a reply describes, or null when it has no TIPC_NLA_SOCK (ss skips it). */
  static TipcSocketRecord decode(MemorySegment m) throws NetlinkParseException {
    MemorySegment[] sock = new MemorySegment[1];
    DiagAttributes.walk(
        m,
        0,
        "tipc_diag",
        (type, at, size) -> {
          if (type == NLA_SOCK) {
            sock[0] = m.asSlice(at, size);
          }
        });
    if (sock[0] == null) {
      return null;
    }
    MemorySegment s = sock[0];
    // type, state, node, ref, uid, ino, cookie, connected, peer node, peer ref, rcvq, sendq
    long[] v = new long[12];
    MemorySegment[] nested = new MemorySegment[2]; // CON, STAT
    DiagAttributes.walk(
        s,
        0,
        "TIPC_NLA_SOCK",
        (type, at, size) -> {
          switch (type) {
            case SOCK_TYPE -> v[0] = u32(s, at, size);
            case SOCK_TIPC_STATE -> v[1] = u32(s, at, size);
            case SOCK_ADDR -> v[2] = u32(s, at, size);
            case SOCK_REF -> v[3] = u32(s, at, size);
            case SOCK_UID -> v[4] = u32(s, at, size);
            case SOCK_INO -> v[5] = u32(s, at, size);
            case SOCK_COOKIE -> v[6] = size >= 8 ? s.get(ValueLayout.JAVA_LONG_UNALIGNED, at) : 0;
            case SOCK_CON -> nested[0] = s.asSlice(at, size);
            case SOCK_STAT -> nested[1] = s.asSlice(at, size);
            default -> {
              // HAS_PUBL, GROUP, PAD: not shown without --tipcinfo.
            }
          }
        });
    if (nested[0] != null) {
      MemorySegment con = nested[0];
      v[7] = 1;
      DiagAttributes.walk(
          con,
          0,
          "TIPC_NLA_SOCK_CON",
          (t, a, n) -> {
            if (t == CON_NODE) {
              v[8] = u32(con, a, n);
            } else if (t == CON_SOCK) {
              v[9] = u32(con, a, n);
            }
          });
    }
    if (nested[1] != null) {
      MemorySegment stat = nested[1];
      DiagAttributes.walk(
          stat,
          0,
          "TIPC_NLA_SOCK_STAT",
          (t, a, n) -> {
            if (t == STAT_RCVQ) {
              v[10] = u32(stat, a, n);
            } else if (t == STAT_SENDQ) {
              v[11] = u32(stat, a, n);
            }
          });
    }
    return new TipcSocketRecord(
        (int) v[0],
        SocketState.of((int) v[1]),
        v[2],
        v[3],
        v[7] != 0,
        v[8],
        v[9],
        v[4],
        v[5],
        v[6],
        v[10],
        v[11]);
  }

  private static long u32(MemorySegment m, long at, int size) {
    return size >= 4 ? DiagAttributes.u32(m, at) : 0;
  }
}
