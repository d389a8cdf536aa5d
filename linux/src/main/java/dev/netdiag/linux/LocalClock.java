package dev.netdiag.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Dates as C tools print them: strftime(3) over localtime_r(3), so the time zone, its abbreviation
 * and the C locale's names are exactly what dig's {@code ;; WHEN:} line shows (TZ, /etc/localtime).
 * Cheaper at startup than java.time, which loads the zone database and locale data for the same.
 */
public final class LocalClock {
  // glibc's struct tm is 56 bytes on x86-64 and aarch64 (9 ints, a long, a pointer); 64 is ample.
  private static final long TM_SIZE = 64;

  private LocalClock() {}

  /**
   * strftime(format) of the local time at epochSecond.
   *
   * @throws NativeException when libc cannot be called (no native access)
   */
  public static String format(long epochSecond, String format) throws NativeException {
    Libc libc = Libc.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment time = arena.allocate(ValueLayout.JAVA_LONG);
      time.set(ValueLayout.JAVA_LONG, 0, epochSecond);
      MemorySegment tm = arena.allocate(TM_SIZE, 8);
      if (libc.localtimeR(time, tm).address() == 0) {
        throw new NativeException("localtime_r failed for " + epochSecond, Errno.EINVAL);
      }
      MemorySegment out = arena.allocate(256);
      long n = libc.strftime(out, out.byteSize(), arena.allocateFrom(format), tm);
      return n == 0 ? "" : out.getString(0);
    }
  }
}
