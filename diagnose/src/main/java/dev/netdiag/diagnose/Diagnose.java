package dev.netdiag.diagnose;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The troubleshooting flow in one call: name, path, listener, firewall, health, in that order, each
 * result handed to the caller as soon as it is known (so a renderer prints checks as they run),
 * then the verdict.
 */
public final class Diagnose {
  private Diagnose() {}

  /** The checks in the order they run. */
  public static List<Check> checks() {
    return List.of(
        new NameCheck(),
        new PathCheck(),
        new ListenerCheck(),
        new FirewallCheck(),
        new HealthCheck());
  }

  /** Runs every check; progress receives each result when its check ends. */
  public static Diagnosis run(
      Target target, DiagnoseOptions options, Consumer<CheckResult> progress)
      throws InterruptedException {
    long start = System.nanoTime();
    DiagnoseState state = new DiagnoseState(target, options);
    List<CheckResult> results = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (Check check : checks()) {
      CheckResult result = check.run(state);
      if (check.layer() == Layer.NAME) {
        state.localAddresses(target.local() ? state.addresses() : local(state.addresses()));
      }
      results.add(result);
      findings.addAll(result.findings());
      progress.accept(result);
    }
    String okSummary =
        target.display().startsWith(":")
            ? "port " + target.port() + " on this host accepts connections"
            : target.display() + " accepts connections";
    return new Diagnosis(
        target, results, findings, Verdict.of(findings, okSummary), System.nanoTime() - start);
  }

  /** The addresses that belong to one of this host's interfaces (loopback included). */
  static List<InetAddress> local(List<InetAddress> addresses) {
    List<InetAddress> local = new ArrayList<>();
    try {
      List<InetAddress> own = new ArrayList<>();
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        own.addAll(Collections.list(nic.getInetAddresses()));
      }
      for (InetAddress address : addresses) {
        if (address.isLoopbackAddress()
            || own.stream()
                .anyMatch(o -> java.util.Arrays.equals(o.getAddress(), address.getAddress()))) {
          local.add(address);
        }
      }
    } catch (SocketException e) {
      // Without the interface list, only loopback is known to be local.
      addresses.stream().filter(InetAddress::isLoopbackAddress).forEach(local::add);
    }
    return local;
  }
}
