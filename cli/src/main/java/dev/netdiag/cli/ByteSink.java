package dev.netdiag.cli;

import java.io.ByteArrayOutputStream;

/**
 * Bytes written to memory and read back in place (no copy), for text formatted ahead of printing.
 */
public final class ByteSink extends ByteArrayOutputStream {
  public ByteSink(int initialSize) {
    super(initialSize);
  }

  /** The array holding the bytes; the first {@link #size()} are the text. */
  public byte[] bytes() {
    return buf;
  }
}
