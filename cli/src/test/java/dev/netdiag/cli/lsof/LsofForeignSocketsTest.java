package dev.netdiag.cli.lsof;

import dev.netdiag.cli.Run;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.NetNamespace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sockets of another network namespace, in none of the tables lsof reads: lsof 4.95 names them by
 * the kernel's protocol name ("protocol: TCP", "protocol: UNIX-STREAM"…). A child (Debian's
 * python3) in a namespace of this test's own holds a TCP listener on the namespace's loopback, a
 * UDP socket, a UNIX pair and a netlink socket.
 */
class LsofForeignSocketsTest {
  private static NetNamespace namespace;
  private static Process child;

  @BeforeAll
  static void startChild() throws Exception {
    Assumptions.assumeTrue(Cmd.installed("lsof"), "lsof is not installed");
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 is not installed");
    namespace = NetNamespace.create();
    String script =
        String.join(
            "\n",
            "import socket, time",
            "tcp = socket.socket()",
            "tcp.bind(('127.0.0.1', 0))",
            "tcp.listen()",
            "udp = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)",
            "udp.bind(('::1', 0))",
            "pair = socket.socketpair()",
            "nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)",
            "print('ready', flush=True)",
            "time.sleep(120)");
    child =
        new ProcessBuilder(
                "ip", "netns", "exec", namespace.name(), "/usr/bin/python3", "-c", script)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String ready = new BufferedReader(new InputStreamReader(child.getInputStream())).readLine();
    Assertions.assertEquals("ready", ready, "the child did not make its sockets");
  }

  @AfterAll
  static void stop() {
    if (child != null) {
      child.destroyForcibly();
      try {
        child.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (namespace != null) {
      namespace.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"-a -p PID -d 3-99", "-a -p PID -d 3-99 -Ftn", "-a -p PID -d 3-99 -X"})
  void protocolNamesMatchLsof(String args) {
    List<String> argv =
        List.of(("lsof " + args.replace("PID", Long.toString(child.pid()))).split(" "));
    Cmd.Result ours = Run.netdiag(argv.toArray(String[]::new));
    Assertions.assertTrue(ours.stdout().contains("protocol"), ours.stdout());
    Differential.exact()
        .rowsAsSet()
        .assertSame("lsof " + args, Cmd.run(Duration.ofSeconds(30), argv), ours);
  }
}
