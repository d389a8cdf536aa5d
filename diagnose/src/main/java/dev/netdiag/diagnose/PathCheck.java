package dev.netdiag.diagnose;

import dev.netdiag.linux.AddressText;
import dev.netdiag.linux.ConnectOutcome;
import dev.netdiag.linux.NativeException;
import dev.netdiag.linux.ParallelConnect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Path: a TCP connect to every address at once (the probe's engine), each outcome named: open,
 * refused, filtered (SYN timed out) or unreachable. The path works when any address is open, as
 * applications fall back from one address to the next.
 */
public final class PathCheck implements Check {
  @Override
  public Layer layer() {
    return Layer.PATH;
  }

  @Override
  public CheckResult run(DiagnoseState state) {
    long start = System.nanoTime();
    List<InetAddress> addresses = state.addresses();
    if (addresses.isEmpty()) {
      return CheckResult.skipped(Layer.PATH, "no address to connect to", 0);
    }
    int port = state.target().port();
    List<InetSocketAddress> endpoints = new ArrayList<>();
    for (InetAddress address : addresses) {
      endpoints.add(new InetSocketAddress(address, port));
    }
    List<ConnectOutcome> outcomes;
    try {
      outcomes = ParallelConnect.run(endpoints, null, state.options().timeout());
    } catch (NativeException e) {
      return CheckResult.skipped(Layer.PATH, "cannot connect: " + e.getMessage(), 0);
    }
    List<AddressProbe> probes = new ArrayList<>();
    for (ConnectOutcome outcome : outcomes) {
      probes.add(ConnectProbe.classify(outcome, state.options().timeout()));
    }
    CheckResult result = judge(state.target(), probes, System.nanoTime() - start);
    AuthorityLookup.Answer authority = state.authority();
    if (result.status() != CheckStatus.PROBLEM
        || authority == null
        || !authority.resolves()
        || !NameCheck.disjoint(authority.addresses(), addresses)) {
      return result;
    }
    // Every address applications got fails, and the name's own servers name others: the
    // resolver's answer, not the network, is what is wrong.
    List<String> evidence = new ArrayList<>(result.evidence());
    evidence.add(
        "authority for "
            + authority.name()
            + " ("
            + authority.server()
            + "): "
            + authority.outcome());
    Finding stale =
        new Finding.Name(
            FindingCode.DNS_MISMATCH,
            state.target().host()
                + ": every address applications get fails, while its authoritative servers answer "
                + authority.outcome()
                + ": the resolver's answer is stale (a cache not yet expired) or a split-horizon"
                + " view",
            evidence,
            "dig +trace " + authority.name());
    List<Finding> findings = new ArrayList<>(result.findings());
    findings.add(stale);
    return new CheckResult(
        Layer.PATH,
        CheckStatus.PROBLEM,
        result.summary(),
        evidence,
        result.command(),
        findings,
        result.nanos());
  }

  /** The check's result for these connect outcomes; public for tests on recorded outcomes. */
  public static CheckResult judge(Target target, List<AddressProbe> probes, long nanos) {
    String command = "netdiag probe " + probeTarget(target);
    List<String> evidence = new ArrayList<>();
    AddressProbe firstFailure = null;
    int open = 0;
    for (AddressProbe probe : probes) {
      evidence.add(
          endpoint(probe.address())
              + " "
              + probe.status().word()
              + " in "
              + NameCheck.millis(probe.nanos())
              + " ms: "
              + probe.detail()
              + (probe.errno().code() == 0 ? "" : " (" + probe.errno().name() + ")"));
      if (probe.status() == ProbeStatus.OPEN) {
        open++;
      } else if (firstFailure == null) {
        firstFailure = probe;
      }
    }
    if (open > 0) {
      return new CheckResult(
          Layer.PATH,
          CheckStatus.OK,
          open
              + " of "
              + probes.size()
              + (probes.size() == 1 ? " address" : " addresses")
              + " open",
          evidence,
          command,
          List.of(),
          nanos);
    }
    FindingCode code =
        switch (firstFailure.status()) {
          case REFUSED -> FindingCode.REFUSED;
          case TIMEOUT -> FindingCode.FILTERED;
          default -> FindingCode.UNREACHABLE;
        };
    String summary =
        switch (code) {
          case REFUSED ->
              endpoint(firstFailure.address())
                  + " refused the connection: nothing listens there, or a firewall rejects with"
                  + " a reset";
          case FILTERED ->
              endpoint(firstFailure.address())
                  + " did not answer: a firewall drops the SYN on the way, or the host is down";
          default -> endpoint(firstFailure.address()) + " is unreachable: " + firstFailure.detail();
        };
    Finding finding = new Finding.Path(code, summary, evidence, command);
    return new CheckResult(
        Layer.PATH, CheckStatus.PROBLEM, summary, evidence, command, List.of(finding), nanos);
  }

  private static String probeTarget(Target target) {
    return target.local() ? "localhost:" + target.port() : target.display();
  }

  static String endpoint(InetSocketAddress address) {
    String text = AddressText.format(address.getAddress());
    return address.getAddress().getAddress().length == 16
        ? "[" + text + "]:" + address.getPort()
        : text + ":" + address.getPort();
  }
}
