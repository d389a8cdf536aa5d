package dev.netdiag.sockets.procfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One table of the kernel's SNMP-style protocol counters (Ip, Icmp, Tcp, Udp, TcpExt, Ip6…), in the
 * order the kernel lists them.
 *
 * <p>Three file layouts hold them: /proc/net/snmp and /proc/net/netstat pair a "Title: names" line
 * with a "Title: values" line; /proc/net/snmp6 and /proc/net/sctp/snmp have one "Name value" line
 * per counter.
 */
public record SnmpTable(String name, List<Counter> counters) {

  /**
   * One counter. The kernel prints most as unsigned 64-bit numbers, a few as signed (Tcp MaxConn is
   * -1 for "dynamic"); {@code value} keeps the bits, so {@link Long#toUnsignedString} gives what
   * strtoull would read.
   */
  public record Counter(String name, long value) {}

  /** /proc/net/snmp and /proc/net/netstat: pairs of header and value lines. */
  public static List<SnmpTable> readPairs(Path file) throws ProcFsException {
    List<String> lines = ProcText.lines(file);
    List<SnmpTable> out = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String header = lines.get(i++);
      if (header.isEmpty()) {
        continue;
      }
      if (i >= lines.size()) {
        break;
      }
      String values = lines.get(i++);
      int hc = header.indexOf(':');
      int vc = values.indexOf(':');
      if (hc < 0 || vc < 0) {
        throw new ProcFsException("Problem while parsing " + file, null);
      }
      List<String> names = ProcText.fields(header.substring(hc + 1));
      List<String> numbers = ProcText.fields(values.substring(vc + 1));
      List<Counter> counters = new ArrayList<>(names.size());
      for (int k = 0; k < names.size(); k++) {
        counters.add(new Counter(names.get(k), k < numbers.size() ? number(numbers.get(k)) : 0));
      }
      out.add(new SnmpTable(header.substring(0, hc), counters));
    }
    return out;
  }

  /**
   * /proc/net/snmp6: "Ip6InReceives 659" lines. A table is a run of names sharing the prefix up to
   * and including the first '6' (Ip6, Icmp6, Udp6, UdpLite6), the grouping net-tools uses.
   */
  public static List<SnmpTable> readSnmp6(Path file) throws ProcFsException {
    List<SnmpTable> out = new ArrayList<>();
    String title = null;
    List<Counter> counters = null;
    for (String line : ProcText.lines(file)) {
      List<String> f = ProcText.fields(line);
      if (f.isEmpty()) {
        continue;
      }
      String name = f.get(0);
      if (title == null || !name.contains(title)) {
        int six = name.indexOf('6');
        title = six < 0 ? name : name.substring(0, six + 1);
        counters = new ArrayList<>();
        out.add(new SnmpTable(title, counters));
      }
      counters.add(new Counter(name, f.size() > 1 ? number(f.get(1)) : 0));
    }
    return out;
  }

  /**
   * /proc/net/sctp/snmp ("SctpCurrEstab 0" lines) as one table named Sctp; empty when SCTP is not
   * loaded (the file is absent then).
   */
  public static List<SnmpTable> readSctp(Path file) throws ProcFsException {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<Counter> counters = new ArrayList<>();
    for (String line : ProcText.lines(file)) {
      List<String> f = ProcText.fields(line);
      if (f.size() >= 2) {
        counters.add(new Counter(f.get(0), number(f.get(1))));
      }
    }
    return List.of(new SnmpTable("Sctp", counters));
  }

  /** strtoull's reading: digits, or a negative number wrapped to 64 bits; junk reads as 0. */
  private static long number(String text) {
    try {
      return text.startsWith("-") ? Long.parseLong(text) : Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
