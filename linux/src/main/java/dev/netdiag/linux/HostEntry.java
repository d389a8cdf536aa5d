package dev.netdiag.linux;

import java.util.List;

/**
 * One struct hostent from glibc's hosts database.
 *
 * @param name the official name (h_name)
 * @param aliases the other names (h_aliases)
 * @param family INET or INET6 (h_addrtype)
 * @param addresses the addresses as inet_ntop prints them (h_addr_list)
 */
public record HostEntry(
    String name, List<String> aliases, AddressFamily family, List<String> addresses) {
  public HostEntry {
    aliases = List.copyOf(aliases);
    addresses = List.copyOf(addresses);
  }
}
