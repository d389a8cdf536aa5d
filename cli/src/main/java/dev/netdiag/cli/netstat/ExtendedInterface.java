package dev.netdiag.cli.netstat;

import dev.netdiag.sockets.Ipv4InterfaceAddress;
import dev.netdiag.sockets.procfs.Ipv6InterfaceAddress;
import dev.netdiag.sockets.procfs.LinkLayer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What netstat -ie shows of one listed interface: the IPv4 address SIOCGIFADDR finds for its name,
 * the IPv6 addresses /proc/net/if_inet6 lists under its name, and its device's link layer.
 *
 * @param inet the first address whose label is the name (null when none)
 */
record ExtendedInterface(
    ListedInterface entry,
    Ipv4InterfaceAddress inet,
    List<Ipv6InterfaceAddress> inet6,
    LinkLayer link) {

  /** The details of each shown interface. */
  static List<ExtendedInterface> of(
      List<ListedInterface> shown,
      List<Ipv4InterfaceAddress> ipv4,
      List<Ipv6InterfaceAddress> ipv6,
      Path sysRoot) {
    List<ExtendedInterface> out = new ArrayList<>(shown.size());
    for (ListedInterface l : shown) {
      Ipv4InterfaceAddress inet = null;
      for (Ipv4InterfaceAddress a : ipv4) {
        if (a.label().equals(l.name())) {
          inet = a;
          break;
        }
      }
      List<Ipv6InterfaceAddress> inet6 = new ArrayList<>();
      for (Ipv6InterfaceAddress a : ipv6) {
        if (a.iface().equals(l.name())) {
          inet6.add(a);
        }
      }
      out.add(new ExtendedInterface(l, inet, inet6, LinkLayer.read(sysRoot, l.device())));
    }
    return out;
  }
}
