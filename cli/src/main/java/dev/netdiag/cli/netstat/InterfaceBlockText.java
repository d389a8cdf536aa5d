package dev.netdiag.cli.netstat;

import dev.netdiag.cli.Output;
import dev.netdiag.linux.AddressText;
import dev.netdiag.sockets.Ipv4InterfaceAddress;
import dev.netdiag.sockets.procfs.InterfaceCounters;
import dev.netdiag.sockets.procfs.Ipv6InterfaceAddress;
import dev.netdiag.sockets.procfs.LinkLayer;
import java.util.List;

/**
 * netstat -ie: net-tools 2.10's ifconfig-style block per interface (lib/interface.c
 * ife_print_long): flags and MTU, the IPv4 and IPv6 addresses, the link layer, the counters.
 */
final class InterfaceBlockText {
  private InterfaceBlockText() {}

  // IFF_* bits (linux/if.h) with net-tools' words for them, in its order.
  private static final int[] BITS = {
    0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100, 0x200, 0x800, 0x400, 0x1000, 0x8000
  };
  private static final String[] WORDS = {
    "UP",
    "BROADCAST",
    "DEBUG",
    "LOOPBACK",
    "POINTOPOINT",
    "NOTRAILERS",
    "RUNNING",
    "NOARP",
    "PROMISC",
    "ALLMULTI",
    "SLAVE",
    "MASTER",
    "MULTICAST",
    "DYNAMIC"
  };

  /** IFF_POINTOPOINT. */
  static final int POINTOPOINT = 0x10;

  /** IFF_BROADCAST. */
  static final int BROADCAST = 0x2;

  // IPV6_ADDR_* scope bits of /proc/net/if_inet6 (net-tools lib/interface.c).
  private static final int COMPAT_V4 = 0x80;
  private static final int LOOPBACK = 0x10;
  private static final int LINK_LOCAL = 0x20;
  private static final int SITE_LOCAL = 0x40;

  /** The blocks, after the title (which the repeats of -c leave out, as for -i). */
  static void write(Output out, List<ExtendedInterface> interfaces, boolean title) {
    if (title) {
      out.line("Kernel Interface table");
    }
    for (ExtendedInterface e : interfaces) {
      block(out, e);
    }
  }

  private static void block(Output out, ExtendedInterface e) {
    ListedInterface l = e.entry();
    out.text(l.name()).text(": ").text(flagText(l.flags())).text("  mtu ").number(l.mtu());
    out.newline();
    Ipv4InterfaceAddress inet = e.inet();
    if (inet != null) {
      out.text("        inet ").text(AddressText.format(inet.local()));
      out.text("  netmask ").text(AddressText.format(inet.netmask()));
      if ((l.flags() & BROADCAST) != 0) {
        out.text("  broadcast ").text(AddressText.format(inet.broadcast()));
      }
      if ((l.flags() & POINTOPOINT) != 0) {
        out.text("  destination ").text(AddressText.format(inet.peer()));
      }
      out.newline();
    }
    for (Ipv6InterfaceAddress a : e.inet6()) {
      out.text("        inet6 ").text(AddressText.format(a.address()));
      out.text("  prefixlen ").number(a.prefixLength());
      out.text("  scopeid 0x").text(Integer.toHexString(a.scope()));
      out.line(scopeText(a.scope()));
    }
    LinkLayer link = e.link();
    String hardware = hardwareAddress(link);
    out.text("        ").text(hardwareName(link.type()));
    if (hardware != null) {
      out.ch(' ').text(hardware);
    }
    out.text("  txqueuelen ").number(link.txQueueLength());
    out.text("  (").text(hardwareTitle(link.type())).line(")");
    InterfaceCounters c = l.counters();
    if (c != null) {
      out.text("        RX packets ").text(Long.toUnsignedString(c.rxPackets()));
      out.text("  bytes ").text(Long.toUnsignedString(c.rxBytes()));
      out.text(" (").text(humanBytes(c.rxBytes())).line(")");
      out.text("        RX errors ").text(Long.toUnsignedString(c.rxErrors()));
      out.text("  dropped ").text(Long.toUnsignedString(c.rxDropped()));
      out.text("  overruns ").text(Long.toUnsignedString(c.rxFifo()));
      out.text("  frame ").line(Long.toUnsignedString(c.rxFrame()));
      out.text("        TX packets ").text(Long.toUnsignedString(c.txPackets()));
      out.text("  bytes ").text(Long.toUnsignedString(c.txBytes()));
      out.text(" (").text(humanBytes(c.txBytes())).line(")");
      out.text("        TX errors ").text(Long.toUnsignedString(c.txErrors()));
      out.text("  dropped ").text(Long.toUnsignedString(c.txDropped()));
      out.text(" overruns ").text(Long.toUnsignedString(c.txFifo()));
      out.text("  carrier ").text(Long.toUnsignedString(c.txCarrier()));
      out.text("  collisions ").line(Long.toUnsignedString(c.txCollisions()));
    }
    out.newline();
  }

  /**
   * {@code flags=N<WORD,...>}: N is the C short ifr_flags; net-tools replaces the trailing comma by
   * '>' or, when no word was added, drops the last character (so no flags read {@code flags=0<}).
   */
  static String flagText(int flags) {
    StringBuilder s = new StringBuilder(64).append("flags=").append((short) flags).append('<');
    if (flags == 0) {
      s.append('>');
    }
    for (int k = 0; k < BITS.length; k++) {
      if ((flags & BITS[k]) != 0) {
        s.append(WORDS[k]).append(',');
      }
    }
    trimList(s);
    return s.toString();
  }

  /** The word list after the scope id: {@code <global>}, {@code <link>}, {@code <compat,host>}… */
  static String scopeText(int scope) {
    StringBuilder s = new StringBuilder(24).append('<');
    if ((scope & COMPAT_V4) != 0) {
      s.append("compat,");
      scope -= COMPAT_V4;
    }
    if (scope == 0) {
      s.append("global,");
    }
    if ((scope & LINK_LOCAL) != 0) {
      s.append("link,");
    }
    if ((scope & SITE_LOCAL) != 0) {
      s.append("site,");
    }
    if ((scope & LOOPBACK) != 0) {
      s.append("host,");
    }
    trimList(s);
    return s.toString();
  }

  private static void trimList(StringBuilder s) {
    int last = s.length() - 1;
    if (s.charAt(last) == ',') {
      s.setCharAt(last, '>');
    } else {
      s.setLength(last);
    }
  }

  /** net-tools' hardware type name; types it does not know print as "unspec". */
  static String hardwareName(int type) {
    return switch (type) {
      case LinkLayer.ETHER -> "ether";
      case LinkLayer.LOOPBACK -> "loop";
      case LinkLayer.TUNNEL -> "tunnel";
      case LinkLayer.SIT -> "sit";
      case LinkLayer.PPP -> "ppp";
      default -> "unspec";
    };
  }

  static String hardwareTitle(int type) {
    return switch (type) {
      case LinkLayer.ETHER -> "Ethernet";
      case LinkLayer.LOOPBACK -> "Local Loopback";
      case LinkLayer.TUNNEL -> "IPIP Tunnel";
      case LinkLayer.SIT -> "IPv6-in-IPv4";
      case LinkLayer.PPP -> "Point-to-Point Protocol";
      default -> "UNSPEC";
    };
  }

  /**
   * The address as the type's printer shows it, or null for types printed without one (loop, sit,
   * ppp). Ethernet: six lowercase hex pairs; IPIP: empty; unspec: sixteen uppercase pairs joined by
   * '-', of which SIOCGIFHWADDR fills at most the first eight.
   */
  static String hardwareAddress(LinkLayer link) {
    byte[] a = link.address();
    switch (link.type()) {
      case LinkLayer.ETHER -> {
        StringBuilder s = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
          if (i > 0) {
            s.append(':');
          }
          int b = i < a.length ? a[i] & 0xff : 0;
          s.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
        }
        return s.toString();
      }
      case LinkLayer.LOOPBACK, LinkLayer.SIT, LinkLayer.PPP -> {
        return null;
      }
      case LinkLayer.TUNNEL -> {
        return "";
      }
      default -> {
        StringBuilder s = new StringBuilder(47);
        for (int i = 0; i < 16; i++) {
          if (i > 0) {
            s.append('-');
          }
          int b = i < 8 && i < a.length ? a[i] & 0xff : 0;
          s.append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
              .append(Character.toUpperCase(Character.forDigit(b & 15, 16)));
        }
        return s.toString();
      }
    }
  }

  /**
   * The byte count in net-tools' binary units with one decimal, truncated: "0.0 B", "79.5 KiB",
   * "24.7 MiB" (a unit is used once the count exceeds it).
   */
  static String humanBytes(long bytes) {
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    String unit = "B";
    long tenths;
    if (Long.compareUnsigned(bytes, 1L << 60) > 0) {
      tenths = Long.divideUnsigned(bytes, 115292150460684697L);
      unit = "EiB";
    } else {
      tenths = bytes * 10;
      for (int k = units.length - 1; k >= 0; k--) {
        long scale = 1L << (10 * (k + 1));
        if (Long.compareUnsigned(bytes, scale) > 0) {
          tenths = Long.divideUnsigned(tenths, scale);
          unit = units[k];
          break;
        }
      }
    }
    return Long.toUnsignedString(Long.divideUnsigned(tenths, 10))
        + "."
        + Long.remainderUnsigned(tenths, 10)
        + " "
        + unit;
  }
}
