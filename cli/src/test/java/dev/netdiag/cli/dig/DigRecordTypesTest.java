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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Record presentation against BIND dig 9.18: one record of each type this zone can hold, served by
 * nsd on 127.53.4.1:5353, printed in the answer section and with +short. Covers what dnsjava prints
 * differently from BIND (split hex and base64, SVCB quoting, LOC precision, CERT mnemonics,
 * EUI48/EUI64/CSYNC, which dnsjava has no class for).
 */
class DigRecordTypesTest {
  private static final String SERVER = "127.53.4.1";
  private static final int PORT = 5353;
  private static final String ZONE =
      """
      $ORIGIN rt.test.
      $TTL 300
      @        IN SOA ns1 hostmaster 1 3600 900 604800 300
      @        IN NS  ns1
      @        IN MX  10 mail
      ns1      IN A   127.53.4.1
      www      IN A   192.0.2.1
      www      IN AAAA 2001:db8::1
      alias    IN CNAME www
      txt      IN TXT "hello \\"world\\"" "back\\\\slash" "caf\\195\\169"
      caa      IN CAA 0 issue "letsencrypt.org"
      srv      IN SRV 10 5 443 www
      naptr    IN NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" .
      sshfp    IN SSHFP 1 1 dd465c09cfa51fb45020cc83316fff21b9ec74ac
      tlsa     IN TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      hinfo    IN HINFO "PC" "Linux"
      https    IN HTTPS 1 . alpn="h2,h3" port=8443 ipv4hint=192.0.2.1
      svcb     IN SVCB 0 www.rt.test.
      loc      IN LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m
      unk      IN TYPE65000 \\# 3 010203
      ds       IN DS 12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      dnskey   IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==
      rrsig    IN RRSIG A 13 3 300 20261231000000 20261101000000 12345 rt.test. oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTrPYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6oB9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3tGNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkGJ5D6fwFm8nN+6pBzeDQfsS3Ap3o=
      nsec     IN NSEC www.rt.test. A AAAA RRSIG NSEC
      nsec3    IN NSEC3 1 0 10 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG
      nsec3p   IN NSEC3PARAM 1 0 10 AABBCCDD
      openpgp  IN OPENPGPKEY mQENBFtCWl4BCADHIGYlY2t5YJ2z+yeKnXpVcsBRQEYAcnPjkR0Zf1MzXodTRQjGvUQXAqhR6lf1VD+AmQENBFtCWl4BCADHIGYlY2t5YJ2z+yeKnXpVcsBRQEYAcnPjkR0Zf1MzXodTRQjGvUQXAqhR6lf1VDAA
      uri      IN URI 10 1 "https://example.com/"
      eui48    IN EUI48 00-00-5e-00-53-2a
      eui64    IN EUI64 00-00-5e-ef-10-00-00-2a
      dname    IN DNAME other.test.
      rp       IN RP mbox.rt.test. txt.rt.test.
      afsdb    IN AFSDB 1 afs.rt.test.
      zonemd   IN ZONEMD 2018031500 1 1 FEBE3D4CE2EC2FFA4BA99D46CD69D6D29711E55217057BEE7EB1A7B641A47BA7FED2DD5B97AE499FAFA4F22C6BD647DE
      cds      IN CDS 0 0 0 00
      csync    IN CSYNC 66 3 A NS AAAA
      cert     IN CERT PGP 0 0 FwIDAQAB
      https2   IN HTTPS 1 www.rt.test. mandatory=alpn alpn=h2 no-default-alpn ipv6hint=2001:db8::1 key65000=abc
      https3   IN HTTPS 1 . ech=AEP+DQA/BAAgACA= dohpath=/q{?dns}
      apl      IN APL 1:192.168.32.0/21 !1:192.168.38.0/28
      kx       IN KX 10 kx.rt.test.
      minfo    IN MINFO rm.rt.test. em.rt.test.
      longtxt  IN TXT "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      unk2     IN TYPE65001 \\# 40 0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627
      unk0     IN TYPE65002 \\# 0
      mapped   IN AAAA ::ffff:192.0.2.1
      compat   IN AAAA ::192.0.2.1
      apl6     IN APL 2:2001:db8::/32 !1:10.0.0.0/8
      nsap     IN NSAP 0x47000580005a0000000001e133ffffff00016100
      ninfo    IN TYPE56 \\# 12 0b5a4f4e4520535441545553
      avc      IN AVC "app-name:WOLFGANG|app-class:OAM"
      resinfo  IN TYPE261 \\# 7 06716e616d696e
      talink   IN TYPE58 \\# 24 02633102667a04746573740002633302667a047465737400
      nid      IN NID 10 0014:4fff:ff20:ee64
      l32      IN L32 10 10.1.2.0
      l64      IN L64 10 2001:0db8:1140:1000
      lp       IN LP 10 l64-subnet.rt.test.
      ipseckey IN IPSECKEY 10 2 2 2001:db8::1 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
      ipseckey3 IN IPSECKEY 10 3 1 gw.rt.test. AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
      dhcid    IN DHCID AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=
      hip      IN TYPE55 \\# 169 10020084200100107b1a74df365639cc39f1d57803010001b771ca136e4aeb5ce44333c53b3d2c13c22243851fc708bcce29f7e2eb5787b5f56ccad34f8223acc10904ddb56b2ec4a6d6232f3b50ea094f0914b3b941bbe529af582c36bbadefdaf2adaf9b4911906f5b2522603c615272b880ec8fb930cc6ee39c444daa75b1678f005a4b2499d1da5433f805c7a5ad3237acc5dd5c5e4303727673076578616d706c6503636f6d00
      cdnskey  IN CDNSKEY 0 3 0 AA==
      """;

  private static NsdServer nsd;

  private static final Differential SAME = Differential.exact();

  // What differs from run to run: ids, times, the date.
  private static final Differential MASKED =
      Differential.exact()
          .mask("id: [0-9]+", "id: X")
          .mask("!!timestamp .*", "!!timestamp X")
          .mask("Query time: [0-9]+ msec", "Query time: X msec")
          .mask("^;; WHEN: .*", ";; WHEN: X")
          .mask("^; COOKIE: .*", "; COOKIE: X")
          .mask("^( +)COOKIE: [0-9a-f]+.*", "$1COOKIE: X")
          .mask(" in [0-9]+ ms\\.$", " in X ms.");

  @BeforeAll
  static void start() {
    Requires.assumeRoot("nsd binds a loopback address");
    Requires.assumeInstalled("nsd", "dig");
    nsd =
        NsdServer.start(
            SERVER, PORT, Map.of("rt.test", ZONE), "server:\n  nsid: \"ascii_rt-ns 1\"\n");
  }

  @AfterAll
  static void stop() {
    if (nsd != null) {
      nsd.close();
    }
  }

  static Stream<String> records() {
    return Stream.of(
        "www.rt.test A",
        "www.rt.test AAAA",
        "alias.rt.test CNAME",
        "txt.rt.test TXT",
        "caa.rt.test CAA",
        "srv.rt.test SRV",
        "naptr.rt.test NAPTR",
        "sshfp.rt.test SSHFP",
        "tlsa.rt.test TLSA",
        "hinfo.rt.test HINFO",
        "https.rt.test HTTPS",
        "svcb.rt.test SVCB",
        "loc.rt.test LOC",
        "unk.rt.test TYPE65000",
        "ds.rt.test DS",
        "dnskey.rt.test DNSKEY",
        "rrsig.rt.test RRSIG",
        "nsec.rt.test NSEC",
        "nsec3.rt.test NSEC3",
        "nsec3p.rt.test NSEC3PARAM",
        "openpgp.rt.test OPENPGPKEY",
        "uri.rt.test URI",
        "eui48.rt.test EUI48",
        "eui64.rt.test EUI64",
        "dname.rt.test DNAME",
        "rp.rt.test RP",
        "afsdb.rt.test AFSDB",
        "zonemd.rt.test ZONEMD",
        "cds.rt.test CDS",
        "csync.rt.test CSYNC",
        "cert.rt.test CERT",
        "https2.rt.test HTTPS",
        "https3.rt.test HTTPS",
        "apl.rt.test APL",
        "kx.rt.test KX",
        "minfo.rt.test MINFO",
        "longtxt.rt.test TXT",
        "unk2.rt.test TYPE65001",
        // digfuzz: inet_ntop's IPv4 tails, BIND's lowercase NSAP, the types dnsjava has no class
        // or no name for (character strings, ILNP, TALINK, RESINFO), an empty unknown record.
        "unk0.rt.test TYPE65002",
        "mapped.rt.test AAAA",
        "compat.rt.test AAAA",
        "apl6.rt.test APL",
        "nsap.rt.test NSAP",
        "ninfo.rt.test NINFO",
        "avc.rt.test AVC",
        "resinfo.rt.test RESINFO",
        "resinfo.rt.test TYPE261",
        "talink.rt.test TALINK",
        "nid.rt.test NID",
        "l32.rt.test L32",
        "l64.rt.test L64",
        "lp.rt.test LP",
        "ipseckey.rt.test IPSECKEY",
        "ipseckey3.rt.test IPSECKEY",
        "dhcid.rt.test DHCID",
        "hip.rt.test HIP",
        "cdnskey.rt.test CDNSKEY",
        "www.rt.test AAAA",
        "rt.test SOA",
        "rt.test ANY");
  }

  @ParameterizedTest(name = "dig {0}")
  @MethodSource("records")
  void answerMatches(String line) {
    compare(line + " +noall +answer");
  }

  @ParameterizedTest(name = "dig +short {0}")
  @MethodSource("records")
  void shortFormMatches(String line) {
    compare(line + " +short");
  }

  static Stream<String> yamlCases() {
    return Stream.of(
        "www.rt.test",
        "nope.rt.test +norecurse",
        "www.rt.test +tcp",
        "txt.rt.test TXT +noall +answer",
        "www.rt.test +nocomments +nostats",
        "www.rt.test +short",
        "rt.test MX +short +noall +answer",
        "rt.test ANY",
        "dnskey.rt.test DNSKEY",
        "https2.rt.test HTTPS",
        // digfuzz: EDNS options in BIND's YAML form (EDE nested, NSID bytes and text, flags).
        "www.other.test",
        "www.rt.test +nsid +expire",
        "www.rt.test +ednsflags=0x7fff +dnssec",
        "www.rt.test +opcode=6",
        "www.rt.test +zflag",
        // +qr documents, the greeting that a later +cmd or +all brings back, UPDATE's sections.
        "www.rt.test +qr",
        "www.rt.test +qr +norecurse +nocookie",
        "www.rt.test +all",
        "www.rt.test +opcode=update +qr",
        // +split applies to YAML records too; +short +yaml lines as +short prints them.
        "dnskey.rt.test DNSKEY +split=4",
        "ds.rt.test DS +nosplit",
        "txt.rt.test TXT +short +unknownformat");
  }

  @ParameterizedTest(name = "dig +yaml {0}")
  @MethodSource("yamlCases")
  void yamlMatches(String line) {
    compare(line + " +yaml", MASKED);
  }

  @ParameterizedTest(name = "dig {0}")
  @MethodSource("textCases")
  void textMatches(String line) {
    compare(line, MASKED);
  }

  // dig 9.18 asks ANY over TCP unless +notcp says otherwise.
  static Stream<String> textCases() {
    return Stream.of(
        "rt.test ANY",
        "rt.test ANY +notcp",
        "rt.test ANY +ignore",
        "rt.test TYPE255",
        // The query as sent, a header-only query, +identify.
        "rt.test SOA +qr",
        "rt.test SOA +qr +multiline +nottlid",
        "rt.test SOA +header-only",
        "rt.test SOA +header-only +qr",
        "rt.test SOA +short +identify",
        "www.rt.test A +short +identify +multiline",
        // EDNS options as sent and as answered: order, keepalive, padding, NSID with its text.
        "www.rt.test +keepalive +qr",
        "www.rt.test +padding=64 +qr",
        "www.rt.test +padding=128 +qr +nocookie",
        "www.rt.test +nsid +expire +qr +subnet=192.0.2.0/24",
        "www.rt.test +ednsopt=65001:abcd +ednsopt=3 +qr",
        "www.rt.test +nsid");
  }

  // Every layout option over the types whose presentation it changes, one dig run per option.
  private static final String LAYOUT_RECORDS =
      "rt.test SOA dnskey.rt.test DNSKEY rrsig.rt.test RRSIG ds.rt.test DS cds.rt.test CDS"
          + " tlsa.rt.test TLSA sshfp.rt.test SSHFP openpgp.rt.test OPENPGPKEY cert.rt.test CERT"
          + " zonemd.rt.test ZONEMD unk.rt.test TYPE65000 unk2.rt.test TYPE65001"
          + " txt.rt.test TXT www.rt.test A csync.rt.test CSYNC www.rt.test AAAA mapped.rt.test AAAA"
          + " ipseckey.rt.test IPSECKEY ipseckey3.rt.test IPSECKEY dhcid.rt.test DHCID"
          + " hip.rt.test HIP cdnskey.rt.test CDNSKEY";

  static Stream<String> layouts() {
    return Stream.of(
        "+multiline",
        "+multiline +norrcomments",
        "+multiline +nocrypto",
        "+multiline +split=8",
        "+multiline +nosplit",
        "+multiline +unknownformat",
        "+multiline +nottlid +ttlunits",
        "+nocrypto",
        "+unknownformat",
        "+nottlid",
        "+noclass",
        "+nottlid +noclass",
        "+ttlunits",
        "+noclass +ttlunits",
        "+split=12",
        "+nosplit",
        "+expandaaaa",
        "+expandaaaa +multiline",
        // digfuzz: a DNSKEY's comment on its one line.
        "+rrcomments",
        "+rrcomments +nocrypto");
  }

  @ParameterizedTest(name = "dig {0}")
  @MethodSource("layouts")
  void layoutOptionsMatch(String options) {
    compare(options + " +noall +answer " + LAYOUT_RECORDS, SAME);
  }

  @org.junit.jupiter.api.Test
  void yamlErrorDocumentMatches() {
    List<String> argv = List.of("@127.53.4.9", "-p", "5999", "+tries=1", "x.rt.test", "+yaml");
    List<String> reference = new ArrayList<>(List.of("dig"));
    reference.addAll(argv);
    List<String> ours = new ArrayList<>(List.of("dig"));
    ours.addAll(argv);
    SAME.assertSame(
        "+yaml no reply",
        Cmd.run(reference.toArray(String[]::new)),
        Run.netdiag(ours.toArray(String[]::new)));
  }

  private static void compare(String line) {
    compare(line, SAME);
  }

  private static void compare(String line, Differential how) {
    List<String> argv = new ArrayList<>(List.of("@" + SERVER, "-p", Integer.toString(PORT)));
    argv.addAll(List.of(line.split(" ")));
    List<String> reference = new ArrayList<>(List.of("dig"));
    reference.addAll(argv);
    List<String> ours = new ArrayList<>(List.of("dig"));
    ours.addAll(argv);
    how.assertSame(
        line, Cmd.run(reference.toArray(String[]::new)), Run.netdiag(ours.toArray(String[]::new)));
  }
}
