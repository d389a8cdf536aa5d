package dev.netdiag.diagnose;

import dev.netdiag.dns.IterativeResolver;
import dev.netdiag.dns.ResolvConf;
import dev.netdiag.linux.AddressFamily;
import dev.netdiag.linux.AddressText;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * What the authoritative servers say about a name, found as {@code dig +trace} finds it: the root
 * NS set asked of the comparison server (--dns-server or the resolv.conf servers), then referrals
 * followed down without recursion, CNAMEs that leave the zone followed by walks of their own. No
 * built-in root hints: a machine whose servers cannot name the root gets "not reached", and no
 * query ever leaves for an address the configuration did not name. Every query is bounded by the
 * step's timeout, one try each.
 */
final class AuthorityLookup {
  /** CNAME hops followed before giving up, as resolvers bound chains. */
  static final int MAX_CNAMES = 8;

  private AuthorityLookup() {}

  /**
   * The authoritative answer for one name.
   *
   * @param name the name asked, absolute, without the final dot
   * @param rcode NOERROR or NXDOMAIN (lame and failing servers are skipped by the walk)
   * @param addresses the name's A/AAAA addresses after its CNAME chain; empty with NOERROR is a
   *     name without addresses
   * @param server the server that answered last, "ns1.example.test (192.0.2.53)"
   * @param failure why no authoritative answer came, or null when one did
   */
  record Answer(
      String name, int rcode, List<InetAddress> addresses, String server, String failure) {
    boolean reached() {
      return failure == null;
    }

    /** True when the authority gives the name at least one address. */
    boolean resolves() {
      return reached() && rcode == Rcode.NOERROR && !addresses.isEmpty();
    }

    /** "127.0.0.1, ::1", "NXDOMAIN" or "no A/AAAA record". */
    String outcome() {
      if (rcode != Rcode.NOERROR) {
        return Rcode.string(rcode);
      }
      return addresses.isEmpty()
          ? "no A/AAAA record"
          : String.join(", ", addresses.stream().map(AddressText::format).toList());
    }
  }

  /**
   * The names glibc's res_search asks for {@code host}, in order: a name ending in a dot only as it
   * is; one with at least ndots dots as it is, then with each search domain; one with fewer, with
   * each search domain first and as it is last.
   */
  static List<String> candidates(String host, ResolvConf conf) {
    if (host.endsWith(".")) {
      return List.of(host.substring(0, host.length() - 1));
    }
    long dots = host.chars().filter(c -> c == '.').count();
    List<String> searched = new ArrayList<>();
    for (String domain : conf.search()) {
      String suffix = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
      if (!suffix.isEmpty()) {
        searched.add(host + "." + suffix);
      }
    }
    List<String> out = new ArrayList<>();
    if (dots >= conf.ndots()) {
      out.add(host);
      out.addAll(searched);
    } else {
      out.addAll(searched);
      out.add(host);
    }
    return out;
  }

  /**
   * Asks the authority for each candidate in order, as the stub resolver asks its server: the first
   * that has addresses is the answer. When none has, the answer for the name as typed, else the
   * first one reached, else the first failure.
   */
  static Answer search(
      List<String> candidates,
      String typed,
      AddressFamily family,
      List<InetSocketAddress> roots,
      Duration timeout) {
    Answer asTyped = null;
    Answer reached = null;
    Answer failure = null;
    for (String candidate : candidates) {
      Answer answer = ask(candidate, family, roots, timeout);
      if (answer.resolves()) {
        return answer;
      }
      if (!answer.reached()) {
        failure = failure == null ? answer : failure;
      } else {
        reached = reached == null ? answer : reached;
        asTyped = candidate.equals(typed) ? answer : asTyped;
      }
    }
    return asTyped != null ? asTyped : reached != null ? reached : failure;
  }

  /** The authority's addresses for one absolute name, for the family's record types. */
  static Answer ask(
      String host, AddressFamily family, List<InetSocketAddress> roots, Duration timeout) {
    Name name;
    try {
      name = Name.fromString(host, Name.root);
    } catch (TextParseException e) {
      return new Answer(host, Rcode.FORMERR, List.of(), null, "not a DNS name: " + e.getMessage());
    }
    IterativeResolver resolver =
        new IterativeResolver(DnsServerLookup.engineOptions(timeout), notice -> {}, false, 53);
    List<InetAddress> addresses = new ArrayList<>();
    String server = null;
    for (int type : types(family)) {
      Answer one = walk(resolver, host, name, type, roots);
      if (!one.reached() || one.rcode() != Rcode.NOERROR) {
        return one;
      }
      addresses.addAll(one.addresses());
      server = one.server();
    }
    return new Answer(host, Rcode.NOERROR, addresses, server, null);
  }

  private static Answer walk(
      IterativeResolver resolver, String host, Name name, int type, List<InetSocketAddress> roots) {
    Name current = name;
    int hops = 0;
    while (true) {
      IterativeResolver.Trace trace = resolver.trace(current, type, roots);
      if (!trace.complete()) {
        return new Answer(host, Rcode.NOERROR, List.of(), null, trace.error());
      }
      IterativeResolver.Step last = trace.steps().getLast();
      String server =
          last.serverName().replaceAll("\\.$", "")
              + " ("
              + AddressText.format(last.exchange().server().getAddress())
              + ")";
      Message answer = trace.answer();
      if (answer.getRcode() != Rcode.NOERROR) {
        return new Answer(host, answer.getRcode(), List.of(), server, null);
      }
      List<Record> records = answer.getSection(Section.ANSWER);
      Name owner = current;
      for (int i = 0; i < records.size() && hops <= MAX_CNAMES; i++) {
        if (records.get(i) instanceof CNAMERecord cname && cname.getName().equals(owner)) {
          owner = cname.getTarget();
          hops++;
          i = -1; // the chain may be listed in any order
        }
      }
      List<InetAddress> addresses = new ArrayList<>();
      for (Record record : records) {
        if (!record.getName().equals(owner)) {
          continue;
        }
        if (record instanceof ARecord a) {
          addresses.add(a.getAddress());
        } else if (record instanceof AAAARecord aaaa) {
          addresses.add(aaaa.getAddress());
        }
      }
      if (!addresses.isEmpty() || owner.equals(current)) {
        return new Answer(host, Rcode.NOERROR, addresses, server, null);
      }
      if (hops > MAX_CNAMES) {
        return new Answer(host, Rcode.NOERROR, List.of(), server, "CNAME chain too long");
      }
      current = owner; // a CNAME into another zone: that zone's servers have the rest
    }
  }

  private static List<Integer> types(AddressFamily family) {
    return switch (family) {
      case INET -> List.of(Type.A);
      case INET6 -> List.of(Type.AAAA);
      default -> List.of(Type.A, Type.AAAA);
    };
  }
}
