package dev.netdiag.sockets;

/**
 * A TCP socket's upper-layer protocol, INET_DIAG_ULP_INFO (sent with the tcp_info to CAP_NET_ADMIN
 * callers): its name and, for kernel TLS and MPTCP subflows, their nested attributes, kept by type
 * with a presence bit each (ss prints each only when the kernel sent it).
 *
 * <pre>
 * INET_ULP_INFO_NAME 1 (string), TLS 2, MPTCP 3 (include/uapi/linux/inet_diag.h)
 * TLS_INFO_  VERSION 1, CIPHER 2, TXCONF 3, RXCONF 4 (u16), ZC_RO_TX 5 (flag)   linux/tls.h
 * MPTCP_SUBFLOW_ATTR_  TOKEN_REM 1, TOKEN_LOC 2, RELWRITE_SEQ 3 (u32), MAP_SEQ 4 (u64),
 *   MAP_SFSEQ 5, SSN_OFFSET 6, MAP_DATALEN 7, FLAGS 8 (u32), ID_REM 9, ID_LOC 10 (u8)  linux/mptcp.h
 * </pre>
 *
 * @param name the ULP's name ("tls", "mptcp"), or null
 * @param tls the TLS attributes by type (index 0 unused), or null when there is no TLS nest
 * @param tlsPresent bit n set when TLS attribute n was sent
 * @param mptcp the MPTCP subflow attributes by type, or null when there is no MPTCP nest
 * @param mptcpPresent bit n set when MPTCP attribute n was sent
 */
public record UlpInfo(String name, long[] tls, int tlsPresent, long[] mptcp, int mptcpPresent) {
  public static final int TLS_VERSION = 1;
  public static final int TLS_CIPHER = 2;
  public static final int TLS_TXCONF = 3;
  public static final int TLS_RXCONF = 4;
  public static final int TLS_ZC_RO_TX = 5;
  public static final int MPTCP_TOKEN_REM = 1;
  public static final int MPTCP_TOKEN_LOC = 2;
  public static final int MPTCP_RELWRITE_SEQ = 3;
  public static final int MPTCP_MAP_SEQ = 4;
  public static final int MPTCP_MAP_SFSEQ = 5;
  public static final int MPTCP_SSN_OFFSET = 6;
  public static final int MPTCP_MAP_DATALEN = 7;
  public static final int MPTCP_FLAGS = 8;
  public static final int MPTCP_ID_REM = 9;
  public static final int MPTCP_ID_LOC = 10;

  /** Whether TLS attribute {@code type} was sent. */
  public boolean hasTls(int type) {
    return tls != null && (tlsPresent & (1 << type)) != 0;
  }

  /** Whether MPTCP subflow attribute {@code type} was sent. */
  public boolean hasMptcp(int type) {
    return mptcp != null && (mptcpPresent & (1 << type)) != 0;
  }
}
