package dev.netdiag.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class QueryEngineTest {
  private static final QueryOptions FAST = new QueryOptions(1, 2, false, false, null, true);

  private static Message query(String name) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    return q;
  }

  static byte[] answer(byte[] queryBytes, boolean truncated) {
    try {
      Message q = new Message(queryBytes);
      Message r = new Message(q.getHeader().getID());
      r.getHeader().setFlag(Flags.QR);
      if (truncated) {
        r.getHeader().setFlag(Flags.TC);
      }
      r.addRecord(q.getQuestion(), Section.QUESTION);
      if (!truncated) {
        r.addRecord(
            new ARecord(
                q.getQuestion().getName(),
                DClass.IN,
                60,
                java.net.InetAddress.getByName("192.0.2.1")),
            Section.ANSWER);
      }
      return r.toWire();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] withId(byte[] reply, int id) {
    byte[] copy = reply.clone();
    copy[0] = (byte) (id >>> 8);
    copy[1] = (byte) id;
    return copy;
  }

  @Test
  void ignoresWrongIdAndGarbageThenTakesTheReply() throws Exception {
    try (ScriptedServer server =
        new ScriptedServer(
            "127.53.1.1",
            q -> {
              byte[] good = answer(q, false);
              int id = ((q[0] & 0xff) << 8) | (q[1] & 0xff);
              return List.of(new byte[] {1, 2, 3}, withId(good, id ^ 1), good);
            },
            q -> answer(q, false))) {
      List<Notice> notices = new ArrayList<>();
      Message q = query("a.test.");
      Exchange e = new QueryEngine(FAST, notices::add).exchange(q, List.of(server.address()));
      assertEquals(Transport.UDP, e.transport());
      assertEquals(1, e.response().getSection(Section.ANSWER).size());
      assertTrue(notices.contains(new Notice.ShortMessage()), notices.toString());
      int id = q.getHeader().getID();
      assertTrue(notices.contains(new Notice.IdMismatch(id, id ^ 1)), notices.toString());
    }
  }

  @Test
  void truncatedReplyIsAskedAgainOverTcp() throws Exception {
    try (ScriptedServer server =
        new ScriptedServer("127.53.1.2", q -> List.of(answer(q, true)), q -> answer(q, false))) {
      List<Notice> notices = new ArrayList<>();
      Exchange e =
          new QueryEngine(FAST, notices::add).exchange(query("t.test."), List.of(server.address()));
      assertEquals(Transport.TCP, e.transport());
      assertEquals(1, notices.size());
      assertInstanceOf(Notice.Truncated.class, notices.getFirst());
      assertEquals(1, server.tcpQueries.get());
    }
  }

  @Test
  void ignoreKeepsTheTruncatedReply() throws Exception {
    try (ScriptedServer server =
        new ScriptedServer("127.53.1.3", q -> List.of(answer(q, true)), q -> answer(q, false))) {
      QueryOptions ignore = new QueryOptions(1, 2, false, true, null, true);
      Exchange e =
          new QueryEngine(ignore, n -> {}).exchange(query("t.test."), List.of(server.address()));
      assertEquals(Transport.UDP, e.transport());
      assertTrue(e.response().getHeader().getFlag(Flags.TC));
      assertEquals(0, server.tcpQueries.get());
    }
  }

  @Test
  void silentServerTimesOutOncePerTryWithinTheBound() throws Exception {
    try (ScriptedServer server =
        new ScriptedServer("127.53.1.4", q -> List.of(), q -> answer(q, false))) {
      List<Notice> notices = new ArrayList<>();
      long start = System.nanoTime();
      DnsException e =
          assertThrows(
              DnsException.class,
              () ->
                  new QueryEngine(FAST, notices::add)
                      .exchange(query("s.test."), List.of(server.address())));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals("no servers could be reached", e.getMessage());
      assertEquals(2, notices.size());
      assertEquals(new Notice.TimedOut(server.address(), Transport.UDP), notices.get(0));
      // Each of the two tries waits its full second; the upper bound only says nothing hung (a
      // loaded machine stretches the wall time, so it is not a timing check).
      assertTrue(millis >= 1900 && millis < 60_000, "took " + millis + " ms");
      assertEquals(2, server.udpQueries.get());
    }
  }

  @Test
  void closedPortIsRefusedOverUdpAndTcpAndTheNextServerAnswers() throws Exception {
    InetSocketAddress closed = new InetSocketAddress("127.53.1.5", 9);
    try (ScriptedServer server =
        new ScriptedServer("127.53.1.6", q -> List.of(answer(q, false)), q -> answer(q, false))) {
      List<Notice> notices = new ArrayList<>();
      Exchange e =
          new QueryEngine(FAST, notices::add)
              .exchange(query("r.test."), List.of(closed, server.address()));
      assertEquals(server.address(), e.server());
      assertEquals(
          List.of(
              new Notice.Refused(closed, Transport.UDP), new Notice.Refused(closed, Transport.UDP)),
          notices);
      QueryOptions tcp = new QueryOptions(1, 1, true, false, null, true);
      List<Notice> tcpNotices = new ArrayList<>();
      assertThrows(
          DnsException.class,
          () -> new QueryEngine(tcp, tcpNotices::add).exchange(query("r.test."), List.of(closed)));
      assertEquals(List.of(new Notice.Refused(closed, Transport.TCP)), tcpNotices);
    }
  }

  @Test
  void badversIsRetriedWithTheServersVersion() throws Exception {
    try (ScriptedServer server =
        new ScriptedServer(
            "127.53.1.7",
            q -> {
              try {
                Message m = new Message(q);
                if (m.getOPT().getVersion() == 0) {
                  return List.of(answer(q, false));
                }
                Message r = new Message(m.getHeader().getID());
                r.getHeader().setFlag(Flags.QR);
                r.addRecord(m.getQuestion(), Section.QUESTION);
                r.getHeader().setRcode(Rcode.BADVERS & 0xf);
                r.addRecord(new OPTRecord(1232, Rcode.BADVERS >>> 4, 0), Section.ADDITIONAL);
                return List.of(r.toWire());
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            q -> answer(q, false))) {
      Message q = Message.newQuery(Record.newRecord(Name.fromString("v.test."), Type.A, DClass.IN));
      q.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);
      List<Notice> notices = new ArrayList<>();
      Exchange e = new QueryEngine(FAST, notices::add).exchange(q, List.of(server.address()));
      assertEquals(1, notices.size());
      assertEquals(0, assertInstanceOf(Notice.BadVers.class, notices.getFirst()).version());
      assertEquals(0, e.query().getOPT().getVersion());
      assertEquals(Rcode.NOERROR, e.response().getRcode());
    }
  }

  @Test
  void digPrintsServersWithHashAndCompressedIpv6() {
    assertEquals("127.53.0.1#53", Servers.text(new InetSocketAddress("127.53.0.1", 53)));
    assertEquals("::1#5300", Servers.text(new InetSocketAddress("::1", 5300)));
    assertEquals(
        "2001:db8::1:0:0:1#53", Servers.text(new InetSocketAddress("2001:db8:0:0:1:0:0:1", 53)));
  }
}
