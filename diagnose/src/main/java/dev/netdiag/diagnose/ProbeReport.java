package dev.netdiag.diagnose;

import dev.netdiag.linux.Resolution;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * A whole probe: the target, how its name resolved, and each address's connect result.
 *
 * @param source the local address connects were bound to, or null
 */
public record ProbeReport(
    Target target,
    Resolution resolution,
    List<AddressProbe> results,
    Duration timeout,
    InetAddress source) {
  public ProbeReport {
    results = List.copyOf(results);
  }

  /** True when at least one address accepted the connection. */
  public boolean open() {
    return results.stream().anyMatch(r -> r.status() == ProbeStatus.OPEN);
  }

  /** How the name lookup ended. */
  public ResolutionStatus resolutionStatus() {
    return ResolutionStatus.of(resolution);
  }

  /**
   * One word for the whole probe: "open" when any address is open; the lookup's status when the
   * name did not resolve; the common status when every address failed alike; else "failed".
   */
  public String verdict() {
    if (open()) {
      return ProbeStatus.OPEN.word();
    }
    if (results.isEmpty()) {
      return resolutionStatus().word();
    }
    ProbeStatus first = results.getFirst().status();
    for (AddressProbe result : results) {
      if (result.status() != first) {
        return "failed";
      }
    }
    return first.word();
  }
}
