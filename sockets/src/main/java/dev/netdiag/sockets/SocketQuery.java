package dev.netdiag.sockets;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What to list: transports, address families, a state mask (bit {@code 1 << state.code()}), a
 * filter, and whether to fetch the optional attributes ({@link SocketDetails}).
 *
 * @param transports the tables, listed in this set's order
 * @param families IPv4 and/or IPv6
 * @param states the state bit mask; {@link SocketState#ALL} for every state
 * @param filter the expression filter, {@link SocketFilter#ALL} for none
 * @param withDetails true to ask the kernel for congestion, mark, cgroup, TOS and memory info
 * @param procFamilies the families read from /proc/net when a transport has no diag module: ss asks
 *     sock_diag for its preferred family alone but then reads every family it lists
 */
public record SocketQuery(
    Set<Transport> transports,
    Set<IpFamily> families,
    int states,
    SocketFilter filter,
    boolean withDetails,
    Set<IpFamily> procFamilies) {

  /** A query whose /proc/net fallback reads the same families. */
  public SocketQuery(
      Set<Transport> transports,
      Set<IpFamily> families,
      int states,
      SocketFilter filter,
      boolean withDetails) {
    this(transports, families, states, filter, withDetails, families);
  }

  public SocketQuery {
    // Unmodifiable views over EnumSets keep the enum order, which is the listing order.
    EnumSet<Transport> t = EnumSet.noneOf(Transport.class);
    t.addAll(transports);
    transports = Collections.unmodifiableSet(t);
    EnumSet<IpFamily> f = EnumSet.noneOf(IpFamily.class);
    f.addAll(families);
    families = Collections.unmodifiableSet(f);
    EnumSet<IpFamily> p = EnumSet.noneOf(IpFamily.class);
    p.addAll(procFamilies);
    procFamilies = Collections.unmodifiableSet(p);
  }

  /** All states, both families, no filter, no details, for the given transports. */
  public static SocketQuery of(Transport first, Transport... rest) {
    return new SocketQuery(
        EnumSet.of(first, rest),
        EnumSet.allOf(IpFamily.class),
        SocketState.ALL,
        SocketFilter.ALL,
        false);
  }

  public SocketQuery withStates(int mask) {
    return new SocketQuery(transports, families, mask, filter, withDetails, procFamilies);
  }

  public SocketQuery withFamilies(Set<IpFamily> only) {
    return new SocketQuery(transports, only, states, filter, withDetails);
  }

  public SocketQuery withFilter(SocketFilter expression) {
    return new SocketQuery(transports, families, states, expression, withDetails, procFamilies);
  }

  public SocketQuery withDetails(boolean details) {
    return new SocketQuery(transports, families, states, filter, details, procFamilies);
  }

  /** The same query narrowed to one transport and one family. */
  public SocketQuery withTransport(Transport transport, IpFamily family) {
    return new SocketQuery(EnumSet.of(transport), EnumSet.of(family), states, filter, withDetails);
  }

  /** True when the state passes the mask. */
  public boolean wants(SocketState state) {
    return (states & (1 << state.code())) != 0;
  }
}
