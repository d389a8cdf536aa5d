package dev.netdiag.cli.lsof;

import dev.netdiag.sockets.NetlinkSocketRecord;
import dev.netdiag.sockets.PacketSocketRecord;
import dev.netdiag.sockets.SocketTable;
import dev.netdiag.sockets.SocketTableException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The NETLINK and PACKET socket tables by inode, read once from /proc/net/netlink and
 * /proc/net/packet (as lsof reads them), and their rows' NODE and NAME texts as lsof 4.95 prints
 * them: {@code netlink … ROUTE}, {@code pack … IP type=SOCK_RAW}.
 */
final class LinkSocketIndex {
  // lsof's names for NETLINK_ protocols (include/uapi/linux/netlink.h numbers).
  private static final String[] NETLINK = {
    "ROUTE",
    "UNUSED",
    "USERSOCK",
    "FIREWALL",
    "INET_DIAG",
    "NFLOG",
    "XFRM",
    "SELINUX",
    "ISCSI",
    "AUDIT",
    "FIB_LOOKUP",
    "CONNECTOR",
    "NETFILTER",
    "IP6_FW",
    "DNRTMSG",
    "KOBJECT_UEVENT",
    "GENERIC",
    null,
    "SCSITRANSPORT",
    "ECRYPTFS",
    "RDMA",
    "CRYPTO"
  };

  // lsof's names for ETH_P_ protocols (include/uapi/linux/if_ether.h numbers).
  private static final Map<Integer, String> ETHERTYPES =
      Map.ofEntries(
          Map.entry(0x0001, "802_3"),
          Map.entry(0x0002, "AX25"),
          Map.entry(0x0003, "ALL"),
          Map.entry(0x0004, "802_2"),
          Map.entry(0x0005, "SNAP"),
          Map.entry(0x0006, "DDCMP"),
          Map.entry(0x0007, "WAN_PPP"),
          Map.entry(0x0008, "PPP_MP"),
          Map.entry(0x0009, "LOCALTALK"),
          Map.entry(0x0010, "PPPTALK"),
          Map.entry(0x0011, "TR_802_2"),
          Map.entry(0x0015, "MOBITEX"),
          Map.entry(0x0016, "CONTROL"),
          Map.entry(0x0017, "IRDA"),
          Map.entry(0x0018, "ECONET"),
          Map.entry(0x0060, "LOOP"),
          Map.entry(0x0200, "PUP"),
          Map.entry(0x0201, "PUPAT"),
          Map.entry(0x0800, "IP"),
          Map.entry(0x0805, "X25"),
          Map.entry(0x0806, "ARP"),
          Map.entry(0x08FF, "BPQ"),
          Map.entry(0x0a00, "IEEEPUP"),
          Map.entry(0x0a01, "IEEEPUPAT"),
          Map.entry(0x6000, "DEC"),
          Map.entry(0x6001, "DNA_DL"),
          Map.entry(0x6002, "DNA_RC"),
          Map.entry(0x6003, "DNA_RT"),
          Map.entry(0x6004, "LAT"),
          Map.entry(0x6005, "DIAG"),
          Map.entry(0x6006, "CUST"),
          Map.entry(0x6007, "SCA"),
          Map.entry(0x8035, "RARP"),
          Map.entry(0x809B, "ATALK"),
          Map.entry(0x80F3, "AARP"),
          Map.entry(0x8137, "IPX"),
          Map.entry(0x86DD, "IPV6"),
          Map.entry(0x8863, "PPP_DISC"),
          Map.entry(0x8864, "PPP_SES"),
          Map.entry(0x884c, "ATMMPOA"),
          Map.entry(0x8884, "ATMFATE"));

  /** TYPE, NODE and NAME of one row. */
  record Text(String type, String device, String node, String name) {}

  private final Path proc;
  private Map<Long, Text> byInode;

  LinkSocketIndex(Path proc) {
    this.proc = proc;
  }

  Text get(long inode) {
    if (byInode == null) {
      Map<Long, Text> map = new HashMap<>();
      SocketTable table = SocketTable.procNet(proc);
      try {
        table.dumpNetlink(r -> map.putIfAbsent(r.inode(), netlink(r)));
        table.dumpPacket(r -> map.putIfAbsent(r.inode(), packet(r)));
      } catch (SocketTableException e) {
        throw new UncheckedIOException(new java.io.IOException(e.getMessage(), e));
      }
      byInode = map;
    }
    return byInode.get(inode);
  }

  private static Text netlink(NetlinkSocketRecord r) {
    int p = r.protocol();
    String name = p >= 0 && p < NETLINK.length && NETLINK[p] != null ? NETLINK[p] : "" + p;
    return new Text("netlink", "", Long.toString(r.inode()), name);
  }

  private static Text packet(PacketSocketRecord r) {
    String node = ETHERTYPES.getOrDefault(r.protocol(), Integer.toString(r.protocol()));
    String type = r.raw() ? "type=SOCK_RAW" : "type=SOCK_DGRAM";
    return new Text("pack", Long.toString(r.inode()), node, type);
  }
}
