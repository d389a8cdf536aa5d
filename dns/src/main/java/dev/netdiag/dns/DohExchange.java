package dev.netdiag.dns;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One DNS query over HTTP/2 (RFC 8484) on a connection that is up (over TLS for {@code +https},
 * plain for {@code +http-plain}, which speaks HTTP/2 from the first byte as dig does): the
 * connection preface, the query as stream 1 (POST with the message as its body, or GET with it
 * base64url-encoded in {@code ?dns=}), then frames until that stream ends. As BIND's client takes
 * it, a reply is a 2xx status with a body of one DNS message; anything else is dig's "failure".
 */
final class DohExchange {
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  // SETTINGS_ENABLE_PUSH (0x2) = 0: a server must not push to us (RFC 9113 6.5.2).
  private static final byte[] NO_PUSH = {0, 2, 0, 0, 0, 0};
  private static final byte[] EMPTY = {};
  private static final int STREAM = 1;
  private static final String MEDIA_TYPE = "application/dns-message";
  private static final int MAX_MESSAGE = 65_535;

  private DohExchange() {}

  /**
   * Runs the exchange, every read bounded by what is left until the deadline (a server that keeps
   * sending other frames cannot hold the try open); the socket is the caller's to close.
   */
  static UdpTransport.Outcome exchange(
      Socket socket,
      byte[] query,
      InetSocketAddress server,
      DohSettings doh,
      long start,
      long deadline)
      throws IOException {
    OutputStream out = new BufferedOutputStream(socket.getOutputStream());
    out.write(PREFACE);
    Http2Frame.write(out, Http2Frame.SETTINGS, 0, 0, NO_PUSH);
    String scheme = doh.tls() != null ? "https" : "http";
    String authority = authority(server);
    if (doh.get()) {
      String path =
          doh.path()
              + "?dns="
              + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(query);
      byte[] block =
          Hpack.block(
              ":method",
              "GET",
              ":scheme",
              scheme,
              ":authority",
              authority,
              ":path",
              path,
              "accept",
              MEDIA_TYPE);
      headers(out, block, true);
    } else {
      byte[] block =
          Hpack.block(
              ":method",
              "POST",
              ":scheme",
              scheme,
              ":authority",
              authority,
              ":path",
              doh.path(),
              "content-type",
              MEDIA_TYPE,
              "accept",
              MEDIA_TYPE,
              "content-length",
              Integer.toString(query.length));
      headers(out, block, false);
      for (int from = 0; from < query.length; from += Http2Frame.MAX_PAYLOAD) {
        int length = Math.min(Http2Frame.MAX_PAYLOAD, query.length - from);
        boolean last = from + length == query.length;
        Http2Frame.write(
            out, Http2Frame.DATA, last ? Http2Frame.END_STREAM : 0, STREAM, query, from, length);
      }
    }
    out.flush();
    return response(socket, new DataInputStream(socket.getInputStream()), out, start, deadline);
  }

  // The request's header block, in one HEADERS frame or continued in CONTINUATION frames.
  private static void headers(OutputStream out, byte[] block, boolean endStream)
      throws IOException {
    int end = endStream ? Http2Frame.END_STREAM : 0;
    int first = Math.min(block.length, Http2Frame.MAX_PAYLOAD);
    boolean whole = first == block.length;
    Http2Frame.write(
        out,
        Http2Frame.HEADERS,
        end | (whole ? Http2Frame.END_HEADERS : 0),
        STREAM,
        block,
        0,
        first);
    for (int from = first; from < block.length; from += Http2Frame.MAX_PAYLOAD) {
      int length = Math.min(Http2Frame.MAX_PAYLOAD, block.length - from);
      boolean last = from + length == block.length;
      Http2Frame.write(
          out,
          Http2Frame.CONTINUATION,
          last ? Http2Frame.END_HEADERS : 0,
          STREAM,
          block,
          from,
          length);
    }
  }

  // Frames until stream 1 ends; the connection's own frames answered as HTTP/2 asks.
  private static UdpTransport.Outcome response(
      Socket socket, DataInputStream in, OutputStream out, long start, long deadline)
      throws IOException {
    ByteArrayOutputStream headerBlock = null;
    int status = -1;
    boolean headersDone = false;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean ended = false;
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return new UdpTransport.Timeout();
      }
      socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
      Http2Frame frame = Http2Frame.read(in);
      if (frame.stream() == 0) {
        switch (frame.type()) {
          case Http2Frame.SETTINGS -> {
            if (!frame.has(Http2Frame.ACK)) {
              Http2Frame.write(out, Http2Frame.SETTINGS, Http2Frame.ACK, 0, EMPTY);
              out.flush();
            }
          }
          case Http2Frame.PING -> {
            if (!frame.has(Http2Frame.ACK)) {
              Http2Frame.write(out, Http2Frame.PING, Http2Frame.ACK, 0, frame.payload());
              out.flush();
            }
          }
          case Http2Frame.GOAWAY -> {
            return failure();
          }
          default -> {
            // WINDOW_UPDATE and anything this client does not use.
          }
        }
        continue;
      }
      if (frame.stream() != STREAM) {
        if (frame.type() == Http2Frame.PUSH_PROMISE) {
          return failure();
        }
        continue;
      }
      switch (frame.type()) {
        case Http2Frame.HEADERS -> {
          if (headerBlock == null) {
            headerBlock = new ByteArrayOutputStream();
            headerBlock.write(frame.content());
            if (frame.has(Http2Frame.END_HEADERS)) {
              status = Hpack.status(headerBlock.toByteArray());
              headersDone = true;
            }
          }
          // A later HEADERS frame holds trailers: nothing for us.
        }
        case Http2Frame.CONTINUATION -> {
          if (headerBlock != null && !headersDone) {
            headerBlock.write(frame.content());
            if (frame.has(Http2Frame.END_HEADERS)) {
              status = Hpack.status(headerBlock.toByteArray());
              headersDone = true;
            }
          }
        }
        case Http2Frame.DATA -> {
          byte[] data = frame.content();
          if (body.size() + data.length > MAX_MESSAGE) {
            return failure();
          }
          body.write(data);
        }
        case Http2Frame.RST_STREAM, Http2Frame.PUSH_PROMISE -> {
          return failure();
        }
        default -> {
          // PRIORITY, WINDOW_UPDATE for the stream.
        }
      }
      if (frame.has(Http2Frame.END_STREAM)
          && (frame.type() == Http2Frame.DATA || frame.type() == Http2Frame.HEADERS)) {
        ended = true;
      }
      // The stream is over once it ended and its header block is whole (CONTINUATION frames may
      // follow a HEADERS frame that ended the stream).
      if (ended && (headersDone || headerBlock == null)) {
        // BIND's client wants a 2xx status and a body (its content-length between 1 and 65,535).
        if (!headersDone || status < 200 || status > 299 || body.size() == 0) {
          return failure();
        }
        return new UdpTransport.Reply(body.toByteArray(), System.nanoTime() - start);
      }
    }
  }

  // The HTTP exchange gave no DNS message: BIND's ISC_R_FAILURE, "failure" in dig's words.
  private static UdpTransport.Outcome failure() {
    return new UdpTransport.Broken("failure");
  }

  // host:port as the URI's authority, an IPv6 address in brackets.
  private static String authority(InetSocketAddress server) {
    String host = server.getAddress().getHostAddress();
    if (server.getAddress() instanceof Inet6Address) {
      int zone = host.indexOf('%');
      host = "[" + (zone < 0 ? host : host.substring(0, zone)) + "]";
    }
    return host + ":" + server.getPort();
  }
}
