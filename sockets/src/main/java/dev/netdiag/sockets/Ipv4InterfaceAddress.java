package dev.netdiag.sockets;

/**
 * One IPv4 address of an interface, as an rtnetlink address dump reports it (what the SIOCGIFADDR
 * family of ioctls reads one at a time).
 *
 * @param index the interface's ifindex
 * @param label the address's label: the interface name, or an alias such as {@code eth0:1}
 * @param prefixLength the netmask as a prefix length
 * @param flags IFA_F_* bits (IFA_F_SECONDARY = 0x01)
 * @param local the address itself, four network-order bytes
 * @param peer the other end on a point-to-point link (SIOCGIFDSTADDR); the local address otherwise
 * @param broadcast the broadcast address, 0.0.0.0 when none is set
 */
public record Ipv4InterfaceAddress(
    int index,
    String label,
    int prefixLength,
    int flags,
    byte[] local,
    byte[] peer,
    byte[] broadcast) {

  /** The netmask's four network-order bytes. */
  public byte[] netmask() {
    long mask = prefixLength == 0 ? 0 : (0xffffffffL << (32 - Math.min(prefixLength, 32)));
    return new byte[] {
      (byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask
    };
  }
}
