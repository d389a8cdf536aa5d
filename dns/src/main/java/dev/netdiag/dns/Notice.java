package dev.netdiag.dns;

import java.net.InetSocketAddress;

/** Something dig reports while a query is under way, before its answer is printed. */
public sealed interface Notice {

  /** A reply with another id than the query's, which dig reports and ignores. */
  record IdMismatch(int expected, int got) implements Notice {}

  /**
   * A reply whose question differs from the query's, which dig reports and ignores; the question as
   * dns_name_format writes it ("name/TYPE/CLASS", no final dot).
   */
  record QuestionMismatch(String question) implements Notice {}

  /**
   * A reply BIND's parser read only in part (DNS_R_RECOVERABLE): dig warns and prints what it kept.
   */
  record Malformed(String reason) implements Notice {}

  /** A UDP datagram shorter than a DNS header, which dig reports and ignores. */
  record ShortMessage() implements Notice {}

  /**
   * A BADVERS reply that makes dig ask again with the server's EDNS version, {@code retry} being
   * the query it sends then.
   */
  record BadVers(int version, org.xbill.DNS.Message retry) implements Notice {}

  /**
   * A truncated UDP reply from {@code server} that makes dig ask it again over TCP, with {@code
   * retry}, the query it sends there (the server's cookie added when the reply carried one for
   * ours, as dig's does); {@code cookie} is the truncated reply's COOKIE data, or null (dig looks
   * at it before asking again, and warns of another client's).
   */
  record Truncated(InetSocketAddress server, org.xbill.DNS.Message retry, byte[] cookie)
      implements Notice {}

  /** A try that got no reply in time. */
  record TimedOut(InetSocketAddress server, Transport transport) implements Notice {}

  /**
   * A try whose connection broke once it was up, or whose reply could not be had (dig's ";;
   * communications error to SERVER: REASON"); {@code reason} is BIND's text ("end of file",
   * "connection reset", "failure").
   */
  record CommunicationsError(InetSocketAddress server, Transport transport, String reason)
      implements Notice {}

  /** A server that refused the connection or whose port was unreachable. */
  record Refused(InetSocketAddress server, Transport transport) implements Notice {}

  /**
   * A socket that could not be set up for a try (its source address cannot be bound); {@code
   * reason} is BIND's text ("address not available"). dig treats it as a refused TCP connection.
   */
  record SetupFailed(InetSocketAddress server, Transport transport, String reason)
      implements Notice {}

  /**
   * A TCP connection refused (or a socket not set up) while the lookup had tries left: dig gives
   * the round up ("no servers could be reached") and asks again from the first server.
   */
  record Requeued() implements Notice {}
}
