package dev.netdiag.cli.dig;

import dev.netdiag.cli.Run;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.NsdServer;
import dev.netdiag.testkit.Requires;
import dev.netdiag.testkit.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DNS over TLS ({@code +tls} and its options) against BIND dig 9.18, on nsd serving TLS on
 * 127.53.2.8#8853 (plain DNS on #5353) with a self-signed certificate openssl makes for the test
 * (names tls.test and the address): answers, the TLS SERVER line and YAML, port 853 by default,
 * certificate checks against the file or the system's store with dig's OpenSSL reasons, host names,
 * a client certificate, a handshake with a plain DNS port, and the options' own errors. Needs root,
 * nsd, dig and openssl.
 */
class DigTlsTest {
  private static final String ADDRESS = "127.53.2.8";
  private static final String ZONE =
      """
      $ORIGIN tls.test.
      $TTL 300
      @        IN SOA ns1 hostmaster 1 3600 900 604800 300
      @        IN NS  ns1
      ns1      IN A   127.53.2.8
      www      IN A   192.0.2.80
      """;

  private static final Differential SAME =
      DigDifferentialTest.SAME
          .mask("_time: !!timestamp .*", "_time: T")
          // BIND's log lines on stderr start with the local time.
          .mask("^\\d\\d-[A-Z][a-z]{2}-\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} ", "T ")
          .withStderr();

  @TempDir static Path dir;
  @AutoClose private static NsdServer nsd;

  @BeforeAll
  static void start() throws Exception {
    Requires.assumeRoot("nsd binds a loopback address");
    Requires.assumeInstalled("nsd", "dig", "openssl");
    SelfSignedCertificate certificate = SelfSignedCertificate.make(dir, "tls.test", ADDRESS);
    // The client key in the older forms openssl still writes: PKCS#1 RSA and SEC 1 EC.
    openssl(
        "rsa", "-in", certificate.key().toString(), "-traditional", "-out", dir + "/key-rsa.pem");
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", dir + "/key-ec.pem");
    nsd =
        NsdServer.start(
            ADDRESS,
            5353,
            Map.of("tls.test", ZONE),
            "server:\n  tls-service-key: \""
                + certificate.key()
                + "\"\n  tls-service-pem: \""
                + certificate.cert()
                + "\"\n  tls-port: 8853\n");
  }

  private static void openssl(String... args) {
    List<String> argv = new ArrayList<>(List.of("openssl"));
    argv.addAll(List.of(args));
    Cmd.Result made = Cmd.run(argv.toArray(String[]::new));
    if (made.exitCode() != 0) {
      throw new IllegalStateException("openssl: " + made.stderr());
    }
  }

  static Stream<String> cases() {
    return Stream.of(
        "+tls -p 8853 www.tls.test",
        "+tls -p 8853 www.tls.test +short",
        "+tls -p 8853 www.tls.test +qr",
        "+tls -p 8853 www.tls.test +yaml",
        "+tls -p 8853 www.tls.test tls.test NS +notls",
        // No -p: port 853, where nothing listens.
        "+tls +tries=1 www.tls.test",
        // TLS with a plain DNS port: the handshake times out and dig says nothing.
        "+tls -p 5353 +tries=2 +time=1 www.tls.test",
        "+tls-ca=DIR/cert.pem -p 8853 www.tls.test",
        "+tls-ca -p 8853 www.tls.test",
        "+tls-ca=DIR/cert.pem +tls-hostname=other.test -p 8853 www.tls.test",
        "+tls-ca=DIR/cert.pem +tls-hostname=tls.test -p 8853 www.tls.test",
        "+tls-hostname=tls.test -p 8853 www.tls.test",
        "+tls-ca=DIR/cert.pem +tls-hostname=tls.test. -p 8853 www.tls.test",
        "+tls-ca=DIR/cert.pem +tls-hostname=TLS.TEST -p 8853 www.tls.test",
        "+tls-ca=DIR/cert.pem +tls-hostname=127.53.2.8 -p 8853 www.tls.test",
        "+tls-ca=DIR/cert.pem +tls-hostname=127.53.2.9 -p 8853 www.tls.test",
        "+tls-ca=DIR/missing.pem -p 8853 www.tls.test",
        "+tls-certfile=DIR/cert.pem -p 8853 www.tls.test",
        "+tls-certfile=DIR/cert.pem +tls-keyfile=DIR/key.pem -p 8853 www.tls.test",
        "+tls-certfile=DIR/cert.pem +tls-keyfile=DIR/key.pem +tls-ca=DIR/cert.pem -p 8853"
            + " www.tls.test",
        "+tls-certfile=DIR/cert.pem +tls-keyfile=DIR/key-rsa.pem +tls-ca=DIR/cert.pem -p 8853"
            + " www.tls.test",
        "+tls-certfile=DIR/cert.pem +tls-keyfile=DIR/key-ec.pem +tls-ca=DIR/cert.pem -p 8853"
            + " www.tls.test",
        // Files OpenSSL cannot use: BIND logs its error on stderr.
        "+tls-certfile=DIR/cert.pem +tls-keyfile=DIR/cert.pem +tls-ca=DIR/cert.pem -p 8853"
            + " www.tls.test +short",
        "+tls-certfile=DIR/missing.pem +tls-keyfile=DIR/key.pem -p 8853 www.tls.test",
        "+tls-certfile=DIR/key.pem +tls-keyfile=DIR/key.pem -p 8853 www.tls.test",
        "+tls-certfile=DIR/cert.pem +tls-keyfile=DIR/missing.pem -p 8853 www.tls.test",
        // nsd does not agree to ALPN "dot": dig transfers no zone over that connection.
        "+tls -p 8853 tls.test AXFR",
        "+tls-hostname www.tls.test",
        "+tls-c www.tls.test",
        "+tl www.tls.test");
  }

  @ParameterizedTest(name = "dig {0}")
  @MethodSource("cases")
  void sameAsDig(String line) {
    List<String> argv = new ArrayList<>(List.of("dig", "@" + ADDRESS));
    for (String word : line.split(" ")) {
      argv.add(word.replace("DIR/", dir + "/"));
    }
    SAME.assertSame(
        line, Cmd.run(argv.toArray(String[]::new)), Run.netdiag(argv.toArray(String[]::new)));
  }

  @org.junit.jupiter.api.Test
  void batchLinesOverTls() throws Exception {
    Path batch = dir.resolve("batch.txt");
    Files.writeString(batch, "www.tls.test +tls\ntls.test NS +tls\nwww.tls.test +tls +short\n");
    String[] argv = {"dig", "@" + ADDRESS, "-p", "8853", "-f", batch.toString()};
    SAME.assertSame("-f over TLS", Cmd.run(argv), Run.netdiag(argv));
  }
}
