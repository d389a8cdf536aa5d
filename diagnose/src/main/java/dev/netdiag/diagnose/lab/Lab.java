package dev.netdiag.diagnose.lab;

import java.util.List;

/**
 * One reproducible broken network: two namespaces (client and server) joined by a veth pair, a
 * server started in the server namespace, and the one thing the lab breaks.
 *
 * @param name the name users type ("firewall-drop")
 * @param index a small number that picks the lab's addresses and link names (1 to 63)
 * @param summary what is broken, in one line
 * @param server how the server listens: {@code listen ADDR [--backlog N] [--no-accept]
 *     [--no-close]} words for `lab serve`, with ADDR written as {@code v4}, {@code v6} or {@code
 *     lo} for the server's own addresses; empty for no server
 * @param nft an nftables script for the server namespace, or empty
 * @param clientHosts extra /etc/hosts lines for the client namespace ({@code WRONG} stands for an
 *     address with no route)
 * @param zone records served by an authoritative nsd in the server namespace (zone lab.test), or
 *     empty for no DNS server
 * @param clientLoad `lab serve` words run from the client once the server is up (connect loads), or
 *     empty
 * @param clientTarget the diagnose target to try from the client
 * @param clientExpect the finding diagnose should report from the client
 * @param serverTarget the diagnose target to try on the server
 * @param serverExpect the finding diagnose should report on the server
 * @param explanation a few sentences for people learning the tools
 * @param pending the finding diagnose will name once the check it needs is merged (the listener and
 *     health checks need the sockets module, dns-mismatch the dns module), or empty
 */
public record Lab(
    String name,
    int index,
    String summary,
    List<String> server,
    String nft,
    List<String> clientHosts,
    String zone,
    List<String> clientLoad,
    String clientTarget,
    String clientExpect,
    String serverTarget,
    String serverExpect,
    String explanation,
    String pending) {
  public Lab {
    server = List.copyOf(server);
    clientHosts = List.copyOf(clientHosts);
    clientLoad = List.copyOf(clientLoad);
  }

  /** The client namespace's name. */
  public String clientNamespace() {
    return "netdiag-lab-" + name + "-c";
  }

  /** The server namespace's name. */
  public String serverNamespace() {
    return "netdiag-lab-" + name + "-s";
  }

  /** The client's IPv4 address on the lab link (198.19.200+index.1; RFC 2544 range). */
  public String clientIpv4() {
    return "198.19." + (192 + index) + ".1";
  }

  /** The server's IPv4 address on the lab link. */
  public String serverIpv4() {
    return "198.19." + (192 + index) + ".2";
  }

  /**
   * An address off the lab's /29 that no route leads to: where a stale /etc/hosts entry points (the
   * client fails at once with "network is unreachable", no ARP wait).
   */
  public String unusedIpv4() {
    return "198.19." + (192 + index) + ".77";
  }

  /** The client's IPv6 address (2001:db8::/32, documentation). */
  public String clientIpv6() {
    return "2001:db8:1ab:" + Integer.toHexString(index) + "::1";
  }

  /** The server's IPv6 address. */
  public String serverIpv6() {
    return "2001:db8:1ab:" + Integer.toHexString(index) + "::2";
  }
}
