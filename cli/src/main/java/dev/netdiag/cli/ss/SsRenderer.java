package dev.netdiag.cli.ss;

import dev.netdiag.cli.Output;
import dev.netdiag.linux.AddressText;
import dev.netdiag.sockets.IpFamily;
import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.ProcessRef;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.Transport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

  private final SsArgs args;
  private ServicePorts services;
  private InterfaceNames interfaces;

  SsRenderer(SsArgs args) {
    this.args = args;
  }

  // The cells of a row, in the order they are stored in the cell buffer.
  private static final int NETID = 0;
  private static final int STATE = 1;
  private static final int RECV_Q = 2;
  private static final int SEND_Q = 3;
  private static final int LOCAL_ADDRESS = 4;
  private static final int LOCAL_PORT = 5;
  private static final int PEER_ADDRESS = 6;
  private static final int PEER_PORT = 7;
  private static final int PROCESS = 8;
  private static final int CELLS = 9;

  /**
   * Every row's cells as bytes in one growing array, with the end offset of each cell: ss sizes its
   * columns from all rows before printing, and this keeps 100k rows without a String per cell.
   * Widths count bytes, as ss's printf does.
   */
  private static final class CellBuffer {
    private byte[] bytes;
    private int used;
    private int[] ends;
    private int cells;

    CellBuffer(int rows) {
      bytes = new byte[Math.max(256, rows * 64)];
      ends = new int[Math.max(CELLS, rows * CELLS)];
    }

    void ascii(CharSequence text) {
      int n = text.length();
      for (int i = 0; i < n; i++) {
        char c = text.charAt(i);
        if (c >= 0x80) {
          utf8(text.subSequence(i, n).toString());
          return;
        }
        put((byte) c);
      }
    }

    private void utf8(String text) {
      for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
        put(b);
      }
    }

    /** Makes room for n more bytes. */
    void ensure(int n) {
      if (used + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + n));
      }
    }

    void put(byte b) {
      if (used == bytes.length) {
        bytes = Arrays.copyOf(bytes, bytes.length * 2);
      }
      bytes[used++] = b;
    }

    void number(long value) {
      if (value < 0) {
        ascii(Long.toString(value));
        return;
      }
      int start = used;
      do {
        put((byte) ('0' + (value % 10)));
        value /= 10;
      } while (value != 0);
      for (int i = start, j = used - 1; i < j; i++, j--) {
        byte t = bytes[i];
        bytes[i] = bytes[j];
        bytes[j] = t;
      }
    }

    /** Ends the current cell. */
    void end() {
      if (cells == ends.length) {
        ends = Arrays.copyOf(ends, ends.length * 2);
      }
      ends[cells++] = used;
    }

    int start(int cell) {
      return cell == 0 ? 0 : ends[cell - 1];
    }

    int width(int cell) {
      return ends[cell] - start(cell);
    }

    int rows() {
      return cells / CELLS;
    }
  }

  void render(List<SocketRecord> records, ProcessMap owners, Output out) {
    boolean stateColumn = Integer.bitCount(args.states()) != 1;
    CellBuffer cells = new CellBuffer(records.size());
    for (SocketRecord r : records) {
      row(r, owners, cells);
    }
    int rows = cells.rows();
    int[] widths = {5, 5, 6, 6, 13, 4, 12, 4, 0}; // the header's own widths
    for (int row = 0; row < rows; row++) {
      int base = row * CELLS;
      for (int c = NETID; c < PROCESS; c++) {
        widths[c] = Math.max(widths[c], cells.width(base + c));
      }
    }
    if (!args.noHeader()) {
      if (args.netidColumn()) {
        out.padRight("Netid", widths[NETID]).ch(' ');
      }
      if (stateColumn) {
        out.padRight("State", widths[STATE]).ch(' ');
      }
      out.padRight("Recv-Q", widths[RECV_Q]).ch(' ').padRight("Send-Q", widths[SEND_Q]).ch(' ');
      out.spaces(widths[LOCAL_ADDRESS] - 13).text("Local Address:");
      out.padRight("Port", widths[LOCAL_PORT]).ch(' ');
      out.spaces(widths[PEER_ADDRESS] - 12).text("Peer Address:");
      out.padRight("Port", widths[PEER_PORT]).ch(' ');
      out.text("Process").newline();
    }
    byte[] bytes = cells.bytes;
    for (int row = 0; row < rows; row++) {
      int base = row * CELLS;
      if (args.netidColumn()) {
        left(out, cells, base + NETID, widths[NETID]).ch(' ');
      }
      if (stateColumn) {
        left(out, cells, base + STATE, widths[STATE]).ch(' ');
      }
      left(out, cells, base + RECV_Q, widths[RECV_Q]).ch(' ');
      left(out, cells, base + SEND_Q, widths[SEND_Q]).ch(' ');
      out.spaces(widths[LOCAL_ADDRESS] - cells.width(base + LOCAL_ADDRESS));
      out.write(bytes, cells.start(base + LOCAL_ADDRESS), cells.width(base + LOCAL_ADDRESS));
      out.ch(':');
      left(out, cells, base + LOCAL_PORT, widths[LOCAL_PORT]).ch(' ');
      out.spaces(widths[PEER_ADDRESS] - cells.width(base + PEER_ADDRESS));
      out.write(bytes, cells.start(base + PEER_ADDRESS), cells.width(base + PEER_ADDRESS));
      out.ch(':');
      int process = base + PROCESS;
      if (cells.width(process) == 0) {
        out.write(bytes, cells.start(base + PEER_PORT), cells.width(base + PEER_PORT));
      } else {
        left(out, cells, base + PEER_PORT, widths[PEER_PORT]).ch(' ');
        out.write(bytes, cells.start(process), cells.width(process));
      }
      out.newline();
    }
  }

  /** Writes a cell left-aligned in a column of the given width. */
  private static Output left(Output out, CellBuffer cells, int cell, int width) {
    int n = cells.width(cell);
    out.write(cells.bytes, cells.start(cell), n);
    return out.spaces(width - n);
  }

  private void row(SocketRecord r, ProcessMap owners, CellBuffer cells) {
    boolean datagram = r.transport() != Transport.TCP;
    cells.ascii(r.transport().netid());
    cells.end();
    cells.ascii(r.state().ssName());
    cells.end();
    cells.number(r.receiveQueue());
    cells.end();
    cells.number(r.sendQueue());
    cells.end();
    address(r, r.localAddress(), r.interfaceIndex(), cells);
    cells.end();
    port(r.localPort(), datagram, r.transport(), cells);
    cells.end();
    address(r, r.remoteAddress(), 0, cells);
    cells.end();
    port(r.remotePort(), datagram, r.transport(), cells);
    cells.end();
    if (args.processes()) {
      List<ProcessRef> refs = owners.owners(r.inode());
      if (!refs.isEmpty()) {
        List<ProcessRef> sorted = refs;
        if (refs.size() > 1) {
          sorted = new ArrayList<>(refs);
          sorted.sort(SS_ORDER);
        }
        cells.ascii("users:(");
        for (int i = 0; i < sorted.size(); i++) {
          ProcessRef ref = sorted.get(i);
          if (i > 0) {
            cells.put((byte) ',');
          }
          cells.ascii("(\"");
          cells.ascii(ref.command());
          cells.ascii("\",pid=");
          cells.number(ref.pid());
          cells.ascii(",fd=");
          cells.number(ref.fd());
          cells.put((byte) ')');
        }
        cells.put((byte) ')');
      }
    }
    cells.end();
  }

  private void address(SocketRecord r, byte[] address, int ifindex, CellBuffer cells) {
    cells.ensure(AddressText.MAX_IPV6_TEXT + 2);
    if (r.family() == IpFamily.INET) {
      cells.used = AddressText.writeIpv4(cells.bytes, cells.used, address, 0);
    } else if (!r.v6only() && SocketRecord.isWildcard(address)) {
      cells.put((byte) '*');
    } else {
      cells.bytes[cells.used++] = '[';
      cells.used = AddressText.writeIpv6(cells.bytes, cells.used, address);
      cells.bytes[cells.used++] = ']';
    }
    if (ifindex != 0) {
      if (interfaces == null) {
        interfaces = InterfaceNames.load(Path.of("/sys/class/net"));
      }
      cells.put((byte) '%');
      cells.ascii(interfaces.name(ifindex));
    }
  }

  private void port(int port, boolean datagram, Transport transport, CellBuffer cells) {
    if (port == 0) {
      cells.put((byte) '*');
      return;
    }
    if (!args.numeric()) {
      if (services == null) {
        services = ServicePorts.load(Path.of("/etc/services"), Path.of("/etc/protocols"));
      }
      String name =
          transport == Transport.RAW ? services.protocol(port) : services.name(port, datagram);
      if (name != null) {
        cells.ascii(name);
        return;
      }
    }
    cells.number(port);
  }
}
