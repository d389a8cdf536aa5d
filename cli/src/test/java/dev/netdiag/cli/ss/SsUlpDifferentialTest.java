package dev.netdiag.cli.ss;

import dev.netdiag.cli.Run;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Requires;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ULP part of -i (INET_DIAG_ULP_INFO, sent to CAP_NET_ADMIN callers) against ss 6.1: an MPTCP
 * connection on loopback, made by a python3 child (IPPROTO_MPTCP), whose two TCP subflows carry
 * "tcp-ulp-mptcp flags:… token:…(id:…)/…(id:…) seq:… sfseq:… ssnoff:… maplen:…". The rest of the -i
 * line moves between two runs (timers, rates); the ULP text does not while the connection is idle,
 * so that part of each row is compared.
 */
class SsUlpDifferentialTest {
  private static final Pattern ULP = Pattern.compile("tcp-ulp-\\S+( \\S+:\\S+)*");
  private static Process child;
  private static String port;

  @BeforeAll
  static void startChild() throws Exception {
    Requires.assumeRoot("the kernel sends INET_DIAG_ULP_INFO to CAP_NET_ADMIN callers only");
    Assumptions.assumeTrue(Cmd.installed("ss"), "iproute2 ss is not installed");
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 is not installed");
    Path enabled = Path.of("/proc/sys/net/mptcp/enabled");
    Assumptions.assumeTrue(
        Files.exists(enabled) && Files.readString(enabled).strip().equals("1"),
        "MPTCP is not enabled in this kernel (net.mptcp.enabled)");
    String script =
        String.join(
            "\n",
            "import socket, time",
            "l = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)",
            "l.bind(('127.54.7.1', 0))",
            "l.listen()",
            "c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)",
            "c.connect(l.getsockname())",
            "a, _ = l.accept()",
            "c.send(b'x' * 100)",
            "a.recv(100)",
            "print(l.getsockname()[1], flush=True)",
            "time.sleep(120)");
    child =
        new ProcessBuilder("/usr/bin/python3", "-c", script)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    port = new BufferedReader(new InputStreamReader(child.getInputStream())).readLine();
    Assumptions.assumeTrue(port != null, "python3 could not make an MPTCP connection here");
  }

  @AfterAll
  static void stopChild() {
    if (child != null) {
      child.destroyForcibly();
    }
  }

  private static List<String> ulpTexts(String output) {
    List<String> texts = new ArrayList<>();
    Matcher m = ULP.matcher(output);
    while (m.find()) {
      texts.add(m.group());
    }
    texts.sort(null);
    return texts;
  }

  @ParameterizedTest
  @ValueSource(strings = {"-tin", "-tni", "-tinO", "-tine"})
  void ulpTextMatchesSs(String options) {
    List<String> argv =
        new ArrayList<>(
            List.of("ss", options, "sport", "=", ":" + port, "or", "dport", "=", ":" + port));
    Cmd.Result reference = Cmd.run(Duration.ofSeconds(30), argv);
    Cmd.Result ours = Run.netdiag(argv.toArray(String[]::new));
    List<String> expected = ulpTexts(reference.stdout());
    Assertions.assertEquals(2, expected.size(), reference.stdout());
    Assertions.assertEquals(expected, ulpTexts(ours.stdout()), ours.stdout());
  }
}
