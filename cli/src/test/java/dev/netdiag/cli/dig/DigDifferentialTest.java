package dev.netdiag.cli.dig;

import dev.netdiag.cli.Run;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.NsdServer;
import dev.netdiag.testkit.Requires;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real BIND dig 9.18 against ours on the same nsd (127.53.2.1:5353), same arguments, stdout and
 * exit code compared with query id, times, date and cookie masked. Needs root, nsd and dig.
 */
class DigDifferentialTest {
  private static final String SERVER = "127.53.2.1";
  private static final int PORT = 5353;
  private static final String ZONE =
      """
      $ORIGIN diff.test.
      $TTL 300
      @        IN SOA ns1 hostmaster 7 3600 900 604800 300
      @        IN NS  ns1
      @        IN MX  10 mail
      ns1      IN A   127.53.2.1
      www      IN A   192.0.2.1
      www      IN A   192.0.2.2
      www      IN AAAA 2001:db8::1
      v6       IN AAAA 2001:db8:0:0:1::1
      alias    IN CNAME www
      txt      IN TXT "hello \\"world\\"" "back\\\\slash"
      long     IN TXT "0123456789012345678901234567890123456789012345678901234567890123456789"
      mail     IN A   192.0.2.25
      averyveryverylonglabelname IN A 192.0.2.9
      """;

  private static final String REVERSE4 =
      """
      $ORIGIN 2.0.192.in-addr.arpa.
      $TTL 300
      @        IN SOA ns1.diff.test. hostmaster.diff.test. 1 3600 900 604800 300
      @        IN NS  ns1.diff.test.
      1        IN PTR www.diff.test.
      25       IN PTR mail.diff.test.
      """;

  private static final String REVERSE6 =
      """
      $ORIGIN 8.b.d.0.1.0.0.2.ip6.arpa.
      $TTL 300
      @        IN SOA ns1.diff.test. hostmaster.diff.test. 1 3600 900 604800 300
      @        IN NS  ns1.diff.test.
      1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0 IN PTR www.diff.test.
      """;

  @AutoClose private static NsdServer nsd;
  // Configured for diff.test without its zone file: it answers SERVFAIL (EDE "Not Ready").
  @AutoClose private static NsdServer failing;

  // What differs between two runs of the same lookup; other dig tests start from it.
  static final Differential SAME =
      Differential.exact()
          .mask("id: [0-9]+", "id: X")
          .mask("Query time: [0-9]+ (msec|usec)", "Query time: X")
          .mask("^;; WHEN: .*", ";; WHEN: X")
          .mask("^; COOKIE: .*", "; COOKIE: X")
          .mask("^(;; Received [0-9]+ bytes from .*) in [0-9]+ (ms|us)$", "$1 in X");

  @BeforeAll
  static void start() {
    Requires.assumeRoot("nsd binds a loopback address");
    Requires.assumeInstalled("nsd", "dig");
    nsd =
        NsdServer.start(
            SERVER,
            PORT,
            Map.of(
                "diff.test",
                ZONE,
                "2.0.192.in-addr.arpa",
                REVERSE4,
                "8.b.d.0.1.0.0.2.ip6.arpa",
                REVERSE6),
            "key:\n  name: \"k1\"\n  algorithm: hmac-sha256\n  secret: \""
                + SECRET
                + "\"\nkey:\n  name: \"k5\"\n  algorithm: hmac-md5\n  secret: \""
                + MD5_SECRET
                + "\"\n");
  }

  // TSIG keys the server knows: k1 (hmac-sha256) and k5 (hmac-md5, dig's -y default).
  private static final String SECRET = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";
  private static final String MD5_SECRET = "bWQ1c2VjcmV0bWQ1c2VjcmV0";
  private static final String WRONG = "d3JvbmdrZXl3cm9uZ2tleXdyb25na2V5d3Jvbmc=";

  // What differs between two signed runs: the time signed, the MAC and the query id it echoes.
  private static final Differential SIGNED =
      // The algorithm may be a long name (hmac-md5.sig-alg.reg.int.): the time after it is masked
      // too, or a second boundary between the two runs fails the comparison.
      SAME.mask("(hmac-[a-z0-9.-]+\\.) [0-9]+ 300 ", "$1 T 300 ")
          .mask("300 ([0-9]+) [A-Za-z0-9+/=]{8,} [0-9]+ ", "300 $1 MAC ID ")
          .mask("300 0 [0-9]+ ", "300 0 ID ")
          .mask("^\t+[A-Za-z0-9+/=]{8,} \\) [0-9]+ ", "\tMAC ) ID ")
          .withStderr();

  @ParameterizedTest(name = "dig TSIG {0}")
  @MethodSource("tsigCases")
  void tsigAsDigSignsAndVerifies(String line) throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("netdiag-tsig");
    try {
      java.nio.file.Files.writeString(
          dir.resolve("k1.key"),
          "key \"k1\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + SECRET + "\";\n};\n");
      java.nio.file.Files.writeString(
          dir.resolve("bare.key"), "key k1 {\n algorithm hmac-sha256;\n};\n");
      java.nio.file.Files.writeString(dir.resolve("garbage.key"), "garbage\n");
      List<String> argv = new ArrayList<>(List.of("@" + SERVER, "-p", Integer.toString(PORT)));
      for (String word : line.split(" ")) {
        argv.add(
            word.replace("DIR/", dir + "/")
                .replace("SECRET", SECRET)
                .replace("MD5", MD5_SECRET)
                .replace("WRONG", WRONG));
      }
      List<String> reference = new ArrayList<>(List.of("dig"));
      reference.addAll(argv);
      List<String> ours = new ArrayList<>(List.of("dig"));
      ours.addAll(argv);
      SIGNED.assertSame(
          line,
          Cmd.run(reference.toArray(String[]::new)),
          Run.netdiag(ours.toArray(String[]::new)));
    } finally {
      try (var files = java.nio.file.Files.list(dir)) {
        files.forEach(f -> f.toFile().delete());
      }
      java.nio.file.Files.deleteIfExists(dir);
    }
  }

  static Stream<String> tsigCases() {
    return Stream.of(
        "-y hmac-sha256:k1:SECRET www.diff.test",
        "-y hmac-sha256:k1:SECRET www.diff.test mail.diff.test MX +noall +answer +additional",
        "-y HMAC-SHA256:k1:SECRET www.diff.test +multiline",
        "-y hmac-sha256:k1:SECRET www.diff.test +qr",
        "-y hmac-sha256:k1:SECRET www.diff.test +short",
        "-y k5:MD5 www.diff.test",
        // The server rejects: a wrong secret (BADSIG), an unknown key (BADKEY); the warning stays.
        "-y hmac-sha256:k1:WRONG www.diff.test",
        "-y hmac-sha256:k9:SECRET www.diff.test mail.diff.test MX",
        "-k DIR/k1.key www.diff.test",
        // Keys that cannot be made: the queries go unsigned, with dig's messages.
        "-k DIR/missing.key www.diff.test +short",
        "-k DIR/garbage.key www.diff.test +short",
        "-k DIR/bare.key www.diff.test",
        "-y hmac-sha999:k1:SECRET www.diff.test",
        "-y k1:not-base64! www.diff.test",
        "-y bad www.diff.test",
        "-y aaaaaaaaaaaaaaaaaaaaaaaaa:k1:SECRET www.diff.test",
        // Signed zone transfers: the reply's TSIG printed; a wrong key fails the transfer.
        "-y hmac-sha256:k1:SECRET diff.test AXFR",
        "-y hmac-sha256:k1:WRONG diff.test AXFR");
  }

  @ParameterizedTest(name = "dig SERVFAIL {0}")
  @MethodSource("servfailCases")
  void servfailAsDigHandlesIt(String line) {
    if (failing == null) {
      failing =
          NsdServer.start(
              "127.53.2.2",
              PORT,
              Map.of(),
              "zone:\n  name: \"diff.test.\"\n  zonefile: \"missing.zone\"\n");
    }
    compare(List.of(("-p 5353 " + line).split(" ")));
  }

  @ParameterizedTest(name = "dig AXFR {0}")
  @MethodSource("axfrCases")
  void zoneTransferAsDig(String line) {
    compare(List.of(("-p 5353 " + line).split(" ")));
  }

  static Stream<String> axfrCases() {
    return Stream.of(
        "@127.53.2.1 diff.test AXFR",
        "@127.53.2.1 diff.test AXFR +onesoa",
        "@127.53.2.1 diff.test AXFR +short",
        "@127.53.2.1 diff.test AXFR +nostats +nottlid +noclass",
        "@127.53.2.1 diff.test AXFR +multiline",
        "@127.53.2.1 -t axfr 2.0.192.in-addr.arpa",
        // The server does not serve that zone: "; Transfer failed.", exit 0.
        "@127.53.2.1 other.test AXFR",
        // Nobody listens: the TCP refusal, then no server.
        "@127.53.2.9 diff.test AXFR +tries=1",
        // IXFR: current already (a lone SOA), older (nsd answers with the whole zone), bad serials.
        "@127.53.2.1 diff.test IXFR=7",
        "@127.53.2.1 diff.test ixfr=3",
        "@127.53.2.1 diff.test ixfr=3 +short",
        "@127.53.2.1 diff.test ixfr=abc",
        "@127.53.2.1 diff.test ixfr=99999999999",
        // +qr: the transfer's query (no RD) and an IXFR's SOA in its authority section.
        "@127.53.2.1 diff.test AXFR +qr +nocookie",
        "@127.53.2.1 diff.test IXFR=3 +qr");
  }

  static Stream<String> servfailCases() {
    return Stream.of(
        // +fail (the default) prints the SERVFAIL; +nofail says so and asks the next server.
        "@127.53.2.2 @127.53.2.1 www.diff.test",
        "@127.53.2.2 @127.53.2.1 www.diff.test +nofail",
        "@127.53.2.2 @127.53.2.1 www.diff.test +nofail +nocomments",
        "@127.53.2.2 @127.53.2.1 www.diff.test +nofail +short",
        "@127.53.2.2 www.diff.test +nofail",
        "@127.53.2.2 @127.53.2.2 www.diff.test +nofail");
  }

  static Stream<String> cases() {
    return Stream.of(
        "www.diff.test",
        "www.diff.test A",
        "www.diff.test AAAA",
        "v6.diff.test AAAA",
        "www.diff.test AAAA +short",
        "www.diff.test +short",
        "alias.diff.test",
        "alias.diff.test +short",
        "txt.diff.test TXT",
        "long.diff.test TXT",
        "diff.test MX",
        "diff.test SOA",
        "diff.test NS",
        "-t mx diff.test",
        "-q www.diff.test",
        "MX diff.test",
        "nope.diff.test",
        "www.diff.test TXT",
        "averyveryverylonglabelname.diff.test",
        "www.diff.test +noall +answer",
        "www.diff.test +noall +stats",
        "www.diff.test +nocomments",
        "www.diff.test +noquestion",
        "www.diff.test +noauthority +noadditional",
        "www.diff.test +tcp",
        "www.diff.test +vc",
        "www.diff.test +norecurse",
        "www.diff.test +nocookie",
        "www.diff.test +noedns",
        "www.diff.test +dnssec",
        "www.diff.test +bufsize=4096",
        "www.diff.test +cdflag",
        "www.diff.test +noadflag",
        "www.diff.test +nocmd",
        "www.diff.test +time=1 +tries=1",
        "www.diff.test +retry=0",
        "www.diff.test IN",
        "other.test",
        // several lookups on one line, global options before the first name, local ones after
        "www.diff.test A mail.diff.test MX",
        "+short www.diff.test mail.diff.test +noshort",
        "+noall +answer www.diff.test AAAA diff.test MX v6.diff.test AAAA",
        "www.diff.test +noall +answer nope.diff.test +noall +comments",
        "-t MX diff.test A +short",
        "-q www.diff.test -t aaaa -q mail.diff.test",
        "www.diff.test -c CH +short mail.diff.test",
        "+nocm www.diff.test +noall +ans",
        "-u www.diff.test +noall +stats",
        // -x for IPv4 (full and partial) and IPv6
        "-x 192.0.2.1",
        "-x 192.0.2.25 +short",
        "-x 2001:db8::1",
        "-x 2001:db8::1 +noall +question +answer",
        "-x 2.0.192 +noall +question",
        "-x 192.0.2.1 www.diff.test +short",
        // + options by dig's unique prefixes and the flags of the header
        "www.diff.test +noall +ans +qu",
        "www.diff.test +aaflag +zflag +qid=4242",
        "www.diff.test +opcode=status +noall +comments",
        "www.diff.test +noedns +cd +noad",
        "www.diff.test +nsid +expire",
        "www.diff.test +ednsflags=0x40 +edns=0",
        "www.diff.test +ednsopt=65001:abcd",
        "www.diff.test +idnout +idnin +nocrypto +nomapped +besteffort +nofail",
        // Found by random command lines against dig 9.18 (digfuzz): ECS prefixes dig clamps or
        // pads, EDNS that +bufsize/+subnet/+dnssec keep under +noedns, the greeting after
        // strtok cut a trailing '=' or ':', header flags and EDNS flags dig sends as given.
        "www.diff.test +subnet=192.0.2.0/33 +qr",
        "www.diff.test +subnet=0 +qr",
        "www.diff.test +subnet=10.0/16 +qr",
        "www.diff.test +subnet=::ffff:192.0.2.1/129 +qr",
        "www.diff.test +noedns +bufsize +qr",
        "+bufsize= www.diff.test +noedns",
        "+ednsopt=9: www.diff.test +qr",
        "+ednsopt=NSID www.diff.test",
        "+ednsopt=pad:00 www.diff.test +qr",
        "www.diff.test +ednsflags=0xffff +qr",
        "www.diff.test +coflag +dnssec +qr",
        "www.diff.test +cookie=0011 +qr",
        "www.diff.test +raflag +tcflag +qr",
        "www.diff.test +opcode=6",
        "www.diff.test +opcode=3 +noall +comments",
        "www.diff.test +noall +identify",
        "www.diff.test +noall +identify -u",
        "+ www.diff.test +short",
        "+=short www.diff.test",
        "15 diff.test +short",
        "www.diff.test CLASS65536 +short",
        "www.diff.test TYPE65536 +short",
        "-x 2001:db8::1%lo +noall +question",
        "-x 1.2.3.4.5 +noall +question",
        "caf\u00e9.diff.test +noall +question",
        "www.diff.test +ndots=129 +tries=101 +retry=100 +time=300 +short",
        // The Z bit as MBZ in both headers; a FORMERR without OPT (and without RD) to EDNS.
        "www.diff.test +zflag +qr",
        "www.diff.test +header-only +edns=255",
        // RFC 2136 section names for an UPDATE, in the query and in the answer.
        "www.diff.test +opcode=update +qr",
        // -6 with an IPv4 server: skipped as a mapped address, no query at all.
        "-6 www.diff.test mail.diff.test +short",
        "-6 www.diff.test",
        // Class 0 is RESERVED0; +cookie=HEX wants an OPT record back (NOTIMP has none).
        "www.diff.test CLASS0 +qr",
        "www.diff.test +opcode=6 +cookie=0011223344556677",
        // +qr: the query again when dig asks again (BADVERS here); +bufsize as dig's int16_t.
        "www.diff.test +edns=3 +qr +nocookie",
        "www.diff.test +bufsize=40000 +qr",
        "www.diff.test +bufsize=65535 +noedns +qr");
  }

  @ParameterizedTest(name = "dig bad name {0}")
  @MethodSource("badNames")
  void badNameEndsTheRunAsDig(String line) {
    List<String> argv = new ArrayList<>(List.of("@" + SERVER, "-p", Integer.toString(PORT)));
    argv.addAll(List.of(line.split(" ")));
    List<String> reference = new ArrayList<>(List.of("dig"));
    reference.addAll(argv);
    List<String> ours = new ArrayList<>(List.of("dig"));
    ours.addAll(argv);
    SAME.withStderr()
        .assertSame(
            line,
            Cmd.run(reference.toArray(String[]::new)),
            Run.netdiag(ours.toArray(String[]::new)));
  }

  // dns_name_fromtext's reasons, after the lookups before the bad name have printed.
  static Stream<String> badNames() {
    return Stream.of(
        "www.diff.test +short a..b.diff.test mail.diff.test",
        ".a +short",
        "x".repeat(64) + ".diff.test",
        "abcdefghij.".repeat(26),
        "\\256.diff.test",
        "\\0x.diff.test",
        "a.b\\",
        "\\01",
        "-x .. +short",
        "-x 192..2.1");
  }

  @ParameterizedTest(name = "dig {0}")
  @MethodSource("cases")
  void sameAsDig(String line) {
    List<String> argv = new ArrayList<>(List.of("@" + SERVER, "-p", Integer.toString(PORT)));
    argv.addAll(List.of(line.split(" ")));
    compare(argv);
  }

  /**
   * dig sends one client cookie for the whole run (dighost.c compute_cookie copies a secret drawn
   * at start), so nsd echoes the same first 8 bytes in every reply; the comparisons mask the cookie
   * lines, so this counts the distinct client halves on both sides.
   */
  @ParameterizedTest(name = "dig client cookie {0}")
  @ValueSource(strings = {"lookups", "batch"})
  void oneClientCookieForTheRun(String how) throws Exception {
    // nsd answers cookies only when told to: a server of its own for this test.
    try (NsdServer cookies =
        NsdServer.start(
            "127.53.2.7", PORT, Map.of("diff.test", ZONE), "server:\n  answer-cookie: yes\n")) {
      compareClientCookies(how, "127.53.2.7");
    }
  }

  private static void compareClientCookies(String how, String server) throws Exception {
    java.nio.file.Path batch = java.nio.file.Files.createTempFile("netdiag-cookie", ".txt");
    try {
      java.nio.file.Files.writeString(batch, "www.diff.test\nmail.diff.test MX\ndiff.test NS\n");
      List<String> argv =
          new ArrayList<>(List.of("dig", "-r", "@" + server, "-p", Integer.toString(PORT)));
      argv.addAll(
          how.equals("batch")
              ? List.of("-f", batch.toString())
              : List.of("www.diff.test", "mail.diff.test", "MX", "diff.test", "NS"));
      for (Cmd.Result run :
          List.of(Cmd.run(argv.toArray(String[]::new)), Run.netdiag(argv.toArray(String[]::new)))) {
        List<String> clients =
            run.stdout()
                .lines()
                .filter(l -> l.startsWith("; COOKIE: "))
                .map(l -> l.substring(10, 26))
                .toList();
        org.junit.jupiter.api.Assertions.assertEquals(3, clients.size(), run.stdout());
        org.junit.jupiter.api.Assertions.assertEquals(
            1, clients.stream().distinct().count(), clients.toString());
      }
    } finally {
      java.nio.file.Files.deleteIfExists(batch);
    }
  }

  @ParameterizedTest(name = "dig closed port {0}")
  @MethodSource("closedCases")
  void closedPortIsReportedAsDigDoes(String line) {
    compare(List.of(line.split(" ")));
  }

  static Stream<String> closedCases() {
    return Stream.of(
        "@127.53.2.9 -p 5999 +tries=1 x.test @127.53.2.1 +short",
        "-p 5353 @127.53.2.9 +tries=1 +time=1 www.diff.test @127.53.2.1 +noall +answer",
        "@127.53.2.9 -p 5999 +tries=1 x.test",
        "@127.53.2.9 -p 5999 +tries=2 +time=1 x.test",
        "@127.53.2.9 -p 5999 +short x.test",
        // +qr over TCP: the query is printed once the connection is up, so not when refused.
        "@127.53.2.9 -p 5999 +tcp +qr +tries=2 x.test",
        "+tcp +qr +tries=2 -p 5353 @127.53.2.9 @127.53.2.1 www.diff.test",
        "+qr +tries=1 -p 5999 @127.53.2.9 x.test +tcp y.test",
        // -b of one family turns the other off, as -4/-6 do; against -4/-6 it is no address.
        "-b ::1 @127.53.2.1 -p 5353 www.diff.test",
        "@127.53.2.1 -b ::1 -p 5353 www.diff.test",
        "-b ::1#0 @127.53.2.1 @::1 -p 5999 +tries=1 x.test",
        "-b 127.0.0.1 @::1 -p 5999 x.test",
        "-b ::1 -4 @127.53.2.1 -p 5353 x.test",
        "-b 127.0.0.1 -6 @::1 -p 5999 +tries=1 x.test",
        "-b 1.2.3#53 @127.53.2.1 x.test",
        // The exit code is the last lookup's: dig sets it back to 0 when a socket is up.
        "-p 5353 +tries=1 www.diff.test @127.53.2.9 www.diff.test @127.53.2.1 +short",
        "-p 5353 +tries=1 www.diff.test @127.53.2.1 www.diff.test @127.53.2.9 +short",
        "+tcp -p 5353 +tries=1 www.diff.test @127.53.2.9 www.diff.test @127.53.2.1 +short");
  }

  @ParameterizedTest(name = "dig bad option {0}")
  @MethodSource("badOptions")
  void badOptionGivesDigsMessageAndExitCode(String option) {
    List<String> argv = new ArrayList<>(List.of("dig", "-r"));
    argv.addAll(List.of(option.split(" ")));
    Cmd.Result theirs = Cmd.run(argv.toArray(String[]::new));
    Differential.exact()
        .withStderr()
        .assertSame(option, theirs, Run.netdiag(argv.toArray(String[]::new)));
  }

  static Stream<String> badOptions() {
    return Stream.of(
        "+foo",
        "+nofoo",
        "+bogus=1",
        "-z",
        "-x",
        "-4 -6",
        "+time=x",
        "+bufsize=70000",
        "-b 127.0.0.1#x",
        "-b 1.2.3.x",
        "-p 99999",
        "+sho",
        "-f /nonexistent/batch",
        // digfuzz: prefixes dig's switch refuses (case matters in its letters), limits as
        // dighost.h sets them, split's warning on the old width, the warnings printed before
        // the error, ednsopt and subnet errors, an empty server name, a bare "-".
        "+h",
        "+noh",
        "+dn",
        "+f",
        "+show",
        "+SHORT",
        "+sHort",
        "+split=x",
        "+split=8 +split=x",
        "+split=1024",
        "+nosplit +split=x",
        "+ndots=65535 +tries=4294967295 +retry=4294967294 +timeout=65535 -h",
        "+ndots=65536",
        "+tries=4294967296",
        "+retry=4294967295",
        "+timeout=65536",
        "www.test -t CLASS1 +edns=256",
        "www.test A MX +sho",
        "+topdown +unexpected +dscp +sigchase -h",
        "+idnin +idnout -h",
        "+ednsopt=x",
        "+ednsopt=65536",
        "+ednsopt=:",
        "+ednsopt=9:abc",
        "+ednsopt=9::ab",
        "+subnet=x",
        "+subnet=1.2.3.4/x",
        "+subnet=1.2.3.4/99999999999",
        "+subnet=2001:db8:1:2:3:4:5:6:7:8:9:10:11:12/64",
        "+cookie=" + "ab".repeat(41),
        "-",
        "@",
        "+ +nofoo",
        // preparse_args: a bad dash option or a value option without its value comes first.
        "+opcode -z",
        "+split=1024 -q",
        "+qid=65536 --",
        "-debug",
        "-dz",
        "-4x",
        "-h",
        "-v");
  }

  @ParameterizedTest(name = "dig -f {0}")
  @MethodSource("batches")
  void batchFileGivesDigsOutput(String label, String file, String options) throws Exception {
    java.nio.file.Path batch = java.nio.file.Files.createTempFile("netdiag-batch", ".txt");
    try {
      java.nio.file.Files.writeString(batch, file);
      List<String> argv =
          new ArrayList<>(
              List.of("-r", "@" + SERVER, "-p", Integer.toString(PORT), "-f", batch.toString()));
      if (!options.isEmpty()) {
        argv.addAll(List.of(options.split(" ")));
      }
      List<String> reference = new ArrayList<>(List.of("dig"));
      reference.addAll(argv);
      List<String> ours = new ArrayList<>(List.of("dig"));
      ours.addAll(argv);
      // stderr too: usage, warnings and version lines of the batch's own lines.
      SAME.withStderr()
          .assertSame(
              "dig -f " + label,
              Cmd.run(reference.toArray(String[]::new)),
              Run.netdiag(ours.toArray(String[]::new)));
    } finally {
      java.nio.file.Files.deleteIfExists(batch);
    }
  }

  /**
   * A reader that stops early ({@code dig -f FILE | head}): dig ignores SIGPIPE and its writes'
   * errors, runs every lookup and exits 0, silent on stderr. Ours gets a stdout that fails as a
   * closed pipe does after its first 300 bytes.
   */
  @org.junit.jupiter.api.Test
  void batchIntoAClosedPipeEndsAsDigDoes() throws Exception {
    java.nio.file.Path batch = java.nio.file.Files.createTempFile("netdiag-batch", ".txt");
    try {
      java.nio.file.Files.writeString(batch, "www.diff.test\n".repeat(200));
      String args = "-r @" + SERVER + " -p " + PORT + " -f " + batch;
      Cmd.Result dig =
          Cmd.run("bash", "-c", "dig " + args + " | head -c 300 >/dev/null; exit ${PIPESTATUS[0]}");
      java.io.OutputStream pipe =
          new java.io.OutputStream() {
            private int written;

            @Override
            public void write(int b) throws java.io.IOException {
              write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
              written += len;
              if (written > 300) {
                throw new java.io.IOException("Broken pipe");
              }
            }
          };
      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      int code = dev.netdiag.cli.Main.run(("dig " + args).split(" "), pipe, err);
      org.junit.jupiter.api.Assertions.assertEquals(
          dig.exitCode() + " [" + dig.stderr() + "]", code + " [" + err + "]");
    } finally {
      java.nio.file.Files.deleteIfExists(batch);
    }
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> batches() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 600; i++) {
      many.append(i % 3 == 0 ? "www" : i % 3 == 1 ? "mail" : "nope").append(".diff.test\n");
    }
    return Stream.of(
        org.junit.jupiter.params.provider.Arguments.of(
            "plain", "www.diff.test\nmail.diff.test MX\ndiff.test SOA\n", ""),
        org.junit.jupiter.params.provider.Arguments.of(
            "comments, blank lines and local options",
            "# first\n\nwww.diff.test +tcp\n\nmail.diff.test +short\n-x 192.0.2.1\n"
                + "nope.diff.test +noall +comments\nwww.diff.test AAAA +noall +answer\n",
            ""),
        org.junit.jupiter.params.provider.Arguments.of(
            "global options and a name on the command line",
            "www.diff.test\nalias.diff.test\n",
            "+noall +answer +cmd mail.diff.test"),
        org.junit.jupiter.params.provider.Arguments.of(
            "a closed server on one line",
            "www.diff.test\nmail.diff.test @127.53.2.9 +tries=1\ndiff.test NS\n",
            "+nostats"),
        org.junit.jupiter.params.provider.Arguments.of(
            "600 names, more than the window", many.toString(), "+noall +answer +comments"),
        // digfuzz: a name dig cannot make ends the batch (exit 10) after the answers before it.
        org.junit.jupiter.params.provider.Arguments.of(
            "a bad name", "www.diff.test\na..b\nmail.diff.test\n", "+short"),
        // A line dig exits at (usage(), fatal(), -h, -v), after the answers before it, with its
        // exit code; a bare '+' is reported on stdout where the line is, and the batch goes on.
        org.junit.jupiter.params.provider.Arguments.of(
            "an unknown option", "www.diff.test\n+badopt mail.diff.test\ndiff.test\n", "+short"),
        org.junit.jupiter.params.provider.Arguments.of(
            "a missing argument", "www.diff.test\nmail.diff.test -t\ndiff.test\n", "+short"),
        org.junit.jupiter.params.provider.Arguments.of(
            "a bad number", "www.diff.test\nmail.diff.test +tries=abc\ndiff.test\n", "+short"),
        org.junit.jupiter.params.provider.Arguments.of(
            "a bad port", "www.diff.test\nmail.diff.test -p 99999\ndiff.test\n", "+short"),
        org.junit.jupiter.params.provider.Arguments.of(
            "help on a line", "www.diff.test\n-h\ndiff.test\n", "+short"),
        org.junit.jupiter.params.provider.Arguments.of(
            "the version on a line", "www.diff.test\n-v\ndiff.test\n", "+short"),
        org.junit.jupiter.params.provider.Arguments.of(
            "bare plus signs",
            "www.diff.test\n+ mail.diff.test\ndiff.test + +\nwww.diff.test\n",
            "+short"),
        org.junit.jupiter.params.provider.Arguments.of(
            "a warning between answers",
            "www.diff.test\nmail.diff.test -c XX\ndiff.test TYPE99999\nwww.diff.test\n",
            "+short"));
  }

  /**
   * {@code dig -f -} fed by a pipe: each answer comes out as its line is answered, not when the
   * input ends (dig reads and answers a line at a time), and the run ends at the input's end.
   */
  @org.junit.jupiter.api.Test
  void aBatchFromAPipePrintsEachAnswerAsItComes() throws Exception {
    List<String> argv =
        dev.netdiag.testkit.JavaMain.command(
            dev.netdiag.cli.Main.class.getName(),
            "dig",
            "-r",
            "@" + SERVER,
            "-p",
            Integer.toString(PORT),
            "+short",
            "-f",
            "-");
    Process dig = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    java.util.concurrent.ExecutorService reading =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    // Nothing here may hang: the process is killed first on any failure, which ends the reads.
    try {
      var in = dig.outputWriter();
      var out = dig.inputReader();
      in.write("mail.diff.test\n");
      in.flush();
      String first = reading.submit(out::readLine).get(20, java.util.concurrent.TimeUnit.SECONDS);
      org.junit.jupiter.api.Assertions.assertEquals(
          "192.0.2.25", first, "the first answer, while the input stays open");
      in.write("mail.diff.test\n");
      in.close();
      String second = reading.submit(out::readLine).get(20, java.util.concurrent.TimeUnit.SECONDS);
      org.junit.jupiter.api.Assertions.assertEquals("192.0.2.25", second);
      org.junit.jupiter.api.Assertions.assertTrue(
          dig.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "dig -f - did not end");
      org.junit.jupiter.api.Assertions.assertEquals(0, dig.exitValue());
    } finally {
      dig.destroyForcibly();
      reading.shutdownNow();
    }
  }

  @org.junit.jupiter.api.Test
  void digrcIsReadFromHomeAndSkippedWithR() throws Exception {
    java.nio.file.Path home = java.nio.file.Files.createTempDirectory("netdiag-home");
    try {
      java.nio.file.Files.writeString(home.resolve(".digrc"), "+noall +answer\n-t MX\n");
      for (String line :
          List.of("diff.test", "-r diff.test", "diff.test A +comments", "+short diff.test")) {
        List<String> argv = new ArrayList<>(List.of("@" + SERVER, "-p", Integer.toString(PORT)));
        argv.addAll(List.of(line.split(" ")));
        List<String> reference = new ArrayList<>(List.of("env", "HOME=" + home, "dig"));
        reference.addAll(argv);
        Cmd.Result theirs = Cmd.run(reference.toArray(String[]::new));
        SAME.withStderr()
            .assertSame(
                "~/.digrc " + line,
                theirs,
                inProcess(
                    new DigTool(java.nio.file.Path.of("/nonexistent"), home.toString()), argv));
      }
    } finally {
      java.nio.file.Files.deleteIfExists(home.resolve(".digrc"));
      java.nio.file.Files.deleteIfExists(home);
    }
  }

  @ParameterizedTest(name = "dig via resolv.conf {0}")
  @MethodSource("resolvConfCases")
  void resolvConfServersAsDigReadsThem(String line) throws Exception {
    viaResolvConf("", line);
  }

  @ParameterizedTest(name = "dig search list [{0}] {1}")
  @MethodSource("searchCases")
  void searchListAsDigAppliesIt(String search, String line) throws Exception {
    viaResolvConf(search, line);
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> searchCases() {
    String nx = "search sub.diff.test diff.test\n";
    return Stream.of(
        // NXDOMAIN moves on to the next domain; the first other answer is the one printed.
        org.junit.jupiter.params.provider.Arguments.of(nx, "www +search"),
        org.junit.jupiter.params.provider.Arguments.of(nx, "www +showsearch"),
        org.junit.jupiter.params.provider.Arguments.of(nx, "www +search +short"),
        org.junit.jupiter.params.provider.Arguments.of(nx, "mail +search MX +noall +answer"),
        // Every domain NXDOMAIN: the name as typed is asked last.
        org.junit.jupiter.params.provider.Arguments.of(nx, "nope +search"),
        org.junit.jupiter.params.provider.Arguments.of(nx, "nope +showsearch +short"),
        // Enough dots, a final dot, ndots 0, no +search: no search.
        org.junit.jupiter.params.provider.Arguments.of(nx, "www.diff +search"),
        org.junit.jupiter.params.provider.Arguments.of(nx, "www.diff +search +ndots=2"),
        org.junit.jupiter.params.provider.Arguments.of(nx, "www. +search +ndots=2"),
        org.junit.jupiter.params.provider.Arguments.of(nx, "www +search +ndots=0"),
        org.junit.jupiter.params.provider.Arguments.of(nx, "www"),
        // +domain= replaces the list and turns the search on; -x names are absolute.
        org.junit.jupiter.params.provider.Arguments.of(nx, "www +domain=diff.test"),
        org.junit.jupiter.params.provider.Arguments.of("", "alias +domain=diff.test +nosearch"),
        org.junit.jupiter.params.provider.Arguments.of(nx, "+search -x 192.0.2.1"),
        // A server that refuses a domain ends the search with its answer (no statistics).
        org.junit.jupiter.params.provider.Arguments.of(
            "search other.test diff.test\n", "www +search"),
        org.junit.jupiter.params.provider.Arguments.of("domain diff.test\n", "www +search"));
  }

  private static void viaResolvConf(String extra, String line) throws Exception {
    String conf = "nameserver " + SERVER + "\n" + extra + "options timeout:1 attempts:1\n";
    java.nio.file.Path file = java.nio.file.Files.createTempFile("netdiag-resolv", ".conf");
    try {
      java.nio.file.Files.writeString(file, conf);
      List<String> argv = new ArrayList<>(List.of("-r", "-p", Integer.toString(PORT)));
      argv.addAll(List.of(line.split(" ")));
      List<String> reference = new ArrayList<>(List.of("dig"));
      reference.addAll(argv);
      Cmd.Result theirs =
          dev.netdiag.testkit.ResolverSandbox.withResolvConf(conf)
              .run(java.time.Duration.ofSeconds(30), reference);
      SAME.assertSame(
          "resolv.conf " + extra.strip() + ": " + line,
          theirs,
          inProcess(new DigTool(file, null), argv));
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  static Stream<String> resolvConfCases() {
    return Stream.of("www.diff.test", "www.diff.test mail.diff.test MX +short", "-x 192.0.2.1");
  }

  private static Cmd.Result inProcess(DigTool tool, List<String> argv) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code;
    try (dev.netdiag.cli.Output o = new dev.netdiag.cli.Output(out);
        dev.netdiag.cli.Output e = new dev.netdiag.cli.Output(err)) {
      code = tool.run(argv, new dev.netdiag.cli.ToolContext("dig", o, e, false));
    } catch (Exception ex) {
      throw new AssertionError(ex);
    }
    return new Cmd.Result(
        code,
        out.toString(java.nio.charset.StandardCharsets.UTF_8),
        err.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void compare(List<String> argv) {
    List<String> reference = new ArrayList<>(List.of("dig"));
    reference.addAll(argv);
    Cmd.Result theirs = Cmd.run(reference.toArray(String[]::new));
    List<String> ours = new ArrayList<>(List.of("dig"));
    ours.addAll(argv);
    SAME.assertSame(String.join(" ", argv), theirs, Run.netdiag(ours.toArray(String[]::new)));
  }
}
