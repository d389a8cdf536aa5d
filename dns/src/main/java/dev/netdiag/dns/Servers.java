package dev.netdiag.dns;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** Server addresses in dig's text form: {@code 127.0.0.1#53}, {@code ::1#53}. */
public final class Servers {
  private Servers() {}

  /** The address and port as dig prints them, with '#' between. */
  public static String text(InetSocketAddress server) {
    // dig -f prints the same server in every answer's stats: the last one's text is kept.
    Last last = Servers.last;
    if (last != null && last.server.equals(server)) {
      return last.text;
    }
    String host = server.getAddress().getHostAddress();
    if (server.getAddress() instanceof Inet6Address) {
      int percent = host.indexOf('%');
      host = compress(percent < 0 ? host : host.substring(0, percent));
    }
    String text = host + "#" + server.getPort();
    Servers.last = new Last(server, text);
    return text;
  }

  private record Last(InetSocketAddress server, String text) {}

  // Read and written whole (a record), so threads printing at once see a matching pair.
  private static volatile Last last;

  /** An IPv6 address in RFC 5952 form ({@code ::1}), as dig prints it; Java prints 0:0:…:1. */
  public static String compress(String full) {
    String[] groups = full.split(":");
    int bestStart = -1;
    int bestLength = 0;
    for (int i = 0; i < groups.length; ) {
      if (groups[i].equals("0")) {
        int j = i;
        while (j < groups.length && groups[j].equals("0")) {
          j++;
        }
        if (j - i > bestLength) {
          bestStart = i;
          bestLength = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < groups.length; i++) {
      if (bestLength > 1 && i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(groups[i]);
    }
    return out.toString();
  }
}
