package dev.netdiag.testkit;

import java.nio.file.Path;

/**
 * A self-signed server certificate and its key, PEM files that openssl makes for a test: the
 * certificate names one host name and one IP address (subjectAltName), valid for two days.
 *
 * @param cert the certificate, PEM
 * @param key the private key, PEM PKCS#8 without a passphrase
 */
public record SelfSignedCertificate(Path cert, Path key) {

  /** Makes cert.pem and key.pem in {@code dir} for {@code name} and {@code address}. */
  public static SelfSignedCertificate make(Path dir, String name, String address) {
    Requires.assumeInstalled("openssl");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Cmd.Result made =
        Cmd.run(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            key.toString(),
            "-out",
            cert.toString(),
            "-days",
            "2",
            "-subj",
            "/CN=" + name,
            "-addext",
            "subjectAltName=DNS:" + name + ",IP:" + address);
    if (made.exitCode() != 0) {
      throw new IllegalStateException("openssl: " + made.stderr());
    }
    return new SelfSignedCertificate(cert, key);
  }
}
