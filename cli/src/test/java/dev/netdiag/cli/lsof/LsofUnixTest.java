package dev.netdiag.cli.lsof;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * lsof -U (UNIX domain sockets) against lsof 4.95, in a network namespace holding only the sockets
 * of {@code ss/families.py}: bound, abstract, unbound, accepted, socketpair, datagram, seqpacket;
 * and the process's NETLINK and PACKET sockets among its other files.
 */
class LsofUnixTest {
  private static NetNamespace ns;
  private static Process fixture;

  @BeforeAll
  static void start() throws Exception {
    Requires.assumeInstalled("lsof", "python3", "ip");
    ns = NetNamespace.create();
    Path script = Files.createTempFile("lsof-families", ".py");
    try (var in = LsofUnixTest.class.getResourceAsStream("/ss/families.py")) {
      Files.write(script, in.readAllBytes());
    }
    fixture =
        new ProcessBuilder("ip", "netns", "exec", ns.name(), "python3", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader ready =
        new BufferedReader(new InputStreamReader(fixture.getInputStream(), StandardCharsets.UTF_8));
    String line = ready.readLine();
    assertTrue(line != null && line.startsWith("ready "), "the socket fixture did not start");
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

  private static Cmd.Result run(boolean reference, String args) {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
    List<String> tool = new ArrayList<>(List.of("lsof"));
    tool.addAll(List.of(args.split(" ")));
    if (reference) {
      argv.addAll(tool);
    } else {
      argv.addAll(JavaMain.command(Main.class.getName(), tool.toArray(String[]::new)));
    }
    return Cmd.run(Duration.ofSeconds(60), argv);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-U",
        "-nP -U",
        "-U -a -p PID",
        "-U -a -c python3",
        "-U -a -u root -c python3",
        "-U -a -p PID -d 3-9",
        "-U -a -p PID -d ^7",
        "-U -a -p PID -Fpcfn",
        "-U -a -p PID -Fn0",
        "-U -a -p PID -Fpfatin",
        "-t -U",
        "-U -a -p PID -t",
        "-U -i -a -p PID",
        "-U -a -p 1",
        "-p PID",
        "-a -p PID -d 10-30",
      })
  void sameAsLsof(String args) {
    String resolved = args.replace("PID", Long.toString(fixture.pid()));
    Differential.exact()
        .collapseSpaces()
        .rowsAsSet()
        .assertSame("lsof " + resolved, run(true, resolved), run(false, resolved));
  }
}
