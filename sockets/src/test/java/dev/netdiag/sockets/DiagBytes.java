package dev.netdiag.sockets;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds sock_diag reply fixtures byte by byte: host-order buffers and netlink attributes. */
final class DiagBytes {
  private DiagBytes() {}

  /** An empty host-order buffer with room for one message. */
  static ByteBuffer buffer() {
    return ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());
  }

  /** Appends an attribute (length, type, value padded to 4 bytes) holding what value was given. */
  static void attribute(ByteBuffer b, int type, ByteBuffer value) {
    byte[] bytes = new byte[value.position()];
    value.flip().get(bytes);
    b.putShort((short) (4 + bytes.length)).putShort((short) type).put(bytes);
    while (b.position() % 4 != 0) {
      b.put((byte) 0);
    }
  }

  /** What was written to the buffer, as a segment the decoders read. */
  static MemorySegment segment(ByteBuffer b) {
    byte[] bytes = new byte[b.position()];
    b.flip().get(bytes);
    return MemorySegment.ofArray(bytes);
  }
}
