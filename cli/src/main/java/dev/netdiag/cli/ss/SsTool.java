package dev.netdiag.cli.ss;

import dev.netdiag.cli.Main;
import dev.netdiag.cli.Tool;
import dev.netdiag.cli.ToolContext;
import dev.netdiag.cli.UsageException;
import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.SocketFilter;
import dev.netdiag.sockets.SocketQuery;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.SocketSource;
import dev.netdiag.sockets.SocketState;
import dev.netdiag.sockets.SocketTable;
import dev.netdiag.sockets.SocketTableException;
import dev.netdiag.sockets.Transport;
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

  @Override
  public int internalErrorExit() {
    return SsArgs.USAGE_EXIT;
  }

  @Override
  public int run(List<String> argv, ToolContext context) throws Exception {
    SsArgs args = SsArgs.parse(argv);
    if (args.help()) {
      context
          .out()
          .line("Usage: ss [ OPTIONS ]")
          .line("       ss [ OPTIONS ] [ FILTER ]")
          .line("   -h, --help          this message")
          .line("   -V, --version       output version information")
          .line("   -n, --numeric       don't resolve service names")
          .line("   -a, --all           display all sockets")
          .line("   -l, --listening     display listening sockets")
          .line("   -p, --processes     show process using socket")
          .line("   -H, --no-header     Suppress header line")
          .line("   -O, --oneline       socket's data printed on a single line")
          .line("   -4, --ipv4          display only IP version 4 sockets")
          .line("   -6, --ipv6          display only IP version 6 sockets")
          .line("   -t, --tcp           display only TCP sockets")
          .line("   -u, --udp           display only UDP sockets")
          .line("   -w, --raw           display only RAW sockets")
          .line("   -f, --family=FAMILY display sockets of type FAMILY (inet, inet6)")
          .line("   -A, --query=QUERY   QUERY := {all|inet|tcp|udp|raw}[,QUERY]")
          .line("       FILTER := [ state STATE-FILTER ] [ exclude STATE ]")
          .line("netdiag builds only the options listed here so far.");
      return 0;
    }
    if (args.version()) {
      context
          .out()
          .line("ss utility, netdiag " + Main.version() + " (compatible with iproute2-6.1.0)");
      return 0;
    }
    if (args.summary()) {
      throw new UsageException("option -s (summary) is not built yet", 1);
    }
    SocketFilter filter = SsFilterParser.parse(args.expression());
    if (args.otherFamiliesDefaulted()) {
      context
          .err()
          .text(context.name())
          .line(": listing TCP, UDP and RAW only: UNIX, PACKET and NETLINK are not built yet");
    }
    int states = args.states();
    if ((states & (1 << SocketState.SYN_RECV.code())) != 0) {
      // The kernel keeps half-open connections as NEW_SYN_RECV request sockets.
      states |= 1 << SocketState.NEW_SYN_RECV.code();
    }
    long started = System.nanoTime();
    List<SocketRecord> records = new ArrayList<>();
    SocketTable table = SocketTable.system();
    for (Transport transport : args.transports()) {
      SocketQuery query =
          new SocketQuery(EnumSet.of(transport), args.families(), states, filter, false);
      try {
        SocketSource source = table.dump(query, records::add);
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
    long dumped = System.nanoTime();
    ProcessMap owners = ProcessMap.empty();
    boolean wantOwners = args.processes() || "process".equals(args.countBy());
    if (wantOwners) {
      long[] inodes = new long[records.size()];
      int n = 0;
      for (SocketRecord record : records) {
        if (record.inode() != 0) {
          inodes[n++] = record.inode();
        }
      }
      owners = ProcessMap.scan(Path.of("/proc"), java.util.Arrays.copyOf(inodes, n));
    }
    long scanned = System.nanoTime();
    if (args.countBy() != null) {
      SsCounts.render(args.countBy(), records, owners, args.json(), context.out());
    } else if (args.json()) {
      new SsJson(args.processes()).render(records, owners, context.out());
    } else {
      new SsRenderer(args).render(records, owners, context.out());
    }
    if (context.debug()) {
      context.out().flush();
      long rendered = System.nanoTime();
      context
          .err()
          .text(context.name())
          .text(": ")
          .number(records.size())
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
}
