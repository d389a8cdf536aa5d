package dev.netdiag.cli.dig;

import dev.netdiag.cli.ToolContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;

/** {@code dig -f FILE}: each line a command line of its own, printed in input order. */
final class BatchRun {
  private final DigArgs args;
  private final DigTool.Session session;
  private final ToolContext context;

  BatchRun(DigArgs args, DigTool.Session session, ToolContext context) {
    this.args = args;
    this.session = session;
    this.context = context;
  }

  void run(BufferedReader reader) throws IOException {
    String line;
    boolean first = true;
    while ((line = reader.readLine()) != null) {
      // dig skips comment and empty lines only before the first lookup of the file.
      if (first
          && (line.isEmpty()
              || line.charAt(0) == '\r'
              || line.charAt(0) == '#'
              || line.charAt(0) == ';')) {
        continue;
      }
      first = false;
      StringBuilder skip = new StringBuilder();
      List<Lookup> lookups;
      try {
        lookups = args.parseBatchLine(DigArgs.words(line), skip);
      } catch (DigArgs.Invalid e) {
        context.out().text(e.stdout);
        context.err().text(e.stderr);
        continue;
      }
      context.err().text(args.warnings);
      args.warnings.setLength(0);
      if (lookups == null) {
        context.err().text(skip);
        continue;
      }
      for (Lookup lookup : lookups) {
        session.run(lookup);
      }
    }
  }
}
