package dev.netdiag.cli.netstat;

import java.util.List;

/**
 * netstat's command line (net-tools 2.10 getopt grammar: clustered short options, long options, `-c
 * [N]`, `-A FAMILY`), parsed into what to show and how.
 *
 * @param mode which table: sockets (the default), route, interfaces, groups, statistics
 * @param extend how many -e were given
 * @param continuous seconds between repeats with -c; 0 without -c
 * @param families the address families named by -4, -6, -x, -A and --inet…, in net-tools' names and
 *     order (netstat -s reports "inet,inet6" as one unsupported family list)
 * @param sctp -S / --sctp: the SCTP tables
 * @param cache -C / --cache: the routing cache instead of the FIB (with -r only)
 * @param fib -F / --fib: the FIB too, when -C is also given
 * @param verbose -v / --verbose
 * @param warnings lines net-tools prints on stderr while it parses and then goes on ("--tcpip"
 *     meets its "Internal Error `longopts 1 range'")
 */
record NetstatArgs(
    Mode mode,
    boolean tcp,
    boolean udp,
    boolean udplite,
    boolean raw,
    boolean unix,
    boolean listening,
    boolean all,
    boolean numericHosts,
    boolean numericPorts,
    boolean numericUsers,
    boolean programs,
    int extend,
    boolean timers,
    boolean wide,
    boolean ipv4,
    boolean ipv6,
    int continuous,
    boolean json,
    boolean help,
    boolean version,
    String unsupported,
    List<String> families,
    boolean sctp,
    boolean cache,
    boolean fib,
    boolean verbose,
    List<String> warnings,
    boolean groups) {

  /** The table netstat prints. */
  enum Mode {
    SOCKETS,
    ROUTE,
    INTERFACES,
    GROUPS,
    STATISTICS,
    MASQUERADE
  }

  /** net-tools exits 3 (E_USAGE) on a bad command line. */
  static final int USAGE_EXIT = 3;

  /**
   * True when a family other than inet, inet6 and unix was named (-A ax25, --ipx…): net-tools then
   * lists those tables, which need kernel support this machine may lack.
   */
  boolean otherFamilies() {
    for (String f : families) {
      if (!f.equals("inet") && !f.equals("inet6") && !f.equals("unix")) {
        return true;
      }
    }
    return false;
  }

  /** The message net-tools (built with SELinux support) exits with on -Z where SELinux is off. */
  static final String NO_SELINUX = "SELinux is not enabled on this machine.";

  static NetstatArgs parse(List<String> args) throws InvalidOption {
    return parse(args, false);
  }

  /**
   * Parses argv in order, as getopt does: -h and -V end the parse where they stand, and -Z on a
   * machine without SELinux ends it there with exit 1, before any later bad option is seen.
   */
  static NetstatArgs parse(List<String> args, boolean selinuxEnabled) throws InvalidOption {
    Builder b = new Builder();
    b.selinuxEnabled = selinuxEnabled;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--json")) {
        b.json = true;
      } else if (arg.equals("--")) {
        // getopt's end of options: the words after it are operands, which netstat ignores.
        break;
      } else if (arg.startsWith("--")) {
        i = b.longOption(arg, args, i);
        if (b.help || b.version) {
          // getopt's caller exits on -h and -V as it meets them: later words are never read.
          return b.build();
        }
      } else if (arg.startsWith("-") && arg.length() > 1) {
        for (int k = 1; k < arg.length(); k++) {
          char c = arg.charAt(k);
          if (c == 'A') {
            String value = k + 1 < arg.length() ? arg.substring(k + 1) : next(args, ++i, "A");
            b.family(value);
            break;
          }
          if (c == 'c') {
            b.continuous = 1;
            if (k + 1 < arg.length() && allDigits(arg.substring(k + 1))) {
              b.continuous = Integer.parseInt(arg.substring(k + 1));
              break;
            }
            if (k + 1 == arg.length() && i + 1 < args.size() && allDigits(args.get(i + 1))) {
              b.continuous = Integer.parseInt(args.get(++i));
            }
            continue;
          }
          b.shortOption(c);
          if (b.help || b.version) {
            return b.build();
          }
        }
      } else {
        // net-tools ignores stray words after the options (getopt stops, nothing reads them).
        continue;
      }
    }
    return b.build();
  }

  private static boolean allDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String next(List<String> args, int i, String option) throws InvalidOption {
    if (i >= args.size()) {
      throw new InvalidOption("option requires an argument -- '" + option + "'");
    }
    return args.get(i);
  }

  /** A getopt error: netstat prints it, then its usage text, and exits 3. */
  static final class InvalidOption extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean usage;
    private final int exitCode;

    InvalidOption(String message) {
      this(message, USAGE_EXIT, true);
    }

    InvalidOption(String message, int exit, boolean usage) {
      super(message);
      this.exitCode = exit;
      this.usage = usage;
    }

    int exitCode() {
      return exitCode;
    }

    /** True when netstat follows the message with its usage text. */
    boolean usage() {
      return usage;
    }
  }

  // net-tools 2.10's long options in netstat.c's table order (the address families of
  // AFTRANS_OPTS first, then the options), with the getopt value each returns: 1 for a family.
  // "unix" is there twice, as a family and as -x. Only "protocol" takes an argument.
  private static final String[] LONG_NAMES = {
    "ax25",
    "x25",
    "ip",
    "ipx",
    "appletalk",
    "netrom",
    "inet",
    "inet6",
    "ddp",
    "rose",
    "unix",
    "bluetooth",
    "tcpip",
    "version",
    "interfaces",
    "help",
    "route",
    "masquerade",
    "protocol",
    "tcp",
    "sctp",
    "udp",
    "udplite",
    "raw",
    "unix",
    "l2cap",
    "rfcomm",
    "listening",
    "all",
    "timers",
    "continuous",
    "extend",
    "programs",
    "verbose",
    "statistics",
    "wide",
    "numeric",
    "numeric-hosts",
    "numeric-ports",
    "numeric-users",
    "symbolic",
    "cache",
    "fib",
    "groups",
    "context"
  };
  private static final String LONG_VALUES =
      "\1\1\1\1\1\1\1\1\1\1\1\1\1VihrMAtSuUwx2flaocepvsWn!@#NCFgZ";

  // netstat.c's AFTRANS_CNT: 12, one short of the 13 families in the table, so "--tcpip" is out
  // of the range netstat checks and only reports an internal error.
  private static final int AFTRANS_CNT = 12;

  /**
   * The table index getopt_long picks for "--name": an exact name first; else the one option the
   * prefix names, or the first of several that return the same value; several that differ are
   * glibc's "ambiguous" error, listing them in table order.
   */
  private static int longIndex(String arg, String name) throws InvalidOption {
    for (int k = 0; k < LONG_NAMES.length; k++) {
      if (LONG_NAMES[k].equals(name)) {
        return k;
      }
    }
    int found = -1;
    boolean[] ambiguous = new boolean[LONG_NAMES.length];
    boolean any = false;
    for (int k = 0; k < LONG_NAMES.length; k++) {
      if (!LONG_NAMES[k].startsWith(name)) {
        continue;
      }
      if (found < 0) {
        found = k;
      } else if (LONG_VALUES.charAt(found) != LONG_VALUES.charAt(k)) {
        ambiguous[found] = true;
        ambiguous[k] = true;
        any = true;
      }
    }
    if (any) {
      StringBuilder message =
          new StringBuilder("option '").append(arg).append("' is ambiguous; possibilities:");
      for (int k = 0; k < LONG_NAMES.length; k++) {
        if (ambiguous[k]) {
          message.append(" '--").append(LONG_NAMES[k]).append('\'');
        }
      }
      throw new InvalidOption(message.toString());
    }
    if (found < 0) {
      throw new InvalidOption("unrecognized option '" + arg + "'");
    }
    return found;
  }

  private static final class Builder {
    Mode mode = Mode.SOCKETS;
    int modes;
    boolean tcp;
    boolean udp;
    boolean udplite;
    boolean raw;
    boolean unix;
    boolean listening;
    boolean all;
    boolean numericHosts;
    boolean numericPorts;
    boolean numericUsers;
    boolean programs;
    int extend;
    boolean timers;
    boolean wide;
    boolean ipv4;
    boolean ipv6;
    int continuous;
    boolean json;
    boolean help;
    boolean version;
    String unsupported;
    final List<String> families = new java.util.ArrayList<>();
    boolean sctp;
    boolean cache;
    boolean fib;
    boolean verbose;
    boolean selinuxEnabled;
    final List<String> warnings = new java.util.ArrayList<>();

    boolean groups;

    void set(Mode m) {
      if (m == Mode.GROUPS) {
        // net-tools checks only -i, -r, -M and -s against each other; -g yields to them.
        groups = true;
        return;
      }
      if (mode != m) {
        modes++;
      }
      mode = m;
    }

    void shortOption(char c) throws InvalidOption {
      switch (c) {
        case 'r' -> set(Mode.ROUTE);
        case 'i' -> set(Mode.INTERFACES);
        case 'g' -> set(Mode.GROUPS);
        case 's' -> set(Mode.STATISTICS);
        case 'M' -> set(Mode.MASQUERADE);
        case 't' -> tcp = true;
        case 'u' -> udp = true;
        case 'U' -> udplite = true;
        case 'w' -> raw = true;
        case 'x' -> {
          unix = true;
          families.add("unix");
        }
        case 'l' -> listening = true;
        case 'a' -> all = true;
        case 'n' -> {
          numericHosts = true;
          numericPorts = true;
          numericUsers = true;
        }
        case 'p' -> programs = true;
        case 'e' -> extend++;
        case 'o' -> timers = true;
        case 'W' -> wide = true;
        case '4' -> family("inet");
        case '6' -> family("inet6");
        case 'v' -> verbose = true;
        case 'N' -> {
          // -N (symbolic hardware names) changes nothing in the tables built here.
        }
        case 'F' -> fib = true;
        case 'C' -> cache = true;
        case 'S' -> sctp = true;
        // -2 (l2cap) and -f (rfcomm): the Bluetooth tables, which this net-tools is built without.
        case '2', 'f' -> {
          if (!families.contains("bluetooth")) {
            families.add("bluetooth");
          }
        }
        case 'Z' -> {
          if (!selinuxEnabled) {
            throw new InvalidOption(NO_SELINUX, 1, false);
          }
          unsupported = "-Z (SELinux contexts)";
        }
        case 'h', '?' -> help = true;
        case 'V' -> version = true;
        default -> throw new InvalidOption("invalid option -- '" + c + "'");
      }
    }

    int longOption(String arg, List<String> args, int i) throws InvalidOption {
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      int k = longIndex(arg, name);
      String full = LONG_NAMES[k];
      char c = LONG_VALUES.charAt(k);
      if (c != 'A' && value != null) {
        throw new InvalidOption("option '--" + full + "' doesn't allow an argument");
      }
      switch (c) {
        case 1 -> {
          if (k >= AFTRANS_CNT) {
            warnings.add("netstat.c: Internal Error `longopts 1 range'.");
          } else {
            family(full);
          }
        }
        case 'A' -> {
          if (value == null) {
            if (i + 1 >= args.size()) {
              throw new InvalidOption("option '--" + full + "' requires an argument");
            }
            value = args.get(++i);
          }
          family(value);
        }
        // The long forms of -c take no count.
        case 'c' -> continuous = 1;
        case '!' -> numericHosts = true;
        case '@' -> numericPorts = true;
        case '#' -> numericUsers = true;
        default -> shortOption(c);
      }
      return i;
    }

    void family(String list) throws InvalidOption {
      for (String af : list.split(",")) {
        switch (af) {
          case "inet", "ip", "tcpip" -> {
            ipv4 = true;
            families.add("inet");
          }
          case "inet6", "ip6" -> {
            ipv6 = true;
            families.add("inet6");
          }
          case "unix" -> {
            unix = true;
            families.add("unix");
          }
          case "ax25",
              "ipx",
              "netrom",
              "ddp",
              "appletalk",
              "x25",
              "rose",
              "econet",
              "ash",
              "bluetooth" -> {
            families.add(
                switch (af) {
                  case "appletalk" -> "ddp";
                  case "econet" -> "ec";
                  default -> af;
                });
          }
          default -> throw new InvalidOption("Unknown address family `" + af + "'.", 1, false);
        }
      }
    }

    NetstatArgs build() {
      // net-tools' -g is one more table of the socket listing (flag_igmp, after the inet tables
      // and before the UNIX one): alone it is the only one, but with -t, -u, -x, -4, -6 or another
      // family the others are listed too.
      boolean others =
          tcp || udp || udplite || raw || sctp || unix || ipv4 || ipv6 || !families.isEmpty();
      boolean alsoGroups = groups && mode == Mode.SOCKETS && others;
      Mode m = modes > 1 ? null : groups && mode == Mode.SOCKETS && !others ? Mode.GROUPS : mode;
      return new NetstatArgs(
          m,
          tcp,
          udp,
          udplite,
          raw,
          unix,
          listening,
          all,
          numericHosts,
          numericPorts,
          numericUsers,
          programs,
          extend,
          timers,
          wide,
          ipv4,
          ipv6,
          continuous,
          json,
          help,
          version,
          unsupported,
          List.copyOf(families),
          sctp,
          cache,
          fib,
          verbose,
          List.copyOf(warnings),
          alsoGroups);
    }
  }
}
