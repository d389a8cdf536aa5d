package dev.netdiag.cli.lsof;

import dev.netdiag.testkit.Differential;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Socket files of every kind against lsof 4.95, in the table, in field output (each field, and all
 * of them with a bare -F) and with -E: a python3 child holds a TCP listener on 127.55.32.1 and a
 * connection to it from 127.0.0.1 (two different addresses: lsof pairs the ends all the same), a
 * bound UDP socket, an abstract UNIX listener, and, as root, a raw ICMP socket (lsof shows it as
 * "raw" from /proc/net/raw, not as an Internet file), a packet socket and a netlink socket.
 */
class LsofSocketFieldsTest {
  @AutoClose private static PythonChild child;

  @BeforeAll
  static void startChild() throws Exception {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "raw and packet sockets need root; the tests run as root in CI");
    child =
        PythonChild.start(
            List.of(),
            String.join(
                "\n",
                "import socket, time",
                "l = socket.socket()",
                "l.bind(('127.55.32.1', 0))",
                "l.listen()",
                "c = socket.socket()",
                "c.bind(('127.0.0.1', 0))",
                "c.connect(l.getsockname())",
                "a, _ = l.accept()",
                "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
                "u.bind(('127.55.32.2', 0))",
                "x = socket.socket(socket.AF_UNIX)",
                "x.bind('\\0netdiag-lsof-fields')",
                "x.listen()",
                "r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)",
                "p = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))",
                "n = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)",
                "n.bind((0, 0))",
                "print('ready', flush=True)",
                "time.sleep(120)"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-a -p PID -nP -d 3-20",
        "-a -p PID -nP -d 3-20 -F",
        "-a -p PID -nP -F0",
        "-a -p PID -nP -d 3-20 -F pfdDiPnT",
        "-a -p PID -nP -d 3-20 -F fP",
        "-a -p PID -nP -d 3-20 -F fd",
        "-a -p PID -nP -F fk",
        "-a -p PID -nP -d 3-20 -E",
        "-a -p PID -nP -d 3-20 +E",
        "-a -p PID -nP -i",
        "-a -p PID -nP -iTCP -E",
        "-a -p PID -nP -U",
        "-a -p PID -nP -d 0-2 -g",
        "-a -p PID -nP -g -d 0-2",
        "-a -p PID -nP -d 0-2 -g -F pg",
      })
  void socketsMatchLsof(String args) {
    String ours = child.compare(args, Differential.exact().rowsAsSet()).stdout();
    Assertions.assertFalse(ours.isEmpty(), args);
  }
}
