package dev.netdiag.cli.lsof;

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
 * lsof -U (UNIX domain sockets) against lsof 4.95, in a network namespace holding only the sockets
 * of {@code ss/families.py}: bound, abstract, unbound, accepted, socketpair, datagram, seqpacket;
 * and the process's NETLINK and PACKET sockets among its other files.
 */
class LsofUnixTest {
  @AutoClose private static SocketFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = SocketFixture.start(LsofUnixTest.class, "/ss/families.py", "lsof");
  }

  private static Cmd.Result run(boolean reference, String args) {
    List<String> words = List.of(args.split(" "));
    return reference
        ? fixture.reference("lsof", words)
        : fixture.ours(Main.class.getName(), "lsof", words);
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
        // Found by differential fuzzing: -s states hold for every TCP and UDP socket, with -i or
        // without (a UDP socket's state is TCP_CLOSE, or TCP_ESTABLISHED once connected).
        "-nP -a -p PID -sTCP:LISTEN",
        "-nP -a -p PID -sTCP:^LISTEN",
        "-nP -a -p PID -sTCP:ESTABLISHED -d 0-99",
      })
  void sameAsLsof(String args) {
    String resolved = args.replace("PID", Long.toString(fixture.pid()));
    Differential.exact()
        .collapseSpaces()
        .rowsAsSet()
        .assertSame("lsof " + resolved, run(true, resolved), run(false, resolved));
  }

  /** A FILE argument that is a UNIX socket's path finds the sockets bound to it (lsof stats it). */
  @org.junit.jupiter.api.Test
  void socketPathIsASearchItem() {
    String pid = Long.toString(fixture.pid());
    String path =
        run(true, "-U -a -p " + pid + " -Fn")
            .stdout()
            .lines()
            .filter(l -> l.startsWith("n/") && l.contains("/stream.sock"))
            .map(l -> l.substring(1, l.indexOf(' ') > 0 ? l.indexOf(' ') : l.length()))
            .findFirst()
            .orElseThrow();
    for (String args : List.of("-nP " + path, "-nP -a -p " + pid + " " + path)) {
      Differential.exact()
          .collapseSpaces()
          .rowsAsSet()
          .assertSame("lsof " + args, run(true, args), run(false, args));
    }
  }
}
