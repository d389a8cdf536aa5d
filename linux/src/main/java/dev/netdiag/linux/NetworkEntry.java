package dev.netdiag.linux;

import java.util.List;

/**
 * One struct netent from glibc's networks database.
 *
 * @param family the n_addrtype code (AF_INET for every files entry)
 * @param network the network number in host order, as an unsigned 32-bit value
 */
public record NetworkEntry(String name, List<String> aliases, int family, long network) {
  public NetworkEntry {
    aliases = List.copyOf(aliases);
  }

  /** The network as inet_ntoa prints it: the number in dotted quad. */
  public String dottedQuad() {
    return (network >>> 24 & 255)
        + "."
        + (network >>> 16 & 255)
        + "."
        + (network >>> 8 & 255)
        + "."
        + (network & 255);
  }
}
