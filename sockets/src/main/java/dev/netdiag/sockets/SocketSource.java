package dev.netdiag.sockets;

/** Where a socket table came from (shown with --debug). */
public enum SocketSource {
  NETLINK("netlink sock_diag"),
  PROC_NET("/proc/net");

  private final String description;

  SocketSource(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
