package dev.netdiag.cli.lsof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.Main;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import dev.netdiag.testkit.SocketFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * lsof 4.95's task rows (TID, TASKCMD, -K, -K i, fields K and M) and -E/+E endpoints, against lsof
 * on {@code lsof/threads.py} in a network namespace: a process with two threads (one renamed), a
 * held file, a UNIX socket pair, a bound listener with its accepted connection, a pseudoterminal, a
 * TCP connection and a UDP pair on 127.0.0.1, a pipe to itself and a pipe to a child {@code sleep}
 * (CHILD).
 */
class LsofTaskTest {
  @AutoClose private static SocketFixture fixture;
  private static long child;

  @BeforeAll
  static void start() throws Exception {
    fixture = SocketFixture.start(LsofTaskTest.class, "/lsof/threads.py", "lsof");
    long pid = fixture.pid();
    String children = Files.readString(Path.of("/proc/" + pid + "/task/" + pid + "/children"));
    child = Long.parseLong(children.strip().split(" ")[0]);
  }

  private static List<String> words(String args) {
    return List.of(
        args.replace("CHILD", Long.toString(child))
            .replace("PID", Long.toString(fixture.pid()))
            .split(" "));
  }

  private static void compare(String args, Differential how) {
    how.assertSame(
        "lsof " + args,
        fixture.reference("lsof", words(args)),
        fixture.ours(Main.class.getName(), "lsof", words(args)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-a -p PID",
        "-K -a -p PID",
        "-K -a -p PID -d 0-30",
        "-aK -p PID -d 3",
        "-K i -p PID",
        "+K -a -p PID -d 0-9",
        "-Ki -a -p PID -d 3",
        "-K -a -p PID -c python3 -d ^mem",
        "-K -a -p CHILD",
        "+c 0 -K -a -p PID -d 3",
        "-E -a -p PID -d 3-30",
        "+E -a -p PID -d 3-30",
        "+E -a -p PID -d 4",
        "-E -p PID",
        "+E -p PID",
        "-E -p CHILD",
        "+E -p CHILD",
        "-E -K -a -p PID -d 4-30",
        "-E -U -a -p PID",
        "-E -i -a -p PID",
        "+E -i -a -p PID -nP",
        "-E -a -p PID -d 3-30 -T",
        "-a -p PID -d 3-30 -Tq",
        "-E -a -p PID -d 3-30 -Tf",
      })
  void tablesMatch(String args) {
    compare(args, Differential.exact().rowsAsSet());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-K -a -p PID -F pKMcfn",
        "-K -a -p PID -d 3 -F0pKMn",
        "-K -a -p PID -d 3 -FpKc",
        "-E -a -p PID -d 3-30 -Fpfn",
        "-E -i -a -p PID -FpfnT",
        "+E -a -p PID -d 3-30 -Fpfan",
        "-t -K -a -p PID",
        "+E -t -p CHILD",
      })
  void fieldsMatch(String args) {
    compare(args, Differential.exact());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-K x -p PID", "-Kx", "-K -a -p CHILD -d 99"})
  void errorsMatch(String args) {
    compare(args, Differential.exact().withStderr());
  }

  @Test
  void fixtureHasWhatTheCasesCompare() {
    String tasks = fixture.reference("lsof", words("-K -a -p PID -d 3")).stdout();
    assertTrue(tasks.contains(" TID TASKCMD ") && tasks.contains(" ndworker "), tasks);
    String ends = fixture.reference("lsof", words("+E -a -p PID -d 3-30")).stdout();
    assertTrue(ends.contains(" ->INO="), ends);
    assertTrue(ends.contains("pipe " + fixture.pid() + ",python3,"), ends);
    assertTrue(ends.contains(",sleep,0r"), ends);
    assertTrue(ends.contains("/dev/ptmx ->/dev/pts/"), ends);
    assertTrue(ends.contains(" (ESTABLISHED)"), ends);
    assertTrue(ends.contains("[eventfd:"), ends);
  }

  @Test
  void jsonNamesTheTasks() {
    Cmd.Result ours = fixture.ours(Main.class.getName(), "lsof", words("--json -K -a -p PID -d 3"));
    assertEquals(0, ours.exitCode(), ours.stderr());
    assertTrue(ours.stdout().contains("\"task_command\":\"ndworker\""), ours.stdout());
    assertTrue(ours.stdout().contains("\"tid\":"), ours.stdout());
  }

  @Test
  void bareListingHasTheTasks() {
    Cmd.Result ours = fixture.ours(Main.class.getName(), "lsof", List.of("-F", "pKMf"));
    assertEquals(0, ours.exitCode(), ours.stderr());
    String pid = "p" + fixture.pid() + "\n";
    assertTrue(ours.stdout().contains(pid + "K"), "a task set of the fixture");
    assertTrue(ours.stdout().contains("\nMndworker\n"), "the renamed thread's TASKCMD");
  }
}
