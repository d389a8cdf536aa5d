package dev.netdiag.sockets;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The codec for struct inet_diag_req_v2 (include/uapi/linux/inet_diag.h), optionally followed by an
 * INET_DIAG_REQ_BYTECODE attribute. Host order except the socket id's ports.
 *
 * <pre>
 *  0  u8   sdiag_family     AF_INET / AF_INET6
 *  1  u8   sdiag_protocol   IPPROTO_TCP, _UDP, _UDPLITE, _RAW
 *  2  u8   idiag_ext        bit (1 &lt;&lt; (INET_DIAG_x - 1)) per extension wanted
 *  3  u8   pad              (for RAW: sdiag_raw_protocol, 0 = any protocol)
 *  4  u32  idiag_states     bit (1 &lt;&lt; state) per state wanted
 *  8  u8[48] id             inet_diag_sockid, zero for a dump; for SOCK_DESTROY the socket's:
 *  8  u16  sport, 10 u16 dport   big-endian
 * 12  u8[16] src, 28 u8[16] dst  network order (IPv4 in the first 4 bytes)
 * 44  u32  if, 48 u32[2] cookie  host order
 * 56  --   attributes: rtattr { u16 len, u16 type = 1 (INET_DIAG_REQ_BYTECODE) } + bytecode,
 *           then for MPTCP rtattr { 8, 3 (INET_DIAG_REQ_PROTOCOL) } + u32 262
 * </pre>
 */
final class InetDiagRequest {
  static final int SIZE = 56;

  /** SOCK_DIAG_BY_FAMILY from include/uapi/linux/sock_diag.h. */
  static final int SOCK_DIAG_BY_FAMILY = 20;

  // Extensions ss asks for with -e/-i/-m: MEMINFO, INFO, VEGASINFO, CONG, TOS, TCLASS, SKMEMINFO,
  // SHUTDOWN (INET_DIAG_ 1..8).
  static final int EXT_DETAILS = 0xff;

  // None, as ss asks for its plain table: the kernel sends INET_DIAG_SKV6ONLY for IPv6 listening
  // and closed sockets whatever the extensions (ss needs it to print an IPv6 wildcard as "*" or
  // "[::]"), and TOS/TCLASS would add three attributes to every socket of a 100k-row dump.
  static final int EXT_ALWAYS = 0;

  private InetDiagRequest() {}

  /** SOCK_DESTROY from include/uapi/linux/sock_diag.h. */
  static final int SOCK_DESTROY = 21;

  /**
   * The SOCK_DESTROY request for one dumped socket: its family, protocol and whole id (the cookie
   * names it); a RAW socket's protocol also goes in sdiag_raw_protocol, as ss sends it.
   */
  static MemorySegment destroy(Arena arena, SocketRecord r) {
    MemorySegment s = arena.allocate(SIZE, 4);
    s.set(ValueLayout.JAVA_BYTE, 0, (byte) r.family().code());
    s.set(ValueLayout.JAVA_BYTE, 1, (byte) r.transport().protocol());
    if (r.transport() == Transport.RAW) {
      s.set(
          ValueLayout.JAVA_BYTE, 3, (byte) r.localPort()); // a raw socket's "port" is its protocol
    }
    s.set(ValueLayout.JAVA_BYTE, 8, (byte) (r.localPort() >> 8));
    s.set(ValueLayout.JAVA_BYTE, 9, (byte) r.localPort());
    s.set(ValueLayout.JAVA_BYTE, 10, (byte) (r.remotePort() >> 8));
    s.set(ValueLayout.JAVA_BYTE, 11, (byte) r.remotePort());
    MemorySegment.copy(r.localAddress(), 0, s, ValueLayout.JAVA_BYTE, 12, r.localAddress().length);
    MemorySegment.copy(
        r.remoteAddress(), 0, s, ValueLayout.JAVA_BYTE, 28, r.remoteAddress().length);
    s.set(ValueLayout.JAVA_INT_UNALIGNED, 44, r.interfaceIndex());
    s.set(ValueLayout.JAVA_INT_UNALIGNED, 48, (int) r.cookie());
    s.set(ValueLayout.JAVA_INT_UNALIGNED, 52, (int) (r.cookie() >>> 32));
    return s;
  }

  /** DCCPDIAG_GETSOCK (include/uapi/linux/inet_diag.h): the legacy dump of DCCP sockets. */
  static final int DCCPDIAG_GETSOCK = 19;

  /**
   * struct inet_diag_req, the legacy (pre-v2) request, 60 bytes: u8 idiag_family (AF_INET), u8
   * src_len, u8 dst_len, u8 idiag_ext, the 48-byte id at 4, u32 idiag_states at 52, u32 idiag_dbs
   * at 56; then the filter program as INET_DIAG_REQ_BYTECODE, as ss's tcpdiag_send sends it.
   */
  static MemorySegment encodeLegacy(Arena arena, int states, int ext, byte[] bytecode) {
    int size = 60;
    int attribute = bytecode.length == 0 ? 0 : 4 + bytecode.length;
    MemorySegment s = arena.allocate(size + attribute, 4);
    s.set(ValueLayout.JAVA_BYTE, 0, (byte) 2);
    s.set(ValueLayout.JAVA_BYTE, 3, (byte) ext);
    s.set(ValueLayout.JAVA_INT_UNALIGNED, 52, states);
    if (attribute != 0) {
      s.set(ValueLayout.JAVA_SHORT_UNALIGNED, size, (short) attribute);
      s.set(ValueLayout.JAVA_SHORT_UNALIGNED, size + 2, (short) REQ_BYTECODE);
      MemorySegment.copy(bytecode, 0, s, ValueLayout.JAVA_BYTE, size + 4, bytecode.length);
    }
    return s;
  }

  /** INET_DIAG_REQ_PROTOCOL: the u32 protocol of a request for one above 255. */
  static final int REQ_PROTOCOL = 3;

  /** INET_DIAG_REQ_BYTECODE, the attribute type of a filter program. */
  static final int REQ_BYTECODE = 1;

  static MemorySegment encode(Arena arena, int family, Transport transport, int states, int ext) {
    return encode(arena, family, transport, states, ext, new byte[0]);
  }

  /**
   * The request, followed by the filter program when {@code bytecode} is not empty (its length is a
   * multiple of 4, so the attribute needs no padding).
   */
  static MemorySegment encode(
      Arena arena, int family, Transport transport, int states, int ext, byte[] bytecode) {
    int attribute = bytecode.length == 0 ? 0 : 4 + bytecode.length;
    // A protocol above 255 (MPTCP) goes in INET_DIAG_REQ_PROTOCOL, a u32, as ss sends it; the u8
    // field keeps its low byte.
    int protocolAttribute = transport.protocol() > 255 ? 8 : 0;
    MemorySegment s = arena.allocate(SIZE + attribute + protocolAttribute, 4);
    if (attribute != 0) {
      s.set(ValueLayout.JAVA_SHORT_UNALIGNED, SIZE, (short) attribute);
      s.set(ValueLayout.JAVA_SHORT_UNALIGNED, SIZE + 2, (short) REQ_BYTECODE);
      MemorySegment.copy(bytecode, 0, s, ValueLayout.JAVA_BYTE, SIZE + 4, bytecode.length);
    }
    if (protocolAttribute != 0) {
      long at = SIZE + attribute;
      s.set(ValueLayout.JAVA_SHORT_UNALIGNED, at, (short) 8);
      s.set(ValueLayout.JAVA_SHORT_UNALIGNED, at + 2, (short) REQ_PROTOCOL);
      s.set(ValueLayout.JAVA_INT_UNALIGNED, at + 4, transport.protocol());
    }
    s.set(ValueLayout.JAVA_BYTE, 0, (byte) family);
    s.set(ValueLayout.JAVA_BYTE, 1, (byte) transport.protocol());
    s.set(ValueLayout.JAVA_BYTE, 2, (byte) ext);
    s.set(ValueLayout.JAVA_INT_UNALIGNED, 4, states);
    return s;
  }
}
