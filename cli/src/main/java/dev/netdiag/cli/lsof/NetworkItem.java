package dev.netdiag.cli.lsof;

import dev.netdiag.linux.AddressText;
import dev.netdiag.sockets.IpFamily;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.Transport;
import java.net.InetAddress;
import java.util.Arrays;

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

  static NetworkItem parse(String text) throws LsofError {
    int i = 0;
    int family = 0;
    if (i < text.length() && (text.charAt(i) == '4' || text.charAt(i) == '6')) {
      family = text.charAt(i) - '0';
      i++;
    }
    Transport transport = null;
    int at = text.indexOf('@', i);
    int colon = at >= 0 ? text.indexOf(':', closingBracket(text, at)) : text.indexOf(':', i);
    int protoEnd = at >= 0 ? at : colon >= 0 ? colon : text.length();
    String proto = text.substring(i, protoEnd);
    if (!proto.isEmpty()) {
      transport =
          switch (proto.toUpperCase(java.util.Locale.ROOT)) {
            case "TCP" -> Transport.TCP;
            case "UDP" -> Transport.UDP;
            default ->
                throw LsofError.withUsage("unknown protocol name (" + proto + ") in: -i " + text);
          };
    }
    byte[] address = null;
    if (at >= 0) {
      String host = text.substring(at + 1, colon >= 0 ? colon : text.length());
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      try {
        InetAddress a =
            AddressText.isLiteral(host) ? AddressText.parse(host) : InetAddress.getByName(host);
        address = a.getAddress();
      } catch (Exception e) {
        throw LsofError.plain("unknown host name (" + host + ") in: -i " + text);
      }
    }
    int low = -1;
    int high = -1;
    if (colon >= 0) {
      String ports = text.substring(colon + 1);
      int dash = ports.indexOf('-');
      try {
        low = port(dash > 0 ? ports.substring(0, dash) : ports, transport);
        high = dash > 0 ? port(ports.substring(dash + 1), transport) : low;
      } catch (NumberFormatException e) {
        throw LsofError.plain("unknown service " + ports + " in: -i " + text);
      }
    }
    return new NetworkItem(family, transport, address, low, high, text);
  }

  private static int closingBracket(String text, int from) {
    int close = text.indexOf(']', from);
    return close >= 0 ? close : from;
  }

  private static int port(String text, Transport transport) {
    if (!text.isEmpty() && Character.isDigit(text.charAt(0))) {
      return Integer.parseInt(text);
    }
    try {
      var port =
          dev.netdiag.linux.ServiceNames.port(text, transport == Transport.UDP ? "udp" : "tcp");
      if (port.isPresent()) {
        return port.getAsInt();
      }
    } catch (dev.netdiag.linux.NativeException e) {
      // Fall through to the error.
    }
    throw new NumberFormatException(text);
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
        r.family() == IpFamily.INET || (!familyOnly() && EndpointText.isV4Mapped(r.localAddress()));
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
              && EndpointText.isV4Mapped(a)
              && Arrays.equals(address, 0, 4, a, 12, 16);
      if (!mapped) {
        return false;
      }
    }
    return lowPort < 0 || (port >= lowPort && port <= highPort);
  }
}
