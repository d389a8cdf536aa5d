package dev.netdiag.cli.netstat;

import dev.netdiag.cli.Main;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.SocketFixture;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * netstat -x (UNIX domain sockets) and the -e/-o columns against net-tools, in a network namespace
 * holding only the sockets of {@code ss/families.py} (UNIX stream, datagram, seqpacket, abstract,
 * socketpair; TCP with keepalive and TIME-WAIT; UDP).
 */
class NetstatUnixTest {
  @AutoClose private static SocketFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = SocketFixture.start(NetstatUnixTest.class, "/ss/families.py", "netstat");
  }

  private static Cmd.Result run(boolean reference, String args) {
    List<String> words = List.of(args.split(" "));
    return reference
        ? fixture.reference("netstat", words)
        : fixture.ours(Main.class.getName(), "netstat", words);
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
        "-4n",
        "-6n",
        "--inet -n",
        "-A unix,inet -n",
        "-A inet,ax25 -n",
        "-vn",
        "-A ddp -n",
        "-tS -n",
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
