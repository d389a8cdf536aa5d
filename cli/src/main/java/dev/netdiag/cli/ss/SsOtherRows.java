package dev.netdiag.cli.ss;

import dev.netdiag.sockets.NetlinkSocketRecord;
import dev.netdiag.sockets.PacketSocketRecord;
import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.TipcSocketRecord;
import dev.netdiag.sockets.UnixSocketRecord;
import dev.netdiag.sockets.VsockSocketRecord;
import dev.netdiag.sockets.XdpSocketRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rows of ss 6.1 for UNIX, PACKET and NETLINK sockets (misc/ss.c unix_stats_print,
 * packet_stats_print, netlink_show_one): their address cells and their -e/-m texts.
 */
final class SsOtherRows {
  // lib/ll_proto.c: the ethertypes ss names (host order).
  private static final Map<Integer, String> ETHERTYPES =
      Map.ofEntries(
          Map.entry(0x0001, "802_3"),
          Map.entry(0x0002, "ax25"),
          Map.entry(0x0003, "all"),
          Map.entry(0x0004, "802_2"),
          Map.entry(0x0005, "snap"),
          Map.entry(0x0060, "loop"),
          Map.entry(0x0800, "ip"),
          Map.entry(0x0805, "x25"),
          Map.entry(0x0806, "arp"),
          Map.entry(0x8035, "rarp"),
          Map.entry(0x809B, "atalk"),
          Map.entry(0x80F3, "aarp"),
          Map.entry(0x8100, "802.1Q"),
          Map.entry(0x8137, "ipx"),
          Map.entry(0x86DD, "ipv6"),
          Map.entry(0x8847, "mpls_uc"),
          Map.entry(0x8848, "mpls_mc"),
          Map.entry(0x8863, "ppp_disc"),
          Map.entry(0x8864, "ppp_ses"),
          Map.entry(0x88A8, "802.1ad"),
          Map.entry(0x88CC, "LLDP"));

  // lib/utils.c nl_proto_tab: NETLINK_ protocol names, indexed by protocol (also the names the
  // filter's netlink: operands take). Shared, never written.
  static final String[] NETLINK_PROTOCOLS = {
    "rtnl",
    "unused",
    "usersock",
    "fw",
    "tcpdiag",
    "nflog",
    "xfrm",
    "selinux",
    "iscsi",
    "audit",
    "fiblookup",
    "connector",
    "nft",
    "ip6fw",
    "dec-rt",
    "uevent",
    "genl",
    null,
    "scsi-trans",
    "ecryptfs",
    "rdma",
    "crypto"
  };

  private final boolean numeric;
  private final boolean extended;
  private final boolean memory;
  private final boolean processes;
  private final boolean threads;
  private final boolean oneline;
  private final boolean bpf;
  private final Path procRoot;
  private InterfaceNames interfaces;

  SsOtherRows(SsArgs args, Path procRoot) {
    this.numeric = args.numeric();
    this.extended = args.extended();
    this.memory = args.memory();
    this.processes = args.processes();
    this.threads = args.threads();
    this.oneline = args.oneline();
    this.bpf = args.bpf();
    this.procRoot = procRoot;
  }

  SsLine unix(UnixSocketRecord r, ProcessMap owners) {
    StringBuilder extra = new StringBuilder();
    if (memory && r.skmem() != null) {
      SsDetailText.skmem(extra, r.skmem());
    }
    if (extended) {
      if (r.shutdown() >= 0) {
        shutdown(extra, r.shutdown());
      }
      if (r.vfsInode() >= 0) {
        // glibc's major()/minor() applied to the kernel's 32-bit dev_t, as ss does.
        long dev = r.vfsDevice();
        long major = ((dev >> 8) & 0xfff);
        long minor = (dev & 0xff) | ((dev >> 12) & ~0xffL);
        extra.append(" ino:").append(r.vfsInode()).append(" dev:").append(major).append('/');
        extra.append(minor);
      }
      if (r.pending() != null) {
        extra.append(" peers:");
        for (long inode : r.pending()) {
          extra.append(' ').append(inode);
        }
      }
    }
    return new SsLine(
        r.type().netid(),
        r.state().ssName(),
        Long.toString(r.receiveQueue()),
        Long.toString(r.sendQueue()),
        r.name() == null ? "*" : r.name(),
        ' ',
        Long.toString(r.inode()),
        "*",
        ' ',
        Long.toString(r.peerInode()),
        processes ? SsUsers.text(owners, r.inode(), threads) : "",
        extra.toString(),
        null);
  }

  SsLine packet(PacketSocketRecord r, ProcessMap owners) {
    String address;
    if (r.protocol() == 3) {
      address = "*";
    } else {
      String name = numeric ? null : ETHERTYPES.get(r.protocol());
      address = name != null ? name : "[" + r.protocol() + "]";
    }
    String port = "*";
    if (r.interfaceIndex() != 0) {
      if (interfaces == null) {
        interfaces = InterfaceNames.load(Path.of("/sys/class/net"));
      }
      port = interfaces.name(r.interfaceIndex());
    }
    StringBuilder extra = new StringBuilder();
    if (memory && r.skmem() != null) {
      SsDetailText.skmem(extra, r.skmem());
    }
    String continuation = null;
    if (extended) {
      if (r.uid() != 0) {
        extra.append(" uid:").append(r.uid());
      }
      extra.append(" ino:").append(r.inode()).append(" sk:").append(Long.toHexString(r.cookie()));
      if (r.version() >= 0) {
        StringBuilder info = new StringBuilder();
        info.append("ver:").append(r.version()).append(" cpy_thresh:").append(r.copyThreshold());
        info.append(" flags( ");
        int f = r.flags();
        if ((f & 1) != 0) {
          info.append("running");
        }
        if ((f & 2) != 0) {
          info.append(" auxdata");
        }
        if ((f & 4) != 0) {
          info.append(" origdev");
        }
        if ((f & 8) != 0) {
          info.append(" vnethdr");
        }
        if ((f & 16) != 0) {
          info.append(" loss");
        }
        if (f == 0) {
          info.append('0');
        }
        info.append(" )");
        if (oneline) {
          extra.append(' ').append(info);
        } else {
          continuation = info.toString();
        }
      }
    }
    if (bpf && r.filter() != null) {
      long[] program = r.filter();
      StringBuilder text = new StringBuilder("bpf filter (").append(program.length / 4);
      text.append("): ");
      for (int i = 0; i + 3 < program.length; i += 4) {
        text.append(" 0x");
        if (program[i] < 0x10) {
          text.append('0');
        }
        text.append(Long.toHexString(program[i])).append(' ').append(program[i + 1]);
        text.append(' ').append(program[i + 2]).append(' ').append(program[i + 3]).append(',');
      }
      if (oneline) {
        extra.append(' ').append(text);
      } else {
        // After -e's line, a line of its own.
        continuation = continuation == null ? text.toString() : continuation + "\n\t" + text;
      }
    }
    return new SsLine(
        r.netid(),
        "UNCONN",
        Long.toString(r.receiveQueue()),
        "0",
        address,
        ':',
        port,
        "",
        '*',
        "",
        processes ? SsUsers.text(owners, r.inode(), threads) : "",
        extra.toString(),
        continuation);
  }

  /** vsock_stats_print: CID:port at each end, * for VMADDR_CID_ANY and VMADDR_PORT_ANY. */
  SsLine vsock(VsockSocketRecord r, ProcessMap owners) {
    return new SsLine(
        r.netid(),
        r.state().ssName(),
        "0",
        "0",
        vsockNumber(r.localCid()),
        ':',
        vsockNumber(r.localPort()),
        vsockNumber(r.peerCid()),
        ':',
        vsockNumber(r.peerPort()),
        processes ? SsUsers.text(owners, r.inode(), threads) : "",
        "",
        null);
  }

  /**
   * tipc_show_sock: NODE:REF locally, the peer's NODE:REF or - when unconnected; -e puts uid/ino/sk
   * before the users, as ss prints them.
   */
  SsLine tipc(TipcSocketRecord r, ProcessMap owners) {
    StringBuilder extra = new StringBuilder();
    if (extended) {
      if (r.uid() != 0) {
        extra.append(" uid:").append(r.uid());
      }
      extra.append(" ino:").append(r.inode()).append(" sk:").append(Long.toHexString(r.cookie()));
    }
    if (processes) {
      String users = SsUsers.text(owners, r.inode(), threads);
      if (!users.isEmpty()) {
        extra.append(' ').append(users);
      }
    }
    return new SsLine(
        r.netid(),
        r.state().ssName(),
        Integer.toString((int) r.receiveQueue()),
        Integer.toString((int) r.sendQueue()),
        Long.toString(r.node()),
        ':',
        Long.toString(r.reference()),
        r.connected() ? Long.toString(r.peerNode()) : "",
        r.connected() ? ':' : '-',
        r.connected() ? Long.toString(r.peerReference()) : "",
        "",
        extra.toString(),
        null);
  }

  private static String vsockNumber(long value) {
    return value == VsockSocketRecord.ANY ? "*" : Long.toString(value);
  }

  /**
   * xdp_stats_print and xdp_show_sock: the bound device and queue ({@code eth0:q3}) or *, peer *;
   * -e adds uid/ino/sk and the rings, umem and stats (each on a line of its own, or on the row with
   * -O), -m the skmem text after them.
   */
  SsLine xdp(XdpSocketRecord r, ProcessMap owners) {
    String address = "";
    char delimiter = '*';
    String port = "";
    if (r.interfaceIndex() != 0) {
      if (interfaces == null) {
        interfaces = InterfaceNames.load(Path.of("/sys/class/net"));
      }
      address = interfaces.name(r.interfaceIndex());
      delimiter = ':';
      port = "q" + (int) r.queueId();
    }
    StringBuilder extra = new StringBuilder();
    List<String> lines = new ArrayList<>();
    if (extended) {
      if (r.uid() != 0) {
        extra.append(" uid:").append(r.uid());
      }
      extra.append(" ino:").append(r.inode()).append(" sk:").append(Long.toHexString(r.cookie()));
      if (r.rxRing() >= 0) {
        lines.add("rx(entries:" + r.rxRing() + ")");
      }
      if (r.txRing() >= 0) {
        lines.add("tx(entries:" + r.txRing() + ")");
      }
      XdpSocketRecord.Umem u = r.umem();
      if (u != null) {
        // ss 6.1 names it "tumem(" on the row with -O and "umem(" on a line of its own.
        lines.add(
            (oneline ? "tumem(" : "umem(")
                + "id:"
                + u.id()
                + ",size:"
                + u.size()
                + ",num_pages:"
                + u.pages()
                + ",chunk_size:"
                + u.chunkSize()
                + ",headroom:"
                + u.headroom()
                + ",ifindex:"
                + u.interfaceIndex()
                + ",qid:"
                + u.queueId()
                + ",zc:"
                + (u.zeroCopy() ? 1 : 0)
                + ",refs:"
                + u.refs()
                + ")");
        if (r.fillRing() >= 0) {
          lines.add("fr(entries:" + r.fillRing() + ")");
        }
        if (r.completionRing() >= 0) {
          lines.add("cr(entries:" + r.completionRing() + ")");
        }
      }
      long[] st = r.stats();
      if (st != null) {
        lines.add(
            "stats(rx dropped:"
                + st[0]
                + ",rx invalid:"
                + st[1]
                + ",rx queue full:"
                + st[2]
                + ",rx fill ring empty:"
                + st[3]
                + ",tx invalid:"
                + st[4]
                + ",tx ring empty:"
                + st[5]
                + ")");
      }
    }
    StringBuilder memoryText = new StringBuilder();
    if (memory && r.skmem() != null) {
      SsDetailText.skmem(memoryText, r.skmem());
    }
    String continuation = null;
    if (oneline || lines.isEmpty()) {
      for (String line : lines) {
        extra.append(' ').append(line);
      }
      extra.append(memoryText);
    } else {
      // skmem follows whatever ss printed last: the last of these lines.
      continuation = String.join("\n\t", lines) + memoryText;
    }
    return new SsLine(
        "xdp",
        "UNCONN",
        Long.toString(r.receiveQueue()),
        "0",
        address,
        delimiter,
        port,
        "",
        '*',
        "",
        processes ? SsUsers.text(owners, r.inode(), threads) : "",
        extra.toString(),
        continuation);
  }

  SsLine netlink(NetlinkSocketRecord r) {
    int protocol = r.protocol();
    String name =
        !numeric && protocol < NETLINK_PROTOCOLS.length ? NETLINK_PROTOCOLS[protocol] : null;
    String protocolText = name != null ? name : Integer.toString(protocol);
    int pid = r.portId();
    String process;
    if (pid == -1) {
      process = "*";
    } else if (numeric) {
      process = Integer.toString(pid);
    } else if (pid == 0) {
      process = "kernel";
    } else {
      String command = pid > 0 ? command(pid) : null;
      process = command != null ? command + "/" + pid : Integer.toString(pid);
    }
    StringBuilder extra = new StringBuilder();
    if (extended) {
      // ss 6.1 passes 0 for the sk and cb pointers of netlink_diag replies.
      extra.append(" sk=0 cb=0 groups=0x").append(String.format("%08x", r.groups()));
    }
    if (memory && r.skmem() != null) {
      extra.append('\t');
      SsDetailText.skmem(extra, r.skmem());
    }
    boolean connected = r.connected();
    return new SsLine(
        "nl",
        "UNCONN",
        Long.toString(r.receiveQueue()),
        Long.toString(r.sendQueue()),
        protocolText,
        ':',
        process,
        connected ? Long.toString(r.destinationGroup()) : "",
        connected ? ':' : '*',
        connected ? Integer.toString(r.destinationPortId()) : "",
        "",
        extra.toString(),
        null);
  }

  /** The command in /proc/PID/stat up to the first ')', as ss's fscanf("%*d (%[^)])") reads it. */
  private String command(int pid) {
    try {
      String stat =
          new String(
              Files.readAllBytes(procRoot.resolve(Integer.toString(pid)).resolve("stat")),
              StandardCharsets.UTF_8);
      int open = stat.indexOf('(');
      int close = stat.indexOf(')', open + 1);
      if (open < 0 || close <= open + 1) {
        return null;
      }
      return stat.substring(open + 1, close);
    } catch (IOException e) {
      return null;
    }
  }

  /** ss's " %c-%c" of the SHUT_ bits: {@code <->} open both ways, {@code <--} no more sending. */
  static void shutdown(StringBuilder b, int mask) {
    b.append(' ').append((mask & 1) != 0 ? '-' : '<').append('-');
    b.append((mask & 2) != 0 ? '-' : '>');
  }
}
