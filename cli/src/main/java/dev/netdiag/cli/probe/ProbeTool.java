package dev.netdiag.cli.probe;

import dev.netdiag.cli.Tool;
import dev.netdiag.cli.ToolContext;
import dev.netdiag.cli.ToolOptions;
import dev.netdiag.cli.UsageException;
import dev.netdiag.diagnose.ConnectProbe;
import dev.netdiag.diagnose.DurationText;
import dev.netdiag.diagnose.ProbeReport;
import dev.netdiag.diagnose.Target;
import dev.netdiag.diagnose.TargetSyntaxException;
import dev.netdiag.linux.AddressFamily;
import dev.netdiag.linux.AddressText;
import dev.netdiag.linux.NativeException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/** `netdiag probe HOST:PORT`: a connect test that names refused, timeout, unreachable or open. */
public final class ProbeTool implements Tool {

  @Override
  public String name() {
    return "probe";
  }

  @Override
  public String summary() {
    return "connect test per address: open, refused, timeout (filtered), unreachable";
  }

  private static final ToolOptions OPTIONS =
      new ToolOptions("TARGET")
          .flag("-4")
          .flag("-6")
          .value("ADDR", "--source")
          .value("D", "-t", "--timeout")
          .value("D", "--resolve-timeout")
          .flag("--json");

  private static final String USAGE =
      """
      Usage: netdiag probe [-4|-6] [--source ADDR] [-t D] [--resolve-timeout D] [--json]
                           TARGET [PORT]
      Connects to every address of TARGET at once and names what happened to each:
        open         the handshake completed (with the connect time)
        refused      a reset came back: nothing listening, or a firewall rejecting
                     with a reset
        timeout      no answer within --timeout: filtered (SYN dropped) or host down
        unreachable  ICMP unreachable or administratively prohibited, or no route
      A name that does not resolve is reported as such.

        TARGET                   HOST:PORT, [IPv6]:PORT, HOST PORT, or a URL
                                 (https://host/path: port 443)
        -4                       IPv4 addresses only
        -6                       IPv6 addresses only
            --source ADDR        connect from this address
        -t, --timeout D          wait per connect, e.g. 3s, 500ms (default: 3s)
            --resolve-timeout D  wait for the name lookup (default: 10s)
            --json               print one JSON document (see docs/json.md)
        -h, --help               show this help

      Exit status: 0 when an address is open, 1 when none is, 2 on usage errors.
      """;

  /** The command line, parsed. */
  static final class Arguments {
    List<String> target;
    boolean ipv4;
    boolean ipv6;
    String source;
    String timeout;
    String resolveTimeout;
    boolean json;

    Arguments(ToolOptions.Parsed parsed) {
      target = parsed.operands();
      ipv4 = parsed.flag("-4");
      ipv6 = parsed.flag("-6");
      source = parsed.value("--source", null);
      timeout = parsed.value("--timeout", "3s");
      resolveTimeout = parsed.value("--resolve-timeout", "10s");
      json = parsed.flag("--json");
    }
  }

  @Override
  public int run(List<String> args, ToolContext context) throws Exception {
    ToolOptions.Parsed parsed = OPTIONS.parse(args, context, USAGE);
    if (parsed == null) {
      return 0;
    }
    Arguments arguments = new Arguments(parsed);
    ProbeRequest request = request(arguments);
    ProbeReport report;
    try {
      report = ConnectProbe.run(request.target(), request.options());
    } catch (NativeException e) {
      throw new UsageException(e.getMessage(), 2);
    }
    if (arguments.json) {
      ProbeJson.write(report, context.out());
    } else {
      ProbeText.write(report, context.out());
    }
    return report.open() ? 0 : 1;
  }

  private record ProbeRequest(Target target, ConnectProbe.Options options) {}

  private static ProbeRequest request(Arguments arguments) throws UsageException {
    Target target;
    if (arguments.target.size() > 2) {
      throw new UsageException(
          "too many arguments: "
              + String.join(" ", arguments.target)
              + " (see netdiag probe --help)");
    }
    try {
      List<String> words = arguments.target;
      target = Target.parse(words.get(0), words.size() > 1 ? words.get(1) : null);
    } catch (TargetSyntaxException e) {
      throw new UsageException(e.getMessage());
    }
    if (target.local()) {
      throw new UsageException("no host in '" + target.text() + "' (use HOST:PORT)");
    }
    if (arguments.ipv4 && arguments.ipv6) {
      throw new UsageException("-4 and -6 exclude each other");
    }
    AddressFamily family =
        arguments.ipv4 ? AddressFamily.INET : arguments.ipv6 ? AddressFamily.INET6 : null;
    InetAddress source = null;
    if (arguments.source != null) {
      source = AddressText.parse(arguments.source);
      if (source == null) {
        throw new UsageException("--source needs an IP address, not '" + arguments.source + "'");
      }
      AddressFamily sourceFamily = AddressFamily.of(source);
      if (family != null && family != sourceFamily) {
        throw new UsageException(
            "--source " + arguments.source + " does not match " + (arguments.ipv4 ? "-4" : "-6"));
      }
      // A socket can only be bound to an address of its own family: probe that family.
      family = sourceFamily;
    }
    Duration timeout = duration("--timeout", arguments.timeout);
    Duration resolveTimeout = duration("--resolve-timeout", arguments.resolveTimeout);
    return new ProbeRequest(
        target,
        new ConnectProbe.Options(
            family == null ? AddressFamily.UNSPEC : family, source, timeout, resolveTimeout));
  }

  private static Duration duration(String option, String text) throws UsageException {
    try {
      return DurationText.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
  }
}
