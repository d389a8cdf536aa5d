package dev.netdiag.linux;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** Socket address families netdiag uses, with their AF_* codes from linux/socket.h. */
public enum AddressFamily {
  UNSPEC(0),
  INET(2),
  INET6(10),
  NETLINK(16),
  PACKET(17);

  private final int code;

  AddressFamily(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The family of an IP address. */
  public static AddressFamily of(InetAddress address) {
    if (address instanceof Inet4Address) {
      return INET;
    }
    if (address instanceof Inet6Address) {
      return INET6;
    }
    throw new IllegalArgumentException("not an IP address: " + address);
  }
}
