package dev.netdiag.dns;

/**
 * DNS over HTTP/2 (RFC 8484) as dig's {@code +https} and {@code +http-plain} options set it up.
 *
 * @param path the server's absolute path ({@code +https=/dns-query}, dig's default)
 * @param get GET with the query in {@code ?dns=} ({@code +https-get}) instead of POST
 * @param tls the TLS set-up over which HTTP/2 runs ({@code +https}), or null for plain HTTP/2
 *     without TLS ({@code +http-plain}, prior knowledge)
 */
public record DohSettings(String path, boolean get, TlsSettings tls) {

  /** dig's path when {@code +https} has none (ISC_NM_HTTP_DEFAULT_PATH). */
  public static final String DEFAULT_PATH = "/dns-query";
}
