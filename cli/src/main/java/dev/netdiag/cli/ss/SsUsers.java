package dev.netdiag.cli.ss;

import dev.netdiag.cli.Output;
import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.ProcessRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * ss's Process cell, {@code users:(("cmd",pid=N,fd=N),...)}, or with -T {@code
 * users:(("cmd",pid=N,tid=N,fd=N),...)} for every thread found holding the socket.
 */
final class SsUsers {
  // ss prepends each owner to its hash chain while scanning /proc in order (a process's own
  // descriptors, then its other threads in /proc/PID/task order), so it prints the last found
  // first: highest pid; its other threads, highest tid first, before the process itself; highest
  // fd. A class of its own: Comparator.comparingInt(...).thenComparingInt(...).reversed() spins
  // five lambda classes at run time, milliseconds of every ss -p.
  private static final Comparator<ProcessRef> SS_ORDER = new SsOrder();

  private static final class SsOrder implements Comparator<ProcessRef> {
    @Override
    public int compare(ProcessRef a, ProcessRef b) {
      int c = Integer.compare(b.pid(), a.pid());
      if (c == 0) {
        c = Integer.compare(b.tid() == b.pid() ? 0 : 1, a.tid() == a.pid() ? 0 : 1);
      }
      if (c == 0) {
        c = Integer.compare(b.tid(), a.tid());
      }
      return c != 0 ? c : Integer.compare(b.fd(), a.fd());
    }
  }

  private static final byte[] OPEN = "users:((\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEXT = "),(\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PID = "\",pid=".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TID = ",tid=".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FD = ",fd=".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE = "))".getBytes(StandardCharsets.US_ASCII);

  private SsUsers() {}

  /** The cell for a socket inode, "" when nobody holds it. */
  static String text(ProcessMap owners, long inode, boolean threads) {
    List<ProcessRef> refs = ordered(owners.owners(inode));
    if (refs.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("users:(");
    for (int i = 0; i < refs.size(); i++) {
      ProcessRef ref = refs.get(i);
      if (i > 0) {
        b.append(',');
      }
      b.append("(\"").append(ref.command()).append("\",pid=").append(ref.pid());
      if (threads) {
        b.append(",tid=").append(ref.tid());
      }
      b.append(",fd=").append(ref.fd()).append(')');
    }
    return b.append(')').toString();
  }

  private static List<ProcessRef> ordered(List<ProcessRef> refs) {
    if (refs.size() < 2) {
      return refs;
    }
    List<ProcessRef> sorted = new ArrayList<>(refs);
    sorted.sort(SS_ORDER);
    return sorted;
  }

  /**
   * The Process cells of a streamed table, written straight to the output as each row prints: no
   * String per row (at 100,000 sockets those, and their encoding, were most of ss -tanp's render).
   */
  static final class Cells implements SsTable.ProcessCells {
    private final ProcessMap owners;
    private final long[] inodes;
    private final boolean threads;
    private List<ProcessRef> refs = List.of();
    private int refsRow = -1;
    // The last command written and its bytes: most sockets belong to a few processes.
    private String command;
    private byte[] commandBytes;

    Cells(ProcessMap owners, long[] inodes, boolean threads) {
      this.owners = owners;
      this.inodes = inodes;
      this.threads = threads;
    }

    @Override
    public boolean has(int row) {
      return !refs(row).isEmpty();
    }

    @Override
    public void write(int row, Output out) {
      List<ProcessRef> all = refs(row);
      for (int i = 0; i < all.size(); i++) {
        ProcessRef ref = all.get(i);
        out.bytes(i == 0 ? OPEN : NEXT);
        command(ref.command(), out);
        out.bytes(PID).number(ref.pid());
        if (threads) {
          out.bytes(TID).number(ref.tid());
        }
        out.bytes(FD).number(ref.fd());
      }
      out.bytes(CLOSE);
    }

    private List<ProcessRef> refs(int row) {
      if (row != refsRow) {
        refs = ordered(owners.owners(inodes[row]));
        refsRow = row;
      }
      return refs;
    }

    private void command(String text, Output out) {
      if (text != command) {
        command = text;
        commandBytes = text.getBytes(StandardCharsets.UTF_8);
      }
      out.bytes(commandBytes);
    }
  }
}
