package dev.netdiag.diagnose;

import dev.netdiag.linux.AddressFamily;
import dev.netdiag.linux.AddressResolver;
import dev.netdiag.linux.AddressText;
import dev.netdiag.linux.ConnectOutcome;
import dev.netdiag.linux.Errno;
import dev.netdiag.linux.GaiStatus;
import dev.netdiag.linux.NativeException;
import dev.netdiag.linux.ParallelConnect;
import dev.netdiag.linux.Resolution;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The client-side connect test: resolve the name as applications do (getaddrinfo), connect to every
 * address at once, and name each outcome.
 */
public final class ConnectProbe {
  private ConnectProbe() {}

  /**
   * Options of a probe.
   *
   * @param family INET or INET6 to restrict, UNSPEC for both
   * @param source local address to connect from, or null
   * @param timeout how long to wait for each connect
   * @param resolveTimeout how long to wait for the name lookup
   */
  public record Options(
      AddressFamily family, InetAddress source, Duration timeout, Duration resolveTimeout) {}

  /** Resolves and connects; throws only when the source address cannot be used. */
  public static ProbeReport run(Target target, Options options) throws NativeException {
    Resolution resolution = literal(target.host(), options.family());
    if (resolution == null) {
      resolution =
          AddressResolver.resolve(target.host(), options.family(), options.resolveTimeout());
    }
    if (!resolution.resolved()) {
      return new ProbeReport(target, resolution, List.of(), options.timeout(), options.source());
    }
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (InetAddress address : resolution.addresses()) {
      addresses.add(new InetSocketAddress(address, target.port()));
    }
    List<ConnectOutcome> outcomes =
        ParallelConnect.run(addresses, options.source(), options.timeout());
    List<AddressProbe> results = new ArrayList<>(outcomes.size());
    for (ConnectOutcome outcome : outcomes) {
      results.add(classify(outcome, options.timeout()));
    }
    return new ProbeReport(target, resolution, results, options.timeout(), options.source());
  }

  /**
   * An address literal of the asked family (or of any, unasked) as getaddrinfo answers it: itself,
   * its canonical name the text as given. Answered here, without the lookup thread and the link of
   * getaddrinfo (15-20 ms of a probe). A scoped IPv6 literal, another family's literal and anything
   * else (glibc also takes inet_aton's forms, "127.1") go to getaddrinfo; null for those.
   */
  static Resolution literal(String host, AddressFamily family) {
    long start = System.nanoTime();
    InetAddress address = host.indexOf('%') >= 0 ? null : AddressText.parse(host);
    if (address == null
        || (family != AddressFamily.UNSPEC && AddressFamily.of(address) != family)) {
      return null;
    }
    return new Resolution(
        host, List.of(address), host, GaiStatus.OK, false, System.nanoTime() - start);
  }

  /** Names a connect outcome. */
  public static AddressProbe classify(ConnectOutcome outcome, Duration timeout) {
    InetSocketAddress address = outcome.target();
    long nanos = outcome.nanos();
    Errno errno = outcome.errno();
    if (outcome.connected()) {
      return new AddressProbe(address, ProbeStatus.OPEN, errno, nanos, "connection accepted");
    }
    if (outcome.timedOut() || errno.equals(Errno.ETIMEDOUT)) {
      return new AddressProbe(
          address,
          ProbeStatus.TIMEOUT,
          outcome.timedOut() ? Errno.NONE : errno,
          nanos,
          "no answer within "
              + DurationText.format(timeout)
              + ": filtered (SYN dropped on the way) or host down");
    }
    int code = errno.code();
    if (code == Errno.ECONNREFUSED.code()) {
      return new AddressProbe(
          address,
          ProbeStatus.REFUSED,
          errno,
          nanos,
          "connection refused (RST): nothing listening, or a firewall rejecting with reset");
    }
    if (code == Errno.EHOSTUNREACH.code()) {
      return new AddressProbe(
          address,
          ProbeStatus.UNREACHABLE,
          errno,
          nanos,
          "no route to host: ICMP host unreachable or administratively prohibited (firewall"
              + " reject), or the host does not answer ARP/ND");
    }
    if (code == Errno.ENETUNREACH.code()) {
      return new AddressProbe(
          address,
          ProbeStatus.UNREACHABLE,
          errno,
          nanos,
          "network is unreachable: no route to that network");
    }
    if (code == Errno.EHOSTDOWN.code() || code == Errno.ENETDOWN.code()) {
      return new AddressProbe(address, ProbeStatus.UNREACHABLE, errno, nanos, errno.message());
    }
    if (code == Errno.EPERM.code() || code == Errno.EACCES.code()) {
      return new AddressProbe(
          address,
          ProbeStatus.UNREACHABLE,
          errno,
          nanos,
          "blocked on this host: a local firewall rule (output) or policy refused the packet");
    }
    return new AddressProbe(
        address, ProbeStatus.ERROR, errno, nanos, errno.message() + " (" + errno.name() + ")");
  }
}
