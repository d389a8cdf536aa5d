package dev.netdiag.dns;

/**
 * DNS over TLS as dig's {@code +tls} options set it up.
 *
 * @param caFile where the trusted certificates are: null to check nothing (dig's {@code +tls}
 *     alone), "" for the system's store ({@code +tls-ca}), else a PEM file ({@code +tls-ca=FILE})
 * @param hostname the name the server's certificate must carry, also sent as SNI ({@code
 *     +tls-hostname}); null to check the server's address
 * @param certFile the client's certificate chain, PEM ({@code +tls-certfile}), or null
 * @param keyFile the client's private key, PEM PKCS#8 ({@code +tls-keyfile}), or null
 */
public record TlsSettings(String caFile, String hostname, String certFile, String keyFile) {}
