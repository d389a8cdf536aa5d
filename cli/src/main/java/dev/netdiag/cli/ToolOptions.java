package dev.netdiag.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of netdiag's own tools (probe, diagnose): flags and options with a value, short
 * ({@code -t 3s}, {@code -t3s}, {@code -t=3s}, clustered {@code -46}) and long ({@code --timeout
 * 3s}, {@code --timeout=3s}), operands anywhere, {@code --} ending the options, {@code -h} or
 * {@code --help} anywhere asking for the usage. The messages are those picocli gave for the same
 * mistakes, which parsed these tools before: picocli 4 is Java 5 bytecode, which the JDK's AOT
 * cache cannot hold, so loading and running it cost every probe and diagnose run about 100 ms of
 * CPU. picocli still answers the top level (netdiag --help, --version, an unknown tool).
 */
public final class ToolOptions {
  private record Option(String shortName, String longName, String label) {
    boolean flag() {
      return label == null;
    }

    /** Its name in messages: the long one, as picocli named it. */
    String name() {
      return longName != null ? longName : shortName;
    }

    /** How messages name it: its name and its value's label. */
    String display() {
      return "'" + name() + "'" + (flag() ? "" : " (" + label + ")");
    }
  }

  private final String operand;
  private final List<Option> options = new ArrayList<>();

  /** Options for a tool whose operands are called {@code operand} in messages ("TARGET"). */
  public ToolOptions(String operand) {
    this.operand = operand;
  }

  /** A flag: a short name ("-4") or a long one ("--json"), or both (short first). */
  public ToolOptions flag(String... names) {
    options.add(option(names, null));
    return this;
  }

  /** An option that takes a value, named in messages by its label ("D"). */
  public ToolOptions value(String label, String... names) {
    options.add(option(names, label));
    return this;
  }

  private static Option option(String[] names, String label) {
    String shortName = null;
    String longName = null;
    for (String name : names) {
      if (name.startsWith("--")) {
        longName = name;
      } else {
        shortName = name;
      }
    }
    return new Option(shortName, longName, label);
  }

  /** What a command line gave: option values by any of their names, and the operands in order. */
  public static final class Parsed {
    private final Map<Option, String> values = new HashMap<>();
    private final List<String> operands = new ArrayList<>();
    private final ToolOptions spec;

    private Parsed(ToolOptions spec) {
      this.spec = spec;
    }

    /** The option's value, or {@code otherwise} when it was not given. */
    public String value(String name, String otherwise) {
      String value = values.get(spec.named(name));
      return value == null ? otherwise : value;
    }

    /** Whether a flag was given (and not given as {@code =false}). */
    public boolean flag(String name) {
      return "true".equals(values.get(spec.named(name)));
    }

    public List<String> operands() {
      return operands;
    }
  }

  private Option named(String name) {
    Option option = find(name);
    if (option == null) {
      throw new IllegalArgumentException("no option " + name);
    }
    return option;
  }

  /** The option with this short or long name, or null. */
  private Option find(String name) {
    for (Option option : options) {
      if (name.equals(option.shortName) || name.equals(option.longName)) {
        return option;
      }
    }
    return null;
  }

  /**
   * Parses a tool's arguments; with -h or --help among them, prints {@code usage} instead.
   *
   * @return the options and operands, or null when the usage was printed
   * @throws UsageException for a command line the options do not fit, pointing at --help
   */
  public Parsed parse(List<String> args, ToolContext context, String usage) throws UsageException {
    for (String arg : args) {
      if (arg.equals("--")) {
        break;
      }
      if (arg.equals("-h") || arg.equals("--help")) {
        context.out().text(usage);
        return null;
      }
    }
    try {
      return parse(args);
    } catch (UsageException e) {
      throw new UsageException(e.getMessage() + " (see " + context.name() + " --help)");
    }
  }

  Parsed parse(List<String> args) throws UsageException {
    Parsed parsed = new Parsed(this);
    boolean operandsOnly = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (operandsOnly || arg.equals("-") || !arg.startsWith("-")) {
        parsed.operands.add(arg);
      } else if (arg.equals("--")) {
        operandsOnly = true;
      } else if (arg.startsWith("--")) {
        i = longOption(args, i, parsed);
      } else {
        i = shortOptions(args, i, parsed);
      }
    }
    if (parsed.operands.isEmpty()) {
      throw new UsageException("Missing required parameter: '" + operand + "'");
    }
    return parsed;
  }

  // --name, --name=value, --name value; returns the index of the last argument used.
  private int longOption(List<String> args, int at, Parsed parsed) throws UsageException {
    String arg = args.get(at);
    int equals = arg.indexOf('=');
    String name = equals < 0 ? arg : arg.substring(0, equals);
    Option option = find(name);
    if (option == null) {
      throw new UsageException("Unknown option: '" + arg + "'");
    }
    if (equals >= 0) {
      set(parsed, option, arg.substring(equals + 1));
      return at;
    }
    return take(args, at, parsed, option);
  }

  // -4, -46, -t3s, -t=3s, -4t 3s; returns the index of the last argument used.
  private int shortOptions(List<String> args, int at, Parsed parsed) throws UsageException {
    String arg = args.get(at);
    for (int c = 1; c < arg.length(); c++) {
      String name = "-" + arg.charAt(c);
      Option option = find(name);
      if (option == null) {
        throw new UsageException("Unknown option: '" + (c == 1 ? arg : name) + "'");
      }
      String rest = arg.substring(c + 1);
      if (rest.startsWith("=")) {
        set(parsed, option, rest.substring(1));
        return at;
      }
      if (!option.flag()) {
        if (!rest.isEmpty()) {
          set(parsed, option, rest);
          return at;
        }
        return take(args, at, parsed, option);
      }
      set(parsed, option, "true");
    }
    return at;
  }

  // A flag given alone, or an option whose value is the next argument.
  private int take(List<String> args, int at, Parsed parsed, Option option) throws UsageException {
    if (option.flag()) {
      set(parsed, option, "true");
      return at;
    }
    if (at + 1 >= args.size()) {
      throw new UsageException("Missing required parameter for option " + option.display());
    }
    String value = args.get(at + 1);
    if (isOption(value)) {
      throw new UsageException(
          "Expected parameter for option '" + option.name() + "' but found '" + value + "'");
    }
    set(parsed, option, value);
    return at + 1;
  }

  // An argument that names one of the options, or starts a cluster of short ones ("-46"); a
  // value never does (durations, addresses, ports).
  private boolean isOption(String arg) {
    if (arg.equals("--")) {
      return true;
    }
    int equals = arg.indexOf('=');
    if (find(equals < 0 ? arg : arg.substring(0, equals)) != null) {
      return true;
    }
    boolean cluster = arg.length() > 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-';
    return cluster && find(arg.substring(0, 2)) != null;
  }

  private static void set(Parsed parsed, Option option, String value) throws UsageException {
    if (parsed.values.containsKey(option)) {
      throw new UsageException("option " + option.display() + " should be specified only once");
    }
    if (option.flag()) {
      if (value.equalsIgnoreCase("true")) {
        value = "true";
      } else if (value.equalsIgnoreCase("false")) {
        value = "false";
      } else {
        throw new UsageException(
            "Invalid value for option " + option.display() + ": '" + value + "' is not a boolean");
      }
    }
    parsed.values.put(option, value);
  }
}
