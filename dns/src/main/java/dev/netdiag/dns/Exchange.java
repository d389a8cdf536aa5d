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
 * @param extraBytes bytes after the last one the parser read (dig's "Message has N extra bytes at
 *     end")
 * @param bareQuestion the reply was cut off after a question's name: dig prints the question
 *     section's title with nothing under it
 * @param wireCounts the header's four counts as on the wire when the response holds fewer records
 *     (a malformed reply read in part), else null
 */
public record Exchange(
    Message query,
    Message response,
    InetSocketAddress server,
    Transport transport,
    long rttNanos,
    int responseSize,
    String tsigFailure,
    int extraBytes,
    boolean bareQuestion,
    int[] wireCounts) {

  /** The header's count for a section (org.xbill.DNS.Section), as dig prints it: the wire's. */
  public int count(int section) {
    return wireCounts == null ? response.getHeader().getCount(section) : wireCounts[section];
  }

  /** An exchange of a reply read whole. */
  public Exchange(
      Message query,
      Message response,
      InetSocketAddress server,
      Transport transport,
      long rttNanos,
      int responseSize,
      String tsigFailure) {
    this(query, response, server, transport, rttNanos, responseSize, tsigFailure, 0, false, null);
  }

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
