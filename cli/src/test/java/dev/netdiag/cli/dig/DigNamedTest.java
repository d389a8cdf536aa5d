package dev.netdiag.cli.dig;

import dev.netdiag.cli.Run;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.NamedServer;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BIND dig 9.18 against ours on BIND named (127.0.0.1, free ports), which serves what nsd does not:
 * DNS over HTTPS and plain HTTP/2 ({@code +https}, {@code +http-plain} and their options: answers
 * by POST and GET, the SERVER line, +yaml, +qr, +short, certificate checks against a self-signed
 * certificate openssl makes for the test, a wrong path (HTTP 404), TLS against the plain port, the
 * default port, the quirks of dig's option grammar, batch lines); zone transfers over TLS (XoT) on
 * its DNS-over-TLS port; server cookies (good, +cookie=HEX, a truncated answer's cookie carried to
 * TCP); NSID and EXPIRE; and a batch of 40 option lines (resources dig/named-options.txt) run both
 * as one -f file and line by line. In each case words HTTPS, HTTP, DOT and DNS stand for the
 * server's ports. Needs named, dig and openssl.
 */
class DigNamedTest {
  private static final String ZONE =
      """
      $ORIGIN doh.test.
      $TTL 300
      @        IN SOA ns1 hostmaster 1 3600 900 604800 300
      @        IN NS  ns1
      ns1      IN A   127.0.0.1
      www      IN A   192.0.2.1
      www      IN AAAA 2001:db8::1
      txt      IN TXT "hello over https"
      """
          // An RRset too large for UDP: a truncated answer, then TCP.
          + java.util.stream.IntStream.range(0, 30)
              .mapToObj(i -> "big IN TXT \"" + "x".repeat(60) + i + "\"\n")
              .collect(java.util.stream.Collectors.joining());

  private static final Differential SAME =
      DigDifferentialTest.SAME
          .mask("_time: !!timestamp .*", "_time: T")
          .mask("^( +COOKIE:) [0-9a-f]+", "$1 X")
          // +identify's time.
          .mask(" in [0-9]+ ms\\.$", " in X ms.")
          .withStderr();

  @TempDir static Path dir;
  @AutoClose private static NamedServer named;

  @BeforeAll
  static void start() throws Exception {
    Requires.assumeInstalled("named", "dig", "openssl");
    SelfSignedCertificate certificate = SelfSignedCertificate.make(dir, "doh.test", "127.0.0.1");
    named = NamedServer.start(Map.of("doh.test", ZONE), certificate);
  }

  static Stream<String> cases() {
    return Stream.of(
        "-p HTTPS +https www.doh.test",
        "-p HTTPS +https-get www.doh.test",
        "-p HTTPS +https-post www.doh.test AAAA",
        "-p HTTPS +https www.doh.test +short",
        "-p HTTPS +https www.doh.test +yaml",
        "-p HTTPS +https www.doh.test +qr",
        "-p HTTPS +https-get www.doh.test +qr +nocookie",
        "-p HTTPS +https www.doh.test txt.doh.test TXT",
        "-p HTTPS +https=/dns-query txt.doh.test TXT +multiline",
        "-p HTTP +http-plain www.doh.test",
        "-p HTTP +http-plain-get www.doh.test",
        "-p HTTP +http-plain www.doh.test +yaml",
        // The certificate checked: against the file, the system's store, a host name.
        "-p HTTPS +https +tls-ca=DIR/cert.pem www.doh.test",
        "-p HTTPS +https +tls-ca=DIR/cert.pem +tls-hostname=doh.test www.doh.test",
        "-p HTTPS +https +tls-ca=DIR/cert.pem +tls-hostname=other.test www.doh.test",
        "-p HTTPS +https +tls-ca www.doh.test",
        "-p HTTPS +https +tls-certfile=DIR/cert.pem www.doh.test",
        // No DNS message: a path the server does not serve (404), TLS with the plain port, a
        // closed port (443 by default). (Plain HTTP/2 with the TLS port is left out: the server
        // closes on it, and whether the client reads an end of file or a reset is a race, for dig
        // as for us.)
        "-p HTTPS +https=/nope +tries=2 www.doh.test",
        "-p HTTP +https +tries=2 www.doh.test",
        "+https +tries=1 www.doh.test",
        // dig's grammar: +notcp makes it UDP (still called HTTPS), +nohttps leaves TCP, a later
        // +https keeps plain and GET, +tls wins over +https.
        "-p DNS +https +notcp www.doh.test",
        "-p DNS +notcp +https www.doh.test",
        "-p DNS +https +nohttps www.doh.test",
        "-p HTTP +http-plain +https www.doh.test",
        "-p HTTPS +https-get +https www.doh.test",
        "-p HTTP +http-plain- www.doh.test",
        "-p HTTPS +https=/ +tries=1 www.doh.test",
        "+https=dns-query www.doh.test",
        "+https=/%zz www.doh.test",
        "+ht www.doh.test",
        "+http www.doh.test",
        "+http-p www.doh.test",
        "+https-x www.doh.test",
        "+HTTPS www.doh.test",
        // Zone transfers over TLS: the TLS SERVER line; an HTTP/2 port does not agree to ALPN
        // "dot", which dig requires for a transfer; a certificate check that fails.
        "-p DOT +tls doh.test AXFR",
        "-p DOT +tls doh.test AXFR +yaml",
        "-p DOT +tls doh.test IXFR=0",
        "-p DOT +tls +tls-ca=DIR/cert.pem doh.test AXFR",
        "-p DOT +tls +tls-ca doh.test AXFR",
        "-p HTTPS +tls doh.test AXFR",
        "-p DNS +tcp doh.test AXFR +onesoa",
        // named answers cookies: good for ours and for +cookie=HEX's, bad for a short one.
        "-p DNS www.doh.test txt.doh.test TXT",
        "-p DNS +cookie=0102030405060708 www.doh.test",
        "-p DNS +cookie=0102030405060708 www.doh.test +yaml",
        "-p DNS +cookie=01020304 www.doh.test",
        // Truncated: the TCP query carries the server's cookie from the UDP reply, as dig's.
        "-p DNS +qr +noanswer big.doh.test TXT",
        "-p DNS +qr +noanswer +cookie=0102030405060708 big.doh.test TXT",
        "-p DNS +noanswer big.doh.test TXT +yaml",
        // An AXFR is TCP whatever +notcp says; an IXFR after +notcp is one UDP query.
        "-p DNS +notcp doh.test AXFR",
        "-p DNS +notcp doh.test IXFR=0",
        "-p DNS doh.test +notcp IXFR=0 +yaml");
  }

  @ParameterizedTest(name = "dig {0}")
  @MethodSource("cases")
  void sameAsDig(String line) {
    List<String> argv = new ArrayList<>(List.of("dig", "@" + named.address()));
    for (String word : line.split(" ")) {
      argv.add(port(word).replace("DIR/", dir + "/"));
    }
    SAME.assertSame(
        line, Cmd.run(argv.toArray(String[]::new)), Run.netdiag(argv.toArray(String[]::new)));
  }

  private static String port(String word) {
    return switch (word) {
      case "HTTPS" -> Integer.toString(named.httpsPort());
      case "HTTP" -> Integer.toString(named.httpPort());
      case "DNS" -> Integer.toString(named.dnsPort());
      case "DOT" -> Integer.toString(named.tlsPort());
      default -> word;
    };
  }

  /**
   * Batch lines the engine hands to the one-lookup path, as dig prints them: +qr's queries, zone
   * transfers, an IXFR made UDP, +nofail, and -6 (which skips the IPv4 server from then on).
   */
  @Test
  void batchLinesRunAsLookups() throws Exception {
    Path batch = dir.resolve("lookups.txt");
    Files.writeString(
        batch,
        String.join(
            "\n",
            "www.doh.test +qr",
            "doh.test AXFR",
            "doh.test +notcp IXFR=0",
            "www.doh.test",
            "www.doh.test +qr +yaml",
            "txt.doh.test TXT +nofail",
            "www.doh.test +tcp +qr",
            "big.doh.test TXT +noanswer",
            "big.doh.test TXT +qr +noanswer",
            "www.doh.test -6",
            "www.doh.test",
            ""));
    String[] argv = {"dig", "@" + named.address(), "-p", port("DNS"), "-f", batch.toString()};
    SAME.assertSame("-f lookups", Cmd.run(argv), Run.netdiag(argv));
  }

  static Stream<String> optionLines() throws java.io.IOException {
    return optionFile().lines().filter(l -> !l.isBlank());
  }

  private static String optionFile() throws java.io.IOException {
    try (var in = DigNamedTest.class.getResourceAsStream("/dig/named-options.txt")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    }
  }

  @ParameterizedTest(name = "dig {0}")
  @MethodSource("optionLines")
  void optionLineAsDig(String line) {
    List<String> argv = new ArrayList<>(List.of("dig", "@" + named.address(), "-p", port("DNS")));
    argv.addAll(List.of(line.split(" ")));
    SAME.assertSame(
        line, Cmd.run(argv.toArray(String[]::new)), Run.netdiag(argv.toArray(String[]::new)));
  }

  @Test
  void optionLinesAsOneBatch() throws Exception {
    Path batch = dir.resolve("options.txt");
    Files.writeString(batch, optionFile());
    String[] argv = {"dig", "@" + named.address(), "-p", port("DNS"), "-f", batch.toString()};
    SAME.assertSame("-f options", Cmd.run(argv), Run.netdiag(argv));
  }

  @Test
  void batchLinesOverHttps() throws Exception {
    Path batch = dir.resolve("batch.txt");
    Files.writeString(
        batch,
        "www.doh.test +https\ntxt.doh.test TXT +https-get\nwww.doh.test +https +short\n"
            + "www.doh.test AAAA\n");
    String[] argv = {
      "dig", "@" + named.address(), "-p", port("HTTPS"), "+tries=1", "-f", batch.toString()
    };
    SAME.assertSame("-f over HTTPS", Cmd.run(argv), Run.netdiag(argv));
  }
}
