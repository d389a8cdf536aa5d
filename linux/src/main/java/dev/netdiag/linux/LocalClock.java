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

  private static final String[] DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private LocalClock() {}

  /**
   * The local time at epochSecond as {@code strftime("%a %b %d %H:%M:%S %Z %Y")} prints it in the C
   * locale (dig's WHEN line, date(1)'s default). The zone file glibc would read (TZ unset:
   * /etc/localtime; TZ naming a file) is read in Java; any other TZ, or an instant that the file's
   * daylight-saving rule decides, goes to libc.
   *
   * @throws NativeException when libc is needed and cannot be called (no native access)
   */
  public static String dateText(long epochSecond) throws NativeException {
    ZoneFile zone = Zone.FILE;
    ZoneFile.Local local = zone == null ? null : zone.at(epochSecond);
    if (local == null) {
      return format(epochSecond, "%a %b %d %H:%M:%S %Z %Y");
    }
    return dateText(epochSecond, local);
  }

  // The fields of epochSecond shifted by the zone's offset, in the C locale's words.
  static String dateText(long epochSecond, ZoneFile.Local local) {
    long t = epochSecond + local.offsetSeconds();
    long days = Math.floorDiv(t, 86_400);
    int secondOfDay = (int) Math.floorMod(t, 86_400);
    // Civil date from days since 1970-01-01 (proleptic Gregorian, eras of 400 years).
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    int weekday = (int) Math.floorMod(days + 4, 7); // 1970-01-01 was a Thursday
    StringBuilder b = new StringBuilder(32);
    b.append(DAYS[weekday]).append(' ').append(MONTHS[month - 1]).append(' ');
    two(b, day).append(' ');
    two(b, secondOfDay / 3600).append(':');
    two(b, secondOfDay / 60 % 60).append(':');
    two(b, secondOfDay % 60).append(' ');
    return b.append(local.abbreviation()).append(' ').append(year).toString();
  }

  private static StringBuilder two(StringBuilder b, int value) {
    return b.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  /** The zone file glibc's tzset would read for this process, read once; null: ask libc. */
  private static final class Zone {
    private static final ZoneFile FILE = read(System.getenv("TZ"), System.getenv("TZDIR"));

    static ZoneFile read(String tz, String tzdir) {
      if (tz == null) {
        return ZoneFile.read(java.nio.file.Path.of("/etc/localtime"));
      }
      String name = tz.startsWith(":") ? tz.substring(1) : tz;
      // An empty TZ is UTC in glibc, and a POSIX rule string ("EST5EDT") is not a file name:
      // both go to libc, as does a name with a rule's characters.
      if (name.isEmpty() || name.indexOf(',') >= 0 || name.indexOf('<') >= 0) {
        return null;
      }
      try {
        return ZoneFile.read(
            name.startsWith("/")
                ? java.nio.file.Path.of(name)
                : java.nio.file.Path.of(
                    tzdir == null || tzdir.isEmpty() ? "/usr/share/zoneinfo" : tzdir, name));
      } catch (java.nio.file.InvalidPathException e) {
        return null;
      }
    }
  }

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
