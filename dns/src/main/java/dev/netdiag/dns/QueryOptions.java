package dev.netdiag.dns;

import java.net.InetSocketAddress;

/**
 * How the engine sends one query, with dig's defaults: 5 s per UDP try, 10 s for TCP, 3 tries.
 *
 * @param timeoutSeconds per-try timeout (dig's {@code +time}); 0 means dig's default for the
 *     transport
 * @param tries tries per lookup (dig's {@code +tries}, at least 1): the first server has them all,
 *     each later one the single try left
 * @param tcp send over TCP from the start ({@code +tcp})
 * @param ignoreTruncation keep a truncated UDP reply instead of asking again over TCP ({@code
 *     +ignore})
 * @param source local address to send from ({@code -b}), or null
 * @param ednsNegotiation retry with the server's EDNS version on BADVERS ({@code +ednsnegotiation},
 *     on by default)
 * @param tsig the key every query is signed with and every reply verified against ({@code -k},
 *     {@code -y}), or null
 * @param bestEffort read a malformed reply as far as it goes, as BIND's parser does with dig's
 *     {@code +besteffort} (on by default); without it any flaw makes the reply a bad packet
 * @param tls DNS over TLS ({@code +tls} and its options), or null for UDP/TCP
 * @param doh DNS over HTTP/2 ({@code +https}, {@code +http-plain} and their options), or null
 */
public record QueryOptions(
    int timeoutSeconds,
    int tries,
    boolean tcp,
    boolean ignoreTruncation,
    InetSocketAddress source,
    boolean ednsNegotiation,
    org.xbill.DNS.TSIG tsig,
    boolean bestEffort,
    TlsSettings tls,
    DohSettings doh) {

  /** dig's UDP timeout when none is given (dighost.c UDP_TIMEOUT). */
  public static final int UDP_TIMEOUT_SECONDS = 5;

  /** dig's TCP timeout when none is given (dighost.c TCP_TIMEOUT). */
  public static final int TCP_TIMEOUT_SECONDS = 10;

  /** dig's defaults: UDP, 3 tries, default timeouts, TC makes it retry over TCP. */
  public static final QueryOptions DEFAULTS = new QueryOptions(0, 3, false, false, null, true);

  /** Options without a TSIG key or TLS, with +besteffort (dig's default). */
  public QueryOptions(
      int timeoutSeconds,
      int tries,
      boolean tcp,
      boolean ignoreTruncation,
      InetSocketAddress source,
      boolean ednsNegotiation) {
    this(
        timeoutSeconds,
        tries,
        tcp,
        ignoreTruncation,
        source,
        ednsNegotiation,
        null,
        true,
        null,
        null);
  }

  /** The transport a lookup starts on: TLS, HTTP/2 (over TLS or not), TCP, else UDP. */
  public Transport transport() {
    if (tls != null) {
      return Transport.TLS;
    }
    if (doh != null) {
      return doh.tls() != null ? Transport.HTTPS : Transport.HTTP;
    }
    return tcp ? Transport.TCP : Transport.UDP;
  }

  /** Whether queries go over a stream (TCP, TLS over TCP, HTTP/2) from the start. */
  public boolean stream() {
    return transport() != Transport.UDP;
  }

  public QueryOptions {
    tries = Math.max(1, tries);
    timeoutSeconds = Math.max(0, timeoutSeconds);
  }

  /** The per-try timeout for a transport, in nanoseconds. */
  public long timeoutNanos(Transport transport) {
    int seconds =
        timeoutSeconds > 0
            ? timeoutSeconds
            : transport == Transport.UDP ? UDP_TIMEOUT_SECONDS : TCP_TIMEOUT_SECONDS;
    return seconds * 1_000_000_000L;
  }
}
