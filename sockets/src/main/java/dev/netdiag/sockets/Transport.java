package dev.netdiag.sockets;

/** A socket table that sock_diag and /proc/net list: the inet protocols and the other families. */
public enum Transport {
  TCP("tcp", 6),
  UDP("udp", 17),
  UDPLITE("udp", 136),
  RAW("raw", 255);

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

  /** The IPPROTO_ number used in inet_diag requests (include/uapi/linux/in.h). */
  public int protocol() {
    return protocol;
  }
}
