package dev.netdiag.diagnose;

import java.util.List;

/** A whole diagnose run: the target, each check's result in order, every finding, the verdict. */
public record Diagnosis(
    Target target, List<CheckResult> checks, List<Finding> findings, Verdict verdict, long nanos) {
  public Diagnosis {
    checks = List.copyOf(checks);
    findings = List.copyOf(findings);
  }
}
