package dev.netdiag.sockets;

/** The inet address families, with their AF_ codes (include/linux/socket.h). */
public enum IpFamily {
  INET(2, 4),
  INET6(10, 16);

  private final int code;
  private final int addressLength;

  IpFamily(int code, int addressLength) {
    this.code = code;
    this.addressLength = addressLength;
  }

  public int code() {
    return code;
  }

  /** Bytes in an address of this family: 4 or 16. */
  public int addressLength() {
    return addressLength;
  }
}
