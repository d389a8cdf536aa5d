package dev.netdiag.sockets;

import dev.netdiag.linux.NetlinkParseException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The optional attributes after struct inet_diag_msg (include/uapi/linux/inet_diag.h enum
 * inet_diag_attr), decoded into {@link SocketDetails}:
 *
 * <pre>
 *  1 MEMINFO   struct inet_diag_meminfo: u32 rmem, wmem, fmem, tmem
 *  2 INFO      struct tcp_info, length-aware ({@link TcpInfo})
 *  4 CONG      NUL-terminated congestion control name
 *  5 TOS, 6 TCLASS, 8 SHUTDOWN, 11 SKV6ONLY   u8
 *  7 SKMEMINFO u32[SK_MEMINFO_VARS]
 * 15 MARK      u32       21 CGROUP_ID  u64       17 CLASS_ID  u32
 * 22 SOCKOPT   struct inet_diag_sockopt: two bytes of bitfields
 * 19 ULP_INFO  nested: the ULP's name, its TLS or MPTCP subflow attributes ({@link UlpInfo})
 *  3 VEGASINFO, 9 DCTCPINFO, 16 BBRINFO   the congestion control's info, kept as u32 words
 * </pre>
 */
final class InetDiagAttributes {
  private static final int MEMINFO = 1;
  private static final int INFO = 2;
  private static final int CONG = 4;
  private static final int TOS = 5;
  private static final int TCLASS = 6;
  private static final int SKMEMINFO = 7;
  private static final int SHUTDOWN = 8;
  private static final int SKV6ONLY = 11;
  private static final int MARK = 15;
  private static final int CGROUP_ID = 21;
  private static final int CLASS_ID = 17;
  private static final int SOCKOPT = 22;
  private static final int ULP_INFO = 19;
  private static final int ULP_NAME = 1;
  private static final int ULP_TLS = 2;
  private static final int ULP_MPTCP = 3;
  private static final int VEGASINFO = 3;
  private static final int DCTCPINFO = 9;
  private static final int BBRINFO = 16;

  private InetDiagAttributes() {}

  /**
   * Decodes the attributes from start on; for an MPTCP socket INET_DIAG_INFO is struct mptcp_info
   * (include/uapi/linux/mptcp.h: u8 subflows, add_addr_signal, add_addr_accepted, subflows_max,
   * add_addr_signal_max, add_addr_accepted_max, 2 pad, u32 flags at 8, token at 12, u64 write_seq
   * at 16, snd_una at 24, rcv_nxt at 32), not tcp_info.
   */
  static SocketDetails decode(MemorySegment m, long start, boolean mptcp)
      throws NetlinkParseException {
    Holder h = new Holder();
    DiagAttributes.walk(
        m,
        start,
        "inet_diag",
        (type, at, size) -> {
          switch (type) {
            case MEMINFO -> h.meminfo = size >= 16 ? DiagAttributes.u32Array(m, at, 16) : null;
            case INFO -> {
              byte[] bytes = new byte[size];
              MemorySegment.copy(m, ValueLayout.JAVA_BYTE, at, bytes, 0, size);
              if (mptcp) {
                h.mptcpInfo = mptcpInfo(bytes);
              } else {
                h.info = TcpInfo.of(bytes);
              }
            }
            case CONG -> {
              String text = DiagAttributes.bytes(m, at, size);
              int nul = text.indexOf('\0');
              h.congestion = nul < 0 ? text : text.substring(0, nul);
            }
            case TOS -> h.tos = size >= 1 ? u8(m, at) : -1;
            case TCLASS -> h.tclass = size >= 1 ? u8(m, at) : -1;
            case SKMEMINFO -> h.skmem = DiagAttributes.u32Array(m, at, size);
            case SHUTDOWN -> h.shutdown = size >= 1 ? u8(m, at) : -1;
            case SKV6ONLY -> h.v6only = size >= 1 ? u8(m, at) : -1;
            case MARK -> h.mark = size >= 4 ? DiagAttributes.u32(m, at) : -1;
            case CLASS_ID -> h.classId = size >= 4 ? DiagAttributes.u32(m, at) : -1;
            case SOCKOPT -> h.sockopt = size >= 2 ? u8(m, at) | (u8(m, at + 1) << 8) : -1;
            case CGROUP_ID -> h.cgroup = size >= 8 ? m.get(ValueLayout.JAVA_LONG_UNALIGNED, at) : 0;
            case ULP_INFO -> h.ulpNest = m.asSlice(at, size);
            case VEGASINFO, DCTCPINFO, BBRINFO -> {
              h.congestionType = type;
              h.congestionInfo = DiagAttributes.u32Array(m, at, size);
            }
            default -> {
              // Unknown or not rendered attributes are skipped.
            }
          }
        });
    return new SocketDetails(
        h.congestion,
        h.shutdown,
        h.mark,
        h.cgroup,
        h.tos,
        h.tclass,
        h.skmem,
        h.meminfo,
        h.info,
        h.v6only,
        h.congestionType,
        h.congestionInfo,
        h.classId,
        h.sockopt,
        h.mptcpInfo,
        h.ulpNest == null ? null : ulp(h.ulpNest));
  }

  /** The nested INET_DIAG_ULP_INFO attributes. */
  private static UlpInfo ulp(MemorySegment nest) throws NetlinkParseException {
    UlpHolder u = new UlpHolder();
    DiagAttributes.walk(
        nest,
        0,
        "inet_diag ULP_INFO",
        (type, at, size) -> {
          switch (type) {
            case ULP_NAME -> {
              String text = DiagAttributes.bytes(nest, at, size);
              int nul = text.indexOf('\0');
              u.name = nul < 0 ? text : text.substring(0, nul);
            }
            case ULP_TLS -> u.tlsNest = nest.asSlice(at, size);
            case ULP_MPTCP -> u.mptcpNest = nest.asSlice(at, size);
            default -> {
              // Another ULP's attributes: ss shows only the name.
            }
          }
        });
    if (u.tlsNest != null) {
      u.tls = nested(u.tlsNest, u, true);
    }
    if (u.mptcpNest != null) {
      u.mptcp = nested(u.mptcpNest, u, false);
    }
    return new UlpInfo(u.name, u.tls, u.tlsPresent, u.mptcp, u.mptcpPresent);
  }

  // TLS or MPTCP subflow attributes by type (types above 15 are ignored), with their presence bits.
  private static long[] nested(MemorySegment nest, UlpHolder u, boolean tls)
      throws NetlinkParseException {
    long[] values = new long[16];
    DiagAttributes.walk(
        nest,
        0,
        tls ? "ULP TLS" : "ULP MPTCP",
        (type, at, size) -> {
          if (type >= values.length) {
            return;
          }
          values[type] =
              switch (size) {
                case 0 -> 1; // a flag attribute
                case 1 -> u8(nest, at);
                case 2 -> Short.toUnsignedInt(nest.get(ValueLayout.JAVA_SHORT_UNALIGNED, at));
                case 4 -> DiagAttributes.u32(nest, at);
                default -> size >= 8 ? nest.get(ValueLayout.JAVA_LONG_UNALIGNED, at) : 0;
              };
          if (tls) {
            u.tlsPresent |= 1 << type;
          } else {
            u.mptcpPresent |= 1 << type;
          }
        });
    return values;
  }

  private static final class UlpHolder {
    String name;
    MemorySegment tlsNest;
    MemorySegment mptcpNest;
    long[] tls;
    int tlsPresent;
    long[] mptcp;
    int mptcpPresent;
  }

  private static int u8(MemorySegment m, long at) {
    return Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, at));
  }

  /** Mutable holder for one message's attributes while they are walked. */
  private static final class Holder {
    String congestion;
    int shutdown = -1;
    long mark = -1;
    long cgroup;
    int tos = -1;
    int tclass = -1;
    long[] skmem;
    long[] meminfo;
    TcpInfo info;
    int v6only = -1;
    int congestionType;
    long[] congestionInfo;
    long classId = -1;
    int sockopt = -1;
    long[] mptcpInfo;
    MemorySegment ulpNest;
  }

  /** struct mptcp_info's fields in order; those an older kernel's shorter struct lacks read 0. */
  private static long[] mptcpInfo(byte[] b) {
    byte[] full = java.util.Arrays.copyOf(b, Math.max(b.length, 40));
    java.nio.ByteBuffer buffer =
        java.nio.ByteBuffer.wrap(full).order(java.nio.ByteOrder.nativeOrder());
    long[] info = new long[11];
    for (int i = 0; i < 6; i++) {
      info[i] = Byte.toUnsignedInt(full[i]);
    }
    info[6] = Integer.toUnsignedLong(buffer.getInt(8));
    info[7] = Integer.toUnsignedLong(buffer.getInt(12));
    info[8] = buffer.getLong(16);
    info[9] = buffer.getLong(24);
    info[10] = buffer.getLong(32);
    return info;
  }
}
