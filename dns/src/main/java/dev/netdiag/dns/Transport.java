package dev.netdiag.dns;

/** The transport an exchange used, named as dig prints it in its SERVER line. */
public enum Transport {
  UDP,
  TCP,
  TLS,
  /** DNS over HTTP/2 over TLS ({@code +https}). */
  HTTPS,
  /** DNS over HTTP/2 without TLS ({@code +http-plain}). */
  HTTP
}
