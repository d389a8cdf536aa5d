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

  private static NsdServer nsd;

  private static final Differential SAME =
      Differential.exact()
          .mask("id: [0-9]+", "id: X")
          .mask("Query time: [0-9]+ msec", "Query time: X msec")
          .mask("^;; WHEN: .*", ";; WHEN: X")
          .mask("^; COOKIE: .*", "; COOKIE: X");

  @BeforeAll
  static void start() {
    Requires.assumeRoot("nsd binds a loopback address");
    Requires.assumeInstalled("nsd", "dig");
    nsd = NsdServer.start(SERVER, PORT, Map.of("diff.test", ZONE));
  }

  @AfterAll
  static void stop() {
    if (nsd != null) {
      nsd.close();
    }
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
        "other.test");
  }

  @ParameterizedTest(name = "dig {0}")
  @MethodSource("cases")
  void sameAsDig(String line) {
    List<String> argv = new ArrayList<>(List.of("@" + SERVER, "-p", Integer.toString(PORT)));
    argv.addAll(List.of(line.split(" ")));
    compare(argv);
  }

  @ParameterizedTest(name = "dig closed port {0}")
  @MethodSource("closedCases")
  void closedPortIsReportedAsDigDoes(String line) {
    compare(List.of(line.split(" ")));
  }

  static Stream<String> closedCases() {
    return Stream.of(
        "@127.53.2.9 -p 5999 +tries=1 x.test",
        "@127.53.2.9 -p 5999 +tries=2 +time=1 x.test",
        "@127.53.2.9 -p 5999 +short x.test");
  }

  @ParameterizedTest(name = "dig bad option {0}")
  @MethodSource("badOptions")
  void badOptionGivesDigsMessageAndExitCode(String option) {
    Cmd.Result theirs = Cmd.run("dig", option);
    Differential.exact().withStderr().assertSame(option, theirs, Run.netdiag("dig", option));
  }

  static Stream<String> badOptions() {
    return Stream.of("+foo", "+nofoo", "+bogus=1");
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
