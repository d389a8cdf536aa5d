package dev.netdiag.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The iterative walk against a scripted three-level hierarchy on 127.53.10.x. */
class IterativeResolverTest {
  private static final QueryOptions FAST = new QueryOptions(1, 1, false, false, null, true);

  private static Name n(String s) throws IOException {
    return Name.fromString(s);
  }

  private static Record ns(String owner, String target) throws IOException {
    return new NSRecord(n(owner), DClass.IN, 60, n(target));
  }

  private static Record a(String owner, String addr) throws IOException {
    return new ARecord(n(owner), DClass.IN, 60, InetAddress.getByName(addr));
  }

  // A server script: the zone logic maps the question to a reply filled by the lambda.
  private interface Zone {
    void fill(Record question, Message reply) throws IOException;
  }

  private static Function<byte[], List<byte[]>> script(Zone zone) {
    return q -> {
      try {
        Message query = new Message(q);
        Message r = new Message(query.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.addRecord(query.getQuestion(), Section.QUESTION);
        zone.fill(query.getQuestion(), r);
        return List.of(r.toWire());
      } catch (IOException e) {
        return List.of();
      }
    };
  }

  private static final Zone ROOT =
      (q, r) -> {
        if (q.getName().equals(Name.root) && q.getType() == Type.NS) {
          r.getHeader().setFlag(Flags.AA);
          r.addRecord(ns(".", "a.root.test."), Section.ANSWER);
          r.addRecord(a("a.root.test.", "127.53.10.1"), Section.ADDITIONAL);
        } else if (q.getName().subdomain(n("test."))) {
          r.addRecord(ns("test.", "ns.tld.test."), Section.AUTHORITY);
          r.addRecord(a("ns.tld.test.", "127.53.10.2"), Section.ADDITIONAL);
        } else {
          r.getHeader().setFlag(Flags.AA);
          r.getHeader().setRcode(Rcode.NXDOMAIN);
        }
      };

  // test.: delegates example.test. to ns.hosting.test. without glue, and is authoritative for
  // ns.hosting.test. itself.
  private static final Zone TLD =
      (q, r) -> {
        if (q.getName().equals(n("ns.hosting.test."))) {
          r.getHeader().setFlag(Flags.AA);
          if (q.getType() == Type.A) {
            r.addRecord(a("ns.hosting.test.", "127.53.10.3"), Section.ANSWER);
          }
        } else if (q.getName().subdomain(n("example.test."))) {
          r.addRecord(ns("example.test.", "ns.hosting.test."), Section.AUTHORITY);
        } else {
          r.getHeader().setFlag(Flags.AA);
          r.getHeader().setRcode(Rcode.NXDOMAIN);
        }
      };

  private static final Zone EXAMPLE =
      (q, r) -> {
        r.getHeader().setFlag(Flags.AA);
        if (q.getName().equals(n("www.example.test.")) && q.getType() == Type.A) {
          r.addRecord(a("www.example.test.", "127.53.10.80"), Section.ANSWER);
        } else {
          r.getHeader().setRcode(Rcode.NXDOMAIN);
        }
      };

  @Test
  void followsReferralsAndResolvesGluelessNsNames() throws Exception {
    try (ScriptedServer root = new ScriptedServer("127.53.10.1", script(ROOT), q -> null);
        ScriptedServer tld =
            new ScriptedServer("127.53.10.2", root.address().getPort(), script(TLD), q -> null);
        ScriptedServer zone =
            new ScriptedServer(
                "127.53.10.3", root.address().getPort(), script(EXAMPLE), q -> null)) {
      IterativeResolver resolver =
          new IterativeResolver(FAST, x -> {}, false, root.address().getPort());
      IterativeResolver.Trace trace =
          resolver.trace(n("www.example.test."), Type.A, List.of(root.address()));
      assertTrue(trace.complete(), String.valueOf(trace.error()));
      List<String> servers = new ArrayList<>();
      for (IterativeResolver.Step step : trace.steps()) {
        servers.add(step.serverName());
      }
      assertEquals(
          List.of("127.53.10.1", "a.root.test.", "ns.tld.test.", "ns.hosting.test."), servers);
      Record answer = trace.answer().getSection(Section.ANSWER).getFirst();
      assertEquals("127.53.10.80", ((ARecord) answer).getAddress().getHostAddress());
      assertEquals(
          "127.53.10.3", trace.steps().getLast().exchange().server().getAddress().getHostAddress());
    }
  }

  @Test
  void deadServerEndsTheWalkWithAnErrorInsteadOfHanging() throws Exception {
    // The root refers test. to 127.53.10.9, where nothing listens: the walk must end with an error.
    Zone deadReferral =
        (q, r) -> {
          if (q.getName().equals(Name.root)) {
            r.addRecord(ns(".", "a.root.test."), Section.ANSWER);
            r.addRecord(a("a.root.test.", "127.53.10.1"), Section.ADDITIONAL);
          } else {
            r.addRecord(ns("test.", "ns.dead.test."), Section.AUTHORITY);
            r.addRecord(a("ns.dead.test.", "127.53.10.9"), Section.ADDITIONAL);
          }
        };
    try (ScriptedServer root = new ScriptedServer("127.53.10.1", script(deadReferral), q -> null)) {
      List<Notice> notices = new ArrayList<>();
      IterativeResolver resolver =
          new IterativeResolver(FAST, notices::add, false, root.address().getPort());
      IterativeResolver.Trace trace =
          resolver.trace(n("www.example.test."), Type.A, List.of(root.address()));
      assertFalse(trace.complete());
      assertNotNull(trace.error());
      assertEquals(2, trace.steps().size());
      assertFalse(notices.isEmpty(), "the dead server is reported as a notice");
    }
  }

  @Test
  void noRootServerGivesAnError() throws Exception {
    IterativeResolver resolver = new IterativeResolver(FAST, x -> {}, false, 53);
    IterativeResolver.Trace trace =
        resolver.trace(
            n("www.example.test."), Type.A, List.of(new InetSocketAddress("127.53.10.9", 53)));
    assertFalse(trace.complete());
    assertTrue(trace.steps().isEmpty());
  }
}
