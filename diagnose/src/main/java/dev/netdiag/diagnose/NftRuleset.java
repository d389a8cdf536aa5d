package dev.netdiag.diagnose;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nftables rules that drop or reject TCP to a port, found in `nft -j list ruleset` (the rule's
 * meaning) and quoted from `nft -a list ruleset` (its text, matched by handle). A rule counts when
 * one of its matches is on the TCP (or transport) destination port and holds the port — a number,
 * an anonymous set, a range or a named set — and its verdict is drop or reject; other matches on
 * the same rule (addresses, interfaces) are quoted with it, not evaluated. A base chain whose
 * policy is drop, with no rule in it accepting the port, drops it too.
 */
final class NftRuleset {
  private NftRuleset() {}

  /** Key of a chain or set: family, table, name. */
  private record Key(String family, String table, String name) {}

  static List<FirewallRule> blocking(String json, String listing, int port) throws IOException {
    Map<String, Object> root = JsonTree.object(JsonTree.parse(json));
    Map<Key, String> hooks = new HashMap<>();
    Map<Key, String> policies = new HashMap<>();
    Map<Key, List<Object>> sets = new HashMap<>();
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Object item : JsonTree.array(root.get("nftables"))) {
      Map<String, Object> entry = JsonTree.object(item);
      if (entry.containsKey("chain")) {
        Map<String, Object> chain = JsonTree.object(entry.get("chain"));
        String hook = JsonTree.string(chain.get("hook"));
        hooks.put(key(chain, "name"), hook == null ? "" : hook);
        String policy = JsonTree.string(chain.get("policy"));
        if (policy != null) {
          policies.put(key(chain, "name"), policy);
        }
      } else if (entry.containsKey("set")) {
        Map<String, Object> set = JsonTree.object(entry.get("set"));
        sets.put(key(set, "name"), JsonTree.array(set.get("elem")));
      } else if (entry.containsKey("rule")) {
        rules.add(JsonTree.object(entry.get("rule")));
      }
    }
    Map<String, String> quotes = quotes(listing);
    List<FirewallRule> found = new ArrayList<>();
    java.util.Set<Key> accepting = new java.util.HashSet<>();
    for (Map<String, Object> rule : rules) {
      String family = JsonTree.string(rule.get("family"));
      String table = JsonTree.string(rule.get("table"));
      String chain = JsonTree.string(rule.get("chain"));
      if (!matchesPort(rule, port, family, table, sets)) {
        continue;
      }
      Boolean reject = verdict(rule);
      if (reject == null) {
        if (accepts(rule)) {
          accepting.add(new Key(family, table, chain));
        }
        continue;
      }
      Object handle = rule.get("handle");
      String text =
          quotes.getOrDefault(
              family + " " + table + " " + chain + " " + handle, "(rule handle " + handle + ")");
      found.add(
          new FirewallRule(
              "nftables",
              family + " " + table + " " + chain,
              hooks.getOrDefault(new Key(family, table, chain), ""),
              reject,
              text,
              "nft -a list chain " + family + " " + table + " " + chain));
    }
    for (Map.Entry<Key, String> policy : policies.entrySet()) {
      Key chain = policy.getKey();
      if (policy.getValue().equals("drop") && !accepting.contains(chain)) {
        String where = chain.family() + " " + chain.table() + " " + chain.name();
        found.add(
            new FirewallRule(
                "nftables",
                where,
                hooks.getOrDefault(chain, ""),
                false,
                "policy drop; and no rule in the chain accepts tcp dport " + port,
                "nft -a list chain " + where));
      }
    }
    return found;
  }

  private static boolean accepts(Map<String, Object> rule) {
    for (Object expr : JsonTree.array(rule.get("expr"))) {
      if (JsonTree.object(expr).containsKey("accept")) {
        return true;
      }
    }
    return false;
  }

  private static Key key(Map<String, Object> object, String nameField) {
    return new Key(
        JsonTree.string(object.get("family")),
        JsonTree.string(object.get("table")),
        JsonTree.string(object.get(nameField)));
  }

  /** True for reject, false for drop, null for any other final verdict or none. */
  private static Boolean verdict(Map<String, Object> rule) {
    for (Object expr : JsonTree.array(rule.get("expr"))) {
      Map<String, Object> statement = JsonTree.object(expr);
      if (statement.containsKey("drop")) {
        return false;
      }
      if (statement.containsKey("reject")) {
        return true;
      }
    }
    return null;
  }

  private static boolean matchesPort(
      Map<String, Object> rule,
      int port,
      String family,
      String table,
      Map<Key, List<Object>> sets) {
    boolean portMatch = false;
    for (Object expr : JsonTree.array(rule.get("expr"))) {
      Map<String, Object> match = JsonTree.object(JsonTree.object(expr).get("match"));
      if (match.isEmpty()) {
        continue;
      }
      Map<String, Object> payload =
          JsonTree.object(JsonTree.object(match.get("left")).get("payload"));
      String protocol = JsonTree.string(payload.get("protocol"));
      if (!"dport".equals(JsonTree.string(payload.get("field")))
          || !("tcp".equals(protocol) || "th".equals(protocol))) {
        continue;
      }
      String op = JsonTree.string(match.get("op"));
      boolean contains = contains(match.get("right"), port, family, table, sets);
      boolean negated = "!=".equals(op);
      if (contains == negated) {
        return false; // a port match on this rule excludes our port
      }
      portMatch = true;
    }
    return portMatch;
  }

  private static boolean contains(
      Object right, int port, String family, String table, Map<Key, List<Object>> sets) {
    if (right instanceof Number number) {
      return number.longValue() == port;
    }
    if (right instanceof String name) {
      if (name.startsWith("@")) {
        List<Object> elements = sets.get(new Key(family, table, name.substring(1)));
        return elements != null
            && elements.stream().anyMatch(e -> contains(e, port, family, table, sets));
      }
      return false;
    }
    Map<String, Object> object = JsonTree.object(right);
    if (object.containsKey("set")) {
      return JsonTree.array(object.get("set")).stream()
          .anyMatch(e -> contains(e, port, family, table, sets));
    }
    if (object.containsKey("range")) {
      List<Object> bounds = JsonTree.array(object.get("range"));
      return bounds.size() == 2
          && bounds.get(0) instanceof Number low
          && bounds.get(1) instanceof Number high
          && low.longValue() <= port
          && port <= high.longValue();
    }
    if (object.containsKey("elem")) {
      return contains(JsonTree.object(object.get("elem")).get("val"), port, family, table, sets);
    }
    return false;
  }

  /** "family table chain handle" → the rule's text without its handle comment. */
  static Map<String, String> quotes(String listing) {
    Map<String, String> quotes = new HashMap<>();
    // The blocks open around the current line: "table inet x", "chain input", "set s"…, so the
    // closing brace of a set, map or flowtable does not end its table.
    java.util.ArrayDeque<String> blocks = new java.util.ArrayDeque<>();
    String table = null;
    for (String raw : listing.split("\n")) {
      String line = raw.strip();
      int mark = line.lastIndexOf(" # handle ");
      String content = mark >= 0 ? line.substring(0, mark) : line;
      if (content.endsWith("{") && !content.contains("}")) {
        String[] words = content.split("\\s+");
        if (words[0].equals("table") && words.length >= 3) {
          table = words[1] + " " + words[2];
        }
        blocks.push(words[0].equals("chain") && words.length >= 2 ? "chain " + words[1] : words[0]);
      } else if (line.equals("}")) {
        if ("table".equals(blocks.poll())) {
          table = null;
        }
      } else if (mark > 0
          && table != null
          && blocks.peek() != null
          && blocks.peek().startsWith("chain ")) {
        String chain = blocks.peek().substring("chain ".length());
        String handle = line.substring(mark + " # handle ".length()).strip();
        quotes.put(table + " " + chain + " " + handle, content);
      }
    }
    return quotes;
  }
}
