package dev.netdiag.sockets;

/**
 * One AF_PACKET socket as packet_diag or /proc/net/packet report it.
 *
 * @param raw true for SOCK_RAW (ss's p_raw), false for SOCK_DGRAM (p_dgr)
 * @param protocol the ethertype in host order (3 = ETH_P_ALL)
 * @param inode the socket's inode
 * @param cookie the kernel's socket cookie, 0 from /proc
 * @param interfaceIndex the bound device, 0 for any
 * @param receiveQueue bytes allocated for received packets (SK_MEMINFO_RMEM_ALLOC)
 * @param uid the owner's uid
 * @param version the TPACKET_ version (packet_diag_info), -1 when absent
 * @param copyThreshold pdi_copy_thresh, -1 when absent
 * @param flags PDI_ flags: running 1, auxdata 2, origdev 4, vnethdr 8, loss 16; -1 when absent
 * @param skmem the SK_MEMINFO_ array, null when absent
 * @param filter the attached classic BPF program as (code, jt, jf, k) quadruples, null when none
 *     (or not shown: packet_diag sends it to CAP_NET_ADMIN only)
 */
public record PacketSocketRecord(
    boolean raw,
    int protocol,
    long inode,
    long cookie,
    int interfaceIndex,
    long receiveQueue,
    long uid,
    int version,
    long copyThreshold,
    int flags,
    long[] skmem,
    long[] filter) {

  /** ss's Netid column text. */
  public String netid() {
    return raw ? "p_raw" : "p_dgr";
  }
}
