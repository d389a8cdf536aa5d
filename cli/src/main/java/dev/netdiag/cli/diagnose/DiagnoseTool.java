package dev.netdiag.cli.diagnose;

import dev.netdiag.cli.Tool;
import dev.netdiag.cli.ToolContext;
import dev.netdiag.cli.ToolOptions;
import dev.netdiag.cli.UsageException;
import dev.netdiag.diagnose.Diagnose;
import dev.netdiag.diagnose.DiagnoseOptions;
import dev.netdiag.diagnose.Diagnosis;
import dev.netdiag.diagnose.DurationText;
import dev.netdiag.diagnose.Target;
import dev.netdiag.diagnose.TargetSyntaxException;
import dev.netdiag.linux.AddressFamily;
import dev.netdiag.linux.AddressText;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

  private static final ToolOptions OPTIONS =
      new ToolOptions("TARGET")
          .value("D", "-t", "--timeout")
          .value("ADDR", "--dns-server")
          .flag("-4")
          .flag("-6")
          .value("D", "--watch")
          .flag("--json");

  private static final String USAGE =
      """
      Usage: netdiag diagnose [-4|-6] [-t D] [--dns-server ADDR] [--watch D] [--json]
                              TARGET
      Runs the troubleshooting flow on TARGET, prints each check with its evidence
      and the plain command that shows the same, and names the broken layer:
        name      what applications resolve (getaddrinfo/NSS), against the
                  resolv.conf servers (or --dns-server) and the authoritative
                  servers: dns-nxdomain, dns-no-address, dns-servfail,
                  dns-timeout, dns-mismatch
        path      a connect to every address: refused, filtered, unreachable
        listener  the sockets listening on the port (a target on this host):
                  not-listening, loopback-only, wrong-family, backlog-full
        firewall  this host's nftables/iptables rules on the port: firewall-drop,
                  firewall-reject
        health    the port's connections by state (a target on this host):
                  close-wait-leak, time-wait-churn

        TARGET                 HOST:PORT, [IPv6]:PORT, HOST PORT, a URL, or :PORT
                               for this host
        -4                     IPv4 only
        -6                     IPv6 only
        -t, --timeout D        bound of each step, e.g. 3s, 500ms (default: 3s)
            --dns-server ADDR  DNS server to ask directly (default: resolv.conf's)
            --watch D          count the port's connections twice, D apart
            --json             print one JSON document (see docs/json.md)
        -h, --help             show this help

      Exit status: 0 ok, 1 a problem found, 2 usage errors.
      """;

  @Override
  public int run(List<String> args, ToolContext context) throws Exception {
    ToolOptions.Parsed parsed = OPTIONS.parse(args, context, USAGE);
    if (parsed == null) {
      return 0;
    }
    List<String> words = parsed.operands();
    if (words.size() > 2) {
      throw new UsageException("too many arguments: " + String.join(" ", words));
    }
    boolean ipv4 = parsed.flag("-4");
    boolean ipv6 = parsed.flag("-6");
    String dnsServer = parsed.value("--dns-server", null);
    String watch = parsed.value("--watch", null);
    Target target;
    try {
      target = Target.parse(words.get(0), words.size() > 1 ? words.get(1) : null);
    } catch (TargetSyntaxException e) {
      throw new UsageException(e.getMessage());
    }
    if (ipv4 && ipv6) {
      throw new UsageException("-4 and -6 exclude each other");
    }
    InetAddress literal = AddressText.parse(target.host());
    if (literal != null && (ipv4 || ipv6) && (literal instanceof Inet4Address) != ipv4) {
      // An address literal is not looked up, so -4/-6 cannot pick among its addresses.
      throw new UsageException(
          (ipv4 ? "-4 asks for IPv4, but " : "-6 asks for IPv6, but ")
              + target.host()
              + (ipv4 ? " is an IPv6 address" : " is an IPv4 address"));
    }
    if (dnsServer != null && AddressText.parse(dnsServer) == null) {
      throw new UsageException("--dns-server needs an IP address, not '" + dnsServer + "'");
    }
    AddressFamily family =
        ipv4 ? AddressFamily.INET : ipv6 ? AddressFamily.INET6 : AddressFamily.UNSPEC;
    DiagnoseOptions options =
        new DiagnoseOptions(
            duration("--timeout", parsed.value("--timeout", "3s")),
            dnsServer,
            family,
            watch == null ? Duration.ZERO : duration("--watch", watch),
            Path.of("/etc/hosts"),
            Path.of("/etc/nsswitch.conf"),
            Path.of("/etc/resolv.conf"));
    Diagnosis diagnosis;
    if (parsed.flag("--json")) {
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
