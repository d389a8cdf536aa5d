package dev.netdiag.cli.dig;

import dev.netdiag.cli.Output;
import dev.netdiag.dns.DnsException;
import dev.netdiag.dns.Exchange;
import dev.netdiag.dns.Notice;
import dev.netdiag.dns.QueryEngine;
import dev.netdiag.dns.QueryOptions;
import dev.netdiag.linux.AddressFamily;
import dev.netdiag.linux.AddressResolver;
import dev.netdiag.linux.NativeException;
import dev.netdiag.linux.Resolution;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@code +nssearch} as dig 9.18 runs it: the NS set of the name is asked of the lookup's servers
 * (with recursion), from the answer section, else from a referral's authority section (none when
 * that section holds an SOA); each NS name is looked up through the system resolver, as dig does;
 * then every address is asked for the name's SOA without recursion, all at once, and each reply
 * prints as "TYPE RDATA from server ADDR in T ms." in the order the replies come. A server that
 * does not answer is one ";; communications error" line; when none answers, ";; NS servers could
 * not be reached" and exit 9.
 *
 * <p>One deliberate difference: dig 9.18 reports "NS servers could not be reached" before the reply
 * arrives when the NS set has a single address (its nssearch_next treats the last send as the last
 * reply); netdiag waits for the reply.
 */
final class NsSearch {
  /** dighost.c MXSERV: NS records followed from one reply. */
  static final int MAX_SERVERS = 20;

  private record Server(String text, InetSocketAddress address) {}

  private final Lookup lookup;
  private final QueryOptions options;
  private final int port;
  private final AddressFamily family;
  private final Output out;
  private final Consumer<Notice> notices;

  NsSearch(
      Lookup lookup,
      QueryOptions options,
      int port,
      AddressFamily family,
      Output out,
      Consumer<Notice> notices) {
    this.lookup = lookup;
    this.options = options;
    this.port = port;
    this.family = family;
    this.out = out;
    this.notices = notices;
  }

  /**
   * Runs the search on the NS reply {@code first} (already received); returns dig's exit code.
   *
   * @throws DigFatal when no NS name has an address, as dig's fatal()
   */
  int run(Message first) throws TextParseException, InterruptedException {
    List<String> names = nsNames(first);
    if (names.isEmpty()) {
      return 0;
    }
    List<Server> servers = new ArrayList<>();
    String badName = null;
    for (String name : names) {
      List<InetAddress> addresses = addresses(name);
      if (addresses.isEmpty()) {
        out.text("couldn't get address for '").text(name).line("': not found");
        badName = badName == null ? name : badName;
      }
      for (InetAddress address : addresses) {
        servers.add(new Server(address.getHostAddress(), new InetSocketAddress(address, port)));
      }
    }
    if (servers.isEmpty()) {
      // dighost.c formats the result of its record loop here, which is always "no more".
      throw DigFatal.fatal("couldn't get address for '" + badName + "': no more");
    }
    Collections.shuffle(servers);
    Lookup soa = lookup.copy(); // the options; the question is set here
    soa.name = lookup.name;
    soa.dclass = lookup.dclass;
    soa.type = Type.SOA;
    soa.recurse = false;
    Message query = DigTool.query(soa);
    QueryOptions once =
        new QueryOptions(
            options.timeoutSeconds(),
            1,
            options.tcp(),
            options.ignoreTruncation(),
            options.source(),
            options.ednsNegotiation(),
            null,
            options.bestEffort(),
            null,
            null);
    boolean answered = false;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> replies = new ArrayList<>();
      for (Server server : servers) {
        replies.add(pool.submit(() -> ask(server, query.clone(), once)));
      }
      for (Future<Boolean> reply : replies) {
        try {
          answered |= reply.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
    }
    if (!answered) {
      out.line(";; NS servers could not be reached");
      return 9;
    }
    return 0;
  }

  // One server's SOA: printed whole under the output's lock; true when it replied at all.
  private boolean ask(Server server, Message query, QueryOptions once) {
    List<Notice> seen = new ArrayList<>();
    QueryEngine engine = new QueryEngine(once, seen::add);
    Exchange exchange = null;
    try {
      exchange = engine.exchange(query, List.of(server.address()));
    } catch (DnsException e) {
      // The notices say what happened.
    }
    synchronized (out) {
      seen.forEach(notices);
      if (exchange == null) {
        return false;
      }
      long ms = exchange.rttNanos() / 1_000_000;
      for (Record record : exchange.response().getSection(Section.ANSWER)) {
        if (record instanceof OPTRecord) {
          continue;
        }
        out.text(Type.string(record.getType()))
            .ch(' ')
            .text(DigPrinter.rdata(record, lookup))
            .text(" from server ")
            .text(server.text())
            .text(" in ")
            .text(Long.toString(ms))
            .line(" ms.");
      }
      return true;
    }
  }

  /**
   * The NS names dig follows: the answer section's NS records; without any, the authority
   * section's, unless a name there has an SOA (a negative answer). At most {@link #MAX_SERVERS}.
   */
  static List<String> nsNames(Message reply) {
    List<String> names = fromSection(reply, Section.ANSWER);
    if (!names.isEmpty()) {
      return names;
    }
    for (Record record : reply.getSection(Section.AUTHORITY)) {
      if (record.getType() == Type.SOA) {
        return List.of();
      }
    }
    return fromSection(reply, Section.AUTHORITY);
  }

  private static List<String> fromSection(Message reply, int section) {
    List<String> names = new ArrayList<>();
    for (Record record : reply.getSection(section)) {
      if (record instanceof NSRecord ns && names.size() < MAX_SERVERS) {
        String text = ns.getTarget().toString();
        names.add(text.length() > 1 ? text.substring(0, text.length() - 1) : text);
      }
    }
    return names;
  }

  // The NS name's addresses from the system resolver (getaddrinfo), as dig's getaddresses.
  private List<InetAddress> addresses(String name) {
    Duration bound = Duration.ofSeconds(Math.max(5, options.timeoutSeconds() * 2L));
    try {
      Resolution resolution = AddressResolver.resolve(name, family, bound);
      return resolution.resolved() ? resolution.addresses() : List.of();
    } catch (NativeException e) {
      return List.of();
    }
  }
}
