package dev.netdiag.cli.ss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.Main;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.SocketFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * netdiag ss against iproute2 ss on UNIX, PACKET and NETLINK sockets and on the -e/-o/-m/-i texts,
 * in a network namespace holding only the sockets of {@code ss/families.py}.
 */
class SsFamiliesDifferentialTest {
  @AutoClose private static SocketFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = SocketFixture.start(SsFamiliesDifferentialTest.class, "/ss/families.py", "ss");
  }

  private static Cmd.Result reference(List<String> args) {
    return fixture.reference("ss", args);
  }

  private static Cmd.Result ours(List<String> args) {
    return fixture.ours(Main.class.getName(), "ss", args);
  }

  private static final Differential SAME =
      Differential.exact()
          // The sock_diag socket of the lister itself (ss or java) differs by name, pid and queue.
          .dropLines("tcpdiag:(ss|java)/[0-9]+| 4:[1-9][0-9]* ")
          .collapseSpaces()
          .mask("Address:Port ?Process", "Address:Port Process")
          // Measured values: TIME-WAIT and keepalive countdowns, tcp_info times, rates, counters.
          .mask("timer:\\((\\w+),[^,]*,\\d+\\)", "timer:($1,T,R)")
          .mask(
              "\\b(rto|rtt|ato|lastsnd|lastrcv|lastack|minrtt|rcv_rtt|busy|rcv_space"
                  + "|rcv_ssthresh|segs_out|segs_in|data_segs_out|data_segs_in|bytes_sent"
                  + "|bytes_acked|bytes_received|delivered|snd_wnd|cwnd|ssthresh):[0-9./]+(ms)?",
              "$1:N")
          .mask(
              "(send|pacing_rate|delivery_rate) [0-9.]+[kMGT]?bps(/[0-9.]+[kMGT]?bps)?", "$1 Nbps")
          .mask(" app_limited", "")
          .mask("bbr:\\([^)]*\\)", "bbr:(B)")
          // PACKET sockets on lo queue the test's own traffic.
          .mask("UNCONN +[0-9]+ +([0-9]+ +\\S+ +\\*( |$))", "UNCONN Q $1")
          .mask("skmem:\\([^)]*\\)", "skmem:(M)")
          // ss -s: TCP "alloc" and orphans are machine-wide counters that other builds move, and
          // the fixture's TIME-WAIT socket expires during the run.
          .mask(
              "^TCP: +[0-9]+ \\(estab ([0-9]+), closed [0-9]+, orphaned [0-9]+, timewait [0-9]+\\)",
              "TCP: N (estab $1, closed N, orphaned N, timewait N)")
          // ss -s "Total": every socket of the namespace when /proc/net/sockstat is read, those
          // of the run before still being released included (right after a lister exits, its
          // sock_diag sockets still count: measured, 1 at once, 0 a second later).
          .mask("^Total: [0-9]+$", "Total: N")
          .rowsAsSet();

  @ParameterizedTest
  @ValueSource(
      strings = {
        // First, while the fixture's TIME-WAIT socket (60 s) still exists.
        "-tan -e",
        "-tan -o",
        "-tane -o",
        "-tan -i",
        "-tan -m",
        "-a -e",
        "-s",
        "-s -x",
        "-s -tln",
        "-x",
        "-xa",
        "-xl",
        "-xn",
        "-xap",
        "-xae",
        "-xam",
        "-xaem",
        "-xaO -e",
        "-Hxa",
        "-f unix -a",
        "--unix --all",
        "-A unix -a",
        "-A unix_stream -a",
        "-A unix_dgram,unix_seqpacket -a",
        "-t -A unix_dgram -a",
        "-A unix_dgram -x -a",
        "-x -A unix_dgram -a",
        "-0 -A packet_raw -a",
        "-x state listening",
        "-x state connected",
        "-xa exclude listening",
        "-xa state unconnected",
        "-xa src @netdiag-test*",
        "-xa src /tmp/netdiag-ss-*/stream.sock",
        "-xa sport = :22",
        "-xa not sport = :22",
        // ss's sockstat for these families: a UNIX socket's inode and its peer's are its ports,
        // a NETLINK socket's port id (and -1), a PACKET socket's interface; address data zero
        // (unbound UNIX, peers) or the protocol number (NETLINK, PACKET); no peer name
        "-xa sport > :1024",
        "-xa dport < :1",
        "-xa dport = :0",
        "-xa dst *",
        "-xa dst /tmp/*",
        "-a src 0.0.0.0",
        "-a dst 0.0.0.0",
        "-a not src 0.0.0.0",
        "-a src 3.0.0.0",
        "-a autobound",
        "-A netlink -a sport = :0",
        "-A netlink -a sport < :0",
        "-A netlink -a dport = :-1",
        "-0a sport = :1",
        "-0a not autobound",
        // operands read in AF_PACKET and AF_NETLINK: PROTOCOL[:PORT], the port an interface or
        // a port id ("kernel" is 0)
        "-0a src all:lo",
        "-0a src link:all",
        "-0a src ip",
        "-0a sport = :lo",
        "-0a src if1",
        "-0a sport = :lo:3",
        "-f link -a src 0x3:*",
        "-f netlink -a src rtnl",
        "-f netlink -a src 16:kernel",
        "-f netlink -a sport = :kernel",
        "-a src netlink:uevent",
        "-a",
        "-l",
        "-an",
        "-",
        "-0a",
        "-0ae",
        "-0an",
        "-0ap",
        "-A packet_raw -a",
        "-A netlink -a",
        "-A netlink -an",
        "-A netlink -ae",
        "-A netlink,unix_dgram -a",
        "-tn -m",
        "-tln -m",
        "-uan -m",
        "-uan -e",
        "-tn -i",
        "-tln -i",
        "-tn -io",
        "-tn -ie -m",
        "-tnO -e -m",
        "-6tln -e",
        "-xai",
        // PACKET and NETLINK show their (closed) sockets by default, in one state: no State column
        "-0",
        "-0n",
        "-f link",
        "-f netlink",
        "-A packet",
        "-0 -x",
        // -b: the PACKET socket's BPF program (and -o's timers)
        "-0b",
        "-0ab",
        "-0abO",
        "-0abe",
        "-0abeO",
        "--bpf -A packet_raw",
        "-tan -b",
        // --tos, --cgroup, --inet-sockopt (the fixture's TOS, priority and IP_ option sockets)
        "-tuan --tos",
        "-tuan --cgroup",
        "-tuan --inet-sockopt",
        "-tuanO --inet-sockopt",
        "-tuan --tos --cgroup -e --inet-sockopt -m",
        "-tuanO --tos --inet-sockopt -i",
        "-6uan --tos",
        "-tan --tos state listening",
        "-a --tos --inet-sockopt",
        // DCCP, SCTP, VSOCK, TIPC and XDP: tables whose diag modules this kernel lacks (a header,
        // or the other tables' rows), with ss's table and family selection around them
        "-S",
        "-S -a",
        "-Sa -e",
        "-S -l -n",
        "-d",
        "-d -a",
        "-A dccp",
        "-A sctp",
        "-A tcp,sctp -an",
        "-A dccp,sctp",
        "--sctp --dccp -a",
        "--vsock",
        "--vsock -a",
        "-A vsock",
        "-A vsock_stream -a",
        "-A v_dgr",
        "-f vsock -a",
        "--xdp",
        "-f xdp",
        "-a -f xdp -e",
        "-0 --xdp",
        "--tipc",
        "-f tipc -a",
        "-A tipc",
        "-A xdp,vsock",
        "-4 --vsock",
        "-4 -x",
        "-6 -x -a",
        "-x -t -a",
        "-A packet -4",
        "-A inet,!dccp -a",
        "-A all -a",
        "-a -S -p",
        "-A !tcp",
        // an operand read in one family (a unix:, vsock:, inet: prefix, or the last family
        // option) lists that family alone, as ss's parse_hostcond resets the families
        "-a src unix:/tmp/netdiag-ss-*",
        "-a not src unix:/nothing*",
        "-4 -x -a src 127.0.0.1",
        "-x -4 -a src 127.0.0.1",
        "-4 -x -a sport = :22",
        "-a src vsock:1",
        "-A vsock src vsock:1:1024",
        "-xa not src vsock:*",
        "--vsock -a src 1:2",
        "-tan src inet:127.54.0.0/16",
        "-a dst vsock:*:22 or src unix:@netdiag-test*",
      })
  void sameRowsAsSs(String command) {
    List<String> args = command.equals("-") ? List.of() : List.of(command.split(" "));
    SAME.assertSame("ss " + command, reference(args), ours(args));
  }

  /** ss's legacy DCCP request and its "RTNETLINK answers" line on stderr, exit 0. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "-d",
        "-A dccp -a",
        "-4",
        "-an",
        "-S",
        "--vsock",
        "-f xdp",
        "--tipc",
        "-a src unix:/x*",
        "-4 -x -a src 127.0.0.1",
        "-a src vsock:1"
      })
  void sameStderrAsSs(String command) {
    List<String> args = List.of(command.split(" "));
    SAME.withStderr().assertSame("ss " + command, reference(args), ours(args));
  }

  @org.junit.jupiter.api.Test
  void jsonListsTheNewFamilies() {
    Cmd.Result unix = ours(List.of("-xa", "--json"));
    org.junit.jupiter.api.Assertions.assertEquals(0, unix.exitCode(), unix.stderr());
    String out = unix.stdout();
    assertTrue(out.contains("\"name\":\"@netdiag-test-abs\",\"abstract\":true"), out);
    assertTrue(out.contains("\"netid\":\"u_seq\",\"family\":\"unix\",\"state\":\"LISTEN\""), out);
    assertTrue(out.contains("\"name\":\"@netdiag-test-seq@x\""), out);
    Cmd.Result all = ours(List.of("-a", "--json"));
    assertTrue(all.stdout().contains("\"netid\":\"p_raw\",\"family\":\"packet\""), all.stdout());
    assertTrue(all.stdout().contains("\"netid\":\"nl\",\"family\":\"netlink\""), all.stdout());
    Cmd.Result tcp = ours(List.of("-tani", "--json"));
    assertTrue(tcp.stdout().contains("\"tcp_info\":{\"options\":"), tcp.stdout());
    Cmd.Result summary = ours(List.of("-s", "--json"));
    assertTrue(summary.stdout().startsWith("{\"summary\":{\"sockets\":"), summary.stdout());
  }

  /**
   * -T: every thread holding a socket, with its own name and tid, in a pid namespace of its own
   * (ss/threads.py) so that /proc holds only the fixture's process, its two named threads, a child
   * sharing the sockets, and the listers.
   */
  @org.junit.jupiter.api.Test
  void threadsAsSs() throws Exception {
    dev.netdiag.testkit.Requires.assumeInstalled("unshare", "python3");
    List<String> cases =
        List.of("-tanT", "-tan --threads", "-tanpT", "-uanT", "-xaT", "-xap", "-tanp", "-HtaT");
    Path dir = Files.createTempDirectory("netdiag-ss-threads");
    try {
      Path script = dir.resolve("threads.py");
      try (var in = SsFamiliesDifferentialTest.class.getResourceAsStream("/ss/threads.py")) {
        Files.write(script, in.readAllBytes());
      }
      Path caseFile = dir.resolve("cases");
      Files.writeString(caseFile, String.join("\n", cases) + "\n");
      List<String> argv =
          new java.util.ArrayList<>(
              List.of(
                  "ip",
                  "netns",
                  "exec",
                  fixture.namespace(),
                  "unshare",
                  "--pid",
                  "--fork",
                  "--mount-proc",
                  "python3",
                  script.toString(),
                  caseFile.toString(),
                  "ss",
                  dir.toString()));
      argv.addAll(dev.netdiag.testkit.JavaMain.command(Main.class.getName(), "ss"));
      Cmd.Result run = Cmd.run(java.time.Duration.ofSeconds(240), argv);
      org.junit.jupiter.api.Assertions.assertEquals(0, run.exitCode(), run.stderr());
      for (int n = 0; n < cases.size(); n++) {
        String[] codes = Files.readString(dir.resolve(n + ".rc")).split(" ");
        Cmd.Result reference =
            new Cmd.Result(
                Integer.parseInt(codes[0]), Files.readString(dir.resolve(n + ".ref")), "");
        Cmd.Result ours =
            new Cmd.Result(
                Integer.parseInt(codes[1]),
                Files.readString(dir.resolve(n + ".ours")),
                Files.readString(dir.resolve(n + ".err")));
        assertTrue(
            cases.get(n).contains("x")
                || !cases.get(n).contains("T")
                || reference.stdout().contains("ss-worker-a"),
            "the fixture's threads are listed: " + reference.stdout());
        SAME.assertSame("ss " + cases.get(n) + " (pid namespace)", reference, ours);
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
}
