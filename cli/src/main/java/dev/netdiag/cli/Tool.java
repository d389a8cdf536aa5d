package dev.netdiag.cli;

import java.util.List;

/** One netdiag tool: it owns its argument grammar and returns its exit code. */
public interface Tool {
  /** The name users type: "probe", "dig". */
  String name();

  /** One line for `netdiag --help`. */
  String summary();

  /** Runs with the arguments after the tool name; returns the exit code. */
  int run(List<String> args, ToolContext context) throws Exception;

  /** Exit code for a failure that is our fault, not the user's (dig uses 10). */
  default int internalErrorExit() {
    return 1;
  }
}
