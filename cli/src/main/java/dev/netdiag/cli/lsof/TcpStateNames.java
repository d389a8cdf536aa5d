package dev.netdiag.cli.lsof;

import dev.netdiag.sockets.SocketState;
import java.util.Locale;

/** lsof's TCP state names (LISTEN, ESTABLISHED, CLOSE_WAIT…) and their state-mask bits. */
final class TcpStateNames {
  private TcpStateNames() {}

  static String name(SocketState state) {
    return switch (state) {
      case ESTABLISHED -> "ESTABLISHED";
      case SYN_SENT -> "SYN_SENT";
      case SYN_RECV, NEW_SYN_RECV -> "SYN_RECV";
      case FIN_WAIT1 -> "FIN_WAIT1";
      case FIN_WAIT2 -> "FIN_WAIT2";
      case TIME_WAIT -> "TIME_WAIT";
      // lsof's table (dsock.c build_IPstates): TCP_CLOSE is "CLOSE"; "CLOSED" names state 0,
      // which no socket has.
      case CLOSE -> "CLOSE";
      case CLOSE_WAIT -> "CLOSE_WAIT";
      case LAST_ACK -> "LAST_ACK";
      case LISTEN -> "LISTEN";
      case CLOSING -> "CLOSING";
      case UNKNOWN -> "CLOSED";
    };
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
