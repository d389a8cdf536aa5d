package dev.netdiag.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real authoritative DNS server (NSD, Debian package nsd) serving the given zones on a loopback
 * address, started in the foreground for one test class and stopped on close. Rate limiting is off,
 * so benchmarks measure the server and not its limiter.
 */
public final class NsdServer implements AutoCloseable {
  private final Path dir;
  private final Process process;
  private final String address;
  private final int port;

  private NsdServer(Path dir, Process process, String address, int port) {
    this.dir = dir;
    this.process = process;
    this.address = address;
    this.port = port;
  }

  /**
   * Starts nsd on address#port with zones (origin without trailing dot → zone file text). Skips the
   * test when nsd is missing; port 53 needs root.
   */
  public static NsdServer start(String address, int port, Map<String, String> zones) {
    return start(address, port, zones, "");
  }

  /**
   * The same, with more top-level nsd.conf clauses (a {@code key:} clause for TSIG, say) written
   * before the zones.
   */
  public static NsdServer start(
      String address, int port, Map<String, String> zones, String extraConf) {
    Requires.assumeInstalled("nsd");
    if (port < 1024) {
      Requires.assumeRoot("nsd on port " + port);
    }
    try {
      Path dir = Files.createTempDirectory("netdiag-nsd");
      StringBuilder conf = new StringBuilder();
      conf.append("server:\n")
          .append("  ip-address: ")
          .append(address)
          .append('@')
          .append(port)
          .append('\n')
          .append("  username: \"\"\n  chroot: \"\"\n  database: \"\"\n")
          .append("  zonesdir: \"")
          .append(dir)
          .append("\"\n")
          .append("  pidfile: \"")
          .append(dir.resolve("nsd.pid"))
          .append("\"\n")
          .append("  zonelistfile: \"")
          .append(dir.resolve("zone.list"))
          .append("\"\n")
          .append("  xfrdfile: \"")
          .append(dir.resolve("xfrd.state"))
          .append("\"\n")
          .append("  xfrdir: \"")
          .append(dir)
          .append("\"\n")
          .append("  logfile: \"")
          .append(dir.resolve("nsd.log"))
          .append("\"\n")
          .append("  server-count: 1\n  verbosity: 1\n  rrl-ratelimit: 0\n  tcp-count: 200\n")
          .append("remote-control:\n  control-enable: no\n")
          .append(extraConf);
      for (Map.Entry<String, String> zone : zones.entrySet()) {
        String file = (zone.getKey().isEmpty() ? "root" : zone.getKey()) + ".zone";
        Files.writeString(dir.resolve(file), zone.getValue());
        conf.append("zone:\n  name: \"")
            .append(zone.getKey().isEmpty() ? "." : zone.getKey() + ".")
            .append("\"\n  zonefile: \"")
            .append(file)
            // Zone transfers to loopback only, for dig's AXFR cases.
            .append("\"\n  provide-xfr: 127.0.0.0/8 NOKEY\n");
      }
      Path confFile = dir.resolve("nsd.conf");
      Files.writeString(confFile, conf);
      Process process =
          new ProcessBuilder("nsd", "-d", "-c", confFile.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("nsd.out").toFile())
              .start();
      NsdServer server = new NsdServer(dir, process, address, port);
      server.awaitStarted(Duration.ofSeconds(15));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitStarted(Duration bound) throws IOException {
    Path log = dir.resolve("nsd.log");
    if (ServerProcess.awaitLog(process, log, l -> l.contains("nsd started"), bound)) {
      return;
    }
    String text = ServerProcess.text(log) + ServerProcess.text(dir.resolve("nsd.out"));
    close();
    throw new IllegalStateException("nsd did not start: " + text);
  }

  public String address() {
    return address;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    // nsd forks a server and an xfrd process; stop them with the parent.
    ServerProcess.stop(process, dir, true, Duration.ofSeconds(5));
  }
}
