package dev.netdiag.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.xbill.DNS.AAAARecord;
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

/**
 * Walks the DNS from the root as {@code dig +trace} does: asks {@code @server} for the root NS set,
 * then asks one server of each zone cut without recursion and follows the referrals down to the
 * answer. Glue addresses are used when present; NS names without glue are resolved by a walk of
 * their own from the root, bounded in depth, with loop detection. A server that does not answer, or
 * answers lame (REFUSED, SERVFAIL, a referral that does not get closer), makes the walk try the
 * next address. Every wait is bounded by the {@link QueryOptions}; runs on the caller's thread.
 */
public final class IterativeResolver {

  /** How deep glue-less NS name resolution may nest. */
  public static final int MAX_DEPTH = 6;

  /** How many referrals one walk follows before giving up. */
  public static final int MAX_REFERRALS = 30;

  /**
   * One response received during the walk.
   *
   * @param serverName the name of the server asked (its address text for the first step)
   * @param exchange the query, response, address, size and time of the answered try
   */
  public record Step(String serverName, Exchange exchange) {}

  /**
   * The walk's record: each step in order, and how it ended.
   *
   * @param steps every response, starting with the root NS query to {@code @server}
   * @param answer the final authoritative response, or null when the walk failed
   * @param error why the walk failed, or null
   */
  public record Trace(
      List<Step> steps, Message answer, String error, DnsException.BadPacket badPacket) {
    /** A walk that ended without a reply dig refused. */
    public Trace(List<Step> steps, Message answer, String error) {
      this(steps, answer, error, null);
    }

    /** True when the walk reached a server that answered authoritatively. */
    public boolean complete() {
      return answer != null;
    }
  }

  private final QueryEngine engine;
  private final boolean dnssec;
  private final int port;
  private final Function<Name, List<InetAddress>> hostLookup;

  /**
   * A resolver sending every query through an engine with these options.
   *
   * @param options timeouts and tries for each query
   * @param notices where timeouts and unreachable servers are reported
   * @param dnssec set the DO bit on the queries ({@code +dnssec})
   * @param port the port NS addresses are asked on (53, as dig does)
   */
  public IterativeResolver(
      QueryOptions options, Consumer<Notice> notices, boolean dnssec, int port) {
    this(options, notices, dnssec, port, name -> List.of());
  }

  /**
   * The same, with a last resort for root servers named without glue that {@code @server} does not
   * resolve either: {@code hostLookup} (the system resolver, as dig uses for every NS name). Below
   * the root the walk resolves glue-less names itself.
   */
  public IterativeResolver(
      QueryOptions options,
      Consumer<Notice> notices,
      boolean dnssec,
      int port,
      Function<Name, List<InetAddress>> hostLookup) {
    this.engine = new QueryEngine(options, notices);
    this.dnssec = dnssec;
    this.port = port;
    this.hostLookup = hostLookup;
  }

  /**
   * Traces {@code name}/{@code type} from the root, getting the root NS set from {@code servers}.
   */
  public Trace trace(Name name, int type, List<InetSocketAddress> servers) {
    List<Step> steps = new ArrayList<>();
    Message rootQuery = query(Name.root, Type.NS, true);
    Exchange root;
    try {
      root = engine.exchange(rootQuery, servers);
    } catch (DnsException e) {
      return new Trace(steps, null, e.getMessage(), e.badPacket());
    }
    steps.add(new Step(hostText(root.server()), root));
    Map<Name, List<InetAddress>> rootServers = nsSet(root.response(), Section.ANSWER, Name.root);
    if (rootServers.isEmpty()) {
      int rcode = root.response().getRcode();
      return new Trace(
          steps,
          null,
          "no root NS records from "
              + hostText(root.server())
              + (rcode == Rcode.NOERROR ? "" : " (" + Rcode.string(rcode) + ")"));
    }
    // NS names the root query did not give addresses for are asked of @server, recursively.
    for (Map.Entry<Name, List<InetAddress>> e : rootServers.entrySet()) {
      if (e.getValue().isEmpty()) {
        e.getValue().addAll(recursiveAddresses(e.getKey(), servers));
      }
      if (e.getValue().isEmpty()) {
        e.getValue().addAll(hostLookup.apply(e.getKey()));
      }
    }
    Walk walk = new Walk(rootServers, steps);
    return walk.resolve(name, type, 0, new HashSet<>());
  }

  /**
   * Asks every server of {@code zone}'s NS set for its SOA, as {@code dig +nssearch} does: the NS
   * set comes from a trace of {@code zone}/NS, the SOA is asked of each address of each server.
   *
   * @return one step per answered SOA query (or failed server, with a null exchange)
   */
  public List<Step> nssearch(Name zone, List<InetSocketAddress> servers) {
    Trace trace = trace(zone, Type.NS, servers);
    List<Step> out = new ArrayList<>();
    if (!trace.complete()) {
      return out;
    }
    Map<Name, List<InetAddress>> ns = nsSet(trace.answer(), Section.ANSWER, zone);
    Walk walk = new Walk(Map.of(), new ArrayList<>());
    for (Map.Entry<Name, List<InetAddress>> e : ns.entrySet()) {
      List<InetAddress> addrs = e.getValue();
      if (addrs.isEmpty()) {
        addrs = walk.addressesOf(e.getKey(), 1, new HashSet<>(), trace);
      }
      for (InetAddress addr : addrs) {
        try {
          Exchange x =
              engine.exchange(
                  query(zone, Type.SOA, false), List.of(new InetSocketAddress(addr, port)));
          out.add(new Step(e.getKey().toString(), x));
        } catch (DnsException ex) {
          out.add(new Step(e.getKey().toString(), null));
        }
      }
    }
    return out;
  }

  private final class Walk {
    private final Map<Name, List<InetAddress>> roots;
    private final List<Step> steps;
    private int referrals;

    Walk(Map<Name, List<InetAddress>> roots, List<Step> steps) {
      this.roots = roots;
      this.steps = steps;
    }

    Trace resolve(Name name, int type, int depth, Set<Name> resolving) {
      Map<Name, List<InetAddress>> current = roots;
      Name cut = Name.root;
      while (true) {
        if (++referrals > MAX_REFERRALS) {
          return new Trace(steps, null, "too many referrals");
        }
        Exchange got = null;
        String gotName = null;
        Map<Name, List<InetAddress>> next = null;
        Name nextCut = null;
        for (Map.Entry<Name, List<InetAddress>> server : current.entrySet()) {
          List<InetAddress> addrs = server.getValue();
          if (addrs.isEmpty()) {
            addrs = addressesOf(server.getKey(), depth + 1, resolving, null);
          }
          for (InetAddress addr : addrs) {
            Exchange x;
            try {
              x =
                  engine.exchange(
                      query(name, type, false), List.of(new InetSocketAddress(addr, port)));
            } catch (DnsException e) {
              continue;
            }
            Message r = x.response();
            int rcode = r.getRcode();
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
              continue;
            }
            if (r.getHeader().getFlag(Flags.AA) || !r.getSection(Section.ANSWER).isEmpty()) {
              if (depth == 0) {
                steps.add(new Step(server.getKey().toString(), x));
              }
              return new Trace(steps, r, null);
            }
            Name referral = referralOwner(r);
            if (referral == null
                || !referral.subdomain(cut)
                || referral.equals(cut)
                || !name.subdomain(referral)) {
              continue; // lame: neither an answer nor a referral closer to the name
            }
            got = x;
            gotName = server.getKey().toString();
            nextCut = referral;
            next = nsSet(r, Section.AUTHORITY, referral);
            break;
          }
          if (got != null) {
            break;
          }
        }
        if (got == null) {
          return new Trace(steps, null, "no server for " + cut + " answered " + name);
        }
        if (depth == 0) {
          steps.add(new Step(gotName, got));
        }
        current = next;
        cut = nextCut;
      }
    }

    // Addresses of a glue-less NS name, by a walk of its own; empty on loops or at the bound.
    List<InetAddress> addressesOf(Name ns, int depth, Set<Name> resolving, Trace base) {
      if (depth > MAX_DEPTH || !resolving.add(ns)) {
        return List.of();
      }
      try {
        List<InetAddress> out = new ArrayList<>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
          Walk sub =
              new Walk(roots.isEmpty() && base != null ? rootsOf(base) : roots, new ArrayList<>());
          Trace t = sub.resolve(ns, type, depth, resolving);
          if (t.complete()) {
            out.addAll(addresses(t.answer(), ns));
          }
        }
        return out;
      } finally {
        resolving.remove(ns);
      }
    }
  }

  // The root NS set recorded in a trace's first step.
  private static Map<Name, List<InetAddress>> rootsOf(Trace trace) {
    Message first = trace.steps().getFirst().exchange().response();
    return nsSet(first, Section.ANSWER, Name.root);
  }

  private List<InetAddress> recursiveAddresses(Name ns, List<InetSocketAddress> servers) {
    List<InetAddress> out = new ArrayList<>();
    for (int type : new int[] {Type.A, Type.AAAA}) {
      try {
        out.addAll(addresses(engine.exchange(query(ns, type, true), servers).response(), ns));
      } catch (DnsException e) {
        // no address of this family
      }
    }
    return out;
  }

  private Message query(Name name, int type, boolean recurse) {
    Message q = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    if (!recurse) {
      q.getHeader().unsetFlag(Flags.RD);
    }
    q.addRecord(
        new org.xbill.DNS.OPTRecord(1232, 0, 0, dnssec ? org.xbill.DNS.ExtendedFlags.DO : 0),
        Section.ADDITIONAL);
    return q;
  }

  // The owner of the NS records in the authority section of a referral, or null.
  private static Name referralOwner(Message r) {
    for (Record rec : r.getSection(Section.AUTHORITY)) {
      if (rec.getType() == Type.NS) {
        return rec.getName();
      }
    }
    return null;
  }

  // NS names of owner in a section, each with the addresses the additional section gives it.
  private static Map<Name, List<InetAddress>> nsSet(Message r, int section, Name owner) {
    Map<Name, List<InetAddress>> out = new LinkedHashMap<>();
    for (Record rec : r.getSection(section)) {
      if (rec instanceof NSRecord ns && rec.getName().equals(owner)) {
        out.put(ns.getTarget(), new ArrayList<>());
      }
    }
    for (Record rec : r.getSection(Section.ADDITIONAL)) {
      List<InetAddress> addrs = out.get(rec.getName());
      if (addrs != null) {
        if (rec instanceof ARecord a) {
          addrs.add(a.getAddress());
        } else if (rec instanceof AAAARecord a) {
          addrs.add(a.getAddress());
        }
      }
    }
    return out;
  }

  private static List<InetAddress> addresses(Message r, Name owner) {
    List<InetAddress> out = new ArrayList<>();
    for (Record rec : r.getSection(Section.ANSWER)) {
      if (rec instanceof ARecord a) {
        out.add(a.getAddress());
      } else if (rec instanceof AAAARecord a) {
        out.add(a.getAddress());
      }
    }
    return out;
  }

  private static String hostText(InetSocketAddress a) {
    return a.getAddress().getHostAddress();
  }
}
