package dev.netdiag.cli.netstat;

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
 * netstat -x (UNIX domain sockets) and the -e/-o columns against net-tools, in a network namespace
 * holding only the sockets of {@code ss/families.py} (UNIX stream, datagram, seqpacket, abstract,
 * socketpair; TCP with keepalive and TIME-WAIT; UDP).
 */
class NetstatUnixTest {
  private static NetNamespace ns;
  private static Process fixture;

  @BeforeAll
  static void start() throws Exception {
    Requires.assumeInstalled("netstat", "python3", "ip");
    ns = NetNamespace.create();
    Path script = Files.createTempFile("netstat-families", ".py");
    try (var in = NetstatUnixTest.class.getResourceAsStream("/ss/families.py")) {
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
    List<String> tool = new ArrayList<>(List.of("netstat"));
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
        "-x",
        "-xa",
        "-xl",
        "-xn",
        "-xp",
        "-xap",
        "-xanp",
        "--unix --all",
        "-a",
        "-an",
        "-l",
        "-tan -e",
        "-tanee",
        "-tan -o",
        "-tanpe -o",
        "-uan -eo",
        "-ta -e",
      })
  void sameAsNetTools(String args) {
    Differential.exact()
        .collapseSpaces()
        // Countdowns of the keepalive and TIME-WAIT timers move between the two runs.
        .mask("\\((\\d+\\.\\d+)/", "(T/")
        .rowsAsSet()
        .assertSame("netstat " + args, run(true, args), run(false, args));
  }
}
