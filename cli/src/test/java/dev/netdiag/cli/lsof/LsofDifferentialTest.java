package dev.netdiag.cli.lsof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * lsof 4.95 and ours on a child process this test starts in its own process group: a command name
 * with a space ("ndlsof t"), a file open for reading, one for writing, a deleted one open
 * read-write, and a pipe. PID, PGID and the test directory are substituted into each case.
 */
class LsofDifferentialTest {
  @TempDir static Path dir;
  private static Process child;
  private static long pid;

  @BeforeAll
  static void startChild() throws Exception {
    Assumptions.assumeTrue(Cmd.installed("lsof"), "lsof is not installed");
    Assumptions.assumeTrue(Cmd.installed("setsid"), "setsid is not installed");
    Path program = dir.resolve("ndlsof t");
    Files.copy(Path.of("/usr/bin/sleep"), program);
    program.toFile().setExecutable(true);
    Files.writeString(dir.resolve("read"), "hello\n");
    String script =
        "cd \"$1\" && exec 3<read 4>write 5<>gone 6< <(exec sleep 600) && rm -f gone"
            + " && exec \"$1/ndlsof t\" 600";
    child =
        new ProcessBuilder("setsid", "bash", "-c", script, "bash", dir.toString())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    pid = child.pid();
    Path comm = Path.of("/proc/" + pid + "/comm");
    for (int i = 0; i < 200; i++) {
      if (Files.readString(comm).strip().equals("ndlsof t") && !Files.exists(dir.resolve("gone"))) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the child did not reach its exec");
  }

  @AfterAll
  static void stopChild() {
    if (child != null) {
      child.descendants().forEach(ProcessHandle::destroyForcibly);
      child.destroyForcibly();
    }
    // The pipe's writer was started by bash, not as our descendant after exec: end it by group.
    if (pid > 0) {
      Cmd.run("pkill", "-g", Long.toString(pid));
    }
  }

  private static List<String> argv(String args) {
    List<String> out = new ArrayList<>();
    for (String word : args.split(" ")) {
      out.add(
          word.replace("PID", Long.toString(pid))
              .replace("PGID", Long.toString(pid))
              .replace("DIR", dir.toString()));
    }
    return out;
  }

  private static void compare(String args, Differential how) {
    List<String> ref = new ArrayList<>(List.of("lsof"));
    ref.addAll(argv(args));
    List<String> ours = new ArrayList<>(List.of("lsof"));
    ours.addAll(argv(args));
    how.assertSame("lsof " + args, LsofRun.reference(ref), LsofRun.ours(ours));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-a -p PID",
        "-p PID",
        "-a -p PID -d 0-9",
        "-a -p PID -d ^mem",
        "-a -p PID -d cwd,rtd,txt",
        "-a -p PID -d ^0-2",
        "-a -p PID -d 5",
        "-a -p PID -d DEL",
        "-a -p PID -d mem",
        "-a -p PID -d txt",
        "-a -p PID -d rtd",
        "-a -p PID -c zzz",
        "-c zzz",
        "-a -p PID -d 6",
        "-a -p PID +c 0",
        "-a -p PID +c 4",
        "-a -p PID -R",
        "-a -p PID -l",
        "-u root -a -p PID",
        "-u 0 -a -p PID -d 3",
        "-u ^root -a -p PID",
        "-p PID,999999",
        "-p 999999",
        "-a -p PID DIR/write",
        "DIR/write",
        "DIR/read",
        "-c ndlsof -a -d 3-6",
        "-c /^ndls/ -a -d 4",
        "-c /^NDLS/i -a -d 4",
        "-a -c ndlsof -c ^ndlsof",
        "-g PGID -a -d 0-6",
        "-g PGID -a -c ndlsof",
        "+d DIR",
        "+D DIR",
        "+DDIR",
        "+D DIR -a -d 3-4",
        "-a +d DIR -p PID",
        "+d DIR DIR/read",
        "+L -a -p PID",
        "-a +L1 -p PID",
        "+L 1 -a -p PID",
        "+L2 -a -p PID -d 3-6",
        "+L -a -p PID -L",
        "-a -p PID -o",
        "-a -p PID -o 10",
        "-a -p PID -s",
        "-O -a -p PID",
        "-M -a -p PID -d 0-6",
        "-S -a -p PID -d 0-6",
        "-S 9 -a -p PID -d 0-6",
        "-S7 -a -p PID",
      })
  void tablesMatch(String args) {
    compare(args, Differential.exact());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-t -p PID",
        "-t -p PID,999999",
        "-t -c ndlsof",
        "-t -g PGID",
        "-t DIR/read",
      })
  void pidListsMatch(String args) {
    compare(args, Differential.exact().rowsAsSet());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-a -p PID -d 3 -Fn",
        "-a -p PID -Fpcfn",
        "-a -p PID -F0pcfn",
        "-a -p PID -d 3-5 -Fpgcfatin",
        "-a -p PID -d 3 -FpRuL",
        "-a -p PID -d 0-6 -FpfatDsin",
        "-a -p PID -d 3 -F pcfn",
        "-a -p PID -F0 pcfn",
        "+L -a -p PID -d 0-6 -Fpfkn",
        "-a -p PID -d 0-6 -F pfson",
        "-a -p PID -s -Fpfsn",
        // -F0 with process fields only: no empty line for each file (two processes, so the empty
        // lines would not all trail).
        "-p 1,PID -F0pc",
        "-a -p 1,PID -d cwd -F0pR",
      })
  void fieldOutputMatches(String args) {
    compare(args, Differential.exact());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-q",
        "-p",
        "-p abc",
        "/nonexistent/file",
        "+d DIR/read",
        "+D DIR/missing",
        "+D",
        "+d",
        "-a -p PID -F xyz",
        "-F DIR/read",
        "-L1",
        "-a -p PID -s -o",
        "-Q /nonexistent/file",
        "-Q -p 999999",
        "-Q -c zzz",
        "-S 1 -a -p PID -d 3",
        "-S0 -a -p PID -d 3",
        "-h",
        "-?",
        // Exit status: nothing listed is no failure by itself; a -c or -p item not found is.
        "-a -p PID -d 999",
        "-a -p PID -U",
        "-a -p PID -u 12345",
        "-a -p PID -c zzz",
        "-a -p PID -c /^zz/",
        "-a -p PID,999999",
        // -V: the items not found, in lsof's order (last given first for -c, files and -i).
        "-V -a -p PID -c zzz -c yyy -c /^q+$/ -iTCP:1 -iTCP:2 -iTCP:1",
        "-V -a -p PID,999999 -g 999999 -iTCP -sTCP:SYN_SENT,CLOSING",
        "-V -a -p PID -c ^zzz",
        "-V -a -p PID -i4 -d 999",
        // Found by differential fuzzing: lsof reads on past a bad option and reports each error
        // before its usage; option values are the next word, whatever it is.
        "-a -p PID -c -n",
        "-a -p PID -c /[/ -c /a(/ -c /x/q -c /x/ii",
        "-a -p PID -u -a",
        "-a -p PID -u 0,nosuchuser0,^nosuchuser1",
        "-a -p PID +c x",
        "-a -p PID +cx",
        "--foo -a -p PID",
        "-a -p PID -d 5-3,a-b,3-",
        "-a -p PID -d 0-4,^2",
        "-a -p PID -d -n",
        "-a -p PID -d 3x",
        "-a -p PID -sTCP:FOO -sUDP:Idle -sXYZ:LISTEN -sTCP: -sTCP:,^",
        "-a -p PID -s DIR/read",
        "-a -p PID -sTCP:LISTEN,^LISTEN",
        "-a -p PID -sTCP:LISTEN -sTCP:LISTEN",
        "-a -p PID -c ndlsof -c ^ndlsof",
        "-p 1,x",
        "-a -p PID -i DIR/read",
        "-a -p PID -i:http-8080 -i@::1 -i:8-2 -i4@[::1] -i6@127.0.0.1 -i: -i4:80x",
        "-a -p PID -i4 -i@[::1]",
        "-a -p PID -i:80,22 -i:1-http",
        "DIR/read -a -p PID",
        "-V -a -d 3 -c ndlsof -c /^ndl/",
        "-V -a -d 3 -c ndl -c ndlsof",
        // -F ? prints lsof's field help (after the usage summary when the line has an error);
        // -F z (zones) is taken and prints nothing.
        "-F?",
        "-a -p PID -F ?",
        "-a -p PID -c /[/ -F?",
        "-a -p PID -d 3 -Fpz",
        // lsof's MAXSYSCMDL: a comm is at most 15 characters.
        "-a -p PID +c 16",
        "-a -p PID -c abcdefghijklmnop -c ^abcdefghijklmnopq",
        // IDs given twice are one item; included and excluded, an error.
        "-a -p PID -u ^root -u 0",
        "-a -p PID,^PID",
        "-a -g PGID,^PGID -p PID",
        "-a -p PID,PID -V",
        "-t -F -p PID",
        // -h with an error: the messages, then the whole help.
        "-h -c /[/",
        // Under -a a process no -p took is dropped before -c is tried: ndlsof is not located.
        "-V -a -p 1 -c ndlsof",
        // A bad -T letter is one more error: lsof reads on.
        "-a -p PID -Txy --foo",
        // -a with -i: lsof examines socket files only, so a FILE item is not found (exit 1).
        "-a -i -- DIR/read",
        "-a -i DIR/read",
        "-a -U DIR/read",
        // -h exits before -X is checked against -i.
        "-h -X -i",
        // -b: a notice for every mount (unless -w, or -t; +w after them brings them back),
        // FILE arguments and +D/+d directories not stat'ed (EAGAIN).
        "-b -a -p PID -d cwd",
        "-b -w -a -p PID -d cwd",
        "-w -b +w -a -p PID -d cwd",
        "+w -b -w -a -p PID -d cwd",
        "-b -t -p PID",
        "-b DIR/read",
        "-b -w DIR/read DIR/missing",
        "-b -Q DIR/read",
        "-b -a -p PID -d cwd DIR/read",
        "-b +D DIR",
        "-b -w +d DIR",
        "-w +D DIR/missing",
      })
  void errorsMatch(String args) {
    compare(args, Differential.exact().withStderr());
  }

  @Test
  void unbuiltOptionsSaySo() {
    for (String option : List.of("-FC", "-FN", "-FZ")) {
      Cmd.Result ours = LsofRun.ours(List.of("lsof", option, "-p", "1"));
      assertEquals(1, ours.exitCode(), option);
      assertTrue(ours.stderr().startsWith("netdiag lsof: "), ours.stderr());
      assertTrue(ours.stderr().contains("not built yet"), ours.stderr());
      assertEquals(1, ours.stderr().lines().count(), ours.stderr());
    }
  }

  @Test
  void jsonListsTheChildsFiles() {
    Cmd.Result ours =
        LsofRun.ours(List.of("lsof", "--json", "-a", "-p", Long.toString(pid), "-d", "3"));
    assertEquals(0, ours.exitCode(), ours.stderr());
    assertTrue(ours.stdout().contains("\"fd\":\"3\""), ours.stdout());
    assertTrue(ours.stdout().contains("\"access\":\"r\""), ours.stdout());
    assertTrue(ours.stdout().contains("\"size\":6"), ours.stdout());
    assertTrue(ours.stdout().contains("\"command\":\"ndlsof t\""), ours.stdout());
  }
}
