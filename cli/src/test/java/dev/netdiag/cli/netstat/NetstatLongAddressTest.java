package dev.netdiag.cli.netstat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netdiag.cli.Main;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.JavaMain;
import dev.netdiag.testkit.Requires;
import dev.netdiag.testkit.ResolverSandbox;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * net-tools cuts an address so that it and its port fit 22 columns (unless -W): ends on a
 * full-length IPv6 address and an IPv4-mapped one, in a network namespace of the test's own,
 * against netstat's rows. The -n rows are written as bytes, the others through the host and service
 * tables.
 */
class NetstatLongAddressTest {
  private static final String LONG = "fd00:1234:5678:9abc:def0:1234:5678:9abc";
  private static String ns;
  private static Process holder;

  @BeforeAll
  static void create() throws Exception {
    Requires.assumeRoot("a network namespace with a long IPv6 address");
    Requires.assumeInstalled("ip", "netstat", "python3");
    ns = "netdiag-long" + ProcessHandle.current().pid();
    run("ip", "netns", "add", ns);
    try {
      run("ip", "-n", ns, "link", "set", "lo", "up");
      run("ip", "-n", ns, "-6", "addr", "add", LONG + "/128", "dev", "lo", "nodad");
      holder =
          new ProcessBuilder(
                  "ip",
                  "netns",
                  "exec",
                  ns,
                  "python3",
                  "-c",
                  "import socket,sys\n"
                      + "L='"
                      + LONG
                      + "'\n"
                      + "a=socket.socket(socket.AF_INET6);a.bind((L,54321));a.listen()\n"
                      + "c=socket.socket(socket.AF_INET6);c.connect((L,54321))\n"
                      + "s,_=a.accept()\n"
                      + "m=socket.socket(socket.AF_INET6);m.bind(('::',54322));m.listen()\n"
                      + "n=socket.socket(socket.AF_INET);n.connect(('127.0.0.1',54322))\n"
                      + "u=socket.socket(socket.AF_INET6,socket.SOCK_DGRAM);u.bind((L,54323))\n"
                      + "print('ready',flush=True)\n"
                      + "sys.stdin.read()\n")
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String ready =
          new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertEquals("ready", ready, "the sockets did not open");
    } catch (Exception | Error e) {
      delete();
      throw e;
    }
  }

  @AfterAll
  static void delete() {
    if (holder != null) {
      holder.destroyForcibly();
    }
    if (ns != null) {
      Cmd.run(Duration.ofSeconds(10), List.of("ip", "netns", "del", ns));
    }
  }

  private static void run(String... argv) {
    Cmd.run(Duration.ofSeconds(10), List.of(argv)).orFail(String.join(" ", argv));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-tan", "-tanW", "-tuan", "-tuanW", "-uan6", "-tan6 --wide", "-tanp"})
  void sameRowsAsNetTools(String args) {
    List<String> reference = new ArrayList<>(List.of("ip", "netns", "exec", ns, "netstat"));
    reference.addAll(List.of(args.split(" ")));
    List<String> tool = new ArrayList<>(List.of("netstat"));
    tool.addAll(List.of(args.split(" ")));
    List<String> ours = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    ours.addAll(JavaMain.command(Main.class.getName(), tool.toArray(String[]::new)));
    Differential.exact()
        .dropLines("TIME_WAIT")
        .rowsAsSet()
        .assertSame(
            "netstat " + args,
            ResolverSandbox.offline().run(Duration.ofSeconds(30), reference),
            Cmd.run(Duration.ofSeconds(60), ours));
  }
}
