package dev.netdiag.cli.lsof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.Differential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * File systems, file flags, directory cross-over and exempt file systems against lsof 4.95: a
 * python3 child whose cwd is /dev/shm (a tmpfs mount point) holds a file there (also mapped), files
 * under the test directory (one reached through a symbolic link from the searched tree), a file
 * opened with O_APPEND|O_NONBLOCK, a directory opened O_DIRECTORY, a pipe and a UDP socket on
 * 127.0.0.1. Every case is restricted to the child (-a -p PID); DIR stands for the test directory.
 */
class LsofFileSystemTest {
  @TempDir static Path dir;
  private static PythonChild child;
  private static Path shmFile;

  @BeforeAll
  static void startChild() throws Exception {
    Assumptions.assumeTrue(
        Files.readString(Path.of("/proc/mounts")).contains(" /dev/shm tmpfs "),
        "/dev/shm is not a tmpfs mount point");
    shmFile = Path.of("/dev/shm/ndlsof-fs-" + ProcessHandle.current().pid());
    child =
        PythonChild.start(
            List.of(),
            String.join(
                "\n",
                "import mmap, os, socket, sys, time",
                "d, shm = sys.argv[1], sys.argv[2]",
                "for sub in ('top/sub', 'out'):",
                "    os.makedirs(os.path.join(d, sub))",
                "for name in ('top/own', 'top/sub/deep', 'out/held'):",
                "    open(os.path.join(d, name), 'w').write('x' * 10)",
                "os.symlink(os.path.join(d, 'out/held'), os.path.join(d, 'top/lnk'))",
                "os.symlink(os.path.join(d, 'out'), os.path.join(d, 'top/lnkdir'))",
                "held = [open(os.path.join(d, n)) for n in ('out/held', 'top/own', 'top/sub/deep')]",
                "a = os.open(os.path.join(d, 'app'),"
                    + " os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NONBLOCK)",
                "t = os.open(d, os.O_RDONLY | os.O_DIRECTORY)",
                "s = open(shm, 'w+b')",
                "s.write(b'x' * 8192)",
                "s.flush()",
                "m = mmap.mmap(s.fileno(), 4096)",
                "r, w = os.pipe()",
                "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
                "u.bind(('127.0.0.1', 0))",
                "n = os.open('/dev/null', os.O_RDWR)",
                "os.chdir('/dev/shm')",
                "print('ready', flush=True)",
                "time.sleep(300)"),
            dir.toString(),
            shmFile.toString());
  }

  @AfterAll
  static void stopChild() throws Exception {
    if (child != null) {
      child.close();
    }
    if (shmFile != null) {
      Files.deleteIfExists(shmFile);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // +f/-f: a mount point names its file system, -f a plain file, +f only file systems.
        "+f -- /dev/shm",
        "-- /dev/shm",
        "-f -- /dev/shm",
        "+f -- /dev/shm/",
        "+f -- DIR",
        "+f -- /dev/shm /nonexistent",
        "-- /nonexistent DIR/top/own",
        "DIR/top/own DIR/top/own",
        // File flags: names, hex, the G field and the order of +f and -F.
        "+fg",
        "+fG",
        "+fg -d 3-99 -o",
        "-F pfG",
        "-F pftG +fg",
        "-F pftG -fg",
        "+fg -F pfaG",
        "-fg",
        // -x: order matters, as lsof reads +d/+D when it meets them.
        "+d DIR/top",
        "+D DIR/top",
        "-x l +d DIR/top",
        "-xl +D DIR/top",
        "-x +D DIR/top",
        "+D DIR/top -x",
        "-x f +D DIR",
        "+d /dev",
        "-x f +d /dev",
        // -e/+e: rows lsof neither stat'ed nor read, and what that does to the later descriptors.
        "-e /dev/shm",
        "+e /dev/shm",
        "-e /dev/shm +fg",
        "+e /dev/shm -F pfG",
        "-e /dev/shm -o",
        "-e /dev/shm -d 3-99",
        "-e /proc",
        "-e /dev/shm/ +fG",
        "-e /dev/shm -d mem",
        "-e /",
        "+e / -F pftDiG",
        "-e /dev/shm -- /dev/shm",
        "-e /dev/shm -F pftDinsoaG",
        "+e /dev/shm -d 0-99 -F pfDi",
        // -N: no NFS file here.
        "-N",
      })
  void listingsMatchLsof(String args) {
    compare("-nP -a -p PID " + args.replace("DIR", dir.toString()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-p PID -N",
        "-a -p PID +fcn",
        "-a -p PID -f DIR",
        "-a -p PID +fx",
        "-a -p PID -x",
        "-a -p PID -x fz +d DIR",
        "-a -p PID -e",
        "-a -p PID -e DIR",
        "-a -p PID -e proc",
        "-a -p PID -e /dev/shm -e DIR",
        "-a -p PID -D",
        "-a -p PID -D i",
        "-a -p PID -Z",
        "-a -p PID -A x",
        "-a -p PID -k x",
        "-a -p PID -m x",
        "-a -p PID +M",
        "-a -p PID -o -s -x",
      })
  void optionsMatchLsof(String args) {
    compare("-nP " + args.replace("DIR", dir.toString()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-nP +m", "-nP +m -p PID"})
  void mountSupplementMatchesLsof(String args) {
    // Namespaces other tests create come and go under /run/netns.
    child.compare(args, Differential.exact().withStderr().dropLines("^/run/netns/"));
  }

  @Test
  void jsonCarriesFlagsAndExemptRows() {
    String pid = Long.toString(child.pid());
    Cmd.Result flags =
        LsofRun.ours(List.of("lsof", "--json", "+fg", "-a", "-p", pid, "-d", "0-99"));
    assertEquals(0, flags.exitCode(), flags.stderr());
    assertTrue(flags.stdout().contains("\"flags\":\"W,AP,ND,LG,CX\""), flags.stdout());
    Cmd.Result exempt =
        LsofRun.ours(List.of("lsof", "--json", "-e", "/dev/shm", "-a", "-p", pid, "-d", "cwd"));
    assertTrue(exempt.stdout().contains("\"type\":\"UNKNcwd\",\"device\":null"), exempt.stdout());
  }

  private static void compare(String args) {
    child.compare(args, Differential.exact().withStderr());
  }
}
