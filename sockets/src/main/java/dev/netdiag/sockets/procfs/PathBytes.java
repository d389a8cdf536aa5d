package dev.netdiag.sockets.procfs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * File names from /proc as text that keeps every byte: UTF-8 where the bytes are UTF-8, and each
 * byte that is not as the lone surrogate U+DC80..U+DCFF (Python's "surrogateescape"). A Linux file
 * name is bytes; a UTF-8 decoder would replace the others (or throw, and lose the whole file).
 */
public final class PathBytes {
  private PathBytes() {}

  /** bytes[from, to) as text, each byte that is no UTF-8 escaped. */
  public static String decode(byte[] bytes, int from, int to) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
    CharBuffer out = CharBuffer.allocate(to - from);
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isUnderflow()) {
        decoder.flush(out);
        break;
      }
      if (result.isError()) {
        // Escape the bytes the decoder could not take, one char each, and go on after them.
        for (int i = 0; i < result.length(); i++) {
          out.put((char) (0xDC00 | (in.get() & 0xff)));
        }
      }
    }
    out.flip();
    return out.toString();
  }

  /**
   * A path's text without losing bytes: Path.toString decodes with the JDK's file-name encoding,
   * which puts U+FFFD for bytes that are no UTF-8 (for every byte above 0x7f in a C locale); such
   * an absolute path is read again from its file URI, whose percent escapes are the raw bytes.
   */
  public static String of(Path path) {
    String text = path.toString();
    if (text.indexOf('\uFFFD') < 0 || !text.startsWith("/")) {
      return text;
    }
    String raw;
    try {
      raw = path.toUri().getRawPath();
    } catch (RuntimeException e) {
      return text;
    }
    // The URI of a directory ends in '/'.
    if (raw.length() > 1 && raw.endsWith("/") && !text.endsWith("/")) {
      raw = raw.substring(0, raw.length() - 1);
    }
    byte[] bytes = new byte[raw.length()];
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        bytes[n++] = (byte) Integer.parseInt(raw, i + 1, i + 3, 16);
        i += 2;
      } else {
        bytes[n++] = (byte) c;
      }
    }
    return decode(bytes, 0, n);
  }

  /** Whether text holds an escaped byte (and so names no path Java can open). */
  public static boolean hasEscapes(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (escaped(text, i)) {
        return true;
      }
    }
    return false;
  }

  // A lone low surrogate in U+DC80..U+DCFF (the second half of a pair is a character's).
  private static boolean escaped(String text, int i) {
    char c = text.charAt(i);
    return c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
  }

  /** text's bytes: UTF-8, an escaped byte as itself. */
  public static byte[] encode(String text) {
    if (!hasEscapes(text)) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (escaped(text, i)) {
        out.writeBytes(text.substring(start, i).getBytes(StandardCharsets.UTF_8));
        out.write(text.charAt(i) & 0xff);
        start = i + 1;
      }
    }
    out.writeBytes(text.substring(start).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
