package dev.netdiag.cli.netstat;

import dev.netdiag.cli.Output;
import dev.netdiag.linux.AddressText;
import dev.netdiag.sockets.procfs.Ipv4Route;
import dev.netdiag.sockets.procfs.Ipv6Route;
import java.util.List;

/** netstat -r: the kernel routing tables in net-tools 2.10's layouts (-n, -e, -ee, -6). */
final class RouteTableText {
  private RouteTableText() {}

  static void ipv4(Output out, List<Ipv4Route> routes, int extend, AddressNames names) {
    out.line("Kernel IP routing table");
    String head = "Destination     Gateway         Genmask         ";
    if (extend == 0) {
      out.text(head).line("Flags   MSS Window  irtt Iface");
    } else if (extend == 1) {
      out.text(head).line("Flags Metric Ref    Use Iface");
    } else {
      out.text(head).line("Flags Metric Ref    Use Iface    MSS   Window irtt");
    }
    for (Ipv4Route r : routes) {
      if ((r.flags() & Ipv4Route.UP) == 0) {
        continue;
      }
      String dest = destination(r, names);
      String gate = gateway(r.gateway(), names);
      String mask = ipv4(r.mask());
      String flags = ipv4Flags(r.flags());
      boolean reject = (r.flags() & Ipv4Route.REJECT) != 0;
      left(out, dest, 15).ch(' ');
      if (reject) {
        out.text("-               ");
      } else {
        left(out, gate, 15).ch(' ');
      }
      left(out, mask, 15).ch(' ');
      left(out, flags, 5).ch(' ');
      if (extend == 0) {
        if (reject) {
          out.line("    - -          - -");
          continue;
        }
        right(out, r.mtu(), 5).ch(' ');
        left(out, Integer.toString(r.window()), 5).ch(' ');
        right(out, r.irtt(), 6).ch(' ').line(r.iface());
      } else if (extend == 1) {
        left(out, Integer.toString(r.metric()), 6).ch(' ');
        if (reject) {
          out.text("-  ");
          right(out, r.use(), 7).line(" -");
          continue;
        }
        left(out, Integer.toString(r.refCount()), 2).ch(' ');
        right(out, r.use(), 7).ch(' ').line(r.iface());
      } else {
        left(out, Integer.toString(r.metric()), 6).ch(' ');
        if (reject) {
          out.text("-  ");
          right(out, r.use(), 7).line(" -        -     -      -");
          continue;
        }
        left(out, Integer.toString(r.refCount()), 3).ch(' ');
        right(out, r.use(), 6).ch(' ');
        String iface = r.iface().length() > 6 ? r.iface().substring(0, 6) : r.iface();
        left(out, iface, 6).text("   ");
        left(out, Integer.toString(r.mtu()), 5).ch(' ');
        left(out, Integer.toString(r.window()), 6).ch(' ').number(r.irtt()).newline();
      }
    }
  }

  /**
   * netstat -rC: the IPv4 routing cache, which Linux dropped in 3.6 (its /proc file keeps only the
   * header): the title and the column header for the -e level, as net-tools maps it (none at -eee).
   */
  static void ipv4Cache(Output out, int extend) {
    out.line("Kernel IP routing cache");
    int level = 1 + extend;
    level = level == 1 ? 2 : level == 2 ? 1 : level;
    String head = "Source          Destination     Gateway         ";
    switch (level & 3) {
      case 1 -> out.text(head).line("Flags Metric Ref    Use Iface");
      case 2 -> out.text(head).line("Flags   MSS Window  irtt Iface");
      case 3 ->
          out.text(head)
              .line(
                  "Flags Metric Ref    Use Iface    MSS   Window irtt  TOS HHRef HHUptod     SpecDst");
      default -> {
        // FLAG_EXT masks -eee to 0: no column header.
      }
    }
  }

  /** RTF_CACHE (linux/ipv6_route.h): a cloned route, listed by -C instead of the FIB. */
  private static final int RTF_CACHE = 0x1000000;

  static void ipv6(Output out, List<Ipv6Route> routes, AddressNames names) {
    ipv6(out, routes, names, false);
  }

  /** The IPv6 FIB, or with cache its RTF_CACHE routes (net-tools without /proc/net/ndisc). */
  static void ipv6(Output out, List<Ipv6Route> routes, AddressNames names, boolean cache) {
    out.line(cache ? "Kernel IPv6 routing cache" : "Kernel IPv6 routing table");
    out.line("Destination                    Next Hop                   Flag Met Ref  Use If");
    StringBuilder text = new StringBuilder(64);
    for (Ipv6Route r : routes) {
      if (((r.flags() & RTF_CACHE) != 0) != cache) {
        continue;
      }
      // INET6_rprint resolves unless -n: "[::]" for the unspecified address, names from NSS.
      text.setLength(0);
      ipv6Address(text, r.destination(), names);
      text.append('/').append(r.prefixLength());
      left(out, text, 30).ch(' ');
      text.setLength(0);
      ipv6Address(text, r.nextHop(), names);
      left(out, text, 26).ch(' ');
      left(out, ipv6Flags(r.flags()), 4).ch(' ');
      left(out, Integer.toString(r.metric()), 3).ch(' ');
      out.number(r.refCount() & 0xffffffffL).ch(' ');
      right(out, r.use(), 6).ch(' ').line(r.iface());
    }
  }

  // Flag letters in net-tools' order (inet_gr.c); REJECT replaces what came before it.
  static String ipv4Flags(int f) {
    StringBuilder s = new StringBuilder(8);
    if ((f & 0x0001) != 0) {
      s.append('U');
    }
    if ((f & 0x0002) != 0) {
      s.append('G');
    }
    if ((f & 0x0200) != 0) {
      s.setLength(0);
      s.append('!');
    }
    if ((f & 0x0004) != 0) {
      s.append('H');
    }
    if ((f & 0x0008) != 0) {
      s.append('R');
    }
    if ((f & 0x0010) != 0) {
      s.append('D');
    }
    if ((f & 0x0020) != 0) {
      s.append('M');
    }
    return s.toString();
  }

  // RTF_* from linux/ipv6_route.h: UP 1, REJECT 0x200, GATEWAY 2, HOST 4, REINSTATE 8,
  // DYNAMIC 0x10, MODIFIED 0x20, ADDRCONF 0x40000, CACHE 0x1000000, NONEXTHOP 0x200000.
  static String ipv6Flags(int f) {
    StringBuilder s = new StringBuilder(8);
    char[] letters = {'U', '!', 'G', 'H', 'R', 'D', 'M', 'A', 'C', 'n'};
    int[] bits = {0x1, 0x200, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40000, 0x1000000, 0x200000};
    for (int i = 0; i < bits.length; i++) {
      if ((f & bits[i]) != 0) {
        s.append(letters[i]);
      }
    }
    return s.toString();
  }

  private static String destination(Ipv4Route r, AddressNames names) {
    if (names == null) {
      return ipv4(r.destination());
    }
    return truncate(
        names.destination(r.destination(), r.mask(), (r.flags() & Ipv4Route.HOST) != 0));
  }

  private static String gateway(byte[] a, AddressNames names) {
    return names == null ? ipv4(a) : truncate(names.gateway(a));
  }

  private static void ipv6Address(StringBuilder s, byte[] a, AddressNames names) {
    if (names == null) {
      AddressText.appendIpv6(s, a);
    } else {
      s.append(names.ipv6(a));
    }
  }

  private static String truncate(String s) {
    return s.length() > 15 ? s.substring(0, 15) : s;
  }

  static String ipv4(byte[] a) {
    StringBuilder s = new StringBuilder(15);
    AddressText.appendIpv4(s, a, 0);
    return s.toString();
  }

  static Output left(Output out, CharSequence text, int width) {
    return out.padRight(text, width);
  }

  static Output right(Output out, long value, int width) {
    int digits = value < 0 ? 2 : 1;
    for (long v = Math.abs(value); v >= 10; v /= 10) {
      digits++;
    }
    return out.spaces(width - digits).number(value);
  }
}
