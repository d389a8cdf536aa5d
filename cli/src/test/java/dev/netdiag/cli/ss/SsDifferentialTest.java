package dev.netdiag.cli.ss;

import dev.netdiag.cli.Main;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.SocketFixture;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * netdiag ss against iproute2 ss in a network namespace that holds only the sockets of {@code
 * ss/fixture.py}: listeners on 127.54.0.x, 0.0.0.0, :: (dual and v6only), ::1, a mapped address and
 * a device; established pairs with queued bytes; CLOSE-WAIT, FIN-WAIT-2, TIME-WAIT; UDP; RAW.
 */
class SsDifferentialTest {
  private static SocketFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = SocketFixture.start(SsDifferentialTest.class, "/ss/fixture.py", "ss");
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static Cmd.Result reference(List<String> args) {
    return fixture.reference("ss", args);
  }

  private static Cmd.Result ours(List<String> args) {
    return fixture.ours(Main.class.getName(), "ss", args);
  }

  private static final Differential SAME =
      Differential.exact()
          .collapseSpaces()
          // ss glues "Port" and "Process" when the column is narrow; padding is not the contract.
          .mask("Address:Port ?Process", "Address:Port Process")
          // The fixture's orphaned FIN-WAIT-2 socket ends on the kernel's own 60 s timer, which
          // can fire between the two runs of a case on a loaded machine.
          .dropLines("^FIN-WAIT-2 .*127\\.0\\.0\\.1:[0-9]+ +127\\.54\\.0\\.1:[0-9]+ *$")
          .rowsAsSet();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-tan",
        "-tln",
        "-tlnp",
        "-tanp",
        "-t",
        "-tn",
        "-tnp",
        "-uan",
        "-uln",
        "-ua",
        "-ta",
        "-tl",
        "-tuan",
        "-tuanp",
        "-4tan",
        "-6tan",
        "-t -a -n",
        "--tcp --all --numeric",
        "-tn state established",
        "-tn state listening",
        "-tan state connected",
        "-tan state synchronized",
        "-tan state bucket",
        "-tan state big",
        "-tan exclude listening",
        "-tan state time-wait",
        "-tn state close-wait",
        "-tn state fin-wait-2",
        "-tn state established state close-wait",
        "-tan state all exclude time-wait",
        "-Htan",
        "-tanH -p",
        "-O -tan",
        "-f inet -tan",
        "-f inet6 -an -t",
        "-A tcp,udp -an",
        "-A inet -an",
        "-4 -an",
        "-6 -an",
        "-wan",
        "-wa",
        "-una state closed",
        "-uan state unconnected",
        "-uan state established",
        "-tna state all",
        "-tan state bogus",
        "-tlnp state listening",
        "-tan src 127.54.0.1",
        "-tan dst 127.54.0.1",
        "-tan src 127.54.0.0/16",
        "-tan dst 127/8",
        "-tan sport = :22",
        "-tan sport == :ssh",
        "-tan sport eq :22 or dport = :9",
        "-uan dport = :9",
        "-uan sport = :domain",
        "-tan ( sport > :1024 and ! src 127.54.0.1 )",
        "-tan not sport gt :1024",
        "-tan sport lt :1024",
        "-tan sport >= :22 sport <= :22",
        "-tan src [::1]",
        "-tan dst [::1]",
        "-tan src ::1",
        "-tan src [::ffff:127.54.0.3]",
        "-tan src 127.54.0.3",
        "-tan src *:22",
        "-tan src 127.54.0.5:22",
        "-tan dst != 127.0.0.1",
        "-tan state established src 127.54.0.1",
        "-tan ( src 127.54.0.1 or src ::1 ) and dport != :0",
        "-tan sport = :bogusname",
        "-tan sport =",
        "-tan foo",
        "-tan src 300.1.1.1",
        "-tan ( sport = :22",
        // Host names, looked up as ss looks them up (gethostbyname2; localhost from /etc/hosts).
        "-tan dst localhost",
        "-tan src localhost",
        "-tan src localhost:22",
        "-4 -tan dst localhost",
        "-6 -tan src localhost",
        "-tan dst localhost/8",
        "-tan localhost",
        "-tan 127.54.0.1",
      })
  void sameRowsAsSs(String command) {
    List<String> args = List.of(command.split(" "));
    SAME.assertSame("ss " + command, reference(args), ours(args));
  }
}
