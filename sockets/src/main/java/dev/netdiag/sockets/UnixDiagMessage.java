package dev.netdiag.sockets;

import dev.netdiag.linux.NetlinkParseException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The codec for unix_diag (include/uapi/linux/unix_diag.h). Every field is host order.
 *
 * <pre>
 * struct unix_diag_req (24 bytes)        struct unix_diag_msg (16 bytes)
 *  0  u8   sdiag_family   AF_UNIX = 1      0  u8   udiag_family
 *  1  u8   sdiag_protocol 0                1  u8   udiag_type    SOCK_STREAM 1, _DGRAM 2, _SEQPACKET 5
 *  2  u16  pad                             2  u8   udiag_state   TCP_ESTABLISHED 1, _CLOSE 7, _LISTEN 10
 *  4  u32  udiag_states   1 &lt;&lt; state      3  u8   pad
 *  8  u32  udiag_ino      0 for a dump     4  u32  udiag_ino
 * 12  u32  udiag_show     UDIAG_SHOW_*     8  u32[2] udiag_cookie
 * 16  u32[2] udiag_cookie                 16  --   attributes, numbered from 0:
 *   NAME 0 (bytes, abstract names start with NUL)  VFS 1 (u32 ino, u32 dev)  PEER 2 (u32)
 *   ICONS 3 (u32[])  RQLEN 4 (u32 rqueue, u32 wqueue)  MEMINFO 5 (u32[SK_MEMINFO_VARS])
 *   SHUTDOWN 6 (u8)  UID 7 (u32)
 * </pre>
 */
final class UnixDiagMessage {
  static final int REQUEST_SIZE = 24;
  static final int SIZE = 16;
  static final int AF_UNIX = 1;

  static final int SHOW_NAME = 0x01;
  static final int SHOW_VFS = 0x02;
  static final int SHOW_PEER = 0x04;
  static final int SHOW_ICONS = 0x08;
  static final int SHOW_RQLEN = 0x10;
  static final int SHOW_MEMINFO = 0x20;
  static final int SHOW_UID = 0x40;

  private static final int NAME = 0;
  private static final int VFS = 1;
  private static final int PEER = 2;
  private static final int ICONS = 3;
  private static final int RQLEN = 4;
  private static final int MEMINFO = 5;
  private static final int SHUTDOWN = 6;
  private static final int UID = 7;

  private UnixDiagMessage() {}

  /** The dump request for the query's states and the attributes it needs. */
  static MemorySegment encode(Arena arena, UnixQuery query) {
    MemorySegment s = arena.allocate(REQUEST_SIZE, 4);
    s.set(ValueLayout.JAVA_BYTE, 0, (byte) AF_UNIX);
    s.set(ValueLayout.JAVA_INT_UNALIGNED, 4, query.states());
    int show = SHOW_NAME | SHOW_PEER | SHOW_RQLEN | SHOW_UID;
    if (query.details()) {
      show |= SHOW_VFS | SHOW_ICONS;
    }
    if (query.memory()) {
      show |= SHOW_MEMINFO;
    }
    s.set(ValueLayout.JAVA_INT_UNALIGNED, 12, show);
    return s;
  }

  /** Decodes one unix_diag_msg with its attributes. */
  static UnixSocketRecord decode(MemorySegment m) throws NetlinkParseException {
    if (m.byteSize() < SIZE) {
      throw new NetlinkParseException(
          "unix_diag_msg needs " + SIZE + " bytes, the message has " + m.byteSize());
    }
    Attributes a = new Attributes();
    DiagAttributes.walk(
        m,
        SIZE,
        "unix_diag",
        (type, at, size) -> {
          switch (type) {
            case NAME -> a.name = name(DiagAttributes.bytes(m, at, size));
            case VFS -> {
              if (size >= 8) {
                a.vfsInode = DiagAttributes.u32(m, at);
                a.vfsDevice = DiagAttributes.u32(m, at + 4);
              }
            }
            case PEER -> a.peer = size >= 4 ? DiagAttributes.u32(m, at) : 0;
            case ICONS -> a.pending = DiagAttributes.u32Array(m, at, size);
            case RQLEN -> {
              if (size >= 8) {
                a.rqueue = DiagAttributes.u32(m, at);
                a.wqueue = DiagAttributes.u32(m, at + 4);
              }
            }
            case MEMINFO -> a.skmem = DiagAttributes.u32Array(m, at, size);
            case SHUTDOWN ->
                a.shutdown = size >= 1 ? Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, at)) : -1;
            case UID -> a.uid = size >= 4 ? DiagAttributes.u32(m, at) : -1;
            default -> {
              // Attributes newer than this codec are skipped.
            }
          }
        });
    return new UnixSocketRecord(
        UnixType.of(Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, 1))),
        SocketState.of(Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, 2))),
        DiagAttributes.u32(m, 4),
        DiagAttributes.cookie(m, 8),
        a.name,
        a.peer,
        a.rqueue,
        a.wqueue,
        a.vfsInode,
        a.vfsDevice,
        a.pending,
        a.shutdown,
        a.uid,
        a.skmem,
        -1,
        -1,
        -1,
        -1);
  }

  /** An abstract name (leading NUL) shows every NUL as '@', as ss and /proc/net/unix print it. */
  static String name(String raw) {
    if (raw.isEmpty()) {
      return null;
    }
    if (raw.charAt(0) == '\0') {
      return raw.replace('\0', '@');
    }
    int nul = raw.indexOf('\0');
    return nul < 0 ? raw : raw.substring(0, nul);
  }

  /** Mutable holder for one message's attributes while they are walked. */
  private static final class Attributes {
    String name;
    long peer;
    long rqueue;
    long wqueue;
    long vfsInode = -1;
    long vfsDevice = -1;
    long[] pending;
    long[] skmem;
    int shutdown = -1;
    long uid = -1;
  }
}
