package dev.netdiag.cli.lsof;

import dev.netdiag.sockets.SocketState;
import java.util.Locale;

/** lsof's TCP state names (LISTEN, ESTABLISHED, CLOSE_WAIT…) and their state-mask bits. */
final class TcpStateNames {
  private TcpStateNames() {}

  static String name(SocketState state) {
    // lsof's table (dsock.c build_IPstates): TCP_CLOSE is "CLOSE"; "CLOSED" names state 0, which
    // no socket has.
    return state == SocketState.UNKNOWN ? "CLOSED" : state.kernelName();
  }

  /** The mask bit for a state name (case-insensitive), 0 when lsof knows no such state. */
  static int bit(String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    for (SocketState s : SocketState.values()) {
      if (s != SocketState.NEW_SYN_RECV && name(s).equals(upper)) {
        return 1 << s.code();
      }
    }
    return 0;
  }
}
