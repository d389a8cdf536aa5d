package dev.netdiag.cli.netstat;

import dev.netdiag.cli.MountPoints;
import dev.netdiag.cli.Output;
import dev.netdiag.cli.Tool;
import dev.netdiag.cli.ToolContext;
import dev.netdiag.cli.UsageException;
import dev.netdiag.sockets.Background;
import dev.netdiag.sockets.InterfaceAddresses;
import dev.netdiag.sockets.IpFamily;
import dev.netdiag.sockets.Ipv4InterfaceAddress;
import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.SocketFilter;
import dev.netdiag.sockets.SocketQuery;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.SocketState;
import dev.netdiag.sockets.SocketTable;
import dev.netdiag.sockets.SocketTableException;
import dev.netdiag.sockets.Transport;
import dev.netdiag.sockets.UnixQuery;
import dev.netdiag.sockets.UnixSocketRecord;
import dev.netdiag.sockets.procfs.GroupMembership;
import dev.netdiag.sockets.procfs.InterfaceCounters;
import dev.netdiag.sockets.procfs.Ipv4Route;
import dev.netdiag.sockets.procfs.Ipv6InterfaceAddress;
import dev.netdiag.sockets.procfs.Ipv6Route;
import dev.netdiag.sockets.procfs.ProcFsException;
import dev.netdiag.sockets.procfs.SnmpTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/** `netdiag netstat`: net-tools 2.10 netstat over /proc (routes, interfaces, groups). */
public final class NetstatTool implements Tool {
  private final Path proc;
  private final Path sys;
  private final Path etc;

  public NetstatTool() {
    this(Path.of("/proc"), Path.of("/sys"), Path.of("/etc"));
  }

  /** A netstat reading other roots: for tests on fixtures. */
  public NetstatTool(Path proc, Path sys, Path etc) {
    this.proc = proc;
    this.sys = sys;
    this.etc = etc;
  }

  @Override
  public String name() {
    return "netstat";
  }

  @Override
  public String summary() {
    return "net-tools 2.10 netstat: inet sockets (-tulnp), routes (-r), interfaces (-i), groups (-g)";
  }

  @Override
  public int run(List<String> argv, ToolContext context) throws Exception {
    NetstatArgs args;
    try {
      args = NetstatArgs.parse(argv, selinuxEnabled());
    } catch (NetstatArgs.InvalidOption e) {
      Output err = context.err();
      if (e.usage()) {
        err.text("netstat: ").line(e.getMessage()).text(NetstatUsage.TEXT);
        err.text(NetstatUsage.FAMILIES);
      } else {
        err.line(e.getMessage());
      }
      return e.exitCode();
    }
    for (String warning : args.warnings()) {
      context.err().line(warning);
    }
    if (args.help()) {
      context.out().text(NetstatUsage.TEXT);
      context.err().text(NetstatUsage.FAMILIES);
      return 0;
    }
    if (args.version()) {
      context.out().text(NetstatUsage.VERSION);
      return 0;
    }
    if (args.mode() == null) {
      context.err().text(NetstatUsage.TEXT).text(NetstatUsage.FAMILIES);
      return NetstatArgs.USAGE_EXIT;
    }
    if (args.mode() == NetstatArgs.Mode.STATISTICS) {
      return statistics(args, context.out(), context.err());
    }
    if (args.unsupported() != null) {
      throw new UsageException(args.unsupported() + " is not built yet");
    }
    NetstatArgs.Mode mode = args.mode();
    if (mode == NetstatArgs.Mode.MASQUERADE) {
      // IP masquerading left Linux in 2.4 (netfilter replaced it); net-tools says so like this.
      if (!Files.exists(proc.resolve("net/ip_masquerade"))) {
        context.err().line("netstat: no support for `ip_masquerade' on this system.");
        return 1;
      }
      throw new UsageException("-M (masquerade) is not built yet");
    }
    refuseUnbuilt(args);
    try {
      boolean first = true;
      // One set of names for the whole run, as net-tools keeps its cache across -c repeats.
      AddressNames names = args.numericHosts() ? null : new AddressNames();
      do {
        int status = print(args, context.out(), context.err(), first, names);
        first = false;
        if (status != 0) {
          return status;
        }
        if (args.continuous() > 0) {
          context.out().flush();
          Thread.sleep(1000L * args.continuous());
        }
      } while (args.continuous() > 0);
    } catch (ProcFsException | SocketTableException e) {
      context.err().line(e.getMessage());
      return 1;
    }
    return 0;
  }

  /**
   * The cases net-tools handles that this kernel cannot show, refused before any output: an SCTP
   * table (the sctp module loaded), routing cache rows (kernels before 3.6), the IPv6 neighbour
   * cache (/proc/net/ndisc, gone since 2.2).
   */
  private void refuseUnbuilt(NetstatArgs args) throws UsageException {
    if (args.mode() != NetstatArgs.Mode.SOCKETS
        && args.mode() != NetstatArgs.Mode.STATISTICS
        && args.otherFamilies()) {
      throw new UsageException(
          "-A "
              + String.join(",", args.families())
              + " outside the socket tables is not built yet");
    }
    for (OtherFamily f : OtherFamily.values()) {
      if (args.families().contains(f.flag) && f.supported(proc)) {
        throw new UsageException(
            "the " + f.flag + " socket table (the kernel supports it here) is not built yet");
      }
    }
    if (args.mode() == NetstatArgs.Mode.SOCKETS
        && args.sctp()
        && Files.exists(proc.resolve("net/sctp"))) {
      throw new UsageException("-S (SCTP socket rows: the sctp module is loaded) is not built yet");
    }
    if (args.mode() == NetstatArgs.Mode.ROUTE && args.cache()) {
      if (args.json()) {
        throw new UsageException("--json with -C (routing cache) is not built yet");
      }
      if (Files.exists(proc.resolve("net/ndisc"))) {
        throw new UsageException("-C with /proc/net/ndisc (IPv6 neighbour cache) is not built yet");
      }
      try {
        if (Files.readAllLines(proc.resolve("net/rt_cache")).size() > 1) {
          throw new UsageException(
              "-C with IPv4 routing cache rows (kernels before 3.6) is not built yet");
        }
      } catch (IOException e) {
        // A missing rt_cache is reported as net-tools reports it, when the cache is printed.
      }
    }
  }

  /**
   * The families net-tools lists after the inet and UNIX tables, in its order, with the /proc files
   * it reads and the name its "no support" message gives them.
   */
  private enum OtherFamily {
    IPX("ipx", "AF IPX", "net/ipx/socket", "net/ipx"),
    AX25("ax25", "AF AX25", "net/ax25"),
    X25("x25", "AF X25", "net/x25"),
    NETROM("netrom", "AF NETROM", "net/nr"),
    ROSE("rose", "AF ROSE", "net/rose");

    final String flag;
    final String name;
    final String[] files;

    OtherFamily(String flag, String name, String... files) {
      this.flag = flag;
      this.name = name;
      this.files = files;
    }

    /** True when the kernel has the table (net-tools takes /proc/net/ipx only as a file). */
    boolean supported(Path proc) {
      for (String f : files) {
        Path p = proc.resolve(f);
        if (f.equals("net/ipx") ? Files.isRegularFile(p) : Files.exists(p)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * The socket listing as net-tools' main loop runs it: the inet tables when no table was named or
   * an inet one was (-4, -6 and -A inet name all inet protocols), SCTP after TCP, the UNIX table
   * when no table or -x was named, then IPX, AX.25, X.25, NET/ROM, ROSE and Bluetooth, which this
   * kernel has no /proc tables for: named, each ends the listing with "no support" and 1; with -v
   * and nothing named, each is only reported.
   */
  private int socketTables(NetstatArgs args, Output out, Output err, AddressNames names)
      throws Exception {
    boolean inetFamily = args.ipv4() || args.ipv6();
    boolean protocols =
        args.tcp() || args.udp() || args.udplite() || args.raw() || args.sctp() || inetFamily;
    List<String> families = args.families();
    boolean bluetooth = families.contains("bluetooth");
    // net-tools' flag_arg: ddp, econet and ash count for nothing (not built into its netstat).
    boolean flagArg =
        protocols
            || args.unix()
            || bluetooth
            || Arrays.stream(OtherFamily.values()).anyMatch(f -> families.contains(f.flag));
    if (!flagArg || protocols) {
      // -S where the kernel has no SCTP (no /proc/net/sctp): net-tools lists TCP, then says so and
      // stops with 1 when inet is asked for (with -6 alone it reads the absent sctp6 files
      // silently).
      boolean sctpMissing = args.sctp() && (args.ipv4() || !args.ipv6());
      sockets(args, out, names, sctpMissing);
      if (sctpMissing) {
        out.flush();
        err.line("netstat: no support for `AF INET (sctp)' on this system.");
        return 1;
      }
      if (!flagArg && args.verbose() && !Files.exists(proc.resolve("net/sctp"))) {
        err.line("netstat: no support for `AF INET (sctp)' on this system.");
      }
    }
    if (args.groups() && !args.json()) {
      groupTable(args, out, names);
    }
    if (!args.json() && (!flagArg || args.unix())) {
      unixSockets(args, out);
    }
    for (OtherFamily f : OtherFamily.values()) {
      boolean asked = families.contains(f.flag);
      if ((flagArg && !asked) || f.supported(proc)) {
        // A table the kernel has is not listed (not built; named, it was refused before output).
        continue;
      }
      if (flagArg || args.verbose()) {
        out.flush();
        err.text("netstat: no support for `").text(f.name).line("' on this system.");
      }
      if (flagArg) {
        return 1;
      }
    }
    if (flagArg && bluetooth) {
      out.flush();
      err.line("netstat: feature `AF BLUETOOTH' not supported.");
      err.line("Please recompile `net-tools' with newer kernel source or full configuration.");
      return 1;
    }
    return 0;
  }

  private void groupTable(NetstatArgs args, Output out, AddressNames names) throws Exception {
    List<GroupMembership> groups = new ArrayList<>();
    boolean both = args.ipv4() == args.ipv6();
    if (both || args.ipv4()) {
      groups.addAll(GroupMembership.readIpv4(proc));
    }
    if (both || args.ipv6()) {
      groups.addAll(GroupMembership.readIpv6(proc));
    }
    if (args.json()) {
      NetstatJson.groups(out, groups);
    } else {
      GroupTableText.write(out, groups, names);
    }
  }

  /** libselinux's is_selinux_enabled: a mounted selinuxfs. */
  private boolean selinuxEnabled() {
    return MountPoints.first(proc.resolve("self/mounts"), "selinuxfs") != null;
  }

  /**
   * The inet socket tables; with -S on a kernel without SCTP (and inet asked for), only the TCP
   * rows that net-tools prints before it gives up.
   *
   * @param sctpMissing true when -S ends the listing after TCP
   */
  private void sockets(NetstatArgs args, Output out, AddressNames names, boolean sctpMissing)
      throws Exception {
    boolean any = args.tcp() || args.udp() || args.udplite() || args.raw() || args.sctp();
    EnumSet<Transport> transports = EnumSet.noneOf(Transport.class);
    if (!any || args.tcp()) {
      transports.add(Transport.TCP);
    }
    if (sctpMissing) {
      // Nothing after SCTP is listed.
    } else if (!any || args.udp()) {
      transports.add(Transport.UDP);
    }
    if (!sctpMissing && (!any || args.udplite())) {
      transports.add(Transport.UDPLITE);
    }
    if (!sctpMissing && (!any || args.raw())) {
      transports.add(Transport.RAW);
    }
    EnumSet<IpFamily> families = EnumSet.allOf(IpFamily.class);
    if (args.ipv4() != args.ipv6()) {
      families = EnumSet.of(args.ipv4() ? IpFamily.INET : IpFamily.INET6);
    }
    if (transports.isEmpty()) {
      // Only -S, whose table this kernel does not have: the header alone.
      if (args.json()) {
        NetstatJson.sockets(out, List.of(), ProgramNames.none(), args.programs());
      } else {
        new SocketTableText(args, names, ServiceTable.load(etc), UserNames.none()).header(out);
      }
      return;
    }
    SocketQuery query =
        new SocketQuery(transports, families, SocketState.ALL, SocketFilter.ALL, false);
    UserNames userNames =
        args.extend() > 0 && !args.numericUsers() ? UserNames.load(etc) : UserNames.none();
    SocketTableText text = new SocketTableText(args, names, ServiceTable.load(etc), userNames);
    // -p: the process scan runs beside the dump (net-tools reads /proc for programs first, too).
    Background<ProcessMap> ownersScan =
        args.programs() ? ProcessMap.scanAllInBackground(proc, false) : null;
    if (args.json()) {
      List<SocketRecord> shown = new ArrayList<>();
      SocketTable.system()
          .dump(
              query,
              r -> {
                if (text.shows(r)) {
                  shown.add(r);
                }
              });
      ProgramNames programs =
          ownersScan == null ? ProgramNames.none() : new ProgramNames(proc, ownersScan.join());
      NetstatJson.sockets(out, shown, programs, args.programs());
      return;
    }
    if (ownersScan == null) {
      // Rows print as the kernel's dump arrives, as net-tools prints while it reads /proc: at
      // 100k sockets, holding the records cost more than printing them.
      text.header(out);
      SocketTable.system()
          .dump(
              query,
              r -> {
                if (text.shows(r)) {
                  text.row(out, r);
                }
              });
      return;
    }
    HeldRows rows = new HeldRows(args.timers());
    SocketTable.system()
        .dump(
            query,
            r -> {
              if (text.shows(r)) {
                rows.add(text, r);
              }
            });
    ProgramNames programs = new ProgramNames(proc, ownersScan.join());
    text.header(out);
    rows.print(programs, out);
  }

  /**
   * netstat -s: the counters of the one address family asked for (inet by default), for the
   * protocol groups asked for (all without -t, -u, -w, -S); it ignores -c, as net-tools does.
   */
  private int statistics(NetstatArgs args, Output out, Output err) throws Exception {
    String family = args.families().isEmpty() ? "inet" : String.join(",", args.families());
    if (!family.equals("inet") && !family.equals("inet6")) {
      // net-tools prints this one on stdout.
      out.text("netstat: No statistics support for specified address family: ").line(family);
      return 1;
    }
    boolean any = args.tcp() || args.udp() || args.raw() || args.udplite() || args.sctp();
    EnumSet<StatisticsText.Group> groups = EnumSet.noneOf(StatisticsText.Group.class);
    if (!any) {
      groups = EnumSet.allOf(StatisticsText.Group.class);
    } else {
      if (args.sctp()) {
        groups.add(StatisticsText.Group.SCTP);
      }
      if (args.tcp()) {
        groups.add(StatisticsText.Group.TCP);
      }
      if (args.udp()) {
        groups.add(StatisticsText.Group.UDP);
      }
      if (args.raw()) {
        groups.add(StatisticsText.Group.RAW);
      }
    }
    boolean inet6 = family.equals("inet6");
    try {
      List<SnmpTable> snmp = SnmpTable.readPairs(proc.resolve("net/snmp"));
      List<SnmpTable> tables = new ArrayList<>();
      if (inet6) {
        tables.addAll(SnmpTable.readSnmp6(proc.resolve("net/snmp6")));
        for (SnmpTable t : snmp) {
          if (t.name().startsWith("Tcp")) {
            tables.add(t);
          }
        }
      } else {
        tables.addAll(snmp);
        Path extended = proc.resolve("net/netstat");
        if (Files.exists(extended)) {
          tables.addAll(SnmpTable.readPairs(extended));
        }
        tables.addAll(SnmpTable.readSctp(proc.resolve("net/sctp/snmp")));
      }
      if (args.json()) {
        NetstatJson.statistics(out, inet6 ? "inet6" : "inet", tables, groups);
      } else {
        StatisticsText text = new StatisticsText(out, groups);
        for (SnmpTable t : tables) {
          text.table(inet6, t);
        }
      }
    } catch (ProcFsException e) {
      err.text("cannot open ").line(e.getMessage());
      return 0;
    }
    return 0;
  }

  private void unixSockets(NetstatArgs args, Output out) throws Exception {
    // net-tools reads /proc/net/unix: RefCnt, Flags and the SS_ state exist only there.
    List<UnixSocketRecord> records = new ArrayList<>();
    SocketTable.procNet(proc).dumpUnix(UnixQuery.all(), records::add);
    ProcessMap owners = ProcessMap.empty();
    if (args.programs()) {
      long[] inodes = new long[records.size()];
      for (int i = 0; i < inodes.length; i++) {
        inodes[i] = records.get(i).inode();
      }
      owners = ProcessMap.scan(proc, inodes);
    }
    UnixTableText text = new UnixTableText(args, new ProgramNames(proc, owners));
    text.header(out);
    for (UnixSocketRecord r : records) {
      if (text.shows(r)) {
        text.row(out, r);
      }
    }
  }

  /**
   * Prints the table once; returns the exit status (net-tools stops a -c loop on a failure).
   *
   * @param first false on the repeats of -c, where net-tools leaves out the interface table's title
   * @param names the names without -n, kept across -c repeats; null under -n
   */
  private int print(NetstatArgs args, Output out, Output err, boolean first, AddressNames names)
      throws Exception {
    switch (args.mode()) {
      case ROUTE -> {
        if (args.json()) {
          NetstatJson.routes(
              out,
              args.ipv6() && !args.ipv4() ? List.of() : Ipv4Route.read(proc),
              args.ipv6() ? Ipv6Route.read(proc) : List.of());
        } else {
          // -F (the default) and -C (the cache) per family, inet before inet6.
          boolean fib = !args.cache() || args.fib();
          if (!args.ipv6() || args.ipv4()) {
            if (fib) {
              RouteTableText.ipv4(out, Ipv4Route.read(proc), args.extend(), names);
            }
            if (args.cache()) {
              Path cache = proc.resolve("net/rt_cache");
              if (!Files.exists(cache)) {
                err.text(cache.toString()).line(": No such file or directory");
                out.line("INET (IPv4) not configured in this system.");
                return 1;
              }
              RouteTableText.ipv4Cache(out, args.extend());
            }
          }
          if (args.ipv6()) {
            if (fib) {
              RouteTableText.ipv6(out, Ipv6Route.read(proc), names, false);
            }
            if (args.cache()) {
              RouteTableText.ipv6(out, Ipv6Route.read(proc), names, true);
            }
          }
        }
      }
      case INTERFACES -> {
        // net-tools lists /proc/net/dev's devices and the IPv4 alias labels SIOCGIFCONF names;
        // like net-tools after a failed SIOCGIFCONF, a failed rtnetlink dump is reported and the
        // /proc and /sys view printed without it.
        List<Ipv4InterfaceAddress> ipv4 = List.of();
        Map<String, Integer> linkFlags = Map.of();
        try {
          ipv4 = InterfaceAddresses.ipv4();
          linkFlags = InterfaceAddresses.linkFlags();
        } catch (SocketTableException e) {
          err.text("netstat: ").line(e.getMessage());
        }
        List<ListedInterface> shown =
            InterfaceList.shown(
                InterfaceList.of(InterfaceCounters.read(proc, sys), ipv4, linkFlags), args.all());
        if (args.extend() > 0) {
          List<ExtendedInterface> details =
              ExtendedInterface.of(shown, ipv4, Ipv6InterfaceAddress.read(proc), sys);
          if (args.json()) {
            NetstatJson.extendedInterfaces(out, details);
          } else {
            InterfaceBlockText.write(out, details, first);
          }
        } else if (args.json()) {
          NetstatJson.interfaces(out, shown);
        } else {
          InterfaceTableText.write(out, shown, first);
        }
      }
      case GROUPS -> groupTable(args, out, names);
      case SOCKETS -> {
        return socketTables(args, out, err, names);
      }
      default -> throw new IllegalStateException("unreachable mode " + args.mode());
    }
    return 0;
  }
}
