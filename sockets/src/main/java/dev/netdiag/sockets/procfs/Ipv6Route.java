package dev.netdiag.sockets.procfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of /proc/net/ipv6_route.
 *
 * @param destination 16 network-order bytes
 * @param nextHop 16 network-order bytes
 * @param metric the route's metric as the kernel's u32 (0xffffffff prints as -1)
 * @param flags RTF_* bits (linux/ipv6_route.h)
 */
public record Ipv6Route(
    byte[] destination,
    int prefixLength,
    byte[] source,
    int sourcePrefixLength,
    byte[] nextHop,
    int metric,
    int refCount,
    int use,
    int flags,
    String iface) {
  /** Reads the table under procRoot (normally /proc), in the kernel's order. */
  public static List<Ipv6Route> read(Path procRoot) throws ProcFsException {
    List<String> lines = ProcText.lines(procRoot.resolve("net/ipv6_route"));
    List<Ipv6Route> routes = new ArrayList<>(lines.size());
    // Columns: dest plen src splen nexthop metric refcnt use flags iface (no header line)
    for (String line : lines) {
      List<String> f = ProcText.fields(line);
      if (f.size() < 10) {
        continue;
      }
      routes.add(
          new Ipv6Route(
              ProcText.ipv6(f.get(0)),
              (int) ProcText.hex(f.get(1)),
              ProcText.ipv6(f.get(2)),
              (int) ProcText.hex(f.get(3)),
              ProcText.ipv6(f.get(4)),
              (int) ProcText.hex(f.get(5)),
              (int) ProcText.hex(f.get(6)),
              (int) ProcText.hex(f.get(7)),
              (int) ProcText.hex(f.get(8)),
              f.get(9)));
    }
    return routes;
  }
}
