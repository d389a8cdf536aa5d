package dev.netdiag.cli.netstat;

import dev.netdiag.cli.Main;
import dev.netdiag.cli.Run;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.JavaMain;
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
 * netstat's socket tables against net-tools on sockets this test opens on 127.55.0.0/16 and ::1:
 * listeners, an established pair, a bound and a connected UDP socket. Rows of other sockets on the
 * machine (other builds come and go) are left out; rows compare as sets.
 */
class NetstatSocketsTest {
  private static LoopbackSockets sockets;

  @BeforeAll
  static void sockets() throws Exception {
    Assumptions.assumeTrue(Cmd.installed("netstat"), "net-tools netstat is not installed");
    sockets = LoopbackSockets.open("127.55.0", "127.55.9");
  }

  @AfterAll
  static void close() {
    if (sockets != null) {
      sockets.close();
    }
  }

  private static List<String> argv(String args) {
    List<String> out = new ArrayList<>(List.of("netstat"));
    out.addAll(List.of(args.split(" ")));
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-tan",
        "-tln",
        "-tn",
        "-uan",
        "-uln",
        "-un",
        "-tuan",
        "-tuln",
        "-tanW",
        "-ta",
        "-tl",
        "-tan4",
        "-tln6",
        "-tulnp",
        "-tuanp",
        "--tcp --all --numeric",
        "-tan --numeric-hosts",
        // Found by differential fuzzing: with -a and -l both, the title is -a's.
        "-tlan",
        "-u4lpan",
        // -g with a protocol or family: the inet tables, then the group memberships.
        "-gtn",
        "-g -4 -n",
        // "--" ends the options: the words after it are operands, which netstat ignores.
        "-tn -- -u",
      })
  void socketTablesMatch(String args) {
    Differential.exact()
        // Only the rows of this test's sockets: 127.55.x.x and, with -n, the ::1 listener ("::1:" +
        // port).
        .dropLines("^(tcp|udp|raw|udpl)6? (?!.*(127\\.55\\.|::1:))")
        .dropLines("TIME_WAIT")
        .rowsAsSet()
        .assertSame(
            "netstat " + args,
            // Without -n net-tools asks DNS for every address /etc/hosts does not name: the
            // sandbox's dead loopback server keeps those queries on this host.
            ResolverSandbox.offline().run(Duration.ofSeconds(30), argv(args)),
            ours(args));
  }

  /**
   * Ours in a fresh JVM inside the same kind of sandbox: without -n ours asks DNS too, and an
   * in-process run would ask the machine's resolver.
   */
  private static Cmd.Result ours(String args) {
    return ResolverSandbox.offline()
        .run(
            Duration.ofSeconds(60),
            JavaMain.command(Main.class.getName(), argv(args).toArray(String[]::new)));
  }

  /**
   * -p names a process by its argv[0] (the base name of a path), not by its comm as ss and lsof do,
   * and cuts "PID/NAME" to 19 bytes: a listener whose argv[0] is a long path and whose comm is
   * python3.
   */
  @org.junit.jupiter.api.Test
  void programColumnIsArgvZero() throws Exception {
    // Debian's python3 itself: a wrapper on PATH (pyenv) would exec it again with its own argv[0].
    Assumptions.assumeTrue(
        java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/python3")),
        "/usr/bin/python3 is not installed");
    String listener =
        "import socket,time\n"
            + "s=socket.socket()\n"
            + "s.bind(('127.55.8.1',0))\n"
            + "s.listen()\n"
            + "print(s.getsockname()[1],flush=True)\n"
            + "time.sleep(60)\n";
    Process child =
        new ProcessBuilder(
                "bash",
                "-c",
                "exec -a /opt/netdiag-test/a-rather-long-program-name /usr/bin/python3 -c \"$0\"",
                listener)
            .redirectErrorStream(true)
            .start();
    try {
      String port =
          new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()))
              .readLine();
      org.junit.jupiter.api.Assertions.assertNotNull(port, "the listener did not start");
      for (String args : List.of("-tlnp", "-tanp", "-tlnpe")) {
        Cmd.Result ours = Run.netdiag(argv(args).toArray(String[]::new));
        String cell = (child.pid() + "/a-rather-long-program-name").substring(0, 19);
        org.junit.jupiter.api.Assertions.assertTrue(
            ours.stdout().contains(" " + cell + " "), ours.stdout());
        Differential.exact()
            .dropLines("^(tcp|udp|raw|udpl)6? (?!.*127\\.55\\.8\\.1:" + port + " )")
            .rowsAsSet()
            .assertSame(
                "netstat " + args,
                ResolverSandbox.offline().run(Duration.ofSeconds(30), argv(args)),
                ours);
      }
    } finally {
      child.destroyForcibly().waitFor();
    }
  }

  /** --json carries the rows the text shows: the same endpoints, states and owners. */
  @org.junit.jupiter.api.Test
  void jsonHasTheTextRows() throws Exception {
    Cmd.Result text = Run.netdiag("netstat", "-tanp");
    Cmd.Result json = Run.netdiag("netstat", "-tanp", "--json");
    org.junit.jupiter.api.Assertions.assertEquals(0, json.exitCode(), json.stderr());
    List<String> fromText = new ArrayList<>();
    for (String line : text.stdout().lines().toList()) {
      if (line.startsWith("tcp") && line.contains("127.55.") && !line.contains("TIME_WAIT")) {
        String[] f = line.trim().split(" +");
        fromText.add(f[3] + " " + f[4] + " " + f[5] + " " + f[6]);
      }
    }
    List<String> fromJson = new ArrayList<>();
    try (com.fasterxml.jackson.core.JsonParser p =
        new com.fasterxml.jackson.core.JsonFactory().createParser(json.stdout())) {
      java.util.Map<String, String> row = new java.util.HashMap<>();
      String field = null;
      for (var t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case FIELD_NAME -> field = p.currentName();
          case VALUE_STRING, VALUE_NUMBER_INT -> row.put(field, p.getText());
          case VALUE_NULL -> row.put(field, "-");
          case END_OBJECT -> {
            // JSON keeps IPv4-mapped addresses as IPv6 text; the table prints them dotted.
            String local = row.getOrDefault("local_address", "").replace("::ffff:", "");
            if (local.startsWith("127.55.") && !"TIME_WAIT".equals(row.get("state"))) {
              String owner =
                  row.get("pid").equals("-") ? "-" : row.get("pid") + "/" + row.get("program");
              fromJson.add(
                  local
                      + ":"
                      + row.get("local_port")
                      + " "
                      + row.get("foreign_address").replace("::ffff:", "")
                      + ":"
                      + (row.get("foreign_port").equals("0") ? "*" : row.get("foreign_port"))
                      + " "
                      + row.get("state")
                      + " "
                      + owner);
            }
            row.clear();
          }
          default -> {}
        }
      }
    }
    java.util.Collections.sort(fromText);
    java.util.Collections.sort(fromJson);
    org.junit.jupiter.api.Assertions.assertFalse(fromJson.isEmpty(), json.stdout());
    org.junit.jupiter.api.Assertions.assertEquals(fromText, fromJson);
  }
}
