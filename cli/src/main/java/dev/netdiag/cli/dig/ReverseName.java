package dev.netdiag.cli.dig;

/** The name {@code dig -x} asks for: in-addr.arpa labels for IPv4, ip6.arpa nibbles for IPv6. */
final class ReverseName {
  private ReverseName() {}

  /**
   * The reverse name of an address as dig's get_reverse builds it (not strict): an IPv6 literal
   * gives 32 nibble labels under ip6.arpa; anything else has its dot-separated parts reversed under
   * in-addr.arpa, as dig does for partial addresses such as {@code 192.0.2}. Null when the text is
   * too long for dig's buffer.
   */
  static String of(String text) {
    byte[] bytes =
        text.indexOf(':') >= 0 && text.indexOf('%') < 0
            ? org.xbill.DNS.Address.toByteArray(text, org.xbill.DNS.Address.IPv6)
            : null;
    if (bytes != null) {
      StringBuilder name = new StringBuilder(73);
      for (int i = bytes.length - 1; i >= 0; i--) {
        name.append(Character.forDigit(bytes[i] & 0xf, 16)).append('.');
        name.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append('.');
      }
      return name.append("ip6.arpa.").toString();
    }
    // Not an IPv6 literal: the parts reversed blindly, empty ones too (the name check that
    // follows refuses those), so that RFC 2317 names work; only dig's 1024-byte buffer limits it.
    if (text.length() + 15 > 1024) {
      return null;
    }
    String[] parts = text.split("\\.", -1);
    StringBuilder name = new StringBuilder(text.length() + 14);
    for (int i = parts.length - 1; i >= 0; i--) {
      name.append(parts[i]).append(i > 0 ? "." : "");
    }
    return name.append(".in-addr.arpa.").toString();
  }
}
