package dev.netdiag.sockets;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One inet socket (TCP, UDP, UDP-Lite, RAW) as sock_diag or /proc/net report it. Addresses are
 * network-order bytes (4 or 16); do not modify them.
 *
 * @param transport the table it came from
 * @param family IPv4 or IPv6
 * @param state the kernel state (UDP: ESTABLISHED when connected, CLOSE otherwise)
 * @param localAddress local address bytes, all zero for a wildcard bind
 * @param localPort local port, 0..65535 (for RAW: the protocol number)
 * @param remoteAddress peer address bytes, all zero when unconnected
 * @param remotePort peer port, 0 when unconnected
 * @param interfaceIndex the bound device (SO_BINDTODEVICE or a scoped address), 0 when none
 * @param receiveQueue bytes unread; for listeners the accept-queue length
 * @param sendQueue bytes unsent; for listeners the backlog limit
 * @param uid owner's user id
 * @param inode the socket's inode (0 for TIME-WAIT and request sockets)
 * @param cookie the kernel's socket cookie (sk: in ss -e), 0 when unknown
 * @param timer the pending timer
 * @param retransmits retransmits (or keepalive probes) of the pending timer
 * @param expiresMillis milliseconds until the timer fires
 * @param v6only IPV6_V6ONLY on an IPv6 listener or unconnected socket (INET_DIAG_SKV6ONLY): ss
 *     prints its wildcard as {@code [::]} instead of {@code *}
 * @param details -e/-i/-m attributes when they were asked for, else null
 * @param mark the socket mark (INET_DIAG_MARK, sent to CAP_NET_ADMIN callers for full sockets), 0
 *     when not reported, as ss reads it
 * @param cgroupId the cgroup v2 id (INET_DIAG_CGROUP_ID, sent for full sockets), 0 when not
 *     reported (TIME-WAIT and request sockets, /proc/net), as ss reads it
 */
public record SocketRecord(
    Transport transport,
    IpFamily family,
    SocketState state,
    byte[] localAddress,
    int localPort,
    byte[] remoteAddress,
    int remotePort,
    int interfaceIndex,
    long receiveQueue,
    long sendQueue,
    int uid,
    long inode,
    long cookie,
    TcpTimer timer,
    int retransmits,
    long expiresMillis,
    boolean v6only,
    SocketDetails details,
    int mark,
    long cgroupId) {

  /** The local address as a java.net address. */
  public InetAddress localInetAddress() {
    return inet(localAddress);
  }

  /** The peer address as a java.net address. */
  public InetAddress remoteInetAddress() {
    return inet(remoteAddress);
  }

  private static InetAddress inet(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of " + bytes.length + " bytes", e);
    }
  }

  /** True when every byte of the address is zero (the wildcard). */
  public static boolean isWildcard(byte[] address) {
    for (byte b : address) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
