package dev.netdiag.linux;

import java.util.List;

/** What getaddrinfo answered with caller-chosen hints: the status and every entry in order. */
public record AddrInfoAnswer(GaiStatus status, List<AddrInfoEntry> entries) {
  public AddrInfoAnswer {
    entries = List.copyOf(entries);
  }
}
