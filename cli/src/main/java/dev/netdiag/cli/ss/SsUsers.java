package dev.netdiag.cli.ss;

import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.ProcessRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** ss's Process cell, {@code users:(("cmd",pid=N,fd=N),...)}, for the non-inet rows. */
final class SsUsers {
  // ss prepends each owner to its hash chain while scanning /proc in order, so it prints the last
  // found first: highest pid, then highest fd.
  private static final Comparator<ProcessRef> SS_ORDER =
      Comparator.comparingInt(ProcessRef::pid).thenComparingInt(ProcessRef::fd).reversed();

  private SsUsers() {}

  /** The cell for a socket inode, "" when nobody holds it. */
  static String text(ProcessMap owners, long inode) {
    List<ProcessRef> refs = owners.owners(inode);
    if (refs.isEmpty()) {
      return "";
    }
    List<ProcessRef> sorted = new ArrayList<>(refs);
    sorted.sort(SS_ORDER);
    StringBuilder b = new StringBuilder("users:(");
    for (int i = 0; i < sorted.size(); i++) {
      ProcessRef ref = sorted.get(i);
      if (i > 0) {
        b.append(',');
      }
      b.append("(\"").append(ref.command()).append("\",pid=").append(ref.pid());
      b.append(",fd=").append(ref.fd()).append(')');
    }
    return b.append(')').toString();
  }
}
