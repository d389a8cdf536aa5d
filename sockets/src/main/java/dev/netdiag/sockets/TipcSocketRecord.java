package dev.netdiag.sockets;

/**
 * One AF_TIPC socket as tipc_diag reports it (its TIPC_NLA_SOCK attributes).
 *
 * @param type the socket type: SOCK_STREAM 1 (ti_st), SOCK_DGRAM 2 (ti_dg), SOCK_RDM 4 (ti_rd),
 *     SOCK_SEQPACKET 5 (ti_sq)
 * @param state the TIPC state, which uses the TCP_ numbers (TIPC_OPEN is CLOSE, …)
 * @param node the own node address (TIPC_NLA_SOCK_ADDR)
 * @param reference the socket's port reference (TIPC_NLA_SOCK_REF)
 * @param connected true when the socket has a peer (TIPC_NLA_SOCK_CON)
 * @param peerNode the peer's node, when connected
 * @param peerReference the peer's port reference, when connected
 * @param uid the owner
 * @param inode the socket's inode
 * @param cookie the socket cookie
 * @param receiveQueue messages queued for reading (TIPC_NLA_SOCK_STAT_RCVQ)
 * @param sendQueue messages queued for sending (TIPC_NLA_SOCK_STAT_SENDQ)
 */
public record TipcSocketRecord(
    int type,
    SocketState state,
    long node,
    long reference,
    boolean connected,
    long peerNode,
    long peerReference,
    long uid,
    long inode,
    long cookie,
    long receiveQueue,
    long sendQueue) {

  /** ss's Netid: ti_st, ti_dg, ti_rd, ti_sq, or ??? for another type. */
  public String netid() {
    return switch (type) {
      case 1 -> "ti_st";
      case 2 -> "ti_dg";
      case 4 -> "ti_rd";
      case 5 -> "ti_sq";
      default -> "???";
    };
  }
}
