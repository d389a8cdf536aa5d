package dev.netdiag.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace joined to this one by a veth pair, for tests that need a remote host: a /30
 * from 198.18.0.0/15 (RFC 2544's benchmarking range, never routed) and a /64 from 2001:db8::/32
 * (documentation), so no traffic can leave the machine. Needs root; deleting it removes the pair.
 */
public final class NetNamespace implements AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final String name;
  private final String hostLink;
  private final String peerLink;
  private final String hostIpv4;
  private final String peerIpv4;
  private final String hostIpv6;
  private final String peerIpv6;

  private NetNamespace(int block) {
    String id = Integer.toString(block, 36);
    this.name = "netdiag-t" + id;
    this.hostLink = "ndh" + id;
    this.peerLink = "ndp" + id;
    int base = block * 4;
    String prefix = "198." + (18 + (base >> 16)) + "." + ((base >> 8) & 255) + ".";
    this.hostIpv4 = prefix + ((base & 255) + 1);
    this.peerIpv4 = prefix + ((base & 255) + 2);
    this.hostIpv6 = "2001:db8:" + Integer.toHexString(block) + "::1";
    this.peerIpv6 = "2001:db8:" + Integer.toHexString(block) + "::2";
  }

  /** Creates the namespace and the link, up and addressed; the caller closes it. */
  public static NetNamespace create() {
    Requires.assumeRoot("network namespaces and veth links");
    Requires.assumeInstalled("ip");
    int block = (int) ((ProcessHandle.current().pid() * 16 + COUNTER.getAndIncrement()) % 32768);
    NetNamespace ns = new NetNamespace(block);
    try {
      ns.setUp();
    } catch (RuntimeException | Error e) {
      ns.close();
      throw e;
    }
    return ns;
  }

  private void setUp() {
    ip("netns", "add", name);
    ip("link", "add", hostLink, "type", "veth", "peer", "name", peerLink);
    ip("link", "set", peerLink, "netns", name);
    ip("addr", "add", hostIpv4 + "/30", "dev", hostLink);
    ip("-6", "addr", "add", hostIpv6 + "/64", "dev", hostLink, "nodad");
    ip("link", "set", hostLink, "up");
    ip("-n", name, "addr", "add", peerIpv4 + "/30", "dev", peerLink);
    ip("-n", name, "-6", "addr", "add", peerIpv6 + "/64", "dev", peerLink, "nodad");
    ip("-n", name, "link", "set", peerLink, "up");
    ip("-n", name, "link", "set", "lo", "up");
  }

  private static void ip(String... args) {
    List<String> argv = new ArrayList<>();
    argv.add("ip");
    argv.addAll(List.of(args));
    Cmd.run(Duration.ofSeconds(10), argv).orFail(String.join(" ", argv));
  }

  public String name() {
    return name;
  }

  /** This side's IPv4 address on the link. */
  public String hostIpv4() {
    return hostIpv4;
  }

  /** The namespace's IPv4 address: the "remote host". */
  public String peerIpv4() {
    return peerIpv4;
  }

  /** This side's IPv6 address on the link. */
  public String hostIpv6() {
    return hostIpv6;
  }

  /** The namespace's IPv6 address. */
  public String peerIpv6() {
    return peerIpv6;
  }

  /** Runs a command inside the namespace. */
  public Cmd.Result exec(String... argv) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
    full.addAll(List.of(argv));
    return Cmd.run(Duration.ofSeconds(30), full);
  }

  /** Loads an nftables script (nft -f syntax) inside the namespace. */
  public void nft(String script) {
    Requires.assumeInstalled("nft");
    try {
      Path file = Files.createTempFile("netdiag-nft", ".nft");
      try {
        Files.writeString(file, script);
        exec("nft", "-f", file.toString()).orFail("nft -f in " + name);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    Cmd.run(Duration.ofSeconds(10), List.of("ip", "netns", "del", name));
    Cmd.run(Duration.ofSeconds(10), List.of("ip", "link", "del", hostLink));
  }
}
