package dev.netdiag.sockets;

import dev.netdiag.linux.NetlinkParseException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The codec for vsock_diag (include/uapi/linux/vsock_diag.h). Host order throughout.
 *
 * <pre>
 * struct vsock_diag_req (24 bytes)       struct vsock_diag_msg (32 bytes)
 *  0  u8   sdiag_family   AF_VSOCK 40      0  u8   vdiag_family
 *  1  u8   sdiag_protocol 0                1  u8   vdiag_type     SOCK_STREAM 1, SOCK_DGRAM 2
 *  2  u16  pad                             2  u8   vdiag_state    TCP_ state numbers
 *  4  u32  vdiag_states   1 &lt;&lt; state     3  u8   vdiag_shutdown
 *  8  u32  vdiag_ino      0 for a dump     4  u32  vdiag_src_cid
 * 12  u32  vdiag_show     none defined     8  u32  vdiag_src_port
 * 16  u32[2] vdiag_cookie                 12  u32  vdiag_dst_cid
 *                                         16  u32  vdiag_dst_port
 *                                         20  u32  vdiag_ino
 *                                         24  u32[2] vdiag_cookie     (no attributes)
 * </pre>
 */
final class VsockDiagMessage {
  static final int REQUEST_SIZE = 24;
  static final int SIZE = 32;
  static final int AF_VSOCK = 40;

  private VsockDiagMessage() {}

  static MemorySegment encode(Arena arena, int states) {
    MemorySegment s = arena.allocate(REQUEST_SIZE, 4);
    s.set(ValueLayout.JAVA_BYTE, 0, (byte) AF_VSOCK);
    s.set(ValueLayout.JAVA_INT_UNALIGNED, 4, states);
    return s;
  }

  static VsockSocketRecord decode(MemorySegment m) throws NetlinkParseException {
    if (m.byteSize() < SIZE) {
      throw new NetlinkParseException(
          "vsock_diag_msg needs " + SIZE + " bytes, the message has " + m.byteSize());
    }
    int type = Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, 1));
    return new VsockSocketRecord(
        type == 1,
        type,
        SocketState.of(Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, 2))),
        DiagAttributes.u32(m, 4),
        DiagAttributes.u32(m, 8),
        DiagAttributes.u32(m, 12),
        DiagAttributes.u32(m, 16),
        DiagAttributes.u32(m, 20),
        DiagAttributes.cookie(m, 24));
  }
}
