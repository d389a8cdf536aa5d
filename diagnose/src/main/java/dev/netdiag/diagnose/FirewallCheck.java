package dev.netdiag.diagnose;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Firewall: this host's rules, when they can be read (nftables through `nft -j`, and
 * `iptables-save` when installed), searched for a rule that drops or rejects TCP to the port on the
 * way the target's traffic takes: the input side for a target on this host, the output side for a
 * remote one. Chains without a hook (jump targets) are searched on both.
 */
public final class FirewallCheck implements Check {
  private static final Set<String> INBOUND = Set.of("input", "prerouting", "");
  private static final Set<String> OUTBOUND = Set.of("output", "postrouting", "");

  @Override
  public Layer layer() {
    return Layer.FIREWALL;
  }

  @Override
  public CheckResult run(DiagnoseState state) throws InterruptedException {
    long start = System.nanoTime();
    int port = state.target().port();
    List<FirewallRule> rules = new ArrayList<>();
    List<String> read = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    if (BoundedCommand.installed("nft")) {
      BoundedCommand.Output json =
          new BoundedCommand(List.of("nft", "-j", "list", "ruleset"), state.options().timeout())
              .run();
      BoundedCommand.Output text =
          json.exitCode() == 0
              ? new BoundedCommand(
                      List.of("nft", "-a", "list", "ruleset"), state.options().timeout())
                  .run()
              : json;
      if (json.exitCode() == 0 && text.exitCode() == 0) {
        try {
          rules.addAll(NftRuleset.blocking(json.stdout(), text.stdout(), port));
          read.add("nftables ruleset (nft -j list ruleset)");
        } catch (IOException e) {
          unreadable.add("nft -j list ruleset printed no valid JSON: " + e.getMessage());
        }
      } else {
        unreadable.add("nft list ruleset failed: " + firstLine(json.stderr()));
      }
    }
    if (BoundedCommand.installed("iptables-save")) {
      BoundedCommand.Output save =
          new BoundedCommand(List.of("iptables-save"), state.options().timeout()).run();
      if (save.exitCode() == 0) {
        rules.addAll(IptablesRules.blocking(save.stdout(), port, "iptables-save"));
        read.add("iptables rules (iptables-save)");
      } else {
        unreadable.add("iptables-save failed: " + firstLine(save.stderr()));
      }
    }
    if (read.isEmpty()) {
      String why =
          unreadable.isEmpty()
              ? "no firewall rules to read: neither nft nor iptables-save is installed"
              : String.join("; ", unreadable);
      return CheckResult.skipped(Layer.FIREWALL, why, System.nanoTime() - start);
    }
    return judge(port, state.targetIsLocal(), rules, read, System.nanoTime() - start);
  }

  /** The check's result for these rules; public for tests on recorded rulesets. */
  public static CheckResult judge(
      int port, boolean inbound, List<FirewallRule> rules, List<String> read, long nanos) {
    Set<String> hooks = inbound ? INBOUND : OUTBOUND;
    List<Finding> findings = new ArrayList<>();
    List<String> evidence = new ArrayList<>();
    evidence.add("read: " + String.join(", ", read));
    String command = "nft -a list ruleset";
    for (FirewallRule rule : rules) {
      if (!hooks.contains(rule.hook())) {
        continue;
      }
      String quote = rule.where() + ": " + rule.text();
      evidence.add(quote);
      String summary =
          rule.reject()
              ? "a firewall rule rejects TCP port "
                  + port
                  + " ("
                  + rule.source()
                  + " "
                  + rule.where()
                  + "): clients get an error at once"
              : "a firewall rule drops TCP port "
                  + port
                  + " ("
                  + rule.source()
                  + " "
                  + rule.where()
                  + "): clients time out";
      findings.add(
          new Finding.Firewall(
              rule.reject() ? FindingCode.FIREWALL_REJECT : FindingCode.FIREWALL_DROP,
              summary,
              List.of(quote),
              rule.command()));
    }
    if (findings.isEmpty()) {
      return new CheckResult(
          Layer.FIREWALL,
          CheckStatus.OK,
          "no rule drops or rejects TCP port "
              + port
              + " on the "
              + (inbound ? "input" : "output")
              + " side",
          evidence,
          command,
          List.of(),
          nanos);
    }
    return new CheckResult(
        Layer.FIREWALL,
        CheckStatus.PROBLEM,
        findings.getFirst().summary(),
        evidence,
        findings.getFirst().command(),
        findings,
        nanos);
  }

  private static String firstLine(String text) {
    String stripped = text.strip();
    int newline = stripped.indexOf('\n');
    return newline < 0 ? stripped : stripped.substring(0, newline);
  }
}
