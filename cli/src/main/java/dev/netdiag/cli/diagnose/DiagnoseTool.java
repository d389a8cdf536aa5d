package dev.netdiag.cli.diagnose;

import dev.netdiag.cli.AnnotatedOptions;
import dev.netdiag.cli.Tool;
import dev.netdiag.cli.ToolContext;
import dev.netdiag.cli.UsageException;
import dev.netdiag.diagnose.Diagnose;
import dev.netdiag.diagnose.DiagnoseOptions;
import dev.netdiag.diagnose.Diagnosis;
import dev.netdiag.diagnose.DurationText;
import dev.netdiag.diagnose.Target;
import dev.netdiag.diagnose.TargetSyntaxException;
import dev.netdiag.linux.AddressFamily;
import dev.netdiag.linux.AddressText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `netdiag diagnose TARGET`: runs the troubleshooting flow and names the broken layer. */
public final class DiagnoseTool implements Tool {

  @Override
  public String name() {
    return "diagnose";
  }

  @Override
  public String summary() {
    return "name, path, listener, firewall, health: names the layer that is broken";
  }

  @Command(
      name = "diagnose",
      sortOptions = false,
      usageHelpAutoWidth = true,
      description = {
        "Runs the troubleshooting flow on TARGET and names the broken layer:",
        "  name      what applications resolve (getaddrinfo/NSS): dns-nxdomain, dns-servfail,",
        "            dns-timeout, dns-no-address",
        "  path      a connect to every address: refused, filtered, unreachable",
        "  listener  sockets on the port (this host): not built yet, needs the sockets module",
        "  firewall  this host's nftables/iptables rules on the port: firewall-drop, firewall-reject",
        "  health    connection states of the port's process: not built yet",
        "Each check prints its evidence and the plain command that shows the same.",
        "Exit status: 0 ok, 1 a problem found, 2 usage errors."
      })
  static final class Arguments {
    @Parameters(
        arity = "1..2",
        paramLabel = "TARGET",
        description = "HOST:PORT, [IPv6]:PORT, HOST PORT, a URL, or :PORT for this host")
    List<String> target = new ArrayList<>();

    @Option(
        names = {"-t", "--timeout"},
        paramLabel = "D",
        description = "bound of each step, e.g. 3s, 500ms (default: 3s)")
    String timeout = "3s";

    @Option(
        names = "--dns-server",
        paramLabel = "ADDR",
        description = "DNS server to compare against (default: resolv.conf's)")
    String dnsServer;

    @Option(names = "-4", description = "IPv4 only")
    boolean ipv4;

    @Option(names = "-6", description = "IPv6 only")
    boolean ipv6;

    @Option(names = "--watch", paramLabel = "D", description = "health sampling window")
    String watch;

    @Option(names = "--json", description = "print one JSON document (see docs/json.md)")
    boolean json;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "show this help")
    boolean help;
  }

  @Override
  public int run(List<String> args, ToolContext context) throws Exception {
    Arguments arguments = new Arguments();
    if (!AnnotatedOptions.parse(arguments, args, context)) {
      return 0;
    }
    if (arguments.target.size() > 2) {
      throw new UsageException("too many arguments: " + String.join(" ", arguments.target));
    }
    Target target;
    try {
      List<String> words = arguments.target;
      target = Target.parse(words.get(0), words.size() > 1 ? words.get(1) : null);
    } catch (TargetSyntaxException e) {
      throw new UsageException(e.getMessage());
    }
    if (arguments.ipv4 && arguments.ipv6) {
      throw new UsageException("-4 and -6 exclude each other");
    }
    if (arguments.dnsServer != null && AddressText.parse(arguments.dnsServer) == null) {
      throw new UsageException(
          "--dns-server needs an IP address, not '" + arguments.dnsServer + "'");
    }
    AddressFamily family =
        arguments.ipv4
            ? AddressFamily.INET
            : arguments.ipv6 ? AddressFamily.INET6 : AddressFamily.UNSPEC;
    DiagnoseOptions options =
        new DiagnoseOptions(
            duration("--timeout", arguments.timeout),
            arguments.dnsServer,
            family,
            arguments.watch == null ? Duration.ZERO : duration("--watch", arguments.watch),
            Path.of("/etc/hosts"),
            Path.of("/etc/nsswitch.conf"),
            Path.of("/etc/resolv.conf"));
    Diagnosis diagnosis;
    if (arguments.json) {
      diagnosis = Diagnose.run(target, options, result -> {});
      DiagnoseJson.write(diagnosis, context.out());
    } else {
      DiagnoseText.header(target, context.out());
      diagnosis =
          Diagnose.run(target, options, result -> DiagnoseText.check(result, context.out()));
      DiagnoseText.verdict(diagnosis, context.out());
    }
    return diagnosis.verdict().ok() ? 0 : 1;
  }

  private static Duration duration(String option, String text) throws UsageException {
    try {
      return DurationText.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
  }
}
