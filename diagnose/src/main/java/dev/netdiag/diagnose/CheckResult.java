package dev.netdiag.diagnose;

import java.util.List;

/**
 * What one check saw: its status, a one-line summary, the evidence lines, the plain command that
 * shows the same, its findings, and how long it took.
 */
public record CheckResult(
    Layer layer,
    CheckStatus status,
    String summary,
    List<String> evidence,
    String command,
    List<Finding> findings,
    long nanos) {
  public CheckResult {
    evidence = List.copyOf(evidence);
    findings = List.copyOf(findings);
  }

  /** A check that did not run, and why. */
  public static CheckResult skipped(Layer layer, String why, long nanos) {
    return new CheckResult(layer, CheckStatus.SKIPPED, why, List.of(), null, List.of(), nanos);
  }
}
