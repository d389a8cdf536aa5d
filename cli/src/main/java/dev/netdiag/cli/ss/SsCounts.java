package dev.netdiag.cli.ss;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.netdiag.cli.Json;
import dev.netdiag.cli.Output;
import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.ProcessRef;
import dev.netdiag.sockets.SocketRecord;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * --count-by state|port|process: how many sockets are in each state, overall, per local port, or
 * per owning process (a socket shared by several processes counts for each). Beyond ss.
 */
final class SsCounts {
  private SsCounts() {}

  /** One group: its key columns, then per-state counts in state order. */
  private record Key(String netid, String group, int pid, String state) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = netid.compareTo(o.netid);
      if (c == 0) {
        c = group.compareTo(o.group);
      }
      if (c == 0) {
        c = Integer.compare(pid, o.pid);
      }
      return c != 0 ? c : state.compareTo(o.state);
    }
  }

  private static String fiveDigits(int port) {
    char[] digits = new char[5];
    for (int i = 4, v = port; i >= 0; i--, v /= 10) {
      digits[i] = (char) ('0' + v % 10);
    }
    return new String(digits);
  }

  static void render(
      String by, List<SocketRecord> records, ProcessMap owners, boolean json, Output out)
      throws IOException {
    Map<Key, long[]> counts = new TreeMap<>();
    for (SocketRecord r : records) {
      String netid = r.transport().netid();
      String state = r.state().ssName();
      switch (by) {
        case "state" -> counts.computeIfAbsent(new Key(netid, "", 0, state), k -> new long[1])[0]++;
        case "port" -> {
          String port = fiveDigits(r.localPort()); // sorts numerically; printed plain
          counts.computeIfAbsent(new Key(netid, port, 0, state), k -> new long[1])[0]++;
        }
        default -> {
          List<ProcessRef> refs = owners.owners(r.inode());
          if (refs.isEmpty()) {
            counts.computeIfAbsent(new Key(netid, "", 0, state), k -> new long[1])[0]++;
          }
          for (ProcessRef ref : refs) {
            counts
                .computeIfAbsent(new Key(netid, ref.command(), ref.pid(), state), k -> new long[1])[
                0]++;
          }
        }
      }
    }
    if (json) {
      try (JsonGenerator g = Json.writer(out)) {
        g.writeStartObject();
        g.writeStringField("count_by", by);
        g.writeArrayFieldStart("counts");
        for (Map.Entry<Key, long[]> e : counts.entrySet()) {
          Key k = e.getKey();
          g.writeStartObject();
          g.writeStringField("netid", k.netid);
          if (by.equals("port")) {
            g.writeNumberField("local_port", Integer.parseInt(k.group));
          } else if (by.equals("process")) {
            Json.stringOrNull(g, "command", k.pid == 0 ? null : k.group);
            if (k.pid == 0) {
              g.writeNullField("pid");
            } else {
              g.writeNumberField("pid", k.pid);
            }
          }
          g.writeStringField("state", k.state);
          g.writeNumberField("count", e.getValue()[0]);
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      out.newline();
      return;
    }
    out.padRight("Netid", 6);
    switch (by) {
      case "port" -> out.padRight("Port", 6);
      case "process" -> out.padRight("Process", 16).padRight("PID", 8);
      default -> {}
    }
    out.padRight("State", 11).line("Count");
    for (Map.Entry<Key, long[]> e : counts.entrySet()) {
      Key k = e.getKey();
      out.padRight(k.netid, 6);
      switch (by) {
        case "port" -> out.padRight(Integer.toString(Integer.parseInt(k.group)), 6);
        case "process" ->
            out.padRight(k.pid == 0 ? "-" : k.group, 16)
                .padRight(k.pid == 0 ? "-" : Integer.toString(k.pid), 8);
        default -> {}
      }
      out.padRight(k.state, 11).number(e.getValue()[0]).newline();
    }
  }
}
