package dev.netdiag.cli.netstat;

import dev.netdiag.cli.Output;
import dev.netdiag.sockets.procfs.InterfaceCounters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** netstat -i: the short interface table, sorted by name as net-tools' nstrcmp sorts. */
final class InterfaceTableText {
  private InterfaceTableText() {}

  static void write(Output out, List<InterfaceCounters> interfaces, boolean all) {
    out.line("Kernel Interface table");
    out.line(
        "Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg");
    for (InterfaceCounters i : shown(interfaces, all)) {
      RouteTableText.left(out, i.name(), 15).ch(' ');
      RouteTableText.right(out, i.mtu(), 5).ch(' ');
      RouteTableText.right(out, i.rxPackets(), 8).ch(' ');
      RouteTableText.right(out, i.rxErrors(), 6).ch(' ');
      RouteTableText.right(out, i.rxDropped(), 6).ch(' ');
      RouteTableText.left(out, Long.toString(i.rxFifo()), 6).ch(' ');
      RouteTableText.right(out, i.txPackets(), 8).ch(' ');
      RouteTableText.right(out, i.txErrors(), 6).ch(' ');
      RouteTableText.right(out, i.txDropped(), 6).ch(' ');
      RouteTableText.right(out, i.txFifo(), 6).ch(' ');
      out.line(flags(i.flags()));
    }
  }

  /** The interfaces netstat shows: sorted by name; without -a only those that are up. */
  static List<InterfaceCounters> shown(List<InterfaceCounters> interfaces, boolean all) {
    List<InterfaceCounters> out = new ArrayList<>(interfaces.size());
    for (InterfaceCounters i : interfaces) {
      if (all || (i.flags() & InterfaceCounters.UP) != 0) {
        out.add(i);
      }
    }
    out.sort(Comparator.comparing(InterfaceCounters::name, InterfaceTableText::naturalOrder));
    return out;
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

  /** Compares names with digit runs compared as numbers ("eth2" before "eth10"). */
  static int naturalOrder(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        int c = Long.compare(Long.parseLong(a, si, i, 10), Long.parseLong(b, sj, j, 10));
        if (c != 0) {
          return c;
        }
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
