package dev.netdiag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.testkit.Cmd;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ./netdiag launcher on the application this build just packaged: the fast path (no Maven when
 * the build is current), finding JDK 25 when the java on PATH is older, and the multi-call names.
 */
class LauncherIT {
  private static Path root;

  @BeforeAll
  static void currentBuild() throws Exception {
    root = Path.of(System.getProperty("user.dir")).getParent();
    Path app = root.resolve("cli/target/app");
    assertTrue(Files.exists(app.resolve("netdiag.jar")), "package ran before this test");
    // This build is current: mark it so, as the launcher's own build would.
    Path stamp = app.resolve(".built");
    if (!Files.exists(stamp)) {
      Files.createFile(stamp);
    }
    Files.setLastModifiedTime(stamp, FileTime.from(Instant.now().plusSeconds(5)));
  }

  /** Runs the launcher with a PATH whose java is the machine's default, JAVA_HOME unset. */
  private static Cmd.Result launch(Path launcher, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add("env");
    argv.add("-u");
    argv.add("JAVA_HOME");
    argv.add("PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
    argv.add(launcher.toString());
    argv.addAll(List.of(args));
    return Cmd.run(Duration.ofSeconds(60), argv);
  }

  @Test
  void runsWithoutBuildingWhenCurrent() {
    Cmd.Result result = launch(root.resolve("netdiag"), "--version");
    assertEquals(0, result.exitCode(), result.stderr());
    assertTrue(result.stdout().startsWith("netdiag "), result.stdout());
    assertFalse(result.stderr().contains("building"), result.stderr());
    assertEquals("", result.stderr());
  }

  @Test
  void runsProbeWithNativeAccessAndNoWarnings() throws Exception {
    try (ServerSocket listener =
        new ServerSocket(0, 5, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      Cmd.Result result =
          launch(root.resolve("netdiag"), "probe", "127.0.0.1:" + listener.getLocalPort());
      assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
      assertTrue(result.stdout().contains(" open "), result.stdout());
      assertEquals("", result.stderr(), "no JVM or native-access warnings");
    }
  }

  @Test
  void aSymlinkNamedForAToolRunsThatTool() throws Exception {
    Path dir = Files.createTempDirectory("netdiag-multicall");
    try {
      for (String tool : new String[] {"dig", "ss", "netstat", "lsof", "getent"}) {
        Path link = Files.createSymbolicLink(dir.resolve(tool), root.resolve("netdiag"));
        Cmd.Result result = launch(link, "--netdiag-multicall-check");
        // Whatever the tool says of the bogus option, the launcher passed the tool's name first:
        // either the tool ran (its own message) or the top level named the tool as unknown.
        String all = result.stdout() + result.stderr();
        assertTrue(all.contains(tool), tool + ": " + all);
        assertFalse(all.contains("Exception"), all);
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }
}
