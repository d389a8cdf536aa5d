package dev.netdiag.cli.netstat;

import dev.netdiag.sockets.Ipv4InterfaceAddress;
import dev.netdiag.sockets.procfs.InterfaceCounters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * netstat's interface list (net-tools lib/interface.c): the devices of /proc/net/dev, then every
 * IPv4 address label SIOCGIFCONF reports, each name added once into a list kept in nstrcmp order
 * the way net-tools inserts (walking back from the end), so the order is net-tools' even where
 * nstrcmp is not a total order.
 */
final class InterfaceList {
  private InterfaceList() {}

  /** The list from the devices' counters and the IPv4 addresses (whose labels add aliases). */
  static List<ListedInterface> of(
      List<InterfaceCounters> devices, List<Ipv4InterfaceAddress> addresses) {
    return of(devices, addresses, Map.of());
  }

  /**
   * The list, with the flags SIOCGIFFLAGS would report (from an rtnetlink link dump) where known,
   * else the /sys ones the counters carry.
   */
  static List<ListedInterface> of(
      List<InterfaceCounters> devices,
      List<Ipv4InterfaceAddress> addresses,
      Map<String, Integer> linkFlags) {
    List<ListedInterface> out = new ArrayList<>(devices.size());
    Map<String, ListedInterface> byName = new HashMap<>();
    for (InterfaceCounters c : devices) {
      // SIOCGIFFLAGS fills a C short.
      int flags = linkFlags.getOrDefault(c.name(), c.flags()) & 0xffff;
      ListedInterface entry = new ListedInterface(c.name(), c.name(), c.mtu(), flags, c);
      byName.putIfAbsent(c.name(), entry);
      add(out, entry);
    }
    for (Ipv4InterfaceAddress a : addresses) {
      String label = a.label();
      if (label.isEmpty()) {
        continue;
      }
      int colon = label.indexOf(':');
      String device = colon >= 0 ? label.substring(0, colon) : label;
      ListedInterface base = byName.get(device);
      if (base == null) {
        // The device left between the two reads: SIOCGIFFLAGS would fail on it, netstat skips it.
        continue;
      }
      add(out, new ListedInterface(label, device, base.mtu(), base.flags(), null));
    }
    return out;
  }

  /** if_cache_add: from the end back to the first smaller name; an equal name is not added. */
  private static void add(List<ListedInterface> list, ListedInterface entry) {
    int i = list.size() - 1;
    for (; i >= 0; i--) {
      int n = compare(list.get(i).name(), entry.name());
      if (n == 0) {
        return;
      }
      if (n < 0) {
        break;
      }
    }
    list.add(i + 1, entry);
  }

  /** The interfaces shown: those that are up, or all with -a. */
  static List<ListedInterface> shown(List<ListedInterface> list, boolean all) {
    List<ListedInterface> out = new ArrayList<>(list.size());
    for (ListedInterface i : list) {
      if (all || (i.flags() & InterfaceCounters.UP) != 0) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * net-tools' nstrcmp: a trailing {@code :digits} alias is set aside; the names are compared up to
   * the shorter non-digit stem, the longer stem sorts last, then the trailing numbers, then the
   * whole names, then the alias numbers (none before any).
   */
  static int compare(String a, String b) {
    int aColon = aliasColon(a);
    int bColon = aliasColon(b);
    String an = aColon < 0 ? a : a.substring(0, aColon);
    String bn = bColon < 0 ? b : b.substring(0, bColon);
    int aIndex = stemEnd(an);
    int bIndex = stemEnd(bn);
    int common = Math.min(aIndex, bIndex);
    int res = compareBytes(an.substring(0, common), bn.substring(0, common));
    if (res != 0) {
      return res;
    }
    if (aIndex != bIndex) {
      return aIndex > bIndex ? 1 : -1;
    }
    int c = Long.compare(number(an, aIndex), number(bn, bIndex));
    if (c != 0) {
      return c;
    }
    res = compareBytes(an, bn);
    if (res != 0) {
      return res;
    }
    long av = aColon < 0 ? -1 : number(a, aColon + 1);
    long bv = bColon < 0 ? -1 : number(b, bColon + 1);
    if (av != bv) {
      return av < bv ? -1 : 1;
    }
    if (aColon >= 0 && bColon >= 0) {
      return compareBytes(a.substring(aColon + 1), b.substring(bColon + 1));
    }
    return 0;
  }

  // cutalias: the ':' before a non-empty run of digits that ends the name, or -1.
  private static int aliasColon(String name) {
    boolean digit = false;
    for (int pos = name.length(); pos > 0; pos--) {
      char c = name.charAt(pos - 1);
      if (c == ':' && digit) {
        return pos - 1;
      }
      if (!isDigit(c)) {
        break;
      }
      digit = true;
    }
    return -1;
  }

  // rindex_nondigit: where the trailing digits start (0 when the name is all digits).
  private static int stemEnd(String name) {
    for (int pos = name.length(); pos > 0; pos--) {
      if (!isDigit(name.charAt(pos - 1))) {
        return pos;
      }
    }
    return 0;
  }

  // atoi of a digit run (0 when empty); long enough for any interface name.
  private static long number(String s, int from) {
    long v = 0;
    for (int i = from; i < s.length() && isDigit(s.charAt(i)) && v < Integer.MAX_VALUE; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  // strcmp's sign: bytes compared unsigned, a prefix first.
  private static int compareBytes(String a, String b) {
    int c = a.compareTo(b);
    return Integer.signum(c);
  }
}
