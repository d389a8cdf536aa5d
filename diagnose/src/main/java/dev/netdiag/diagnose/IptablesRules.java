package dev.netdiag.diagnose;

import java.util.ArrayList;
import java.util.List;

/**
 * The iptables rules that drop or reject TCP to a port, from `iptables-save` output: an "-A CHAIN"
 * line with "--dport" (a port or a first:last range, or "--dports" for multiport lists) holding the
 * port and "-j DROP" or "-j REJECT". Other conditions on the line are quoted, not evaluated.
 */
final class IptablesRules {
  private IptablesRules() {}

  static List<FirewallRule> blocking(String save, int port, String command) {
    List<FirewallRule> found = new ArrayList<>();
    java.util.Map<String, String> policies = new java.util.LinkedHashMap<>();
    java.util.Set<String> accepting = new java.util.HashSet<>();
    String table = "filter";
    for (String raw : save.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("*")) {
        table = line.substring(1);
        continue;
      }
      if (line.startsWith(":")) {
        String[] words = line.substring(1).split("\\s+");
        if (words.length >= 2 && words[1].equals("DROP")) {
          policies.put(table + " " + words[0], words[0]);
        }
        continue;
      }
      if (!line.startsWith("-A ")) {
        continue;
      }
      String[] words = line.split("\\s+");
      String chain = words[1];
      String target = null;
      boolean tcp = false;
      boolean portMatch = false;
      boolean negatedNext = false;
      for (int i = 2; i < words.length; i++) {
        String word = words[i];
        if (word.equals("!")) {
          negatedNext = true;
          continue;
        }
        if (word.equals("-p") && i + 1 < words.length) {
          tcp = words[++i].equals("tcp") || words[i].equals("6");
        } else if ((word.equals("--dport") || word.equals("--dports")) && i + 1 < words.length) {
          boolean holds = holds(words[++i], port);
          portMatch = holds != negatedNext;
          if (!portMatch) {
            break;
          }
        } else if (word.equals("-j") && i + 1 < words.length) {
          target = words[++i];
        }
        negatedNext = false;
      }
      if (tcp && portMatch && "ACCEPT".equals(target)) {
        accepting.add(table + " " + chain);
      }
      if (tcp && portMatch && ("DROP".equals(target) || "REJECT".equals(target))) {
        found.add(
            new FirewallRule(
                "iptables",
                table + " " + chain,
                chain.toLowerCase(java.util.Locale.ROOT),
                "REJECT".equals(target),
                line,
                command));
      }
    }
    for (java.util.Map.Entry<String, String> policy : policies.entrySet()) {
      if (!accepting.contains(policy.getKey())) {
        found.add(
            new FirewallRule(
                "iptables",
                policy.getKey(),
                policy.getValue().toLowerCase(java.util.Locale.ROOT),
                false,
                ":" + policy.getValue() + " DROP (policy; no rule accepts tcp dport " + port + ")",
                command));
      }
    }
    return found;
  }

  private static boolean holds(String ports, int port) {
    for (String part : ports.split(",")) {
      int colon = part.indexOf(':');
      try {
        if (colon >= 0) {
          int low = colon == 0 ? 0 : Integer.parseInt(part.substring(0, colon));
          int high =
              colon == part.length() - 1 ? 65535 : Integer.parseInt(part.substring(colon + 1));
          if (low <= port && port <= high) {
            return true;
          }
        } else if (Integer.parseInt(part) == port) {
          return true;
        }
      } catch (NumberFormatException e) {
        // A service name: iptables-save prints numbers, so this is not a port we can compare.
      }
    }
    return false;
  }
}
