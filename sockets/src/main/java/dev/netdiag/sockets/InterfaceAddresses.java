package dev.netdiag.sockets;

import dev.netdiag.linux.NativeException;
import dev.netdiag.linux.NetlinkParseException;
import dev.netdiag.linux.NetlinkSocket;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The interfaces' addresses and flags from rtnetlink dumps (RTM_GETADDR, RTM_GETLINK). */
public final class InterfaceAddresses {
  /** NETLINK_ROUTE from include/uapi/linux/netlink.h. */
  private static final int NETLINK_ROUTE = 0;

  private InterfaceAddresses() {}

  /**
   * Every IPv4 address of every interface, in the kernel's order: per interface, primaries before
   * secondaries, which is the order SIOCGIFCONF and SIOCGIFADDR see.
   */
  public static List<Ipv4InterfaceAddress> ipv4() throws SocketTableException {
    List<Ipv4InterfaceAddress> out = new ArrayList<>();
    try (NetlinkSocket socket = NetlinkSocket.open(NETLINK_ROUTE);
        Arena arena = Arena.ofConfined()) {
      socket.dump(
          IfAddrMessage.RTM_GETADDR,
          IfAddrMessage.encode(arena, IfAddrMessage.AF_INET),
          (type, payload) -> {
            if (type == IfAddrMessage.RTM_NEWADDR) {
              Ipv4InterfaceAddress a = IfAddrMessage.decode(payload);
              out.add(a);
            }
          });
    } catch (NativeException e) {
      throw new SocketTableException("rtnetlink address dump: " + e.getMessage(), e);
    } catch (NetlinkParseException e) {
      throw new SocketTableException("malformed rtnetlink address reply: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Each interface's IFF_* flags by name, as SIOCGIFFLAGS reports them (dev_get_flags): unlike
   * /sys/class/net/NAME/flags, with IFF_RUNNING and without the IFF_PROMISC or IFF_ALLMULTI that a
   * packet socket's membership sets.
   */
  public static Map<String, Integer> linkFlags() throws SocketTableException {
    Map<String, Integer> out = new HashMap<>();
    try (NetlinkSocket socket = NetlinkSocket.open(NETLINK_ROUTE);
        Arena arena = Arena.ofConfined()) {
      socket.dump(
          IfInfoMessage.RTM_GETLINK,
          IfInfoMessage.encode(arena),
          (type, payload) -> {
            if (type == IfInfoMessage.RTM_NEWLINK) {
              IfInfoMessage.Link link = IfInfoMessage.decode(payload);
              out.put(link.name(), link.flags());
            }
          });
    } catch (NativeException e) {
      throw new SocketTableException("rtnetlink link dump: " + e.getMessage(), e);
    } catch (NetlinkParseException e) {
      throw new SocketTableException("malformed rtnetlink link reply: " + e.getMessage(), e);
    }
    return out;
  }
}
