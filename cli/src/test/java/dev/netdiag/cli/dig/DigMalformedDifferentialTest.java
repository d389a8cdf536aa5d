package dev.netdiag.cli.dig;

import dev.netdiag.cli.Run;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.Requires;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real BIND dig 9.18 against ours on crafted malformed replies: a responder on 127.53.77.3:5399
 * (UDP and TCP) answers each query with the damage its first label names ("rdlen.bad.test" gets an
 * A record one byte too long). Stdout and exit code compared with query id, times, date and the id
 * in the hex dump masked. Needs dig.
 */
class DigMalformedDifferentialTest {
  private static final String SERVER = "127.53.77.3";
  private static final int PORT = 5399;

  private static final Differential SAME =
      Differential.exact()
          .mask("id: [0-9]+", "id: X")
          .mask("Query time: [0-9]+ (msec|usec)", "Query time: X")
          .mask("^;; WHEN: .*", ";; WHEN: X")
          .mask("^; COOKIE: [0-9a-f]+", "; COOKIE: X")
          .mask("ID mismatch: expected ID [0-9]+, got [0-9]+", "ID mismatch: expected ID X, got Y")
          .mask("^( +COOKIE:) [0-9a-f]+", "$1 X")
          .mask("!!timestamp .*", "!!timestamp X")
          // The hex dump's first line starts with the query id, in hex and as characters.
          .mask("^[0-9a-f]{2} [0-9a-f]{2} ((?:[0-9a-f]{2} ){14})         ..", "XX XX $1         ..")
          .mask("^(;; Received [0-9]+ bytes from .*) in [0-9]+ (ms|us)$", "$1 in X");

  private static Responder responder;

  @BeforeAll
  static void start() throws IOException {
    Requires.assumeInstalled("dig");
    responder = new Responder(new InetSocketAddress(InetAddress.getByName(SERVER), PORT));
  }

  @AfterAll
  static void stop() {
    if (responder != null) {
      responder.close();
    }
  }

  static Stream<String> cases() {
    return Stream.of(
        // Bad packets: "Got bad packet", the hex dump, nothing else, exit 0.
        "rdlen",
        "loop",
        "label40",
        "label80",
        "longname",
        "addlbad",
        "mx",
        "mxfwd",
        "qptr",
        "optcookie",
        // Recoverable: the warning, the records before the damage, the wire's counts.
        "short",
        "count",
        "count2",
        "unk",
        "auth",
        "addl",
        "opttrunc",
        "optbad",
        "qshort",
        "qname",
        "mxshort",
        "ansshortrr",
        "ansname",
        "txtbad",
        "mxover",
        "a0",
        // Good ones with something after them, or a pointer BIND and dnsjava both take.
        "trail",
        "unkrd",
        "ptrfwd",
        "twoans",
        // +short, +nobesteffort, TCP, +yaml, several lookups.
        "short +short",
        "count2 +short",
        "rdlen +short",
        "trail +short",
        "short +nobesteffort",
        "addl +nobesteffort",
        "count +nobesteffort",
        "rdlen +nobesteffort",
        "short +tcp",
        "rdlen +tcp",
        "trail +tcp",
        "tiny +tcp",
        "short +yaml",
        "rdlen +yaml",
        "count2 +nocomments",
        "rdlen short.bad.test count2.bad.test",
        "rdlen short.bad.test +short",
        "loop +short",
        "count +short",
        "qshort +short",
        "addl +short",
        "classmm +short",
        "tc +short",
        "tiny +tries=1 +time=1",
        // What dnsjava takes but BIND's parser flags.
        "classmm",
        "classmm +nobesteffort",
        // The root query of +trace and the NS query of +nssearch meet the damage too.
        "rdlen +trace",
        "short +trace",
        "rdlen +nssearch",
        "short +nssearch",
        "tiny +tcp +nssearch",
        "foreign",
        "foreign +short",
        "foreign +multiline",
        "ch2",
        "txt0",
        "hinfo0",
        "tsigmid",
        "tsigmid +nobesteffort",
        "rrsig0",
        // Truncated with TC set: the warning, then TCP (or the part, with +ignore).
        "tc",
        "tc +ignore",
        "tc +nobesteffort",
        "tc +ignore +nobesteffort",
        "qmis",
        // A TCP connection that ends before the whole reply: a communications error per try.
        "eof +tcp",
        "eof +tcp +tries=3",
        "cut +tcp +tries=2",
        "eof +tcp +short +tries=2",
        "eof +tcp +qr +tries=2",
        "eof +tcp +yaml +tries=2",
        "eof rdlen.bad.test +tcp +tries=2",
        "eof AXFR +tries=2",
        "idmm +tcp",
        "idmm +tcp +short",
        "idmm +tcp +yaml",
        "idmm +tcp idmm.bad.test +tcp +short",
        "idmm AXFR",
        // A later message of a transfer with another id: dig warns once and reads on.
        "idlate AXFR",
        "idlate AXFR +short",
        "idlate AXFR +yaml",
        "idlate AXFR +onesoa",
        // Cookies in replies: good, echoed, another client's (dig warns), with +cookie=HEX.
        "cookiegood",
        "cookieecho",
        "cookiemm",
        "cookiemm +short",
        "cookiegood +yaml",
        "cookiemm +yaml",
        "cookiegood +cookie=0102030405060708",
        "cookiemm +cookie=0102030405060708",
        "cookiegood +nocookie",
        // A truncated reply with another client's cookie: dig looks at it before TCP.
        "tccookiemm",
        "tccookiemm +short",
        "tccookiemm +cookie=0102030405060708",
        "tccookiemm +qr",
        "tccookiemm +yaml",
        // A TCP try that times out once connected: the query printed again at the next one.
        "hang +tcp +qr +tries=2 +time=1");
  }

  @ParameterizedTest(name = "dig {0}")
  @MethodSource("cases")
  void malformedRepliesAsDig(String line) {
    String[] words = line.split(" ");
    List<String> argv =
        new ArrayList<>(List.of("@" + SERVER, "-p", Integer.toString(PORT), "+tries=1"));
    argv.add(words[0] + ".bad.test");
    argv.addAll(Arrays.asList(words).subList(1, words.length));
    compare(line, argv);
  }

  /**
   * --json (ours only): one JSON document per lookup, whatever the damage, and dig's exit code: a
   * bad packet is an error document with code bad_packet, a partial answer lists what was kept.
   */
  @ParameterizedTest(name = "dig --json {0}")
  @MethodSource("cases")
  void malformedRepliesAsJson(String line) throws IOException {
    String[] words = line.split(" ");
    // +yaml is its own format; +trace and +nssearch print text even with --json.
    List<String> options = Arrays.asList(words);
    if (options.contains("+yaml") || options.contains("+trace") || options.contains("+nssearch")) {
      return;
    }
    List<String> argv =
        new ArrayList<>(List.of("@" + SERVER, "-p", Integer.toString(PORT), "+tries=1"));
    argv.add(words[0] + ".bad.test");
    argv.addAll(Arrays.asList(words).subList(1, words.length));
    List<String> reference = new ArrayList<>(List.of("dig"));
    reference.addAll(argv);
    List<String> ours = new ArrayList<>(List.of("dig", "--json"));
    ours.addAll(argv);
    Cmd.Result theirs = Cmd.run(reference.toArray(String[]::new));
    Cmd.Result json = Run.netdiag(ours.toArray(String[]::new));
    org.junit.jupiter.api.Assertions.assertEquals(theirs.exitCode(), json.exitCode(), line);
    boolean bad = theirs.stdout().contains(";; Got bad packet: ");
    for (String document : json.stdout().strip().split("\n")) {
      String errorCode = null;
      // A whole document, read to its end with a streaming parser, and its error code if any.
      try (var parser = new com.fasterxml.jackson.core.JsonFactory().createParser(document)) {
        String field = null;
        for (var token = parser.nextToken(); token != null; token = parser.nextToken()) {
          if (token == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
            field = parser.currentName();
          } else if ("code".equals(field) && token.isScalarValue()) {
            errorCode = parser.getText();
          }
        }
      }
      if (bad && words.length == 1) {
        org.junit.jupiter.api.Assertions.assertEquals("bad_packet", errorCode, document);
      }
    }
  }

  @ParameterizedTest(name = "dig -f {0}")
  @MethodSource("batches")
  void malformedRepliesInABatch(String lines) throws IOException {
    Path file = Files.createTempFile("netdiag-bad", ".txt");
    try {
      Files.writeString(file, lines.replace("; ", "\n") + "\n");
      compare(
          lines,
          List.of("@" + SERVER, "-p", Integer.toString(PORT), "+tries=1", "-f", file.toString()));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * One -f batch of 600-odd answers, one record each: for every type whose rdata BIND reads by its
   * structure, a well-formed rdata and 14 damaged ones (random bytes, cut short, grown, bytes
   * changed; fixed seed), so both parsers' verdicts (bad packet, malformed, fine) are compared type
   * by type. LOC and APL are left out: dnsjava refuses forms BIND prints as they are.
   */
  @org.junit.jupiter.api.Test
  void damagedRdataOfEveryStructuredType() throws IOException {
    Path file = Files.createTempFile("netdiag-rdata", ".txt");
    try {
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < Responder.SWEEP.size(); i++) {
        lines.append("r").append(i).append(".bad.test\n");
      }
      Files.writeString(file, lines.toString());
      List<String> argv =
          List.of(
              "dig",
              "@" + SERVER,
              "-p",
              Integer.toString(PORT),
              "+tries=1",
              "+nocmd",
              "+nostats",
              "-f",
              file.toString());
      Cmd.Result reference = Cmd.run(argv.toArray(String[]::new));
      // The sweep must reach all three verdicts, or it proves little.
      for (String verdict :
          List.of(";; Got bad packet: ", ";; Warning: Message parser", ";; ANSWER SECTION:")) {
        org.junit.jupiter.api.Assertions.assertTrue(
            reference.stdout().split(verdict, -1).length > 20, "few \"" + verdict + "\"");
      }
      SAME.assertSame("rdata sweep", reference, Run.netdiag(argv.toArray(String[]::new)));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  static Stream<String> batches() {
    return Stream.of(
        "rdlen.bad.test; short.bad.test; count2.bad.test; trail.bad.test",
        "rdlen.bad.test +short; short.bad.test +short; twoans.bad.test +short",
        "cookiemm.bad.test; cookiegood.bad.test; cookiemm.bad.test +short; cookieecho.bad.test",
        // (+tcp on a batch line is ignored, as dig ignores it there: a transfer is the stream.)
        "idmm.bad.test AXFR; short.bad.test; idmm.bad.test AXFR +short",
        // Over UDP dig warns of another id and waits on, in a batch too. Lines 1 and 3 ask the
        // same name in other letters (the responder answers "IDMM" with the right id): the
        // warning is line 1's, whose question the reply echoes byte for byte.
        "idmm.bad.test +time=1; short.bad.test; IDMM.bad.test +time=1 +short",
        // A truncated reply with another client's cookie, in a batch: the warning, then TCP.
        "tccookiemm.bad.test; short.bad.test; tccookiemm.bad.test +short");
  }

  private static void compare(String label, List<String> argv) {
    List<String> reference = new ArrayList<>(List.of("dig"));
    reference.addAll(argv);
    List<String> ours = new ArrayList<>(List.of("dig"));
    ours.addAll(argv);
    SAME.assertSame(
        label, Cmd.run(reference.toArray(String[]::new)), Run.netdiag(ours.toArray(String[]::new)));
  }

  /**
   * A truncated UDP reply from a server with no TCP listener: the TCP retry is refused, and dig
   * leaves the greeting out of its "no servers could be reached" — in a batch as in one lookup.
   */
  @org.junit.jupiter.api.Test
  void truncatedThenRefusedOverTcp() throws Exception {
    InetSocketAddress at = new InetSocketAddress(InetAddress.getByName("127.53.77.4"), PORT);
    try (DatagramSocket udp = new DatagramSocket(at)) {
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                byte[] buffer = new byte[4096];
                while (!udp.isClosed()) {
                  try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    udp.receive(packet);
                    byte[] reply =
                        Responder.reply(Arrays.copyOf(packet.getData(), packet.getLength()), false);
                    udp.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                  } catch (IOException | RuntimeException e) {
                    // closed
                  }
                }
              });
      List<String> server = List.of("@127.53.77.4", "-p", Integer.toString(PORT), "+tries=1");
      List<String> single = new ArrayList<>(server);
      single.add("tc.bad.test");
      compare("tc, TCP refused", single);
      Path file = Files.createTempFile("netdiag-bad", ".txt");
      try {
        Files.writeString(file, "tc.bad.test\nshort.bad.test\ntc.bad.test +short\n");
        List<String> batch = new ArrayList<>(server);
        batch.addAll(List.of("-f", file.toString()));
        compare("-f tc, TCP refused", batch);
      } finally {
        Files.deleteIfExists(file);
      }
    }
  }

  /** Answers every query, over UDP and TCP, with the reply its first label asks for. */
  static final class Responder {
    private final DatagramSocket udp;
    private final ServerSocket tcp;

    Responder(InetSocketAddress at) throws IOException {
      udp = new DatagramSocket(at);
      tcp = new ServerSocket();
      tcp.setReuseAddress(true);
      tcp.bind(at);
      Thread.ofPlatform().daemon().name("bad-udp").start(this::serveUdp);
      Thread.ofPlatform().daemon().name("bad-tcp").start(this::serveTcp);
    }

    private void serveUdp() {
      byte[] buffer = new byte[4096];
      while (!udp.isClosed()) {
        try {
          DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
          udp.receive(packet);
          byte[] reply = reply(Arrays.copyOf(packet.getData(), packet.getLength()), false);
          udp.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
        } catch (IOException | RuntimeException e) {
          // Closed, or a query the responder cannot read: no reply.
        }
      }
    }

    private void serveTcp() {
      while (!tcp.isClosed()) {
        try (Socket s = tcp.accept()) {
          s.setSoTimeout(5_000);
          DataInputStream in = new DataInputStream(s.getInputStream());
          byte[] query = new byte[in.readUnsignedShort()];
          in.readFully(query);
          OutputStream out = s.getOutputStream();
          String mode =
              new String(query, 13, query[12] & 0xff, java.nio.charset.StandardCharsets.US_ASCII);
          if (mode.equals("eof")) {
            // The query read, the connection closed: no reply at all.
            continue;
          }
          if (mode.equals("hang")) {
            // No reply until the client gives the try up and closes.
            s.getInputStream().read();
            continue;
          }
          if (mode.equals("idlate")) {
            // A transfer whose second message has another id: dig warns once and goes on.
            for (byte[] message : lateIdTransfer(query)) {
              out.write(new byte[] {(byte) (message.length >> 8), (byte) message.length});
              out.write(message);
            }
            out.flush();
            s.getInputStream().read();
            continue;
          }
          if (mode.equals("cut")) {
            // A reply's length, then three of its bytes, then the end.
            out.write(new byte[] {0, 64, 1, 2, 3});
            out.flush();
            continue;
          }
          byte[] reply = reply(query, true);
          out.write(new byte[] {(byte) (reply.length >> 8), (byte) reply.length});
          out.write(reply);
          out.flush();
          // dig closes once it has the reply.
          s.getInputStream().read();
        } catch (IOException | RuntimeException e) {
          // Closed, or a client gone: the next one.
        }
      }
    }

    void close() {
      udp.close();
      try {
        tcp.close();
      } catch (IOException e) {
        // Closing anyway.
      }
    }

    // Well-formed rdata by type, in wire form.
    private static final Object[][] SAMPLES = {
      {1, "01020304"},
      {28, "000102030405060708090a0b0c0d0e0f"},
      {2, "026e730178047465737400"},
      {6, "026e7301780474657374000168017804746573740000000100000002000000030000000400000005"},
      {15, "000a046d61696c0178047465737400"},
      {16, "0568656c6c6f026869"},
      {13, "03637075026f73"},
      {33, "0001000200350174017804746573740"},
      {35, "0064000a01750745325521736970000172017804746573740"},
      {43, "30390d02" + "00".repeat(32)},
      {48, "0101030d" + "ab".repeat(64)},
      {257, "00056973737565" + "0a63612e6578616d706c65"},
      {44, "0102" + "00".repeat(32)},
      {52, "030101" + "00".repeat(32)},
      {47, "01610178047465737400000140"},
      {64, "00010000010003026832"},
      {65, "00010000010003026832"},
      {50, "0100000200" + "14" + "00".repeat(20) + "000140"},
      {51, "0100000200"},
      {46, "00010d020000012c600000005000000030390178047465737400" + "ab".repeat(64)},
      {39, "016401780474657374"},
      {59, "30390d02" + "00".repeat(32)},
      {60, "0101030d" + "ab".repeat(32)},
      {256, "000a000168747470"},
      {108, "000000000000"},
      {109, "0000000000000000"},
      {62, "000000420003000460"},
      {37, "0003000005616263"},
      {11, "01020304060001"},
      {49, "0102"},
      {61, "0102"},
      {55, "14020004" + "00".repeat(20) + "01020304"},
      {63, "0000000101" + "01" + "00".repeat(48)},
      {45, "0a000100"},
    };

    /** The sweep's records: type and rdata (hex), the samples then their damaged copies. */
    static final List<Object[]> SWEEP = sweep();

    private static List<Object[]> sweep() {
      java.util.Random random = new java.util.Random(20261203L);
      List<Object[]> all = new ArrayList<>();
      for (Object[] sample : SAMPLES) {
        byte[] good = java.util.HexFormat.of().parseHex(pad((String) sample[1]));
        all.add(new Object[] {sample[0], good});
        for (int k = 0; k < 14; k++) {
          double r = random.nextDouble();
          byte[] rdata;
          if (r < 0.3) {
            rdata = new byte[random.nextInt(24)];
            random.nextBytes(rdata);
          } else if (r < 0.55) {
            rdata = Arrays.copyOf(good, random.nextInt(good.length));
          } else if (r < 0.7) {
            rdata = Arrays.copyOf(good, good.length + 1 + random.nextInt(2));
            rdata[rdata.length - 1] = (byte) random.nextInt(256);
          } else {
            rdata = good.clone();
            for (int n = 0; n < 1 + random.nextInt(2); n++) {
              rdata[random.nextInt(rdata.length)] = (byte) random.nextInt(256);
            }
          }
          all.add(new Object[] {sample[0], rdata});
        }
      }
      return all;
    }

    // Hex of an odd length (a sample typed with a stray digit) loses its last digit.
    private static String pad(String hex) {
      return hex.length() % 2 == 0 ? hex : hex.substring(0, hex.length() - 1);
    }

    // The crafted reply: the query's id and question, then the damage.
    // Three messages: SOA and an A with the query's id, an A with another id, then another A and
    // the closing SOA with the query's id again.
    static List<byte[]> lateIdTransfer(byte[] query) {
      int end = 12;
      while (query[end] != 0) {
        end += (query[end] & 0xff) + 1;
      }
      byte[] question = Arrays.copyOfRange(query, 12, end + 5);
      byte[] id = {query[0], query[1]};
      byte[] other = {(byte) ~query[0], query[1]};
      byte[] pointer = {(byte) 0xc0, 12};
      // ns.x.test. h.x.test. 1 2 3 4 5
      byte[] soaData =
          java.util.HexFormat.of()
              .parseHex(
                  "026e73017804746573740001680178047465737400"
                      + "0000000100000002000000030000000400000005");
      byte[] soa = rr(pointer, 6, 1, soaData, soaData.length);
      return List.of(
          join(header(id, 1, 2, 0, 0), question, soa, rr(pointer, 1, 1, bytes(1, 2, 3, 4), 4)),
          join(header(other, 1, 1, 0, 0), question, rr(pointer, 1, 1, bytes(5, 6, 7, 8), 4)),
          join(header(id, 1, 2, 0, 0), question, rr(pointer, 1, 1, bytes(9, 9, 9, 9), 4), soa));
    }

    static byte[] reply(byte[] query, boolean tcp) {
      int end = 12;
      while (query[end] != 0) {
        end += (query[end] & 0xff) + 1;
      }
      byte[] question = Arrays.copyOfRange(query, 12, end + 5);
      String mode =
          new String(query, 13, query[12] & 0xff, java.nio.charset.StandardCharsets.US_ASCII);
      byte[] id = {query[0], query[1]};
      byte[] pointer = {(byte) 0xc0, 12};
      byte[] a = rr(pointer, 1, 1, bytes(1, 2, 3, 4), 4);
      int q = question.length;
      if (mode.matches("r[0-9]+")) {
        Object[] record = SWEEP.get(Integer.parseInt(mode.substring(1)));
        byte[] rdata = (byte[]) record[1];
        return join(
            header(id, 1, 1, 0, 0), question, rr(pointer, (int) record[0], 1, rdata, rdata.length));
      }
      return switch (mode) {
        case "rdlen" ->
            join(header(id, 1, 1, 0, 0), question, rr(pointer, 1, 1, bytes(1, 2, 3, 4, 5), 5));
        case "short" -> join(header(id, 1, 1, 0, 0), question, rr(pointer, 1, 1, bytes(1, 2), 4));
        case "loop" ->
            join(
                header(id, 1, 1, 0, 0),
                question,
                rr(bytes(0xc0, 12 + q), 1, 1, bytes(1, 2, 3, 4), 4));
        case "count" -> join(header(id, 1, 3, 0, 0), question);
        case "count2" -> join(header(id, 1, 3, 0, 0), question, a);
        case "trail" -> join(header(id, 1, 1, 0, 0), question, a, bytes(0xde, 0xad, 0xbe));
        case "tiny" -> join(id, bytes(0x84, 0, 0));
        case "label40" ->
            join(header(id, 1, 1, 0, 0), question, rr(bytes(0x40), 1, 1, bytes(1, 2, 3, 4), 4));
        case "label80" ->
            join(header(id, 1, 1, 0, 0), question, rr(bytes(0x80), 1, 1, bytes(1, 2, 3, 4), 4));
        case "longname" -> {
          ByteArrayOutputStream name = new ByteArrayOutputStream();
          for (char c = 'a'; c <= 'd'; c++) {
            name.write(63);
            for (int i = 0; i < 63; i++) {
              name.write(c);
            }
          }
          name.write(0);
          yield join(
              header(id, 1, 1, 0, 0), question, rr(name.toByteArray(), 1, 1, bytes(1, 2, 3, 4), 4));
        }
        case "unk" -> join(header(id, 1, 1, 0, 0), question, rr(pointer, 999, 1, bytes(1, 2), 6));
        case "unkrd" ->
            join(header(id, 1, 1, 0, 0), question, rr(pointer, 999, 1, bytes(1, 2), 2), bytes(0));
        case "auth" ->
            join(
                header(id, 1, 1, 1, 0),
                question,
                a,
                rr(pointer, 2, 1, bytes(2, 'n', 's', 0xc0), 4));
        case "addl" ->
            join(
                header(id, 1, 1, 0, 2),
                question,
                a,
                rr(pointer, 1, 1, bytes(5, 6, 7, 8), 4),
                rr(pointer, 1, 1, bytes(5, 6), 4));
        case "addlbad" ->
            join(header(id, 1, 1, 0, 1), question, a, rr(pointer, 1, 1, bytes(5, 6, 7, 8, 9), 5));
        case "opttrunc" ->
            join(
                header(id, 1, 1, 0, 1),
                question,
                a,
                rr(bytes(0), 41, 1232, bytes(0, 10, 0, 8, 1, 2), 8));
        case "optbad" ->
            join(
                header(id, 1, 1, 0, 1),
                question,
                a,
                rr(bytes(0), 41, 1232, bytes(0, 10, 0, 8, 1, 2), 6));
        case "optcookie" ->
            join(
                header(id, 1, 1, 0, 1),
                question,
                a,
                rr(bytes(0), 41, 1232, bytes(0, 10, 0, 4, 1, 2, 3, 4), 8));
        // COOKIE answers: another client cookie with a server's; the query's alone (echoed); the
        // query's and a server's (good). Without a cookie in the query, eight bytes of 0x11.
        case "cookiemm", "cookieecho", "cookiegood" -> {
          byte[] client = sentCookie(query, end + 5);
          byte[] cookie =
              switch (mode) {
                case "cookiemm" ->
                    join(
                        bytes(0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11),
                        bytes(0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22));
                case "cookieecho" -> client;
                default -> join(client, bytes(0x33, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33));
              };
          byte[] option = join(bytes(0, 10, 0, cookie.length), cookie);
          yield join(
              header(id, 1, 1, 0, 1), question, a, rr(bytes(0), 41, 1232, option, option.length));
        }
        // Another id than the query's: over a stream dig ends the lookup with an ERROR line.
        case "idmm" -> join(header(new byte[] {(byte) ~id[0], id[1]}, 1, 1, 0, 0), question, a);
        case "qshort" -> join(header(id, 1, 0, 0, 0), Arrays.copyOf(question, q - 2));
        case "qname" -> join(header(id, 1, 0, 0, 0), Arrays.copyOf(question, 3));
        case "mx" ->
            join(
                header(id, 1, 1, 0, 0),
                question,
                rr(pointer, 15, 1, bytes(0, 10, 4, 'm', 'a', 'i', 'l', 0xc0, 12, 0), 10));
        case "mxshort" ->
            join(
                header(id, 1, 1, 0, 0),
                question,
                rr(pointer, 15, 1, bytes(0, 10, 4, 'm', 'a', 'i', 'l', 0xc0), 7));
        case "mxfwd" ->
            join(header(id, 1, 1, 0, 0), question, rr(pointer, 15, 1, bytes(0, 10, 0xc0, 0xff), 4));
        case "mxover" ->
            join(
                header(id, 1, 1, 0, 0),
                question,
                rr(pointer, 15, 1, bytes(0, 10, 0xc0), 3),
                bytes(12));
        case "twoans" ->
            join(
                header(id, 1, 2, 0, 0),
                question,
                a,
                rr(pointer, 1, 1, bytes(5, 6, 7), 4),
                bytes(0));
        case "ansshortrr" -> join(header(id, 1, 2, 0, 0), question, a, pointer, bytes(0, 1));
        case "ansname" -> join(header(id, 1, 2, 0, 0), question, a, bytes(3, 'a', 'b'));
        case "txtbad" ->
            join(header(id, 1, 1, 0, 0), question, rr(pointer, 16, 1, bytes(5, 'a', 'b'), 3));
        case "a0" -> join(header(id, 1, 1, 0, 0), question, rr(pointer, 1, 1, bytes(), 0));
        case "ptrfwd" ->
            join(
                header(id, 1, 1, 0, 0),
                question,
                rr(bytes(1, 'a', 0xc0, 14), 1, 1, bytes(1, 2, 3, 4), 4));
        case "classmm" ->
            join(header(id, 1, 1, 0, 0), question, rr(pointer, 1, 3, bytes(1, 2, 3, 4), 4));
        case "ch2" ->
            join(header(id, 1, 2, 0, 0), question, rr(pointer, 1, 3, bytes(1, 2, 3, 4), 4), a);
        // A second answer of class 9729: BIND keeps it, warns, prints its rdata as unknown.
        case "foreign" ->
            join(header(id, 1, 2, 0, 0), question, a, rr(pointer, 1, 9729, bytes(1, 2, 3, 4), 4));
        case "txt0" -> join(header(id, 1, 1, 0, 0), question, rr(pointer, 16, 1, bytes(), 0));
        case "hinfo0" ->
            join(header(id, 1, 1, 0, 0), question, rr(pointer, 13, 1, bytes(1, 'a'), 2));
        case "tsigmid" ->
            join(
                header(id, 1, 1, 0, 2),
                question,
                a,
                rr(pointer, 250, 255, bytes(), 0),
                rr(pointer, 1, 1, bytes(5, 6, 7, 8), 4));
        case "rrsig0" ->
            join(
                header(id, 1, 2, 0, 0),
                question,
                a,
                rr(
                    pointer,
                    46,
                    1,
                    bytes(0, 0, 8, 2, 0, 0, 1, 44, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0xaa),
                    20));
        // TC set and the second answer missing over UDP; whole over TCP.
        case "tc" ->
            tcp
                ? join(header(id, 1, 1, 0, 0), question, a)
                : join(header(id, 0x8600, 1, 2, 0, 0), question, a);
        // TC set over UDP with another client's cookie; whole, without EDNS, over TCP.
        case "tccookiemm" -> {
          byte[] cookie =
              bytes(
                  0, 10, 0, 16, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x22,
                  0x22, 0x22, 0x22, 0x22, 0x22);
          yield tcp
              ? join(header(id, 1, 1, 0, 0), question, a)
              : join(
                  header(id, 0x8600, 1, 1, 0, 1),
                  question,
                  a,
                  rr(bytes(0), 41, 1232, cookie, cookie.length));
        }
        case "qmis" ->
            join(header(id, 1, 1, 0, 0), bytes(1, 'z', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1), a);
        case "qptr" -> join(header(id, 1, 0, 0, 0), bytes(0xc0, 12, 0, 1, 0, 1));
        default -> join(header(id, 1, 0, 0, 0), question);
      };
    }

    // The first 8 bytes of the query's COOKIE option (its OPT record after the question at
    // {@code from}), or eight bytes of 0x11 when it has none.
    private static byte[] sentCookie(byte[] query, int from) {
      for (int i = from; i + 12 <= query.length; i++) {
        if (query[i] == 0 && query[i + 1] == 10 && query[i + 2] == 0 && query[i + 3] >= 8) {
          return Arrays.copyOfRange(query, i + 4, i + 12);
        }
      }
      return bytes(0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11);
    }

    private static byte[] header(byte[] id, int qd, int an, int ns, int ar) {
      return header(id, 0x8400, qd, an, ns, ar);
    }

    // QR and AA set, no error, unless the flags say otherwise.
    private static byte[] header(byte[] id, int flags, int qd, int an, int ns, int ar) {
      return join(id, bytes(flags >> 8, flags, qd >> 8, qd, an >> 8, an, ns >> 8, ns, ar >> 8, ar));
    }

    // A record after its owner: type, class, TTL 300, the given RDLENGTH and rdata.
    private static byte[] rr(byte[] owner, int type, int rdclass, byte[] rdata, int rdlength) {
      return join(
          owner,
          bytes(type >> 8, type, rdclass >> 8, rdclass, 0, 0, 1, 44, rdlength >> 8, rdlength),
          rdata);
    }

    private static byte[] bytes(int... values) {
      byte[] b = new byte[values.length];
      for (int i = 0; i < values.length; i++) {
        b[i] = (byte) values[i];
      }
      return b;
    }

    private static byte[] join(byte[]... parts) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] p : parts) {
        out.writeBytes(p);
      }
      return out.toByteArray();
    }
  }
}
