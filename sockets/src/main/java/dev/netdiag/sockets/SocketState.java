package dev.netdiag.sockets;

/**
 * The kernel's socket states (include/net/tcp_states.h) with ss's names for them. Datagram sockets
 * use ESTABLISHED when connected and CLOSE ("UNCONN") otherwise.
 */
public enum SocketState {
  UNKNOWN(0, "UNKNOWN", "unknown"),
  ESTABLISHED(1, "ESTAB", "established"),
  SYN_SENT(2, "SYN-SENT", "syn-sent"),
  SYN_RECV(3, "SYN-RECV", "syn-recv"),
  FIN_WAIT1(4, "FIN-WAIT-1", "fin-wait-1"),
  FIN_WAIT2(5, "FIN-WAIT-2", "fin-wait-2"),
  TIME_WAIT(6, "TIME-WAIT", "time-wait"),
  CLOSE(7, "UNCONN", "closed"),
  CLOSE_WAIT(8, "CLOSE-WAIT", "close-wait"),
  LAST_ACK(9, "LAST-ACK", "last-ack"),
  LISTEN(10, "LISTEN", "listening"),
  CLOSING(11, "CLOSING", "closing"),
  NEW_SYN_RECV(12, "SYN-RECV", "syn-recv");

  /** Every state: ss's "all". */
  public static final int ALL = (1 << 13) - 1;

  private static final SocketState[] BY_CODE = values();

  private final int code;
  private final String ssName;
  private final String filterName;

  SocketState(int code, String ssName, String filterName) {
    this.code = code;
    this.ssName = ssName;
    this.filterName = filterName;
  }

  public int code() {
    return code;
  }

  /** The State column text of ss. */
  public String ssName() {
    return ssName;
  }

  /**
   * The kernel's own name, TCP_ dropped (include/net/tcp_states.h): what netstat and lsof print.
   * NEW_SYN_RECV, a request socket, is SYN_RECV to both.
   */
  public String kernelName() {
    return switch (this) {
      case NEW_SYN_RECV -> "SYN_RECV";
      default -> name();
    };
  }

  /** The word ss's `state` filter accepts for it. */
  public String filterName() {
    return filterName;
  }

  /** The state for a kernel code; UNKNOWN for codes outside the table. */
  public static SocketState of(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
  }

  /** A bit mask with one bit per state, as inet_diag_req_v2.idiag_states expects. */
  public static int mask(SocketState... states) {
    int mask = 0;
    for (SocketState state : states) {
      mask |= 1 << state.code;
    }
    return mask;
  }
}
