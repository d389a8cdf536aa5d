package dev.netdiag.sockets;

/** inet_diag_msg.idiag_timer codes and ss's names for them (-o). */
public enum TcpTimer {
  OFF("off"),
  ON("on"),
  KEEPALIVE("keepalive"),
  TIMEWAIT("timewait"),
  PERSIST("persist"),
  UNKNOWN("unknown");

  private static final TcpTimer[] BY_CODE = values();

  private final String ssName;

  TcpTimer(String ssName) {
    this.ssName = ssName;
  }

  public String ssName() {
    return ssName;
  }

  public static TcpTimer of(int code) {
    return code >= 0 && code < BY_CODE.length - 1 ? BY_CODE[code] : UNKNOWN;
  }
}
