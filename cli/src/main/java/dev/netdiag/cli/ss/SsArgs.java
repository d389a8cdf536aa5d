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
 * @param listsAfterSummary true when ss -s goes on to list sockets after its summary: a table or
 *     family option was given, or any word after the options (a state filter or an expression)
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
 * @param vsockTypes which AF_VSOCK types to list: "v_str", "v_dgr" (empty for none)
 * @param tipc true to ask for AF_TIPC sockets
 * @param xdp true to list AF_XDP sockets
 * @param preferredFamily ss's preferred_family: the AF_ number of the last family option (-4, -6,
 *     -0, -x, -f, --vsock, --tipc, --xdp), 0 for none; host conditions are read in it
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
    boolean listsAfterSummary,
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
    boolean bpf,
    Set<String> vsockTypes,
    boolean tipc,
    boolean xdp,
    int preferredFamily) {

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

  // misc/ss.c's socket tables ("dbs"), in its enum order, and what each shows by default.
  private static final int TCP_DB = 0;
  private static final int MPTCP_DB = 1;
  private static final int DCCP_DB = 2;
  private static final int UDP_DB = 3;
  private static final int RAW_DB = 4;
  private static final int UNIX_DG_DB = 5;
  private static final int UNIX_ST_DB = 6;
  private static final int UNIX_SQ_DB = 7;
  private static final int PACKET_DG_DB = 8;
  private static final int PACKET_R_DB = 9;
  private static final int NETLINK_DB = 10;
  private static final int SCTP_DB = 11;
  private static final int VSOCK_ST_DB = 12;
  private static final int VSOCK_DG_DB = 13;
  private static final int TIPC_DB = 14;
  private static final int XDP_DB = 15;
  private static final int DB_COUNT = 16;

  private static final int UNIX_DBM = bit(UNIX_DG_DB) | bit(UNIX_ST_DB) | bit(UNIX_SQ_DB);
  private static final int PACKET_DBM = bit(PACKET_DG_DB) | bit(PACKET_R_DB);
  private static final int VSOCK_DBM = bit(VSOCK_ST_DB) | bit(VSOCK_DG_DB);
  private static final int INET_DBM =
      bit(TCP_DB) | bit(MPTCP_DB) | bit(UDP_DB) | bit(DCCP_DB) | bit(SCTP_DB) | bit(RAW_DB);

  // Address families ss filters on (bits of AF_ numbers).
  private static final int AF_UNIX = 1;
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int AF_PACKET = 17;
  private static final int AF_NETLINK = 16;
  private static final int AF_TIPC = 30;
  private static final int AF_VSOCK = 40;
  private static final int AF_XDP = 44;
  private static final long INET_FAMILIES = fam(AF_INET) | fam(AF_INET6);

  private static final int TIPC_CONN = (1 << SocketState.ESTABLISHED.code()) | LISTEN | CLOSE;

  // default_dbs: each table's states and families.
  private static final int[] DB_STATES = new int[DB_COUNT];
  private static final long[] DB_FAMILIES = new long[DB_COUNT];

  static {
    int established = 1 << SocketState.ESTABLISHED.code();
    for (int db : new int[] {TCP_DB, MPTCP_DB, DCCP_DB, SCTP_DB}) {
      DB_STATES[db] = DEFAULT;
      DB_FAMILIES[db] = INET_FAMILIES;
    }
    for (int db : new int[] {UDP_DB, RAW_DB}) {
      DB_STATES[db] = established;
      DB_FAMILIES[db] = INET_FAMILIES;
    }
    DB_STATES[UNIX_DG_DB] = CLOSE;
    DB_STATES[UNIX_ST_DB] = DEFAULT;
    DB_STATES[UNIX_SQ_DB] = DEFAULT;
    for (int db : new int[] {UNIX_DG_DB, UNIX_ST_DB, UNIX_SQ_DB}) {
      DB_FAMILIES[db] = fam(AF_UNIX);
    }
    for (int db : new int[] {PACKET_DG_DB, PACKET_R_DB}) {
      DB_STATES[db] = CLOSE;
      DB_FAMILIES[db] = fam(AF_PACKET);
    }
    DB_STATES[NETLINK_DB] = CLOSE;
    DB_FAMILIES[NETLINK_DB] = fam(AF_NETLINK);
    for (int db : new int[] {VSOCK_ST_DB, VSOCK_DG_DB}) {
      DB_STATES[db] = DEFAULT;
      DB_FAMILIES[db] = fam(AF_VSOCK);
    }
    DB_STATES[TIPC_DB] = TIPC_CONN;
    DB_FAMILIES[TIPC_DB] = fam(AF_TIPC);
    DB_STATES[XDP_DB] = CLOSE;
    DB_FAMILIES[XDP_DB] = fam(AF_XDP);
  }

  private static int bit(int db) {
    return 1 << db;
  }

  private static long fam(int af) {
    return 1L << af;
  }

  /** default_afs: the tables and states of a family. */
  private static int familyTables(int af) {
    return switch (af) {
      case AF_INET, AF_INET6 -> INET_DBM;
      case AF_UNIX -> UNIX_DBM;
      case AF_PACKET -> PACKET_DBM;
      case AF_NETLINK -> bit(NETLINK_DB);
      case AF_VSOCK -> VSOCK_DBM;
      case AF_TIPC -> bit(TIPC_DB);
      case AF_XDP -> bit(XDP_DB);
      default -> 0;
    };
  }

  private static int familyStates(int af) {
    return switch (af) {
      case AF_PACKET, AF_NETLINK, AF_XDP -> CLOSE;
      case AF_TIPC -> TIPC_CONN;
      default -> DEFAULT;
    };
  }

  /** ss's struct filter while the options are read: tables, families, their default states. */
  private static final class Selection {
    int dbs;
    long families;
    int states;
    int preferred;
    boolean doDefault = true;
    boolean help; // -f help prints the usage, as ss does

    void table(int db, boolean enable) {
      if (enable) {
        states |= DB_STATES[db];
        dbs |= bit(db);
      } else {
        dbs &= ~bit(db);
      }
      doDefault = false;
    }

    void tables(int mask) {
      for (int db = 0; db < DB_COUNT; db++) {
        if ((mask & bit(db)) != 0) {
          table(db, true);
        }
      }
    }

    void family(int af) {
      preferred = af;
      states |= familyStates(af);
      families |= fam(af);
      doDefault = false;
    }

    /** filter_merge_defaults: each table brings its families, each family its tables. */
    void mergeDefaults() {
      for (int db = 0; db < DB_COUNT; db++) {
        if ((dbs & bit(db)) != 0 && (DB_FAMILIES[db] & families) == 0) {
          families |= DB_FAMILIES[db];
        }
      }
      for (int af = 0; af < 64; af++) {
        if ((families & fam(af)) != 0 && (familyTables(af) & dbs) == 0) {
          dbs |= familyTables(af);
        }
      }
    }
  }

  /** Parses ss's arguments; throws UsageException with ss's message and exit code. */
  /**
   * An error ss finds after it printed the summary -s asked for (a state name, no table or state
   * left to list): the caller prints the summary first, in the namespace -N names (null for this
   * one).
   */
  static final class SummaryFirst extends UsageException {
    private static final long serialVersionUID = 1L;
    private final String netns;

    SummaryFirst(UsageException cause, String netns) {
      super(cause.getMessage(), cause.exitCode());
      this.netns = netns;
    }

    String netns() {
      return netns;
    }
  }

  public static SsArgs parse(List<String> args) throws UsageException {
    Selection sel = new Selection();
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
        name = longOption(name);
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
          case "tcp" -> sel.table(TCP_DB, true);
          case "udp" -> sel.table(UDP_DB, true);
          case "raw" -> sel.table(RAW_DB, true);
          case "dccp" -> sel.table(DCCP_DB, true);
          case "sctp" -> sel.table(SCTP_DB, true);
          case "mptcp" -> sel.table(MPTCP_DB, true);
          case "unix" -> sel.family(AF_UNIX);
          case "packet" -> sel.family(AF_PACKET);
          case "vsock" -> sel.family(AF_VSOCK);
          case "tipc" -> sel.family(AF_TIPC);
          case "xdp" -> sel.family(AF_XDP);
          case "tipcinfo" -> throw notBuilt("--tipcinfo");
          case "ipv4" -> sel.family(AF_INET);
          case "ipv6" -> sel.family(AF_INET6);
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
              family(value, sel);
            } else {
              if (!sawQuery && optionStates == 0) {
                optionStates = DEFAULT;
              }
              query(value, sel, !sawQuery);
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
            case 'V', 'v' -> version = true;
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
            case 't' -> sel.table(TCP_DB, true);
            case 'u' -> sel.table(UDP_DB, true);
            case 'w' -> sel.table(RAW_DB, true);
            case 'd' -> sel.table(DCCP_DB, true);
            case 'S' -> sel.table(SCTP_DB, true);
            case 'M' -> sel.table(MPTCP_DB, true);
            case 'x' -> sel.family(AF_UNIX);
            case '0' -> sel.family(AF_PACKET);
            case '4' -> sel.family(AF_INET);
            case '6' -> sel.family(AF_INET6);
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
                family(value, sel);
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
                query(value, sel, !sawQuery);
                sawQuery = true;
              }
              j = arg.length();
            }
            default ->
                throw SS_SHORT_OPTIONS.indexOf(c) >= 0
                    ? notBuilt("-" + c)
                    : new UsageException("invalid option -- '" + c + "'", USAGE_EXIT);
          }
        }
        continue;
      }
      words.add(arg);
    }
    // ss prints the summary before it reads the state words and checks what is left to list.
    try {
      List<String> expression = new ArrayList<>();
      int stateFilter = 0;
      boolean sawStateWord = false;
      int w = 0;
      while (w < words.size()) {
        String word = words.get(w);
        if (word.equals("state") || word.equals("exclude") || word.equals("excl")) {
          if (w + 1 >= words.size()) {
            // iproute2's NEXT_ARG: incomplete_command()
            throw new UsageException(
                "Command line is not complete. Try option \"help\"", USAGE_EXIT);
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
      // ss -s stops after the summary only while do_default holds and no word is left (argc == 0).
      boolean listsAfterSummary = !sel.doDefault || !words.isEmpty();
      if (!sawStateWord) {
        stateFilter = optionStates;
      }
      if (sel.doDefault) {
        // ss with no table or family option: every table but TIPC, in the connected states.
        stateFilter = stateFilter != 0 ? stateFilter : DEFAULT;
        query("all", sel, false);
      }
      int states = stateFilter != 0 ? stateFilter : sel.states;
      sel.mergeDefaults();
      if (sel.dbs == 0) {
        throw new UsageException("no socket tables to show with such filter.", 0);
      }
      if (states == 0) {
        throw new UsageException("no socket states to show with such filter.", 0);
      }
      int dbs = sel.dbs;
      EnumSet<IpFamily> families = EnumSet.noneOf(IpFamily.class);
      if ((sel.families & fam(AF_INET)) != 0) {
        families.add(IpFamily.INET);
      }
      if ((sel.families & fam(AF_INET6)) != 0) {
        families.add(IpFamily.INET6);
      }
      // ss's output order: raw, udp, tcp, dccp, sctp (then vsock, tipc, xdp), mptcp.
      List<Transport> transports = new ArrayList<>();
      if (!families.isEmpty()) {
        int[] order = {RAW_DB, UDP_DB, TCP_DB, DCCP_DB, SCTP_DB, MPTCP_DB};
        Transport[] tables = {
          Transport.RAW,
          Transport.UDP,
          Transport.TCP,
          Transport.DCCP,
          Transport.SCTP,
          Transport.MPTCP
        };
        for (int k = 0; k < order.length; k++) {
          if ((dbs & bit(order[k])) != 0) {
            transports.add(tables[k]);
          }
        }
      }
      EnumSet<UnixType> unixTypes = EnumSet.noneOf(UnixType.class);
      if ((dbs & bit(UNIX_ST_DB)) != 0) {
        unixTypes.add(UnixType.STREAM);
      }
      if ((dbs & bit(UNIX_DG_DB)) != 0) {
        unixTypes.add(UnixType.DGRAM);
      }
      if ((dbs & bit(UNIX_SQ_DB)) != 0) {
        unixTypes.add(UnixType.SEQPACKET);
      }
      java.util.TreeSet<String> packetTypes = new java.util.TreeSet<>();
      if ((dbs & bit(PACKET_R_DB)) != 0) {
        packetTypes.add("p_raw");
      }
      if ((dbs & bit(PACKET_DG_DB)) != 0) {
        packetTypes.add("p_dgr");
      }
      java.util.TreeSet<String> vsockTypes = new java.util.TreeSet<>();
      if ((dbs & bit(VSOCK_ST_DB)) != 0) {
        vsockTypes.add("v_str");
      }
      if ((dbs & bit(VSOCK_DG_DB)) != 0) {
        vsockTypes.add("v_dgr");
      }
      if (families.isEmpty()) {
        families = EnumSet.allOf(IpFamily.class); // no inet table is listed then
      }
      return new SsArgs(
          List.copyOf(transports),
          families,
          states,
          Integer.bitCount(dbs) > 1, // one table: no Netid column
          numeric,
          processes || threads, // ss -T shows the users column without -p
          noHeader,
          summary,
          json,
          countBy,
          help || sel.help,
          version,
          List.copyOf(expression),
          java.util.Collections.unmodifiableSet(unixTypes),
          java.util.Collections.unmodifiableSet(packetTypes),
          (dbs & bit(NETLINK_DB)) != 0,
          extended,
          options,
          memory,
          info,
          oneline,
          listsAfterSummary,
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
          bpf,
          java.util.Collections.unmodifiableSet(vsockTypes),
          (dbs & bit(TIPC_DB)) != 0,
          (dbs & bit(XDP_DB)) != 0,
          sel.preferred);
    } catch (UsageException e) {
      if (summary && !json && !help && !version) {
        throw new SummaryFirst(e, netns);
      }
      throw e;
    }
  }

  /**
   * The same arguments listing only the tables of one address family, as ss does once a filter
   * operand was read in that family (parse_hostcond resets the families to it). TIPC, which ss
   * lists whatever the families, stays; the columns stay as they were chosen.
   */
  SsArgs narrowedTo(int af) {
    boolean inet = af == AF_INET || af == AF_INET6;
    Set<IpFamily> only =
        af == AF_INET6 ? EnumSet.of(IpFamily.INET6) : inet ? EnumSet.of(IpFamily.INET) : families;
    return new SsArgs(
        inet ? transports : List.of(),
        only,
        states,
        netidColumn,
        numeric,
        processes,
        noHeader,
        summary,
        json,
        countBy,
        help,
        version,
        expression,
        af == AF_UNIX ? unixTypes : Set.of(),
        af == AF_PACKET ? packetTypes : Set.of(),
        af == AF_NETLINK && netlink,
        extended,
        options,
        memory,
        info,
        oneline,
        listsAfterSummary,
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
        bpf,
        af == AF_VSOCK ? vsockTypes : Set.of(),
        tipc,
        af == AF_XDP && xdp,
        af);
  }

  /**
   * The families ss asks sock_diag for: inet_show_netlink asks for the preferred family alone when
   * it is IPv4 or IPv6 (the last of -4, -6, -f inet, -f inet6), whatever other families were asked
   * for, so "-4 -6" lists IPv6 sockets only; when a table has no diag module, every family in
   * {@link #families} is read from /proc/net.
   */
  Set<IpFamily> dumpedFamilies() {
    if (preferredFamily == AF_INET6 && families.contains(IpFamily.INET6)) {
      return EnumSet.of(IpFamily.INET6);
    }
    if (preferredFamily == AF_INET && families.contains(IpFamily.INET)) {
      return EnumSet.of(IpFamily.INET);
    }
    return families;
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

  // misc/ss.c's getopt_long string and long_opts table, in its order.
  private static final String SS_SHORT_OPTIONS = "dhaletuwxnro460spTbEf:mMiA:D:F:vVzZN:KHSO";
  private static final List<String> SS_LONG_OPTIONS =
      List.of(
          "numeric",
          "resolve",
          "options",
          "extended",
          "memory",
          "info",
          "processes",
          "threads",
          "bpf",
          "events",
          "dccp",
          "tcp",
          "sctp",
          "udp",
          "raw",
          "unix",
          "tipc",
          "vsock",
          "all",
          "listening",
          "ipv4",
          "ipv6",
          "packet",
          "family",
          "socket",
          "query",
          "summary",
          "diag",
          "filter",
          "version",
          "help",
          "context",
          "contexts",
          "net",
          "tipcinfo",
          "tos",
          "cgroup",
          "kill",
          "no-header",
          "xdp",
          "mptcp",
          "oneline",
          "inet-sockopt");

  /**
   * A long option's full name as getopt_long finds it in ss's table: the name itself, else the one
   * option it abbreviates ("--num"; --socket and --query are one option); an unknown or ambiguous
   * name is getopt's error. netdiag's own options (--json, --count-by) are taken whole only.
   */
  private static String longOption(String name) throws UsageException {
    if (SS_LONG_OPTIONS.contains(name) || name.equals("json") || name.equals("count-by")) {
      return name;
    }
    List<String> matches = new ArrayList<>();
    for (String option : SS_LONG_OPTIONS) {
      if (option.startsWith(name)) {
        matches.add(option);
      }
    }
    if (matches.equals(List.of("socket", "query"))) {
      return "query";
    }
    if (matches.size() == 1) {
      return matches.getFirst();
    }
    if (matches.isEmpty()) {
      throw new UsageException("unrecognized option '--" + name + "'", USAGE_EXIT);
    }
    StringBuilder message =
        new StringBuilder("option '--").append(name).append("' is ambiguous; possibilities:");
    for (String option : matches) {
      message.append(" '--").append(option).append('\'');
    }
    throw new UsageException(message.toString(), USAGE_EXIT);
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

  private static void family(String value, Selection sel) throws UsageException {
    switch (value) {
      case "inet" -> sel.family(AF_INET);
      case "inet6" -> sel.family(AF_INET6);
      case "unix" -> sel.family(AF_UNIX);
      case "link" -> sel.family(AF_PACKET);
      case "netlink" -> sel.family(AF_NETLINK);
      case "vsock" -> sel.family(AF_VSOCK);
      case "tipc" -> sel.family(AF_TIPC);
      case "xdp" -> sel.family(AF_XDP);
      case "help" -> sel.help = true;
      default -> throw new UsageException("\"" + value + "\" is invalid family", USAGE_EXIT);
    }
  }

  /** filter_db_parse for each comma-separated name; a leading '!' removes the tables. */
  private static void query(String value, Selection sel, boolean first) throws UsageException {
    if (first) {
      // ss's first -A replaces the tables chosen so far (-x -A unix_dgram: datagrams).
      sel.dbs = 0;
      sel.doDefault = false;
    }
    for (String word : value.split(",")) {
      boolean enable = !word.startsWith("!");
      String part = enable ? word : word.substring(1);
      int mask =
          switch (part) {
            case "all" ->
                INET_DBM | UNIX_DBM | PACKET_DBM | bit(NETLINK_DB) | VSOCK_DBM | bit(XDP_DB);
            case "inet" -> INET_DBM;
            case "udp" -> bit(UDP_DB);
            case "dccp" -> bit(DCCP_DB);
            case "tcp" -> bit(TCP_DB);
            case "mptcp" -> bit(MPTCP_DB);
            case "sctp" -> bit(SCTP_DB);
            case "raw" -> bit(RAW_DB);
            case "unix" -> UNIX_DBM;
            case "unix_stream", "u_str" -> bit(UNIX_ST_DB);
            case "unix_dgram", "u_dgr" -> bit(UNIX_DG_DB);
            case "unix_seqpacket", "u_seq" -> bit(UNIX_SQ_DB);
            case "packet" -> PACKET_DBM;
            case "packet_raw", "p_raw" -> bit(PACKET_R_DB);
            case "packet_dgram", "p_dgr" -> bit(PACKET_DG_DB);
            case "netlink" -> bit(NETLINK_DB);
            case "tipc" -> bit(TIPC_DB);
            case "vsock" -> VSOCK_DBM;
            case "vsock_stream", "v_str" -> bit(VSOCK_ST_DB);
            case "vsock_dgram", "v_dgr" -> bit(VSOCK_DG_DB);
            case "xdp" -> bit(XDP_DB);
            default ->
                throw new UsageException("\"" + word + "\" is illegal socket table id", USAGE_EXIT);
          };
      for (int db = 0; db < DB_COUNT; db++) {
        if ((mask & bit(db)) != 0) {
          sel.table(db, enable);
        }
      }
    }
  }
}
