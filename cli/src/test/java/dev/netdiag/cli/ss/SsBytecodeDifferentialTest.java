package dev.netdiag.cli.ss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.Main;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.JavaMain;
import dev.netdiag.testkit.Requires;
import dev.netdiag.testkit.SocketFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Filters that netdiag compiles to INET_DIAG bytecode, against iproute2 ss, in a namespace holding
 * only the sockets of {@code ss/bytecode.py} (127.54.5.x, ::1, a mapped address; marks, a bound
 * device, fixed and kernel-chosen ports). Rows are compared as sets.
 */
class SsBytecodeDifferentialTest {
  @AutoClose private static SocketFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = SocketFixture.start(SsBytecodeDifferentialTest.class, "/ss/bytecode.py", "ss");
  }

  private static final Differential SAME =
      Differential.exact()
          .collapseSpaces()
          .mask("Address:Port ?Process", "Address:Port Process")
          .rowsAsSet();

  private static List<String> words(String command) {
    return List.of(command.split(" "));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-tuan sport = :8080",
        "-tuan sport != :8080",
        "-tan sport < :8080",
        "-tan sport > :8080",
        "-tan sport <= :8080",
        "-tan sport >= :8080",
        "-tan sport lt :22",
        "-tan sport gt :65534",
        "-tan sport ge :0",
        "-tan sport geq :9000",
        "-tan sport leq :22",
        "-tan dport = :8080",
        "-tan dport neq :8080",
        "-tan dport < :8443",
        "-tan dport > :8443",
        "-tan dport le :8443",
        "-tan dport ge :8443",
        "-uan dport = :5353",
        "-tan src 127.54.5.1",
        "-tan dst 127.54.5.1",
        "-tan src 127.54.5.0/24",
        "-tan src 127.54/16",
        "-tan dst 127.54.5.8/29",
        "-tan src 0.0.0.0/0",
        "-tan src ::/0",
        "-tan src [::1]",
        "-tan dst ::1/128",
        "-tan src [::ffff:127.54.5.4]",
        "-tan src 127.54.5.4",
        "-tan src [::ffff:127.54.5.0/120]",
        "-tan src [::ffff:127.54.5.0]/120",
        "-tan src [::1]/128:22",
        "-tan dst [::1]:",
        "-tan dst [::1]*",
        "-tan src [::1/128]:8443",
        // ss's own test compares the prefix's bits whatever the socket's family
        "-tan not src 0.0.0.0",
        "-tan not src ::/64",
        "-tan not dst ::/96",
        "-tan not src 0/1",
        "-tan src 127.54.5.1:8080",
        "-tan dst 127.54.5.1:8080",
        "-tan src *:8080",
        "-tan dst [::1]:8443",
        "-tan src 127.54.5.1 or src 127.54.5.2 or src [::1]",
        "-tan ( src 127.54.5.1 or src [::1] ) and not dport = :0",
        "-tan ! ( sport = :8080 and dport = :0 )",
        // and and or bind alike, from the left: "a or b and c" is "(a or b) and c"
        "-tan sport = :22 or sport = :8080 and src 127.54.5.1",
        "-tan dport = :8080 or sport = :8080 dst 127.54.5.9",
        "-tan src 127.54.5.9 | src [::1] & dport = :8443",
        "-tan sport = :22 && src 127.54.5.2 || dport = :8080",
        "-tan not ( sport > :1024 or dst 127.0.0.1 )",
        "-tuan ( sport = :8080 or dport = :8080 ) and ! src 127.54.5.9",
        "-tan state established ( dport = :8080 )",
        "-tan state listening src 127.54.5.0/24 sport < :9000",
        "-tan exclude listening dst 127.54.5.1",
        "-tan autobound",
        "-tan not autobound",
        "-uan autobound",
        "-tan autobound and src 127.54.5.0/24",
        "-tan dev lo",
        "-tan dev = lo",
        "-tan dev != lo",
        "-tan dev 1",
        // ll_name_to_index: if_nametoindex reads an alias as its device, then "ifN"
        "-tan dev lo:5",
        "-tan dev if1",
        "-tan dev = if1junk",
        "-tan dev ne 1 and sport = :1022",
        "-tuan fwmark 0x10",
        "-tan fwmark = 0x20/0xf0",
        "-tan fwmark != 0x10",
        "-tan fwmark 0",
        "-tan fwmark 16",
        "-tan fwmark 0x1/0x1 or dev lo",
        "-wan sport = :1",
        "-4 -tan dport >= :1024",
        "-6 -tan sport < :9000",
        "-tan fwmark 0x",
        "-tan fwmark 0x10/0xg",
        "-tan fwmark 16junk",
        "-tan fwmark junk",
        "-tan fwmark 0x10/",
        "-tan dev",
        "-tan dev nosuchdevice0",
      })
  void sameRowsAsSs(String command) {
    SAME.assertSame(
        "ss " + command,
        fixture.reference("ss", words(command)),
        fixture.ours(Main.class.getName(), "ss", words(command)));
  }

  @Test
  void debugSaysTheKernelFiltered() {
    List<String> args = new ArrayList<>(words("--debug -tan state established"));
    args.add("( dport = :8080 )");
    Cmd.Result ours = fixture.ours(Main.class.getName(), "ss", args);
    assertTrue(
        ours.stderr().contains("tcp from netlink sock_diag, filtered by the kernel"),
        ours.stderr());
  }

  /**
   * Without CAP_NET_ADMIN the kernel refuses MARK_COND (EPERM): the dump is repeated without the
   * program and the Java filter alone answers (ss gives up with "RTNETLINK answers: Operation not
   * permitted"). Such a caller gets no marks, so every socket reads mark 0. The caller is root with
   * CAP_NET_ADMIN dropped from its bounding set rather than another user, so it can still read a
   * class path in a private build directory.
   */
  @Test
  void aRefusedProgramFallsBackToJava() {
    Requires.assumeInstalled("setpriv");
    List<String> argv =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                fixture.namespace(),
                "setpriv",
                "--bounding-set=-net_admin"));
    argv.addAll(JavaMain.command(Main.class.getName(), "ss", "--debug", "-Htan", "fwmark", "0"));
    Cmd.Result r = Cmd.run(Duration.ofSeconds(60), argv);
    assertEquals(0, r.exitCode(), r.stderr());
    assertTrue(r.stderr().contains("tcp from netlink sock_diag\n"), r.stderr());
    assertTrue(r.stdout().contains("127.54.5.1:8080"), r.stdout());
  }
}
