package dev.netdiag.sockets.procfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The socket counters of /proc/net/sockstat and sockstat6 (net/ipv4/proc.c sockstat_seq_show) and
 * Tcp CurrEstab of /proc/net/snmp: what ss -s summarizes.
 *
 * <pre>
 * sockets: used 170
 * TCP: inuse 7 orphan 0 tw 1 alloc 10 mem 2
 * UDP: inuse 4 mem 1            RAW: inuse 0           FRAG: inuse 0 memory 0
 * TCP6: inuse 3                 UDP6: inuse 3          RAW6: inuse 1          FRAG6: inuse 0 ...
 * </pre>
 *
 * Missing lines or files read as 0, as ss leaves its counters at zero.
 */
public record SocketSummary(
    long sockets,
    long tcpInUse,
    long tcpOrphans,
    long tcpTimeWait,
    long tcpAllocated,
    long udpInUse,
    long rawInUse,
    long fragments,
    long tcp6InUse,
    long udp6InUse,
    long raw6InUse,
    long fragments6,
    long tcpEstablished) {

  /** Reads the counters under the proc root (usually /proc). */
  public static SocketSummary read(Path procRoot) {
    Map<String, Long> v = new HashMap<>();
    for (String name : List.of("sockstat", "sockstat6")) {
      for (String line : lines(procRoot.resolve("net").resolve(name))) {
        List<String> f = ProcText.fields(line);
        if (f.isEmpty()) {
          continue;
        }
        String id = f.get(0);
        // "ID: key value key value ...": keep each value as ID.key.
        for (int i = 1; i + 1 < f.size(); i += 2) {
          v.put(id + f.get(i), parse(f.get(i + 1)));
        }
      }
    }
    long established = 0;
    List<String> snmp = lines(procRoot.resolve("net").resolve("snmp"));
    for (int i = 0; i + 1 < snmp.size(); i++) {
      List<String> names = ProcText.fields(snmp.get(i));
      List<String> values = ProcText.fields(snmp.get(i + 1));
      if (!names.isEmpty() && names.get(0).equals("Tcp:") && values.size() == names.size()) {
        int at = names.indexOf("CurrEstab");
        if (at > 0) {
          established = parse(values.get(at));
        }
        break;
      }
    }
    return new SocketSummary(
        v.getOrDefault("sockets:used", 0L),
        v.getOrDefault("TCP:inuse", 0L),
        v.getOrDefault("TCP:orphan", 0L),
        v.getOrDefault("TCP:tw", 0L),
        v.getOrDefault("TCP:alloc", 0L),
        v.getOrDefault("UDP:inuse", 0L),
        v.getOrDefault("RAW:inuse", 0L),
        v.getOrDefault("FRAG:inuse", 0L),
        v.getOrDefault("TCP6:inuse", 0L),
        v.getOrDefault("UDP6:inuse", 0L),
        v.getOrDefault("RAW6:inuse", 0L),
        v.getOrDefault("FRAG6:inuse", 0L),
        established);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  private static long parse(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
