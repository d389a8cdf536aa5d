package dev.netdiag.linux;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * IP addresses to and from text without ever touching DNS: parsing accepts only literals, and
 * formatting follows glibc's inet_ntop (RFC 5952 zero compression, IPv4-mapped and -compatible
 * forms), so our output matches what ss and dig print.
 */
public final class AddressText {
  private AddressText() {}

  /** The literal's address, or null when the text is not an IPv4 or IPv6 literal. */
  public static InetAddress parse(String text) {
    if (text.indexOf(':') >= 0) {
      return parseIpv6(text);
    }
    byte[] v4 = parseIpv4(text, 0, text.length());
    return v4 == null ? null : fromBytes(v4);
  }

  /** True when the text is an IPv4 or IPv6 literal. */
  public static boolean isLiteral(String text) {
    return parse(text) != null;
  }

  /** Dotted-quad IPv4 as inet_pton accepts it: four decimal parts of at most 255, no extras. */
  static byte[] parseIpv4(String text, int from, int to) {
    byte[] out = new byte[4];
    int part = 0;
    int value = -1;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (value == 0) {
          return null; // inet_pton rejects leading zeros
        }
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        if (value > 255) {
          return null;
        }
      } else if (c == '.') {
        if (value < 0 || part == 3) {
          return null;
        }
        out[part++] = (byte) value;
        value = -1;
      } else {
        return null;
      }
    }
    if (value < 0 || part != 3) {
      return null;
    }
    out[3] = (byte) value;
    return out;
  }

  private static InetAddress parseIpv6(String text) {
    String scope = null;
    int end = text.length();
    int percent = text.indexOf('%');
    if (percent >= 0) {
      scope = text.substring(percent + 1);
      end = percent;
      if (scope.isEmpty()) {
        return null;
      }
    }
    byte[] bytes = parseIpv6Bytes(text, end);
    if (bytes == null) {
      return null;
    }
    try {
      if (scope == null) {
        return Inet6Address.getByAddress(null, bytes, -1);
      }
      if (scope.chars().allMatch(Character::isDigit)) {
        return Inet6Address.getByAddress(null, bytes, Integer.parseInt(scope));
      }
      NetworkInterface nif = NetworkInterface.getByName(scope);
      return nif == null ? null : Inet6Address.getByAddress(null, bytes, nif);
    } catch (UnknownHostException | SocketException | NumberFormatException e) {
      return null;
    }
  }

  private static byte[] parseIpv6Bytes(String text, int end) {
    int[] words = new int[8];
    int count = 0;
    int gap = -1;
    int i = 0;
    if (end >= 2 && text.charAt(0) == ':' && text.charAt(1) == ':') {
      gap = 0;
      i = 2;
      if (end == 2) {
        return new byte[16];
      }
    } else if (end > 0 && text.charAt(0) == ':') {
      return null;
    }
    while (i < end) {
      int start = i;
      int value = 0;
      while (i < end && Character.digit(text.charAt(i), 16) >= 0 && i - start < 5) {
        value = value * 16 + Character.digit(text.charAt(i), 16);
        i++;
      }
      if (i < end && text.charAt(i) == '.') {
        // Embedded IPv4 in the last 32 bits.
        byte[] v4 = parseIpv4(text, start, end);
        if (v4 == null || count > 6) {
          return null;
        }
        words[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        words[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        i = end;
        break;
      }
      int digits = i - start;
      if (digits == 0 || digits > 4 || count == 8) {
        return null;
      }
      words[count++] = value;
      if (i == end) {
        break;
      }
      if (text.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < end && text.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = count;
        i++;
        if (i == end) {
          break;
        }
      } else if (i == end) {
        return null;
      }
    }
    if (gap < 0 && count != 8) {
      return null;
    }
    if (gap >= 0 && count == 8) {
      return null;
    }
    byte[] out = new byte[16];
    int tail = count - Math.max(gap, 0);
    for (int w = 0; w < count; w++) {
      int slot = gap >= 0 && w >= gap ? 8 - tail + (w - gap) : w;
      out[slot * 2] = (byte) (words[w] >>> 8);
      out[slot * 2 + 1] = (byte) words[w];
    }
    return out;
  }

  /**
   * An address object from raw bytes (4 or 16), with no name attached and no lookup. Sixteen bytes
   * stay IPv6 even when IPv4-mapped, as the kernel reports them.
   */
  public static InetAddress fromBytes(byte[] bytes) {
    try {
      return bytes.length == 16
          ? Inet6Address.getByAddress(null, bytes, -1)
          : InetAddress.getByAddress(null, bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("address must be 4 or 16 bytes, got " + bytes.length, e);
    }
  }

  /** The address as inet_ntop prints it, without any %scope. */
  public static String format(InetAddress address) {
    return format(address.getAddress());
  }

  /** Four network-order bytes as a dotted quad, sixteen as inet_ntop6 prints them. */
  public static String format(byte[] address) {
    StringBuilder out = new StringBuilder(40);
    if (address.length == 4) {
      appendIpv4(out, address, 0);
    } else {
      appendIpv6(out, address);
    }
    return out.toString();
  }

  /** The longest text {@link #writeIpv6} writes (an IPv4-mapped address at full length). */
  public static final int MAX_IPV6_TEXT = 45;

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** True for sixteen bytes that are an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
  public static boolean isV4Mapped(byte[] a) {
    if (a.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  /** Appends the dotted quad of four bytes at offset. */
  public static void appendIpv4(StringBuilder out, byte[] b, int offset) {
    out.append(b[offset] & 0xff)
        .append('.')
        .append(b[offset + 1] & 0xff)
        .append('.')
        .append(b[offset + 2] & 0xff)
        .append('.')
        .append(b[offset + 3] & 0xff);
  }

  /** Appends sixteen bytes as glibc's inet_ntop6 does. */
  public static void appendIpv6(StringBuilder out, byte[] b) {
    byte[] text = new byte[MAX_IPV6_TEXT];
    int n = writeIpv6(text, 0, b);
    for (int i = 0; i < n; i++) {
      out.append((char) text[i]);
    }
  }

  /**
   * Writes the dotted quad of four bytes at offset as ASCII into out from pos (15 bytes at most),
   * without allocating; returns the position after it. For renderers of 100k-row tables.
   */
  public static int writeIpv4(byte[] out, int pos, byte[] b, int offset) {
    for (int i = 0; i < 4; i++) {
      if (i > 0) {
        out[pos++] = '.';
      }
      int v = b[offset + i] & 0xff;
      if (v >= 100) {
        out[pos++] = (byte) ('0' + v / 100);
        out[pos++] = (byte) ('0' + v / 10 % 10);
      } else if (v >= 10) {
        out[pos++] = (byte) ('0' + v / 10);
      }
      out[pos++] = (byte) ('0' + v % 10);
    }
    return pos;
  }

  /**
   * Writes sixteen bytes as glibc's inet_ntop6 does, as ASCII into out from pos ({@link
   * #MAX_IPV6_TEXT} bytes at most), without allocating; returns the position after it.
   */
  public static int writeIpv6(byte[] out, int pos, byte[] b) {
    return writeIpv6(out, pos, b, 0);
  }

  /**
   * Sixteen bytes from offset as inet_ntop6 writes them (glibc's and BIND's, which dig prints, are
   * the same rules: BIND's extra test for a compatible ::a.b.c.d with seven zero words sits where
   * the zero run has already been written, so it never applies).
   */
  public static String formatIpv6(byte[] b, int offset) {
    byte[] text = new byte[MAX_IPV6_TEXT];
    return new String(text, 0, writeIpv6(text, 0, b, offset), StandardCharsets.US_ASCII);
  }

  private static int writeIpv6(byte[] out, int pos, byte[] b, int offset) {
    // The longest run of zero words (first on a tie), if at least two long.
    int bestBase = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (word(b, offset, i) != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && word(b, offset, j) == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestBase = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestLen < 2) {
      bestBase = -1;
    }
    for (int i = 0; i < 8; i++) {
      if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
        if (i == bestBase) {
          out[pos++] = ':';
        }
        continue;
      }
      if (i != 0) {
        out[pos++] = ':';
      }
      // Encapsulated IPv4, as glibc decides it: ::a.b.c.d and ::ffff:a.b.c.d.
      if (i == 6
          && bestBase == 0
          && (bestLen == 6 || (bestLen == 5 && word(b, offset, 5) == 0xffff))) {
        return writeIpv4(out, pos, b, offset + 12);
      }
      int w = word(b, offset, i);
      boolean started = false;
      for (int shift = 12; shift >= 0; shift -= 4) {
        int digit = (w >>> shift) & 0xf;
        if (digit != 0 || started || shift == 0) {
          out[pos++] = HEX[digit];
          started = true;
        }
      }
    }
    if (bestBase >= 0 && bestBase + bestLen == 8) {
      out[pos++] = ':';
    }
    return pos;
  }

  private static int word(byte[] b, int offset, int i) {
    return ((b[offset + 2 * i] & 0xff) << 8) | (b[offset + 2 * i + 1] & 0xff);
  }
}
