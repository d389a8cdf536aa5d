package dev.netdiag.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command in a private mount namespace whose /etc/resolv.conf (and optionally /etc/hosts) is
 * the test's own, so name lookups go to a server the test started on loopback and never to the
 * machine's real resolver. Needs root (unshare -m).
 */
public final class ResolverSandbox {
  private final String resolvConf;
  private final String hosts;

  private ResolverSandbox(String resolvConf, String hosts) {
    this.resolvConf = resolvConf;
    this.hosts = hosts;
  }

  /** A sandbox whose resolv.conf has this text; /etc/hosts is kept. */
  public static ResolverSandbox withResolvConf(String resolvConf) {
    return new ResolverSandbox(resolvConf, null);
  }

  /**
   * A sandbox whose only name server is a loopback address nothing listens on: a tool that falls
   * back to DNS (reverse lookups of addresses /etc/hosts does not name) is refused at once instead
   * of asking the machine's resolver, so no query leaves the host.
   */
  public static ResolverSandbox offline() {
    return withResolvConf("nameserver 127.59.0.53\noptions timeout:1 attempts:1\n");
  }

  /** The same sandbox with /etc/hosts replaced by this text. */
  public ResolverSandbox withHosts(String hostsText) {
    return new ResolverSandbox(resolvConf, hostsText);
  }

  /** Runs argv inside the sandbox with a bound. */
  public Cmd.Result run(Duration bound, List<String> argv) {
    Requires.assumeRoot("a private mount namespace for /etc/resolv.conf");
    Requires.assumeInstalled("unshare", "mount");
    Path dir = null;
    try {
      dir = Files.createTempDirectory("netdiag-resolver");
      Path resolv = dir.resolve("resolv.conf");
      Files.writeString(resolv, resolvConf);
      StringBuilder script =
          new StringBuilder("mount --bind ").append(resolv).append(" /etc/resolv.conf");
      if (hosts != null) {
        Path hostsFile = dir.resolve("hosts");
        Files.writeString(hostsFile, hosts);
        script.append(" && mount --bind ").append(hostsFile).append(" /etc/hosts");
      }
      script.append(" && exec \"$@\"");
      List<String> full =
          new ArrayList<>(List.of("unshare", "-m", "sh", "-c", script.toString(), "sh"));
      full.addAll(argv);
      return Cmd.run(bound, full);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (dir != null) {
        try (var files = Files.list(dir)) {
          files.forEach(p -> p.toFile().delete());
          Files.deleteIfExists(dir);
        } catch (IOException e) {
          // A leftover temp directory is harmless.
        }
      }
    }
  }
}
