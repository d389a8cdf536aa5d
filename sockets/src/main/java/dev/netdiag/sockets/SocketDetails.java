package dev.netdiag.sockets;

/**
 * Optional per-socket attributes of an inet_diag reply, present when the query asked for them.
 *
 * @param congestion the TCP congestion control name (INET_DIAG_CONG), or null
 * @param shutdown the SHUT_ bits (INET_DIAG_SHUTDOWN), or -1 when absent
 * @param mark the socket mark (INET_DIAG_MARK), or -1 when absent
 * @param cgroupId the cgroup v2 id (INET_DIAG_CGROUP_ID), or 0 when absent
 * @param tos the IPv4 TOS (INET_DIAG_TOS), or -1 when absent
 * @param tclass the IPv6 traffic class (INET_DIAG_TCLASS), or -1 when absent
 * @param skmem the SK_MEMINFO_ array (INET_DIAG_SKMEMINFO), or null
 * @param meminfo rmem, wmem, fmem, tmem (INET_DIAG_MEMINFO), or null
 * @param tcpInfo struct tcp_info (INET_DIAG_INFO), or null
 * @param v6only INET_DIAG_SKV6ONLY (0 or 1), -1 when absent
 * @param congestionInfoType the attribute carrying the congestion control's own info: 3 VEGASINFO
 *     (u32 enabled, rttcnt, rtt, minrtt), 9 DCTCPINFO (u16 enabled, u16 ce_state, u32 alpha,
 *     ab_ecn, ab_tot), 16 BBRINFO (u32 bw_lo, bw_hi, min_rtt, pacing_gain, cwnd_gain); 0 for none
 * @param congestionInfo that attribute's value as host-order u32 words, or null
 * @param classId the net_cls class id, or the socket priority when none (INET_DIAG_CLASS_ID, sent
 *     with TCLASS), or -1 when absent
 * @param sockopt struct inet_diag_sockopt's two bytes of flags as a little-endian u16
 *     (INET_DIAG_SOCKOPT, Linux 5.10+; see the SOCKOPT_ bits), or -1 when absent
 * @param mptcpInfo an MPTCP socket's struct mptcp_info (INET_DIAG_INFO): subflows, add_addr_signal,
 *     add_addr_accepted, subflows_max, add_addr_signal_max, add_addr_accepted_max, flags, token,
 *     write_seq, snd_una, rcv_nxt; or null
 * @param ulp the upper-layer protocol (INET_DIAG_ULP_INFO: kernel TLS, an MPTCP subflow), or null
 */
public record SocketDetails(
    String congestion,
    int shutdown,
    long mark,
    long cgroupId,
    int tos,
    int tclass,
    long[] skmem,
    long[] meminfo,
    TcpInfo tcpInfo,
    int v6only,
    int congestionInfoType,
    long[] congestionInfo,
    long classId,
    int sockopt,
    long[] mptcpInfo,
    UlpInfo ulp) {
  // struct inet_diag_sockopt (include/uapi/linux/inet_diag.h): u8 bitfields, first field lowest
  // on the little-endian ABIs the kernel builds them for.
  public static final int SOCKOPT_RECVERR = 1;
  public static final int SOCKOPT_IS_ICSK = 1 << 1;
  public static final int SOCKOPT_FREEBIND = 1 << 2;
  public static final int SOCKOPT_HDRINCL = 1 << 3;
  public static final int SOCKOPT_MC_LOOP = 1 << 4;
  public static final int SOCKOPT_TRANSPARENT = 1 << 5;
  public static final int SOCKOPT_MC_ALL = 1 << 6;
  public static final int SOCKOPT_NODEFRAG = 1 << 7;
  public static final int SOCKOPT_BIND_ADDRESS_NO_PORT = 1 << 8;
  public static final int SOCKOPT_RECVERR_RFC4884 = 1 << 9;
  public static final int SOCKOPT_DEFER_CONNECT = 1 << 10;
}
