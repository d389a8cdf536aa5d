package dev.netdiag.cli.ss;

import dev.netdiag.cli.Output;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * ss's table for rows of any family (UNIX, PACKET, NETLINK and inet) and with the -e/-o/-m/-i
 * texts: widths from the widest cell of each column, addresses right-aligned, as ss prints them.
 *
 * <p>ss sizes its columns from the whole table, so every row is held until the end. The eight
 * padded cells of each row live as bytes in one growing array (no String per cell: at 100,000
 * sockets the strings and their copies through the young generation cost more than the kernel's
 * dump); the unpadded Process, -e/-o/-m text and -i line sit in side arrays that exist only when a
 * row has them.
 */
final class SsTable {
  static final int NETID = 0;
  static final int STATE = 1;
  static final int RECV_Q = 2;
  static final int SEND_Q = 3;
  static final int LOCAL_ADDRESS = 4;
  static final int LOCAL_PORT = 5;
  static final int PEER_ADDRESS = 6;
  static final int PEER_PORT = 7;
  private static final int CELLS = 8;

  private byte[] text = new byte[1 << 16];
  private int used;
  private int[] ends = new int[CELLS * 256];
  private int cell;
  private int rows;
  // Minimum widths: the header words.
  private final int[] widths = {5, 5, 6, 6, 13, 4, 12, 4};
  private byte[] delimiters;
  private String[] process;
  private String[] extra;
  private String[] continuation;

  /** The number of complete rows. */
  int rows() {
    return rows;
  }

  /** Appends ASCII text to the current cell. */
  SsTable ascii(String s) {
    int n = s.length();
    reserve(n);
    s.getBytes(0, n, text, used);
    used += n;
    return this;
  }

  /** Appends text to the current cell, UTF-8 encoded. */
  SsTable text(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        reserve(bytes.length);
        System.arraycopy(bytes, 0, text, used, bytes.length);
        used += bytes.length;
        return this;
      }
    }
    return ascii(s);
  }

  /** Appends one ASCII character to the current cell. */
  SsTable ch(char c) {
    reserve(1);
    text[used++] = (byte) c;
    return this;
  }

  /** Appends a non-negative decimal number to the current cell. */
  SsTable number(long value) {
    reserve(20);
    used = Output.putDecimal(text, used, value);
    return this;
  }

  /**
   * Room for n more bytes of the current cell; returns the array to write into at {@link #used()}
   * (for writers that fill bytes themselves, followed by {@link #advance}).
   */
  byte[] reserve(int n) {
    if (used + n > text.length) {
      text = Arrays.copyOf(text, Math.max(text.length * 2, used + n));
    }
    return text;
  }

  /** Where the next byte of the current cell goes. */
  int used() {
    return used;
  }

  /** Moves the end of the current cell to {@code end} after a direct write. */
  void advance(int end) {
    used = end;
  }

  /** Ends the current cell; after the eighth, the row is complete. */
  void endCell() {
    int at = rows * CELLS + cell;
    if (at == ends.length) {
      ends = Arrays.copyOf(ends, ends.length * 2);
    }
    ends[at] = used;
    int start = at == 0 ? 0 : ends[at - 1];
    if (used - start > widths[cell]) {
      widths[cell] = used - start;
    }
    if (++cell == CELLS) {
      cell = 0;
      rows++;
    }
  }

  /** The Process column of a complete row ("" for none). */
  void process(int row, String text) {
    if (!text.isEmpty()) {
      process = put(process, row, text);
    }
  }

  /** Text after the Process column on the row's line ("" for none). */
  void extra(int row, String text) {
    if (!text.isEmpty()) {
      extra = put(extra, row, text);
    }
  }

  /** A second line after a tab (null for none). */
  void continuation(int row, String text) {
    if (text != null) {
      continuation = put(continuation, row, text);
    }
  }

  /** The characters between address and port of a complete row: ':', or ' ' and '*' for some. */
  void delimiters(int row, char local, char peer) {
    if (local != ':' || peer != ':') {
      if (delimiters == null || delimiters.length <= 2 * row + 1) {
        int size = 2 * capacity(row);
        delimiters = Arrays.copyOf(delimiters == null ? new byte[0] : delimiters, size);
      }
      delimiters[2 * row] = (byte) local;
      delimiters[2 * row + 1] = (byte) peer;
    }
  }

  private char delimiter(int row, int which) {
    int at = 2 * row + which;
    byte b = delimiters == null || at >= delimiters.length ? 0 : delimiters[at];
    return b == 0 ? ':' : (char) b;
  }

  private String[] put(String[] array, int row, String value) {
    if (array == null || array.length <= row) {
      array = Arrays.copyOf(array == null ? new String[0] : array, capacity(row));
    }
    array[row] = value;
    return array;
  }

  private int capacity(int row) {
    return Math.max(row + 1, ends.length / CELLS);
  }

  private static String at(String[] array, int row) {
    return array == null || row >= array.length ? null : array[row];
  }

  /** Adds a row given as text cells. */
  void add(SsLine line) {
    text(line.netid()).endCell();
    text(line.state()).endCell();
    text(line.recvQ()).endCell();
    text(line.sendQ()).endCell();
    text(line.localAddress()).endCell();
    text(line.localPort()).endCell();
    text(line.peerAddress()).endCell();
    text(line.peerPort()).endCell();
    int row = rows - 1;
    delimiters(row, line.localDelimiter(), line.peerDelimiter());
    process(row, line.process());
    extra(row, line.extra());
    continuation(row, line.continuation());
  }

  /** Process cells kept outside the table and written as their rows print. */
  interface ProcessCells {
    /** Whether the row has a Process cell. */
    boolean has(int row);

    /** Writes the row's Process cell. */
    void write(int row, Output out);
  }

  void render(boolean netidColumn, boolean stateColumn, boolean noHeader, Output out) {
    render(netidColumn, stateColumn, noHeader, null, out);
  }

  void render(
      boolean netidColumn,
      boolean stateColumn,
      boolean noHeader,
      ProcessCells processCells,
      Output out) {
    int[] w = widths;
    if (!noHeader) {
      if (netidColumn) {
        out.padRight("Netid", w[NETID]).ch(' ');
      }
      if (stateColumn) {
        out.padRight("State", w[STATE]).ch(' ');
      }
      out.padRight("Recv-Q", w[RECV_Q]).ch(' ').padRight("Send-Q", w[SEND_Q]).ch(' ');
      out.spaces(w[LOCAL_ADDRESS] - 13).text("Local Address:").padRight("Port", w[LOCAL_PORT]);
      out.ch(' ').spaces(w[PEER_ADDRESS] - 12).text("Peer Address:");
      out.padRight("Port", w[PEER_PORT]).ch(' ').text("Process").newline();
    }
    for (int row = 0; row < rows; row++) {
      row(out, row, netidColumn, stateColumn, processCells);
    }
  }

  // One row per call rather than one long loop: the JIT compiles a method after a few hundred
  // calls, while a loop waits for tens of thousands of iterations before it is replaced (OSR), so
  // most of a 100k-row table would otherwise print interpreted.
  private void row(
      Output out, int row, boolean netidColumn, boolean stateColumn, ProcessCells processCells) {
    int[] w = widths;
    int at = row * CELLS;
    int start = row == 0 ? 0 : ends[at - 1];
    if (netidColumn) {
      cell(out, start, ends[at + NETID], w[NETID], false).ch(' ');
    }
    if (stateColumn) {
      cell(out, ends[at + NETID], ends[at + STATE], w[STATE], false).ch(' ');
    }
    cell(out, ends[at + STATE], ends[at + RECV_Q], w[RECV_Q], false).ch(' ');
    cell(out, ends[at + RECV_Q], ends[at + SEND_Q], w[SEND_Q], false).ch(' ');
    cell(out, ends[at + SEND_Q], ends[at + LOCAL_ADDRESS], w[LOCAL_ADDRESS], true);
    out.ch(delimiter(row, 0));
    cell(out, ends[at + LOCAL_ADDRESS], ends[at + LOCAL_PORT], w[LOCAL_PORT], false).ch(' ');
    cell(out, ends[at + LOCAL_PORT], ends[at + PEER_ADDRESS], w[PEER_ADDRESS], true);
    out.ch(delimiter(row, 1));
    String owners = at(process, row);
    boolean ownedOutside = processCells != null && processCells.has(row);
    String more = at(extra, row);
    if (owners == null && !ownedOutside && more == null) {
      out.write(text, ends[at + PEER_ADDRESS], ends[at + PEER_PORT] - ends[at + PEER_ADDRESS]);
    } else {
      cell(out, ends[at + PEER_ADDRESS], ends[at + PEER_PORT], w[PEER_PORT], false).ch(' ');
      if (owners != null) {
        out.text(owners);
      } else if (ownedOutside) {
        processCells.write(row, out);
      }
      if (more != null) {
        out.text(more);
      }
    }
    String second = at(continuation, row);
    if (second != null) {
      out.newline().ch('\t').text(second);
    }
    out.newline();
  }

  private Output cell(Output out, int from, int to, int width, boolean right) {
    if (right) {
      out.spaces(width - (to - from));
    }
    out.write(text, from, to - from);
    return right ? out : out.spaces(width - (to - from));
  }
}
