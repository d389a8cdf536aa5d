package dev.netdiag.cli.ss;

import dev.netdiag.cli.Output;
import dev.netdiag.linux.AddressText;
import dev.netdiag.sockets.IpFamily;
import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.ProcessRef;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.Transport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * ss's table: Netid (when several tables are shown), State (unless one state is filtered), Recv-Q,
 * Send-Q, local and peer address:port, Process. Addresses are right-aligned before the colon and
 * ports left-aligned after it, as ss aligns them; the exact padding may differ from ss's.
 */
final class SsRenderer {
  private static final Comparator<ProcessRef> SS_ORDER =
      // ss prepends each owner to its hash chain while scanning /proc in order, so it prints the
      // last found first: highest pid, then highest fd.
      Comparator.comparingInt(ProcessRef::pid).thenComparingInt(ProcessRef::fd).reversed();

  /** What ss assumes when ip_local_port_range cannot be read (misc/ss.c is_ephemeral). */
  static final dev.netdiag.linux.LocalPortRange SS_DEFAULT_EPHEMERAL =
      new dev.netdiag.linux.LocalPortRange(1024, 4999);

  private final SsArgs args;
  private ServicePorts services;
  private dev.netdiag.linux.LocalPortRange ephemeral;
  private InterfaceNames interfaces;

  SsRenderer(SsArgs args) {
    this.args = args;
  }

  /**
   * The plain table, streamed: each socket's cells are written as it arrives, so the records need
   * not be kept; with -p the Process column is filled in after the process scan.
   */
  static final class Stream {
    private final SsRenderer renderer;
    private final SsTable table = new SsTable();
    private long[] inodes;

    Stream(SsArgs args) {
      this.renderer = new SsRenderer(args);
      this.inodes = args.processes() ? new long[1024] : null;
    }

    void accept(SocketRecord r) {
      if (inodes != null) {
        int row = table.rows();
        if (row == inodes.length) {
          inodes = java.util.Arrays.copyOf(inodes, row * 2);
        }
        inodes[row] = r.inode();
      }
      renderer.cells(r, table);
    }

    int rows() {
      return table.rows();
    }

    /** The sockets' inodes (0 for those without one), for the process scan; empty without -p. */
    long[] inodes() {
      return inodes == null ? new long[0] : java.util.Arrays.copyOf(inodes, table.rows());
    }

    void render(ProcessMap owners, Output out) {
      if (inodes != null) {
        StringBuilder scratch = new StringBuilder(64);
        for (int row = 0; row < table.rows(); row++) {
          table.process(row, renderer.process(owners, inodes[row], scratch));
        }
      }
      SsArgs args = renderer.args;
      table.render(args.netidColumn(), Integer.bitCount(args.states()) != 1, args.noHeader(), out);
    }
  }

  /** Appends one socket's eight cells to the table (a complete row, its Process column empty). */
  void cells(SocketRecord r, SsTable table) {
    boolean datagram = r.transport() != Transport.TCP;
    table.ascii(r.transport().netid()).endCell();
    table.ascii(r.state().ssName()).endCell();
    table.number(r.receiveQueue()).endCell();
    table.number(r.sendQueue()).endCell();
    address(r, r.localAddress(), r.interfaceIndex(), table);
    port(r.localPort(), datagram, r.transport(), table);
    address(r, r.remoteAddress(), 0, table);
    port(r.remotePort(), datagram, r.transport(), table);
  }

  /** The Process column for a socket: {@code users:(("cmd",pid=N,fd=N),…)}, "" without owners. */
  String process(ProcessMap owners, long inode, StringBuilder scratch) {
    if (inode == 0) {
      return "";
    }
    List<ProcessRef> refs = owners.owners(inode);
    if (refs.isEmpty()) {
      return "";
    }
    List<ProcessRef> sorted = refs;
    if (refs.size() > 1) {
      sorted = new ArrayList<>(refs);
      sorted.sort(SS_ORDER);
    }
    scratch.setLength(0);
    scratch.append("users:(");
    for (int i = 0; i < sorted.size(); i++) {
      ProcessRef ref = sorted.get(i);
      if (i > 0) {
        scratch.append(',');
      }
      scratch.append("(\"").append(ref.command()).append("\",pid=");
      scratch.append(ref.pid()).append(",fd=").append(ref.fd()).append(')');
    }
    return scratch.append(')').toString();
  }

  private void address(SocketRecord r, byte[] address, int ifindex, SsTable table) {
    if (r.family() == IpFamily.INET) {
      table.advance(AddressText.writeIpv4(table.reserve(15), table.used(), address, 0));
    } else if (!r.v6only() && SocketRecord.isWildcard(address)) {
      table.ch('*');
    } else {
      table.ch('[');
      table.advance(
          AddressText.writeIpv6(table.reserve(AddressText.MAX_IPV6_TEXT), table.used(), address));
      table.ch(']');
    }
    if (ifindex != 0) {
      if (interfaces == null) {
        interfaces = InterfaceNames.load(Path.of("/sys/class/net"));
      }
      table.ch('%').text(interfaces.name(ifindex));
    }
    table.endCell();
  }

  private void port(int port, boolean datagram, Transport transport, SsTable table) {
    if (port == 0) {
      table.ch('*').endCell();
      return;
    }
    if (!args.numeric()) {
      if (services == null) {
        services = ServicePorts.load(Path.of("/etc/services"), Path.of("/etc/protocols"));
      }
      String name;
      if (transport == Transport.RAW) {
        name = services.protocol(port);
      } else {
        // ss names no port the kernel hands out itself: "socks" on a client port is noise.
        if (ephemeral == null) {
          ephemeral = dev.netdiag.linux.LocalPortRange.read(SS_DEFAULT_EPHEMERAL);
        }
        name = ephemeral.contains(port) ? null : services.name(port, datagram);
      }
      if (name != null) {
        table.text(name).endCell();
        return;
      }
    }
    table.number(port).endCell();
  }
}
