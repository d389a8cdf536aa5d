package dev.netdiag.cli.diagnose;

import dev.netdiag.cli.Output;
import dev.netdiag.diagnose.CheckResult;
import dev.netdiag.diagnose.CheckStatus;
import dev.netdiag.diagnose.Diagnosis;
import dev.netdiag.diagnose.Finding;
import dev.netdiag.diagnose.Target;
import dev.netdiag.diagnose.Verdict;

/**
 * diagnose's text: a header, then each check as it ends (status, summary, evidence, the plain
 * command behind it, and each finding with its code), then the verdict line.
 */
final class DiagnoseText {
  private static final String INDENT = "            ";

  private DiagnoseText() {}

  static void header(Target target, Output out) {
    out.text("diagnose ")
        .line(target.local() ? "this host, port " + target.port() : target.display());
    out.flush();
  }

  static void check(CheckResult result, Output out) {
    out.padRight(result.layer().word(), 10);
    String status = result.status() == CheckStatus.PROBLEM ? "PROBLEM" : result.status().word();
    out.padRight(status, 9).line(result.summary());
    if (result.findings().isEmpty()) {
      for (String line : result.evidence()) {
        out.text(INDENT).line(line);
      }
      if (result.command() != null) {
        out.text(INDENT).text("$ ").line(result.command());
      }
    } else {
      for (String line : result.evidence()) {
        boolean quoted = result.findings().stream().anyMatch(f -> f.evidence().contains(line));
        if (!quoted || result.findings().size() == 1) {
          out.text(INDENT).line(line);
        }
      }
      for (Finding finding : result.findings()) {
        out.text(INDENT).text("finding ").text(finding.code().code()).text(": ");
        out.line(finding.summary());
        if (result.findings().size() > 1) {
          for (String line : finding.evidence()) {
            out.text(INDENT).text("  ").line(line);
          }
        }
        out.text(INDENT).text("  $ ").line(finding.command());
      }
    }
    out.flush();
  }

  static void verdict(Diagnosis diagnosis, Output out) {
    Verdict verdict = diagnosis.verdict();
    out.text("verdict: ");
    if (verdict.ok()) {
      out.text("ok: ").line(verdict.summary());
    } else {
      out.text(verdict.layer().word()).text(": ").text(verdict.code()).text(": ");
      out.line(verdict.summary());
    }
  }
}
