package dev.netdiag.cli;

import dev.netdiag.cli.diagnose.DiagnoseTool;
import dev.netdiag.cli.dig.DigTool;
import dev.netdiag.cli.getent.GetentTool;
import dev.netdiag.cli.lab.LabTool;
import dev.netdiag.cli.lsof.LsofTool;
import dev.netdiag.cli.netstat.NetstatTool;
import dev.netdiag.cli.probe.ProbeTool;
import dev.netdiag.cli.ss.SsTool;
import dev.netdiag.linux.NativeWarmup;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The entry point: `netdiag TOOL ARGS…`. A known tool name is dispatched at once (each tool owns
 * its grammar); everything else — --help, --version, typos — goes to the picocli top level. The
 * only place that exits the JVM.
 */
public final class Main {
  private Main() {}

  /** The tools, in the order `netdiag --help` lists them. */
  static List<Tool> tools() {
    return List.of(
        new ProbeTool(),
        new DigTool(),
        new SsTool(),
        new NetstatTool(),
        new LsofTool(),
        new GetentTool(),
        new DiagnoseTool(),
        new LabTool());
  }

  /**
   * The tool of that name, or null. Only that tool's class is loaded: running `ss` never loads
   * dig's or probe's classes (and through them dnsjava), which the idle start pays for.
   */
  static Tool tool(String name) {
    return switch (name) {
      case "probe" -> new ProbeTool();
      case "dig" -> new DigTool();
      case "ss" -> new SsTool();
      case "netstat" -> new NetstatTool();
      case "lsof" -> new LsofTool();
      case "getent" -> new GetentTool();
      case "diagnose" -> new DiagnoseTool();
      case "lab" -> new LabTool();
      default -> null;
    };
  }

  public static void main(String[] args) {
    quietLogging();
    if (args.length > 0 && linksNativeCalls(args[0])) {
      NativeWarmup.startInBackground();
    }
    int code =
        run(
            args,
            new FileOutputStream(FileDescriptor.out),
            new FileOutputStream(FileDescriptor.err));
    // run() has flushed both outputs and netdiag registers no shutdown hooks, so halt is exit
    // without its cost: Runtime.exit looks up a System.Logger ("java.lang.Runtime") to log the
    // exit, which loads the logging backend — about 10 ms of every run, for nothing.
    Runtime.getRuntime().halt(code);
  }

  /**
   * dnsjava logs through slf4j; without a provider slf4j warns on stderr, which dig never does.
   * Naming slf4j 2's no-op provider spares its ServiceLoader scan of the classpath (the service
   * file in this module names the same provider for runs that do not start here). slf4j 2 announces
   * an explicitly named provider at its INFO level: only its warnings print. The AOT training calls
   * this too, so that the classes of that path (its message's String.format) are in the caches.
   */
  static void quietLogging() {
    System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
    System.setProperty("slf4j.internal.verbosity", "WARN");
  }

  // The tools whose every run goes through netlink or another libc call (dig does not).
  static boolean linksNativeCalls(String tool) {
    return switch (tool) {
      case "ss", "netstat", "lsof", "probe", "diagnose" -> true;
      default -> false;
    };
  }

  /** Runs one command line to completion and returns its exit code. */
  public static int run(String[] args, OutputStream stdout, OutputStream stderr) {
    List<String> rest = new ArrayList<>(args.length);
    boolean debug = false;
    for (String arg : args) {
      if (arg.equals("--debug")) {
        debug = true;
      } else {
        rest.add(arg);
      }
    }
    Output out = new Output(stdout);
    Output err = new Output(stderr);
    try {
      Tool tool = rest.isEmpty() ? null : tool(rest.getFirst());
      if (tool != null) {
        ToolContext context = new ToolContext("netdiag " + tool.name(), out, err, debug);
        return runTool(tool, rest.subList(1, rest.size()), context);
      }
      return topLevel(rest, out, err);
    } finally {
      flushQuietly(out);
      flushQuietly(err);
    }
  }

  private static int runTool(Tool tool, List<String> args, ToolContext context) {
    try {
      return tool.run(args, context);
    } catch (UsageException e) {
      context.err().text(context.name()).text(": ").line(e.getMessage());
      return e.exitCode();
    } catch (UncheckedIOException e) {
      // stdout went away (a closed pipe, as in `| head`): nothing more to say, like the C tools.
      return tool.internalErrorExit();
    } catch (Exception | LinkageError | OutOfMemoryError e) {
      context.err().text(context.name()).text(": ").text(describe(e));
      if (context.debug()) {
        context.err().newline().text(stackTrace(e));
      } else {
        context.err().line(" (run with --debug for details)");
      }
      return tool.internalErrorExit();
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return "internal error: " + e.getClass().getSimpleName();
    }
    return message;
  }

  private static String stackTrace(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }

  private static int topLevel(List<String> args, Output out, Output err) {
    CommandSpec spec = CommandSpec.create().name("netdiag").version("netdiag " + version());
    spec.mixinStandardHelpOptions(true);
    spec.usageMessage()
        .description(
            "Is it DNS, is anything listening, which process owns this connection:",
            "faithful dig, ss, netstat, lsof and getent on one fast core, plus probe and diagnose.",
            "Run `netdiag TOOL --help` for a tool's options. Add --debug anywhere for stack"
                + " traces.");
    for (Tool tool : tools()) {
      CommandSpec sub = CommandSpec.create().name(tool.name());
      sub.usageMessage().description(tool.summary());
      spec.addSubcommand(tool.name(), sub);
    }
    CommandLine commandLine = new CommandLine(spec);
    PrintWriter outWriter = new PrintWriter(out, true, java.nio.charset.StandardCharsets.UTF_8);
    PrintWriter errWriter = new PrintWriter(err, true, java.nio.charset.StandardCharsets.UTF_8);
    commandLine.setOut(outWriter);
    commandLine.setErr(errWriter);
    if (args.isEmpty()) {
      commandLine.usage(errWriter);
      return 2;
    }
    commandLine.setParameterExceptionHandler(
        (exception, ignored) -> {
          errWriter.println("netdiag: " + exception.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(exception, errWriter);
          errWriter.println(
              "Tools: " + String.join(", ", tools().stream().map(Tool::name).toList()));
          return 2;
        });
    commandLine.setExecutionStrategy(
        parsed -> {
          Integer help = CommandLine.executeHelpRequest(parsed);
          if (help != null) {
            return help;
          }
          commandLine.usage(errWriter);
          return 2;
        });
    return commandLine.execute(args.toArray(String[]::new));
  }

  /** The build's version, from the jar manifest; "dev" when run from classes. */
  public static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  private static void flushQuietly(Output output) {
    try {
      output.flush();
    } catch (UncheckedIOException e) {
      // Nothing to report to: the stream itself failed.
    }
  }
}
