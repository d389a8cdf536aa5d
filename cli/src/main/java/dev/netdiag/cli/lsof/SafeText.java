package dev.netdiag.cli.lsof;

import dev.netdiag.sockets.procfs.PathBytes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How lsof 4.95 prints names that may hold bytes it cannot show as themselves: a control character
 * as {@code \b \f \n \r \t} or {@code ^X}, DEL and any other byte as {@code \xNN}. A comm is kept
 * as bytes, one char each (ISO-8859-1), because the kernel keeps it as bytes: it may be cut inside
 * a UTF-8 sequence or be no UTF-8 at all. Measured on lsof 4.95 (the COMMAND column escapes every
 * byte above 0x7e, whatever the locale; the c field and NAME print characters the C library's
 * locale can print, as lsof calls setlocale).
 */
final class SafeText {
  private SafeText() {}

  /** Whether the C library's locale (LC_CTYPE from the environment) is UTF-8. */
  static boolean utf8Locale() {
    // The JDK sets its native encoding from nl_langinfo(CODESET) after setlocale, as lsof's
    // setlocale(LC_CTYPE, "") would: a locale that is not installed is "C" for both.
    String name = System.getProperty("native.encoding", "");
    try {
      return Charset.forName(name).equals(StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Text (a Java string) as bytes, one char each: its UTF-8 encoding, a byte escaped by {@link
   * PathBytes} as itself.
   */
  static String bytes(String text) {
    return new String(PathBytes.encode(text), StandardCharsets.ISO_8859_1);
  }

  /** Bytes (one char each) as text: UTF-8, a malformed sequence as U+FFFD. */
  static String text(String bytes) {
    return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }

  /**
   * The COMMAND (or TASKCMD) column for comm (bytes), cut at width characters (0 = no cut) without
   * splitting an escape: the space and every byte above 0x7e escaped too.
   */
  static String commandColumn(String comm, int width) {
    StringBuilder s = new StringBuilder(comm.length() + 8);
    for (int i = 0; i < comm.length(); i++) {
      int b = comm.charAt(i) & 0xff;
      int before = s.length();
      if (b < 0x20) {
        control(s, b);
      } else if (b == ' ' || b >= 0x7f) {
        hex(s, b);
      } else {
        s.append((char) b);
      }
      if (width > 0 && s.length() > width) {
        s.setLength(before);
        break;
      }
    }
    return s.toString();
  }

  /**
   * How wide lsof sizes the COMMAND column for comm (bytes), at most limit (0 = no limit): a
   * printable byte counts one, the space and DEL four (as printed), a control character two, and so
   * does a byte above 0x7f, though it prints as four (lsof tests it as a signed char, below 0x20);
   * the printed name is then cut at the column's width.
   */
  static int commandSize(String comm, int limit) {
    int n = 0;
    for (int i = 0; i < comm.length(); i++) {
      int b = comm.charAt(i) & 0xff;
      n += b < 0x20 || b >= 0x80 ? 2 : b == ' ' || b == 0x7f ? 4 : 1;
    }
    return limit > 0 ? Math.min(n, limit) : n;
  }

  /**
   * bytes (one char each) as lsof prints a field or a name: what the locale can print as itself (in
   * a UTF-8 locale, whole printable UTF-8 sequences), the rest escaped; returned as text.
   */
  static String printable(String bytes, boolean utf8) {
    StringBuilder s = null;
    int n = bytes.length();
    for (int i = 0; i < n; i++) {
      int b = bytes.charAt(i) & 0xff;
      if (b >= 0x20 && b < 0x7f) {
        if (s != null) {
          s.append((char) b);
        }
        continue;
      }
      if (s == null) {
        s = new StringBuilder(n + 16).append(bytes, 0, i);
      }
      if (b < 0x20) {
        control(s, b);
      } else if (b == 0x7f) {
        hex(s, b);
      } else {
        int length = utf8 ? sequence(bytes, i) : 0;
        if (length > 0) {
          s.append(text(bytes.substring(i, i + length)));
          i += length - 1;
        } else {
          hex(s, b);
        }
      }
    }
    return s == null ? bytes : s.toString();
  }

  /** Text (a Java string, as names are read) as lsof prints it: {@link #printable} of its bytes. */
  static String printableText(String text, boolean utf8) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        return printable(bytes(text), utf8);
      }
    }
    return text;
  }

  // The length of the printable UTF-8 sequence at i, or 0 when there is none (malformed, cut
  // short, or a character the C library calls unprintable: C1 controls, unassigned code points).
  private static int sequence(String bytes, int i) {
    int b = bytes.charAt(i) & 0xff;
    int length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
    if (length == 0 || i + length > bytes.length()) {
      return 0;
    }
    byte[] raw = bytes.substring(i, i + length).getBytes(StandardCharsets.ISO_8859_1);
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw))
              .toString();
    } catch (CharacterCodingException e) {
      return 0;
    }
    int cp = decoded.codePointAt(0);
    if (Character.isISOControl(cp) || !Character.isDefined(cp)) {
      return 0;
    }
    return length;
  }

  private static void control(StringBuilder s, int b) {
    switch (b) {
      case '\b' -> s.append("\\b");
      case '\f' -> s.append("\\f");
      case '\n' -> s.append("\\n");
      case '\r' -> s.append("\\r");
      case '\t' -> s.append("\\t");
      default -> s.append('^').append((char) (b + 0x40));
    }
  }

  private static void hex(StringBuilder s, int b) {
    s.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
  }
}
