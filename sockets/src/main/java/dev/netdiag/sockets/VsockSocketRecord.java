package dev.netdiag.sockets;

/**
 * One AF_VSOCK socket as vsock_diag reports it.
 *
 * @param stream true for SOCK_STREAM (ss's v_str), false for SOCK_DGRAM (v_dgr); see {@link #type}
 * @param type the socket type (1 stream, 2 datagram; others print as ???)
 * @param state the kernel state (TCP_ numbering: ESTABLISHED, LISTEN, CLOSE, …)
 * @param localCid the local context id, 0xffffffff (VMADDR_CID_ANY) for a wildcard
 * @param localPort the local port, 0xffffffff (VMADDR_PORT_ANY) when unbound
 * @param peerCid the peer's context id, 0xffffffff when not connected
 * @param peerPort the peer's port, 0xffffffff when not connected
 * @param inode the socket's inode
 * @param cookie the socket cookie
 */
public record VsockSocketRecord(
    boolean stream,
    int type,
    SocketState state,
    long localCid,
    long localPort,
    long peerCid,
    long peerPort,
    long inode,
    long cookie) {
  /** VMADDR_CID_ANY and VMADDR_PORT_ANY (include/uapi/linux/vm_sockets.h): ss prints them as *. */
  public static final long ANY = 0xffffffffL;

  /** ss's Netid: v_str, v_dgr, or ??? for another type. */
  public String netid() {
    return switch (type) {
      case 1 -> "v_str";
      case 2 -> "v_dgr";
      default -> "???";
    };
  }
}
