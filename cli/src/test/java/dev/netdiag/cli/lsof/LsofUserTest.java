package dev.netdiag.cli.lsof;

import dev.netdiag.testkit.Differential;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The USER column and L field against lsof 4.95, on python3 children of four owners: root, nobody,
 * and two UIDs without a passwd entry (seven and nine digits). lsof right-justifies USER, prints a
 * UID as "%8u" cut to eight characters, warns "no pwd entry" for each row as it sizes and as it
 * prints the table (once per process in field output with L, never with -l) and gives such a
 * process no L field.
 */
class LsofUserTest {
  private static final String[] OWNERS = {null, "65534", "4242424", "123456789"};
  private static final List<PythonChild> children = new ArrayList<>();
  private static String pids;

  @BeforeAll
  static void startChildren() throws Exception {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "changing owners needs root");
    List<String> ids = new ArrayList<>();
    for (String uid : OWNERS) {
      List<String> launcher =
          uid == null
              ? List.of()
              : List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups");
      PythonChild child =
          PythonChild.start(launcher, "import time\nprint('ready', flush=True)\ntime.sleep(120)");
      children.add(child);
      ids.add(Long.toString(child.pid()));
    }
    pids = String.join(",", ids);
  }

  @AfterAll
  static void stopChildren() {
    children.forEach(PythonChild::close);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-nP -a -p PIDS -d cwd",
        "-nP -a -p PIDS -d cwd,rtd -R",
        "-nP -a -p PIDS -d cwd -l",
        "-nP -a -p PIDS -d cwd,rtd -F pfL",
        "-nP -a -p PIDS -d cwd -F pLu -l",
        "-nP -a -p PIDS -d cwd -F pu",
        "-nP -a -p PIDS -d cwd -t",
        // -w silences the "no pwd entry" warnings; +w after it (or after -t) brings them back.
        "-nP -a -p PIDS -d cwd -w",
        "-nP -a -p PIDS -d cwd,rtd -F pfL -w",
        "-nP -a -p PIDS -d cwd -w +w",
        "-nP -a -p PIDS -d cwd -t +w",
      })
  void usersMatchLsof(String args) {
    List<String> argv = new ArrayList<>(List.of("lsof"));
    argv.addAll(List.of(args.replace("PIDS", pids).split(" ")));
    Differential.exact()
        .withStderr()
        .assertSame("lsof " + args, LsofRun.reference(argv), LsofRun.ours(argv));
  }
}
