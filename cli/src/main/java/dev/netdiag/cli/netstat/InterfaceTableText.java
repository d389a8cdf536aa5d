package dev.netdiag.cli.netstat;

import dev.netdiag.cli.Output;
import dev.netdiag.sockets.procfs.InterfaceCounters;
import java.util.List;

/** netstat -i: the short interface table, in net-tools' list order (see {@link InterfaceList}). */
final class InterfaceTableText {
  private InterfaceTableText() {}

  /**
   * The table; with title false (the repeats of -c, where net-tools keeps its socket open) without
   * the "Kernel Interface table" line.
   */
  static void write(Output out, List<ListedInterface> shown, boolean title) {
    if (title) {
      out.line("Kernel Interface table");
    }
    out.line(
        "Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg");
    for (ListedInterface l : shown) {
      String name = l.name().length() > 15 ? l.name().substring(0, 15) : l.name();
      RouteTableText.left(out, name, 15).ch(' ');
      RouteTableText.right(out, l.mtu(), 5).ch(' ');
      InterfaceCounters i = l.counters();
      if (i == null) {
        // An alias label: net-tools has no /proc/net/dev line for it.
        RouteTableText.left(out, "     - no statistics available -", 56);
      } else {
        RouteTableText.right(out, i.rxPackets(), 8).ch(' ');
        RouteTableText.right(out, i.rxErrors(), 6).ch(' ');
        RouteTableText.right(out, i.rxDropped(), 6).ch(' ');
        RouteTableText.left(out, Long.toString(i.rxFifo()), 6).ch(' ');
        RouteTableText.right(out, i.txPackets(), 8).ch(' ');
        RouteTableText.right(out, i.txErrors(), 6).ch(' ');
        RouteTableText.right(out, i.txDropped(), 6).ch(' ');
        RouteTableText.right(out, i.txFifo(), 6).ch(' ');
      }
      out.line(flags(l.flags()));
    }
  }

  // IFF_* bits (linux/if.h) and net-tools' letters for them, in its order.
  private static final int[] BITS = {
    0x200, 0x2, 0x4, 0x8, 0x1000, 0x8000, 0x100, 0x20, 0x80, 0x10, 0x800, 0x400, 0x40, 0x1
  };
  private static final char[] LETTERS = {
    'A', 'B', 'D', 'L', 'M', 'd', 'P', 'N', 'O', 'P', 's', 'm', 'R', 'U'
  };

  static String flags(int f) {
    if (f == 0) {
      return "[NO FLAGS]";
    }
    StringBuilder s = new StringBuilder(8);
    for (int k = 0; k < BITS.length; k++) {
      if ((f & BITS[k]) != 0) {
        s.append(LETTERS[k]);
      }
    }
    return s.toString();
  }
}
