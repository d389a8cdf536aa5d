package dev.netdiag.cli.lsof;

import dev.netdiag.cli.Main;
import dev.netdiag.cli.Run;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.JavaMain;
import dev.netdiag.testkit.ResolverSandbox;
import java.time.Duration;
import java.util.List;

/**
 * Runs lsof 4.95 or ours for a test so that no host name lookup reaches the machine's resolver:
 * without -n both ask gethostbyaddr (DNS after /etc/hosts), so such a run happens inside an offline
 * {@link ResolverSandbox}, ours then in a fresh JVM; with -n, as it is (ours in-process).
 */
final class LsofRun {
  private LsofRun() {}

  /** True when these lsof arguments (after "lsof") ask for no host name: -n, or a usage error. */
  static boolean numericHosts(List<String> args) {
    try {
      return LsofArgs.parse(args).numericHosts();
    } catch (LsofError e) {
      // lsof stops at a bad command line before it lists (or names) anything.
      return true;
    }
  }

  /** lsof 4.95 with argv ("lsof" first). */
  static Cmd.Result reference(List<String> argv) {
    if (numericHosts(argv.subList(1, argv.size()))) {
      return Cmd.run(Duration.ofSeconds(30), argv);
    }
    return ResolverSandbox.offline().run(Duration.ofSeconds(30), argv);
  }

  /** Ours with argv ("lsof" first). */
  static Cmd.Result ours(List<String> argv) {
    if (numericHosts(argv.subList(1, argv.size()))) {
      return Run.netdiag(argv.toArray(String[]::new));
    }
    return ResolverSandbox.offline()
        .run(
            Duration.ofSeconds(60),
            JavaMain.command(Main.class.getName(), argv.toArray(String[]::new)));
  }
}
