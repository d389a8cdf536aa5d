package dev.netdiag.cli.netstat;

import dev.netdiag.cli.ByteSink;
import dev.netdiag.cli.Output;
import dev.netdiag.sockets.SocketRecord;
import java.util.Arrays;

/**
 * netstat -p's rows, written as the kernel's dump arrives but held in memory up to their
 * PID/Program name column until the process scan beside the dump is done. The text work overlaps
 * the scan instead of following it, and no socket record is kept (at 100,000 sockets, holding the
 * records and formatting them after the scan cost more than the formatting itself).
 */
final class HeldRows {
  private final ByteSink memory = new ByteSink(1 << 16);
  private final Output text = new Output(memory);
  private final boolean timers;
  private int[] ends = new int[1024];
  private long[] inodes = new long[1024];
  private String[] timerTexts;
  private int rows;

  HeldRows(boolean timers) {
    this.timers = timers;
    this.timerTexts = timers ? new String[1024] : null;
  }

  /** Writes a row's columns before PID/Program name, and keeps what the rest of it needs. */
  void add(SocketTableText table, SocketRecord r) {
    table.head(text, r);
    if (rows == ends.length) {
      ends = Arrays.copyOf(ends, rows * 2);
      inodes = Arrays.copyOf(inodes, rows * 2);
      if (timers) {
        timerTexts = Arrays.copyOf(timerTexts, rows * 2);
      }
    }
    ends[rows] = Math.toIntExact(text.position());
    inodes[rows] = r.inode();
    if (timers) {
      timerTexts[rows] = SocketTableText.timer(r);
    }
    rows++;
  }

  /** Prints every row with the holders the scan found. */
  void print(ProgramNames programs, Output out) {
    text.flush();
    byte[] bytes = memory.bytes();
    for (int row = 0; row < rows; row++) {
      row(bytes, row, programs, out);
    }
  }

  // One row per call: the JIT compiles a method after a few hundred calls, a loop only much later.
  private void row(byte[] bytes, int row, ProgramNames programs, Output out) {
    int start = row == 0 ? 0 : ends[row - 1];
    out.write(bytes, start, ends[row] - start);
    SocketTableText.program(out, programs, inodes[row]);
    if (timers) {
      out.ch(' ').text(timerTexts[row]);
    }
    out.newline();
  }
}
