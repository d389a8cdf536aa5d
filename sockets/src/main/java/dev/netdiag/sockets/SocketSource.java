package dev.netdiag.sockets;

/** Where a socket table came from (shown with --debug). */
public enum SocketSource {
  NETLINK("netlink sock_diag"),
  /** sock_diag with the filter compiled to INET_DIAG bytecode, so the kernel skipped sockets. */
  NETLINK_FILTERED("netlink sock_diag, filtered by the kernel (INET_DIAG bytecode)"),
  PROC_NET("/proc/net"),
  /** Neither sock_diag nor /proc/net knows the family: the kernel lacks it. */
  UNAVAILABLE("nowhere: the kernel has neither its sock_diag module nor its /proc/net file");

  private final String description;

  SocketSource(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
