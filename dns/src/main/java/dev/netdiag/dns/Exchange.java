package dev.netdiag.dns;

import java.net.InetSocketAddress;
import org.xbill.DNS.Message;

/**
 * One answered query: what was sent, what came back, from where, over what, and how long it took.
 *
 * @param query the query as sent last (after any fallback)
 * @param response the parsed response
 * @param server the server that answered
 * @param transport UDP or TCP
 * @param rttNanos time from sending the answered try to receiving its reply
 * @param responseSize the reply's size on the wire, in bytes
 * @param tsigFailure why the reply's TSIG did not verify, in BIND's words ("tsig verify failure"),
 *     or null when it did or no key was used
 */
public record Exchange(
    Message query,
    Message response,
    InetSocketAddress server,
    Transport transport,
    long rttNanos,
    int responseSize,
    String tsigFailure) {

  /** An exchange without TSIG. */
  public Exchange(
      Message query,
      Message response,
      InetSocketAddress server,
      Transport transport,
      long rttNanos,
      int responseSize) {
    this(query, response, server, transport, rttNanos, responseSize, null);
  }
}
