package dev.netdiag.linux;

import java.lang.foreign.MemorySegment;

/**
 * Copies between native segments and byte arrays as segment-to-segment copies. The JDK's
 * segment-to-array form looks the array's element type up through a pattern switch whose first use
 * spins a class at run time, milliseconds of a short tool's start; this form does not.
 */
public final class Bytes {
  private Bytes() {}

  /** Copies length bytes from the segment at offset into the array at index. */
  public static void toArray(MemorySegment from, long offset, byte[] to, int index, int length) {
    MemorySegment.copy(from, offset, MemorySegment.ofArray(to), index, length);
  }

  /** Copies length bytes from the array at index into the segment at offset. */
  public static void fromArray(byte[] from, int index, MemorySegment to, long offset, int length) {
    MemorySegment.copy(MemorySegment.ofArray(from), index, to, offset, length);
  }
}
