package dev.netdiag.cli.dig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.Output;
import dev.netdiag.dns.BatchEngine;
import dev.netdiag.dns.Notice;
import dev.netdiag.dns.ResolvConf;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * WireAnswer, the batch's text for a plain reply written from its bytes, against the general way
 * (dnsjava reads the reply, DigPrinter prints it; the differential tests hold that one to dig): for
 * every reply it takes, the same bytes; for every other, nothing written. A corpus of replies in
 * and around its subset, then 20,000 mutations of them.
 */
class WireAnswerTest {
  private static final InetSocketAddress SERVER =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 53);

  private static DigTool.Session session(String... argv) throws Exception {
    List<String> args = new ArrayList<>(List.of("@127.0.0.1", "q.test."));
    args.addAll(List.of(argv));
    DigArgs parsed = DigArgs.parse(args, null);
    Output sink = new Output(new ByteArrayOutputStream());
    return new DigTool.Session(parsed, ResolvConf.parse(""), sink, sink);
  }

  private static Lookup lookup(DigTool.Session session) {
    return session.args.lookups.getFirst();
  }

  // dig's WHEN line is the clock's: the two ways may print it a second apart.
  private static String masked(ByteArrayOutputStream sink) {
    return sink.toString(StandardCharsets.ISO_8859_1).replaceAll(";; WHEN: [^\n]*", ";; WHEN:");
  }

  /** What BatchRun prints for the reply the general way, or null when it is no answer. */
  private static String general(DigTool.Session session, Message query, byte[] wire) {
    Lookup lookup = lookup(session);
    BatchEngine.Result<Lookup> result =
        new BatchEngine.Result<>(
                new BatchEngine.Request<>(lookup, query, List.of(SERVER), session.options(lookup)),
                null,
                null,
                new ArrayList<>(),
                new BatchEngine.Unread(query, wire, SERVER, 2_500_000))
            .read();
    if (result.exchange() == null) {
      return null;
    }
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    Output out = new Output(sink);
    for (Notice n : result.notices()) {
      DigTool.report(n, lookup, out);
    }
    session.cookieWarnings(lookup, result.exchange(), out);
    session.print(lookup, result.exchange(), result.notices(), out);
    out.flush();
    return masked(sink);
  }

  /** What WireAnswer prints for it, or null when it declines (having printed nothing). */
  private static String plain(DigTool.Session session, Message query, byte[] wire) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    Output out = new Output(sink);
    boolean printed =
        session.printPlain(
            lookup(session), new BatchEngine.Unread(query, wire, SERVER, 2_500_000), out);
    out.flush();
    if (!printed) {
      assertEquals(0, sink.size(), "declined after writing");
      return null;
    }
    return masked(sink);
  }

  private static Message reply(Message query, int rcode, int... flags) throws Exception {
    Message m = new Message(query.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    for (int f : flags) {
      m.getHeader().setFlag(f);
    }
    m.getHeader().setRcode(rcode & 0xf);
    m.addRecord(query.getQuestion(), Section.QUESTION);
    return m;
  }

  private static byte[] clientCookie(Message query) {
    return dev.netdiag.dns.QueryEngine.cookie(query);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** Replies in and around the subset, each as bytes. */
  private static List<byte[]> corpus(Message query) throws Exception {
    Name q = query.getQuestion().getName();
    Name zone = Name.fromString("test.");
    Name odd =
        Name.fromString("a\\.b.c\\;d.\\@x\\$y.\\\"q\\(r\\)\\\\s.x\\032y.\\009t.\\200\\255.test.");
    Name ns = Name.fromString("ns1.test.");
    List<Record> records =
        List.of(
            new ARecord(q, DClass.IN, 300, InetAddress.getByAddress(new byte[] {10, 0, 0, 1})),
            new ARecord(odd, DClass.IN, 0, InetAddress.getByAddress(new byte[] {0, 0, 0, 0})),
            new AAAARecord(q, DClass.IN, 60, InetAddress.getByName("2001:db8::1")),
            new AAAARecord(
                q,
                DClass.IN,
                60,
                java.net.Inet6Address.getByAddress(
                    null,
                    new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 255, (byte) 255, 1, 2, 3, 4},
                    null)),
            new AAAARecord(q, DClass.IN, 60, InetAddress.getByName("::")),
            new AAAARecord(q, DClass.IN, 60, InetAddress.getByName("1:0:0:2:0:0:0:3")),
            new NSRecord(zone, DClass.IN, 86400, ns),
            new NSRecord(zone, DClass.IN, 86400, odd),
            new CNAMERecord(q, DClass.IN, 1, odd),
            new PTRRecord(q, DClass.IN, 2147483647L, Name.root),
            new DNAMERecord(zone, DClass.IN, 5, Name.fromString("other.example.")),
            new MXRecord(q, DClass.IN, 300, 10, ns),
            new MXRecord(q, DClass.IN, 300, 0, Name.root),
            new SOARecord(
                zone,
                DClass.IN,
                300,
                ns,
                Name.fromString("host\\.master.test."),
                1,
                3600,
                900,
                604800,
                300),
            new SOARecord(zone, DClass.IN, 300, Name.root, Name.root, 4294967295L, 0, 0, 0, 0));
    List<byte[]> out = new ArrayList<>();
    byte[] ours = clientCookie(query);
    byte[] server = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    EDNSOption[] cookies = {
      null,
      new CookieOption(ours, server),
      new CookieOption(ours),
      new CookieOption(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}, server),
      new CookieOption(ours, new byte[32]),
      new NSIDOption(new byte[] {'n', 's'}),
    };
    int[][] flagSets = {
      {Flags.AA, Flags.RD},
      {Flags.RD, Flags.RA},
      {Flags.AA},
      {Flags.TC, Flags.AD, Flags.CD},
      {Flags.RD, Flags.RA, Flags.AD},
    };
    int[] rcodes = {Rcode.NOERROR, Rcode.NXDOMAIN, Rcode.SERVFAIL, Rcode.REFUSED, Rcode.FORMERR};
    int n = 0;
    for (int rcode : rcodes) {
      for (int[] flags : flagSets) {
        for (EDNSOption option : cookies) {
          for (int ednsCase = 0; ednsCase < 4; ednsCase++) {
            Message m = reply(query, rcode, flags);
            // A different slice of the records for each reply, in every section.
            for (int i = 0; i < records.size(); i++) {
              if ((i + n) % 3 == 0) {
                m.addRecord(records.get(i), Section.ANSWER);
              } else if ((i + n) % 5 == 1) {
                m.addRecord(records.get(i), Section.AUTHORITY);
              } else if ((i + n) % 4 == 2) {
                m.addRecord(records.get(i), Section.ADDITIONAL);
              }
            }
            n++;
            switch (ednsCase) {
              case 0 ->
                  m.addRecord(
                      option == null
                          ? new OPTRecord(1232, 0, 0)
                          : new OPTRecord(1232, 0, 0, 0, List.of(option)),
                      Section.ADDITIONAL);
              case 1 -> m.addRecord(new OPTRecord(4096, 0, 1, 0x8000), Section.ADDITIONAL);
              case 2 ->
                  m.addRecord(
                      new OPTRecord(512, rcode == 0 ? 1 : 0, 0, 0x4321), Section.ADDITIONAL);
              default -> {
                // no EDNS at all
              }
            }
            out.add(m.toWire());
          }
        }
      }
    }
    // Outside the subset: other types and classes, two questions, the Z bit, extra bytes, UPDATE.
    Message txt = reply(query, 0, Flags.AA);
    txt.addRecord(new TXTRecord(q, DClass.IN, 300, "text"), Section.ANSWER);
    out.add(txt.toWire());
    Message chaos = reply(query, 0, Flags.AA);
    chaos.addRecord(
        new ARecord(q, DClass.CH, 300, InetAddress.getByAddress(new byte[] {1, 2, 3, 4})),
        Section.ANSWER);
    out.add(chaos.toWire());
    Message two = reply(query, 0, Flags.AA);
    two.addRecord(Record.newRecord(zone, Type.A, DClass.IN), Section.QUESTION);
    out.add(two.toWire());
    byte[] z = reply(query, 0, Flags.AA).toWire();
    z[3] |= 0x40;
    out.add(z);
    out.add(concat(reply(query, 0, Flags.AA).toWire(), new byte[] {0, 0}));
    byte[] update = reply(query, 0).toWire();
    update[2] |= 0x28;
    out.add(update);
    return out;
  }

  @Test
  void everyReplyItTakesPrintsAsTheGeneralWay() throws Exception {
    DigTool.Session session = session();
    Message query = DigTool.query(lookup(session));
    int taken = 0;
    int declined = 0;
    for (byte[] wire : corpus(query)) {
      String plain = plain(session, query, wire);
      String general = general(session, query, wire);
      if (plain == null) {
        declined++;
        continue;
      }
      taken++;
      assertEquals(general, plain, java.util.HexFormat.of().formatHex(wire));
    }
    // Most of the corpus is inside the subset; the NSID, TXT, CH, two questions, Z... are not.
    assertTrue(taken >= 400, "taken " + taken);
    assertTrue(declined >= 6, "declined " + declined);
  }

  @Test
  void optionsOtherThanTheDefaultsGoTheGeneralWay() throws Exception {
    String[][] declined = {
      {"+short"},
      {"+yaml"},
      {"+json"},
      {"+multiline"},
      {"+nottlid"},
      {"+noclass"},
      {"+ttlunits"},
      {"+unknownformat"},
      {"+expandaaaa"},
      {"+nocomments"},
      {"+noquestion"},
      {"+noanswer"},
      {"+noauthority"},
      {"+noadditional"},
      {"+rrcomments"},
      {"+qr"},
      {"+idnout"},
    };
    for (String[] options : declined) {
      DigTool.Session session = session(options);
      Message query = DigTool.query(lookup(session));
      Message m = reply(query, 0, Flags.AA);
      m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
      assertFalse(WireAnswer.fits(lookup(session)), String.join(" ", options));
      assertEquals(null, plain(session, query, m.toWire()), String.join(" ", options));
    }
    // Options that only change the greeting or the statistics: the same text both ways.
    String[][] taken = {{}, {"+nocmd"}, {"+nostats"}, {"+identify"}, {"+nostats", "+identify"}};
    for (String[] options : taken) {
      DigTool.Session session = session(options);
      Message query = DigTool.query(lookup(session));
      Message m = reply(query, 0, Flags.AA, Flags.RD);
      m.addRecord(
          new ARecord(
              query.getQuestion().getName(),
              DClass.IN,
              300,
              InetAddress.getByAddress(new byte[] {10, 1, 2, 3})),
          Section.ANSWER);
      m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
      String plain = plain(session, query, m.toWire());
      assertNotNull(plain, String.join(" ", options));
      assertEquals(general(session, query, m.toWire()), plain, String.join(" ", options));
    }
  }

  @Test
  void mutatedRepliesPrintAsTheGeneralWayOrAreDeclined() throws Exception {
    DigTool.Session session = session();
    Message query = DigTool.query(lookup(session));
    List<byte[]> corpus = corpus(query);
    Random random = new Random(20261203);
    int taken = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] wire = corpus.get(random.nextInt(corpus.size())).clone();
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        switch (random.nextInt(4)) {
          case 0 -> wire[random.nextInt(wire.length)] = (byte) random.nextInt(256);
          case 1 -> wire = java.util.Arrays.copyOf(wire, random.nextInt(wire.length + 1));
          case 2 -> {
            // A low byte changed a little: lengths, counts and pointers off by one or two.
            int at = random.nextInt(wire.length);
            wire[at] = (byte) (wire[at] + random.nextInt(5) - 2);
          }
          default -> wire = concat(wire, new byte[] {(byte) random.nextInt(256)});
        }
        if (wire.length == 0) {
          break;
        }
      }
      String plain = plain(session, query, wire);
      if (plain != null) {
        taken++;
        assertEquals(
            general(session, query, wire), plain, java.util.HexFormat.of().formatHex(wire));
      }
    }
    assertTrue(taken >= 2_000, "taken " + taken);
  }
}
