package dev.netdiag.linux;

import java.util.List;

/** One struct protoent from glibc's protocols database. */
public record ProtocolEntry(String name, List<String> aliases, int number) {
  public ProtocolEntry {
    aliases = List.copyOf(aliases);
  }
}
