package dev.netdiag.cli.lsof;

import dev.netdiag.linux.AddressText;
import dev.netdiag.sockets.IpFamily;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.Transport;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One -i address: lsof's {@code [46][protocol][@host|addr][:service|port[-port]]}, every part
 * optional. A socket matches when every given part matches its local or remote end.
 *
 * @param family 4, 6 or 0 for either
 * @param transport TCP or UDP, or null for either
 * @param address the host's address bytes, or null for any
 * @param lowPort the first port, or -1 for any
 * @param highPort the last port
 * @param text the argument as given (lsof -V names an item not found by it)
 */
record NetworkItem(
    int family, Transport transport, byte[] address, int lowPort, int highPort, String text) {
  /** A bare -i: every Internet socket. */
  static final NetworkItem ANY = new NetworkItem(0, null, null, -1, -1, "");

  /** A bare -i4 or -i6: every socket of that family. */
  static NetworkItem family(int family) {
    return new NetworkItem(family, null, null, -1, -1, Integer.toString(family));
  }

  /**
   * An -i address as lsof's enter_network_address reads it: {@code [46][proto][@addr][:ports]},
   * ports a comma-separated list of numbers, service names and ranges, one item each, added to out.
   * family is the family the word gives or, without one, the -i4/-i6 given before it (lsof's
   * FnetTy). A bad address adds lsof's message to errors and no item.
   */
  static void parse(String text, int family, List<NetworkItem> out, List<String> errors) {
    int i = 0;
    if (!text.isEmpty() && (text.charAt(0) == '4' || text.charAt(0) == '6')) {
      family = text.charAt(0) - '0';
      i = 1;
    }
    Transport transport = null;
    String proto = null;
    int end = i;
    while (end < text.length() && text.charAt(end) != '@' && text.charAt(end) != ':') {
      end++;
    }
    if (end > i) {
      proto = text.substring(i, end).toLowerCase(Locale.ROOT);
      transport =
          switch (proto) {
            case "tcp" -> Transport.TCP;
            case "udp" -> Transport.UDP;
            case "udplite" -> Transport.UDPLITE;
            default -> null;
          };
      if (transport == null) {
        errors.add("unknown protocol name (" + text.substring(i, end) + ") in: -i " + text);
        return;
      }
      i = end;
    }
    byte[] address = null;
    boolean anyAddress = false;
    if (i < text.length() && text.charAt(i) == '@') {
      i++;
      if (i == text.length() || text.charAt(i) == ':') {
        errors.add("unacceptable Internet address in: -i " + text);
        return;
      }
      int stop = dottedQuadEnd(text, i);
      if (stop >= 0) {
        if (family == 6) {
          errors.add("IPv4 addresses are prohibited: -i " + text);
          return;
        }
        address = AddressText.parse(text.substring(i, stop)).getAddress();
        i = stop;
      } else if (text.charAt(i) == '[') {
        if (family == 4) {
          errors.add("IPv6 addresses are prohibited: -i " + text);
          return;
        }
        int close = text.lastIndexOf(']');
        byte[] a = close > i ? ipv6(text.substring(i + 1, close)) : null;
        if (a == null || allZero(a)) {
          errors.add("unacceptable Internet address in: -i " + text);
          return;
        }
        if (AddressText.isV4Mapped(a)) {
          if (family == 6) {
            errors.add("IPv4 addresses are prohibited: -i " + text);
            return;
          }
          a = Arrays.copyOfRange(a, 12, 16);
        }
        address = a;
        i = close + 1;
      } else {
        int stop2 = text.indexOf(':', i);
        if (stop2 < 0) {
          stop2 = text.length();
        }
        String host = text.substring(i, stop2);
        try {
          // A host name: lsof asks the resolver (netdiag callers pass numeric addresses).
          address = InetAddress.getByName(host).getAddress();
        } catch (Exception e) {
          errors.add("unknown host name (" + host + ") in: -i " + text);
          return;
        }
        i = stop2;
      }
      family = address.length == 4 ? 4 : 6;
      if (family == 4 && allZero(address)) {
        // lsof keeps an address only when it is not INADDR_ANY: 0.0.0.0 (or ::ffff:0.0.0.0)
        // leaves the item its family, protocol and ports, and must not leave it empty.
        address = null;
        anyAddress = true;
      }
    }
    if (i == text.length()) {
      if (anyAddress && transport == null) {
        errors.add("incomplete Internet address specification: -i " + text);
        return;
      }
      out.add(new NetworkItem(family, transport, address, -1, -1, text));
      return;
    }
    if (text.charAt(i) != ':' || i + 1 == text.length()) {
      errors.add("unacceptable port specification in: -i " + text);
      return;
    }
    // The ports: each item a number or a service name, or two of them joined by '-' (a service
    // name runs to the next ',' and may hold a '-' itself).
    List<int[]> ranges = new ArrayList<>();
    int at = i + 1;
    while (at < text.length()) {
      int low = 0;
      int high = 0;
      boolean range = false;
      while (at < text.length()) {
        char c = text.charAt(at);
        if (c < '0' || c > '9') {
          int nameEnd = text.indexOf(',', at);
          if (nameEnd < 0) {
            nameEnd = text.length();
          }
          if (nameEnd == at) {
            errors.add("invalid service name: -i " + text);
            return;
          }
          String name = text.substring(at, nameEnd);
          at = nameEnd;
          int port = service(name, proto, text, errors);
          if (port < 0) {
            return;
          }
          if (range) {
            high = port;
          } else {
            low = port;
            // (a '-' can only follow a name at a ',', which ends it: lsof's check never holds)
          }
        } else {
          for (; at < text.length() && text.charAt(at) != ','; at++) {
            char d = text.charAt(at);
            if (d == '-') {
              if (range) {
                errors.add("unacceptable port specification in: -i " + text);
                return;
              }
              range = true;
              at++;
              break;
            }
            if (d < '0' || d > '9') {
              errors.add("unacceptable port specification in: -i " + text);
              return;
            }
            if (range) {
              high = high * 10 + (d - '0');
            } else {
              low = low * 10 + (d - '0');
            }
          }
          if (range && at < text.length() && text.charAt(at - 1) == '-') {
            continue; // the range's end follows
          }
        }
        if (at == text.length() || text.charAt(at) == ',') {
          break;
        }
        errors.add("unacceptable port specification in: -i " + text);
        return;
      }
      if (!range) {
        high = low;
      }
      if (high < low) {
        errors.add("unacceptable port specification in: -i " + text);
        return;
      }
      ranges.add(new int[] {low, high});
      at++; // past the ','
    }
    for (int[] r : ranges) {
      out.add(new NetworkItem(family, transport, address, r[0], r[1], text));
    }
  }

  // Where a dotted quad (lsof's isIPv4addr: four decimal octets up to 255) that starts at from
  // ends, at a ':' or the end of the text; -1 when the text there is not one.
  private static int dottedQuadEnd(String text, int from) {
    if (from >= text.length() || !Character.isDigit(text.charAt(from))) {
      return -1;
    }
    int dots = 0;
    int octet = -1;
    int k = from;
    for (; k < text.length() && text.charAt(k) != ':'; k++) {
      char c = text.charAt(k);
      if (c == '.') {
        if (octet < 0 || octet > 255 || ++dots > 3) {
          return -1;
        }
        octet = -1;
      } else if (c >= '0' && c <= '9') {
        octet = octet < 0 ? c - '0' : Math.min(octet * 10 + (c - '0'), 1000);
      } else {
        return -1;
      }
    }
    return dots == 3 && octet >= 0 && octet <= 255 ? k : -1;
  }

  private static byte[] ipv6(String text) {
    try {
      return text.indexOf(':') >= 0 && AddressText.isLiteral(text)
          ? AddressText.parse(text).getAddress()
          : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean allZero(byte[] a) {
    for (byte b : a) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  // A service's port as lsof looks it up: for the item's protocol, or else for TCP and UDP, which
  // must agree. -1, and the error added, when there is none.
  private static int service(String name, String proto, String text, List<String> errors) {
    if (proto != null) {
      int port = servicePort(name, proto);
      if (port < 0) {
        errors.add("unknown service " + name + " for " + proto + " in: -i " + text);
      }
      return port;
    }
    int tcp = servicePort(name, "tcp");
    int udp = servicePort(name, "udp");
    if (tcp < 0 && udp < 0) {
      errors.add("unknown service " + name + " in: -i " + text);
      return -1;
    }
    if (tcp >= 0 && udp >= 0 && tcp != udp) {
      errors.add(
          "TCP="
              + tcp
              + " and UDP="
              + udp
              + " "
              + name
              + " ports conflict;\n      specify \"tcp:"
              + name
              + "\" or \"udp:"
              + name
              + "\": -i "
              + text);
      return -1;
    }
    return tcp >= 0 ? tcp : udp;
  }

  private static int servicePort(String name, String proto) {
    try {
      var port = dev.netdiag.linux.ServiceNames.port(name, proto);
      return port.isPresent() ? port.getAsInt() : -1;
    } catch (dev.netdiag.linux.NativeException e) {
      return -1;
    }
  }

  /** Whether the item names only a family (-i4, -i6): lsof's Fnet, not a search address. */
  boolean familyOnly() {
    return transport == null && address == null && lowPort < 0;
  }

  /** Whether the item matches the socket's local (or foreign) end alone. */
  boolean matchesEnd(SocketRecord r, boolean local) {
    // lsof counts an IPv6 socket on an IPv4-mapped address as IPv4 when it matches an address
    // item (-i4TCP:PORT), but a bare -i4 / -i6 goes by the table the socket is in.
    boolean v4 =
        r.family() == IpFamily.INET || (!familyOnly() && AddressText.isV4Mapped(r.localAddress()));
    if (family != 0 && (family == 4) != v4) {
      return false;
    }
    if (transport != null && transport != r.transport()) {
      return false;
    }
    return local
        ? endMatches(r.localAddress(), r.localPort())
        : endMatches(r.remoteAddress(), r.remotePort());
  }

  private boolean endMatches(byte[] a, int port) {
    if (address != null && !Arrays.equals(address, a)) {
      boolean mapped =
          address.length == 4
              && AddressText.isV4Mapped(a)
              && Arrays.equals(address, 0, 4, a, 12, 16);
      if (!mapped) {
        return false;
      }
    }
    return lowPort < 0 || (port >= lowPort && port <= highPort);
  }
}
