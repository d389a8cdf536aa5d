package dev.netdiag.linux;

import java.util.List;

/**
 * One struct servent from glibc's services database.
 *
 * @param port in host order
 */
public record ServiceEntry(String name, List<String> aliases, int port, String protocol) {
  public ServiceEntry {
    aliases = List.copyOf(aliases);
  }
}
