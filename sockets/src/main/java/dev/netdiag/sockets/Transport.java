package dev.netdiag.sockets;

/** A socket table that sock_diag and /proc/net list: the inet protocols and the other families. */
public enum Transport {
  TCP("tcp", 6),
  UDP("udp", 17),
  UDPLITE("udp", 136),
  RAW("raw", 255),
  /** DCCP (inet_diag through dccp_diag; Linux removed DCCP in 6.16): sock_diag only. */
  DCCP("dccp", 33),
  /** SCTP (inet_diag through sctp_diag): sock_diag only, as ss reads it. */
  SCTP("sctp", 132),
  /** MPTCP connections (the subflows are TCP sockets): sock_diag only, no /proc/net file. */
  MPTCP("mptcp", 262);

  private final String netid;
  private final int protocol;

  Transport(String netid, int protocol) {
    this.netid = netid;
    this.protocol = protocol;
  }

  /** ss's Netid column text. */
  public String netid() {
    return netid;
  }

  /**
   * The IPPROTO_ number used in inet_diag requests (include/uapi/linux/in.h); above 255 (MPTCP) it
   * goes in an INET_DIAG_REQ_PROTOCOL attribute.
   */
  public int protocol() {
    return protocol;
  }
}
