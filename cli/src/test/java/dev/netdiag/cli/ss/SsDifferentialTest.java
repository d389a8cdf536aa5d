package dev.netdiag.cli.ss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.Main;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.JavaMain;
import dev.netdiag.testkit.Requires;
import dev.netdiag.testkit.SocketFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * netdiag ss against iproute2 ss in a network namespace that holds only the sockets of {@code
 * ss/fixture.py}: listeners on 127.54.0.x, 0.0.0.0, :: (dual and v6only), ::1, a mapped address and
 * a device; established pairs with queued bytes; CLOSE-WAIT, FIN-WAIT-2, TIME-WAIT; UDP; RAW.
 */
// The fixture's TIME-WAIT and FIN-WAIT-2 sockets end 60 s after it starts: the plain listings,
// which show them, run first.
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class SsDifferentialTest {
  private static SocketFixture fixture;

  /** /etc/netns/NS: what ip netns exec mounts over /etc for both tools (hosts for -r). */
  private static Path etcNetns;

  @BeforeAll
  static void start() throws Exception {
    fixture = SocketFixture.start(SsDifferentialTest.class, "/ss/fixture.py", "ss");
    // -r asks gethostbyaddr about every address shown: the namespace's own /etc/hosts names some
    // of the fixture's, and nsswitch.conf keeps the lookups in that file (never a DNS query).
    etcNetns = Path.of("/etc/netns", fixture.namespace());
    Files.createDirectories(etcNetns);
    Files.writeString(
        etcNetns.resolve("hosts"),
        "127.0.0.1 localhost\n"
            + "127.54.0.1 one.ss.test one\n"
            + "127.54.0.3 mapped.ss.test\n"
            + "::1 ip6-localhost ip6-loopback\n");
    String nsswitch = Files.readString(Path.of("/etc/nsswitch.conf"));
    Files.writeString(
        etcNetns.resolve("nsswitch.conf"),
        nsswitch.replaceAll("(?m)^hosts:.*$", "hosts: files") + "\n");
    Files.writeString(etcNetns.resolve("resolv.conf"), "nameserver 127.0.0.1\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
    if (etcNetns != null) {
      try (var files = Files.list(etcNetns)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(etcNetns);
    }
  }

  private static Cmd.Result reference(List<String> args) {
    return fixture.reference("ss", args);
  }

  private static Cmd.Result ours(List<String> args) {
    return fixture.ours(Main.class.getName(), "ss", args);
  }

  private static final Differential SAME =
      Differential.exact()
          .collapseSpaces()
          // ss glues "Port" and "Process" when the column is narrow; padding is not the contract.
          .mask("Address:Port ?Process", "Address:Port Process")
          // The fixture's orphaned FIN-WAIT-2 socket ends on the kernel's own 60 s timer, which
          // can fire between the two runs of a case on a loaded machine.
          .dropLines("^FIN-WAIT-2 .*127\\.0\\.0\\.1:[0-9]+ +127\\.54\\.0\\.1:[0-9]+ *$")
          .rowsAsSet();

  /**
   * For the cases that run after the plain listings: the fixture's TIME-WAIT and FIN-WAIT-2 sockets
   * end 60 s after it starts, which can fall between the two runs of a case; their rows are left
   * out, and so are the empty second lines such sockets get with -i or -m.
   */
  private static final Differential SAME_LATER =
      SAME.dropLines("^TIME-WAIT ").dropLines("^FIN-WAIT-2 ").dropLines("^$");

  @ParameterizedTest
  @org.junit.jupiter.api.Order(1)
  @ValueSource(
      strings = {
        "-tan",
        "-tln",
        "-tlnp",
        "-tanp",
        "-t",
        "-tn",
        "-tnp",
        "-uan",
        "-uln",
        "-ua",
        "-ta",
        "-tl",
        "-tuan",
        "-tuanp",
        "-4tan",
        "-6tan",
        "-t -a -n",
        "--tcp --all --numeric",
        "-tn state established",
        "-tn state listening",
        "-tan state connected",
        "-tan state synchronized",
        "-tan state bucket",
        "-tan state big",
        "-tan exclude listening",
        "-tan state time-wait",
        "-tn state close-wait",
        "-tn state fin-wait-2",
        "-tn state established state close-wait",
        "-tan state all exclude time-wait",
        "-Htan",
        "-tanH -p",
        "-O -tan",
        "-f inet -tan",
        "-f inet6 -an -t",
        "-A tcp,udp -an",
        "-A inet -an",
        "-4 -an",
        "-6 -an",
        "-wan",
        "-wa",
        "-una state closed",
        "-uan state unconnected",
        "-uan state established",
        "-tna state all",
        "-tan state bogus",
        "-tlnp state listening",
        "-tan src 127.54.0.1",
        "-tan dst 127.54.0.1",
        "-tan src 127.54.0.0/16",
        "-tan dst 127/8",
        "-tan sport = :22",
        "-tan sport == :ssh",
        "-tan sport eq :22 or dport = :9",
        "-uan dport = :9",
        "-uan sport = :domain",
        "-tan ( sport > :1024 and ! src 127.54.0.1 )",
        "-tan not sport gt :1024",
        "-tan sport lt :1024",
        "-tan sport >= :22 sport <= :22",
        "-tan src [::1]",
        "-tan dst [::1]",
        "-tan src ::1",
        "-tan src [::ffff:127.54.0.3]",
        "-tan src 127.54.0.3",
        "-tan src *:22",
        "-tan src 127.54.0.5:22",
        "-tan dst != 127.0.0.1",
        "-tan state established src 127.54.0.1",
        "-tan ( src 127.54.0.1 or src ::1 ) and dport != :0",
        "-tan sport = :bogusname",
        "-tan sport =",
        "-tan foo",
        "-tan src 300.1.1.1",
        "-tan ( sport = :22",
        // Host names, looked up as ss looks them up (gethostbyname2; localhost from /etc/hosts).
        "-tan dst localhost",
        "-tan src localhost",
        "-tan src localhost:22",
        "-4 -tan dst localhost",
        "-6 -tan src localhost",
        "-tan dst localhost/8",
        "-tan localhost",
        "-tan 127.54.0.1",
        // The default states of each table (UDP and RAW: connected only, one state, no State
        // column), -a and -l in order, -A's "connected".
        "-u",
        "-w",
        "-u4",
        "-A udp",
        "-tl -u",
        "-tla",
        "-tal",
      })
  void sameRowsAsSs(String command) {
    List<String> args = List.of(command.split(" "));
    SAME.assertSame("ss " + command, reference(args), ours(args));
  }

  /** MPTCP and -r listings, after the plain ones (so without the fixture's TIME-WAIT row). */
  @ParameterizedTest
  @org.junit.jupiter.api.Order(3)
  @ValueSource(
      strings = {
        // MPTCP (-M, -A mptcp, and in every listing of the inet tables)
        "-M",
        "-Ma",
        "-Man",
        "-Mai",
        "-Maie -m",
        "-MaiO",
        "-Mao",
        "-tMa",
        "-uMa",
        "-6Ma",
        "-A mptcp -a",
        "--mptcp -an state listening",
        "-4a",
        // -r: names from the namespace's /etc/hosts, numbers for the others.
        "-tanr",
        "-tlr",
        "-tr",
        "-uanr",
        "-wanr",
        "-6tanr",
        "-4tlr",
        "-tar state established",
        "-tan --resolve src 127.54.0.1",
        "-tarO",
        "-tarp",
      })
  void laterRowsAsSs(String command) {
    List<String> args = List.of(command.split(" "));
    SAME_LATER.assertSame("ss " + command, reference(args), ours(args));
  }

  /**
   * Operands as ss's parse_hostcond reads them, found by a differential fuzz: C integers for ports
   * (hex, octal, any int), a sport/dport operand taken whole as the port ("*:22" is any port),
   * ports beyond 16 bits as ss's kernel program truncates them, get_prefix_1's short addresses,
   * dotted masks and "any", -4/-6 where the last one given is the one family dumped, -s going on to
   * list when any word follows the options. Errors (stderr, exit code) as ss prints them.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "-tan sport = :0x16",
        "-tan sport = :026",
        "-tan sport = *:22",
        "-tan dport = :*",
        "-tan sport != *",
        "-tan sport lt :65536",
        "-tan not sport lt :65536",
        "-tan sport ge :-1",
        "-tan sport != :65536",
        "-tan src 127.54.0.5:026",
        "-tan src 127.54.0.1/255.255.255.0",
        "-tan src 127.54.0.0/0x18",
        "-tan src 127.54/16",
        "-tan src any",
        "-tan dst all:22",
        "-tan src *ssh",
        "-tuan sport = :domain",
        "-uan sport = :domain",
        "-4 -6 -tan",
        "-6 -4 -tan",
        "-46 -uan",
        "-6 -f inet -tan",
        "-6 -tan src inet:127.54.0.1",
        // RAW without a diag module for the asked family: /proc/net for every listed family
        "-4 -6 -wan",
        "-6 -4 -wan",
        "-4 -6 -an",
        "-s state established",
        "-s -t",
        "-s src 127.54.0.1",
        // errors ss finds after printing the summary
        "-s state bogus",
        "-s -t exclude estab",
        "-s -A !all",
        "-s state",
        "-tan state",
        // an operand read in a family makes it the family later ones are read in
        "-xa src inet:127.54.0.1 or sport = :22",
        "-tan src *:-5",
        "-tan not src *:-5",
        // errors
        "-tan src [::1",
        "-tan dport [::1]:22",
        "-tan src ::ffff:127.54.0.3",
        "-tan sport = :ntp",
        "-tan sport = 127.54.0.1:22",
        "-tan sport = :1e3",
        "-6 -tan src 127.54.0.1",
        "-4 -tan src ::1",
        "-tan src 127.54.0.1/33",
        "-tan src [::1]/128",
        "-xa dport = inet::http",
        "-tan src /tmp/x",
        "-tan sport = :22 or 127.54.0.1/33",
        "-tan src 127.54.0.1 sport = :22 127.54.0.1/33",
        "-tan src inet6:::1 or dst 127.54.0.1",
        "-0 src 127.0.0.1",
        "-0 src bogus",
        "-0 sport = :nosuchdevice0",
        "-f netlink src nosuchprotocol",
        "-f netlink src 256",
        "-f link sport = 127.54.0.1:22",
      })
  void operandsAsSs(String command) {
    List<String> args = List.of(command.split(" "));
    SAME_LATER
        .withStderr()
        .mask("^netdiag ss: ", "")
        .mask("^ss: ", "")
        // the tool's own sockets count in the summary's total
        .mask("^Total: [0-9]+$", "Total: N")
        .assertSame("ss " + command, reference(args), ours(args));
  }

  /**
   * -e and --cgroup print each socket's cgroup path; where ss cannot find one (here, where ip netns
   * exec leaves no cgroup2 mount) it says so on stderr, once and then for each socket.
   */
  @ParameterizedTest
  @ValueSource(strings = {"-tne state established", "-tn --cgroup state listening", "-xe"})
  void cgroupMessagesAsSs(String command) {
    List<String> args = List.of(command.split(" "));
    SAME_LATER.withStderr().assertSame("ss " + command, reference(args), ours(args));
  }

  /**
   * Options as getopt_long reads ss's: long options by any unambiguous prefix, unknown and
   * ambiguous ones (and short options ss does not have) as getopt's error, exit 255. ss then prints
   * its usage text, which we do not: the first line of stderr is compared.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "--num -t",
        "-t --no-head",
        "--so tcp -a",
        "--q udp -a",
        "--fam=inet -t",
        "-t --ipv6",
        "-t --i",
        "--c -t",
        "--in -t",
        "--bogus",
        "-Q",
        "-tan fwmark -1",
      })
  void optionsAsSs(String command) {
    List<String> args = List.of(command.split(" "));
    Cmd.Result reference = reference(args);
    Cmd.Result ours = ours(args);
    SAME_LATER.assertSame("ss " + command, reference, ours);
    org.junit.jupiter.api.Assertions.assertEquals(
        reference.stderr().lines().findFirst().orElse("").replaceFirst("^ss: ", ""),
        ours.stderr().lines().findFirst().orElse("").replaceFirst("^netdiag ss: ", ""),
        "ss " + command + ": the first line of stderr");
  }

  /**
   * -F FILE: the expression read from a file (after any on the command line), as ss reads it; a
   * literal \\n in the content is a line break, \\t a tab.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "-tan -F FILE|sport = :22",
        "-tan -F FILE|src 127.54.0.1\\nor dst 127.54.0.1",
        "-tan -F FILE|# ss skips comment lines\\nsport = :22",
        "-tan -F FILE|0 and lines starting with a zero\\n( sport = :22 or sport = :ssh )",
        "-tan --filter=FILE|\\tsport\\t=\\t:22",
        "-tan --filter FILE|dport = :9",
        "-uan -F FILE|dport = :9",
        "-tan sport = :22 -F FILE|or src 127.54.0.1",
        "-tan state listening -F FILE|not sport = :22",
        "-tan -F FILE|",
        "-tan -F FILE|sport\\ = :22",
        "-tan -F FILE|( sport = :22",
        "-tan -F FILE|src 300.1.1.1",
        "-tan -F /nonexistent/filter|",
        "-tan -F FILE -F FILE|sport = :22",
        "-tan -F -|",
      })
  void filterFromFile(String command, String content) throws Exception {
    Path file = Files.createTempFile("netdiag-ss-filter", ".txt");
    try {
      Files.writeString(
          file, content == null ? "" : content.replace("\\n", "\n").replace("\\t", "\t"));
      List<String> args = new ArrayList<>();
      for (String word : command.split(" ")) {
        args.add(word.replace("FILE", file.toString()));
      }
      SAME_LATER.assertSame("ss " + command + " with " + content, reference(args), ours(args));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * -N NAME: both tools run in this namespace and switch to the fixture's (created with ip netns
   * add) themselves; -r then reads the /etc/netns/NAME/hosts they bind over /etc/hosts.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "-N NS -tan",
        "-tan -N NS",
        "--net=NS -tln",
        "--net NS -uan",
        "-N NS -tlnp",
        "-N NS -tlr",
        "-N NS -tanr state established",
        "-N NS -tan sport = :22",
        "-N NS -wan",
        "-N netdiag-no-such-namespace -tan",
      })
  void netnsAsSs(String command) {
    List<String> args = new ArrayList<>();
    for (String word : command.split(" ")) {
      args.add(word.replace("NS", fixture.namespace()));
    }
    List<String> ourArgs = new ArrayList<>(List.of("ss"));
    ourArgs.addAll(args);
    List<String> referenceArgv = new ArrayList<>(List.of("ss"));
    referenceArgv.addAll(args);
    Cmd.Result reference = Cmd.run(Duration.ofSeconds(30), referenceArgv);
    Cmd.Result ours =
        Cmd.run(
            Duration.ofSeconds(60),
            JavaMain.command(Main.class.getName(), ourArgs.toArray(String[]::new)));
    if (command.contains("no-such")) {
      assertTrue(reference.stderr().contains("Cannot open network namespace"), reference.stderr());
    } else {
      // The host's namespace has none of the fixture's sockets: rows prove the switch.
      assertTrue(
          reference.stdout().lines().count() > 1,
          "the fixture's sockets are listed: " + reference.stdout() + reference.stderr());
    }
    SAME_LATER.withStderr().assertSame("ss " + command, reference, ours);
  }

  /**
   * -D FILE: both tools save the raw TCP sock_diag reply; ss itself then reads each file back (its
   * TCPDIAG_FILE replay) and both replays must list the same sockets with the same details. The
   * files differ only in each message's nlmsg_seq and nlmsg_pid.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "-tan -D FILE",
        "-ta -D FILE",
        "-t -D FILE",
        "-tl --diag=FILE",
        "-6ta --diag FILE",
        "-4ta -D FILE",
        "-ta -D FILE -m --tos",
        "-ta -D FILE -i",
        "-tan -D FILE sport = :22 and this is no filter",
        "-tan state established -D FILE",
        "-ta -D -",
        "-u -D FILE",
        "-x -D FILE",
        "-tan -D /nonexistent/netdiag/dump",
      })
  void diagDumpAsSs(String command) throws Exception {
    Path dir = Files.createTempDirectory("netdiag-ss-diag");
    try {
      Path ours = dir.resolve("ours");
      Path theirs = dir.resolve("theirs");
      Cmd.Result referenceRun = saveDump(command, theirs, false);
      Cmd.Result ourRun = saveDump(command, ours, true);
      if (command.contains("nonexistent")) {
        // ss's own check tests the name, not the stream, and then crashes writing to NULL: we
        // stop with the message it meant to print.
        org.junit.jupiter.api.Assertions.assertEquals(255, ourRun.exitCode(), ourRun.stderr());
        assertTrue(ourRun.stderr().contains("fopen dump file"), ourRun.stderr());
        return;
      }
      SAME_LATER
          .withStderr()
          .mask("^netdiag ss: ", "ss: ")
          .assertSame("ss " + command, referenceRun, ourRun);
      assertTrue(Files.exists(theirs) == Files.exists(ours), "both or neither wrote a file");
      if (!Files.exists(theirs)) {
        return;
      }
      assertTrue(Files.size(theirs) > 0, "ss wrote a dump");
      for (String replay : List.of("-tan", "-tane --tos", "-tani", "-tanm")) {
        List<String> args = List.of(replay.split(" "));
        SAME_LATER
            .mask("timer:\\((\\w+),[^,]*,\\d+\\)", "timer:($1,T,R)")
            .mask(
                "(rto|rtt|ato|lastsnd|lastrcv|lastack|minrtt|busy|delivery_rate|send|pacing_rate)"
                    + "[: ][0-9./]+[kMG]?(bps|ms)?",
                "$1 N")
            .assertSame(
                "TCPDIAG_FILE replay (" + replay + ") of ss " + command,
                replay(theirs, args),
                replay(ours, args));
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  /** Runs one side of a -D case in the fixture's namespace, FILE (or stdout for "-") to file. */
  private static Cmd.Result saveDump(String command, Path file, boolean ours) {
    List<String> args = new ArrayList<>();
    for (String word : command.split(" ")) {
      args.add(word.replace("FILE", file.toString()));
    }
    List<String> tool = new ArrayList<>();
    if (ours) {
      List<String> toolArgs = new ArrayList<>(List.of("ss"));
      toolArgs.addAll(args);
      tool.addAll(JavaMain.command(Main.class.getName(), toolArgs.toArray(String[]::new)));
    } else {
      tool.add("ss");
      tool.addAll(args);
    }
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", fixture.namespace()));
    if (command.contains("-D -")) {
      // The dump goes to stdout: the shell puts it in the file.
      StringBuilder script = new StringBuilder("exec");
      for (String word : tool) {
        script.append(" '").append(word.replace("'", "'\\''")).append('\'');
      }
      script.append(" > '").append(file).append('\'');
      argv.addAll(List.of("sh", "-c", script.toString()));
    } else {
      argv.addAll(tool);
    }
    return Cmd.run(Duration.ofSeconds(60), argv);
  }

  /** ss reading a saved dump (misc/ss.c tcp_show_netlink_file). */
  private static Cmd.Result replay(Path file, List<String> args) {
    List<String> argv = new ArrayList<>(List.of("env", "TCPDIAG_FILE=" + file, "ss"));
    argv.addAll(args);
    return Cmd.run(Duration.ofSeconds(30), argv);
  }

  /**
   * -K: each tool closes sockets of its own copy of ss/kill.py's table (fixed ports, a fresh
   * namespace each); what they print and the table left behind must be the same. A closed
   * connection resets its peer, so the peer is gone too (which end of a pair the dump meets first
   * depends on the namespace's hash seed, so each case's filter selects one end). RAW comes from
   * /proc/net where the kernel has no raw_diag, and then nothing is closed, as in ss.
   */
  @ParameterizedTest
  @org.junit.jupiter.api.Order(2)
  @ValueSource(
      strings = {
        "-tanK sport != :5003",
        "-tK src 127.54.9.1",
        "-tK dport = :5001",
        "-uaK",
        "-tuaK sport = :5002",
        "--kill -tan state listening",
        "-6tlK",
        "-tanK src 127.54.9.99",
        "-wanK",
        "-tuwanK ( src 127.54.9.1 or src [::1] or src 127.54.9.2 )",
      })
  void killAsSs(String command) throws Exception {
    List<String> args = List.of(command.split(" "));
    List<String> table = List.of("-tuwan");
    Cmd.Result[] reference = new Cmd.Result[3];
    Cmd.Result[] ours = new Cmd.Result[3];
    for (boolean isOurs : new boolean[] {false, true}) {
      Cmd.Result[] into = isOurs ? ours : reference;
      try (SocketFixture own = SocketFixture.start(SsDifferentialTest.class, "/ss/kill.py", "ss")) {
        into[0] = own.reference("ss", table);
        into[1] = isOurs ? own.ours(Main.class.getName(), "ss", args) : own.reference("ss", args);
        into[2] = own.reference("ss", table);
      }
    }
    SAME.assertSame("the table before ss " + command, reference[0], ours[0]);
    SAME.assertSame("ss " + command, reference[1], ours[1]);
    SAME.assertSame("the table after ss " + command, reference[2], ours[2]);
    if (!command.contains("u") && !command.contains("w")) {
      // TCP only: the TCP sockets SOCK_DESTROY closed (all it lists) are gone from the table.
      org.junit.jupiter.api.Assertions.assertNotEquals(
          reference[0].stdout().equals(reference[2].stdout()),
          reference[1].stdout().lines().count() > 1,
          "ss closed what it listed: "
              + reference[1].stdout()
              + "\nafter:\n"
              + reference[2].stdout());
    }
  }

  /** Opens and closes TCP and UDP sockets of both families: sock_diag's destroy events for -E. */
  private static final String CHURN =
      String.join(
          "\n",
          "import socket",
          "l = socket.socket(); l.bind(('127.54.8.1', 5555)); l.listen()",
          "import struct",
          "c = socket.socket(); c.connect(('127.54.8.1', 5555)); a, _ = l.accept()",
          // Reset, not closed: no TIME-WAIT socket stays behind in the shared fixture.
          "c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))",
          "c.close(); a.close(); l.close()",
          "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.54.8.2', 5556))",
          "u.close()",
          "v = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); v.bind(('::1', 5557)); v.close()",
          "t = socket.socket(socket.AF_INET6); t.bind(('::1', 25)); t.listen(); t.close()");

  /**
   * -E: ss (unbuffered through stdbuf, as on a terminal) and ours follow the destroy events of the
   * fixture's namespace side by side while CHURN runs there, and are then ended; both must have
   * printed the same rows. Without TCP or UDP both stop at once.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {"-E", "-Et", "-Eu", "-E4", "-E6", "-En", "--events src 127.54.8.1", "-Ex"})
  void eventsAsSs(String command) throws Exception {
    Requires.assumeInstalled("stdbuf");
    List<String> args = List.of(command.split(" "));
    Path dir = Files.createTempDirectory("netdiag-ss-events");
    List<String> referenceArgv =
        new ArrayList<>(List.of("ip", "netns", "exec", fixture.namespace(), "stdbuf", "-o0", "ss"));
    referenceArgv.addAll(args);
    List<String> ourArgs = new ArrayList<>(List.of("ss"));
    ourArgs.addAll(args);
    List<String> ourArgv = new ArrayList<>(List.of("ip", "netns", "exec", fixture.namespace()));
    ourArgv.addAll(JavaMain.command(Main.class.getName(), ourArgs.toArray(String[]::new)));
    Process reference = null;
    Process ours = null;
    try {
      reference = follow(referenceArgv, dir.resolve("reference"));
      ours = follow(ourArgv, dir.resolve("ours"));
      // Ready when both have joined sock_diag's groups: /proc/net/netlink of the fixture's
      // namespace lists their sockets (protocol 4) with the group bits set.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (subscribers() < 2
          && reference.isAlive()
          && ours.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Cmd.run(
              Duration.ofSeconds(20),
              List.of("ip", "netns", "exec", fixture.namespace(), "python3", "-c", CHURN))
          .orFail("the socket churn");
      Thread.sleep(1500);
      int referenceExit = end(reference);
      int ourExit = end(ours);
      Cmd.Result referenceRun =
          new Cmd.Result(referenceExit, Files.readString(dir.resolve("reference")), "");
      Cmd.Result ourRun = new Cmd.Result(ourExit, Files.readString(dir.resolve("ours")), "");
      if (!command.equals("-Ex")) {
        assertTrue(
            referenceRun.stdout().contains("127.54.8.") || referenceRun.stdout().contains(":5557"),
            "ss reported the churn: " + referenceRun.stdout());
      }
      SAME.assertSame("ss " + command, referenceRun, ourRun);
    } finally {
      for (Process p : new Process[] {reference, ours}) {
        if (p != null) {
          end(p);
        }
      }
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static Process follow(List<String> argv, Path output) throws Exception {
    return new ProcessBuilder(argv)
        .redirectOutput(output.toFile())
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
  }

  /** The sock_diag sockets of the fixture's namespace that joined a multicast group. */
  private static long subscribers() throws Exception {
    // sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode
    return Files.readAllLines(Path.of("/proc", Long.toString(fixture.pid()), "net", "netlink"))
        .stream()
        .map(line -> line.trim().split("\\s+"))
        .filter(f -> f.length > 3 && f[1].equals("4") && !f[3].matches("0+"))
        .count();
  }

  /** Ends a follower (and the ss or java under ip netns exec); its exit code, -1 when killed. */
  private static int end(Process process) throws InterruptedException {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      }
      return -1;
    }
    return process.exitValue();
  }

  /** -Z/-z where SELinux is not enabled: ss stops with its message and exit 1. */
  @ParameterizedTest
  @ValueSource(strings = {"-Z", "-z", "-tanZ", "--context", "-t --contexts"})
  void selinuxAbsentAsSs(String command) {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        Files.exists(Path.of("/sys/fs/selinux/enforce")),
        "skipped: SELinux is enabled here (contexts are not built)");
    List<String> args = List.of(command.split(" "));
    SAME.withStderr()
        .mask("^netdiag ss: ", "ss: ")
        .assertSame("ss " + command, reference(args), ours(args));
  }
}
