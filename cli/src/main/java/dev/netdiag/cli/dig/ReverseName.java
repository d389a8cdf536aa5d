package dev.netdiag.cli.dig;

/** The name {@code dig -x} asks for: in-addr.arpa labels for IPv4, ip6.arpa nibbles for IPv6. */
final class ReverseName {
  private ReverseName() {}

  /**
   * The reverse name of an address as dig's get_reverse builds it (not strict): an IPv6 literal
   * gives 32 nibble labels under ip6.arpa; anything else has its dot-separated parts reversed under
   * in-addr.arpa, as dig does for partial addresses such as {@code 192.0.2}. Null when the text
   * cannot form a name.
   */
  static String of(String text) {
    if (text.indexOf(':') >= 0) {
      byte[] bytes = org.xbill.DNS.Address.toByteArray(text, org.xbill.DNS.Address.IPv6);
      if (bytes == null) {
        return null;
      }
      StringBuilder name = new StringBuilder(73);
      for (int i = bytes.length - 1; i >= 0; i--) {
        name.append(Character.forDigit(bytes[i] & 0xf, 16)).append('.');
        name.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append('.');
      }
      return name.append("ip6.arpa.").toString();
    }
    String[] parts = text.split("\\.", -1);
    StringBuilder name = new StringBuilder(text.length() + 14);
    for (int i = parts.length - 1; i >= 0; i--) {
      if (parts[i].isEmpty()) {
        return null;
      }
      name.append(parts[i]).append('.');
    }
    return name.append("in-addr.arpa.").toString();
  }
}
