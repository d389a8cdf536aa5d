package dev.netdiag.sockets;

import dev.netdiag.linux.NetlinkHeader;
import dev.netdiag.linux.NetlinkParseException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The bounds-checked walk over the rtattr list that follows a sock_diag message header
 * (include/uapi/linux/rtnetlink.h: u16 rta_len, u16 rta_type, value, padded to 4). Host order.
 */
final class DiagAttributes {
  // Drops NLA_F_NESTED and NLA_F_NET_BYTEORDER.
  private static final int NLA_TYPE_MASK = 0x3fff;
  private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
  private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;

  /** Receives one attribute: its type, the value's offset in the message and its size. */
  @FunctionalInterface
  interface Visitor {
    void accept(int type, long value, int size);
  }

  private DiagAttributes() {}

  /**
   * Visits every attribute from {@code start} to the end of the message.
   *
   * @param what the structure's name, for the error message
   */
  static void walk(MemorySegment m, long start, String what, Visitor visitor)
      throws NetlinkParseException {
    long at = start;
    long end = m.byteSize();
    while (end - at >= 4) {
      int length = Short.toUnsignedInt(m.get(U16, at));
      int type = Short.toUnsignedInt(m.get(U16, at + 2)) & NLA_TYPE_MASK;
      if (length < 4 || length > end - at) {
        throw new NetlinkParseException(
            what + " attribute " + type + " of length " + length + " overruns its message");
      }
      visitor.accept(type, at + 4, length - 4);
      at += NetlinkHeader.align(length);
    }
  }

  /** The u32 at the offset, widened unsigned. */
  static long u32(MemorySegment m, long at) {
    return Integer.toUnsignedLong(m.get(U32, at));
  }

  /** A value of size bytes read as an array of u32 (SK_MEMINFO_*), widened unsigned. */
  static long[] u32Array(MemorySegment m, long at, int size) {
    long[] values = new long[size / 4];
    for (int i = 0; i < values.length; i++) {
      values[i] = u32(m, at + 4L * i);
    }
    return values;
  }

  /** The socket cookie: two host-order u32, low word first. */
  static long cookie(MemorySegment m, long at) {
    return u32(m, at) | (u32(m, at + 4) << 32);
  }

  /** The bytes of a value as text, each byte one char (ISO-8859-1 keeps every byte). */
  static String bytes(MemorySegment m, long at, int size) {
    byte[] bytes = new byte[size];
    dev.netdiag.linux.Bytes.toArray(m, at, bytes, 0, size);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
