package dev.netdiag.cli.ss;

import dev.netdiag.cli.UsageException;
import dev.netdiag.linux.AddressFamily;
import dev.netdiag.linux.AddressText;
import dev.netdiag.linux.NameServiceSwitch;
import dev.netdiag.linux.NativeException;
import dev.netdiag.sockets.IpFamily;
import dev.netdiag.sockets.SocketFilter;
import dev.netdiag.sockets.SocketFilter.Comparison;
import dev.netdiag.sockets.SocketFilter.Side;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ss's filter expression (misc/ssfilter.y) into a {@link SocketFilter}. Words are separated by
 * blanks, as ss's lexer splits them; `!` binds tightest; `and` (also `&`, `&&` or nothing) and `or`
 * (`|`, `||`) bind alike, from left to right, as ssfilter.y's exprlist rules read them: `a or b and
 * c` is `(a or b) and c`.
 *
 * <pre>
 * expr   := factor { (or | [and]) factor }
 * factor := not factor | '(' expr ')' | cond
 * cond   := (src|dst) [= | == | eq] HOST
 *         | (sport|dport) [OP] PORT        OP := = == eq != ne neq &lt; lt &gt; gt &lt;= le &gt;= ge
 *         | dev [EQ | NE] NAME|INDEX       EQ := = == eq   NE := != ne neq
 *         | fwmark [EQ | NE] MARK[/MASK]   (C integer syntax: 0x1f, 017, 31)
 *         | cgroup [EQ | NE] PATH          (resolved to a cgroup v2 id, see CgroupIds)
 *         | autobound
 * HOST   := * | ADDR[/PLEN][:PORT] | [ADDR6[/PLEN]][:PORT] | NAME[:PORT] | *:PORT | :PORT
 * </pre>
 */
final class SsFilterParser {
  /** ss's message and exit code for a syntax error. */
  static final String SYNTAX_ERROR =
      "bison bellows (while parsing filter): \"syntax error!\" Sorry.";

  private final List<String> tokens;
  private final ServicePorts services;
  private final CgroupIds cgroups = new CgroupIds(Path.of("/proc/mounts"));
  // ss's preferred_family: each operand read in a family makes it that family's (filter_af_set),
  // so later operands without a prefix are read in it too.
  private int preferred;
  // Which of the UDP and TCP tables are listed: ss looks port names up for those protocols only.
  private final boolean udp;
  private final boolean tcp;
  // The last keyword that takes an operand (ss's lexer's tok_type): a word where the grammar
  // wants none is still read as that keyword's operand, and its errors come first.
  private String operandOf;
  // The family of the last host or port operand read in one (a prefix such as vsock:, or the
  // preferred family): ss then lists that family alone (parse_hostcond's filter_af_set).
  private int narrowed;
  private int at;

  // include/linux/socket.h
  static final int AF_UNIX = 1;
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;
  static final int AF_VSOCK = 40;
  static final int AF_NETLINK = 16;
  static final int AF_PACKET = 17;

  /**
   * A parsed expression and the one address family it narrows the listing to (0 for none).
   *
   * @param family ss's families after parse_hostcond: only this AF_ number's tables are listed
   */
  record Parsed(SocketFilter filter, int family) {}

  private SsFilterParser(
      List<String> tokens, ServicePorts services, int preferred, boolean udp, boolean tcp) {
    this.tokens = tokens;
    this.services = services;
    this.preferred = preferred;
    this.udp = udp;
    this.tcp = tcp;
  }

  /** Parses the expression words; an empty list is {@link SocketFilter#ALL}. */
  static SocketFilter parse(List<String> words) throws UsageException {
    return parse(words, null, java.util.EnumSet.allOf(IpFamily.class));
  }

  /**
   * Parses the expression words and then the lines of a -F file (null for none), as ss's lexer
   * reads its argv words first and the file after them; host names are looked up in the families
   * asked for with -4/-6/-f (ss's preferred family: one family, or both).
   */
  static SocketFilter parse(
      List<String> words, List<String> fileLines, java.util.Set<IpFamily> families)
      throws UsageException {
    return parse(words, fileLines, families, 0).filter();
  }

  /**
   * As {@link #parse(List, List, java.util.Set)}, with ss's preferred family (the AF_ number of the
   * last family option, 0 for none), in which operands without a prefix are read.
   */
  static Parsed parse(
      List<String> words, List<String> fileLines, java.util.Set<IpFamily> families, int preferred)
      throws UsageException {
    int fam = preferred;
    if (fam == 0 && families.size() == 1) {
      fam = families.contains(IpFamily.INET) ? AF_INET : AF_INET6;
    }
    return parse(words, fileLines, fam, true, true);
  }

  /**
   * As {@link #parse(List, List, java.util.Set, int)}, knowing whether the UDP and TCP tables are
   * listed: ss looks a port name up in /etc/services for those protocols only.
   */
  static Parsed parse(
      List<String> words, List<String> fileLines, int preferred, boolean udp, boolean tcp)
      throws UsageException {
    List<String> tokens = new ArrayList<>();
    for (String word : words) {
      tokens(word, tokens);
    }
    if (fileLines != null) {
      for (String line : fileLines) {
        tokens(line, tokens);
      }
    }
    if (tokens.isEmpty()) {
      return new Parsed(SocketFilter.ALL, 0);
    }
    SsFilterParser parser =
        new SsFilterParser(
            tokens,
            ServicePorts.load(Path.of("/etc/services"), Path.of("/etc/protocols")),
            preferred,
            udp,
            tcp);
    SocketFilter filter = parser.expression();
    if (parser.at < tokens.size()) {
      throw syntaxError();
    }
    return new Parsed(filter, parser.narrowed);
  }

  /**
   * ss's get_token_from_line: words split at spaces and tabs, a backslash takes the next character
   * as it is (an escaped blank stays in the word).
   */
  static void tokens(String line, List<String> out) {
    StringBuilder token = new StringBuilder();
    boolean inToken = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t') {
        if (inToken) {
          out.add(token.toString());
          token.setLength(0);
          inToken = false;
        }
        continue;
      }
      inToken = true;
      if (c == '\\') {
        if (++i >= line.length()) {
          break;
        }
        c = line.charAt(i);
      }
      token.append(c);
    }
    if (inToken) {
      out.add(token.toString());
    }
  }

  /**
   * The lines of a -F file as ss's lexer reads them with fgets into a 1024-byte buffer: the newline
   * dropped, lines starting with '#' (or, as ss tests it, '0') skipped.
   */
  static List<String> fileLines(byte[] file) throws UsageException {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < file.length) {
      int end = start;
      while (end < file.length && file[end] != '\n') {
        end++;
      }
      int length = end - start + (end < file.length ? 1 : 0); // what fgets stores
      if (length >= 1023) {
        throw new UsageException("Too long line in filter", SsArgs.USAGE_EXIT);
      }
      if (file[start] == 0) {
        throw new UsageException("Invalid line", SsArgs.USAGE_EXIT);
      }
      int nul = start;
      while (nul < end && file[nul] != 0) {
        nul++; // C string: the line ends at its first NUL byte
      }
      String line = new String(file, start, nul - start, java.nio.charset.StandardCharsets.UTF_8);
      if (line.charAt(0) != '#' && line.charAt(0) != '0') {
        lines.add(line);
      }
      start = end + 1;
    }
    return lines;
  }

  private static UsageException syntaxError() {
    return new UsageException(SYNTAX_ERROR, SsArgs.USAGE_EXIT);
  }

  private String peek() {
    return at < tokens.size() ? tokens.get(at) : null;
  }

  private SocketFilter expression() throws UsageException {
    SocketFilter left = factor();
    while (true) {
      String next = peek();
      if (next == null || next.equals(")")) {
        return left;
      }
      if (isOr(next)) {
        at++;
        left = new SocketFilter.Or(left, factor());
      } else {
        if (isAnd(next)) {
          at++;
        }
        left = new SocketFilter.And(left, factor());
      }
    }
  }

  private SocketFilter factor() throws UsageException {
    String token = peek();
    if (token == null) {
      throw syntaxError();
    }
    at++;
    switch (token) {
      case "!", "not" -> {
        return new SocketFilter.Not(factor());
      }
      case "(" -> {
        SocketFilter inner = expression();
        if (!")".equals(peek())) {
          throw syntaxError();
        }
        at++;
        return inner;
      }
      case "src", "dst" -> {
        operandOf = token;
        Side side = token.equals("src") ? Side.SOURCE : Side.DESTINATION;
        // ss takes "=", "==" and "eq" here but no negated form: "src != X" is a syntax error.
        String op = peek();
        if ("=".equals(op) || "==".equals(op) || "eq".equals(op)) {
          at++;
        }
        return hostcond(side, operand(), false).condition();
      }
      case "sport", "dport" -> {
        operandOf = token;
        Side side = token.equals("sport") ? Side.SOURCE : Side.DESTINATION;
        Comparison comparison = Comparison.EQ;
        String op = peek();
        if (op != null) {
          Comparison named = comparison(op);
          if (named != null) {
            comparison = named;
            at++;
          }
        }
        HostCond operand = hostcond(side, operand(), true);
        // ssfilter.y: "=" is the host condition with only a port (any port for "*" or ":*"),
        // "!=" its negation; the orderings compare the port ss read, -1 for none, as it is.
        SocketFilter equal =
            operand.condition() instanceof SocketFilter.HostMatch && operand.port() != -1
                ? new SocketFilter.PortCompare(side, Comparison.EQ, operand.port())
                : operand.condition();
        return switch (comparison) {
          case EQ -> equal;
          case NE -> new SocketFilter.Not(equal);
          default -> new SocketFilter.PortCompare(side, comparison, operand.port());
        };
      }
      case "dev", "fwmark" -> {
        operandOf = token;
        boolean negated = equalityOperator();
        String operand = operand();
        SocketFilter condition = token.equals("dev") ? device(operand) : mark(operand);
        return negated ? new SocketFilter.Not(condition) : condition;
      }
      case "autobound" -> {
        operandOf = token;
        return autobound();
      }
      case "cgroup" -> {
        operandOf = token;
        // ssfilter.y: "cgroup [= | == | eq] PATH" or "cgroup != PATH" (no other operator).
        boolean negated = equalityOperator();
        SocketFilter condition = new SocketFilter.Cgroup(cgroups.id(operand()));
        return negated ? new SocketFilter.Not(condition) : condition;
      }
      default -> {
        if (isKeyword(token)) {
          throw syntaxError();
        }
        // ss's lexer reads any other word as the operand of the last keyword that takes one (a
        // host by default) before the grammar sees it: a bad one is that operand's error, any
        // other the grammar's.
        switch (operandOf == null ? "" : operandOf) {
          case "sport", "dport" -> hostcond(Side.DESTINATION, token, true);
          case "dev" -> device(token);
          case "fwmark" -> mark(token);
          case "cgroup" -> cgroups.id(token);
          default -> hostcond(Side.DESTINATION, token, false);
        }
        throw syntaxError();
      }
    }
  }

  /** Consumes an optional = (or ==, eq) or != (ne, neq); true for the negated form. */
  private boolean equalityOperator() {
    Comparison named = peek() == null ? null : comparison(peek());
    if (named == Comparison.EQ || named == Comparison.NE) {
      at++;
    }
    return named == Comparison.NE;
  }

  /** dev NAME|INDEX: a name in /sys/class/net, else a number (strtoul base 0, as ss). */
  private static SocketFilter device(String text) throws UsageException {
    int index = interfaceIndex(text);
    if (index == 0) {
      long number = cInteger(text);
      if (number < 0 || number > 0xffffffffL) {
        throw new UsageException("Cannot parse device.", 1);
      }
      index = (int) number;
    }
    return new SocketFilter.Device(index);
  }

  /**
   * fwmark MARK[/MASK] as ss reads it with sscanf "%i/%i": each number is the longest C integer
   * prefix (0x hex, leading-0 octal, decimal, optional sign, wrapping to 32 bits), so "0x" reads as
   * 0; the mask defaults to all ones.
   */
  private static SocketFilter mark(String text) throws UsageException {
    int slash = text.indexOf('/');
    long[] mark = scanInteger(text, 0);
    long[] mask = slash < 0 ? new long[] {0xffffffffL, 0} : null;
    if (mark != null && slash >= 0 && text.charAt((int) mark[1]) == '/') {
      mask = scanInteger(text, (int) mark[1] + 1);
    }
    if (mark == null || mask == null) {
      throw new UsageException("Cannot parse mark " + text + ".", 1);
    }
    return new SocketFilter.Mark((int) mark[0], (int) mask[0]);
  }

  /** sscanf %i at {@code from}: {value, end index}, or null when no digit is there. */
  private static long[] scanInteger(String text, int from) {
    int i = from;
    boolean negative = false;
    if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    int radix = 10;
    if (text.startsWith("0x", i) || text.startsWith("0X", i)) {
      radix = 16;
      if (i + 2 >= text.length() || Character.digit(text.charAt(i + 2), 16) < 0) {
        return new long[] {0, i + 1}; // "0x" alone: the 0, as glibc reads it
      }
      i += 2;
    } else if (text.startsWith("0", i)) {
      radix = 8;
    }
    long value = 0;
    int start = i;
    while (i < text.length() && Character.digit(text.charAt(i), radix) >= 0) {
      value = (value * radix + Character.digit(text.charAt(i), radix)) & 0xffffffffL;
      i++;
    }
    if (i == start) {
      return null;
    }
    return new long[] {negative ? -value & 0xffffffffL : value, i};
  }

  /** A C integer literal (0x hex, leading-0 octal, decimal) up to 32 bits unsigned, or -1. */
  private static long cInteger(String text) {
    int radix = 10;
    String digits = text;
    if (digits.startsWith("0x") || digits.startsWith("0X")) {
      radix = 16;
      digits = digits.substring(2);
    } else if (digits.length() > 1 && digits.startsWith("0")) {
      radix = 8;
      digits = digits.substring(1);
    }
    if (digits.isEmpty() || digits.length() > 11 || digits.charAt(0) == '+') {
      return -1;
    }
    try {
      long value = Long.parseLong(digits, radix);
      return value >= 0 && value <= 0xffffffffL ? value : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** autobound, with the ephemeral port range ss compares against (1024..4999 when unreadable). */
  private static SocketFilter autobound() {
    dev.netdiag.linux.LocalPortRange range =
        dev.netdiag.linux.LocalPortRange.read(SsRenderer.SS_DEFAULT_EPHEMERAL);
    return new SocketFilter.Autobound(range.low(), range.high());
  }

  private String operand() throws UsageException {
    String token = peek();
    if (token == null || isKeyword(token)) {
      throw syntaxError();
    }
    at++;
    return token;
  }

  private static Comparison comparison(String op) {
    return switch (op) {
      case "=", "==", "eq" -> Comparison.EQ;
      case "!=", "ne", "neq" -> Comparison.NE;
      case "<", "lt" -> Comparison.LT;
      case ">", "gt" -> Comparison.GT;
      case "<=", "le", "leq" -> Comparison.LE;
      case ">=", "ge", "geq" -> Comparison.GE;
      default -> null;
    };
  }

  private static boolean isOr(String token) {
    return token != null && (token.equals("or") || token.equals("|") || token.equals("||"));
  }

  private static boolean isAnd(String token) {
    return token.equals("and") || token.equals("&") || token.equals("&&");
  }

  private static boolean isKeyword(String token) {
    return isOr(token)
        || isAnd(token)
        || comparison(token) != null
        || switch (token) {
          case "(",
              ")",
              "!",
              "not",
              "src",
              "dst",
              "sport",
              "dport",
              "dev",
              "fwmark",
              "cgroup",
              "autobound" ->
              true;
          default -> false;
        };
  }

  /**
   * The family parse_hostcond reads an operand in: its prefix's, else the preferred family; it
   * becomes the family the listing is narrowed to. Returns the family (0 for none).
   */
  private int operandFamily(String text) {
    int fam = preferred;
    if (text.startsWith("unix:")) {
      fam = AF_UNIX;
    } else if (text.startsWith("link:")) {
      fam = AF_PACKET;
    } else if (text.startsWith("netlink:")) {
      fam = AF_NETLINK;
    } else if (text.startsWith("vsock:")) {
      fam = AF_VSOCK;
    } else if (text.startsWith("inet:")) {
      fam = AF_INET;
    } else if (text.startsWith("inet6:")) {
      fam = AF_INET6;
    }
    if (fam != 0) {
      narrowed = fam;
      preferred = fam;
    }
    return fam;
  }

  /**
   * ss's struct aafilter for one operand: the port it names (-1 for none) and the src/dst condition
   * it makes (for sport/dport "=", the condition on that port alone).
   */
  private record HostCond(int port, SocketFilter condition) {}

  /**
   * An operand as ss's parse_hostcond reads it (misc/ss.c): a family prefix or the preferred family
   * chooses how; for inet, "[ADDR]" then what follows the "]", "*" then what follows it, or ADDR up
   * to the last ":" after any "/"; the port (after one ":") first, then the address in the
   * operand's family (a literal, a prefix, "all", "any" or "default", else a host name). For
   * sport/dport the whole operand (the inside of its brackets) is the port.
   */
  private HostCond hostcond(Side side, String text, boolean isPort) throws UsageException {
    int fam = operandFamily(text);
    String addr = withoutFamilyPrefix(text);
    if (fam == AF_VSOCK) {
      SocketFilter.VsockHost vsock = vsockHost(side, addr, isPort);
      return new HostCond((int) vsock.port(), vsock);
    }
    if (fam == AF_UNIX) {
      // Read in AF_UNIX, any word is a name pattern (ss's unix_match).
      return new HostCond(-1, new SocketFilter.UnixName(side, addr));
    }
    if (fam == AF_PACKET || fam == AF_NETLINK) {
      return linkOrNetlink(side, addr, isPort, fam == AF_PACKET);
    }
    String port;
    String address = addr;
    if (addr.startsWith("[")) {
      int close = addr.indexOf(']');
      if (close < 0) {
        throw cannotParse();
      }
      address = addr.substring(1, close);
      port = addr.substring(close + 1);
    } else if (addr.startsWith("*")) {
      port = addr.substring(1);
    } else {
      int colon = addr.lastIndexOf(':');
      port = colon >= 0 && colon > addr.indexOf('/') ? addr.substring(colon) : null;
      if (port != null && !isPort) {
        address = addr.substring(0, colon);
      }
    }
    if (isPort) {
      port = address;
    }
    int number = -1;
    if (port != null && port.startsWith(":")) {
      port = port.substring(1);
    }
    if (port != null && !port.isEmpty() && port.charAt(0) != '*') {
      number = portNumber(port);
    }
    if (isPort || address.isEmpty() || address.charAt(0) == '*') {
      return new HostCond(number, anyAddress(side, number));
    }
    SocketFilter condition =
        prefix(side, address, fam == AF_INET || fam == AF_INET6 ? fam : 0, number);
    if (condition == null) {
      condition = named(side, address, fam == AF_INET || fam == AF_INET6 ? fam : 0, number);
    }
    return new HostCond(number, condition);
  }

  /**
   * An operand read in AF_PACKET or AF_NETLINK: PROTOCOL[:PORT] ("*" for any), the port (all of a
   * sport/dport operand, less one ':') a C integer, else an interface name (PACKET) or "kernel"
   * (NETLINK, port id 0); the protocol an ethertype name or number (ll_proto_a2n) or a NETLINK
   * protocol name or number up to 255 (nl_proto_a2n). ss compares the protocol with the first word
   * of the socket's address data, where it keeps the socket's protocol in host order.
   */
  private static HostCond linkOrNetlink(Side side, String addr, boolean isPort, boolean packet)
      throws UsageException {
    int colon = addr.indexOf(':');
    String port = isPort ? addr : colon >= 0 ? addr.substring(colon) : null;
    String address = !isPort && colon >= 0 ? addr.substring(0, colon) : addr;
    if (port != null && port.startsWith(":")) {
      port = port.substring(1);
    }
    int number = -1;
    if (port != null && !port.isEmpty() && !port.equals("*")) {
      Long value = cLong(port, true);
      if (value != null && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
        number = (int) (long) value;
      } else if (packet) {
        number = interfaceIndex(port);
        if (number <= 0) {
          throw cannotParse();
        }
      } else if (port.equals("kernel")) {
        number = 0;
      } else {
        throw cannotParse();
      }
    }
    if (isPort || address.isEmpty() || address.equals("*")) {
      return new HostCond(number, anyAddress(side, number));
    }
    int protocol = packet ? etherType(address) : netlinkProtocol(address);
    if (protocol < 0) {
      throw cannotParse();
    }
    byte[] word =
        java.nio.ByteBuffer.allocate(4)
            .order(java.nio.ByteOrder.nativeOrder())
            .putInt(0, protocol)
            .array();
    return new HostCond(number, new SocketFilter.HostMatch(side, word, 32, number));
  }

  /**
   * iproute2's ll_name_to_index: the interface of that name; else if_nametoindex's, which reads
   * "lo:5" (an alias) as "lo"; else "ifN" (sscanf "if%u", digits then anything); 0 for none.
   */
  private static int interfaceIndex(String name) {
    Path sysClassNet = Path.of("/sys/class/net");
    int index = InterfaceNames.index(sysClassNet, name);
    int colon = name.indexOf(':');
    if (index == 0 && colon > 0 && name.length() < 16) {
      index = InterfaceNames.index(sysClassNet, name.substring(0, colon));
    }
    if (index == 0 && name.startsWith("if")) {
      int i = 2;
      while (i < name.length() && Character.isWhitespace(name.charAt(i))) {
        i++;
      }
      boolean negative = i < name.length() && name.charAt(i) == '-';
      if (i < name.length() && (name.charAt(i) == '+' || negative)) {
        i++;
      }
      long value = 0;
      int start = i;
      while (i < name.length() && Character.isDigit(name.charAt(i))) {
        value = (value * 10 + (name.charAt(i) - '0')) & 0xffffffffL;
        i++;
      }
      if (i > start) {
        index = (int) (negative ? -value : value);
      }
    }
    return index;
  }

  // lib/ll_proto.c llproto_names, in its order (the first name that matches wins, any case).
  private static final String[] ETHERTYPE_NAMES = {
    "loop",
    "pup",
    "pupat",
    "ip",
    "x25",
    "arp",
    "bpq",
    "ieeepup",
    "ieeepupat",
    "dec",
    "dna_dl",
    "dna_rc",
    "dna_rt",
    "lat",
    "diag",
    "cust",
    "sca",
    "rarp",
    "atalk",
    "aarp",
    "ipx",
    "ipv6",
    "ppp_disc",
    "ppp_ses",
    "atmmpoa",
    "atmfate",
    "802_3",
    "ax25",
    "all",
    "802_2",
    "snap",
    "ddcmp",
    "wan_ppp",
    "ppp_mp",
    "localtalk",
    "can",
    "ppptalk",
    "tr_802_2",
    "mobitex",
    "control",
    "irda",
    "econet",
    "tipc",
    "profinet",
    "aoe",
    "ethercat",
    "802.1Q",
    "802.1ad",
    "mpls_uc",
    "mpls_mc",
    "teb",
    "802.1Q",
    "LLDP",
    "ipv4"
  };
  // include/uapi/linux/if_ether.h: the ETH_P_ value of each name above.
  private static final int[] ETHERTYPE_VALUES = {
    0x0060, 0x0200, 0x0201, 0x0800, 0x0805, 0x0806, 0x08FF, 0x0a00, 0x0a01, 0x6000, 0x6001, 0x6002,
    0x6003, 0x6004, 0x6005, 0x6006, 0x6007, 0x8035, 0x809B, 0x80F3, 0x8137, 0x86DD, 0x8863, 0x8864,
    0x884c, 0x8884, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000C,
    0x0010, 0x0011, 0x0015, 0x0016, 0x0017, 0x0018, 0x88CA, 0x8892, 0x88A2, 0x88A4, 0x8100, 0x88A8,
    0x8847, 0x8848, 0x6558, 0x8100, 0x88cc, 0x0800
  };

  /** ll_proto_a2n: an ethertype by name (any case) or as a C number up to 0xffff; -1 if none. */
  private static int etherType(String text) {
    for (int i = 0; i < ETHERTYPE_NAMES.length; i++) {
      if (ETHERTYPE_NAMES[i].equalsIgnoreCase(text)) {
        return ETHERTYPE_VALUES[i];
      }
    }
    Long n = cLong(text, false);
    return n != null && n <= 0xffff ? (int) (long) n : -1;
  }

  /** nl_proto_a2n: a NETLINK protocol by name, or a C number up to 255; -1 if none. */
  private static int netlinkProtocol(String text) {
    for (int i = 0; i < SsOtherRows.NETLINK_PROTOCOLS.length; i++) {
      if (text.equals(SsOtherRows.NETLINK_PROTOCOLS[i])) {
        return i;
      }
    }
    Long n = cLong(text, false);
    return n != null && n <= 255 ? (int) (long) n : -1;
  }

  /** The condition on a port alone ({@code -1}: any socket). */
  private static SocketFilter anyAddress(Side side, int port) {
    return port == -1 ? SocketFilter.ALL : new SocketFilter.HostMatch(side, null, 0, port);
  }

  private static String withoutFamilyPrefix(String text) {
    for (String prefix : new String[] {"unix:", "link:", "netlink:", "vsock:", "inet:", "inet6:"}) {
      if (text.startsWith(prefix)) {
        return text.substring(prefix.length());
      }
    }
    return text;
  }

  /**
   * A port as ss reads it: a C integer (strtol base 0, any int, so "-1" is no port and 65536 a port
   * no socket has), else a service name looked up for the listed UDP and TCP tables.
   */
  private int portNumber(String text) throws UsageException {
    Long number = cLong(text, true);
    if (number != null && number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE) {
      return (int) (long) number;
    }
    int named = -1;
    try {
      named = dev.netdiag.linux.ServiceNames.portAsSs(text, udp, tcp).orElse(-1);
    } catch (NativeException e) {
      if (udp || tcp) {
        named = services.port(text); // no native access: /etc/services as read here
      }
    }
    if (named <= 0) {
      throw new UsageException(
          "Error: \"" + text + "\" does not look like a port.\nCannot parse dst/src address.", 1);
    }
    return named;
  }

  /**
   * strtol/strtoul of a whole word, base 0 (0x hex, leading-0 octal, decimal; leading blanks and a
   * sign allowed), or null when it is not all one number or overflows a long.
   */
  private static Long cLong(String text, boolean signed) {
    int i = 0;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    if (negative && !signed) {
      return null; // strtoul would wrap it past any range ss then accepts
    }
    int radix = 10;
    if ((text.startsWith("0x", i) || text.startsWith("0X", i))
        && i + 2 < text.length()
        && Character.digit(text.charAt(i + 2), 16) >= 0) {
      radix = 16;
      i += 2;
    } else if (text.startsWith("0", i)) {
      radix = 8;
    }
    int start = i;
    long value = 0;
    while (i < text.length() && Character.digit(text.charAt(i), radix) >= 0) {
      value = value * radix + Character.digit(text.charAt(i), radix);
      if (value > 0xffffffffL) {
        return null; // past every range asked for here
      }
      i++;
    }
    if (i == start || i != text.length()) {
      return null;
    }
    return negative ? -value : value;
  }

  /**
   * iproute2's get_prefix_1 in family {@code fam} (0 for either): "all", "any" and "default" are
   * any address (without a "/"), an IPv6 literal when the text has a ':', else IPv4 as
   * get_addr_ipv4 reads it (1 to 4 C numbers, "127.54" is 127.54.0.0); the length after "/" a
   * number or a dotted mask. Null when the text is none of these.
   */
  private static SocketFilter prefix(Side side, String text, int fam, int port) {
    int slash = text.indexOf('/');
    String address = slash >= 0 ? text.substring(0, slash) : text;
    byte[] bytes;
    if (address.equals("all") || address.equals("any") || address.equals("default")) {
      return slash >= 0 ? null : new SocketFilter.HostMatch(side, null, 0, port);
    } else if (address.contains(":")) {
      if ((fam != 0 && fam != AF_INET6) || !AddressText.isLiteral(address)) {
        return null;
      }
      bytes = AddressText.parse(address).getAddress();
      if (bytes.length != 16) {
        return null;
      }
    } else {
      if (fam != 0 && fam != AF_INET) {
        return null;
      }
      bytes = ipv4(address);
      if (bytes == null) {
        return null;
      }
    }
    int length = bytes.length * 8;
    if (slash >= 0) {
      int plen = netmask(text.substring(slash + 1));
      if (plen < 0 || plen > length) {
        return null;
      }
      length = plen;
    }
    return new SocketFilter.HostMatch(side, bytes, length, port);
  }

  /** get_addr_ipv4: up to four parts, each a C number up to 255, the missing ones 0. */
  private static byte[] ipv4(String text) {
    byte[] bytes = new byte[4];
    String[] parts = text.split("\\.", -1);
    if (parts.length > 4) {
      return null;
    }
    for (int i = 0; i < parts.length; i++) {
      Long v = cLong(parts[i], false);
      if (v == null
          || v > 255
          || parts[i].isEmpty()
          || Character.isWhitespace(parts[i].charAt(0))) {
        return null;
      }
      bytes[i] = (byte) (long) v;
    }
    return bytes;
  }

  /** get_netmask: an unsigned C number, or a dotted IPv4 mask of leading ones; -1 otherwise. */
  private static int netmask(String text) {
    Long v = cLong(text, false);
    if (v != null) {
      return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) (long) v;
    }
    byte[] mask = ipv4(text);
    if (mask == null) {
      return -1;
    }
    int bits =
        ((mask[0] & 0xff) << 24)
            | ((mask[1] & 0xff) << 16)
            | ((mask[2] & 0xff) << 8)
            | (mask[3] & 0xff);
    int host = ~bits;
    if ((host & (host + 1)) != 0) {
      return -1;
    }
    return Integer.bitCount(bits);
  }

  /**
   * A host name, as ss's get_dns_host looks it up: gethostbyname2 in the operand's family, or IPv4
   * then IPv6 when it has none; the socket matches any of the addresses (at full length).
   */
  private static SocketFilter named(Side side, String name, int fam, int port)
      throws UsageException {
    List<SocketFilter> any = new ArrayList<>();
    if (name.indexOf('/') < 0) { // no name has one; such a word is never asked for
      for (AddressFamily code :
          fam == 0
              ? List.of(AddressFamily.INET, AddressFamily.INET6)
              : List.of(fam == AF_INET ? AddressFamily.INET : AddressFamily.INET6)) {
        try {
          NameServiceSwitch.hostByName(name, code)
              .ifPresent(
                  entry -> {
                    for (String text : entry.addresses()) {
                      byte[] bytes = AddressText.parse(text).getAddress();
                      any.add(new SocketFilter.HostMatch(side, bytes, bytes.length * 8, port));
                    }
                  });
        } catch (NativeException e) {
          break; // no native access: as a name that does not resolve
        }
      }
    }
    if (any.isEmpty()) {
      throw new UsageException(
          "Error: an inet prefix is expected rather than \""
              + name
              + "\".\nCannot parse dst/src address.",
          1);
    }
    SocketFilter filter = any.getFirst();
    for (int i = 1; i < any.size(); i++) {
      filter = new SocketFilter.Or(filter, any.get(i));
    }
    return filter;
  }

  /**
   * CID[:PORT] with * for any part (get_u32 numbers, C syntax), as ss reads a vsock address; for
   * sport/dport the whole word (less one leading ':') is the port.
   */
  private static SocketFilter.VsockHost vsockHost(Side side, String text, boolean isPort)
      throws UsageException {
    String address = isPort ? "" : text;
    String portText = isPort ? (text.startsWith(":") ? text.substring(1) : text) : null;
    int colon = text.indexOf(':');
    if (!isPort && colon >= 0) {
      address = text.substring(0, colon);
      portText = text.substring(colon + 1);
    }
    long port = -1;
    if (portText != null && !portText.equals("*")) {
      port = cInteger(portText);
      if (port < 0) {
        throw cannotParse();
      }
    }
    long cid = -1;
    if (!address.isEmpty() && !address.equals("*")) {
      cid = cInteger(address);
      if (cid < 0) {
        throw cannotParse();
      }
    }
    return new SocketFilter.VsockHost(side, cid, port);
  }

  private static UsageException cannotParse() {
    return new UsageException("Cannot parse dst/src address.", 1);
  }
}
