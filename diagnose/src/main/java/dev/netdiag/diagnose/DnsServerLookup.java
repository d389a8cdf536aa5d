package dev.netdiag.diagnose;

import dev.netdiag.dns.DnsException;
import dev.netdiag.dns.Exchange;
import dev.netdiag.dns.QueryEngine;
import dev.netdiag.dns.QueryOptions;
import dev.netdiag.linux.AddressFamily;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * What one DNS server (diagnose --dns-server) answers for a name's A and AAAA records, asked
 * directly with the dns module's engine (one try, the step's timeout), as `dig @SERVER NAME A`.
 */
final class DnsServerLookup {
  private DnsServerLookup() {}

  /**
   * One server's answer.
   *
   * @param rcode the response code of the first failing query, or NOERROR
   * @param addresses the A/AAAA addresses of the answer sections
   * @param failure why no answer came (timeout, unreachable), or null when one did
   */
  record Answer(int rcode, List<InetAddress> addresses, String failure) {
    boolean answered() {
      return failure == null;
    }
  }

  /** One try per query, the step's timeout rounded up to whole seconds (the engine's unit). */
  static QueryOptions engineOptions(Duration timeout) {
    int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    return new QueryOptions(seconds, 1, false, false, null, true);
  }

  static Answer ask(String host, AddressFamily family, InetAddress server, Duration timeout) {
    QueryEngine engine = new QueryEngine(engineOptions(timeout), notice -> {});
    List<InetAddress> addresses = new ArrayList<>();
    List<Integer> types = new ArrayList<>();
    if (family != AddressFamily.INET6) {
      types.add(Type.A);
    }
    if (family != AddressFamily.INET) {
      types.add(Type.AAAA);
    }
    Name name;
    try {
      name = Name.fromString(host, Name.root);
    } catch (TextParseException e) {
      return new Answer(Rcode.FORMERR, List.of(), "not a DNS name: " + e.getMessage());
    }
    for (int type : types) {
      Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
      Exchange exchange;
      try {
        exchange = engine.exchange(query, List.of(new InetSocketAddress(server, 53)));
      } catch (DnsException e) {
        return new Answer(Rcode.NOERROR, List.of(), e.getMessage());
      }
      int rcode = exchange.response().getRcode();
      if (rcode != Rcode.NOERROR) {
        return new Answer(rcode, List.of(), null);
      }
      for (Record record : exchange.response().getSection(Section.ANSWER)) {
        if (record instanceof ARecord a) {
          addresses.add(a.getAddress());
        } else if (record instanceof AAAARecord aaaa) {
          addresses.add(aaaa.getAddress());
        }
      }
    }
    return new Answer(Rcode.NOERROR, addresses, null);
  }
}
