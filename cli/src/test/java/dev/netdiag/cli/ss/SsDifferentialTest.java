package dev.netdiag.cli.ss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netdiag.cli.Main;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.JavaMain;
import dev.netdiag.testkit.NetNamespace;
import dev.netdiag.testkit.Requires;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
  private static NetNamespace ns;
  private static Process fixture;

  @BeforeAll
  static void start() throws Exception {
    Requires.assumeInstalled("ss", "python3", "ip");
    ns = NetNamespace.create();
    Path script = Files.createTempFile("ss-fixture", ".py");
    try (var in = SsDifferentialTest.class.getResourceAsStream("/ss/fixture.py")) {
      Files.write(script, in.readAllBytes());
    }
    fixture =
        new ProcessBuilder("ip", "netns", "exec", ns.name(), "python3", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader ready =
        new BufferedReader(new InputStreamReader(fixture.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("ready", ready.readLine(), "the socket fixture did not start");
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.getOutputStream().close();
      fixture.waitFor();
    }
    if (ns != null) {
      ns.close();
    }
  }

  private static Cmd.Result reference(List<String> args) {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), "ss"));
    argv.addAll(args);
    return Cmd.run(Duration.ofSeconds(30), argv);
  }

  private static Cmd.Result ours(List<String> args) {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
    List<String> tool = new ArrayList<>(List.of("ss"));
    tool.addAll(args);
    argv.addAll(JavaMain.command(Main.class.getName(), tool.toArray(String[]::new)));
    return Cmd.run(Duration.ofSeconds(60), argv);
  }

  private static final Differential SAME =
      Differential.exact()
          .collapseSpaces()
          // ss glues "Port" and "Process" when the column is narrow; padding is not the contract.
          .mask("Address:Port ?Process", "Address:Port Process")
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
      })
  void sameRowsAsSs(String command) {
    List<String> args = List.of(command.split(" "));
    SAME.assertSame("ss " + command, reference(args), ours(args));
  }
}
