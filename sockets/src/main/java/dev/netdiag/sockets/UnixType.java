package dev.netdiag.sockets;

/** The socket types of AF_UNIX (include/linux/net.h SOCK_*) with ss's Netid names. */
public enum UnixType {
  STREAM(1, "u_str", "STREAM"),
  DGRAM(2, "u_dgr", "DGRAM"),
  SEQPACKET(5, "u_seq", "SEQPACKET"),
  UNKNOWN(0, "???", "UNKNOWN");

  private final int code;
  private final String netid;
  private final String typeName;

  UnixType(int code, String netid, String typeName) {
    this.code = code;
    this.netid = netid;
    this.typeName = typeName;
  }

  /** The SOCK_ number. */
  public int code() {
    return code;
  }

  /** ss's Netid column text. */
  public String netid() {
    return netid;
  }

  /** The Type column of netstat -x and lsof's type= (STREAM, DGRAM, SEQPACKET). */
  public String typeName() {
    return typeName;
  }

  /** The type for a SOCK_ number; UNKNOWN for others. */
  public static UnixType of(int code) {
    for (UnixType type : values()) {
      if (type.code == code && type != UNKNOWN) {
        return type;
      }
    }
    return UNKNOWN;
  }
}
