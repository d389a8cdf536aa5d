package dev.netdiag.cli.ss;

import dev.netdiag.cli.Main;
import dev.netdiag.cli.Tool;
import dev.netdiag.cli.ToolContext;
import dev.netdiag.linux.NativeException;
import dev.netdiag.linux.NetworkNamespace;
import dev.netdiag.sockets.Background;
import dev.netdiag.sockets.IpFamily;
import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.SocketFilter;
import dev.netdiag.sockets.SocketQuery;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.SocketSink;
import dev.netdiag.sockets.SocketSource;
import dev.netdiag.sockets.SocketState;
import dev.netdiag.sockets.SocketTable;
import dev.netdiag.sockets.SocketTableException;
import dev.netdiag.sockets.Transport;
import dev.netdiag.sockets.procfs.SocketSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** ss: list sockets as iproute2 ss 6.1 does, from netlink sock_diag (or /proc/net). */
public final class SsTool implements Tool {
  @Override
  public String name() {
    return "ss";
  }

  @Override
  public String summary() {
    return "List sockets as iproute2 ss does: states, queues, addresses, processes";
  }

  /**
   * Moves this thread into the network namespace NAME (-N); the /proc directory whose net/ files
   * are then this thread's, or null (the error said) when the namespace cannot be entered.
   */
  private static Path enterNamespace(String name, ToolContext context) {
    try {
      for (String warning : NetworkNamespace.enter(name)) {
        context.err().line(warning);
      }
    } catch (NativeException e) {
      context.err().line(e.getMessage());
      return null;
    }
    return Path.of("/proc/thread-self");
  }

  @Override
  public int internalErrorExit() {
    return SsArgs.USAGE_EXIT;
  }

  @Override
  public int run(List<String> argv, ToolContext context) throws Exception {
    SsArgs args;
    try {
      args = SsArgs.parse(argv);
    } catch (SsArgs.SummaryFirst e) {
      // ss prints its summary before it reads the state words and checks the tables it lists.
      Path netProc = e.netns() == null ? Path.of("/proc") : enterNamespace(e.netns(), context);
      if (netProc == null) {
        return 1;
      }
      SsSummary.render(SocketSummary.read(netProc), context.out());
      throw e;
    }
    if (args.help()) {
      context
          .out()
          .line("Usage: ss [ OPTIONS ]")
          .line("       ss [ OPTIONS ] [ FILTER ]")
          .line("   -h, --help          this message")
          .line("   -V, --version       output version information")
          .line("   -n, --numeric       don't resolve service names")
          .line("   -r, --resolve       resolve host names")
          .line("   -a, --all           display all sockets")
          .line("   -l, --listening     display listening sockets")
          .line("   -o, --options       show timer information")
          .line("   -e, --extended      show detailed socket information")
          .line("   -m, --memory        show socket memory usage")
          .line("   -p, --processes     show process using socket")
          .line("   -T, --threads       show thread using socket")
          .line("   -i, --info          show internal TCP information")
          .line("   -s, --summary       show socket usage summary")
          .line("       --tos           show tos and priority information")
          .line("       --cgroup        show cgroup information")
          .line("   -b, --bpf           show bpf filter socket information")
          .line("   -E, --events        continually display sockets as they are destroyed")
          .line("   -N, --net           switch to the specified network namespace name")
          .line("")
          .line("   -4, --ipv4          display only IP version 4 sockets")
          .line("   -6, --ipv6          display only IP version 6 sockets")
          .line("   -0, --packet        display PACKET sockets")
          .line("   -t, --tcp           display only TCP sockets")
          .line("   -M, --mptcp         display only MPTCP sockets")
          .line("   -S, --sctp          display only SCTP sockets")
          .line("   -u, --udp           display only UDP sockets")
          .line("   -d, --dccp          display only DCCP sockets")
          .line("   -w, --raw           display only RAW sockets")
          .line("   -x, --unix          display only Unix domain sockets")
          .line("       --tipc          display only TIPC sockets")
          .line("       --vsock         display only vsock sockets")
          .line("       --xdp           display only XDP sockets")
          .line("   -f, --family=FAMILY display sockets of type FAMILY")
          .line("       FAMILY := {inet|inet6|link|unix|netlink|vsock|tipc|xdp|help}")
          .line("")
          .line("   -K, --kill          forcibly close sockets, display what was closed")
          .line("   -H, --no-header     Suppress header line")
          .line("   -O, --oneline       socket's data printed on a single line")
          .line("       --inet-sockopt  show various inet socket options")
          .line("")
          .line("   -A, --query=QUERY, --socket=QUERY")
          .line("       QUERY := {all|inet|tcp|mptcp|udp|raw|unix|unix_dgram|unix_stream|")
          .line("                 unix_seqpacket|packet|packet_raw|packet_dgram|netlink|dccp|sctp|")
          .line("                 vsock_stream|vsock_dgram|tipc|xdp}[,QUERY]")
          .line("")
          .line("   -D, --diag=FILE     Dump raw information about TCP sockets to FILE")
          .line("   -F, --filter=FILE   read filter information from FILE")
          .line("       FILTER := [ state STATE-FILTER ] [ EXPRESSION ]")
          .line("       EXPRESSION: src, dst, sport, dport, dev, fwmark, cgroup, autobound")
          .line("   --json, --count-by=state|port|process: netdiag's additions")
          .line("   -Z and -z stop as ss does when SELinux is not enabled.")
          .line("netdiag builds only the options listed here so far.");
      return 0;
    }
    if (args.version()) {
      context
          .out()
          .line("ss utility, netdiag " + Main.version() + " (compatible with iproute2-6.1.0)");
      return 0;
    }
    // The /proc/net files of this process's namespace: after -N only this thread is in the other
    // one, and /proc/self/net is the main thread's.
    Path netProc = Path.of("/proc");
    if (args.netns() != null) {
      netProc = enterNamespace(args.netns(), context);
      if (netProc == null) {
        return 1;
      }
    }
    if (args.summary()) {
      SocketSummary summary = SocketSummary.read(netProc);
      if (args.json()) {
        SsSummary.json(summary, context.out());
        return 0;
      }
      SsSummary.render(summary, context.out());
      if (!args.listsAfterSummary()) {
        return 0;
      }
    }
    if (args.diagFile() != null) {
      // ss -D saves the TCP dump before it even parses the filter expression, and stops there.
      return diagDump(args, netProc, context);
    }
    SsFilterParser.Parsed parsed =
        SsFilterParser.parse(
            args.expression(),
            args.filterLines(),
            args.preferredFamily(),
            args.transports().contains(Transport.UDP),
            args.transports().contains(Transport.TCP));
    SocketFilter filter = parsed.filter();
    if (parsed.family() != 0) {
      args = args.narrowedTo(parsed.family());
    }
    if (args.events()) {
      return followEvents(args, filter, context);
    }
    int states = args.states();
    if ((states & (1 << SocketState.SYN_RECV.code())) != 0) {
      // The kernel keeps half-open connections as NEW_SYN_RECV request sockets.
      states |= 1 << SocketState.NEW_SYN_RECV.code();
    }
    boolean details = detailed(args);
    long started = System.nanoTime();
    boolean wantOwners = args.processes() || "process".equals(args.countBy());
    // The process scan runs beside the dump, as ss reads /proc before its dump: at 100k sockets
    // both are hundreds of milliseconds, mostly in the kernel, and the machine has CPUs for both.
    Background<ProcessMap> ownersScan =
        wantOwners ? ProcessMap.scanAllInBackground(Path.of("/proc"), args.threads()) : null;
    SocketTable table = SocketTable.system(netProc);
    SsOtherFamilies others = new SsOtherFamilies();
    try {
      others.dump(table, args, states, filter, context);
    } catch (SocketTableException e) {
      context.err().text(context.name()).text(": ").line(e.getMessage());
      return 1;
    }
    // The plain table streams: cells are written as sockets arrive and no record is kept.
    boolean streamed =
        !args.json()
            && args.countBy() == null
            && others.isEmpty()
            && !details
            && args.vsockTypes().isEmpty() // rows of these come between the inet tables
            && !args.tipc()
            && !args.xdp();
    SsRenderer.Stream stream = streamed ? new SsRenderer.Stream(args) : null;
    List<SocketRecord> records = new ArrayList<>();
    SocketSink rows = streamed ? stream::accept : records::add;
    SocketSink sink =
        new SocketSink() {
          @Override
          public void accept(SocketRecord record) {
            rows.accept(record);
          }

          @Override
          public void refused(String message) {
            context.err().line(message); // as ss prints it, without its name
          }
        };
    for (Transport transport : args.transports()) {
      if (transport == Transport.MPTCP) {
        lateFamilies(others, table, args, states, filter, context);
      }
      SocketQuery query =
          new SocketQuery(
              EnumSet.of(transport),
              args.dumpedFamilies(),
              states,
              filter,
              details,
              args.families());
      try {
        SocketSource source = args.kill() ? table.destroy(query, sink) : table.dump(query, sink);
        if (context.debug()) {
          context
              .err()
              .text(context.name())
              .text(": ")
              .text(transport.netid())
              .text(" from ")
              .line(source.description());
        }
      } catch (SocketTableException e) {
        context.err().text(context.name()).text(": ").line(e.getMessage());
        return 1;
      }
    }
    if (!args.transports().contains(Transport.MPTCP)) {
      lateFamilies(others, table, args, states, filter, context);
    }
    long dumped = System.nanoTime();
    ProcessMap owners = ownersScan == null ? ProcessMap.empty() : ownersScan.join();
    long scanned = System.nanoTime();
    int count = streamed ? stream.rows() : records.size();
    if (streamed) {
      stream.render(owners, context.out());
    } else if (args.countBy() != null) {
      SsCounts.render(args.countBy(), records, owners, args.json(), context.out());
    } else if (args.json()) {
      new SsJson(args.processes()).render(records, owners, context.out(), others);
    } else {
      others.render(args, records, owners, context.out(), context.err());
    }
    if (context.debug()) {
      context.out().flush();
      long rendered = System.nanoTime();
      context
          .err()
          .text(context.name())
          .text(": ")
          .number(count)
          .text(" sockets; dump ")
          .millis(dumped - started)
          .text(" ms, process scan ")
          .millis(scanned - dumped)
          .text(" ms, render ")
          .millis(rendered - scanned)
          .line(" ms");
    }
    return 0;
  }

  /** VSOCK, TIPC and XDP, which ss asks for after SCTP and before MPTCP. */
  private static void lateFamilies(
      SsOtherFamilies others,
      SocketTable table,
      SsArgs args,
      int states,
      SocketFilter filter,
      ToolContext context) {
    try {
      others.dumpLate(table, args, states, filter, context);
    } catch (SocketTableException e) {
      context.err().text(context.name()).text(": ").line(e.getMessage());
    }
  }

  /**
   * ss -E: each destroyed TCP/UDP socket as its own row, the header with the first (ss renders its
   * header with the first row it has), flushed at once (ss flushes only when its stdout is a
   * terminal; a pipe would otherwise hold them until exit).
   */
  private static int followEvents(SsArgs args, SocketFilter filter, ToolContext context) {
    boolean stateColumn = Integer.bitCount(args.states()) != 1;
    boolean[] headerDone = {args.noHeader()};
    SsRenderer renderer = new SsRenderer(args);
    SsDetailText details =
        new SsDetailText(args, new CgroupPaths(Path.of("/proc/self/mounts"), context.err()));
    boolean detailed = detailed(args);
    try {
      boolean followed =
          SocketTable.system()
              .followDestroyed(
                  args.transports(),
                  args.families(),
                  filter,
                  record -> {
                    SsTable table = new SsTable();
                    renderer.cells(record, table);
                    table.extra(0, detailed ? details.extra(record) : "");
                    table.continuation(0, detailed ? details.continuation(record) : null);
                    table.render(args.netidColumn(), stateColumn, headerDone[0], context.out());
                    headerDone[0] = true;
                    context.out().flush();
                  });
      return followed ? 0 : SsArgs.USAGE_EXIT;
    } catch (SocketTableException e) {
      context.err().line(e.getMessage());
      return SsArgs.USAGE_EXIT;
    }
  }

  // idiag_ext bits ss asks for (misc/ss.c sockdiag_send): 1 << (INET_DIAG_x - 1).
  private static final int EXT_MEMINFO = 1;
  private static final int EXT_INFO = 1 << 1;
  private static final int EXT_VEGASINFO = 1 << 2;
  private static final int EXT_CONG = 1 << 3;
  private static final int EXT_TOS = 1 << 4;
  private static final int EXT_TCLASS = 1 << 5;
  private static final int EXT_SKMEMINFO = 1 << 6;

  /** ss -D FILE: the raw TCP sock_diag reply, IPv4's then IPv6's, to FILE or stdout. */
  private static int diagDump(SsArgs args, Path netProc, ToolContext context) throws Exception {
    if (!args.transports().contains(Transport.TCP)) {
      context.err().line("ss: tcpdiag dump requested and no tcp in filter.");
      return 0;
    }
    int ext = 0;
    if (args.memory()) {
      ext |= EXT_MEMINFO | EXT_SKMEMINFO;
    }
    if (args.info()) {
      ext |= EXT_INFO | EXT_VEGASINFO | EXT_CONG;
    }
    if (args.tos()) {
      ext |= EXT_TOS | EXT_TCLASS;
    }
    List<IpFamily> families = new ArrayList<>();
    for (IpFamily family : IpFamily.values()) {
      if (args.dumpedFamilies().contains(family)) {
        families.add(family); // IPv4 first, as ss asks
      }
    }
    String name = args.diagFile();
    OutputStream out;
    if (name.startsWith("-")) {
      out = context.out();
    } else {
      try {
        out = Files.newOutputStream(Path.of(name));
      } catch (IOException e) {
        // ss means to stop here with perror (its test looks at the name, not the stream).
        context.err().line("fopen dump file: " + describe(e));
        return SsArgs.USAGE_EXIT;
      }
    }
    try (OutputStream closing = out == context.out() ? null : out) {
      SocketTable.system(netProc).dumpRaw(families, args.states(), ext, out);
      out.flush();
    } catch (SocketTableException e) {
      context.err().text(context.name()).text(": ").line(e.getMessage());
      return 1;
    }
    return 0;
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "No such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    return e.getMessage();
  }

  /** True when some option asks for the -e/-o/-m/-i/--tos/--cgroup/--inet-sockopt texts. */
  private static boolean detailed(SsArgs args) {
    return args.extended()
        || args.options()
        || args.memory()
        || args.info()
        || args.tos()
        || args.cgroup()
        || args.inetSockopt();
  }
}
