package dev.netdiag.cli.lsof;

import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.LoopbackSockets;
import dev.netdiag.testkit.ResolverSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * lsof -i against lsof 4.95 on sockets this JVM opens on 127.55.1.0/24 and ::1: listeners (one on
 * port 22, to see service names), an established pair, bound and connected UDP sockets. Each case
 * is limited to this process (-a -p) and compares rows as a set.
 */
class LsofNetworkTest {
  private static LoopbackSockets sockets;
  private static int listenerPort;

  @BeforeAll
  static void sockets() throws Exception {
    Assumptions.assumeTrue(Cmd.installed("lsof"), "lsof is not installed");
    sockets = LoopbackSockets.open("127.55.1", "127.55.1");
    listenerPort = sockets.listenerPort();
  }

  @AfterAll
  static void close() {
    if (sockets != null) {
      sockets.close();
    }
  }

  /**
   * lsof run as the reference, in a resolver sandbox: without -n it asks DNS for every address
   * /etc/hosts does not name, and the sandbox's dead loopback server keeps those queries here.
   */
  private static Cmd.Result reference(String args) {
    return ResolverSandbox.offline().run(Duration.ofSeconds(30), argv(args));
  }

  private static List<String> argv(String args) {
    List<String> out =
        new ArrayList<>(List.of("lsof", "-a", "-p", Long.toString(ProcessHandle.current().pid())));
    for (String word : args.split(" ")) {
      out.add(word.replace("PORT", Integer.toString(listenerPort)));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-nP -i@127.55.1.1",
        "-nP -i@127.55.1.2",
        "-nP -iTCP@127.55.1.3",
        "-i@127.55.1.3",
        "-nP -i:PORT",
        "-nP -iTCP:PORT",
        "-nP -iTCP:PORT -sTCP:LISTEN",
        "-nP -iTCP:PORT -sTCP:ESTABLISHED",
        "-nP -iTCP:PORT -sTCP:^LISTEN",
        "-nP -i4TCP:PORT",
        "-nP -i6TCP:PORT",
        "-nP -iUDP@127.55.1.4",
        "-nP -iUDP@127.55.1.5",
        "-nP -i :22",
        "-n -i :22",
        "-t -i :PORT",
        "-nP -i@127.55.1.1 -Fpcfn",
        "-nP -i@127.55.1.1 -F0pftn",
        "-nP -i@[::1]",
        "-nP -i@127.55.1.1 -T",
        "-nP -i@127.55.1.1 -Tqs",
        "-nP -i@127.55.1.1 -Tq",
        "-nP -i@127.55.1.1 -Tf",
        "-nP -i@127.55.1.1 -Tfs",
        "-nP -iUDP@127.55.1.4 -Tq",
        "-nP -iUDP@127.55.1.4 -T",
        "-nP -i@127.55.1.1 -FpfnT",
        "-nP -iUDP@127.55.1.4 -T -FpfnT",
        "-nP -i@127.55.1.1 -T s",
        // Exit status (lsof's checks at the end of main.c): a search item not found is 1, an
        // empty listing by itself is not.
        "-nP -iTCP:PORT -iUDP:9",
        "-nP -iTCP:PORT -sTCP:LISTEN,SYN_SENT",
        "-nP -iTCP -sTCP:SYN_SENT",
        "-nP -i4 -sTCP:LISTEN",
        "-nP -d 999",
        "-nP -u 12345",
        "-nP -g 99999",
        "-nP -c zzz",
        "-nP -c /^zz/",
        "-nP -i -c zzz",
        // Found by differential fuzzing. lsof tries the last -i address first and marks only the
        // first that matches: the sockets on .2 are TCP, so @127.55.1.2 is never found (exit 1).
        "-nP -i@127.55.1.2 -iTCP",
        // Under -a an address item and a bare -i4 must both hold.
        "-nP -i:PORT -i4",
        "-nP -i6 -iTCP",
        // -i4 before an address gives the address that family.
        "-nP -i6 -i:22",
        // -s states are checked on UDP sockets too (TCP_CLOSE, or TCP_ESTABLISHED connected).
        "-nP -i -sTCP:LISTEN",
        "-nP -iUDP -sTCP:ESTABLISHED",
        "-nP -i -sTCP:CLOSE",
        "-nP -i -sTCP:CLOSED",
        "-nP -i -sTCP:^ESTABLISHED",
        // Port lists.
        "-nP -iTCP:PORT,22",
        "-nP -i:22-PORT",
        // A bare -F has every field, G too: the flags are fdinfo's (close-on-exec, non-blocking),
        // not the sockets-only path's. Each -F adds its fields to those before it.
        "-nP -i@127.55.1.1 -F",
        "-nP -i@127.55.1.1 -F0",
        "-nP -i@127.55.1.1 -Fp -Fn",
        "-nP -i@127.55.1.1 -F -Fpn",
        // A bare -i4 found what its family took, even when -a then dropped it (exit 0).
        "-nP -i4 -i6@[::1]",
        "-nP -i:PORT -i6",
        // The T field shows every TCP/TPI value; a -T after it chooses them again.
        "-nP -i@127.55.1.1 -FpT -Tq",
        "-nP -i@127.55.1.1 -FpT -T",
        "-nP -i@127.55.1.1 -F -Tf",
        "-nP -i@127.55.1.1 -Tf -FpT",
        // A socket -d excludes is still read: the -i item and -s state are found there (exit 0).
        "-nP -iTCP:PORT -d ^0-65535 -V",
        "-nP -i4 -sTCP:LISTEN -d ^0-65535 -V",
      })
  void networkFilesMatch(String args) {
    Differential.exact()
        .rowsAsSet()
        .assertSame("lsof " + args, reference(args), LsofRun.ours(argv(args)));
  }

  /**
   * -X: lsof 4.95 reads no TCP or UDP table, so this JVM's TCP and UDP sockets are unidentified
   * "sock" rows (only those rows are compared: the JVM's other files are not this test's subject).
   */
  @org.junit.jupiter.api.Test
  void skippedTcpUdpSocketsAreUnidentified() {
    String args = "-nP -X";
    List<String> reference =
        Differential.exact()
            .dropLines("^(?!.*can't identify protocol)")
            .rowsAsSet()
            .normalize(reference(args).stdout());
    org.junit.jupiter.api.Assertions.assertTrue(
        reference.size() >= 4, "lsof -X shows this JVM's sockets unidentified: " + reference);
    // Spaces collapsed: the columns are sized from all of the JVM's files, which differ while
    // netdiag runs inside it.
    Differential.exact()
        .dropLines("^(?!.*can't identify protocol)")
        .collapseSpaces()
        .rowsAsSet()
        .assertSame("lsof " + args, reference(args), LsofRun.ours(argv(args)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-nP -X -i@127.55.1.1", "-Q -iTCP:1", "-Q -i@127.55.1.9"})
  void skipAndQuietMatch(String args) {
    Differential.exact()
        .withStderr()
        .assertSame("lsof " + args, reference(args), LsofRun.ours(argv(args)));
  }

  @org.junit.jupiter.api.Test
  void unsupportedTcpInfoIsLsofsError() {
    String args = "-nP -i@127.55.1.1 -Tw";
    Differential.exact()
        .withStderr()
        .assertSame("lsof " + args, reference(args), LsofRun.ours(argv(args)));
  }
}
