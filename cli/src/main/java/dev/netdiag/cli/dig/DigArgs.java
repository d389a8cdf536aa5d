package dev.netdiag.cli.dig;

import dev.netdiag.dns.DohSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/**
 * dig 9.18's command line (dig.c parse_args): options before the first name apply to every lookup,
 * options after a name to that lookup only; {@code @server}, {@code -t -c -q -x -p -4 -6 -b -f -k
 * -y -r -u -m -h -v}, name/type/class in any order, {@code +options} with dig's unique prefixes,
 * several lookups per line, ~/.digrc lines before the command line, and {@code -f} batch lines.
 */
final class DigArgs {
  // Settings that are global in dig (plain variables in dig.c/dighost.c, not per lookup).
  int port = 53;
  // Whether -p gave the port: without it a +tls lookup goes to 853.
  boolean portSet;
  boolean printcmd = true;
  // +yaml (dig's) and --json/+json (ours): global, as dig's yaml switch is.
  boolean yaml;
  boolean json;
  boolean shortForm;
  int split = RdataText.DEFAULT_SPLIT;
  // dig.c's splitwidth as it holds it: 0xffffffff unset, else the width plus 3.
  private long splitwidth = 0xffffffffL;
  // dig.c's plusquest and pluscomm: +question and +comments as given, which an AXFR keeps.
  private boolean plusquest;
  private boolean pluscomm;
  int timeout; // 0: dig's default for the transport
  int ndots = -1; // -1: from resolv.conf
  boolean usesearch;
  boolean showsearch;
  String domain;
  String batchFile;
  String keyFile;
  String keySecret;
  String keyName;
  org.xbill.DNS.Name keyAlgorithm;
  InetAddressAndPort source;
  boolean ipv4only;
  boolean ipv6only;
  int addresscount;

  final Lookup defaults = new Lookup();
  final List<Lookup> lookups = new ArrayList<>();
  private boolean firstGreeting = true;

  /** A source address and port from {@code -b}. */
  record InetAddressAndPort(InetAddress address, int port) {}

  /** What dig prints and the exit code for a command line it rejects. */
  static class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    final String stdout;
    final String stderr;
    final int exit;
    // What dig wrote while parsing before it gave up: stderr (extra type, deprecated options)
    // and stdout (";; Invalid option" for a bare "+").
    String warnings = "";
    String stdoutBefore = "";

    Invalid(String stdout, String stderr, int exit) {
      super(stderr);
      this.stdout = stdout;
      this.stderr = stderr;
      this.exit = exit;
    }
  }

  /** {@code -h} or {@code -v}: dig prints and exits 0. */
  static final class Informational extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean help;
    // What dig wrote while parsing before -h or -v: stderr, stdout.
    String warnings = "";
    String stdoutBefore = "";

    Informational(boolean help) {
      super(help ? "help" : "version");
      this.help = help;
    }
  }

  static final String SHORT_USAGE =
      "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n"
          + "            {global-d-opt} host [@local-server] {local-d-opt}\n"
          + "            [ host [@local-server] {local-d-opt} [...]]\n"
          + "\n"
          + "Use \"dig -h\" (or \"dig -h | more\") for complete list of options\n";

  // dig's +options with the shortest prefix its switch accepts (dig.c plus_option: a dispatch on
  // the first letters, then FULLCHECK, which takes any prefix of the full name from there).
  private static final String[][] PLUS = {
    {"aaflag", "aa"},
    {"aaonly", "aa"},
    {"additional", "add"},
    {"adflag", "ad"},
    {"all", "al"},
    {"answer", "an"},
    {"authority", "au"},
    {"badcookie", "ba"},
    {"besteffort", "be"},
    {"bufsize", "bu"},
    {"cdflag", "cd"},
    {"class", "cl"},
    {"cmd", "cm"},
    {"coflag", "co"},
    {"comments", "com"},
    {"cookie", "coo"},
    {"crypto", "cr"},
    {"defname", "de"},
    {"dnssec", "dnss"},
    {"domain", "dom"},
    {"dscp", "ds"},
    {"edns", "edns"},
    {"ednsflags", "ednsf"},
    {"ednsnegotiation", "ednsn"},
    {"ednsopt", "ednso"},
    {"expandaaaa", "expa"},
    {"expire", "expi"},
    {"fail", "fa"},
    {"header-only", "he"},
    {"identify", "ide"},
    {"idnin", "idni"},
    {"idnout", "idno"},
    {"ignore", "i"},
    {"keepalive", "keepa"},
    {"keepopen", "keepo"},
    {"mapped", "ma"},
    {"multiline", "mu"},
    {"ndots", "nd"},
    {"nsid", "nsi"},
    {"nssearch", "nss"},
    {"onesoa", "on"},
    {"opcode", "op"},
    {"padding", "p"},
    {"qid", "qi"},
    {"qr", "qr"},
    {"question", "qu"},
    {"raflag", "ra"},
    {"rdflag", "rd"},
    {"recurse", "rec"},
    {"retry", "ret"},
    {"retries", "ret"},
    {"rrcomments", "rr"},
    {"search", "se"},
    {"short", "shor"},
    {"showbadcookie", "showb"},
    {"showsearch", "shows"},
    {"sigchase", "si"},
    {"split", "sp"},
    {"stats", "st"},
    {"subnet", "su"},
    {"tcflag", "tcf"},
    {"tcp", "tcp"},
    {"tls", "tls"},
    {"tls-ca", "tls-ca"},
    {"tls-certfile", "tls-ce"},
    {"tls-hostname", "tls-h"},
    {"tls-keyfile", "tls-k"},
    {"timeout", "ti"},
    {"topdown", "to"},
    {"trace", "tra"},
    {"tries", "tri"},
    {"trusted-key", "tru"},
    {"ttlid", "ttl"},
    {"ttlunits", "ttlu"},
    {"unexpected", "une"},
    {"unknownformat", "unk"},
    {"vc", "v"},
    {"yaml", "y"},
    {"zflag", "z"},
  };

  /** Parses a full command line, with ~/.digrc lines first unless {@code home} is null. */
  static DigArgs parse(List<String> argv, String digrc) throws Invalid, Informational {
    DigArgs a = new DigArgs();
    boolean early4 = false;
    boolean early6 = false;
    boolean readRc = true;
    // dig's preparse_args: -r (skip ~/.digrc) and -4/-6 act before anything else.
    for (int i = 0; i < argv.size(); i++) {
      String arg = argv.get(i);
      // --json is netdiag's, which dig's preparse would call an invalid option.
      if (!arg.startsWith("-") || arg.equals("--json")) {
        continue;
      }
      int j = 1;
      while (j < arg.length() && "46dhimnruv".indexOf(arg.charAt(j)) >= 0) {
        switch (arg.charAt(j)) {
          case 'r' -> readRc = false;
          case '4' -> {
            if (early6) {
              throw new Invalid("", "dig: only one of -4 and -6 allowed\n", 1);
            }
            early4 = true;
          }
          case '6' -> {
            if (early4) {
              throw new Invalid("", "dig: only one of -4 and -6 allowed\n", 1);
            }
            early6 = true;
          }
          default -> {}
        }
        j++;
      }
      if (j == arg.length()) {
        continue;
      }
      // dig.c preparse_args: a letter that is no option, or a value option last with no value,
      // ends the run before anything else is parsed.
      if ("46bcdfhikmnpqrtvyx".indexOf(arg.charAt(j)) < 0) {
        throw invalidDash(arg.substring(j));
      }
      if (arg.length() - j == 1) {
        i++;
        if (i == argv.size()) {
          throw invalidDash(arg.substring(j));
        }
      }
    }
    a.ipv4only = early4;
    a.ipv6only = early6;
    try {
      if (readRc && digrc != null) {
        for (String line : digrc.split("\n")) {
          a.parseLine(words(line), true, true, List.of());
        }
      }
      // dig's strtok cuts its argv in place (a trailing '=' or ':'), and the greeting shows it so.
      List<String> mutable = new ArrayList<>(argv);
      a.parseLine(mutable, false, false, mutable);
    } catch (Invalid e) {
      e.warnings = a.warnings.toString();
      e.stdoutBefore = a.invalidOptions.toString();
      throw e;
    } catch (Informational e) {
      e.warnings = a.warnings.toString();
      e.stdoutBefore = a.invalidOptions.toString();
      throw e;
    }
    a.stamp(a.lookups);
    return a;
  }

  /** The words of a batch or .digrc line, split on blanks as dig's strtok does. */
  static List<String> words(String line) {
    // By hand rather than String.split with a pattern: a batch file has a line per query.
    List<String> out = new ArrayList<>(4);
    int n = line.length();
    int i = 0;
    while (i < n) {
      while (i < n && blank(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !blank(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(line.substring(start, i));
      }
    }
    return out;
  }

  private static boolean blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  /**
   * The lookups of one {@code -f} batch line, started from the command line's defaults; null when
   * the line's server cannot be resolved (dig skips the line with a message).
   */
  List<Lookup> parseBatchLine(List<String> words, StringBuilder stderr)
      throws Invalid, Informational {
    lookups.clear();
    try {
      parseLine(words, true, false, words);
    } catch (SkipLine e) {
      stderr.append(e.getMessage());
      return null;
    }
    stamp(lookups);
    return List.copyOf(lookups);
  }

  // dig prints with its global flags as they are when the lookup runs, after its line was read.
  private void stamp(List<Lookup> list) {
    for (Lookup l : list) {
      l.shortForm = shortForm;
      l.split = split;
      l.printcmd = printcmd;
      l.yaml = yaml;
      l.json = json;
    }
  }

  /** A batch line whose server has no address: dig prints why and skips it. */
  private static final class SkipLine extends Invalid {
    private static final long serialVersionUID = 1L;

    SkipLine(String message) {
      super("", message, 0);
    }
  }

  // One argv (the command line, a .digrc line or a batch line) in dig's order.
  private void parseLine(List<String> args, boolean batch, boolean configOnly, List<String> greet)
      throws Invalid, Informational {
    boolean firstarg = true;
    boolean needClone = true;
    boolean openTypeClass = true;
    Lookup lookup;
    if (batch && !configOnly) {
      lookup = defaults.copy();
      lookup.typeSet = defaults.typeSet;
      lookup.classSet = defaults.classSet;
      needClone = false;
    } else {
      lookup = defaults;
    }
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("%")) {
        break;
      }
      if (arg.equals("--json")) {
        json = true;
        continue;
      }
      if (arg.startsWith("@")) {
        if (arg.length() == 1) {
          // bind9_getaddresses on an empty name: ISC_R_NOTFOUND, fatal outside a batch file.
          if (batch && !configOnly) {
            throw new SkipLine("couldn't get address for '': not found: skipping lookup\n");
          }
          throw new Invalid("", "dig: couldn't get address for '': not found\n", 1);
        }
        List<Lookup.DigServer> found = new ArrayList<>();
        String failure = resolve(arg.substring(1), found);
        if (failure != null) {
          if (batch && !configOnly) {
            throw new SkipLine(
                "couldn't get address for '"
                    + arg.substring(1)
                    + "': "
                    + failure
                    + ": skipping lookup\n");
          }
          throw new Invalid(
              "", "dig: couldn't get address for '" + arg.substring(1) + "': " + failure + "\n", 1);
        }
        if (found.isEmpty()) {
          throw new Invalid("", "dig: no valid addresses for '" + arg.substring(1) + "'\n\n", 1);
        }
        addresscount = found.size();
        lookup.servers.addAll(found);
      } else if (arg.startsWith("+")) {
        String shown = plus(arg.substring(1), batch, lookup);
        if (shown != null) {
          args.set(i, "+" + shown);
        }
      } else if (arg.startsWith("-")) {
        String next = i + 1 < args.size() ? args.get(i + 1) : null;
        DashResult r = dash(arg.substring(1), next, lookup, needClone, configOnly, greet, firstarg);
        if (r.lookup != lookup) {
          lookup = r.lookup;
        }
        if (r.newLookup) {
          needClone = true;
          firstarg = false;
        }
        if (r.closesTypeClass) {
          openTypeClass = false;
        }
        if (r.usedNext) {
          i++;
        }
      } else {
        if (openTypeClass) {
          String upper = arg.toUpperCase(Locale.ROOT);
          if (upper.startsWith("IXFR=")) {
            if (lookup.typeSet) {
              warnings.append(";; Warning, extra type option\n");
            }
            String digits = arg.substring(5);
            boolean number = !digits.isEmpty() && digits.chars().allMatch(Character::isDigit);
            long serial = number && digits.length() <= 10 ? Long.parseLong(digits) : -1;
            if (serial < 0 || serial > 0xffffffffL) {
              throw new Invalid(
                  "invalid serial number '"
                      + digits
                      + "': "
                      + (number ? "out of range" : "not a valid number")
                      + "\n",
                  "dig: Couldn't parse serial number\n",
                  1);
            }
            lookup.type = Type.IXFR;
            lookup.typeSet = true;
            lookup.ixfrSerial = serial;
            lookup.question = plusquest;
            lookup.comments = pluscomm;
            if (!lookup.tcpSet) {
              lookup.tcp = true;
            }
            continue;
          }
          int t = typeValue(upper);
          if (t >= 0 && t != Type.IXFR) {
            if (lookup.typeSet) {
              warnings.append(";; Warning, extra type option\n");
            }
            lookup.type = t;
            lookup.typeSet = true;
            if (t == Type.AXFR) {
              // dig.c: a transfer shows no question and no comments unless asked for explicitly.
              lookup.question = plusquest;
              lookup.comments = pluscomm;
            }
            if (t == Type.ANY && !lookup.tcpSet) {
              lookup.tcp = true;
            }
            continue;
          }
          if (t == Type.IXFR) {
            warnings.append(";; Warning, ixfr requires a serial number\n");
            continue;
          }
          int c = classValue(upper);
          if (c >= 0) {
            if (lookup.classSet) {
              warnings.append(";; Warning, extra class option\n");
            }
            lookup.dclass = c;
            lookup.classSet = true;
            continue;
          }
        }
        if (!configOnly) {
          if (needClone) {
            lookup = defaults.copy();
            lookup.typeSet = defaults.typeSet;
            lookup.classSet = defaults.classSet;
          }
          needClone = true;
          lookup.name = arg;
          if (firstarg) {
            greeting(greet, lookup, batch);
            firstarg = false;
          }
          lookups.add(lookup);
        }
      }
    }
    if (batchFile != null && !batch) {
      return;
    }
    if (lookups.isEmpty() && !configOnly) {
      if (needClone) {
        lookup = defaults.copy();
      }
      lookup.name = ".";
      lookup.type = Type.NS;
      lookup.typeSet = true;
      if (firstarg) {
        greeting(greet, lookup, batch);
      }
      lookups.add(lookup);
    }
  }

  /** What dig prints on stdout while parsing: ";; Invalid option" for a bare "+". */
  final StringBuilder invalidOptions = new StringBuilder();

  /** Warnings dig prints on stderr while parsing (extra type, invalid class…). */
  final StringBuilder warnings = new StringBuilder();

  private void greeting(List<String> argv, Lookup lookup, boolean batch) {
    if (!printcmd) {
      return;
    }
    int size = 64;
    for (String word : argv) {
      size += word.length() + 1;
    }
    StringBuilder s = new StringBuilder(size);
    s.append(firstGreeting ? "\n" : "").append("; <<>> ").append(DigTool.VERSION).append(" <<>>");
    for (String word : argv) {
      s.append(' ').append(word);
    }
    s.append('\n');
    if (firstGreeting && addresscount != 0) {
      s.append("; (")
          .append(addresscount)
          .append(addresscount > 1 ? " servers" : " server")
          .append(" found)\n");
    }
    if (firstGreeting) {
      s.append(";; global options:")
          .append(shortForm ? " +short" : "")
          .append(printcmd ? " +cmd" : "")
          .append('\n');
      firstGreeting = false;
    }
    lookup.cmdline = s.toString();
  }

  private record DashResult(
      Lookup lookup, boolean usedNext, boolean newLookup, boolean closesTypeClass) {}

  private DashResult dash(
      String option,
      String next,
      Lookup lookup,
      boolean needClone,
      boolean configOnly,
      List<String> greet,
      boolean firstarg)
      throws Invalid, Informational {
    String opt = option;
    while (!opt.isEmpty() && "46dhimnruv".indexOf(opt.charAt(0)) >= 0) {
      switch (opt.charAt(0)) {
        case '4' -> ipv4only = true;
        case '6' -> ipv6only = true;
        case 'h' -> throw new Informational(true);
        case 'v' -> throw new Informational(false);
        case 'u' -> lookup.useUsec = true;
        case 'd' -> {
          if (opt.length() > 1 && "46bcdfhikmnpqrtvyx".indexOf(opt.charAt(1)) < 0) {
            if (!"debug".startsWith(opt)) {
              throw invalidDash(option);
            }
            return new DashResult(lookup, false, false, false);
          }
        }
        default -> {}
      }
      if (opt.length() > 1) {
        opt = opt.substring(1);
      } else {
        return new DashResult(lookup, false, false, false);
      }
    }
    if (opt.isEmpty()) {
      throw invalidDash(option);
    }
    char flag = opt.charAt(0);
    boolean fromNext = opt.length() == 1;
    String value = fromNext ? next : opt.substring(1);
    if (value == null) {
      throw invalidDash(option);
    }
    switch (flag) {
      case 'b' -> {
        int hash = value.indexOf('#');
        int srcPort = 0;
        String host = value;
        if (hash >= 0) {
          srcPort = uint(value.substring(hash + 1), 65535, "port number", 1);
          host = value.substring(0, hash);
        }
        InetAddress address = literal(host);
        boolean v6 = address instanceof java.net.Inet6Address;
        // dig.c: an address of the family -4/-6 left out (they act first) is no address at all;
        // the whole value is named, port and all.
        if (address == null || (v6 && ipv4only) || (!v6 && ipv6only)) {
          throw new Invalid("", "dig: invalid address " + value + "\n", 1);
        }
        source = new InetAddressAndPort(address, srcPort);
        // A source address turns the other family off (isc_net_disableipv4/6), as -6 or -4
        // would: IPv4 servers are skipped as mapped addresses, an IPv6 @server has no address.
        if (v6) {
          ipv6only = true;
        } else {
          ipv4only = true;
        }
        return new DashResult(lookup, fromNext, false, false);
      }
      case 'c' -> {
        if (lookup.classSet) {
          warnings.append(";; Warning, extra class option\n");
        }
        int c = classValue(value.toUpperCase(Locale.ROOT));
        if (c >= 0) {
          lookup.dclass = c;
          lookup.classSet = true;
        } else {
          warnings.append(";; Warning, ignoring invalid class ").append(value).append('\n');
        }
        return new DashResult(lookup, fromNext, false, true);
      }
      case 'f' -> {
        batchFile = value;
        return new DashResult(lookup, fromNext, false, false);
      }
      case 'k' -> {
        keyFile = value;
        return new DashResult(lookup, fromNext, false, false);
      }
      case 'y' -> {
        DigKey.Parts parts = DigKey.split(value);
        if (parts == null) {
          throw new Invalid("", SHORT_USAGE, 1);
        }
        if (parts.algorithm() == null) {
          keyAlgorithm = org.xbill.DNS.TSIG.HMAC_MD5; // dig 9.18's default for -y
        } else if (parts.algorithm().length() >= 20) {
          throw new Invalid("", "dig: unknown key type '" + parts.algorithm() + "'\n", 1);
        } else {
          keyAlgorithm = DigKey.algorithm(parts.algorithm());
          if (keyAlgorithm == null && DigKey.truncated(parts.algorithm())) {
            warnings.append(
                "netdiag dig: truncated TSIG MACs (" + parts.algorithm() + ") are not supported\n");
          } else if (keyAlgorithm == null) {
            warnings
                .append(";; Warning, ignoring invalid TSIG algorithm ")
                .append(parts.algorithm())
                .append('\n');
          }
        }
        keyName = parts.name();
        keySecret = parts.secret();
        return new DashResult(lookup, fromNext, false, false);
      }
      case 'p' -> {
        port = uint(value, 65535, "port number", 1);
        portSet = true;
        return new DashResult(lookup, fromNext, false, false);
      }
      case 'q' -> {
        if (configOnly) {
          return new DashResult(lookup, fromNext, false, false);
        }
        Lookup l = needClone ? cloneDefaults() : lookup;
        l.name = value;
        if (firstarg) {
          greeting(greet, l, false);
        }
        lookups.add(l);
        return new DashResult(l, fromNext, true, false);
      }
      case 't' -> {
        int t = typeValue(value.toUpperCase(Locale.ROOT));
        if (t >= 0 && t != Type.IXFR) {
          if (lookup.typeSet) {
            warnings.append(";; Warning, extra type option\n");
          }
          lookup.type = t;
          if (!configOnly) {
            lookup.typeSet = true;
          }
          if (t == Type.AXFR) {
            lookup.question = plusquest;
            lookup.comments = pluscomm;
          }
          if (t == Type.ANY && !lookup.tcpSet) {
            lookup.tcp = true;
          }
        } else {
          warnings.append(";; Warning, ignoring invalid type ").append(value).append('\n');
        }
        return new DashResult(lookup, fromNext, false, true);
      }
      case 'x' -> {
        Lookup l = needClone ? cloneDefaults() : lookup;
        String reverse = ReverseName.of(value);
        if (reverse == null) {
          throw new Invalid("", "Invalid IP address " + value + "\n", 1);
        }
        l.name = reverse;
        if (!l.typeSet) {
          l.type = Type.PTR;
        }
        if (!l.classSet) {
          l.dclass = DClass.IN;
        }
        if (firstarg) {
          greeting(greet, l, false);
        }
        lookups.add(l);
        return new DashResult(l, fromNext, true, false);
      }
      default -> throw invalidDash(option);
    }
  }

  private Lookup cloneDefaults() {
    Lookup l = defaults.copy();
    l.typeSet = defaults.typeSet;
    l.classSet = defaults.classSet;
    return l;
  }

  private static Invalid invalidDash(String option) {
    return new Invalid("", "Invalid option: -" + option + "\n" + SHORT_USAGE, 1);
  }

  // dig names the option without its "=value" (its strtok has cut the text there).
  // A client certificate turns the server's check on (against the system's store), as dig does.
  private static void clientCertificateVerifies(Lookup lookup) {
    if (lookup.tlsCertFile != null && lookup.tlsKeyFile != null && lookup.tlsCa == null) {
      lookup.tlsCa = "";
    }
  }

  private static Invalid invalidPlus(String option) {
    int eq = option.indexOf('=');
    String name = eq < 0 ? option : option.substring(0, eq);
    return new Invalid("", "Invalid option: +" + name + "\n" + SHORT_USAGE, 1);
  }

  // dig's parse_uint: a message on stdout, then fatal (exit 1) or warn + digexit (exit 10).
  private static int uint(String value, long max, String what, int exit) throws Invalid {
    String fail = null;
    long n = 0;
    if (value.isEmpty()) {
      fail = "not a valid number";
    }
    for (int i = 0; fail == null && i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        fail = "not a valid number";
      } else if ((n = n * 10 + (c - '0')) > 0xffffffffL) {
        fail = "out of range";
      }
    }
    if (fail == null && n > max) {
      fail = "out of range";
    }
    if (fail != null) {
      String couldnt = "Couldn't parse " + (what.equals("retries") ? "retries" : what);
      return failNumber("invalid " + what + " '" + value + "': " + fail + "\n", couldnt, exit);
    }
    return (int) n;
  }

  private static int failNumber(String stdout, String couldnt, int exit) throws Invalid {
    throw new Invalid(stdout, "dig: " + couldnt + "\n", exit);
  }

  /**
   * One +option; returns the argument's text as dig leaves it in its argv (strtok cuts a trailing
   * '=' or an ednsopt's trailing ':'), or null when unchanged. The greeting prints argv after.
   */
  private String plus(String option, boolean batch, Lookup lookup) throws Invalid {
    // strtok skips leading '='s; with nothing else dig says so on stdout and goes on.
    String text = option;
    while (text.startsWith("=")) {
      text = text.substring(1);
    }
    if (text.isEmpty()) {
      invalidOptions.append(";; Invalid option ").append(option).append('\n');
      return null;
    }
    int eq = text.indexOf('=');
    String cmd = eq < 0 ? text : text.substring(0, eq);
    String value = eq < 0 || eq == text.length() - 1 ? null : text.substring(eq + 1);
    String shown = eq >= 0 && value == null ? cmd : null;
    boolean state = true;
    if (cmd.regionMatches(true, 0, "no", 0, 2)) {
      cmd = cmd.substring(2);
      state = false;
    }
    if (cmd.equalsIgnoreCase("json")) {
      json = state;
      return null;
    }
    if (cmd.startsWith("ht")) {
      http(cmd, value, state, lookup, text);
      return null;
    }
    String word = canonical(cmd);
    if (word == null) {
      throw invalidPlus(text);
    }
    switch (word) {
      case "aaflag", "aaonly" -> lookup.aaflag = state;
      case "additional" -> lookup.additional = state;
      case "adflag" -> lookup.adflag = state;
      case "all" -> {
        lookup.question = lookup.authority = lookup.answer = lookup.additional = state;
        lookup.comments = lookup.stats = state;
        printcmd = state;
      }
      case "answer" -> lookup.answer = state;
      case "authority" -> lookup.authority = state;
      case "badcookie", "keepopen", "showbadcookie" -> {}
      case "coflag" -> lookup.coflag = state;
      case "raflag" -> lookup.raflag = state;
      case "tcflag" -> lookup.tcflag = state;
      case "expandaaaa" -> lookup.expandaaaa = state;
      // dig prints these two without a newline, as it does the other deprecated options.
      case "dscp" -> warnings.append(";; +dscp option is obsolete and has no effect");
      case "unexpected" -> warnings.append(";; +unexpected option is deprecated");
      case "besteffort" -> lookup.besteffort = state;
      case "bufsize" -> {
        if (!state) {
          throw invalidPlus(text);
        }
        // A bare +bufsize sets dig's default size, which still asks for EDNS under +noedns.
        lookup.bufsize = value == null ? 1232 : uint(value, 65535, "buffer size", 10);
        if (lookup.bufsize > 32767) {
          // dig keeps the size in an int16_t: from 32768 up it reads as negative, i.e. unset
          // (no EDNS for it under +noedns, 1232 in the OPT record otherwise).
          lookup.bufsize = -1;
        }
      }
      case "cdflag" -> lookup.cdflag = state;
      case "class" -> lookup.noclass = !state;
      case "cmd" -> printcmd = state;
      case "comments" -> {
        lookup.comments = state;
        pluscomm = state;
      }
      case "cookie" -> {
        if (state && lookup.edns == -1) {
          lookup.edns = 0;
        }
        lookup.sendCookie = state;
        if (value != null && value.length() >= 81) {
          // dig copies the text into an 81-byte buffer first.
          throw new Invalid("", "dig: COOKIE data too large\n", 10);
        }
        lookup.cookieHex = value;
      }
      case "crypto" -> lookup.crypto = state;
      case "dnssec" -> {
        if (state && lookup.edns == -1) {
          lookup.edns = 0;
        }
        lookup.dnssec = state;
      }
      case "domain" -> {
        if (value == null || !state) {
          throw invalidPlus(text);
        }
        domain = value;
      }
      case "edns" -> {
        if (!state) {
          lookup.edns = -1;
        } else {
          lookup.edns = value == null ? 0 : uint(value, 255, "edns", 10);
        }
      }
      case "ednsflags" -> {
        if (!state || value == null) {
          lookup.ednsFlags = 0;
        } else {
          lookup.ednsFlags = xint(value, 0xffff, "ednsflags");
          if (lookup.edns == -1) {
            lookup.edns = 0;
          }
        }
      }
      case "ednsnegotiation" -> lookup.ednsNegotiation = state;
      case "ednsopt" -> {
        if (!state) {
          lookup.ednsOptionCodes.clear();
          lookup.ednsOptionData.clear();
        } else {
          String cut = ednsopt(lookup, value);
          if (cut != null) {
            shown = cmdText(text, eq) + "=" + cut;
          }
        }
      }
      case "expire" -> lookup.expire = state;
      case "fail" -> lookup.fail = state;
      case "header-only" -> lookup.headerOnly = state;
      case "identify" -> lookup.identify = state;
      // Debian's dig is built with libidn2: no message; the conversion itself is not done here.
      case "idnin" -> lookup.idnin = state;
      case "idnout" -> lookup.idnout = state;
      case "ignore" -> lookup.ignore = state;
      case "keepalive" -> lookup.keepalive = state;
      case "mapped" -> warnings.append(";; +mapped option is deprecated");
      case "multiline" -> lookup.multiline = state;
      case "ndots" -> {
        if (value == null || !state) {
          throw invalidPlus(text);
        }
        ndots = uint(value, 0xffff, "ndots", 10);
      }
      case "nsid" -> {
        if (state && lookup.edns == -1) {
          lookup.edns = 0;
        }
        lookup.nsid = state;
      }
      // dig.c: +nssearch is a short-form NS lookup whose servers are then asked for the SOA.
      case "nssearch" -> {
        lookup.nssearch = state;
        if (state) {
          lookup.recurse = true;
          lookup.identify = true;
          lookup.stats = false;
          lookup.comments = false;
          lookup.additional = false;
          lookup.authority = false;
          lookup.question = false;
          lookup.type = Type.NS;
          lookup.typeSet = true;
          shortForm = true;
          lookup.rrcomments = 0;
        }
      }
      // +trace implies +dnssec in dig 9.18; a later +nodnssec turns it off again. It also sets
      // how each step prints (answer untouched): the records of the answer and authority sections
      // and the +identify line, no comments, question, additional or statistics; options after it
      // change that again.
      case "trace" -> {
        lookup.trace = state;
        lookup.dnssec = lookup.dnssec || state;
        if (state) {
          lookup.comments = false;
          lookup.question = false;
          lookup.additional = false;
          lookup.stats = false;
          lookup.authority = true;
          lookup.identify = true;
        }
      }
      case "onesoa" -> lookup.onesoa = state;
      case "opcode" -> {
        if (!state) {
          lookup.opcode = 0;
        } else if (value == null) {
          throw invalidPlus(text);
        } else {
          lookup.opcode = opcode(value);
        }
      }
      case "padding" -> {
        if (state && lookup.edns == -1) {
          lookup.edns = 0;
        }
        if (value == null) {
          throw invalidPlus(text);
        }
        lookup.padding = uint(value, 512, "padding", 10);
      }
      case "qid" -> {
        if (!state) {
          lookup.qid = -1;
        } else if (value == null) {
          throw invalidPlus(text);
        } else {
          lookup.qid = uint(value, 0xffff, "qid", 10);
        }
      }
      case "qr" -> lookup.qr = state;
      case "question" -> {
        lookup.question = state;
        plusquest = state;
      }
      case "rdflag", "recurse" -> lookup.recurse = state;
      case "retry", "retries" -> {
        if (value == null || !state) {
          throw invalidPlus(text);
        }
        // MAXTRIES - 1; a count this large means "keep trying", as an int can hold it.
        lookup.tries =
            (int) Math.min(Integer.MAX_VALUE, uint(value, 0xfffffffeL, "retries", 10) + 1L);
      }
      case "rrcomments" -> lookup.rrcomments = state ? 1 : -1;
      case "short" -> {
        shortForm = state;
        if (state) {
          printcmd = false;
          lookup.additional = lookup.authority = lookup.question = false;
          lookup.comments = lookup.stats = false;
          lookup.answer = true;
          lookup.rrcomments = -1;
        }
      }
      case "showsearch" -> showsearch = usesearch = state;
      case "sigchase" -> warnings.append(";; +sigchase option is deprecated");
      case "topdown" -> warnings.append(";; +topdown option is deprecated");
      case "trusted-key" -> warnings.append(";; +trusted-key option is deprecated");
      case "split" -> {
        if (value != null && !state) {
          throw invalidPlus(text);
        }
        if (!state) {
          split = 0;
          splitwidth = 0;
        } else if (value != null) {
          // dig.c: parse_uint leaves splitwidth as it was when the number is bad, and the rounding
          // and its warning come before the failure is reported, on that old (unsigned) value.
          Invalid bad = null;
          try {
            splitwidth = uint(value, 1023, "split", 10);
          } catch (Invalid e) {
            bad = e;
          }
          if (splitwidth % 4 != 0) {
            splitwidth = ((splitwidth + 3) & 0xffffffffL) / 4 * 4;
            warnings
                .append(";; Warning, split must be a multiple of 4; adjusting to ")
                .append(splitwidth)
                .append('\n');
          }
          if (bad != null) {
            throw bad;
          }
          split = (int) splitwidth;
          if (splitwidth != 0) {
            splitwidth += 3;
          }
        }
      }
      case "stats" -> lookup.stats = state;
      case "subnet" -> {
        if (state && value == null) {
          throw invalidPlus(text);
        }
        if (state && lookup.edns == -1) {
          lookup.edns = 0;
        }
        lookup.subnet = state ? Subnet.parse(value) : null;
      }
      case "search", "defname" -> {
        if (!lookup.trace) {
          usesearch = state;
        }
      }
      case "tcp", "vc" -> {
        if (!batch) {
          lookup.tcp = state;
          lookup.tcpSet = true;
        }
      }
      case "tls" -> {
        lookup.tlsMode = state;
        lookup.syncTls();
      }
      case "tls-ca" -> {
        lookup.tlsCaSet = state;
        lookup.tlsCa = state ? (value == null ? "" : value) : null;
        lookup.syncTls();
      }
      case "tls-hostname" -> {
        if (state && value == null) {
          // dig says so, then takes it for an invalid option.
          Invalid invalid = invalidPlus(text);
          throw new Invalid(
              invalid.stdout, ";; TLS hostname is not specified\n" + invalid.stderr, invalid.exit);
        }
        lookup.tlsCaSet |= state;
        lookup.syncTls();
        lookup.tlsHostname = state ? value : null;
        if (state && lookup.tlsCa == null) {
          lookup.tlsCa = "";
        }
      }
      case "tls-certfile" -> {
        lookup.tlsCaSet |= state;
        lookup.syncTls();
        lookup.tlsCertFile = state ? value : null;
        clientCertificateVerifies(lookup);
      }
      case "tls-keyfile" -> {
        lookup.tlsCaSet |= state;
        lookup.syncTls();
        lookup.tlsKeyFile = state ? value : null;
        clientCertificateVerifies(lookup);
      }
      case "timeout" -> {
        if (value == null || !state) {
          throw invalidPlus(text);
        }
        timeout = (int) Math.max(1, uint(value, 0xffff, "timeout", 10));
      }
      case "tries" -> {
        if (value == null || !state) {
          throw invalidPlus(text);
        }
        lookup.tries =
            (int) Math.max(1, Math.min(Integer.MAX_VALUE, uint(value, 0xffffffffL, "tries", 10)));
      }
      case "ttlid" -> lookup.nottl = !state;
      case "ttlunits" -> {
        lookup.nottl = false;
        lookup.ttlunits = state;
      }
      case "unknownformat" -> lookup.unknownFormat = state;
      case "yaml" -> {
        yaml = state;
        if (state) {
          printcmd = false;
          lookup.stats = false;
          lookup.rrcomments = -1;
        }
      }
      case "zflag" -> lookup.zflag = state;
      default -> throw invalidPlus(text);
    }
    return shown;
  }

  // The +option's name as typed ("noednsopt"), before its '='.
  private static String cmdText(String text, int eq) {
    return eq < 0 ? text : text.substring(0, eq);
  }

  private static final String[] HTTP_OPTIONS = {
    "https", "https-get", "https-post", "http-plain", "http-plain-get", "http-plain-post"
  };

  /**
   * dig.c's +https / +http-plain family, with its quirks: +nohttps leaves the transport alone (a
   * lookup made TCP stays TCP), and neither the plain nor the GET choice is undone by a later
   * +https (dig never clears them). The letters its switch looks at must be there as typed: "+ht",
   * "+http" or "+http-p" are invalid, "+https-" and "+http-plain-" are POST.
   */
  private void http(String cmd, String value, boolean state, Lookup lookup, String text)
      throws Invalid {
    if (!prefixOfAny(cmd, HTTP_OPTIONS)) {
      throw invalidPlus(text);
    }
    lookup.httpsPath = null;
    if (!state) {
      lookup.https = false;
      lookup.syncTls();
      return;
    }
    // dig.c looks at the fifth letter for plain HTTP, then at the letters after the base name.
    boolean plain = cmd.length() > 4 && cmd.charAt(4) == '-';
    String base = plain ? "http-plain" : "https";
    int at = base.length();
    boolean get = false;
    if (cmd.length() < at) {
      throw invalidPlus(text);
    }
    if (cmd.length() > at && cmd.charAt(at) != '-') {
      throw invalidPlus(text);
    }
    char form = cmd.length() > at + 1 ? cmd.charAt(at + 1) : 0;
    if (form == 'p') {
      fullcheck(cmd, base + "-post", text);
    } else if (form == 'g') {
      fullcheck(cmd, base + "-get", text);
      get = true;
    } else if (cmd.length() == at) {
      fullcheck(cmd, base, text);
    }
    lookup.httpPlain |= plain;
    lookup.https = true;
    lookup.httpsGet |= get;
    if (!lookup.tcpSet) {
      lookup.tcp = true;
    }
    if (value == null) {
      lookup.httpsPath = DohSettings.DEFAULT_PATH;
    } else if (!HTTP_PATH.matcher(value).matches()) {
      Invalid invalid = invalidPlus(text);
      throw new Invalid(
          invalid.stdout,
          ";; The given HTTP path \""
              + value
              + "\" is not a valid absolute path\n"
              + invalid.stderr,
          invalid.exit);
    } else {
      lookup.httpsPath = value;
    }
    lookup.syncTls();
  }

  // RFC 3986 path-absolute, as BIND's isc_nm_http_path_isvalid reads it: "/", or "/" and a
  // non-empty segment, then segments after slashes; pchar = unreserved / pct-encoded / sub-delims
  // / ":" / "@".
  private static final java.util.regex.Pattern HTTP_PATH =
      java.util.regex.Pattern.compile(
          "/(?:(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})+"
              + "(?:/(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})*)*)?");

  private static boolean prefixOfAny(String cmd, String[] names) {
    for (String name : names) {
      if (cmd.length() <= name.length() && name.regionMatches(true, 0, cmd, 0, cmd.length())) {
        return true;
      }
    }
    return false;
  }

  // dig's FULLCHECK: what was typed is a prefix of the option's name, in any case.
  private static void fullcheck(String cmd, String name, String text) throws Invalid {
    if (!prefixOfAny(cmd, new String[] {name})) {
      throw invalidPlus(text);
    }
  }

  // dig's option name for a typed prefix, or null when its switch rejects it. The switch looks at
  // the letters of the shortest prefix as typed (case matters there); FULLCHECK compares the rest
  // without case.
  private static String canonical(String cmd) {
    String lower = cmd.toLowerCase(Locale.ROOT);
    switch (cmd) {
      case "ad" -> {
        return "adflag";
      }
      case "cd" -> {
        return "cdflag";
      }
      case "do" -> {
        return "dnssec";
      }
      case "cl" -> {
        return "class";
      }
      case "ttl" -> {
        return "ttlid";
      }
      default -> {}
    }
    if (lower.isEmpty()) {
      return null;
    }
    for (String[] entry : PLUS) {
      if (lower.length() >= entry[1].length()
          && entry[0].startsWith(lower)
          && cmd.startsWith(entry[1])) {
        return entry[0];
      }
    }
    // +i… other than the idn options is ignore, as dig's default branch takes it.
    if (cmd.startsWith("i") && !cmd.startsWith("id") && "ignore".startsWith(lower)) {
      return "ignore";
    }
    return null;
  }

  private static int xint(String value, int max, String what) throws Invalid {
    String v = value;
    int radix = 10;
    if (v.startsWith("0x") || v.startsWith("0X")) {
      v = v.substring(2);
      radix = 16;
    }
    try {
      long n = Long.parseLong(v, radix);
      if (n > max || n < 0) {
        throw new Invalid(
            "invalid " + what + " '" + value + "': out of range\n",
            "dig: Couldn't parse " + what + "\n",
            10);
      }
      return (int) n;
    } catch (NumberFormatException e) {
      throw new Invalid(
          "invalid " + what + " '" + value + "': not a valid number\n",
          "dig: Couldn't parse " + what + "\n",
          10);
    }
  }

  /** BIND 9.18's opcode names (dig.c opcodetext, message.c's too): no DSO at 6. */
  static final String[] OPCODES = {
    "QUERY",
    "IQUERY",
    "STATUS",
    "RESERVED3",
    "NOTIFY",
    "UPDATE",
    "RESERVED6",
    "RESERVED7",
    "RESERVED8",
    "RESERVED9",
    "RESERVED10",
    "RESERVED11",
    "RESERVED12",
    "RESERVED13",
    "RESERVED14",
    "RESERVED15"
  };

  private static int opcode(String value) throws Invalid {
    for (int i = 0; i < OPCODES.length; i++) {
      if (OPCODES[i].equalsIgnoreCase(value)) {
        return i;
      }
    }
    return uint(value, 15, "opcode", 10);
  }

  // dighost.c's optnames: the EDNS option names +ednsopt takes for a code point.
  private static final String[] OPTION_NAMES = {
    "LLQ",
    "1",
    "NSID",
    "3",
    "DAU",
    "5",
    "DHU",
    "6",
    "N3U",
    "7",
    "ECS",
    "8",
    "EXPIRE",
    "9",
    "COOKIE",
    "10",
    "KEEPALIVE",
    "11",
    "PADDING",
    "12",
    "PAD",
    "12",
    "CHAIN",
    "13",
    "KEY-TAG",
    "14",
    "EDE",
    "15",
    "CLIENT-TAG",
    "16",
    "SERVER-TAG",
    "17",
    "DEVICEID",
    "26946"
  };

  /**
   * +ednsopt=CODE[:HEX] as dig.c splits it with strtok (leading ':' skipped, a trailing ':' cut
   * from argv) and save_opt reads it; returns the value as argv then shows it, or null if as typed.
   */
  private static String ednsopt(Lookup lookup, String value) throws Invalid {
    int from = 0;
    while (value != null && from < value.length() && value.charAt(from) == ':') {
      from++;
    }
    if (value == null || from == value.length()) {
      throw new Invalid("", "dig: ednsopt no code point specified\n", 10);
    }
    int colon = value.indexOf(':', from);
    String code = colon < 0 ? value.substring(from) : value.substring(from, colon);
    String hex = colon < 0 || colon == value.length() - 1 ? null : value.substring(colon + 1);
    String cut = colon >= 0 && hex == null ? value.substring(0, colon) : null;
    if (lookup.ednsOptionCodes.size() >= 100) {
      throw new Invalid("", "dig: too many ednsopts\n", 1);
    }
    int number = -1;
    for (int i = 0; i < OPTION_NAMES.length; i += 2) {
      if (OPTION_NAMES[i].equalsIgnoreCase(code)) {
        number = Integer.parseInt(OPTION_NAMES[i + 1]);
        break;
      }
    }
    if (number < 0) {
      try {
        number = uint(code, 0xffff, "ednsopt", 10);
      } catch (Invalid e) {
        throw new Invalid(e.stdout, "dig: bad edns code point: " + code + "\n", 1);
      }
    }
    byte[] data = new byte[0];
    if (hex != null) {
      data = hex(hex);
      if (data == null) {
        throw new Invalid("", "dig: isc_hex_decodestring: bad hex encoding\n", 1);
      }
    }
    lookup.ednsOptionCodes.add(new int[] {number});
    lookup.ednsOptionData.add(data);
    return cut;
  }

  /**
   * Hex text as BIND's isc_hex_decodestring reads it: blanks skipped, an even number of digits;
   * null when it is not.
   */
  static byte[] hex(String text) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length() / 2);
    int high = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        continue;
      }
      int digit = Character.digit(c, 16);
      if (digit < 0 || c > 'f') {
        return null;
      }
      if (high < 0) {
        high = digit;
      } else {
        out.write(high << 4 | digit);
        high = -1;
      }
    }
    return high < 0 ? out.toByteArray() : null;
  }

  // A type mnemonic or TYPEnnn, as BIND's dns_rdatatype_fromtext takes it.
  // No type or class text has a dot (mnemonics, TYPEn/CLASSn, numbers), and dnsjava finds that
  // out by catching a NumberFormatException: a name is answered without one.
  // BIND takes TYPEn and CLASSn up to 65535 only, and no bare number as a type.
  private static int typeValue(String upper) {
    if (upper.indexOf('.') >= 0) {
      return -1;
    }
    int t = RdataText.newTypeValue(upper);
    if (t < 0) {
      t = Type.value(upper, false);
    }
    return t > 0xffff ? -1 : t;
  }

  private static int classValue(String upper) {
    if (upper.indexOf('.') >= 0) {
      return -1;
    }
    int c = DClass.value(upper);
    return c > 0xffff ? -1 : c;
  }

  /**
   * @server: a literal address, or a host name through the system's name service (getaddrinfo, for
   *     the family -4 or -6 asks), its addresses added to {@code found}. Null when that worked,
   *     else BIND's words for why not (bind9_getaddresses): an IPv6 literal under -4 is "address
   *     family not supported", a name getaddrinfo does not know "not found", any other failure
   *     "failure".
   */
  private String resolve(String host, List<Lookup.DigServer> found) {
    InetAddress literal = literal(host);
    if (literal != null) {
      if (ipv4only && literal instanceof java.net.Inet6Address) {
        return "address family not supported";
      }
      found.add(new Lookup.DigServer(host, literal));
      return null;
    }
    dev.netdiag.linux.AddressFamily family =
        ipv4only
            ? dev.netdiag.linux.AddressFamily.INET
            : ipv6only
                ? dev.netdiag.linux.AddressFamily.INET6
                : dev.netdiag.linux.AddressFamily.UNSPEC;
    dev.netdiag.linux.Resolution r;
    try {
      r = dev.netdiag.linux.AddressResolver.resolve(host, family, java.time.Duration.ofSeconds(60));
    } catch (dev.netdiag.linux.NativeException e) {
      return "failure";
    }
    if (!r.resolved()) {
      dev.netdiag.linux.GaiStatus status = r.status();
      return !r.timedOut()
              && (status.equals(dev.netdiag.linux.GaiStatus.NONAME)
                  || status.equals(dev.netdiag.linux.GaiStatus.NODATA))
          ? "not found"
          : "failure";
    }
    for (InetAddress a : r.addresses()) {
      boolean seen = false;
      for (Lookup.DigServer s : found) {
        seen |= s.address().equals(a);
      }
      if (!seen) {
        found.add(new Lookup.DigServer(host, a));
      }
    }
    return null;
  }

  /** A literal IPv4 or IPv6 address; null for anything else. */
  static InetAddress literal(String text) {
    byte[] bytes = org.xbill.DNS.Address.toByteArray(text, org.xbill.DNS.Address.IPv4);
    if (bytes == null) {
      bytes = org.xbill.DNS.Address.toByteArray(text, org.xbill.DNS.Address.IPv6);
    }
    try {
      return bytes == null ? null : InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
