package dev.netdiag.sockets.procfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of /proc/net/if_inet6: an interface's IPv6 address.
 *
 * @param address sixteen network-order bytes
 * @param scope the IPV6_ADDR_* scope bits the kernel prints (0 global, 0x10 host, 0x20 link, 0x40
 *     site, 0x80 IPv4-compatible)
 * @param flags IFA_F_* bits (0x80 permanent, 0x40 tentative, …)
 */
public record Ipv6InterfaceAddress(
    byte[] address, int index, int prefixLength, int scope, int flags, String iface) {

  /**
   * The file's entries in its order (which follows the kernel's address hash); none when the file
   * is missing (no IPv6), as net-tools then prints no inet6 lines.
   */
  public static List<Ipv6InterfaceAddress> read(Path procRoot) throws ProcFsException {
    Path file = procRoot.resolve("net/if_inet6");
    if (!Files.exists(file)) {
      return List.of();
    }
    List<Ipv6InterfaceAddress> out = new ArrayList<>();
    // "address index prefix scope flags name", every number in hex.
    for (String line : ProcText.lines(file)) {
      List<String> f = ProcText.fields(line);
      if (f.size() < 6 || f.get(0).length() != 32) {
        continue;
      }
      out.add(
          new Ipv6InterfaceAddress(
              ProcText.ipv6(f.get(0)),
              (int) ProcText.hex(f.get(1)),
              (int) ProcText.hex(f.get(2)),
              (int) ProcText.hex(f.get(3)),
              (int) ProcText.hex(f.get(4)),
              f.get(5)));
    }
    return out;
  }
}
