package dev.netdiag.cli.dig;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * A {@code +subnet=} value as dig's parse_netprefix reads it: an address with an optional prefix
 * length (clamped to the family's width, not refused), a partial IPv4 address padded with ".0" when
 * a length is given, or "0" for no address at all. {@code family} is the ECS family dig sends (1
 * for "0", as for IPv4); {@code address} holds the whole address, masked when the option is built.
 */
record Subnet(int family, int prefix, byte[] address) {
  // dig copies the value into a buffer of this size first.
  private static final int MAX_TEXT = "xxxx:xxxx:xxxx:xxxx:xxxx:xxxx:XXX.XXX.XXX.XXX/128".length();

  /** The value parsed as dig does; its fatal errors (exit 1) as {@link DigArgs.Invalid}. */
  static Subnet parse(String value) throws DigArgs.Invalid {
    if (value.length() >= MAX_TEXT + 1) {
      // fatal("invalid prefix '%s'\n"): the format's newline and fatal's own.
      throw new DigArgs.Invalid("", "dig: invalid prefix '" + value + "'\n\n", 1);
    }
    if (value.equals("0")) {
      return new Subnet(1, 0, new byte[0]);
    }
    String text = value;
    long length = 0xffffffffL;
    boolean lengthGiven = false;
    int slash = value.indexOf('/');
    if (slash >= 0) {
      text = value.substring(0, slash);
      String digits = value.substring(slash + 1);
      String error = uint32Error(digits);
      if (error != null) {
        throw new DigArgs.Invalid(
            "", "dig: invalid prefix length in '" + value + "': " + error + "\n\n", 1);
      }
      length = Long.parseLong(digits);
      lengthGiven = true;
    }
    InetAddress address = inet6(text);
    if (address == null) {
      address = inet4(text);
      if (address == null && lengthGiven) {
        String padded = text;
        for (int i = 0; i < 3 && address == null && padded.length() < MAX_TEXT - 1; i++) {
          padded = padded + ".0";
          address = inet4(padded);
        }
      }
    }
    if (address == null) {
      throw new DigArgs.Invalid("", "dig: invalid address '" + value + "'\n", 1);
    }
    int width = address instanceof Inet6Address ? 128 : 32;
    return new Subnet(width == 128 ? 2 : 1, (int) Math.min(length, width), address.getAddress());
  }

  // isc_parse_uint32's failure text, or null for a number that fits.
  private static String uint32Error(String digits) {
    if (digits.isEmpty()) {
      return "not a valid number";
    }
    long n = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return "not a valid number";
      }
      n = n * 10 + (c - '0');
      if (n > 0xffffffffL) {
        return "out of range";
      }
    }
    return null;
  }

  // inet_pton(AF_INET6): a full IPv6 literal (with an embedded IPv4 tail allowed), no scope.
  private static InetAddress inet6(String text) {
    if (text.indexOf(':') < 0 || text.indexOf('%') >= 0) {
      return null;
    }
    byte[] bytes = org.xbill.DNS.Address.toByteArray(text, org.xbill.DNS.Address.IPv6);
    return bytes == null ? null : v6(bytes);
  }

  // inet_pton(AF_INET): exactly four decimal parts.
  private static InetAddress inet4(String text) {
    byte[] bytes = org.xbill.DNS.Address.toByteArray(text, org.xbill.DNS.Address.IPv4);
    try {
      return bytes == null ? null : (Inet4Address) InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  // An IPv4-mapped literal stays IPv6, as inet_pton keeps it (InetAddress would make it IPv4).
  private static InetAddress v6(byte[] bytes) {
    try {
      return Inet6Address.getByAddress(null, bytes, -1);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  /** The ECS option's data as dighost.c writes it: family, source length, scope 0, address. */
  byte[] optionData() {
    int bytes = (prefix + 7) / 8;
    byte[] data = new byte[4 + bytes];
    data[1] = (byte) family;
    data[2] = (byte) prefix;
    System.arraycopy(address, 0, data, 4, bytes);
    if (prefix % 8 != 0) {
      data[3 + bytes] &= (byte) (0xff << (8 - prefix % 8));
    }
    return data;
  }
}
