package dev.netdiag.cli.ss;

import dev.netdiag.cli.UsageException;
import dev.netdiag.sockets.IpFamily;
import dev.netdiag.sockets.SocketState;
import dev.netdiag.sockets.Transport;
import dev.netdiag.sockets.UnixType;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * ss 6.1's command line: getopt-style clustered short flags (options may follow filter words, as
 * GNU getopt permutes them), long options, `state`/`exclude` filters and the expression tail.
 *
 * @param transports the inet tables to list, in ss's order (raw, udp, tcp)
 * @param families IPv4 and/or IPv6
 * @param states the state mask
 * @param netidColumn true when more than one table is shown
 * @param expression the filter expression's words ("" for none)
 * @param unixTypes the AF_UNIX types to list (empty for none)
 * @param packetTypes which AF_PACKET types to list: "p_raw", "p_dgr" (empty for none)
 * @param netlink true to list AF_NETLINK sockets
 * @param extended -e: uid, ino, sk, cgroup, shutdown state
 * @param options -o: TCP timers
 * @param memory -m: socket memory
 * @param info -i: the tcp_info line
 * @param oneline -O: the -e/-m/-i texts on the row's line instead of a second line
 * @param tablesChosen true when a table or family option was given (ss -s then lists it too)
 * @param resolve -r: host names for addresses (gethostbyaddr, as ss's format_host)
 * @param threads -T: every thread holding a socket, with its tid, in users:(…)
 * @param filterLines -F FILE: the file's lines, read after the expression words (null for none)
 * @param netns -N NAME: the network namespace (under /run/netns) to list (null for this one)
 * @param tos --tos: tos, tclass and class_id
 * @param cgroup --cgroup: the cgroup path
 * @param inetSockopt --inet-sockopt: the inet socket options
 * @param diagFile -D FILE: where the raw TCP sock_diag reply goes ("-…" for stdout), or null
 * @param kill -K: close the inet sockets shown (SOCK_DESTROY)
 * @param events -E: follow sock_diag's destroy events instead of listing
 * @param bpf -b: PACKET sockets' attached filter programs
 */
public record SsArgs(
    List<Transport> transports,
    Set<IpFamily> families,
    int states,
    boolean netidColumn,
    boolean numeric,
    boolean processes,
    boolean noHeader,
    boolean summary,
    boolean json,
    String countBy,
    boolean help,
    boolean version,
    List<String> expression,
    Set<UnixType> unixTypes,
    Set<String> packetTypes,
    boolean netlink,
    boolean extended,
    boolean options,
    boolean memory,
    boolean info,
    boolean oneline,
    boolean tablesChosen,
    boolean resolve,
    boolean threads,
    List<String> filterLines,
    String netns,
    boolean tos,
    boolean cgroup,
    boolean inetSockopt,
    String diagFile,
    boolean kill,
    boolean events,
    boolean bpf) {

  /** ss's exit code for a bad command line (it calls exit(-1)). */
  static final int USAGE_EXIT = 255;

  // include/net/tcp_states.h bits, grouped as ss.c groups them.
  private static final int ALL = SocketState.ALL;
  private static final int LISTEN = 1 << SocketState.LISTEN.code();
  private static final int CLOSE = 1 << SocketState.CLOSE.code();
  private static final int CONNECTED = ALL & ~(LISTEN | CLOSE);
  private static final int SYNCHRONIZED = CONNECTED & ~(1 << SocketState.SYN_SENT.code());
  private static final int BUCKET =
      (1 << SocketState.SYN_RECV.code()) | (1 << SocketState.TIME_WAIT.code());
  private static final int BIG = ALL & ~BUCKET;
  // Without -a or -l ss hides listening, closed, TIME-WAIT and SYN-RECV sockets.
  private static final int DEFAULT =
      ALL
          & ~(LISTEN
              | CLOSE
              | (1 << SocketState.TIME_WAIT.code())
              | (1 << SocketState.SYN_RECV.code()));

  private enum Table {
    TCP,
    UDP,
    RAW,
    UNIX,
    PACKET,
    NETLINK,
    MPTCP,
    OTHER
  }

  /** Parses ss's arguments; throws UsageException with ss's message and exit code. */
  public static SsArgs parse(List<String> args) throws UsageException {
    EnumSet<Table> tables = EnumSet.noneOf(Table.class);
    EnumSet<IpFamily> families = EnumSet.noneOf(IpFamily.class);
    // ss's state_filter: -a and -l set it (the last one wins), the first -A makes it "connected"
    // when neither came before; 0 until then.
    int optionStates = 0;
    boolean numeric = false;
    boolean processes = false;
    boolean noHeader = false;
    boolean summary = false;
    boolean json = false;
    boolean help = false;
    boolean version = false;
    String countBy = null;
    boolean extended = false;
    boolean options = false;
    boolean memory = false;
    boolean info = false;
    boolean oneline = false;
    boolean sawQuery = false;
    boolean resolve = false;
    boolean threads = false;
    List<String> filterLines = null;
    String netns = null;
    boolean tos = false;
    boolean cgroup = false;
    boolean inetSockopt = false;
    String diagFile = null;
    boolean kill = false;
    boolean events = false;
    boolean bpf = false;
    EnumSet<UnixType> unixTypes = EnumSet.noneOf(UnixType.class);
    java.util.TreeSet<String> packetTypes = new java.util.TreeSet<>();
    List<String> words = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        words.addAll(args.subList(i + 1, args.size()));
        break;
      }
      if (arg.startsWith("--")) {
        String name = arg.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        switch (name) {
          case "help" -> help = true;
          case "version" -> version = true;
          case "numeric" -> numeric = true;
          case "all" -> optionStates = ALL;
          case "listening" -> optionStates = LISTEN | CLOSE;
          case "processes" -> processes = true;
          case "no-header" -> noHeader = true;
          case "oneline" -> oneline = true;
          case "summary" -> summary = true;
          case "tcp" -> tables.add(Table.TCP);
          case "udp" -> tables.add(Table.UDP);
          case "raw" -> tables.add(Table.RAW);
          case "unix" -> tables.add(Table.UNIX);
          case "packet" -> tables.add(Table.PACKET);
          case "mptcp" -> tables.add(Table.MPTCP);
          case "ipv4" -> families.add(IpFamily.INET);
          case "ipv6" -> families.add(IpFamily.INET6);
          case "json" -> json = true;
          case "extended" -> {
            extended = true;
            options = true;
          }
          case "options" -> options = true;
          case "memory" -> memory = true;
          case "info" -> info = true;
          case "resolve" -> resolve = true;
          case "threads" -> threads = true;
          case "tos" -> tos = true;
          case "cgroup" -> cgroup = true;
          case "inet-sockopt" -> inetSockopt = true;
          case "kill" -> kill = true;
          case "events" -> events = true;
          case "bpf" -> {
            // ss's -b turns on -o's timers as well.
            bpf = true;
            options = true;
          }
          case "context", "contexts" -> selinux();
          case "count-by" -> {
            if (value == null) {
              if (i + 1 >= args.size()) {
                throw new UsageException("--count-by needs state, port or process", USAGE_EXIT);
              }
              value = args.get(++i);
            }
            if (!value.equals("state") && !value.equals("port") && !value.equals("process")) {
              throw new UsageException(
                  "--count-by takes state, port or process, not " + value, USAGE_EXIT);
            }
            countBy = value;
          }
          case "filter", "net", "diag" -> {
            if (value == null) {
              if (i + 1 >= args.size()) {
                throw new UsageException(
                    "option '--" + name + "' requires an argument", USAGE_EXIT);
              }
              value = args.get(++i);
            }
            if (name.equals("filter")) {
              filterLines = filterFile(value, filterLines);
            } else if (name.equals("diag")) {
              diagFile = value;
            } else {
              netns = value;
            }
          }
          case "family", "query", "socket" -> {
            if (value == null) {
              if (i + 1 >= args.size()) {
                throw new UsageException(
                    "option '--" + name + "' requires an argument", USAGE_EXIT);
              }
              value = args.get(++i);
            }
            if (name.equals("family")) {
              family(value, tables, families);
            } else {
              if (!sawQuery && optionStates == 0) {
                optionStates = DEFAULT;
              }
              query(value, tables, families, unixTypes, packetTypes, !sawQuery);
              sawQuery = true;
            }
          }
          default -> throw notBuilt("--" + name);
        }
        continue;
      }
      if (arg.startsWith("-") && arg.length() > 1) {
        for (int j = 1; j < arg.length(); j++) {
          char c = arg.charAt(j);
          switch (c) {
            case 'h' -> help = true;
            case 'V' -> version = true;
            case 'n' -> numeric = true;
            case 'a' -> optionStates = ALL;
            case 'l' -> optionStates = LISTEN | CLOSE;
            case 'p' -> processes = true;
            case 'H' -> noHeader = true;
            case 'O' -> oneline = true;
            case 's' -> summary = true;
            case 'e' -> {
              // ss's -e turns on -o's timers as well.
              extended = true;
              options = true;
            }
            case 'o' -> options = true;
            case 'm' -> memory = true;
            case 'i' -> info = true;
            case 'r' -> resolve = true;
            case 'T' -> threads = true;
            case 'K' -> kill = true;
            case 'E' -> events = true;
            case 'b' -> {
              bpf = true;
              options = true;
            }
            case 'Z', 'z' -> selinux();
            case 't' -> tables.add(Table.TCP);
            case 'u' -> tables.add(Table.UDP);
            case 'w' -> tables.add(Table.RAW);
            case 'x' -> tables.add(Table.UNIX);
            case '0' -> tables.add(Table.PACKET);
            case 'M' -> tables.add(Table.MPTCP);
            case '4' -> families.add(IpFamily.INET);
            case '6' -> families.add(IpFamily.INET6);
            case 'f', 'A', 'F', 'N', 'D' -> {
              String value;
              if (j + 1 < arg.length()) {
                value = arg.substring(j + 1);
              } else if (i + 1 < args.size()) {
                value = args.get(++i);
              } else {
                throw new UsageException("option requires an argument -- '" + c + "'", USAGE_EXIT);
              }
              if (c == 'f') {
                family(value, tables, families);
              } else if (c == 'F') {
                filterLines = filterFile(value, filterLines);
              } else if (c == 'N') {
                netns = value;
              } else if (c == 'D') {
                diagFile = value;
              } else {
                if (!sawQuery && optionStates == 0) {
                  optionStates = DEFAULT;
                }
                query(value, tables, families, unixTypes, packetTypes, !sawQuery);
                sawQuery = true;
              }
              j = arg.length();
            }
            default -> throw notBuilt("-" + c);
          }
        }
        continue;
      }
      words.add(arg);
    }
    if (tables.contains(Table.OTHER)) {
      throw new UsageException(
          "DCCP, SCTP, VSOCK, TIPC and XDP sockets are not built yet (TCP, UDP, RAW, MPTCP, UNIX,"
              + " PACKET and NETLINK are)",
          1);
    }
    List<Transport> transports = new ArrayList<>();
    boolean tablesChosen = !tables.isEmpty() || !families.isEmpty();
    // Without -a, -l or -A, the states are those each chosen table and family shows by default
    // (misc/ss.c default_dbs, default_afs): UDP and RAW their connected sockets only, PACKET and
    // NETLINK their (closed) sockets, the rest "connected"; with no table or family at all, the
    // connected states.
    int defaults = 0;
    if (tables.contains(Table.TCP)
        || tables.contains(Table.MPTCP)
        || tables.contains(Table.UNIX)
        || !families.isEmpty()) {
      defaults |= DEFAULT;
    }
    if (tables.contains(Table.UDP) || tables.contains(Table.RAW)) {
      defaults |= 1 << SocketState.ESTABLISHED.code();
    }
    if (tables.contains(Table.PACKET) || tables.contains(Table.NETLINK)) {
      defaults |= CLOSE;
    }
    if (!tablesChosen && optionStates == 0) {
      optionStates = DEFAULT;
    }
    int states = optionStates != 0 ? optionStates : defaults;
    if (tables.isEmpty()) {
      // ss lists every table, or every table of the families asked for with -4/-6/-f.
      tables.addAll(EnumSet.of(Table.TCP, Table.UDP, Table.RAW, Table.MPTCP));
      if (families.isEmpty()) {
        tables.addAll(EnumSet.of(Table.UNIX, Table.PACKET, Table.NETLINK));
      }
    }
    if (tables.contains(Table.UNIX) && unixTypes.isEmpty()) {
      unixTypes.addAll(EnumSet.of(UnixType.STREAM, UnixType.DGRAM, UnixType.SEQPACKET));
    }
    if (tables.contains(Table.PACKET) && packetTypes.isEmpty()) {
      packetTypes.addAll(List.of("p_raw", "p_dgr"));
    }
    // ss's output order: raw, udp, tcp.
    if (tables.contains(Table.RAW)) {
      transports.add(Transport.RAW);
    }
    if (tables.contains(Table.UDP)) {
      transports.add(Transport.UDP);
    }
    if (tables.contains(Table.TCP)) {
      transports.add(Transport.TCP);
    }
    if (tables.contains(Table.MPTCP)) {
      transports.add(Transport.MPTCP); // ss lists MPTCP after every other table
    }
    if (families.isEmpty()) {
      families = EnumSet.allOf(IpFamily.class);
    }
    List<String> expression = new ArrayList<>();
    int stateFilter = 0;
    boolean sawStateWord = false;
    int w = 0;
    while (w < words.size()) {
      String word = words.get(w);
      if (word.equals("state") || word.equals("exclude") || word.equals("excl")) {
        if (w + 1 >= words.size()) {
          throw new UsageException("wrong state name: ", USAGE_EXIT);
        }
        int mask = stateMask(words.get(w + 1));
        if (!sawStateWord) {
          stateFilter = word.equals("state") ? 0 : ALL;
          sawStateWord = true;
        }
        stateFilter = word.equals("state") ? stateFilter | mask : stateFilter & ~mask;
        w += 2;
      } else {
        break;
      }
    }
    expression.addAll(words.subList(w, words.size()));
    if (sawStateWord) {
      states = stateFilter;
    }
    // ss counts each UNIX and PACKET type as a table of its own.
    int shown =
        transports.size()
            + unixTypes.size()
            + packetTypes.size()
            + (tables.contains(Table.NETLINK) ? 1 : 0);
    return new SsArgs(
        List.copyOf(transports),
        families,
        states,
        shown > 1,
        numeric,
        processes || threads, // ss -T shows the users column without -p
        noHeader,
        summary,
        json,
        countBy,
        help,
        version,
        List.copyOf(expression),
        java.util.Collections.unmodifiableSet(unixTypes),
        java.util.Collections.unmodifiableSet(packetTypes),
        tables.contains(Table.NETLINK),
        extended,
        options,
        memory,
        info,
        oneline,
        tablesChosen,
        resolve,
        threads,
        filterLines,
        netns,
        tos,
        cgroup,
        inetSockopt,
        diagFile,
        kill,
        events,
        bpf);
  }

  /**
   * -F: ss opens the file while reading its options (a name starting with '-' is stdin) and reads
   * it line by line after the expression words (misc/ssfilter.y yylex).
   */
  private static List<String> filterFile(String name, List<String> already) throws UsageException {
    if (already != null) {
      throw new UsageException("More than one filter file", USAGE_EXIT);
    }
    byte[] bytes;
    try {
      if (!name.startsWith("-") && Files.isDirectory(Path.of(name))) {
        return List.of(); // fopen succeeds on a directory and the first fgets ends the file
      }
      bytes = name.startsWith("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(name));
    } catch (NoSuchFileException e) {
      throw new UsageException("fopen filter file: No such file or directory", USAGE_EXIT);
    } catch (AccessDeniedException e) {
      throw new UsageException("fopen filter file: Permission denied", USAGE_EXIT);
    } catch (IOException e) {
      throw new UsageException("fopen filter file: " + e.getMessage(), USAGE_EXIT);
    }
    return SsFilterParser.fileLines(bytes);
  }

  /** -Z/-z: ss needs SELinux for the contexts and stops when it is not enabled. */
  private static void selinux() throws UsageException {
    if (!Files.exists(Path.of("/sys/fs/selinux/enforce"))) {
      throw new UsageException("SELinux is not enabled.", 1);
    }
    throw notBuilt("-Z/-z (SELinux contexts)");
  }

  private static UsageException notBuilt(String option) {
    return new UsageException("option " + option + " is not built yet", 1);
  }

  private static int stateMask(String name) throws UsageException {
    String n = name.toLowerCase(Locale.ROOT);
    switch (n) {
      case "all":
        return ALL;
      case "connected":
        return CONNECTED;
      case "synchronized":
        return SYNCHRONIZED;
      case "bucket":
        return BUCKET;
      case "big":
        return BIG;
      case "closed", "unconnected":
        return CLOSE;
      default:
        for (SocketState state : SocketState.values()) {
          if (state != SocketState.UNKNOWN && state.filterName().equals(n)) {
            return 1 << state.code();
          }
        }
        throw new UsageException("wrong state name: " + name, USAGE_EXIT);
    }
  }

  private static void family(String value, Set<Table> tables, Set<IpFamily> families)
      throws UsageException {
    switch (value) {
      case "inet" -> families.add(IpFamily.INET);
      case "inet6" -> families.add(IpFamily.INET6);
      case "unix" -> tables.add(Table.UNIX);
      case "link" -> tables.add(Table.PACKET);
      case "netlink" -> tables.add(Table.NETLINK);
      case "vsock", "tipc", "xdp" -> tables.add(Table.OTHER);
      default -> throw new UsageException("\"" + value + "\" is invalid family", USAGE_EXIT);
    }
  }

  private static void query(
      String value,
      Set<Table> tables,
      Set<IpFamily> families,
      Set<UnixType> unixTypes,
      Set<String> packetTypes,
      boolean first)
      throws UsageException {
    if (first) {
      // ss's first -A replaces the tables chosen so far (-x -A unix_dgram: datagrams).
      tables.clear();
      unixTypes.clear();
      packetTypes.clear();
    }
    for (String part : value.split(",")) {
      switch (part) {
        case "all" ->
            tables.addAll(
                EnumSet.of(
                    Table.TCP,
                    Table.UDP,
                    Table.RAW,
                    Table.UNIX,
                    Table.PACKET,
                    Table.NETLINK,
                    Table.MPTCP));
        case "inet" -> tables.addAll(EnumSet.of(Table.TCP, Table.UDP, Table.RAW, Table.MPTCP));
        case "mptcp" -> tables.add(Table.MPTCP);
        case "tcp" -> tables.add(Table.TCP);
        case "udp" -> tables.add(Table.UDP);
        case "raw" -> tables.add(Table.RAW);
        case "unix" -> {
          tables.add(Table.UNIX);
          unixTypes.addAll(EnumSet.of(UnixType.STREAM, UnixType.DGRAM, UnixType.SEQPACKET));
        }
        case "unix_stream", "u_str" -> {
          tables.add(Table.UNIX);
          unixTypes.add(UnixType.STREAM);
        }
        case "unix_dgram", "u_dgr" -> {
          tables.add(Table.UNIX);
          unixTypes.add(UnixType.DGRAM);
        }
        case "unix_seqpacket", "u_seq" -> {
          tables.add(Table.UNIX);
          unixTypes.add(UnixType.SEQPACKET);
        }
        case "packet" -> {
          tables.add(Table.PACKET);
          packetTypes.addAll(List.of("p_raw", "p_dgr"));
        }
        case "packet_raw", "p_raw" -> {
          tables.add(Table.PACKET);
          packetTypes.add("p_raw");
        }
        case "packet_dgram", "p_dgr" -> {
          tables.add(Table.PACKET);
          packetTypes.add("p_dgr");
        }
        case "netlink" -> tables.add(Table.NETLINK);
        case "dccp", "sctp", "vsock_stream", "vsock_dgram", "tipc", "xdp" ->
            tables.add(Table.OTHER);
        default -> throw new UsageException("wrong database name: " + part, USAGE_EXIT);
      }
    }
  }
}
