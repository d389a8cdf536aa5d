package dev.netdiag.sockets;

import dev.netdiag.linux.NetlinkParseException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The codec for rtnetlink's struct ifaddrmsg (include/uapi/linux/if_addr.h). Header fields are host
 * order; address attributes are network order, kept as the kernel's bytes.
 *
 * <pre>
 * struct ifaddrmsg (8 bytes)
 *  0  u8   ifa_family     AF_INET = 2
 *  1  u8   ifa_prefixlen
 *  2  u8   ifa_flags      IFA_F_SECONDARY = 0x01 (u8 copy of the low bits)
 *  3  u8   ifa_scope      RT_SCOPE_UNIVERSE 0, _LINK 253, _HOST 254
 *  4  u32  ifa_index
 *  8  --   attributes: IFA_ADDRESS 1 (the peer on point-to-point links, else the local address)
 *          IFA_LOCAL 2  IFA_LABEL 3 (NUL-terminated)  IFA_BROADCAST 4  IFA_FLAGS 8 (u32)
 * </pre>
 */
final class IfAddrMessage {
  /** RTM_NEWADDR: the type of every message of an address dump. */
  static final int RTM_NEWADDR = 20;

  /** RTM_GETADDR: the dump request. */
  static final int RTM_GETADDR = 22;

  static final int SIZE = 8;
  static final int AF_INET = 2;

  private static final int IFA_ADDRESS = 1;
  private static final int IFA_LOCAL = 2;
  private static final int IFA_LABEL = 3;
  private static final int IFA_BROADCAST = 4;
  private static final int IFA_FLAGS = 8;

  private IfAddrMessage() {}

  /** The dump request body for one family. */
  static MemorySegment encode(Arena arena, int family) {
    MemorySegment s = arena.allocate(SIZE, 4);
    s.set(ValueLayout.JAVA_BYTE, 0, (byte) family);
    return s;
  }

  /** Decodes one IPv4 ifaddrmsg with its attributes. */
  static Ipv4InterfaceAddress decode(MemorySegment m) throws NetlinkParseException {
    if (m.byteSize() < SIZE) {
      throw new NetlinkParseException(
          "ifaddrmsg needs " + SIZE + " bytes, the message has " + m.byteSize());
    }
    int prefixLength = Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, 1));
    int index = m.get(ValueLayout.JAVA_INT_UNALIGNED, 4);
    byte[][] addresses = new byte[5][];
    String[] label = {null};
    int[] flags = {Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, 2))};
    DiagAttributes.walk(
        m,
        SIZE,
        "ifaddrmsg",
        (type, at, size) -> {
          switch (type) {
            case IFA_ADDRESS, IFA_LOCAL, IFA_BROADCAST -> {
              if (size >= 4) {
                byte[] a = new byte[4];
                dev.netdiag.linux.Bytes.toArray(m, at, a, 0, 4);
                addresses[type] = a;
              }
            }
            case IFA_LABEL -> {
              String text = DiagAttributes.bytes(m, at, size);
              int nul = text.indexOf('\0');
              label[0] = nul >= 0 ? text.substring(0, nul) : text;
            }
            case IFA_FLAGS -> {
              if (size >= 4) {
                flags[0] = (int) DiagAttributes.u32(m, at);
              }
            }
            default -> {
              // Cache info, protocol, route priority: not shown by netstat.
            }
          }
        });
    byte[] local = addresses[IFA_LOCAL] != null ? addresses[IFA_LOCAL] : addresses[IFA_ADDRESS];
    byte[] peer = addresses[IFA_ADDRESS] != null ? addresses[IFA_ADDRESS] : local;
    if (local == null) {
      throw new NetlinkParseException("ifaddrmsg of interface " + index + " has no address");
    }
    return new Ipv4InterfaceAddress(
        index,
        label[0] == null ? "" : label[0],
        prefixLength,
        flags[0],
        local,
        peer,
        addresses[IFA_BROADCAST] == null ? new byte[4] : addresses[IFA_BROADCAST]);
  }
}
