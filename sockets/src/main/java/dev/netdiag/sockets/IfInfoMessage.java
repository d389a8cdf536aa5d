package dev.netdiag.sockets;

import dev.netdiag.linux.NetlinkParseException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The codec for rtnetlink's struct ifinfomsg (include/uapi/linux/rtnetlink.h). Host order.
 *
 * <pre>
 * struct ifinfomsg (16 bytes)
 *  0  u8   ifi_family   AF_UNSPEC = 0 in a dump request
 *  1  u8   pad
 *  2  u16  ifi_type     ARPHRD_*
 *  4  s32  ifi_index
 *  8  u32  ifi_flags    dev_get_flags(): IFF_* as SIOCGIFFLAGS reports them (IFF_RUNNING from the
 *                       operational state; IFF_PROMISC and IFF_ALLMULTI only when set by a user,
 *                       not by a packet socket's membership)
 * 12  u32  ifi_change
 * 16  --   attributes: IFLA_IFNAME 3 (NUL-terminated), others skipped
 * </pre>
 */
final class IfInfoMessage {
  /** RTM_NEWLINK: the type of every message of a link dump. */
  static final int RTM_NEWLINK = 16;

  /** RTM_GETLINK: the dump request. */
  static final int RTM_GETLINK = 18;

  static final int SIZE = 16;

  private static final int IFLA_IFNAME = 3;

  private IfInfoMessage() {}

  /** The link dump request body (every family). */
  static MemorySegment encode(Arena arena) {
    return arena.allocate(SIZE, 4);
  }

  /** One link's name and flags. */
  record Link(int index, String name, int flags) {}

  /** Decodes one ifinfomsg: its index, flags and IFLA_IFNAME. */
  static Link decode(MemorySegment m) throws NetlinkParseException {
    if (m.byteSize() < SIZE) {
      throw new NetlinkParseException(
          "ifinfomsg needs " + SIZE + " bytes, the message has " + m.byteSize());
    }
    int index = m.get(ValueLayout.JAVA_INT_UNALIGNED, 4);
    int flags = m.get(ValueLayout.JAVA_INT_UNALIGNED, 8);
    String[] name = {null};
    DiagAttributes.walk(
        m,
        SIZE,
        "ifinfomsg",
        (type, at, size) -> {
          if (type == IFLA_IFNAME) {
            String text = DiagAttributes.bytes(m, at, size);
            int nul = text.indexOf('\0');
            name[0] = nul >= 0 ? text.substring(0, nul) : text;
          }
        });
    if (name[0] == null) {
      throw new NetlinkParseException("ifinfomsg of interface " + index + " has no IFLA_IFNAME");
    }
    return new Link(index, name[0], flags);
  }
}
