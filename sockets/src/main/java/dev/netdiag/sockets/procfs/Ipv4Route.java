package dev.netdiag.sockets.procfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of /proc/net/route: the kernel's IPv4 FIB as the old route ioctl interface shows it.
 *
 * @param destination network-order bytes
 * @param gateway network-order bytes
 * @param mask network-order bytes
 * @param flags RTF_* bits (linux/route.h)
 */
public record Ipv4Route(
    String iface,
    byte[] destination,
    byte[] gateway,
    int flags,
    int refCount,
    int use,
    int metric,
    byte[] mask,
    int mtu,
    int window,
    int irtt) {
  /** RTF_UP: the route is usable. */
  public static final int UP = 0x0001;

  /** RTF_GATEWAY: the destination is reached through a gateway. */
  public static final int GATEWAY = 0x0002;

  /** RTF_HOST: a host route (mask /32). */
  public static final int HOST = 0x0004;

  /** RTF_REJECT: packets to it are rejected. */
  public static final int REJECT = 0x0200;

  /** Reads the table under procRoot (normally /proc), in the kernel's order. */
  public static List<Ipv4Route> read(Path procRoot) throws ProcFsException {
    List<String> lines = ProcText.lines(procRoot.resolve("net/route"));
    List<Ipv4Route> routes = new ArrayList<>(lines.size());
    // Columns: Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT
    for (int i = 1; i < lines.size(); i++) {
      List<String> f = ProcText.fields(lines.get(i));
      if (f.size() < 11) {
        continue;
      }
      routes.add(
          new Ipv4Route(
              f.get(0),
              ProcText.ipv4LittleEndian(f.get(1)),
              ProcText.ipv4LittleEndian(f.get(2)),
              (int) ProcText.hex(f.get(3)),
              Integer.parseInt(f.get(4)),
              Integer.parseInt(f.get(5)),
              Integer.parseInt(f.get(6)),
              ProcText.ipv4LittleEndian(f.get(7)),
              Integer.parseInt(f.get(8)),
              Integer.parseInt(f.get(9)),
              Integer.parseInt(f.get(10))));
    }
    return routes;
  }
}
