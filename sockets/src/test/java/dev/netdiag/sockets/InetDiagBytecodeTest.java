package dev.netdiag.sockets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.linux.HostOrder;
import dev.netdiag.sockets.SocketFilter.Comparison;
import dev.netdiag.sockets.SocketFilter.Side;
import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bytecode of representative filters, byte for byte, and a model of the kernel's interpreter
 * and verifier (net/ipv4/inet_diag.c: inet_diag_bc_run, inet_diag_bc_audit) run against the Java
 * evaluator over random filters and sockets.
 */
class InetDiagBytecodeTest {
  private static final int ANY = -1;
  private static final byte[] V4 = {127, 54, 1, 1};
  private static final byte[] V6_LOOPBACK = new byte[16];

  static {
    V6_LOOPBACK[15] = 1;
  }

  /** The program as a sequence of little pieces written in host order. */
  private static final class Program {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Program op(int code, int yes, int no) {
      byte[] b = new byte[4];
      b[0] = (byte) code;
      b[1] = (byte) yes;
      HostOrder.putU16(b, 2, no);
      out.writeBytes(b);
      return this;
    }

    /** The second bc_op of a port comparison: code 0, yes 0, no = the port. */
    Program port(int port) {
      return op(0, 0, port);
    }

    Program u32(int value) {
      byte[] b = new byte[4];
      HostOrder.putU32(b, 0, value);
      out.writeBytes(b);
      return this;
    }

    Program hostcond(int family, int prefix, int port, byte[] address) {
      out.writeBytes(new byte[] {(byte) family, (byte) prefix, 0, 0});
      u32(port);
      out.writeBytes(address);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  private static Program program() {
    return new Program();
  }

  private static SocketFilter port(Side side, Comparison comparison, int port) {
    return new SocketFilter.PortCompare(side, comparison, port);
  }

  private static void assertProgram(Program expected, SocketFilter filter) {
    byte[] actual = InetDiagBytecode.compile(filter);
    assertArrayEquals(expected.bytes(), actual, filter::toString);
    assertTrue(audit(actual), () -> "the kernel would refuse " + filter);
  }

  /** side, comparison, port, the operation's code, and whether a rejecting JMP follows it. */
  private record PortCase(Side side, Comparison comparison, int port, int code, boolean negated) {}

  @Test
  void portConditionsUseOneComparisonEach() {
    // GE, LE and EQ reject by jumping 4 past the end; their negations add one JMP that rejects.
    List<PortCase> table =
        List.of(
            new PortCase(Side.SOURCE, Comparison.EQ, 22, InetDiagBytecode.S_EQ, false),
            new PortCase(Side.SOURCE, Comparison.NE, 22, InetDiagBytecode.S_EQ, true),
            new PortCase(Side.SOURCE, Comparison.LT, 1024, InetDiagBytecode.S_GE, true),
            new PortCase(Side.SOURCE, Comparison.GT, 1024, InetDiagBytecode.S_LE, true),
            new PortCase(Side.SOURCE, Comparison.LE, 80, InetDiagBytecode.S_LE, false),
            new PortCase(Side.SOURCE, Comparison.GE, 80, InetDiagBytecode.S_GE, false),
            new PortCase(Side.DESTINATION, Comparison.EQ, 8080, InetDiagBytecode.D_EQ, false),
            new PortCase(Side.DESTINATION, Comparison.NE, 8080, InetDiagBytecode.D_EQ, true),
            new PortCase(Side.DESTINATION, Comparison.LT, 65535, InetDiagBytecode.D_GE, true),
            new PortCase(Side.DESTINATION, Comparison.GT, 0, InetDiagBytecode.D_LE, true),
            new PortCase(Side.DESTINATION, Comparison.LE, 443, InetDiagBytecode.D_LE, false),
            new PortCase(Side.DESTINATION, Comparison.GE, 443, InetDiagBytecode.D_GE, false));
    for (PortCase c : table) {
      Program expected = program().op(c.code(), 8, 12).port(c.port());
      if (c.negated()) {
        expected.op(InetDiagBytecode.JMP, 4, 8);
      }
      assertProgram(expected, port(c.side(), c.comparison(), c.port()));
    }
  }

  @Test
  void hostsBecomeHostconds() {
    assertProgram(
        program().op(InetDiagBytecode.S_COND, 16, 20).hostcond(2, 32, ANY, V4),
        new SocketFilter.HostMatch(Side.SOURCE, V4, 32, ANY));
    assertProgram(
        program()
            .op(InetDiagBytecode.D_COND, 16, 20)
            .hostcond(2, 16, ANY, new byte[] {127, 54, 0, 0}),
        new SocketFilter.HostMatch(Side.DESTINATION, new byte[] {127, 54, 0, 0}, 16, ANY));
    assertProgram(
        program().op(InetDiagBytecode.S_COND, 16, 20).hostcond(2, 32, 8080, V4),
        new SocketFilter.HostMatch(Side.SOURCE, V4, 32, 8080));
    assertProgram(
        program().op(InetDiagBytecode.S_COND, 28, 32).hostcond(10, 128, ANY, V6_LOOPBACK),
        new SocketFilter.HostMatch(Side.SOURCE, V6_LOOPBACK, 128, ANY));
    byte[] net = new byte[16];
    net[0] = (byte) 0xfd;
    assertProgram(
        program().op(InetDiagBytecode.D_COND, 28, 32).hostcond(10, 8, 22, net),
        new SocketFilter.HostMatch(Side.DESTINATION, net, 8, 22));
    // *:PORT: no address, so AF_UNSPEC and no address bytes.
    assertProgram(
        program().op(InetDiagBytecode.S_COND, 12, 16).hostcond(0, 0, 22, new byte[0]),
        new SocketFilter.HostMatch(Side.SOURCE, null, 0, 22));
    // "*" alone matches everything: no program at all.
    assertEquals(
        0, InetDiagBytecode.compile(new SocketFilter.HostMatch(Side.SOURCE, null, 0, ANY)).length);
  }

  @Test
  void deviceMarkAndAutobound() {
    assertProgram(
        program().op(InetDiagBytecode.DEV_COND, 8, 12).u32(1), new SocketFilter.Device(1));
    assertProgram(
        program().op(InetDiagBytecode.MARK_COND, 12, 16).u32(0x10).u32(0xf0),
        new SocketFilter.Mark(0x10, 0xf0));
    assertProgram(
        program().op(InetDiagBytecode.MARK_COND, 12, 16).u32(0x10).u32(-1).op(1, 4, 8),
        new SocketFilter.Not(new SocketFilter.Mark(0x10, -1)));
    assertProgram(
        program().op(InetDiagBytecode.AUTO, 4, 8), new SocketFilter.Autobound(32768, 60999));
    // cgroup: a u64 id in host order after the op (ss's struct { bc_op; __u64 id } packed).
    assertProgram(
        program().op(InetDiagBytecode.CGROUP_COND, 12, 16).u32(0x2345).u32(0x1),
        new SocketFilter.Cgroup(0x1_00002345L));
    assertProgram(
        program().op(InetDiagBytecode.CGROUP_COND, 12, 16).u32(7).u32(0).op(1, 4, 8),
        new SocketFilter.Not(new SocketFilter.Cgroup(7)));
  }

  @Test
  void andOrNotNest() {
    SocketFilter ssh = port(Side.SOURCE, Comparison.EQ, 22);
    SocketFilter http = port(Side.DESTINATION, Comparison.EQ, 80);
    // and: the first failure rejects (20 = 16 + 4 from offset 0), then the second.
    assertProgram(
        program()
            .op(InetDiagBytecode.S_EQ, 8, 20)
            .port(22)
            .op(InetDiagBytecode.D_EQ, 8, 12)
            .port(80),
        new SocketFilter.And(ssh, http));
    // or: the first failure tries the second; its success jumps to the end (accept).
    assertProgram(
        program()
            .op(InetDiagBytecode.S_EQ, 8, 12)
            .port(22)
            .op(InetDiagBytecode.JMP, 4, 12)
            .op(InetDiagBytecode.D_EQ, 8, 12)
            .port(80),
        new SocketFilter.Or(ssh, http));
    // not (a and b): a failure accepts (jumps to the end, 20), both holding reject.
    assertProgram(
        program()
            .op(InetDiagBytecode.S_EQ, 8, 20)
            .port(22)
            .op(InetDiagBytecode.D_EQ, 8, 12)
            .port(80)
            .op(InetDiagBytecode.JMP, 4, 8),
        new SocketFilter.Not(new SocketFilter.And(ssh, http)));
    // (src V4 or src ::1) and not autobound
    assertProgram(
        program()
            .op(InetDiagBytecode.S_COND, 16, 20)
            .hostcond(2, 32, ANY, V4)
            .op(InetDiagBytecode.JMP, 4, 32)
            .op(InetDiagBytecode.S_COND, 28, 40)
            .hostcond(10, 128, ANY, V6_LOOPBACK)
            .op(InetDiagBytecode.AUTO, 4, 8)
            .op(InetDiagBytecode.JMP, 4, 8),
        new SocketFilter.And(
            new SocketFilter.Or(
                new SocketFilter.HostMatch(Side.SOURCE, V4, 32, ANY),
                new SocketFilter.HostMatch(Side.SOURCE, V6_LOOPBACK, 128, ANY)),
            new SocketFilter.Not(new SocketFilter.Autobound(32768, 60999))));
  }

  @Test
  void portsBeyondSixteenBitsAsSsSendsThem() {
    // ss's bc_op holds the port in 16 bits: "sport > :70000" goes as S_LE 4464, negated.
    assertProgram(
        program().op(InetDiagBytecode.S_LE, 8, 12).port(70000 & 0xffff).op(1, 4, 8),
        port(Side.SOURCE, Comparison.GT, 70000));
    // For "=", no socket has such a port; Java decides, the kernel gets no program.
    assertEquals(0, InetDiagBytecode.compile(port(Side.SOURCE, Comparison.EQ, 70000)).length);
  }

  @Test
  void partsWithoutAFormWidenTheProgram() {
    SocketFilter ssh = port(Side.SOURCE, Comparison.EQ, 22);
    // A host of an impossible length has no hostcond: "true" under and, so only sport is left.
    SocketFilter odd = new SocketFilter.HostMatch(Side.SOURCE, new byte[5], 8, ANY);
    assertProgram(
        program().op(InetDiagBytecode.S_EQ, 8, 12).port(22), new SocketFilter.And(ssh, odd));
    // Under or, "true" swallows everything: no program.
    assertEquals(0, InetDiagBytecode.compile(new SocketFilter.Or(ssh, odd)).length);
    // Negated, it counts as "false" inside and "true" outside: not (sport = 22 and odd) -> true.
    assertEquals(
        0, InetDiagBytecode.compile(new SocketFilter.Not(new SocketFilter.And(ssh, odd))).length);
    // A UNIX name never matches an inet socket: the program rejects everything.
    assertProgram(
        program().op(InetDiagBytecode.JMP, 4, 8), new SocketFilter.UnixName(Side.SOURCE, "/x"));
    assertEquals(0, InetDiagBytecode.compile(SocketFilter.ALL).length);
  }

  @Test
  void kernelModelAgreesWithTheJavaEvaluator() {
    Random random = new Random(5);
    for (int i = 0; i < 3000; i++) {
      SocketFilter filter = randomFilter(random, 4);
      byte[] bytecode = InetDiagBytecode.compile(filter);
      assertTrue(bytecode.length == 0 || audit(bytecode), filter::toString);
      for (int j = 0; j < 40; j++) {
        SocketRecord record = randomRecord(random);
        boolean kernel = bytecode.length == 0 || run(bytecode, record);
        // Every condition here has an exact form: the program is the filter as the kernel reads
        // it (Java, as ss's own test, then judges addresses without their family).
        assertEquals(kernelReading(filter, record), kernel, () -> filter + " on " + record);
      }
    }
  }

  @Test
  void partsWithoutAFormOnlyWidenWhatTheKernelSends() {
    Random random = new Random(6);
    for (int i = 0; i < 3000; i++) {
      SocketFilter filter = withOddParts(randomFilter(random, 4), random);
      byte[] bytecode = InetDiagBytecode.compile(filter);
      assertTrue(bytecode.length == 0 || audit(bytecode), filter::toString);
      for (int j = 0; j < 40; j++) {
        SocketRecord record = randomRecord(random);
        boolean kernel = bytecode.length == 0 || run(bytecode, record);
        assertTrue(kernel || !kernelReading(filter, record), () -> filter + " on " + record);
      }
    }
  }

  /** The filter with some leaves replaced by conditions that have no bytecode form. */
  private static SocketFilter withOddParts(SocketFilter f, Random r) {
    return switch (f) {
      case SocketFilter.And and ->
          new SocketFilter.And(withOddParts(and.left(), r), withOddParts(and.right(), r));
      case SocketFilter.Or or ->
          new SocketFilter.Or(withOddParts(or.left(), r), withOddParts(or.right(), r));
      case SocketFilter.Not not -> new SocketFilter.Not(withOddParts(not.operand(), r));
      default ->
          r.nextInt(3) > 0 ? f : new SocketFilter.HostMatch(Side.SOURCE, new byte[5], 0, ANY);
    };
  }

  /**
   * The filter as the kernel's inet_diag_bc_run reads the program ss sends for it: a host condition
   * of another family than the socket's fails (an IPv4 one may match a v4-mapped address) before
   * its prefix is looked at, and a port ordering compares the port's low 16 bits. Other leaves (and
   * those without a bytecode form) read as in Java.
   */
  private static boolean kernelReading(SocketFilter f, SocketRecord s) {
    return switch (f) {
      case SocketFilter.And and -> kernelReading(and.left(), s) && kernelReading(and.right(), s);
      case SocketFilter.Or or -> kernelReading(or.left(), s) || kernelReading(or.right(), s);
      case SocketFilter.Not not -> !kernelReading(not.operand(), s);
      case SocketFilter.PortCompare p
          when p.comparison() != Comparison.EQ && p.comparison() != Comparison.NE ->
          new SocketFilter.PortCompare(p.side(), p.comparison(), p.port() & 0xffff).matches(s);
      case SocketFilter.HostMatch h
          when h.address() != null && (h.address().length == 4 || h.address().length == 16) -> {
        byte[] actual = h.side() == Side.SOURCE ? s.localAddress() : s.remoteAddress();
        int port = h.side() == Side.SOURCE ? s.localPort() : s.remotePort();
        if (h.port() != ANY && h.port() != port) {
          yield false;
        }
        if (h.address().length != actual.length) {
          boolean mapped = h.address().length == 4 && actual.length == 16;
          for (int i = 0; mapped && i < 12; i++) {
            mapped = actual[i] == (i < 10 ? 0 : (byte) 0xff);
          }
          yield mapped
              && new SocketFilter.HostMatch(h.side(), h.address(), h.prefixLength(), ANY)
                  .matches(sameEnds(s, java.util.Arrays.copyOfRange(actual, 12, 16)));
        }
        yield h.matches(s);
      }
      default -> f.matches(s);
    };
  }

  /** The record with this address at both ends (for an IPv4 condition on a mapped address). */
  private static SocketRecord sameEnds(SocketRecord s, byte[] address) {
    return new SocketRecord(
        s.transport(),
        IpFamily.INET,
        s.state(),
        address,
        s.localPort(),
        address,
        s.remotePort(),
        s.interfaceIndex(),
        s.receiveQueue(),
        s.sendQueue(),
        s.uid(),
        s.inode(),
        s.cookie(),
        s.timer(),
        s.retransmits(),
        s.expiresMillis(),
        s.v6only(),
        s.details(),
        s.mark(),
        s.cgroupId());
  }

  private static final int[] PORTS = {0, 22, 80, 8080, 40000, 65535};
  private static final byte[][] ADDRESSES = {
    V4,
    {127, 54, 1, 2},
    {10, 0, 0, 1},
    V6_LOOPBACK,
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 54, 1, 1},
    {(byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2},
  };

  private static SocketFilter randomFilter(Random r, int depth) {
    int kind = r.nextInt(depth == 0 ? 6 : 9);
    Side side = r.nextBoolean() ? Side.SOURCE : Side.DESTINATION;
    return switch (kind) {
      case 0 ->
          port(
              side,
              Comparison.values()[r.nextInt(6)],
              Math.min(0xffff, PORTS[r.nextInt(PORTS.length)] + r.nextInt(2)));
      case 1 -> {
        byte[] a = ADDRESSES[r.nextInt(ADDRESSES.length)];
        int prefix = r.nextInt(a.length * 8 + 1);
        yield new SocketFilter.HostMatch(
            side,
            r.nextInt(5) == 0 ? null : a,
            prefix,
            r.nextBoolean() ? ANY : PORTS[r.nextInt(3)]);
      }
      case 2 -> new SocketFilter.Device(r.nextInt(3));
      case 3 -> new SocketFilter.Mark(r.nextInt(3) * 0x10, r.nextBoolean() ? -1 : 0xf0);
      case 4 ->
          r.nextBoolean()
              ? new SocketFilter.Autobound(32768, 60999)
              : new SocketFilter.Cgroup(r.nextInt(3));
      case 5 -> r.nextBoolean() ? SocketFilter.ALL : new SocketFilter.UnixName(side, "/x");
      case 6 -> new SocketFilter.And(randomFilter(r, depth - 1), randomFilter(r, depth - 1));
      case 7 -> new SocketFilter.Or(randomFilter(r, depth - 1), randomFilter(r, depth - 1));
      default -> new SocketFilter.Not(randomFilter(r, depth - 1));
    };
  }

  private static SocketRecord randomRecord(Random r) {
    boolean v6 = r.nextBoolean();
    byte[] local = pick(r, v6);
    byte[] remote = pick(r, v6);
    return new SocketRecord(
        Transport.TCP,
        v6 ? IpFamily.INET6 : IpFamily.INET,
        SocketState.ESTABLISHED,
        local,
        PORTS[r.nextInt(PORTS.length)] + r.nextInt(2) - (r.nextBoolean() ? 1 : 0) & 0xffff,
        remote,
        PORTS[r.nextInt(PORTS.length)],
        r.nextInt(3),
        0,
        0,
        0,
        0,
        0,
        TcpTimer.of(0),
        0,
        0,
        false,
        null,
        r.nextInt(4) * 0x10 + (r.nextBoolean() ? 1 : 0),
        r.nextInt(3));
  }

  private static byte[] pick(Random r, boolean v6) {
    while (true) {
      byte[] a = ADDRESSES[r.nextInt(ADDRESSES.length)];
      if ((a.length == 16) == v6) {
        return a;
      }
    }
  }

  // --- a model of net/ipv4/inet_diag.c ---

  private static int u16(byte[] b, int at) {
    return HostOrder.u16(b, at);
  }

  /** inet_diag_bc_run, with autobound taken as the Java test (the port range) for the model. */
  private static boolean run(byte[] bc, SocketRecord s) {
    int pc = 0;
    int len = bc.length;
    while (len > 0) {
      int code = bc[pc] & 0xff;
      boolean yes =
          switch (code) {
            case InetDiagBytecode.NOP -> true;
            case InetDiagBytecode.JMP -> false;
            case InetDiagBytecode.S_GE -> s.localPort() >= u16(bc, pc + 6);
            case InetDiagBytecode.S_LE -> s.localPort() <= u16(bc, pc + 6);
            case InetDiagBytecode.D_GE -> s.remotePort() >= u16(bc, pc + 6);
            case InetDiagBytecode.D_LE -> s.remotePort() <= u16(bc, pc + 6);
            case InetDiagBytecode.S_EQ -> s.localPort() == u16(bc, pc + 6);
            case InetDiagBytecode.D_EQ -> s.remotePort() == u16(bc, pc + 6);
            case InetDiagBytecode.AUTO -> s.localPort() >= 32768 && s.localPort() <= 60999;
            case InetDiagBytecode.S_COND, InetDiagBytecode.D_COND ->
                hostcond(bc, pc + 4, code == InetDiagBytecode.S_COND, s);
            case InetDiagBytecode.DEV_COND -> HostOrder.u32(bc, pc + 4) == s.interfaceIndex();
            case InetDiagBytecode.MARK_COND ->
                (s.mark() & HostOrder.u32(bc, pc + 8)) == HostOrder.u32(bc, pc + 4);
            case InetDiagBytecode.CGROUP_COND -> HostOrder.u64(bc, pc + 4) == s.cgroupId();
            default -> throw new AssertionError("code " + code);
          };
      int step = yes ? bc[pc + 1] & 0xff : u16(bc, pc + 2);
      len -= step;
      pc += step;
    }
    return len == 0;
  }

  private static boolean hostcond(byte[] bc, int at, boolean source, SocketRecord s) {
    int family = bc[at] & 0xff;
    int prefix = bc[at + 1] & 0xff;
    int port = HostOrder.u32(bc, at + 4);
    if (port != -1 && port != (source ? s.localPort() : s.remotePort())) {
      return false;
    }
    byte[] addr = source ? s.localAddress() : s.remoteAddress();
    int entryFamily = addr.length == 16 ? 10 : 2;
    if (family != 0 && family != entryFamily) {
      if (entryFamily == 10 && family == 2) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
          mapped &= addr[i] == 0;
        }
        mapped &= addr[10] == (byte) 0xff && addr[11] == (byte) 0xff;
        return mapped && bitsMatch(addr, 12, bc, at + 8, prefix);
      }
      return false;
    }
    return prefix == 0 || bitsMatch(addr, 0, bc, at + 8, prefix);
  }

  private static boolean bitsMatch(byte[] a, int from, byte[] b, int at, int bits) {
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >> (i % 8);
      if ((a[from + i / 8] & mask) != (b[at + i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** inet_diag_bc_audit: sizes, forward aligned jumps, "no" targets on the "yes" chain. */
  private static boolean audit(byte[] bc) {
    Set<Integer> chain = new HashSet<>();
    int pc = 0;
    while (pc < bc.length) {
      chain.add(pc);
      int yes = bc[pc + 1] & 0xff;
      if (yes == 0) {
        return false;
      }
      pc += yes;
    }
    for (int at : chain) {
      int len = bc.length - at;
      int code = bc[at] & 0xff;
      int minLength =
          switch (code) {
            case InetDiagBytecode.S_COND, InetDiagBytecode.D_COND -> {
              int family = bc[at + 4] & 0xff;
              int addressLength = family == 2 ? 4 : family == 10 ? 16 : family == 0 ? 0 : -1;
              if (addressLength < 0 || (bc[at + 5] & 0xff) > addressLength * 8) {
                yield Integer.MAX_VALUE;
              }
              yield 12 + addressLength;
            }
            case InetDiagBytecode.S_GE,
                InetDiagBytecode.S_LE,
                InetDiagBytecode.D_GE,
                InetDiagBytecode.D_LE,
                InetDiagBytecode.S_EQ,
                InetDiagBytecode.D_EQ,
                InetDiagBytecode.DEV_COND ->
                8;
            case InetDiagBytecode.MARK_COND, InetDiagBytecode.CGROUP_COND -> 12;
            case InetDiagBytecode.AUTO, InetDiagBytecode.JMP, InetDiagBytecode.NOP -> 4;
            default -> Integer.MAX_VALUE;
          };
      if (len < minLength) {
        return false;
      }
      int yes = bc[at + 1] & 0xff;
      int no = u16(bc, at + 2);
      if (yes < minLength || yes > len + 4 || (yes & 3) != 0) {
        return false;
      }
      if (code != InetDiagBytecode.NOP) {
        if (no < minLength || no > len + 4 || (no & 3) != 0) {
          return false;
        }
        if (no < len && !chain.contains(at + no)) {
          return false;
        }
      }
    }
    return true;
  }
}
