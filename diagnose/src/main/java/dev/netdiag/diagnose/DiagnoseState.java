package dev.netdiag.diagnose;

import dev.netdiag.linux.Resolution;
import dev.netdiag.sockets.SocketState;
import dev.netdiag.sockets.SocketTableException;
import java.net.InetAddress;
import java.util.List;

/**
 * What the checks share: the target, the options, and what earlier checks learned (the addresses
 * the name resolved to and which of them belong to this host).
 */
public final class DiagnoseState {
  private final Target target;
  private final DiagnoseOptions options;
  private Resolution resolution;
  private List<InetAddress> addresses = List.of();
  private List<InetAddress> localAddresses = List.of();
  private PortSockets portSockets;
  private AuthorityLookup.Answer authority;

  public DiagnoseState(Target target, DiagnoseOptions options) {
    this.target = target;
    this.options = options;
  }

  public Target target() {
    return target;
  }

  public DiagnoseOptions options() {
    return options;
  }

  /** The NSS answer, or null for `:port` and literals. */
  public Resolution resolution() {
    return resolution;
  }

  void resolution(Resolution resolution) {
    this.resolution = resolution;
  }

  /** What the name's authoritative servers answered, or null when they were not asked. */
  AuthorityLookup.Answer authority() {
    return authority;
  }

  void authority(AuthorityLookup.Answer authority) {
    this.authority = authority;
  }

  /** The addresses to test: what the name resolved to, the literal, or loopback for `:port`. */
  public List<InetAddress> addresses() {
    return addresses;
  }

  void addresses(List<InetAddress> addresses) {
    this.addresses = List.copyOf(addresses);
  }

  /** The target addresses that belong to this host (all of them for `:port`). */
  public List<InetAddress> localAddresses() {
    return localAddresses;
  }

  void localAddresses(List<InetAddress> local) {
    this.localAddresses = List.copyOf(local);
  }

  /**
   * This host's TCP sockets on the target port, in every state, with their processes: read once, on
   * first use, and shared by the listener and health checks.
   */
  PortSockets portSockets() throws SocketTableException {
    if (portSockets == null) {
      portSockets = PortSockets.read(target.port(), SocketState.ALL);
    }
    return portSockets;
  }

  /** True when the target is this host: `:port`, or an address of one of its interfaces. */
  public boolean targetIsLocal() {
    return target.local() || !localAddresses.isEmpty();
  }
}
