package dev.netdiag.sockets;

/**
 * One AF_XDP socket as xdp_diag reports it. Ring sizes are -1 when the kernel sent no such ring.
 *
 * @param type the socket type (SOCK_RAW)
 * @param inode the socket's inode
 * @param cookie the socket cookie
 * @param interfaceIndex the bound device (XDP_DIAG_INFO), 0 when unbound
 * @param queueId the bound queue
 * @param uid the owner (XDP_DIAG_UID)
 * @param receiveQueue bytes queued (SK_MEMINFO_RMEM_ALLOC of XDP_DIAG_MEMINFO)
 * @param rxRing the RX ring's entries, or -1
 * @param txRing the TX ring's entries, or -1
 * @param umem the UMEM, or null
 * @param fillRing the UMEM fill ring's entries, or -1
 * @param completionRing the UMEM completion ring's entries, or -1
 * @param skmem XDP_DIAG_MEMINFO, or null
 * @param stats XDP_DIAG_STATS: rx dropped, rx invalid, rx queue full, rx fill ring empty, tx
 *     invalid, tx ring empty; or null
 */
public record XdpSocketRecord(
    int type,
    long inode,
    long cookie,
    int interfaceIndex,
    long queueId,
    long uid,
    long receiveQueue,
    long rxRing,
    long txRing,
    Umem umem,
    long fillRing,
    long completionRing,
    long[] skmem,
    long[] stats) {

  /**
   * struct xdp_diag_umem.
   *
   * @param zeroCopy XDP_DU_F_ZEROCOPY of its flags
   */
  public record Umem(
      long size,
      long id,
      long pages,
      long chunkSize,
      long headroom,
      long interfaceIndex,
      long queueId,
      boolean zeroCopy,
      long refs) {}
}
