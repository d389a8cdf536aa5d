package dev.netdiag.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * The codec for struct sockaddr_in and sockaddr_in6 (netinet/in.h).
 *
 * <pre>
 * sockaddr_in, 16 bytes          sockaddr_in6, 28 bytes
 *  0  u16  family   host order    0  u16  family    host order
 *  2  u16  port     big-endian    2  u16  port      big-endian
 *  4  u8[4] addr    big-endian    4  u32  flowinfo  big-endian
 *  8  u8[8] zero                  8  u8[16] addr    big-endian
 *                                24  u32  scope_id  host order
 * </pre>
 */
final class SockAddr {
  static final int IN_SIZE = 16;
  static final int IN6_SIZE = 28;

  private static final ValueLayout.OfShort U16_HOST = ValueLayout.JAVA_SHORT_UNALIGNED;
  private static final ValueLayout.OfShort U16_BIG =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfInt U32_HOST = ValueLayout.JAVA_INT_UNALIGNED;

  private SockAddr() {}

  /** A freshly allocated sockaddr for the address and port. */
  static MemorySegment encode(Arena arena, InetAddress address, int port) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 4) {
      MemorySegment s = arena.allocate(IN_SIZE);
      s.set(U16_HOST, 0, (short) AddressFamily.INET.code());
      s.set(U16_BIG, 2, (short) port);
      Bytes.fromArray(bytes, 0, s, 4, 4);
      return s;
    }
    MemorySegment s = arena.allocate(IN6_SIZE);
    s.set(U16_HOST, 0, (short) AddressFamily.INET6.code());
    s.set(U16_BIG, 2, (short) port);
    Bytes.fromArray(bytes, 0, s, 8, 16);
    int scope = address instanceof Inet6Address v6 ? Math.max(v6.getScopeId(), 0) : 0;
    s.set(U32_HOST, 24, scope);
    return s;
  }

  /** The address in a sockaddr of the given length; null for families other than IPv4/IPv6. */
  static InetSocketAddress decode(MemorySegment s, long length) {
    if (length < 2) {
      return null;
    }
    int family = s.get(U16_HOST, 0);
    if (family == AddressFamily.INET.code() && length >= IN_SIZE) {
      byte[] bytes = new byte[4];
      Bytes.toArray(s, 4, bytes, 0, 4);
      return new InetSocketAddress(AddressText.fromBytes(bytes), port(s));
    }
    if (family == AddressFamily.INET6.code() && length >= IN6_SIZE) {
      byte[] bytes = new byte[16];
      Bytes.toArray(s, 8, bytes, 0, 16);
      int scope = s.get(U32_HOST, 24);
      try {
        InetAddress address =
            scope == 0
                ? Inet6Address.getByAddress(null, bytes, -1)
                : Inet6Address.getByAddress(null, bytes, scope);
        return new InetSocketAddress(address, port(s));
      } catch (UnknownHostException e) {
        throw new IllegalStateException("16 bytes are always an IPv6 address", e);
      }
    }
    return null;
  }

  private static int port(MemorySegment s) {
    return Short.toUnsignedInt(s.get(U16_BIG, 2));
  }
}
