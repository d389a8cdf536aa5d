package dev.netdiag.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real BIND 9.18 server (named, Debian package bind9) serving the given zones on 127.0.0.1 with
 * plain DNS (UDP and TCP), DNS over HTTPS, DNS over plain HTTP/2 and DNS over TLS (zone transfers
 * to loopback allowed, over TLS too) on ports it finds free, for one test class; stopped on close.
 * named listens only on addresses an interface has, so it cannot take the 127.53.x addresses the
 * nsd servers use.
 */
public final class NamedServer implements AutoCloseable {
  private static final String ADDRESS = "127.0.0.1";

  private final Path dir;
  private final Process process;
  private final int dnsPort;
  private final int httpsPort;
  private final int httpPort;
  private final int tlsPort;

  private NamedServer(
      Path dir, Process process, int dnsPort, int httpsPort, int httpPort, int tlsPort) {
    this.dir = dir;
    this.process = process;
    this.dnsPort = dnsPort;
    this.httpsPort = httpsPort;
    this.httpPort = httpPort;
    this.tlsPort = tlsPort;
  }

  /**
   * Starts named with zones (origin without trailing dot → zone file text) and a certificate for
   * its HTTPS endpoint "/dns-query". Skips the test when named is missing.
   */
  public static NamedServer start(Map<String, String> zones, SelfSignedCertificate certificate) {
    Requires.assumeInstalled("named");
    try {
      Path dir = Files.createTempDirectory("netdiag-named");
      int dns = freePort(true);
      int https = freePort(false);
      int http = freePort(false);
      int tls = freePort(false);
      StringBuilder conf = new StringBuilder();
      conf.append("options {\n")
          .append("  directory \"")
          .append(dir)
          .append("\";\n")
          .append("  pid-file \"")
          .append(dir.resolve("named.pid"))
          .append("\";\n")
          .append("  session-keyfile \"")
          .append(dir.resolve("session.key"))
          .append("\";\n")
          .append("  listen-on port ")
          .append(dns)
          .append(" { ")
          .append(ADDRESS)
          .append("; };\n")
          .append("  listen-on port ")
          .append(https)
          .append(" tls local-tls http local-http { ")
          .append(ADDRESS)
          .append("; };\n")
          .append("  listen-on port ")
          .append(http)
          .append(" tls none http local-http { ")
          .append(ADDRESS)
          .append("; };\n")
          .append("  listen-on port ")
          .append(tls)
          .append(" tls local-tls { ")
          .append(ADDRESS)
          .append("; };\n")
          .append("  listen-on-v6 { none; };\n")
          .append("  allow-transfer { 127.0.0.0/8; };\n")
          .append("  recursion no;\n  dnssec-validation no;\n")
          .append("};\n")
          .append("tls local-tls {\n")
          .append("  key-file \"")
          .append(certificate.key())
          .append("\";\n")
          .append("  cert-file \"")
          .append(certificate.cert())
          .append("\";\n")
          .append("};\n")
          .append("http local-http { endpoints { \"/dns-query\"; }; };\n")
          .append("controls { };\n");
      for (Map.Entry<String, String> zone : zones.entrySet()) {
        String file = zone.getKey() + ".zone";
        Files.writeString(dir.resolve(file), zone.getValue());
        conf.append("zone \"")
            .append(zone.getKey())
            .append("\" { type primary; file \"")
            .append(dir.resolve(file))
            .append("\"; };\n");
      }
      Path confFile = dir.resolve("named.conf");
      Files.writeString(confFile, conf);
      Process process =
          new ProcessBuilder("named", "-g", "-n", "1", "-c", confFile.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("named.log").toFile())
              .start();
      NamedServer server = new NamedServer(dir, process, dns, https, http, tls);
      server.awaitRunning(Duration.ofSeconds(20));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // A port no TCP socket (and, for plain DNS, no UDP socket) on 127.0.0.1 holds right now.
  private static int freePort(boolean udpToo) throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
        port = probe.getLocalPort();
      }
      if (!udpToo) {
        return port;
      }
      try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(ADDRESS, port))) {
        return port;
      } catch (IOException taken) {
        // Try another.
      }
    }
    throw new IOException("no free port on " + ADDRESS);
  }

  private void awaitRunning(Duration bound) throws IOException {
    Path log = dir.resolve("named.log");
    // Its last start-up line (an earlier one says "running on Linux ...").
    if (ServerProcess.awaitLog(process, log, l -> l.endsWith(" running"), bound)) {
      return;
    }
    String text = ServerProcess.text(log);
    close();
    throw new IllegalStateException("named did not start: " + text);
  }

  public String address() {
    return ADDRESS;
  }

  /** Plain DNS, UDP and TCP. */
  public int dnsPort() {
    return dnsPort;
  }

  /** DNS over HTTPS (HTTP/2 over TLS), path /dns-query. */
  public int httpsPort() {
    return httpsPort;
  }

  /** DNS over plain HTTP/2, path /dns-query. */
  public int httpPort() {
    return httpPort;
  }

  /** DNS over TLS, zone transfers (XoT) included. */
  public int tlsPort() {
    return tlsPort;
  }

  @Override
  public void close() {
    ServerProcess.stop(process, dir, false, Duration.ofSeconds(10));
  }
}
