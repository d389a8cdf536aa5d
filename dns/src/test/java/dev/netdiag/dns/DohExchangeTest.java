package dev.netdiag.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One DNS-over-HTTP/2 try against an in-JVM responder that reads our request and answers with
 * frames no real server sends together: padding, split header blocks, pings, settings, Huffman
 * statuses, errors, resets, oversized and cut frames. A reply is a 2xx status with a body; all else
 * is "failure", a connection that ends "end of file", silence a timeout; nothing escapes or hangs.
 */
class DohExchangeTest {
  private static final byte[] QUERY =
      HexFormat.of().parseHex("12340100000100000000000003777777" + "0000010001");
  private static final byte[] ANSWER =
      HexFormat.of().parseHex("12348180000100000000000003777777" + "0000010001");
  private static final byte[] STATUS_200 = {(byte) 0x88};

  @Test
  void postWithItsHeadersAndBody() throws Exception {
    try (Responder r = new Responder(ok(STATUS_200, ANSWER))) {
      UdpTransport.Reply reply =
          assertInstanceOf(
              UdpTransport.Reply.class, r.ask(new DohSettings("/dns-query", false, null)));
      assertArrayEquals(ANSWER, reply.bytes());
      Request request = r.request.get(5, TimeUnit.SECONDS);
      assertEquals("POST", request.header(":method"));
      assertEquals("http", request.header(":scheme"));
      assertEquals("/dns-query", request.header(":path"));
      assertEquals("application/dns-message", request.header("content-type"));
      assertEquals(Integer.toString(QUERY.length), request.header("content-length"));
      assertArrayEquals(QUERY, request.body);
    }
  }

  @Test
  void getCarriesTheQueryInItsPath() throws Exception {
    try (Responder r = new Responder(ok(STATUS_200, ANSWER))) {
      assertInstanceOf(UdpTransport.Reply.class, r.ask(new DohSettings("/q", true, null)));
      Request request = r.request.get(5, TimeUnit.SECONDS);
      assertEquals("GET", request.header(":method"));
      assertEquals(
          "/q?dns=" + Base64.getUrlEncoder().withoutPadding().encodeToString(QUERY),
          request.header(":path"));
      assertEquals(0, request.body.length);
    }
  }

  @Test
  void paddingSplitBlocksPingsAndSettingsAreHandled() throws Exception {
    ByteArrayOutputStream script = new ByteArrayOutputStream();
    frame(script, Http2Frame.SETTINGS, 0, 0, new byte[] {0, 3, 0, 0, 0, 100});
    frame(script, Http2Frame.PING, 0, 0, "12345678".getBytes(StandardCharsets.US_ASCII));
    // ":status: 200" in Huffman code, split over HEADERS (padded, with priority) and CONTINUATION.
    byte[] headers = {4, 0, 0, 0, 0, 16, 0x48, 0, 0, 0, 0};
    frame(script, Http2Frame.HEADERS, Http2Frame.PADDED | Http2Frame.PRIORITY, 1, headers);
    frame(
        script,
        Http2Frame.CONTINUATION,
        Http2Frame.END_HEADERS,
        1,
        new byte[] {(byte) 0x82, 0x10, 0x01});
    byte[] padded = new byte[1 + 6 + 3];
    padded[0] = 3;
    System.arraycopy(ANSWER, 0, padded, 1, 6);
    frame(script, Http2Frame.DATA, Http2Frame.PADDED, 1, padded);
    frame(script, 8, 0, 1, new byte[] {0, 0, 1, 0});
    frame(
        script,
        Http2Frame.DATA,
        Http2Frame.END_STREAM,
        1,
        java.util.Arrays.copyOfRange(ANSWER, 6, ANSWER.length));
    try (Responder r = new Responder(script.toByteArray())) {
      UdpTransport.Reply reply =
          assertInstanceOf(
              UdpTransport.Reply.class, r.ask(new DohSettings("/dns-query", false, null)));
      assertArrayEquals(ANSWER, reply.bytes());
      Request request = r.request.get(5, TimeUnit.SECONDS);
      assertTrue(request.acked(Http2Frame.SETTINGS, new byte[0]), "SETTINGS acknowledged");
      assertTrue(
          request.acked(Http2Frame.PING, "12345678".getBytes(StandardCharsets.US_ASCII)),
          "PING answered with its payload");
    }
  }

  @Test
  void whatIsNotA2xxWithABodyFails() throws Exception {
    List<byte[]> scripts = new ArrayList<>();
    scripts.add(ok(new byte[] {(byte) 0x8d}, ANSWER)); // 404
    scripts.add(ok(HexFormat.of().parseHex("48826402"), ANSWER)); // 302
    scripts.add(ok(new byte[] {(byte) 0x82}, ANSWER)); // no status first
    ByteArrayOutputStream empty = new ByteArrayOutputStream();
    frame(empty, Http2Frame.HEADERS, Http2Frame.END_HEADERS | Http2Frame.END_STREAM, 1, STATUS_200);
    scripts.add(empty.toByteArray());
    ByteArrayOutputStream goaway = new ByteArrayOutputStream();
    frame(goaway, Http2Frame.GOAWAY, 0, 0, new byte[8]);
    scripts.add(goaway.toByteArray());
    ByteArrayOutputStream reset = new ByteArrayOutputStream();
    frame(reset, Http2Frame.HEADERS, Http2Frame.END_HEADERS, 1, STATUS_200);
    frame(reset, Http2Frame.RST_STREAM, 0, 1, new byte[4]);
    scripts.add(reset.toByteArray());
    ByteArrayOutputStream oversized = new ByteArrayOutputStream();
    frame(oversized, Http2Frame.DATA, 0, 1, new byte[Http2Frame.MAX_PAYLOAD + 1]);
    scripts.add(oversized.toByteArray());
    ByteArrayOutputStream badPadding = new ByteArrayOutputStream();
    frame(
        badPadding,
        Http2Frame.HEADERS,
        Http2Frame.PADDED | Http2Frame.END_HEADERS,
        1,
        new byte[] {9});
    scripts.add(badPadding.toByteArray());
    for (byte[] script : scripts) {
      try (Responder r = new Responder(script)) {
        UdpTransport.Broken broken =
            assertInstanceOf(
                UdpTransport.Broken.class, r.ask(new DohSettings("/dns-query", false, null)));
        assertEquals("failure", broken.reason(), HexFormat.of().formatHex(script));
      }
    }
  }

  @Test
  void aConnectionThatEndsIsEndOfFileAndSilenceATimeout() throws Exception {
    ByteArrayOutputStream cut = new ByteArrayOutputStream();
    frame(cut, Http2Frame.HEADERS, Http2Frame.END_HEADERS, 1, STATUS_200);
    cut.write(new byte[] {0, 0, 20, 0, 1, 0, 0, 0, 1, 1, 2});
    try (Responder r = new Responder(cut.toByteArray(), true)) {
      UdpTransport.Broken broken =
          assertInstanceOf(
              UdpTransport.Broken.class, r.ask(new DohSettings("/dns-query", false, null)));
      assertEquals("end of file", broken.reason());
    }
    try (Responder r = new Responder(new byte[0])) {
      assertInstanceOf(
          UdpTransport.Timeout.class, r.ask(new DohSettings("/dns-query", false, null)));
    }
  }

  /**
   * Random frames after our request (fixed seed, 300 scripts, each ended by closing): every try
   * ends as a reply, a failure or an end of file, and no exception but DnsException escapes.
   */
  @Test
  void randomFramesNeverEscapeAsExceptions() throws Exception {
    java.util.Random random = new java.util.Random(8484);
    int[] types = {0, 1, 3, 4, 6, 7, 8, 9, 5, 2, 0x42};
    for (int i = 0; i < 300; i++) {
      ByteArrayOutputStream script = new ByteArrayOutputStream();
      for (int f = random.nextInt(5); f >= 0; f--) {
        byte[] payload = new byte[random.nextInt(24)];
        random.nextBytes(payload);
        if (random.nextInt(3) == 0 && payload.length > 0) {
          payload[0] = (byte) 0x88;
        }
        frame(
            script,
            types[random.nextInt(types.length)],
            random.nextInt(256),
            random.nextInt(3),
            payload);
      }
      if (random.nextBoolean()) {
        script.write(random.nextInt(256)); // a frame cut short
      }
      try (Responder r = new Responder(script.toByteArray(), true, null)) {
        try {
          UdpTransport.Outcome outcome =
              r.ask(new DohSettings("/dns-query", random.nextBoolean(), null));
          assertTrue(
              outcome instanceof UdpTransport.Reply
                  || outcome instanceof UdpTransport.Broken
                  || outcome instanceof UdpTransport.Timeout,
              String.valueOf(outcome));
        } catch (DnsException expected) {
          // An I/O failure worded for dig.
        }
      }
    }
  }

  // A server that pings on and on: the try ends at its own deadline, not at the server's silence
  // (which never comes within the guard's 15 s).
  @Test
  @org.junit.jupiter.api.Timeout(15)
  void framesThatNeverEndTheStreamStillTimeOut() throws Exception {
    try (Responder r = new Responder(new byte[0], false, true)) {
      assertInstanceOf(
          UdpTransport.Timeout.class, r.ask(new DohSettings("/dns-query", false, null)));
    }
  }

  // HEADERS with the status block, then the body in one DATA frame that ends the stream.
  private static byte[] ok(byte[] statusBlock, byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frame(out, Http2Frame.HEADERS, Http2Frame.END_HEADERS, 1, statusBlock);
    frame(out, Http2Frame.DATA, Http2Frame.END_STREAM, 1, body);
    return out.toByteArray();
  }

  private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload)
      throws IOException {
    Http2Frame.write(out, type, flags, stream, payload);
  }

  /** What the client sent: its header fields, its body, and the frames it sent after them. */
  private static final class Request {
    final List<String[]> headers = new ArrayList<>();
    byte[] body = new byte[0];
    final List<Http2Frame> later = new ArrayList<>();

    String header(String name) {
      return headers.stream()
          .filter(h -> h[0].equals(name))
          .map(h -> h[1])
          .findFirst()
          .orElse(null);
    }

    boolean acked(int type, byte[] payload) {
      return later.stream()
          .anyMatch(
              f ->
                  f.type() == type
                      && f.has(Http2Frame.ACK)
                      && java.util.Arrays.equals(f.payload(), payload));
    }
  }

  /**
   * A plain HTTP/2 server for one connection on 127.53.1.20: reads the preface and the request,
   * writes the script, then reads what else the client sends until it closes (or, with {@code
   * close}, closes at once).
   */
  private static final class Responder implements AutoCloseable {
    final ServerSocket server;
    final CompletableFuture<Request> request = new CompletableFuture<>();

    Responder(byte[] script) throws IOException {
      this(script, false, false);
    }

    Responder(byte[] script, boolean close) throws IOException {
      this(script, close, false);
    }

    // With pings, a PING every 100 ms after the script, until the client goes (at most 30 s);
    // with pings null, none, and the connection closed by a reset (the fuzz's 300 connections
    // leave no TIME-WAIT behind).
    Responder(byte[] script, boolean close, Boolean pings) throws IOException {
      server = new ServerSocket(0, 1, InetAddress.getByName("127.53.1.20"));
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                try (Socket s = server.accept()) {
                  s.setSoTimeout(5_000);
                  if (pings == null) {
                    // Closed by a reset: no TIME-WAIT left on a port another test may get next.
                    s.setSoLinger(true, 0);
                  }
                  DataInputStream in = new DataInputStream(s.getInputStream());
                  in.readFully(new byte[24]);
                  Request got = new Request();
                  ByteArrayOutputStream body = new ByteArrayOutputStream();
                  while (true) {
                    Http2Frame f = Http2Frame.read(in);
                    if (f.type() == Http2Frame.HEADERS) {
                      got.headers.addAll(fields(f.content()));
                    } else if (f.type() == Http2Frame.DATA) {
                      body.write(f.content());
                    }
                    if (f.stream() == 1 && f.has(Http2Frame.END_STREAM)) {
                      break;
                    }
                  }
                  got.body = body.toByteArray();
                  s.getOutputStream().write(script);
                  s.getOutputStream().flush();
                  for (int i = 0; Boolean.TRUE.equals(pings) && i < 300; i++) {
                    try {
                      Thread.sleep(100);
                      frame(s.getOutputStream(), Http2Frame.PING, 0, 0, new byte[8]);
                    } catch (IOException | InterruptedException gone) {
                      break;
                    }
                  }
                  if (!close) {
                    try {
                      while (true) {
                        got.later.add(Http2Frame.read(in));
                      }
                    } catch (IOException end) {
                      // The client closed.
                    }
                  }
                  request.complete(got);
                } catch (IOException e) {
                  request.completeExceptionally(e);
                }
              });
    }

    UdpTransport.Outcome ask(DohSettings doh) throws DnsException {
      return TcpTransport.exchange(
          QUERY,
          (InetSocketAddress) server.getLocalSocketAddress(),
          null,
          TimeUnit.MILLISECONDS.toNanos(1_500),
          () -> {},
          null,
          doh);
    }

    // Our own block's fields: literals without indexing, new names, no Huffman code.
    private static List<String[]> fields(byte[] block) {
      List<String[]> fields = new ArrayList<>();
      int at = 0;
      while (at < block.length) {
        at++; // 0x00
        int nameLength = block[at++];
        String name = new String(block, at, nameLength, StandardCharsets.ISO_8859_1);
        at += nameLength;
        int valueLength = block[at++] & 0x7f;
        if (valueLength == 0x7f) {
          valueLength += block[at++] & 0x7f;
        }
        String value = new String(block, at, valueLength, StandardCharsets.ISO_8859_1);
        at += valueLength;
        fields.add(new String[] {name, value});
      }
      return fields;
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
