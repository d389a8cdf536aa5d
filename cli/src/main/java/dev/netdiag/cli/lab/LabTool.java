package dev.netdiag.cli.lab;

import dev.netdiag.cli.Output;
import dev.netdiag.cli.Tool;
import dev.netdiag.cli.ToolContext;
import dev.netdiag.cli.UsageException;
import dev.netdiag.diagnose.lab.Lab;
import dev.netdiag.diagnose.lab.LabBuilder;
import dev.netdiag.diagnose.lab.LabCatalog;
import dev.netdiag.diagnose.lab.LabException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** `netdiag lab list|start NAME|stop NAME`: reproducible broken networks to practise on. */
public final class LabTool implements Tool {
  private static final Path STATE = Path.of("/run/netdiag-lab");
  private static final Path NETNS_ETC = Path.of("/etc/netns");

  @Override
  public String name() {
    return "lab";
  }

  @Override
  public String summary() {
    return "broken networks in namespaces to practise on: lab list|start NAME|stop NAME";
  }

  @Override
  public int run(List<String> args, ToolContext context) throws Exception {
    Output out = context.out();
    if (args.isEmpty() || args.getFirst().equals("--help") || args.getFirst().equals("-h")) {
      usage(out);
      return args.isEmpty() ? 2 : 0;
    }
    String command = args.getFirst();
    if (command.equals("serve")) {
      return LabServe.run(args.subList(1, args.size()), out);
    }
    LabBuilder builder = new LabBuilder(serveCommand(), STATE, NETNS_ETC);
    switch (command) {
      case "list" -> {
        if (args.size() != 1) {
          throw new UsageException("lab list takes no arguments");
        }
        for (Lab lab : LabCatalog.all()) {
          out.padRight(lab.name(), 20).padRight(builder.running(lab) ? "running" : "", 9);
          out.line(lab.summary());
        }
        return 0;
      }
      case "start", "stop" -> {
        if (args.size() != 2) {
          throw new UsageException("lab " + command + " NAME (see netdiag lab list)");
        }
        Lab lab =
            LabCatalog.named(args.get(1))
                .orElseThrow(
                    () ->
                        new UsageException(
                            "no lab named '" + args.get(1) + "' (see netdiag lab list)"));
        try {
          if (command.equals("start")) {
            builder.start(lab);
            describe(lab, out);
          } else {
            builder.stop(lab);
            out.text("lab ").text(lab.name()).line(" stopped");
          }
        } catch (LabException e) {
          context.err().text(context.name()).text(": ").line(e.getMessage());
          return 1;
        }
        return 0;
      }
      default ->
          throw new UsageException("unknown lab command '" + command + "' (list, start, stop)");
    }
  }

  /** What to try: printed when a lab starts. */
  static void describe(Lab lab, Output out) {
    out.text("lab ").text(lab.name()).text(" is up: ").line(lab.summary());
    out.text("  client namespace ").padRight(lab.clientNamespace(), 32).text(lab.clientIpv4());
    out.text(", ").line(lab.clientIpv6());
    out.text("  server namespace ").padRight(lab.serverNamespace(), 32).text(lab.serverIpv4());
    out.text(", ").line(lab.serverIpv6());
    out.line("  (server.lab.test names the server in both namespaces)").newline();
    out.line("From the client namespace, run:");
    out.text("  sudo ip netns exec ").text(lab.clientNamespace()).text(" netdiag diagnose ");
    out.line(lab.clientTarget());
    out.text("  sudo ip netns exec ").text(lab.clientNamespace()).text(" netdiag probe ");
    out.line(lab.clientTarget());
    out.text("    expect: ").line(lab.clientExpect());
    out.line("From the server namespace, run:");
    out.text("  sudo ip netns exec ").text(lab.serverNamespace()).text(" netdiag diagnose ");
    out.line(lab.serverTarget());
    out.text("  sudo ip netns exec ").text(lab.serverNamespace()).line(" ss -tanp");
    out.text("    expect: ").line(lab.serverExpect());
    if (!lab.pending().isEmpty()) {
      out.text("    (diagnose will name ").text(lab.pending()).line(" once that is merged)");
    }
    out.newline().line(lab.explanation()).newline();
    out.text("Stop it with: sudo netdiag lab stop ").line(lab.name());
  }

  private static void usage(Output out) {
    out.line("Usage: netdiag lab list | start NAME | stop NAME")
        .line("Builds a broken network in two namespaces (client and server) to practise on;")
        .line("needs root. `lab list` names the labs; `lab start` prints what to try.");
  }

  /** argv that runs `netdiag lab serve` with this JVM and class path. */
  private static List<String> serveCommand() {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(System.getProperty("java.home") + "/bin/java");
    List<String> argv = new ArrayList<>();
    argv.add(java);
    argv.add("--enable-native-access=ALL-UNNAMED");
    argv.add("-XX:+UseSerialGC");
    argv.add("-Xmx64m");
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add("dev.netdiag.cli.Main");
    argv.add("lab");
    argv.add("serve");
    return argv;
  }
}
