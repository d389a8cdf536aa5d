package dev.netdiag.diagnose;

import dev.netdiag.dns.DnsException;
import dev.netdiag.dns.ResolvConf;
import dev.netdiag.linux.AddressFamily;
import dev.netdiag.linux.AddressResolver;
import dev.netdiag.linux.AddressText;
import dev.netdiag.linux.GaiStatus;
import dev.netdiag.linux.NativeException;
import dev.netdiag.linux.Resolution;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Rcode;

/**
 * Name: what the application resolves (getaddrinfo through NSS: /etc/hosts, nsswitch.conf, the stub
 * resolver), with the failure named as a dns-* finding, compared with DNS alone (the resolv.conf
 * servers, or --dns-server) and with the name's authoritative servers reached by an iterative walk
 * through the search list as the stub resolver applies it.
 */
public final class NameCheck implements Check {
  // glibc answers EAI_AGAIN both for a SERVFAIL and for a server that never answered; the wait
  // tells them apart: a failure that came back fast was an answer.
  private static final long QUICK_FAILURE_NANOS = 1_000_000_000L;

  // Set when the comparison server did not answer: the authority walk starts there, so it is
  // skipped rather than waiting out the same silence again.
  private boolean serverSilent;

  @Override
  public Layer layer() {
    return Layer.NAME;
  }

  @Override
  public CheckResult run(DiagnoseState state) {
    long start = System.nanoTime();
    Target target = state.target();
    AddressFamily family = state.options().family();
    if (target.local()) {
      List<InetAddress> loopback = new ArrayList<>();
      if (family != AddressFamily.INET6) {
        loopback.add(AddressText.parse("127.0.0.1"));
      }
      if (family != AddressFamily.INET) {
        loopback.add(AddressText.parse("::1"));
      }
      state.addresses(loopback);
      return CheckResult.skipped(
          Layer.NAME, ":" + target.port() + " is this host: no name to resolve", elapsed(start));
    }
    InetAddress literal = AddressText.parse(target.host());
    if (literal != null) {
      state.addresses(List.of(literal));
      return new CheckResult(
          Layer.NAME,
          CheckStatus.OK,
          target.host() + " is an address literal: no lookup",
          List.of(),
          null,
          List.of(),
          elapsed(start));
    }
    String command = "getent ahosts " + target.host();
    Resolution resolution;
    try {
      resolution = AddressResolver.resolve(target.host(), family, state.options().timeout());
    } catch (NativeException e) {
      return CheckResult.skipped(Layer.NAME, "cannot call getaddrinfo: " + e.getMessage(), 0);
    }
    state.resolution(resolution);
    List<String> evidence = new ArrayList<>();
    String hostsLine = hostsFileLine(state, target.host());
    if (resolution.resolved()) {
      state.addresses(resolution.addresses());
      evidence.add(
          "getaddrinfo: "
              + String.join(", ", resolution.addresses().stream().map(AddressText::format).toList())
              + canonical(resolution, target.host())
              + " in "
              + millis(resolution.nanos())
              + " ms");
      if (hostsLine != null) {
        evidence.add("answered from " + hostsLine);
      }
      if (resolution.addresses().stream().allMatch(a -> a instanceof Inet6Address)
          && family == AddressFamily.UNSPEC) {
        evidence.add("IPv6 only: clients without IPv6 connectivity cannot reach this name");
      }
      Problem problem = compareWithDns(state, resolution, hostsLine, evidence);
      Problem fromAuthority =
          serverSilent
              ? null
              : compareWithAuthority(state, resolution, hostsLine, problem != null, evidence);
      problem = problem != null ? problem : fromAuthority;
      if (problem != null) {
        Finding mismatch =
            new Finding.Name(problem.code(), problem.summary(), evidence, problem.command());
        return new CheckResult(
            Layer.NAME,
            CheckStatus.PROBLEM,
            mismatch.summary(),
            evidence,
            mismatch.command(),
            List.of(mismatch),
            elapsed(start));
      }
      return new CheckResult(
          Layer.NAME,
          CheckStatus.OK,
          target.host() + " resolves to " + evidence.getFirst().substring("getaddrinfo: ".length()),
          evidence,
          command,
          List.of(),
          elapsed(start));
    }
    Finding finding = failure(target.host(), resolution, hostsLine, command, state);
    if (finding.code() != FindingCode.DNS_TIMEOUT && !isLocalhost(target.host())) {
      // Does the name exist where it is defined? Then the resolver, not the zone, is wrong.
      List<String> withAuthority = new ArrayList<>(finding.evidence());
      AuthorityLookup.Answer authority = authority(state, resolvConf(state), withAuthority);
      if (authority != null && authority.resolves()) {
        withAuthority.add(
            "the authoritative servers have the name: the resolver's answer is wrong (a stale"
                + " negative cache, a filtering resolver or a split-horizon view)");
      }
      finding = new Finding.Name(finding.code(), finding.summary(), withAuthority, command);
    }
    return new CheckResult(
        Layer.NAME,
        CheckStatus.PROBLEM,
        finding.summary(),
        finding.evidence(),
        command,
        List.of(finding),
        elapsed(start));
  }

  /** A finding still without its evidence, which is complete only when every source was asked. */
  private record Problem(FindingCode code, String summary, String command) {}

  // RFC 6761: localhost is never a DNS question.
  private static boolean isLocalhost(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.equals("localhost") || lower.endsWith(".localhost");
  }

  /**
   * Asks the resolv.conf servers alone (or --dns-server) and compares: a dns-mismatch finding when
   * DNS answers other addresses than NSS did, else null (with what DNS said added to the evidence).
   */
  private Problem compareWithDns(
      DiagnoseState state, Resolution nss, String hostsLine, List<String> evidence) {
    String host = state.target().host();
    if (isLocalhost(host)) {
      return null;
    }
    if (state.options().dnsServer() != null) {
      return compareWithServer(state, nss, hostsLine, evidence);
    }
    Resolution dns;
    try {
      dns =
          DnsOnlyLookup.resolve(
              host,
              state.options().family(),
              state.options().timeout(),
              state.options().nsswitchFile());
    } catch (NativeException e) {
      evidence.add("not compared with DNS: " + e.getMessage());
      return null;
    }
    String dnsCommand = "getent -s hosts:dns ahosts " + host;
    if (!dns.resolved()) {
      serverSilent = dns.timedOut();
      evidence.add(
          "DNS alone (resolv.conf servers): "
              + (dns.timedOut() ? "no answer in time" : dns.status().name())
              + (hostsLine != null ? ": the name exists only in /etc/hosts" : ""));
      return null;
    }
    evidence.add(
        "DNS alone (resolv.conf servers, glibc's dns module): "
            + String.join(", ", dns.addresses().stream().map(AddressText::format).toList()));
    return mismatch(
        host,
        nss.addresses(),
        dns.addresses(),
        "DNS",
        hostsLine,
        "another NSS source or a stale cache answers differently from DNS",
        dnsCommand);
  }

  /**
   * A dns-mismatch finding when NSS and DNS give different address sets, else null. The reason
   * names the /etc/hosts line when the file has the name, else the given one.
   */
  private static Problem mismatch(
      String host,
      List<InetAddress> fromNss,
      List<InetAddress> fromDns,
      String dnsName,
      String hostsLine,
      String otherwise,
      String command) {
    if (new HashSet<>(fromNss).equals(new HashSet<>(fromDns))) {
      return null;
    }
    String why =
        hostsLine != null ? "an /etc/hosts entry overrides DNS (" + hostsLine + ")" : otherwise;
    return new Problem(
        FindingCode.DNS_MISMATCH,
        host + ": applications get other addresses than " + dnsName + " has: " + why,
        command);
  }

  /**
   * Asks --dns-server directly (A and AAAA) and compares with what NSS gave applications: a server
   * that does not know the name, fails, or answers other addresses is a finding.
   */
  private Problem compareWithServer(
      DiagnoseState state, Resolution nss, String hostsLine, List<String> evidence) {
    String host = state.target().host();
    String server = state.options().dnsServer();
    InetAddress serverAddress = AddressText.parse(server);
    String command = "dig @" + server + " " + host + " A " + host + " AAAA";
    DnsServerLookup.Answer answer =
        DnsServerLookup.ask(
            host, state.options().family(), serverAddress, state.options().timeout());
    String who = "DNS server " + server;
    if (!answer.answered()) {
      serverSilent = true;
      evidence.add(who + ": " + answer.failure());
      return new Problem(
          FindingCode.DNS_TIMEOUT,
          host + ": the DNS server " + server + " gave no answer: " + answer.failure(),
          command);
    }
    if (answer.rcode() == Rcode.NXDOMAIN) {
      evidence.add(who + ": NXDOMAIN");
      String why =
          hostsLine != null
              ? "only an /etc/hosts entry makes it resolve (" + hostsLine + ")"
              : "applications still get addresses from another NSS source or a cache";
      return new Problem(
          FindingCode.DNS_MISMATCH,
          host + " does not exist on " + server + ", but " + why,
          command);
    }
    if (answer.rcode() != Rcode.NOERROR) {
      evidence.add(who + ": " + Rcode.string(answer.rcode()));
      return new Problem(
          FindingCode.DNS_SERVFAIL,
          host + ": the DNS server " + server + " answers " + Rcode.string(answer.rcode()),
          command);
    }
    evidence.add(
        who
            + ": "
            + (answer.addresses().isEmpty()
                ? "no A/AAAA record"
                : String.join(
                    ", ", answer.addresses().stream().map(AddressText::format).toList())));
    return mismatch(
        host,
        nss.addresses(),
        answer.addresses(),
        server,
        hostsLine,
        "another NSS source, the resolv.conf servers or a stale cache answer differently",
        command);
  }

  /**
   * Asks the name's authoritative servers (an iterative walk, as `dig +trace`) and compares with
   * what applications got ({@code explained}: the DNS comparison already found the problem): a name
   * the authority does not have (or has without addresses) while the resolver still answers it, or
   * a search-list expansion that differs from the name as typed, is a dns-mismatch. Other address
   * sets are evidence only: CDNs and round-robin names answer differently per asker, and the path
   * check names a stale answer when the connect fails.
   */
  private static Problem compareWithAuthority(
      DiagnoseState state,
      Resolution nss,
      String hostsLine,
      boolean explained,
      List<String> evidence) {
    String host = state.target().host();
    if (isLocalhost(host)) {
      return null;
    }
    ResolvConf conf = resolvConf(state);
    AuthorityLookup.Answer authority = authority(state, conf, evidence);
    if (authority == null) {
      if (host.indexOf('.') < 0
          && nss.canonicalName() != null
          && nss.canonicalName().indexOf('.') > 0) {
        evidence.add("a short name: resolved through the search list as " + nss.canonicalName());
      }
      return null;
    }
    if (hostsLine == null && !explained) {
      // For the path check: failing addresses the authority does not give are a stale answer.
      // Not when /etc/hosts or the DNS comparison already explains the addresses.
      state.authority(authority);
    }
    String typed = typed(host);
    if (!authority.name().equalsIgnoreCase(typed)) {
      long dots = typed.chars().filter(c -> c == '.').count();
      String why =
          "the search list turned "
              + host
              + " into "
              + authority.name()
              + " (a name with "
              + dots
              + (dots == 1 ? " dot" : " dots")
              + ", ndots:"
              + conf.ndots()
              + ")";
      evidence.add(why);
      if (dots > 0 && dots < conf.ndots()) {
        // Tried with the search domains first: does the name as typed mean something else?
        AuthorityLookup.Answer asTyped =
            AuthorityLookup.ask(
                typed, state.options().family(), roots(state, conf), state.options().timeout());
        if (asTyped.resolves() && disjoint(asTyped.addresses(), nss.addresses())) {
          evidence.add("authority for " + typed + " as typed: " + asTyped.outcome());
          return new Problem(
              FindingCode.DNS_MISMATCH,
              host
                  + ": applications reach "
                  + authority.name()
                  + ", not "
                  + typed
                  + ": "
                  + why
                  + ", and the two names have different addresses",
              "dig +trace " + typed);
        }
      }
    }
    if (hostsLine != null || authority.resolves()) {
      // An /etc/hosts entry was judged against DNS already; other address sets are not a fault.
      if (authority.resolves() && disjoint(authority.addresses(), nss.addresses())) {
        evidence.add(
            "the authoritative servers answer other addresses than applications get: normal for"
                + " CDNs and round-robin names, a stale cache when the connect fails");
      }
      return null;
    }
    return new Problem(
        FindingCode.DNS_MISMATCH,
        host
            + (authority.rcode() == Rcode.NXDOMAIN
                ? " does not exist at its authoritative servers"
                : " has no A/AAAA record at its authoritative servers")
            + " ("
            + authority.server()
            + "), but the resolver still answers it: a stale cache or a split-horizon view",
        "dig +trace " + authority.name());
  }

  /**
   * The authority's answer for the host through the search list, with its evidence line; null when
   * it was not reached (with a line saying why).
   */
  private static AuthorityLookup.Answer authority(
      DiagnoseState state, ResolvConf conf, List<String> evidence) {
    String host = state.target().host();
    AuthorityLookup.Answer answer =
        AuthorityLookup.search(
            AuthorityLookup.candidates(host, conf),
            typed(host),
            state.options().family(),
            roots(state, conf),
            state.options().timeout());
    if (!answer.reached()) {
      evidence.add(
          "authoritative servers not reached (dig +trace " + host + "): " + answer.failure());
      return null;
    }
    evidence.add(
        "authority for " + answer.name() + " (" + answer.server() + "): " + answer.outcome());
    return answer;
  }

  /** Where the walk gets the root NS set: --dns-server, else the resolv.conf servers. */
  private static List<InetSocketAddress> roots(DiagnoseState state, ResolvConf conf) {
    List<String> servers =
        state.options().dnsServer() != null
            ? List.of(state.options().dnsServer())
            : conf.serversOrLocalhost();
    List<InetSocketAddress> out = new ArrayList<>();
    for (String server : servers) {
      int scope = server.indexOf('%');
      InetAddress address = AddressText.parse(scope < 0 ? server : server.substring(0, scope));
      if (address != null) {
        out.add(new InetSocketAddress(address, 53));
      }
    }
    return out;
  }

  private static ResolvConf resolvConf(DiagnoseState state) {
    try {
      return ResolvConf.read(state.options().resolvConf());
    } catch (DnsException e) {
      return ResolvConf.parse("");
    }
  }

  private static String typed(String host) {
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  static boolean disjoint(List<InetAddress> a, List<InetAddress> b) {
    return a.stream().noneMatch(new HashSet<>(b)::contains);
  }

  /** The finding for a lookup that returned no address. */
  static Finding failure(
      String host, Resolution resolution, String hostsLine, String command, DiagnoseState state) {
    List<String> evidence = new ArrayList<>();
    GaiStatus status = resolution.status();
    if (resolution.timedOut()) {
      evidence.add(
          "getaddrinfo gave no answer within "
              + DurationText.format(state.options().timeout())
              + " (the --timeout)");
      return new Finding.Name(
          FindingCode.DNS_TIMEOUT,
          host + ": the name lookup timed out: no DNS server answered in time",
          evidence,
          command);
    }
    evidence.add(
        "getaddrinfo: "
            + status.name()
            + " ("
            + status.message()
            + ") after "
            + millis(resolution.nanos())
            + " ms");
    if (hostsLine != null) {
      evidence.add("listed in " + hostsLine + ", but not for the asked family");
    }
    int code = status.code();
    if (code == GaiStatus.NONAME.code()) {
      return new Finding.Name(
          FindingCode.DNS_NXDOMAIN,
          host + " does not exist: NXDOMAIN from DNS and no /etc/hosts entry",
          evidence,
          command);
    }
    if (code == GaiStatus.NODATA.code()
        || code == GaiStatus.ADDRFAMILY.code()
        || (code == 0 && resolution.addresses().isEmpty())) {
      return new Finding.Name(
          FindingCode.DNS_NO_ADDRESS,
          host
              + " exists but has no "
              + familyWords(state.options().family())
              + " address (no A/AAAA record)",
          evidence,
          command);
    }
    if (code == GaiStatus.AGAIN.code() && resolution.nanos() >= QUICK_FAILURE_NANOS) {
      evidence.add(
          "the failure took " + millis(resolution.nanos()) + " ms: servers did not answer");
      return new Finding.Name(
          FindingCode.DNS_TIMEOUT,
          host + ": DNS timed out: no server in resolv.conf answered",
          evidence,
          command);
    }
    if (code == GaiStatus.AGAIN.code() || code == GaiStatus.FAIL.code()) {
      evidence.add(
          "the failure came back at once: a server answered SERVFAIL or REFUSED, or none listens");
      return new Finding.Name(
          FindingCode.DNS_SERVFAIL,
          host + ": DNS failed (SERVFAIL): the server could not answer for this name",
          evidence,
          command);
    }
    return new Finding.Name(
        FindingCode.DNS_SERVFAIL,
        host + ": name resolution failed: " + status.message(),
        evidence,
        command);
  }

  private static String familyWords(AddressFamily family) {
    return switch (family) {
      case INET -> "IPv4";
      case INET6 -> "IPv6";
      default -> "IPv4 or IPv6";
    };
  }

  /** "/etc/hosts line N: text" when the hosts file names the host, else null. */
  static String hostsFileLine(DiagnoseState state, String host) {
    try {
      List<String> lines = Files.readAllLines(state.options().hostsFile());
      String wanted = host.toLowerCase(Locale.ROOT);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        int hash = line.indexOf('#');
        String content = hash >= 0 ? line.substring(0, hash) : line;
        String[] fields = content.trim().split("\\s+");
        for (int f = 1; f < fields.length; f++) {
          if (fields[f].toLowerCase(Locale.ROOT).equals(wanted)) {
            return state.options().hostsFile() + " line " + (i + 1) + ": " + line.strip();
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // An unreadable hosts file leaves the evidence without it.
    }
    return null;
  }

  private static String canonical(Resolution resolution, String host) {
    String name = resolution.canonicalName();
    return name == null || name.equalsIgnoreCase(host) ? "" : " (canonical name " + name + ")";
  }

  static String millis(long nanos) {
    long micros = nanos / 1000;
    return micros < 10_000
        ? String.format(Locale.ROOT, "%.2f", micros / 1000.0)
        : Long.toString(micros / 1000);
  }

  private static long elapsed(long start) {
    return System.nanoTime() - start;
  }
}
