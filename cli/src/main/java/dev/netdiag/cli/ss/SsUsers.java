package dev.netdiag.cli.ss;

import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.ProcessRef;
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
  // fd.
  private static final Comparator<ProcessRef> SS_ORDER =
      Comparator.comparingInt(ProcessRef::pid)
          .thenComparingInt((ProcessRef r) -> r.tid() == r.pid() ? 0 : 1)
          .thenComparingInt(ProcessRef::tid)
          .thenComparingInt(ProcessRef::fd)
          .reversed();

  private SsUsers() {}

  /** The cell for a socket inode, "" when nobody holds it. */
  static String text(ProcessMap owners, long inode, boolean threads) {
    List<ProcessRef> refs = owners.owners(inode);
    if (refs.isEmpty()) {
      return "";
    }
    List<ProcessRef> sorted = refs;
    if (refs.size() > 1) {
      sorted = new ArrayList<>(refs);
      sorted.sort(SS_ORDER);
    }
    StringBuilder b = new StringBuilder("users:(");
    for (int i = 0; i < sorted.size(); i++) {
      ProcessRef ref = sorted.get(i);
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
}
