package dev.netdiag.cli.ss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.Run;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.Requires;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code cgroup PATH} filter against iproute2 ss: a cgroup this test creates under the cgroup2
 * mount (root only; removed afterwards) holds a child process with a listener and a connected pair
 * on 127.54.9.1; this JVM, outside it, listens on 127.54.9.2.
 */
class SsCgroupDifferentialTest {
  private static Path mount;
  private static Path cgroup;
  private static Process child;
  private static ServerSocketChannel outside;
  private static int childPort;

  private static Path cgroup2Mount() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
      String[] f = line.split(" ");
      if (f.length > 2 && f[2].equals("cgroup2")) {
        return Path.of(f[1]);
      }
    }
    return null;
  }

  @BeforeAll
  static void start() throws Exception {
    Requires.assumeRoot("creates a cgroup and moves a process into it");
    Requires.assumeInstalled("ss", "python3");
    mount = cgroup2Mount();
    Assumptions.assumeTrue(mount != null, "skipped: no cgroup2 mount in /proc/mounts");
    cgroup = mount.resolve("netdiag-ss-cg-" + ProcessHandle.current().pid());
    Files.createDirectory(cgroup);
    // The child makes its sockets only once it is in the cgroup: a socket keeps the cgroup it was
    // created in.
    String script =
        "import socket,sys,time\n"
            + "sys.stdin.readline()\n"
            + "l=socket.socket(); l.bind(('127.54.9.1',0)); l.listen(8)\n"
            + "c=socket.create_connection(l.getsockname()); a,_=l.accept()\n"
            + "print(l.getsockname()[1], flush=True)\n"
            + "time.sleep(300)\n";
    child = new ProcessBuilder("python3", "-c", script).start();
    Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(child.pid()));
    OutputStream in = child.getOutputStream();
    in.write("go\n".getBytes(StandardCharsets.US_ASCII));
    in.flush();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    childPort = Integer.parseInt(out.readLine().strip());
    outside = ServerSocketChannel.open(StandardProtocolFamily.INET);
    outside.bind(new InetSocketAddress(InetAddress.getByName("127.54.9.2"), 0), 4);
  }

  @AfterAll
  static void stop() throws Exception {
    if (outside != null) {
      outside.close();
    }
    if (child != null) {
      child.destroyForcibly().waitFor();
    }
    if (cgroup != null) {
      // A cgroup can be removed once its last process has exited.
      for (int i = 0; i < 50 && Files.exists(cgroup); i++) {
        try {
          Files.delete(cgroup);
        } catch (java.io.IOException e) {
          Thread.sleep(100);
        }
      }
    }
  }

  private static final Differential SAME =
      Differential.exact()
          .collapseSpaces()
          .mask("Address:Port ?Process", "Address:Port Process")
          .mask("timer:\\((\\w+),[^,]*,\\d+\\)", "timer:($1,T,R)")
          .rowsAsSet();

  private static List<String> args(String command) {
    String name = cgroup.getFileName().toString();
    String expanded =
        command
            .replace("ABS", cgroup.toString())
            .replace("REL", "/" + name)
            .replace("BARE", name)
            .replace("PORT", Integer.toString(childPort));
    return List.of(expanded.split(" "));
  }

  @Test
  void sameRowsAsSs() {
    List<String> cases =
        List.of(
            "-tan cgroup REL",
            "-tan cgroup ABS",
            "-tan cgroup BARE",
            "-tan cgroup = REL",
            "-tan cgroup eq ABS",
            "-tan src 127.54.9.0/24 and not cgroup REL",
            "-tan src 127.54.9.0/24 cgroup != REL",
            "-tan src 127.54.9.0/24 ! cgroup ABS",
            "-tan cgroup REL or src 127.54.9.2",
            "-tan ( cgroup REL and sport = :PORT ) or ( src 127.54.9.2 and not cgroup REL )",
            "-tan cgroup REL dport = :PORT",
            "-tan state listening cgroup REL",
            "-tan state established cgroup REL",
            "-tane cgroup REL",
            "-tan --cgroup cgroup REL",
            "-tan cgroup /",
            "-tan src 127.54.9.0/24 not cgroup /",
            "-tan cgroup " + mount,
            "-uan cgroup REL",
            "-xa cgroup REL",
            "-a cgroup REL",
            "-Sa cgroup REL",
            "-tanp cgroup REL");
    for (String command : cases) {
      List<String> argv = args(command);
      Cmd.Result reference = fixtureRun("ss", argv);
      Cmd.Result ours = Run.netdiag(withTool(argv));
      SAME.assertSame("ss " + String.join(" ", argv), reference, ours);
    }
    // The comparison means something: the child's three sockets are selected by their cgroup.
    Cmd.Result listed = Run.netdiag(withTool(args("-tanH cgroup REL")));
    assertEquals(3, listed.stdout().strip().split("\n").length, listed.stdout());
  }

  @Test
  void missingPathsFailAsSs() {
    for (String command :
        List.of("-tan cgroup /netdiag-no-such-cgroup", "-tan cgroup netdiag-no-such-cgroup")) {
      List<String> argv = args(command);
      Cmd.Result reference = fixtureRun("ss", argv);
      Cmd.Result ours = Run.netdiag(withTool(argv));
      assertEquals(1, reference.exitCode(), reference.stderr());
      assertEquals(reference.exitCode(), ours.exitCode(), ours.stderr());
      assertEquals("", ours.stdout());
      // ss's two lines, ours after netdiag's "ss: " prefix.
      assertTrue(
          ours.stderr().endsWith(reference.stderr()), ours.stderr() + " / " + reference.stderr());
    }
  }

  private static Cmd.Result fixtureRun(String tool, List<String> argv) {
    List<String> full = new ArrayList<>();
    full.add(tool);
    full.addAll(argv);
    return Cmd.run(full.toArray(String[]::new));
  }

  private static String[] withTool(List<String> argv) {
    List<String> full = new ArrayList<>();
    full.add("ss");
    full.addAll(argv);
    return full.toArray(String[]::new);
  }
}
