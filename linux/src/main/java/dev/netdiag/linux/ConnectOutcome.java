package dev.netdiag.linux;

import java.net.InetSocketAddress;

/**
 * How one non-blocking TCP connect ended: connected (errno 0), failed with an errno, or still
 * pending when the wait ran out. {@code nanos} runs from connect() to the outcome.
 */
public record ConnectOutcome(InetSocketAddress target, Errno errno, boolean timedOut, long nanos) {
  /** True when the three-way handshake completed. */
  public boolean connected() {
    return !timedOut && errno.code() == 0;
  }
}
