package dev.netdiag.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one buffered writer every tool prints through: bytes into a reused buffer, numbers formatted
 * by hand, one write(2) per 64 KiB. Also an OutputStream, so the JSON writer shares the buffer.
 * Write failures (a closed pipe) surface as UncheckedIOException, unless {@link #dropOnFailure}.
 */
public final class Output extends OutputStream {
  private static final int SIZE = 1 << 16;

  private final OutputStream sink;
  private final byte[] buffer = new byte[SIZE];
  private int used;
  // Bytes handed to the sink so far.
  private long drained;
  // Write failures drop the output instead of throwing (dig's way).
  private boolean dropOnFailure;

  public Output(OutputStream sink) {
    this.sink = sink;
  }

  /**
   * From now on a failed write (a closed pipe) drops what it wrote, silently, as BIND's dig does:
   * it ignores SIGPIPE and every write's error, so {@code dig -f FILE | head} goes on to the end
   * and exits with its usual code.
   */
  public Output dropOnFailure() {
    dropOnFailure = true;
    return this;
  }

  /** Appends text, UTF-8 encoded (ASCII takes the fast path). */
  public Output text(CharSequence text) {
    int n = text.length();
    if (n >= 16 && text instanceof String s) {
      // The JDK's encoder copies an ASCII string in one block; the loop below goes a character at
      // a time (dig -f prints tens of megabytes through here).
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      write(bytes, 0, bytes.length);
      return this;
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return utf8(text, i);
      }
      if (used == SIZE) {
        drain();
      }
      buffer[used++] = (byte) c;
    }
    return this;
  }

  /**
   * Appends text the caller knows is ASCII (literals, and the presentation forms of names, numbers
   * and types): one bulk copy into the buffer, no encoder and no array. String.getBytes(int, int,
   * byte[], int) keeps each char's low byte, which for ASCII is its UTF-8 byte.
   */
  @SuppressWarnings("deprecation")
  public Output ascii(String text) {
    int n = text.length();
    if (n > SIZE - used) {
      if (n >= SIZE) {
        return text(text);
      }
      drain();
    }
    text.getBytes(0, n, buffer, used);
    used += n;
    return this;
  }

  private Output utf8(CharSequence text, int from) {
    byte[] bytes =
        text.subSequence(from, text.length()).toString().getBytes(StandardCharsets.UTF_8);
    write(bytes, 0, bytes.length);
    return this;
  }

  /** Appends one ASCII character. */
  public Output ch(char c) {
    if (c >= 0x80) {
      return text(String.valueOf(c));
    }
    if (used == SIZE) {
      drain();
    }
    buffer[used++] = (byte) c;
    return this;
  }

  /** Appends bytes as they are (ASCII or already encoded). */
  public Output bytes(byte[] bytes) {
    write(bytes, 0, bytes.length);
    return this;
  }

  /** Appends a decimal number without allocating. */
  public Output number(long value) {
    if (value < 0) {
      if (value == Long.MIN_VALUE) {
        return text("-9223372036854775808");
      }
      ch('-');
      value = -value;
    }
    if (used + 20 > SIZE) {
      drain();
    }
    used = putDecimal(buffer, used, value);
    return this;
  }

  /**
   * Writes a non-negative number in decimal ASCII into {@code into} at {@code at} (room for 20
   * digits needed); returns the index after it. Int arithmetic where the value fits: C1-compiled
   * long division is a runtime call.
   */
  public static int putDecimal(byte[] into, int at, long value) {
    int start = at;
    if (value <= Integer.MAX_VALUE) {
      int v = (int) value;
      do {
        into[at++] = (byte) ('0' + (v % 10));
        v /= 10;
      } while (v != 0);
    } else {
      do {
        into[at++] = (byte) ('0' + (value % 10));
        value /= 10;
      } while (value != 0);
    }
    for (int i = start, j = at - 1; i < j; i++, j--) {
      byte t = into[i];
      into[i] = into[j];
      into[j] = t;
    }
    return at;
  }

  /** Appends a duration in milliseconds from nanoseconds, as {@link #appendMillis} formats it. */
  public Output millis(long nanos) {
    return text(appendMillis(new StringBuilder(12), nanos));
  }

  /**
   * Appends a duration in milliseconds from nanoseconds: two decimals below 10 ms, one below 1 s,
   * whole milliseconds above.
   */
  public static StringBuilder appendMillis(StringBuilder out, long nanos) {
    long micros = (nanos + 500) / 1000;
    if (micros < 10_000) {
      long hundredths = (micros + 5) / 10;
      out.append(hundredths / 100).append('.');
      long fraction = hundredths % 100;
      return (fraction < 10 ? out.append('0') : out).append(fraction);
    }
    if (micros < 1_000_000) {
      long tenths = (micros + 50) / 100;
      return out.append(tenths / 10).append('.').append(tenths % 10);
    }
    return out.append((micros + 500) / 1000);
  }

  /** Appends n spaces. */
  public Output spaces(int n) {
    while (n > 0) {
      int chunk = Math.min(n, SPACES.length);
      write(SPACES, 0, chunk);
      n -= chunk;
    }
    return this;
  }

  private static final byte[] SPACES =
      "                                ".getBytes(StandardCharsets.US_ASCII);

  /** Appends text and pads it with spaces to at least width characters. */
  public Output padRight(CharSequence text, int width) {
    text(text);
    return spaces(width - text.length());
  }

  public Output newline() {
    return ch('\n');
  }

  /** The number of bytes written so far, to the sink or still in the buffer. */
  public long position() {
    return drained + used;
  }

  /** Appends text and a newline. */
  public Output line(CharSequence text) {
    return text(text).newline();
  }

  @Override
  public void write(int b) {
    if (used == SIZE) {
      drain();
    }
    buffer[used++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    if (length >= SIZE) {
      drain();
      try {
        sink.write(bytes, offset, length);
      } catch (IOException e) {
        failed(e);
      }
      drained += length;
      return;
    }
    if (used + length > SIZE) {
      drain();
    }
    System.arraycopy(bytes, offset, buffer, used, length);
    used += length;
  }

  private void drain() {
    if (used == 0) {
      return;
    }
    try {
      sink.write(buffer, 0, used);
    } catch (IOException e) {
      failed(e);
    } finally {
      drained += used;
      used = 0;
    }
  }

  @Override
  public void flush() {
    drain();
    try {
      sink.flush();
    } catch (IOException e) {
      failed(e);
    }
  }

  private void failed(IOException e) {
    if (!dropOnFailure) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flushes; the sink stays open (it is usually stdout). */
  @Override
  public void close() {
    flush();
  }
}
