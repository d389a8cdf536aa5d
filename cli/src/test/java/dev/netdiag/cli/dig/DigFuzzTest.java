package dev.netdiag.cli.dig;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.Output;
import dev.netdiag.dns.Exchange;
import dev.netdiag.dns.ReplyReader;
import dev.netdiag.dns.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * 12,000 mutated answers (fixed seed) through the same steps a reply takes: dnsjava's parser, then
 * dig's text, +short, +yaml and JSON printers. A mutation the parser rejects must be rejected with
 * its typed IOException (the engine reports it as a malformed packet); one it accepts must print in
 * every form without an exception. Hand-made cases cover what mutation rarely hits: compression
 * loops, forward pointers, a truncated header.
 */
class DigFuzzTest {
  private static final String ZONE_RECORDS =
      """
      www.f.test. 300 IN A 192.0.2.1
      www.f.test. 300 IN AAAA 2001:db8::1
      f.test. 300 IN MX 10 mail.f.test.
      f.test. 300 IN SOA ns1.f.test. hostmaster.f.test. 1 3600 900 604800 300
      txt.f.test. 300 IN TXT "hello" "caf\\195\\169"
      caa.f.test. 300 IN CAA 0 issue "ca.example"
      srv.f.test. 300 IN SRV 10 5 443 www.f.test.
      loc.f.test. 300 IN LOC 52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m
      https.f.test. 300 IN HTTPS 1 . alpn=h2,h3 port=8443 ipv4hint=192.0.2.1 ipv6hint=2001:db8::1
      ds.f.test. 300 IN DS 12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      dnskey.f.test. 300 IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==
      cert.f.test. 300 IN CERT 3 0 0 FwIDAQAB
      eui.f.test. 300 IN TYPE108 \\# 6 00005e00532a
      csync.f.test. 300 IN TYPE62 \\# 12 000000420003000460000008
      naptr.f.test. 300 IN NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" .
      """;

  @Test
  void mutatedAnswersParseOrFailTypedAndAlwaysPrint() throws Exception {
    byte[] seed = answerWithRecords();
    Random random = new Random(20261125L);
    int parsed = 0;
    for (int i = 0; i < 12_000; i++) {
      byte[] wire = mutate(seed, random);
      Message response;
      try {
        response = new Message(wire);
      } catch (IOException e) {
        continue;
      }
      parsed++;
      printEverywhere(response, wire.length);
    }
    // The mutations must leave enough answers parseable for the printers to be exercised.
    assertTrue(parsed > 2_000, "only " + parsed + " mutated answers parsed");
  }

  /**
   * The same mutations, and random bytes, read as dig reads them (dnsjava, then BIND's rules when
   * dnsjava refuses or something looks off), with and without +besteffort: every reply is either a
   * bad packet, whose hex dump prints, or a message that prints in every form, partial ones with
   * the wire's counts.
   */
  @Test
  void mutatedAnswersReadAsDigReadsThemAlwaysPrint() throws Exception {
    byte[] seed = answerWithRecords();
    Random random = new Random(20261203L);
    int bad = 0;
    int partial = 0;
    Output sink = new Output(OutputStream.nullOutputStream());
    for (int i = 0; i < 12_000; i++) {
      byte[] wire;
      if (i % 6 == 5) {
        wire = new byte[12 + random.nextInt(120)];
        random.nextBytes(wire);
      } else {
        wire = mutate(seed, random);
      }
      for (boolean bestEffort : new boolean[] {true, false}) {
        switch (ReplyReader.read(wire, bestEffort)) {
          case ReplyReader.Bad b -> {
            bad++;
            DigTool.hexDump(sink, wire);
          }
          case ReplyReader.Parsed p -> {
            if (p.wireCounts() != null) {
              partial++;
            }
            printEverywhere(p, wire.length);
          }
        }
      }
    }
    sink.flush();
    // Both outcomes must be exercised, not only the fast path.
    assertTrue(bad > 1_000, "only " + bad + " bad packets");
    assertTrue(partial > 1_000, "only " + partial + " partly read answers");
  }

  @Test
  void compressionLoopsAndForwardPointersAreRejected() {
    // Header: one question; its name is a pointer to itself (offset 12).
    byte[] loop = {0, 1, (byte) 0x81, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 12, 0, 1, 0, 1};
    assertRejected(loop);
    // A pointer forward to offset 16, which points back to 12.
    byte[] pingPong = {
      0, 1, (byte) 0x81, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 16, 0, 1, (byte) 0xc0, 12, 0, 1
    };
    assertRejected(pingPong);
    assertRejected(new byte[] {0, 1, (byte) 0x81});
  }

  private static void assertRejected(byte[] wire) {
    try {
      new Message(wire);
    } catch (IOException e) {
      return;
    }
    throw new AssertionError("accepted a malformed message");
  }

  private static byte[] answerWithRecords() throws IOException {
    Message m =
        Message.newQuery(Record.newRecord(Name.fromString("www.f.test."), Type.A, DClass.IN));
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AA);
    for (String line : ZONE_RECORDS.strip().split("\n")) {
      m.addRecord(parse(line.strip()), Section.ANSWER);
    }
    m.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
    return m.toWire();
  }

  // "owner ttl class type rdata" through dnsjava's master-file tokenizer.
  private static Record parse(String line) throws IOException {
    String[] f = line.split(" ", 5);
    return Record.fromString(
        Name.fromString(f[0]),
        Type.value(f[3]),
        DClass.value(f[2]),
        Long.parseLong(f[1]),
        f[4],
        Name.root);
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] b = seed.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        // A few random bytes after the header.
        for (int k = 0; k < 1 + random.nextInt(4); k++) {
          b[12 + random.nextInt(b.length - 12)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> b = java.util.Arrays.copyOf(b, 12 + random.nextInt(b.length - 12));
      case 2 -> {
        int at = 12 + random.nextInt(b.length - 12);
        b[at] ^= (byte) (1 << random.nextInt(8));
      }
      default -> {
        // A record count raised or lowered, so sections run short or long.
        b[7] = (byte) random.nextInt(40);
      }
    }
    return b;
  }

  private static void printEverywhere(Message response, int size) throws Exception {
    printEverywhere(
        new Exchange(
            response.clone(),
            response,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 53),
            Transport.UDP,
            1_000_000,
            size));
  }

  private static void printEverywhere(ReplyReader.Parsed parsed, int size) throws Exception {
    printEverywhere(
        new Exchange(
            // What was asked: a reply read in part may have no question left.
            Message.newQuery(Record.newRecord(Name.fromString("www.f.test."), Type.A, DClass.IN)),
            parsed.message(),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 53),
            Transport.UDP,
            1_000_000,
            size,
            null,
            parsed.extraBytes(),
            parsed.bareQuestion(),
            parsed.wireCounts()));
  }

  private static void printEverywhere(Exchange exchange) throws Exception {
    Output sink = new Output(OutputStream.nullOutputStream());
    for (List<String> argv : List.of(List.of("x"), List.of("x", "+short"), List.of("x", "+yaml"))) {
      Lookup lookup = DigArgs.parse(argv, null).lookups.getFirst();
      if (lookup.yaml) {
        DigYaml.answer(sink, lookup, exchange);
      } else {
        new DigPrinter(lookup, "127.0.0.1", sink).print(exchange);
      }
    }
    DigJson.answer(sink, exchange, List.of());
    sink.flush();
  }
}
