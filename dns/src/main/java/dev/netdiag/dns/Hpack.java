package dev.netdiag.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The HPACK (RFC 7541) a DNS-over-HTTPS client needs: a request's header block, every field a
 * literal without indexing (so the server's table never holds ours), and the {@code :status} of a
 * response's first header block.
 *
 * <pre>
 * field representations (first byte)      integers (5.1): an N-bit prefix; a prefix of all ones
 *  1xxxxxxx  indexed, 7-bit index          continues in 7-bit groups, least significant first,
 *  01xxxxxx  literal, incremental          the top bit set while more follow
 *            indexing, 6-bit name index  strings (5.2): H (Huffman) then a 7-bit-prefix length
 *  001xxxxx  dynamic table size update,
 *            5-bit size                  static table (Appendix A): 8 ":status: 200",
 *  0000xxxx  literal without indexing,     9 "204", 10 "206", 11 "304", 12 "400", 13 "404",
 *  0001xxxx  literal never indexed,        14 "500"
 *            4-bit name index (0: the
 *            name follows as a string)
 * </pre>
 */
final class Hpack {
  private static final int[] STATIC_STATUS = {200, 204, 206, 304, 400, 404, 500};
  private static final int FIRST_STATUS_INDEX = 8;
  private static final byte[] STATUS = ":status".getBytes(StandardCharsets.US_ASCII);

  private Hpack() {}

  /** A header block of literal fields, names in lower case as HTTP/2 wants them. */
  static byte[] block(String... namesAndValues) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      out.write(0); // literal without indexing, new name
      string(out, namesAndValues[i]);
      string(out, namesAndValues[i + 1]);
    }
    return out.toByteArray();
  }

  private static void string(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    integer(out, 0, 7, bytes.length);
    out.write(bytes, 0, bytes.length);
  }

  // RFC 7541 5.1: value in an N-bit prefix after the first byte's high bits.
  static void integer(ByteArrayOutputStream out, int high, int prefixBits, int value) {
    int max = (1 << prefixBits) - 1;
    if (value < max) {
      out.write(high | value);
      return;
    }
    out.write(high | max);
    value -= max;
    while (value >= 0x80) {
      out.write(value & 0x7f | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }

  /**
   * The status code of a response's first header block, or -1 when its first field is not a {@code
   * :status} we can read (a response must start with it, RFC 9113 8.3).
   */
  static int status(byte[] block) {
    Cursor c = new Cursor(block);
    // Table size updates may open a block (RFC 7541 4.2).
    while (c.more() && (c.peek() & 0xe0) == 0x20) {
      if (c.integer(5) < 0) {
        return -1;
      }
    }
    if (!c.more()) {
      return -1;
    }
    int first = c.peek();
    if ((first & 0x80) != 0) {
      long index = c.integer(7);
      return index >= FIRST_STATUS_INDEX && index < FIRST_STATUS_INDEX + STATIC_STATUS.length
          ? STATIC_STATUS[(int) index - FIRST_STATUS_INDEX]
          : -1;
    }
    long name = c.integer((first & 0x40) != 0 ? 6 : 4);
    if (name == 0) {
      byte[] literal = c.string();
      if (literal == null || !java.util.Arrays.equals(literal, STATUS)) {
        return -1;
      }
    } else if (name < FIRST_STATUS_INDEX || name >= FIRST_STATUS_INDEX + STATIC_STATUS.length) {
      return -1;
    }
    byte[] value = c.string();
    return value == null ? -1 : number(value);
  }

  private static int number(byte[] digits) {
    if (digits.length == 0 || digits.length > 3) {
      return -1;
    }
    int n = 0;
    for (byte d : digits) {
      if (d < '0' || d > '9') {
        return -1;
      }
      n = n * 10 + d - '0';
    }
    return n;
  }

  /** Reads integers and strings from a header block; null or -1 where the block is cut short. */
  private static final class Cursor {
    private final byte[] block;
    private int at;

    Cursor(byte[] block) {
      this.block = block;
    }

    boolean more() {
      return at < block.length;
    }

    int peek() {
      return block[at] & 0xff;
    }

    long integer(int prefixBits) {
      int max = (1 << prefixBits) - 1;
      long value = block[at++] & max;
      if (value < max) {
        return value;
      }
      int shift = 0;
      while (at < block.length && shift <= 28) {
        int b = block[at++] & 0xff;
        value += (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
        shift += 7;
      }
      return -1;
    }

    byte[] string() {
      if (!more()) {
        return null;
      }
      boolean huffman = (peek() & 0x80) != 0;
      long length = integer(7);
      if (length < 0 || length > block.length - at) {
        return null;
      }
      byte[] raw = java.util.Arrays.copyOfRange(block, at, at + (int) length);
      at += (int) length;
      return huffman ? HuffmanDigits.decode(raw) : raw;
    }
  }

  /**
   * The part of HPACK's Huffman code (RFC 7541 Appendix B) a status code is written in: the ten
   * digits, '0'-'2' in five bits (00000, 00001, 00010), '3'-'9' in six (011001 to 011111), and the
   * end padded with ones. Anything else is a string we do not read (null).
   */
  static final class HuffmanDigits {
    private HuffmanDigits() {}

    static byte[] decode(byte[] coded) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int total = coded.length * 8;
      int at = 0;
      while (total - at >= 5) {
        if (total - at < 8 && ones(coded, at, total)) {
          break;
        }
        int five = bits(coded, at, 5);
        if (five <= 2) {
          out.write('0' + five);
          at += 5;
          continue;
        }
        if (total - at < 6) {
          return null;
        }
        int six = bits(coded, at, 6);
        if (six < 0b011001 || six > 0b011111) {
          return null;
        }
        out.write('3' + six - 0b011001);
        at += 6;
      }
      return ones(coded, at, total) ? out.toByteArray() : null;
    }

    private static int bits(byte[] coded, int from, int count) {
      int value = 0;
      for (int i = from; i < from + count; i++) {
        value = value << 1 | (coded[i >>> 3] >>> (7 - (i & 7))) & 1;
      }
      return value;
    }

    private static boolean ones(byte[] coded, int from, int to) {
      return to - from < 8 && bits(coded, from, to - from) == (1 << (to - from)) - 1;
    }
  }
}
