package dev.netdiag.sockets;

import dev.netdiag.linux.HostOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a {@link SocketFilter} to the inet_diag filter program (the INET_DIAG_REQ_BYTECODE
 * attribute of a dump request, include/uapi/linux/inet_diag.h), so that the kernel skips sockets
 * before they are copied to us. The program only pre-filters: {@link SocketFilter#matches} still
 * judges every socket the kernel sends, so it must accept at least what the Java evaluator accepts
 * (except where ss's own kernel tests differ from its Java ones, see {@link #approximate}). A
 * condition without a bytecode form is therefore replaced by "true" where it counts positively and
 * by "false" under an odd number of negations; when nothing is left, no program is sent.
 *
 * <pre>
 * struct inet_diag_bc_op (host order), 4 bytes, followed by the operation's operand:
 *  0  u8   code   INET_DIAG_BC_*
 *  1  u8   yes    bytes to the next operation when the condition holds (here: always the next)
 *  2  u16  no     bytes to jump when it does not; landing exactly on the program's end accepts,
 *                 landing 4 bytes past it rejects
 * operands:
 *  S_GE S_LE D_GE D_LE S_EQ D_EQ  a second bc_op whose u16 "no" is the port (host order)
 *  S_COND D_COND  inet_diag_hostcond: u8 family, u8 prefix_len, u16 pad, s32 port (host order,
 *                 -1 = any), then the address, network order: 0 bytes (AF_UNSPEC), 4 or 16
 *  DEV_COND       u32 ifindex (host order)
 *  MARK_COND      inet_diag_markcond: u32 mark, u32 mask (host order)
 *  CGROUP_COND    u64 cgroup v2 id (host order)
 *  AUTO JMP NOP   none
 * </pre>
 *
 * The kernel (inet_diag_bc_audit) requires every jump to be forward, 4-aligned and to land on an
 * operation reachable through the "yes" chain, and "yes" to fit a byte: so every operation's "yes"
 * leads to the one after it, and a condition that must jump elsewhere when it holds is followed by
 * a JMP (which always takes its "no").
 */
public final class InetDiagBytecode {
  // Operation codes, in the order of the enum in inet_diag.h.
  static final int NOP = 0;
  static final int JMP = 1;
  static final int S_GE = 2;
  static final int S_LE = 3;
  static final int D_GE = 4;
  static final int D_LE = 5;
  static final int AUTO = 6;
  static final int S_COND = 7;
  static final int D_COND = 8;
  static final int DEV_COND = 9;
  static final int MARK_COND = 10;
  static final int S_EQ = 11;
  static final int D_EQ = 12;
  static final int CGROUP_COND = 13;

  private static final int AF_UNSPEC = 0;
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;

  /** The largest program an rtattr can carry (its u16 length includes its 4-byte header). */
  private static final int MAX_LENGTH = 0xffff - 4;

  private static final SocketFilter FALSE = new SocketFilter.Not(SocketFilter.ALL);

  private final List<Operation> operations = new ArrayList<>();
  private final List<Label> labels = new ArrayList<>();

  private InetDiagBytecode() {}

  /**
   * The program for the filter, or an empty array when the kernel cannot narrow the dump (no
   * filter, or no part of it has a bytecode form).
   */
  public static byte[] compile(SocketFilter filter) {
    if (filter instanceof SocketFilter.All) {
      // Most runs have no filter: no pattern switch, whose first use spins a class at run time.
      return new byte[0];
    }
    SocketFilter kernel = approximate(filter, true);
    if (kernel instanceof SocketFilter.All) {
      return new byte[0];
    }
    InetDiagBytecode program = new InetDiagBytecode();
    Label accept = program.label();
    Label reject = program.label();
    program.emit(kernel, accept, reject);
    program.bind(accept);
    program.dropJumpsToNext();
    return program.assemble(accept, reject);
  }

  /**
   * A filter the kernel can run that accepts at least (when {@code upper}) or at most (otherwise)
   * what {@code filter} accepts, with "true" as {@link SocketFilter#ALL} and "false" as {@link
   * #FALSE}, folded away wherever they meet an and, or or not.
   */
  static SocketFilter approximate(SocketFilter filter, boolean upper) {
    return switch (filter) {
      case SocketFilter.All all -> SocketFilter.ALL;
      case SocketFilter.And and ->
          and(approximate(and.left(), upper), approximate(and.right(), upper));
      case SocketFilter.Or or -> or(approximate(or.left(), upper), approximate(or.right(), upper));
      case SocketFilter.Not not -> not(approximate(not.operand(), !upper));
      // The ordering's operand holds 16 bits: ss sends a port beyond them (":65536", "-1") as its
      // low 16 bits, and its rows are those both that and its own test accept; so are ours. No
      // socket has such a port for "=" (ss's hostcond port is an int): Java alone decides it.
      case SocketFilter.PortCompare port ->
          port.port() >= 0 && port.port() <= 0xffff
              ? port
              : switch (port.comparison()) {
                case EQ, NE -> upper ? SocketFilter.ALL : FALSE;
                default ->
                    new SocketFilter.PortCompare(
                        port.side(), port.comparison(), port.port() & 0xffff);
              };
      case SocketFilter.HostMatch host ->
          host.address() == null && host.port() == -1
              ? SocketFilter.ALL
              : hostHasForm(host) ? host : upper ? SocketFilter.ALL : FALSE;
      // An inet socket never matches a UNIX name: exactly false.
      case SocketFilter.UnixName unix -> FALSE;
      case SocketFilter.VsockHost vsock -> FALSE;
      case SocketFilter.Device device -> device;
      // Two kernel tests are not quite the Java ones: AUTO means "bind(2) did not choose the
      // port", where Java (as ss) checks ip_local_port_range; and TIME-WAIT and request sockets
      // have a mark for MARK_COND but report none (Java reads 0). ss sends both to the kernel and
      // applies its own test after, so its rows are the two tests together; so are ours. Only
      // there can the kernel-filtered rows be fewer than the Java-only ones.
      case SocketFilter.Mark mark -> mark;
      case SocketFilter.Autobound auto -> auto;
      // The kernel compares the full socket's cgroup id and gives others 0, as Java reads them.
      case SocketFilter.Cgroup cgroup -> cgroup;
    };
  }

  private static boolean hostHasForm(SocketFilter.HostMatch host) {
    byte[] a = host.address();
    return a == null || ((a.length == 4 || a.length == 16) && host.prefixLength() <= a.length * 8);
  }

  private static boolean isTrue(SocketFilter f) {
    return f instanceof SocketFilter.All;
  }

  private static boolean isFalse(SocketFilter f) {
    return f instanceof SocketFilter.Not(SocketFilter.All all);
  }

  private static SocketFilter and(SocketFilter left, SocketFilter right) {
    if (isFalse(left) || isTrue(right)) {
      return left;
    }
    if (isFalse(right) || isTrue(left)) {
      return right;
    }
    return new SocketFilter.And(left, right);
  }

  private static SocketFilter or(SocketFilter left, SocketFilter right) {
    if (isTrue(left) || isFalse(right)) {
      return left;
    }
    if (isTrue(right) || isFalse(left)) {
      return right;
    }
    return new SocketFilter.Or(left, right);
  }

  private static SocketFilter not(SocketFilter operand) {
    if (operand instanceof SocketFilter.Not(SocketFilter inner)) {
      return inner;
    }
    return new SocketFilter.Not(operand);
  }

  /** A place in the program: an operation's index once bound. */
  private static final class Label {
    int index = -1;
  }

  /**
   * One operation: its code, the operand bytes after the 4-byte header (for a port comparison, the
   * second bc_op whose "no" is filled from {@code port}), and where its "no" leads.
   */
  private record Operation(int code, byte[] operand, int port, Label no) {
    int length() {
      return 4 + operand.length;
    }
  }

  private Label label() {
    Label label = new Label();
    labels.add(label);
    return label;
  }

  private void bind(Label label) {
    label.index = operations.size();
  }

  private void jump(Label target) {
    operations.add(new Operation(JMP, new byte[0], -1, target));
  }

  /** Continues at {@code yes} when the filter holds, at {@code no} when it does not. */
  private void emit(SocketFilter filter, Label yes, Label no) {
    switch (filter) {
      case SocketFilter.All all -> jump(yes);
      case SocketFilter.Not not -> emit(not.operand(), no, yes);
      case SocketFilter.And and -> {
        Label right = label();
        emit(and.left(), right, no);
        bind(right);
        emit(and.right(), yes, no);
      }
      case SocketFilter.Or or -> {
        Label right = label();
        emit(or.left(), yes, right);
        bind(right);
        emit(or.right(), yes, no);
      }
      case SocketFilter.PortCompare port -> emitPort(port, yes, no);
      default -> {
        operations.add(condition(filter, no));
        jump(yes);
      }
    }
  }

  /** sport/dport: GE, LE and EQ exist; LT, GT and NE are their negations (as ss compiles them). */
  private void emitPort(SocketFilter.PortCompare compare, Label yes, Label no) {
    boolean source = compare.side() == SocketFilter.Side.SOURCE;
    int code =
        switch (compare.comparison()) {
          case EQ, NE -> source ? S_EQ : D_EQ;
          case GE, LT -> source ? S_GE : D_GE;
          case LE, GT -> source ? S_LE : D_LE;
        };
    boolean negated =
        switch (compare.comparison()) {
          case NE, LT, GT -> true;
          case EQ, GE, LE -> false;
        };
    Label holds = negated ? no : yes;
    Label fails = negated ? yes : no;
    operations.add(new Operation(code, new byte[4], compare.port(), fails));
    jump(holds);
  }

  /** The operation for a condition other than a port comparison; its "no" leads to {@code no}. */
  private static Operation condition(SocketFilter filter, Label no) {
    return switch (filter) {
      case SocketFilter.HostMatch host ->
          new Operation(
              host.side() == SocketFilter.Side.SOURCE ? S_COND : D_COND, hostcond(host), -1, no);
      case SocketFilter.Device device ->
          new Operation(DEV_COND, hostOrder(device.interfaceIndex()), -1, no);
      case SocketFilter.Mark mark -> {
        byte[] operand = new byte[8];
        putHostOrder(operand, 0, mark.mark());
        putHostOrder(operand, 4, mark.mask());
        yield new Operation(MARK_COND, operand, -1, no);
      }
      case SocketFilter.Autobound auto -> new Operation(AUTO, new byte[0], -1, no);
      case SocketFilter.Cgroup cgroup -> {
        byte[] operand = new byte[8];
        HostOrder.putU64(operand, 0, cgroup.id());
        yield new Operation(CGROUP_COND, operand, -1, no);
      }
      default -> throw new IllegalArgumentException("no bytecode form: " + filter);
    };
  }

  /** struct inet_diag_hostcond with its address. */
  private static byte[] hostcond(SocketFilter.HostMatch host) {
    byte[] address = host.address() == null ? new byte[0] : host.address();
    byte[] operand = new byte[8 + address.length];
    operand[0] =
        (byte) (address.length == 16 ? AF_INET6 : address.length == 4 ? AF_INET : AF_UNSPEC);
    operand[1] = (byte) (address.length == 0 ? 0 : host.prefixLength());
    putHostOrder(operand, 4, host.port());
    System.arraycopy(address, 0, operand, 8, address.length);
    return operand;
  }

  private static byte[] hostOrder(int value) {
    byte[] b = new byte[4];
    putHostOrder(b, 0, value);
    return b;
  }

  private static void putHostOrder(byte[] b, int at, int value) {
    HostOrder.putU32(b, at, value);
  }

  /** Removes every JMP that lands on the operation right after it: falling through is the same. */
  private void dropJumpsToNext() {
    for (int i = operations.size() - 1; i >= 0; i--) {
      Operation op = operations.get(i);
      if (op.code() == JMP && op.no().index == i + 1) {
        operations.remove(i);
        shiftLabels(i);
      }
    }
  }

  /** After removing operation {@code removed}, labels past it move back by one. */
  private void shiftLabels(int removed) {
    for (Label label : labels) {
      if (label.index > removed) {
        label.index--;
      }
    }
  }

  private byte[] assemble(Label accept, Label reject) {
    int[] offsets = new int[operations.size() + 1];
    for (int i = 0; i < operations.size(); i++) {
      offsets[i + 1] = offsets[i] + operations.get(i).length();
    }
    int end = offsets[operations.size()];
    if (end > MAX_LENGTH) {
      return new byte[0];
    }
    byte[] out = new byte[end];
    for (int i = 0; i < operations.size(); i++) {
      Operation op = operations.get(i);
      int at = offsets[i];
      int target = op.no() == reject ? end + 4 : offsets[op.no().index];
      out[at] = (byte) op.code();
      out[at + 1] = (byte) op.length();
      HostOrder.putU16(out, at + 2, target - at);
      System.arraycopy(op.operand(), 0, out, at + 4, op.operand().length);
      if (op.port() >= 0) {
        HostOrder.putU16(out, at + 6, op.port());
      }
    }
    return out;
  }
}
