package dev.netdiag.sockets;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What to list of the AF_UNIX table.
 *
 * @param types the socket types wanted
 * @param states the state bit mask (bit {@code 1 << state.code()})
 * @param filter the expression filter, applied with {@link OtherFamilyFilter}
 * @param details also fetch the bound file's inode and device and a listener's pending connections
 * @param memory also fetch SK_MEMINFO
 */
public record UnixQuery(
    Set<UnixType> types, int states, SocketFilter filter, boolean details, boolean memory) {
  public UnixQuery {
    EnumSet<UnixType> t = EnumSet.noneOf(UnixType.class);
    t.addAll(types);
    types = Collections.unmodifiableSet(t);
  }

  /** Every type and state, no filter, no extras. */
  public static UnixQuery all() {
    return new UnixQuery(
        EnumSet.allOf(UnixType.class), SocketState.ALL, SocketFilter.ALL, false, false);
  }

  /** True when the record passes the type set, the state mask and the filter. */
  public boolean wants(UnixSocketRecord record) {
    return types.contains(record.type())
        && (states & (1 << record.state().code())) != 0
        && OtherFamilyFilter.matchesUnix(filter, record);
  }
}
