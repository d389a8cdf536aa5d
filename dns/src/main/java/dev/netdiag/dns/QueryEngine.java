package dev.netdiag.dns;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Sends one query as dig does: each server in turn, {@code tries} tries for the lookup, every try
 * bounded by the timeout; a truncated UDP reply is asked again over TCP unless truncation is
 * ignored; BADVERS is retried with the server's EDNS version. Runs on the caller's thread and
 * leaves nothing running.
 */
public final class QueryEngine {
  private static final int HEADER = 12;
  private final QueryOptions options;
  private final Consumer<Notice> notices;
  // The last UDP datagram matched and what it read as, so the reply is parsed once.
  private byte[] lastBytes;
  private ReplyReader.Read lastRead;
  // Whether the last try that got no reply was refused (port unreachable, connection refused).
  private boolean refused;
  // Whether the last try failed before anything was sent (its socket could not be set up).
  private boolean setupFailed;
  private Runnable connected = () -> {};
  // The lookup's TLS set-up, made at its first TLS try.
  private TlsCheck tls;

  /** An engine with these options; notices go to the consumer as they happen. */
  public QueryEngine(QueryOptions options, Consumer<Notice> notices) {
    this.options = options;
    this.notices = notices;
  }

  /**
   * Runs the listener each time a TCP connection is up, just before the query is written on it: dig
   * prints +qr's query when it sends it, so a refused connection shows none.
   */
  public QueryEngine onConnected(Runnable listener) {
    this.connected = listener;
    return this;
  }

  /**
   * Sends the query to the servers in order until one answers. The tries are counted as dighost.c
   * counts them, per lookup and not per server: the first server has them all, each later one the
   * single try left. A TCP connection refused (or a socket that cannot be set up) while tries are
   * left gives the round up ({@link Notice.Requeued}) and starts the lookup again from the first
   * server with one try less.
   */
  public Exchange exchange(Message query, List<InetSocketAddress> servers) throws DnsException {
    Tries tries = new Tries(options.tries());
    while (true) {
      for (InetSocketAddress server : servers) {
        Exchange exchange = askServer(query, server, tries);
        if (exchange != null) {
          return exchange;
        }
        if (tries.requeued) {
          break;
        }
      }
      if (!tries.requeued) {
        throw new DnsException("no servers could be reached", tries.refusedOverTcp);
      }
      tries.requeued = false;
      notices.accept(new Notice.Requeued());
    }
  }

  // A lookup's tries left, and how its last try failed.
  private static final class Tries {
    private int left;
    private boolean requeued;
    private boolean refusedOverTcp;

    Tries(int tries) {
      this.left = tries;
    }
  }

  // Tries to one server while the lookup has tries left; null when none of them got a reply.
  private Exchange askServer(Message query, InetSocketAddress server, Tries tries)
      throws DnsException {
    Transport transport = options.transport();
    Message current = query;
    boolean negotiated = false;
    while (true) {
      Exchange exchange = once(current, server, transport);
      if (exchange == null) {
        tries.refusedOverTcp = (transport != Transport.UDP && refused) || setupFailed;
        if (tries.left <= 1) {
          return null;
        }
        tries.left--;
        if (tries.refusedOverTcp) {
          tries.requeued = true;
          return null;
        }
        continue;
      }
      Message response = exchange.response();
      // dighost.c recv_done: BADVERS is looked at before truncation.
      if (!negotiated && options.ednsNegotiation() && isBadVers(current, response)) {
        int version = response.getOPT().getVersion();
        current = withEdnsVersion(current, version);
        notices.accept(new Notice.BadVers(version, current));
        negotiated = true;
        continue;
      }
      if (transport == Transport.UDP
          && response.getHeader().getFlag(Flags.TC)
          && !options.ignoreTruncation()) {
        current = withServerCookie(current, response);
        notices.accept(new Notice.Truncated(server, current, cookie(response)));
        transport = Transport.TCP;
        continue;
      }
      return exchange;
    }
  }

  // One try; null after a timeout or an unreachable port, which are reported as notices.
  private Exchange once(Message query, InetSocketAddress server, Transport transport)
      throws DnsException {
    org.xbill.DNS.TSIG tsig = options.tsig();
    if (tsig != null) {
      query.setTSIG(tsig, Rcode.NOERROR, null);
    }
    byte[] wire = query.toWire(Message.MAXLENGTH);
    long timeout = options.timeoutNanos(transport);
    UdpTransport.Outcome outcome =
        transport != Transport.UDP
            ? TcpTransport.exchange(
                wire,
                server,
                options.source(),
                timeout,
                connected,
                transport == Transport.TLS
                    ? tls(options.tls())
                    : transport == Transport.HTTPS ? tls(options.doh().tls()) : null,
                transport == Transport.HTTPS || transport == Transport.HTTP ? options.doh() : null)
            : UdpTransport.exchange(
                wire, server, options.source(), timeout, r -> matches(query, r));
    // instanceof, not a pattern switch, which spins a class at its first run (a few ms of a
    // one-query dig).
    if (outcome instanceof UdpTransport.Reply reply) {
      byte[] bytes = reply.bytes();
      if (bytes.length < HEADER) {
        // Over TCP (a UDP one is never matched): dighost.c gives the lookup up.
        throw new DnsException(new DnsException.BadPacket(null, bytes));
      }
      int id = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
      if (transport != Transport.UDP && id != query.getHeader().getID()) {
        // dighost.c recv_done: over a stream another id ends the lookup (UDP waits on).
        throw new DnsException(new DnsException.IdMismatch(query.getHeader().getID(), id));
      }
      ReplyReader.Read read = bytes == lastBytes ? lastRead : read(bytes);
      lastBytes = null;
      lastRead = null;
      if (read instanceof ReplyReader.Bad bad) {
        // dighost.c recv_done: "Got bad packet" ends the lookup, with no other server tried.
        throw new DnsException(new DnsException.BadPacket(bad.reason(), bytes));
      }
      ReplyReader.Parsed parsed = (ReplyReader.Parsed) read;
      Message response = parsed.message();
      return new Exchange(
          query,
          response,
          server,
          transport,
          reply.rttNanos(),
          bytes.length,
          tsig == null ? null : verify(tsig, response, bytes, wire),
          parsed.extraBytes(),
          parsed.bareQuestion(),
          parsed.wireCounts());
    }
    refused = outcome instanceof UdpTransport.Unreachable;
    setupFailed = outcome instanceof UdpTransport.SetupFailed;
    if (outcome instanceof UdpTransport.SetupFailed failed) {
      notices.accept(new Notice.SetupFailed(server, transport, failed.reason()));
    } else if (outcome instanceof UdpTransport.Broken broken) {
      notices.accept(new Notice.CommunicationsError(server, transport, broken.reason()));
    } else if (refused) {
      notices.accept(new Notice.Refused(server, transport));
    } else {
      notices.accept(new Notice.TimedOut(server, transport));
    }
    return null;
  }

  /**
   * Checks a reply's TSIG against the signed query, as dig's dns_tsig_verify: null when it
   * verifies, else BIND's words for why not.
   */
  static String verify(org.xbill.DNS.TSIG tsig, Message response, byte[] bytes, byte[] queryWire) {
    org.xbill.DNS.TSIGRecord got = response.getTSIG();
    if (got == null) {
      return "expected a TSIG or SIG(0)";
    }
    if (got.getError() != Rcode.NOERROR) {
      return "tsig indicates error";
    }
    org.xbill.DNS.TSIGRecord sent;
    try {
      sent = new Message(queryWire).getTSIG();
    } catch (java.io.IOException e) {
      return "tsig verify failure";
    }
    int result = tsig.verify(response, bytes, sent);
    if (result == Rcode.NOERROR) {
      return null;
    }
    return result == Rcode.BADTIME ? "clock skew" : "tsig verify failure";
  }

  // Whether a UDP datagram is the reply to this query; reports why not, as dig does.
  private boolean matches(Message query, byte[] reply) {
    if (reply.length < HEADER) {
      notices.accept(new Notice.ShortMessage());
      return false;
    }
    int id = ((reply[0] & 0xff) << 8) | (reply[1] & 0xff);
    int expected = query.getHeader().getID();
    if (id != expected) {
      notices.accept(new Notice.IdMismatch(expected, id));
      return false;
    }
    ReplyReader.Read read = read(reply);
    lastBytes = reply;
    lastRead = read;
    if (!(read instanceof ReplyReader.Parsed parsed)) {
      // A bad packet is this query's reply all the same: the lookup ends with it.
      return true;
    }
    Message response = parsed.message();
    Record asked = query.getQuestion();
    Record got = response.getQuestion();
    if (asked != null && got != null && !sameQuestion(asked, got)) {
      notices.accept(
          new Notice.QuestionMismatch(
              got.getName().toString(true)
                  + "/"
                  + org.xbill.DNS.Type.string(got.getType())
                  + "/"
                  + org.xbill.DNS.DClass.string(got.getDClass())));
      return false;
    }
    return true;
  }

  private static boolean sameQuestion(Record asked, Record got) {
    return asked.getName().equals(got.getName())
        && asked.getType() == got.getType()
        && asked.getDClass() == got.getDClass();
  }

  // A reply as dig parses it; BIND's "malformed" warning goes out at once, as dig prints it.
  private ReplyReader.Read read(byte[] bytes) {
    ReplyReader.Read read = ReplyReader.read(bytes, options.bestEffort());
    if (read instanceof ReplyReader.Parsed parsed && parsed.malformed()) {
      notices.accept(new Notice.Malformed("recoverable"));
    }
    return read;
  }

  // Before connecting: a CA file or client files that cannot be read end the lookup with dig's
  // words, and nothing is sent.
  private TlsCheck tls(TlsSettings settings) throws DnsException {
    if (tls == null) {
      tls = TlsCheck.forLookup(settings);
    }
    return tls;
  }

  /**
   * The query dig sends over TCP after a truncated reply: dighost.c process_cookie keeps the
   * reply's whole COOKIE (our client cookie and the server's) when its client half is ours, and the
   * requeued lookup sends it. A cookie given with +cookie=HEX is left as it is.
   */
  /** The data of a message's first COOKIE option (as sent, however long), or null. */
  public static byte[] cookie(Message message) {
    OPTRecord opt = message.getOPT();
    if (opt == null) {
      return null;
    }
    for (org.xbill.DNS.EDNSOption o : opt.getOptions()) {
      if (o.getCode() == org.xbill.DNS.EDNSOption.Code.COOKIE) {
        byte[] wire = o.toWire();
        return java.util.Arrays.copyOfRange(wire, 4, wire.length);
      }
    }
    return null;
  }

  static Message withServerCookie(Message query, Message response) {
    OPTRecord asked = query.getOPT();
    OPTRecord got = response.getOPT();
    if (asked == null || got == null) {
      return query;
    }
    byte[] client = null;
    for (org.xbill.DNS.EDNSOption o : asked.getOptions()) {
      if (o instanceof org.xbill.DNS.CookieOption c) {
        client = c.getClientCookie();
        break;
      }
    }
    byte[] cookie = cookie(response);
    if (client == null
        || cookie == null
        || cookie.length < 8
        || !java.util.Arrays.equals(client, 0, 8, cookie, 0, 8)) {
      return query;
    }
    List<org.xbill.DNS.EDNSOption> options = new java.util.ArrayList<>();
    for (org.xbill.DNS.EDNSOption o : asked.getOptions()) {
      options.add(
          o instanceof org.xbill.DNS.CookieOption
              ? new org.xbill.DNS.GenericEDNSOption(org.xbill.DNS.EDNSOption.Code.COOKIE, cookie)
              : o);
    }
    return withOpt(
        query,
        new OPTRecord(
            asked.getPayloadSize(),
            asked.getExtendedRcode(),
            asked.getVersion(),
            asked.getFlags(),
            options));
  }

  private static boolean isBadVers(Message query, Message response) {
    OPTRecord asked = query.getOPT();
    OPTRecord opt = response.getOPT();
    return asked != null
        && opt != null
        && response.getRcode() == Rcode.BADVERS
        // Only a lower version than asked: dig never retries upwards.
        && opt.getVersion() < asked.getVersion();
  }

  private static Message withEdnsVersion(Message query, int version) {
    OPTRecord old = query.getOPT();
    return withOpt(
        query,
        new OPTRecord(
            old.getPayloadSize(),
            old.getExtendedRcode(),
            version,
            old.getFlags(),
            old.getOptions()));
  }

  // A copy of the query with this OPT record instead of its own, after its other additional ones.
  private static Message withOpt(Message query, OPTRecord opt) {
    Message copy = query.clone();
    copy.removeAllRecords(Section.ADDITIONAL);
    for (Record r : query.getSection(Section.ADDITIONAL)) {
      if (!(r instanceof OPTRecord)) {
        copy.addRecord(r, Section.ADDITIONAL);
      }
    }
    copy.addRecord(opt, Section.ADDITIONAL);
    return copy;
  }
}
