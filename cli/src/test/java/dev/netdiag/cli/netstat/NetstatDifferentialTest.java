package dev.netdiag.cli.netstat;

import dev.netdiag.cli.Main;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.JavaMain;
import dev.netdiag.testkit.ResolverSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** netstat (net-tools 2.10) and ours on this machine's routes, interfaces and groups. */
class NetstatDifferentialTest {
  private static Cmd.Result reference(String args) {
    Assumptions.assumeTrue(Cmd.installed("netstat"), "net-tools netstat is not installed");
    List<String> argv = new ArrayList<>();
    argv.add("netstat");
    argv.addAll(List.of(args.split(" ")));
    // Without -n net-tools asks DNS for the gateways and hosts /etc/hosts does not name: the
    // sandbox's dead loopback server keeps those queries on this host.
    return ResolverSandbox.offline().run(Duration.ofSeconds(30), argv);
  }

  /**
   * Ours in a fresh JVM in the same sandbox: without -n ours asks DNS as net-tools does, and an
   * in-process run would ask the machine's resolver.
   */
  private static Cmd.Result ours(String args) {
    List<String> argv = new ArrayList<>();
    argv.add("netstat");
    argv.addAll(List.of(args.split(" ")));
    return ResolverSandbox.offline()
        .run(
            Duration.ofSeconds(60),
            JavaMain.command(Main.class.getName(), argv.toArray(String[]::new)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-rn",
        "-r",
        "-rne",
        "-rnee",
        "-rn6",
        "-r4",
        "-rn46",
        "-rnW",
        "-rnv",
        "-rnF",
        "--route --numeric",
        "-A inet6 -rn",
        "--inet6 -rn",
        "-r -g",
        "-g",
        "-gn",
        "--groups --numeric",
        "-V",
        "-rC",
        "-rnC",
        "-rnCe",
        "-rnCee",
        "-rnCeee",
        "-rnCF",
        "-rnC6",
        "-rnC46",
        "--route --cache --numeric",
        "-V -Z",
        "-V -q",
        "--version --bogus",
        "--rou --num",
        "--ine -rn",
        "--gr -n",
        "--tcpip -rn",
      })
  void tablesMatch(String args) {
    Differential.exact().assertSame("netstat " + args, reference(args), ours(args));
  }

  /** Packet counters move between the two runs: the counter columns are masked. */
  @ParameterizedTest
  @ValueSource(strings = {"-i", "-ia", "-in", "--interfaces --all"})
  void interfaceTablesMatch(String args) {
    Differential.exact()
        .mask("^(\\S+ +\\d+)( +\\d+){4} +\\d+ +( +\\d+){3}", "$1 COUNTERS")
        .collapseSpaces()
        .assertSame("netstat " + args, reference(args), ours(args));
  }

  /** Usage errors: message and usage on stderr, exit codes 3 and 1 as net-tools. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "-q",
        "-r -i",
        "-A foo",
        "--bogus",
        "-M",
        "-h",
        "-Z",
        "-Z -q",
        "-q -Z",
        "--context",
        "-I",
        "--interfaces=lo",
        "--route=x",
        "-S",
        "-Sn",
        "-Sl",
        "-Sa",
        "-S6",
        "--sctp --numeric",
        "-A ax25",
        "--ipx",
        "--netrom",
        "-A x25",
        "--rose",
        "--bluetooth",
        "-A ipx,ax25",
        "-A ax25 -v",
        "-h -Z",
        "-h -q",
        "--help -Z",
        "-hq",
        // getopt_long: unambiguous prefixes, glibc's ambiguity list, the two "unix" entries,
        // "--tcpip" past netstat's AFTRANS_CNT, the Bluetooth options of a build without them.
        "--nu",
        "--in",
        "--pro",
        "--ver",
        "--con",
        "--uni=1",
        "--protocol",
        "--prot=bogus",
        "--he",
        "--interf -n",
        "--cont=1",
        "--ip6",
        "--econet",
        "-2",
        "-f",
        "--l2cap",
        "--rfcomm",
      })
  void errorsMatch(String args) {
    Differential.exact()
        .withStderr()
        .collapseSpaces()
        .assertSame("netstat " + args, reference(args), ours(args));
  }
}
