package dev.netdiag.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A compiled time zone file (TZif, RFC 8536) as glibc's localtime reads it, for the instants its
 * transition table decides: the UTC offset and abbreviation in force. Read in Java because linking
 * localtime_r and strftime through FFM costs tens of milliseconds of a one-query dig run, and
 * java.time would load its own zone database (whose abbreviations are not the file's).
 *
 * <pre>
 * header (44 bytes, big-endian): "TZif", version, 15 unused, then six counts:
 *   isutcnt isstdcnt leapcnt timecnt typecnt charcnt
 * v1 data: timecnt x int32 times, timecnt x uint8 type indexes, typecnt x ttinfo (int32 utoff,
 *   uint8 isdst, uint8 desigidx), charcnt designation bytes, leapcnt x (int32, int32),
 *   isstdcnt + isutcnt indicator bytes
 * v2+: a second header and the same data with int64 times (leap records int64 + int32), then the
 *   footer "\n" TZ-string "\n" for instants after the last transition
 * </pre>
 */
final class ZoneFile {
  private static final int HEADER = 44;

  private final long[] times;
  private final byte[] indexes;
  private final int[] offsets;
  private final boolean[] dst;
  private final String[] names;
  // The footer's zone when it has no daylight-saving rule: its standard offset and name.
  private final String footerName;
  private final int footerOffset;
  private final boolean footerHasRule;

  private ZoneFile(
      long[] times, byte[] indexes, int[] offsets, boolean[] dst, String[] names, String footer) {
    this.times = times;
    this.indexes = indexes;
    this.offsets = offsets;
    this.dst = dst;
    this.names = names;
    // No footer (a version 1 file, or an empty string): the last transition's type stays.
    String name = null;
    int offset = 0;
    boolean rule = false;
    if (footer != null && !footer.isEmpty()) {
      rule = true;
      int[] end = new int[1];
      String standard = standardName(footer, end);
      if (standard != null) {
        int[] seconds = new int[1];
        int after = offsetSeconds(footer, end[0], seconds);
        if (after == footer.length()) {
          // POSIX offsets are west of Greenwich: "EST5" is UTC-5.
          name = standard;
          offset = -seconds[0];
          rule = false;
        }
      }
    }
    this.footerName = name;
    this.footerOffset = offset;
    this.footerHasRule = rule;
  }

  /** The UTC offset in seconds and the abbreviation in force at one instant. */
  record Local(int offsetSeconds, String abbreviation) {}

  /**
   * The zone file at that path, or null when it cannot be read as one or needs what this reader
   * leaves to libc (leap-second corrections).
   */
  static ZoneFile read(Path path) {
    byte[] b;
    try {
      b = Files.readAllBytes(path);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    try {
      return parse(b);
    } catch (IndexOutOfBoundsException e) {
      return null;
    }
  }

  static ZoneFile parse(byte[] b) {
    if (b.length < HEADER || b[0] != 'T' || b[1] != 'Z' || b[2] != 'i' || b[3] != 'f') {
      return null;
    }
    int version = b[4];
    int[] counts = counts(b, 0);
    int at = HEADER;
    int timeSize = 4;
    if (version >= '2') {
      // Skip the 32-bit block; the 64-bit one follows with its own header.
      at += blockLength(counts, 4);
      if (b.length < at + HEADER || b[at] != 'T' || b[at + 1] != 'Z') {
        return null;
      }
      counts = counts(b, at);
      at += HEADER;
      timeSize = 8;
    }
    int leapCount = counts[2];
    int timeCount = counts[3];
    int typeCount = counts[4];
    int charCount = counts[5];
    if (leapCount != 0 || typeCount == 0) {
      return null;
    }
    long[] times = new long[timeCount];
    for (int i = 0; i < timeCount; i++) {
      times[i] = timeSize == 8 ? s64(b, at) : s32(b, at);
      at += timeSize;
    }
    byte[] indexes = new byte[timeCount];
    System.arraycopy(b, at, indexes, 0, timeCount);
    at += timeCount;
    int[] offsets = new int[typeCount];
    boolean[] dst = new boolean[typeCount];
    int[] designations = new int[typeCount];
    for (int i = 0; i < typeCount; i++) {
      offsets[i] = (int) s32(b, at);
      dst[i] = b[at + 4] != 0;
      designations[i] = b[at + 5] & 0xff;
      at += 6;
    }
    int chars = at;
    String[] names = new String[typeCount];
    for (int i = 0; i < typeCount; i++) {
      int start = chars + designations[i];
      int end = start;
      while (end < chars + charCount && b[end] != 0) {
        end++;
      }
      names[i] = new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }
    for (int i = 0; i < timeCount; i++) {
      if ((indexes[i] & 0xff) >= typeCount) {
        return null;
      }
    }
    String footer = null;
    if (timeSize == 8) {
      at = chars + charCount + leapCount * 12 + counts[1] + counts[0];
      if (at < b.length && b[at] == '\n') {
        int end = at + 1;
        while (end < b.length && b[end] != '\n') {
          end++;
        }
        footer = new String(b, at + 1, end - at - 1, StandardCharsets.ISO_8859_1);
      }
    }
    return new ZoneFile(times, indexes, offsets, dst, names, footer);
  }

  /**
   * The offset and abbreviation at epochSecond as glibc's __tzfile_compute picks them, or null
   * after the last transition when the footer's daylight-saving rule decides (left to libc).
   */
  Local at(long epochSecond) {
    int n = times.length;
    if (n == 0 || epochSecond < times[0]) {
      // Before any transition: the first standard-time type (the first type if all are DST).
      int i = 0;
      while (i < dst.length && dst[i]) {
        i++;
      }
      if (i == dst.length) {
        i = 0;
      }
      return new Local(offsets[i], names[i]);
    }
    if (epochSecond >= times[n - 1]) {
      if (footerName != null && !footerHasRule) {
        return new Local(footerOffset, footerName);
      }
      if (footerHasRule) {
        return null;
      }
      int last = indexes[n - 1] & 0xff;
      return new Local(offsets[last], names[last]);
    }
    int lo = 0;
    int hi = n - 1;
    // The last transition at or before the instant: times[lo] <= t < times[hi].
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] <= epochSecond) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    int type = indexes[lo] & 0xff;
    return new Local(offsets[type], names[type]);
  }

  // A POSIX TZ string's standard name: three or more letters, or <...> quoted; null if neither.
  private static String standardName(String tz, int[] end) {
    if (tz.startsWith("<")) {
      int close = tz.indexOf('>');
      if (close < 0) {
        return null;
      }
      end[0] = close + 1;
      return tz.substring(1, close);
    }
    int i = 0;
    while (i < tz.length() && Character.isLetter(tz.charAt(i))) {
      i++;
    }
    if (i < 3) {
      return null;
    }
    end[0] = i;
    return tz.substring(0, i);
  }

  // [+-]hh[:mm[:ss]] from index at; the index after it, or -1 when there is none.
  private static int offsetSeconds(String tz, int at, int[] seconds) {
    int sign = 1;
    if (at < tz.length() && (tz.charAt(at) == '+' || tz.charAt(at) == '-')) {
      sign = tz.charAt(at) == '-' ? -1 : 1;
      at++;
    }
    int total = 0;
    for (int part = 0; part < 3; part++) {
      if (part > 0) {
        if (at >= tz.length() || tz.charAt(at) != ':') {
          break;
        }
        at++;
      }
      int start = at;
      int value = 0;
      while (at < tz.length() && at - start < 3 && Character.isDigit(tz.charAt(at))) {
        value = value * 10 + (tz.charAt(at) - '0');
        at++;
      }
      if (at == start) {
        return -1;
      }
      total += value * (part == 0 ? 3600 : part == 1 ? 60 : 1);
    }
    seconds[0] = sign * total;
    return at;
  }

  private static int[] counts(byte[] b, int at) {
    int[] counts = new int[6];
    for (int i = 0; i < 6; i++) {
      counts[i] = (int) s32(b, at + 20 + 4 * i);
      if (counts[i] < 0) {
        throw new IndexOutOfBoundsException("negative count");
      }
    }
    return counts;
  }

  // The length of one data block after its header, with timeSize-byte transition times.
  private static int blockLength(int[] counts, int timeSize) {
    return counts[3] * timeSize
        + counts[3]
        + counts[4] * 6
        + counts[5]
        + counts[2] * (timeSize + 4)
        + counts[1]
        + counts[0];
  }

  private static long s32(byte[] b, int at) {
    return (b[at] << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  private static long s64(byte[] b, int at) {
    return (s32(b, at) << 32) | (s32(b, at + 4) & 0xffffffffL);
  }
}
