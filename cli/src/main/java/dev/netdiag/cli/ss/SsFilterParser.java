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
 * blanks, as ss's lexer splits them; `!` binds tighter than `and` (also `&`, `&&` or nothing),
 * which binds tighter than `or` (`|`, `||`).
 *
 * <pre>
 * expr   := term { or term }
 * term   := factor { [and] factor }
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
  private final IpFamily family;
  private final CgroupIds cgroups = new CgroupIds(Path.of("/proc/mounts"));
  private final int preferred;
  // The family of the last host or port operand read in one (a prefix such as vsock:, or the
  // preferred family): ss then lists that family alone (parse_hostcond's filter_af_set).
  private int narrowed;
  private int at;

  // include/linux/socket.h
  static final int AF_UNIX = 1;
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;
  static final int AF_VSOCK = 40;

  /**
   * A parsed expression and the one address family it narrows the listing to (0 for none).
   *
   * @param family ss's families after parse_hostcond: only this AF_ number's tables are listed
   */
  record Parsed(SocketFilter filter, int family) {}

  private SsFilterParser(
      List<String> tokens, ServicePorts services, IpFamily family, int preferred) {
    this.tokens = tokens;
    this.services = services;
    this.family = family;
    this.preferred = preferred;
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
            families.size() == 1 ? families.iterator().next() : null,
            preferred);
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
    SocketFilter left = term();
    while (isOr(peek())) {
      at++;
      left = new SocketFilter.Or(left, term());
    }
    return left;
  }

  private SocketFilter term() throws UsageException {
    SocketFilter left = factor();
    while (true) {
      String next = peek();
      if (next == null || next.equals(")") || isOr(next)) {
        return left;
      }
      if (isAnd(next)) {
        at++;
      }
      left = new SocketFilter.And(left, factor());
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
        Side side = token.equals("src") ? Side.SOURCE : Side.DESTINATION;
        // ss takes "=", "==" and "eq" here but no negated form: "src != X" is a syntax error.
        String op = peek();
        if ("=".equals(op) || "==".equals(op) || "eq".equals(op)) {
          at++;
        }
        return host(side, operand());
      }
      case "sport", "dport" -> {
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
        String operand = operand();
        operandFamily(operand);
        return new SocketFilter.PortCompare(side, comparison, port(operand));
      }
      case "dev", "fwmark" -> {
        boolean negated = equalityOperator();
        String operand = operand();
        SocketFilter condition = token.equals("dev") ? device(operand) : mark(operand);
        return negated ? new SocketFilter.Not(condition) : condition;
      }
      case "autobound" -> {
        return autobound();
      }
      case "cgroup" -> {
        // ssfilter.y: "cgroup [= | == | eq] PATH" or "cgroup != PATH" (no other operator).
        boolean negated = equalityOperator();
        SocketFilter condition = new SocketFilter.Cgroup(cgroups.id(operand()));
        return negated ? new SocketFilter.Not(condition) : condition;
      }
      default -> {
        if (isKeyword(token)) {
          throw syntaxError();
        }
        // ss's lexer reads any other word as a host before the grammar sees it: one that is no
        // address (nor a name that resolves) is the address error, any other the grammar's.
        host(Side.DESTINATION, token);
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
    int index = InterfaceNames.index(Path.of("/sys/class/net"), text);
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

  /** A port operand: [*]:PORT or PORT, a number or a service name. */
  private int port(String text) throws UsageException {
    String p = text;
    int colon = p.lastIndexOf(':');
    if (colon >= 0) {
      p = p.substring(colon + 1);
    }
    if (p.isEmpty() || p.equals("*")) {
      throw notAPort(text);
    }
    try {
      int value = Integer.parseInt(p);
      if (value >= 0 && value <= 65535) {
        return value;
      }
    } catch (NumberFormatException e) {
      // a service name
    }
    int named = services.port(p);
    if (named >= 0) {
      return named;
    }
    throw notAPort(p);
  }

  private static UsageException notAPort(String text) {
    return new UsageException("Error: \"" + text + "\" does not look like a port.", 1);
  }

  /** src/dst operand: address, prefix and port. */
  /**
   * The family parse_hostcond reads an operand in: its prefix's, else the preferred family; it
   * becomes the family the listing is narrowed to. Returns the family (0 for none).
   */
  private int operandFamily(String text) {
    int fam = preferred;
    if (text.startsWith("unix:")) {
      fam = AF_UNIX;
    } else if (text.startsWith("link:")) {
      fam = 17;
    } else if (text.startsWith("netlink:")) {
      fam = 16;
    } else if (text.startsWith("vsock:")) {
      fam = AF_VSOCK;
    } else if (text.startsWith("inet:")) {
      fam = AF_INET;
    } else if (text.startsWith("inet6:")) {
      fam = AF_INET6;
    }
    if (fam != 0) {
      narrowed = fam;
    }
    return fam;
  }

  private SocketFilter host(Side side, String text) throws UsageException {
    int fam = operandFamily(text);
    if (fam == AF_VSOCK) {
      return vsockHost(side, text.startsWith("vsock:") ? text.substring(6) : text);
    }
    if (fam == AF_UNIX) {
      // Read in AF_UNIX, any word is a name pattern (ss's unix_match).
      return new SocketFilter.UnixName(side, text.startsWith("unix:") ? text.substring(5) : text);
    }
    if (text.startsWith("inet:")) {
      text = text.substring(5);
    } else if (text.startsWith("inet6:")) {
      text = text.substring(6);
    }
    if (text.startsWith("/") || text.startsWith("@")) {
      // ss reads a path or an abstract name as a UNIX address pattern.
      return new SocketFilter.UnixName(side, text);
    }
    if (text.startsWith("unix:")) {
      return new SocketFilter.UnixName(side, text.substring(5));
    }
    String address = text;
    int port = -1;
    if (address.startsWith("[")) {
      int close = address.indexOf(']');
      if (close < 0) {
        throw badAddress(text);
      }
      String rest = address.substring(close + 1);
      address = address.substring(1, close);
      // ss reads all that follows the ']' (less one ':') as the port, so a prefix goes inside the
      // brackets, "[::1/128]:22"; "[::1]/128" is refused: "/128" is no port.
      if (rest.startsWith(":")) {
        rest = rest.substring(1);
      }
      if (rest.contains(":")) {
        throw notAPort(rest);
      }
      if (!rest.isEmpty()) {
        port = portOrAny(rest);
      }
    } else {
      // Unbracketed, the last colon starts the port, so "::1" leaves ":" as the address; with a
      // prefix only a colon after the slash does (ss), so "::/0" and "::1/128" have no port.
      int colon = address.lastIndexOf(':');
      if (colon >= 0 && colon > address.indexOf('/')) {
        String before = address.substring(0, colon);
        if (before.contains(":")) {
          throw badAddress(before);
        }
        port = portOrAny(address.substring(colon + 1));
        address = before;
      }
    }
    if (address.isEmpty() || address.equals("*")) {
      return new SocketFilter.HostMatch(side, null, 0, port);
    }
    int prefix = -1;
    String spelled = address; // with its prefix, as ss quotes it
    int slash = address.indexOf('/');
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(address.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw badAddress(text);
      }
      address = address.substring(0, slash);
    }
    byte[] bytes = addressBytes(address, slash >= 0);
    if (bytes == null && slash < 0) {
      return named(side, address, port);
    }
    if (bytes == null) {
      throw badAddress(spelled);
    }
    if (prefix < 0) {
      prefix = bytes.length * 8;
    }
    if (prefix > bytes.length * 8) {
      throw badAddress(text);
    }
    return new SocketFilter.HostMatch(side, bytes, prefix, port);
  }

  /**
   * A host name, as ss's get_dns_host looks it up: gethostbyname2 in the preferred family, or IPv4
   * then IPv6 when there is none; the socket matches any of the addresses (at full length).
   */
  private SocketFilter named(Side side, String name, int port) throws UsageException {
    List<SocketFilter> any = new ArrayList<>();
    for (IpFamily wanted :
        family == null ? List.of(IpFamily.INET, IpFamily.INET6) : List.of(family)) {
      AddressFamily code = wanted == IpFamily.INET ? AddressFamily.INET : AddressFamily.INET6;
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
    if (any.isEmpty()) {
      throw badAddress(name);
    }
    SocketFilter filter = any.getFirst();
    for (int i = 1; i < any.size(); i++) {
      filter = new SocketFilter.Or(filter, any.get(i));
    }
    return filter;
  }

  private int portOrAny(String text) throws UsageException {
    return text.equals("*") ? -1 : port(":" + text);
  }

  private static byte[] addressBytes(String text, boolean prefixed) {
    if (text.contains(":")) {
      if (!AddressText.isLiteral(text)) {
        return null;
      }
      return AddressText.parse(text).getAddress();
    }
    // IPv4, where a prefix may be short as in "10/8" (inet_prefix's get_addr_1).
    String[] parts = text.split("\\.", -1);
    if (parts.length > 4 || (parts.length < 4 && !prefixed)) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < parts.length; i++) {
      try {
        int v = Integer.parseInt(parts[i]);
        if (v < 0 || v > 255) {
          return null;
        }
        bytes[i] = (byte) v;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return bytes;
  }

  /** CID[:PORT] with * for any part (get_u32 numbers, C syntax), as ss reads a vsock address. */
  private static SocketFilter vsockHost(Side side, String text) throws UsageException {
    String address = text;
    String portText = null;
    int colon = text.indexOf(':');
    if (colon >= 0) {
      address = text.substring(0, colon);
      portText = text.substring(colon + 1);
    }
    long port = -1;
    if (portText != null && !portText.equals("*")) {
      port = cInteger(portText);
      if (port < 0) {
        throw new UsageException("Cannot parse dst/src address.", 1);
      }
    }
    long cid = -1;
    if (!address.isEmpty() && !address.equals("*")) {
      cid = cInteger(address);
      if (cid < 0) {
        throw new UsageException("Cannot parse dst/src address.", 1);
      }
    }
    return new SocketFilter.VsockHost(side, cid, port);
  }

  private static UsageException badAddress(String text) {
    return new UsageException(
        "Error: an inet prefix is expected rather than \""
            + text
            + "\".\nCannot parse dst/src address.",
        1);
  }
}
