package dev.netdiag.linux;

import java.net.InetAddress;
import java.util.List;

/**
 * What getaddrinfo answered for a name: the addresses in the order the application would try them,
 * or the failure; {@code timedOut} when no answer came within the caller's bound.
 */
public record Resolution(
    String host,
    List<InetAddress> addresses,
    String canonicalName,
    GaiStatus status,
    boolean timedOut,
    long nanos) {
  public Resolution {
    addresses = List.copyOf(addresses);
  }

  /** True when at least one address came back. */
  public boolean resolved() {
    return !timedOut && status.code() == 0 && !addresses.isEmpty();
  }
}
