package dev.netdiag.dns;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One HTTP/2 frame (RFC 9113 4.1), as much of the protocol as one DNS query needs.
 *
 * <pre>
 * frame header, 9 bytes, big-endian
 *  0  u24  length of the payload (at most 16,384 unless the peer allowed more)
 *  3  u8   type: DATA 0, HEADERS 1, PRIORITY 2, RST_STREAM 3, SETTINGS 4, PUSH_PROMISE 5,
 *          PING 6, GOAWAY 7, WINDOW_UPDATE 8, CONTINUATION 9
 *  4  u8   flags: END_STREAM 0x1 (ACK 0x1 on SETTINGS and PING), END_HEADERS 0x4, PADDED 0x8,
 *          PRIORITY 0x20
 *  5  u32  stream identifier (top bit reserved)
 *  9  payload
 * </pre>
 *
 * @param type the frame type
 * @param flags the frame's flags
 * @param stream the stream it belongs to, 0 for the connection
 * @param payload the payload as sent (padding included)
 */
record Http2Frame(int type, int flags, int stream, byte[] payload) {
  static final int DATA = 0;
  static final int HEADERS = 1;
  static final int RST_STREAM = 3;
  static final int SETTINGS = 4;
  static final int PUSH_PROMISE = 5;
  static final int PING = 6;
  static final int GOAWAY = 7;
  static final int CONTINUATION = 9;

  static final int END_STREAM = 0x1;
  static final int ACK = 0x1;
  static final int END_HEADERS = 0x4;
  static final int PADDED = 0x8;
  static final int PRIORITY = 0x20;

  // SETTINGS_MAX_FRAME_SIZE's initial value (RFC 9113 6.5.2): the largest payload either side may
  // send until told otherwise; we never raise it.
  static final int MAX_PAYLOAD = 16_384;
  private static final int HEADER = 9;

  /** Writes a frame with this payload. */
  static void write(OutputStream out, int type, int flags, int stream, byte[] payload)
      throws IOException {
    write(out, type, flags, stream, payload, 0, payload.length);
  }

  /** Writes a frame with part of a buffer as its payload (at most {@link #MAX_PAYLOAD}). */
  static void write(
      OutputStream out, int type, int flags, int stream, byte[] buffer, int from, int length)
      throws IOException {
    byte[] header = {
      (byte) (length >>> 16),
      (byte) (length >>> 8),
      (byte) length,
      (byte) type,
      (byte) flags,
      (byte) (stream >>> 24 & 0x7f),
      (byte) (stream >>> 16),
      (byte) (stream >>> 8),
      (byte) stream
    };
    out.write(header);
    out.write(buffer, from, length);
  }

  /**
   * Reads the next frame; a payload longer than we allow is a protocol failure (FRAME_SIZE_ERROR).
   */
  static Http2Frame read(DataInputStream in) throws IOException {
    byte[] header = new byte[HEADER];
    in.readFully(header);
    int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
    if (length > MAX_PAYLOAD) {
      throw new ProtocolFailure("frame of " + length + " bytes");
    }
    int stream =
        (header[5] & 0x7f) << 24
            | (header[6] & 0xff) << 16
            | (header[7] & 0xff) << 8
            | header[8] & 0xff;
    byte[] payload = new byte[length];
    in.readFully(payload);
    return new Http2Frame(header[3] & 0xff, header[4] & 0xff, stream, payload);
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /**
   * The payload without its padding (DATA, HEADERS with PADDED) and, for HEADERS with PRIORITY,
   * without the five priority bytes: a header block fragment or the data itself.
   */
  byte[] content() throws ProtocolFailure {
    int from = 0;
    int to = payload.length;
    if (has(PADDED) && (type == DATA || type == HEADERS)) {
      if (payload.length < 1) {
        throw new ProtocolFailure("padded frame without its pad length");
      }
      from = 1;
      to -= payload[0] & 0xff;
    }
    if (type == HEADERS && has(PRIORITY)) {
      from += 5;
    }
    if (to < from) {
      throw new ProtocolFailure("padding longer than the frame");
    }
    return java.util.Arrays.copyOfRange(payload, from, to);
  }

  /** The peer broke the protocol: the exchange has failed. */
  static final class ProtocolFailure extends IOException {
    ProtocolFailure(String message) {
      super(message);
    }
  }
}
