package dev.netdiag.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/** The picocli side of the new tools (probe, diagnose): parse their annotated options, or help. */
public final class AnnotatedOptions {
  private AnnotatedOptions() {}

  /**
   * Fills the annotated options object from the arguments.
   *
   * @return false when --help was asked for and the usage has been printed instead
   * @throws UsageException for options picocli rejects, pointing at the tool's --help
   */
  public static boolean parse(Object options, List<String> args, ToolContext context)
      throws UsageException {
    CommandLine commandLine = new CommandLine(options);
    try {
      commandLine.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new UsageException(e.getMessage() + " (see " + context.name() + " --help)");
    }
    if (commandLine.isUsageHelpRequested()) {
      PrintWriter writer = new PrintWriter(context.out(), true, StandardCharsets.UTF_8);
      commandLine.usage(writer);
      writer.flush();
      return false;
    }
    return true;
  }
}
