package dev.netdiag.linux;

import java.nio.ByteOrder;

/**
 * Host-order (and big-endian) integer reads from byte arrays, by shifts. A netlink dump is decoded
 * from a heap copy of each datagram with these rather than through MemorySegment or VarHandle
 * accessors: those run through several layers of method handles, which cost microseconds per read
 * until the JIT has compiled them — most of a one-shot 100k-socket dump (see docs/BENCHMARKS.md).
 * Callers check bounds before reading. The writes serve requests built as byte arrays (inet_diag
 * bytecode).
 */
public final class HostOrder {
  private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private HostOrder() {}

  /** The unsigned byte at {@code at}. */
  public static int u8(byte[] b, int at) {
    return b[at] & 0xff;
  }

  /** The unsigned 16-bit host-order value at {@code at}. */
  public static int u16(byte[] b, int at) {
    int lo = b[at] & 0xff;
    int hi = b[at + 1] & 0xff;
    return LITTLE ? lo | hi << 8 : lo << 8 | hi;
  }

  /** The 32-bit host-order value at {@code at}. */
  public static int u32(byte[] b, int at) {
    int b0 = b[at] & 0xff;
    int b1 = b[at + 1] & 0xff;
    int b2 = b[at + 2] & 0xff;
    int b3 = b[at + 3] & 0xff;
    return LITTLE ? b0 | b1 << 8 | b2 << 16 | b3 << 24 : b0 << 24 | b1 << 16 | b2 << 8 | b3;
  }

  /** The 64-bit host-order value at {@code at}. */
  public static long u64(byte[] b, int at) {
    long first = Integer.toUnsignedLong(u32(b, at));
    long second = Integer.toUnsignedLong(u32(b, at + 4));
    return LITTLE ? first | second << 32 : first << 32 | second;
  }

  /** The unsigned 16-bit big-endian (network order) value at {@code at}. */
  public static int u16Big(byte[] b, int at) {
    return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
  }

  /** Writes the low 16 bits of {@code value} in host order at {@code at}. */
  public static void putU16(byte[] b, int at, int value) {
    byte lo = (byte) value;
    byte hi = (byte) (value >>> 8);
    b[at] = LITTLE ? lo : hi;
    b[at + 1] = LITTLE ? hi : lo;
  }

  /** Writes {@code value} as a 32-bit host-order value at {@code at}. */
  public static void putU32(byte[] b, int at, int value) {
    putU16(b, LITTLE ? at : at + 2, value);
    putU16(b, LITTLE ? at + 2 : at, value >>> 16);
  }

  /** Writes {@code value} as a 64-bit host-order value at {@code at}. */
  public static void putU64(byte[] b, int at, long value) {
    putU32(b, LITTLE ? at : at + 4, (int) value);
    putU32(b, LITTLE ? at + 4 : at, (int) (value >>> 32));
  }
}
