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

/**
 * Command lines a sweep of everyday dig usage found printing otherwise than BIND dig 9.18, run
 * against both on nsd at 127.62.1.1:5353 (its own range, apart from the benchmarks' 127.53):
 * stdout, stderr and exit code compared with query id, times, date and cookie masked. Needs root,
 * nsd and dig.
 */
class DigSweepDifferentialTest {
  private static final String SERVER = "127.62.1.1";
  private static final int PORT = 5353;
  // Types nsd cannot read in presentation form are written in RFC 3597's generic form: AMTRELAY
  // (260) and ATMA (34).
  private static final String ZONE =
      """
      $ORIGIN sweep.test.
      $TTL 300
      @        IN SOA ns1 hostmaster 7 3600 900 604800 300
      @        IN NS  ns1
      ns1      IN A   127.62.1.1
      www      IN A   192.0.2.1
      v6end    IN AAAA 2001:db8::
      v6zero   IN AAAA ::
      v6one    IN AAAA 2001:db8::1
      apl      IN APL 1:192.0.2.0/24 !2:2001:db8::/32 2:::/0
      ipsec6   IN IPSECKEY 10 2 2 2001:db8:: AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
      svc6     IN SVCB 1 . ipv6hint=2001:db8::
      key      IN KEY 256 3 13 oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA==
      keyno    IN TYPE25 \\# 4 c000030d
      revoked  IN DNSKEY 385 3 13 oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA==
      amtr4    IN TYPE260 \\# 6 0a01cb00710f
      amtrname IN TYPE260 \\# 17 0a830572656c6179076578616d706c6500
      amtr0    IN TYPE260 \\# 2 0580
      amtr6    IN TYPE260 \\# 18 140220010db8000000000000000000000000
      amtr9    IN TYPE260 \\# 5 0109aabbcc
      amtrbad  IN TYPE260 \\# 4 0101aabb
      atma0    IN TYPE34 \\# 5 0047abcd80
      atma1    IN TYPE34 \\# 3 013132
      atma2    IN TYPE34 \\# 3 024142
      atmabad  IN TYPE34 \\# 3 014142
      """;

  private static final String REVERSE =
      """
      $ORIGIN 2.0.192.in-addr.arpa.
      $TTL 300
      @        IN SOA ns1.sweep.test. hostmaster.sweep.test. 1 3600 900 604800 300
      @        IN NS  ns1.sweep.test.
      1        IN PTR www.sweep.test.
      """;

  // A transfer of several messages whose last one holds a record BIND refuses (a relay of the
  // wrong length), the zone's last name.
  private static final String BIG =
      "$ORIGIN big.test.\n$TTL 300\n@ IN SOA ns1.sweep.test. hostmaster 1 3600 900 604800 300\n"
          + "@ IN NS ns1.sweep.test.\n"
          + java.util.stream.IntStream.rangeClosed(1, 1500)
              .mapToObj(i -> "h" + i + " IN A 192.0.2." + (i % 250) + "\n")
              .collect(java.util.stream.Collectors.joining())
          + "zzzbad IN TYPE260 \\# 4 0101aabb\n";

  @AutoClose private static NsdServer nsd;

  private static final Differential SAME =
      Differential.exact()
          .withStderr()
          .mask("id: [0-9]+", "id: X")
          .mask("Query time: [0-9]+ (msec|usec)", "Query time: X")
          .mask("^;; WHEN: .*", ";; WHEN: X")
          .mask("^; COOKIE: .*", "; COOKIE: X")
          .mask("^(;; Received [0-9]+ bytes from .*) in [0-9]+ (ms|us)$", "$1 in X")
          .mask("^(\\s*(query|response)_time): !!timestamp .*", "$1: X")
          .mask("^(\\s*id): [0-9]+$", "$1: X")
          .mask("^[0-9a-f]{2}( [0-9a-f]{2}){1,15} .*", "HEX");

  @BeforeAll
  static void start() {
    Requires.assumeRoot("nsd binds a loopback address");
    Requires.assumeInstalled("nsd", "dig");
    nsd =
        NsdServer.start(
            SERVER,
            PORT,
            Map.of("sweep.test", ZONE, "2.0.192.in-addr.arpa", REVERSE, "big.test", BIG));
  }

  // The same zone on port 5999 of another address, beside servers that refuse or never answer.
  @AutoClose private static NsdServer second;
  // A UDP socket that reads nothing and a TCP listener that accepts (the kernel completes the
  // handshake) and never answers: a server that times out, over either transport.
  @AutoClose private static java.net.DatagramSocket silentUdp;
  @AutoClose private static java.net.ServerSocket silentTcp;

  /**
   * Servers that refuse (nothing on 127.62.1.1 and .2 port 5999, or port 0), one that never answers
   * (127.62.1.9) and one that does (127.62.1.3): dig counts +tries per lookup, not per server (the
   * first server has them all, each later one a single try), and a refused TCP connection with
   * tries left gives the round up with "no servers could be reached" and starts again from the
   * first server; the last words come without the greeting when that last try was refused.
   */
  @ParameterizedTest(name = "dig unanswered {0}")
  @MethodSource("unansweredCases")
  void unansweredTriesAsDigCountsThem(String line) throws java.io.IOException {
    if (silentUdp == null) {
      java.net.InetSocketAddress silent = new java.net.InetSocketAddress("127.62.1.9", 5999);
      silentUdp = new java.net.DatagramSocket(silent);
      silentTcp = new java.net.ServerSocket();
      silentTcp.bind(silent, 50);
      second =
          NsdServer.start(
              "127.62.1.3", 5999, Map.of("sweep.test", ZONE, "2.0.192.in-addr.arpa", REVERSE));
    }
    java.nio.file.Path batch = java.nio.file.Files.createTempFile("netdiag-sweep", ".batch");
    java.nio.file.Files.writeString(batch, "www.sweep.test\nv6one.sweep.test AAAA\n");
    List<String> argv = new ArrayList<>();
    for (String word : line.split(" ")) {
      argv.add(word.equals("BATCH") ? batch.toString() : word);
    }
    List<String> reference = new ArrayList<>(List.of("dig"));
    reference.addAll(argv);
    List<String> ours = new ArrayList<>(List.of("dig"));
    ours.addAll(argv);
    try {
      SAME.assertSame(
          line,
          Cmd.run(reference.toArray(String[]::new)),
          Run.netdiag(ours.toArray(String[]::new)));
    } finally {
      java.nio.file.Files.deleteIfExists(batch);
    }
  }

  static Stream<String> unansweredCases() {
    return Stream.of(
        "@127.62.1.9 @127.62.1.1 -p 5999 www.sweep.test +tries=2 +time=1",
        "@127.62.1.1 @127.62.1.9 -p 5999 www.sweep.test +tries=2 +time=1",
        "@127.62.1.1 @127.62.1.2 -p 5999 www.sweep.test",
        "@127.62.1.9 @127.62.1.3 -p 5999 www.sweep.test +tries=2 +time=1 +short",
        "@127.62.1.1 -p 5999 www.sweep.test +tcp",
        "@127.62.1.1 -p 5999 www.sweep.test +tcp +tries=1",
        "@127.62.1.1 -p 5999 www.sweep.test +tcp +tries=2 +yaml",
        "@127.62.1.1 @127.62.1.2 -p 5999 www.sweep.test +tcp +tries=2",
        "@127.62.1.1 @127.62.1.9 -p 5999 www.sweep.test +tcp +tries=2 +time=1",
        "@127.62.1.9 @127.62.1.1 -p 5999 www.sweep.test +tcp +tries=2 +time=1",
        "@127.62.1.1 @127.62.1.3 -p 5999 www.sweep.test +tcp +short",
        "@127.62.1.1 -p 5999 www.sweep.test mail.sweep.test +tcp +tries=1",
        "@127.62.1.1 -p 5999 sweep.test AXFR",
        "@127.62.1.9 -p 5999 sweep.test AXFR +tries=1 +time=1",
        "@127.62.1.1 @127.62.1.9 -p 5999 sweep.test AXFR +tries=2 +time=1",
        "@127.62.1.1 @127.62.1.3 -p 5999 2.0.192.in-addr.arpa AXFR +tries=2",
        // Port 0 is refused as a closed port is; a -b address the machine does not have fails
        // the socket's setup ("address not available"), which dig treats as a refused TCP
        // connection, over UDP too.
        "@127.62.1.1 -p 0 www.sweep.test +tries=2",
        "@127.62.1.1 -p 5353 -b 192.0.2.123 www.sweep.test +tries=2",
        "@127.62.1.1 @127.62.1.3 -p 5353 -b 192.0.2.123 www.sweep.test",
        "@127.62.1.1 -p 5353 -b 192.0.2.123 www.sweep.test +tcp +tries=2",
        "@127.62.1.1 -p 5353 -b 192.0.2.123 www.sweep.test +yaml",
        "@127.62.1.1 -p 5353 -b 192.0.2.123 www.sweep.test mail.sweep.test +short +tries=1",
        "@127.62.1.1 -p 5353 -b 192.0.2.123 sweep.test AXFR +tries=2",
        "@127.62.1.1 -p 5999 sweep.test AXFR +yaml +tries=2",
        // A batch file's lookups count their tries the same way.
        "@127.62.1.9 @127.62.1.1 -p 5999 +tries=2 +time=1 -f BATCH",
        "@127.62.1.9 @127.62.1.3 -p 5999 +tries=2 +time=1 +short -f BATCH");
  }

  @ParameterizedTest(name = "dig {0}")
  @MethodSource("cases")
  void sameAsDig(String line) {
    List<String> argv = new ArrayList<>(List.of("@" + SERVER, "-p", Integer.toString(PORT)));
    argv.addAll(List.of(line.split(" ")));
    List<String> reference = new ArrayList<>(List.of("dig"));
    reference.addAll(argv);
    List<String> ours = new ArrayList<>(List.of("dig"));
    ours.addAll(argv);
    SAME.assertSame(
        line, Cmd.run(reference.toArray(String[]::new)), Run.netdiag(ours.toArray(String[]::new)));
  }

  static Stream<String> cases() {
    return Stream.of(
        // +yaml: an IPv6 address of AAAA, APL and IPSECKEY rdata that ends in "::" ends in "::0";
        // SVCB hints and the other styles keep "::".
        "v6end.sweep.test AAAA +yaml",
        "v6zero.sweep.test AAAA +yaml +multiline",
        "v6one.sweep.test AAAA +yaml",
        "apl.sweep.test APL +yaml",
        "ipsec6.sweep.test IPSECKEY +yaml",
        "svc6.sweep.test SVCB +yaml",
        "v6end.sweep.test AAAA +short",
        "apl.sweep.test APL +noall +answer",
        // KEY has DNSKEY's comment (without the KSK/ZSK word) and its +nocrypto form; a KEY that
        // holds no key is its three fields in every style; a revoked KSK says so in +multiline.
        "key.sweep.test KEY +rrcomments",
        "key.sweep.test KEY +multiline",
        "key.sweep.test KEY +multiline +norrcomments",
        "key.sweep.test KEY +short +rrcomments",
        "key.sweep.test KEY +nocrypto +rrcomments",
        "key.sweep.test KEY +multiline +nocrypto",
        "key.sweep.test KEY +nocrypto",
        "keyno.sweep.test KEY +multiline",
        "keyno.sweep.test KEY +rrcomments +nocrypto",
        "revoked.sweep.test DNSKEY +multiline",
        "revoked.sweep.test DNSKEY +multiline +nocrypto",
        "revoked.sweep.test DNSKEY +rrcomments",
        // AMTRELAY (RFC 8777): precedence, discovery bit, relay type, relay; an unknown relay type
        // in the generic form; a relay of the wrong length is a bad packet.
        "amtr4.sweep.test TYPE260",
        "amtrname.sweep.test TYPE260 +short",
        "amtr0.sweep.test AMTRELAY +noall +answer",
        "amtr6.sweep.test TYPE260 +yaml",
        "amtr6.sweep.test TYPE260 +multiline +noall +answer",
        "amtr9.sweep.test TYPE260 +noall +answer",
        "amtr9.sweep.test TYPE260 +multiline +noall +answer",
        "amtrbad.sweep.test TYPE260",
        // ATMA (type 34): an NSAP address as hex, an E.164 one as +digits, other formats generic;
        // an E.164 address with other than digits is a bad packet.
        "atma0.sweep.test ATMA +noall +answer",
        "atma1.sweep.test ATMA +short",
        "atma1.sweep.test ATMA +yaml",
        "atma2.sweep.test ATMA +noall +answer",
        "atma2.sweep.test ATMA +multiline +noall +answer",
        "atmabad.sweep.test ATMA",
        // +search on a name with ndots dots or more, which it does not extend: an NXDOMAIN prints
        // its statistics twice; a searched name's last NXDOMAIN once (ndots 1 unless resolv.conf
        // says otherwise; the cases hold with or without a search list there).
        // A transfer message BIND's parser refuses ends the transfer as a bad packet, after the
        // records of the messages before it.
        "sweep.test AXFR",
        "sweep.test AXFR +short",
        "sweep.test AXFR +qr",
        "big.test AXFR",
        "big.test AXFR +short",
        // +yaml transfers go over TCP as any transfer, a YAML message per transfer message.
        "2.0.192.in-addr.arpa AXFR +yaml",
        "2.0.192.in-addr.arpa AXFR +yaml +onesoa",
        "2.0.192.in-addr.arpa AXFR +yaml +qr",
        "2.0.192.in-addr.arpa AXFR +yaml +cmd",
        "2.0.192.in-addr.arpa IXFR=1 +yaml",
        "other.test AXFR +yaml",
        "sweep.test AXFR +yaml",
        "nope.sweep.test +search",
        "nope.sweep.test +showsearch",
        "nope.sweep.test. +showsearch",
        "nope.sweep.test +domain=sweep.test",
        "nope.sweep.test +search +noall +stats",
        "nope.sweep.test +search +nostats +identify +noall +comments",
        "nope.sweep.test +search +short",
        "nope.sweep.test +search +yaml",
        "nope.sweep.test +search +domain=sweep.test +ndots=5",
        "nope.sweep.test +search +ndots=2",
        "nope.sweep.test +search +ndots=3",
        "nope.sweep.test. +search +ndots=3",
        "-x 192.0.2.99 +search",
        "nope.sweep.test. +search +domain=sweep.test +ndots=5",
        "nope.sweep.test www.sweep.test +search +noall +stats +nocmd",
        "www.sweep.test +search");
  }
}
