package dev.netdiag.cli.lsof;

import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.NetNamespace;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sockets of another network namespace, in none of the tables lsof reads: lsof 4.95 names them by
 * the kernel's protocol name ("protocol: TCP", "protocol: UNIX-STREAM"…). A python3 child in a
 * namespace of this test's own holds a TCP listener on the namespace's loopback, a UDP socket, a
 * UNIX pair and a netlink socket.
 */
class LsofForeignSocketsTest {
  private static NetNamespace namespace;
  private static PythonChild child;

  @BeforeAll
  static void startChild() throws Exception {
    namespace = NetNamespace.create();
    child =
        PythonChild.start(
            List.of("ip", "netns", "exec", namespace.name()),
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
                "time.sleep(120)"));
  }

  @AfterAll
  static void stop() {
    if (child != null) {
      child.close();
    }
    if (namespace != null) {
      namespace.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"-a -p PID -d 3-99", "-a -p PID -d 3-99 -Ftn", "-a -p PID -d 3-99 -X"})
  void protocolNamesMatchLsof(String args) {
    String ours = child.compare(args, Differential.exact().rowsAsSet()).stdout();
    Assertions.assertTrue(ours.contains("protocol"), ours);
  }
}
