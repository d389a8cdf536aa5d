// The floor under `lsof -nP -iTCP` (and `ss -tanp`, `netstat -tanp`) in Java: the kernel work
// they cannot skip and nothing else. On two threads at once, as the best-placed tool would run
// them: the TCP socket dump over NETLINK_SOCK_DIAG (IPv4, then IPv6; messages counted, not read),
// and a readlink of every descriptor of every process (/proc/PID/fd, read by number for tables
// of 256 or more, which skips getdents64, as netdiag does; a large table split between two
// threads), counting "socket:[" links. No rows
// are built and nothing is printed but two counts. Every call goes through one FFM downcall stub
// (syscall(2), x86_64 numbers), the cheapest link there is. bench/sockets.sh times it, with an
// AOT cache trained on itself and the launcher's JVM flags, against lsof -nP -iTCP (target <= 0.2).
import java.io.File;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;

public class KernelFloor {
  // arch/x86/entry/syscalls/syscall_64.tbl
  private static final long CLOSE = 3;
  private static final long FSTAT = 5;
  private static final long SOCKET = 41;
  private static final long SENDTO = 44;
  private static final long RECVFROM = 45;
  private static final long OPENAT = 257;
  private static final long READLINKAT = 267;

  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.nativeOrder());
  private static final ValueLayout.OfShort SHORT =
      ValueLayout.JAVA_SHORT.withOrder(ByteOrder.nativeOrder());

  private static MethodHandle syscall;

  private static long call(long nr, long a, long b, long c, long d, long e, long f)
      throws Throwable {
    return (long) syscall.invokeExact(nr, a, b, c, d, e, f);
  }

  public static void main(String[] args) throws Throwable {
    Linker linker = Linker.nativeLinker();
    ValueLayout.OfLong l = ValueLayout.JAVA_LONG;
    syscall =
        linker.downcallHandle(
            linker.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(l, l, l, l, l, l, l, l),
            Linker.Option.firstVariadicArg(1));
    long[] dumped = new long[1];
    Throwable[] failed = new Throwable[1];
    Thread dump =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    dumped[0] = dump(2) + dump(10);
                  } catch (Throwable t) {
                    failed[0] = t;
                  }
                });
    long sockets = readLinks();
    dump.join();
    if (failed[0] != null) {
      throw failed[0];
    }
    System.out.println(sockets + " socket descriptors, " + dumped[0] + " TCP sockets");
  }

  /** Counts the TCP sockets of one family (AF_INET 2, AF_INET6 10) in a sock_diag dump. */
  private static long dump(int family) throws Throwable {
    try (Arena arena = Arena.ofConfined()) {
      long fd = call(SOCKET, 16, 3 | 0x80000, 4, 0, 0, 0); // AF_NETLINK, SOCK_RAW|CLOEXEC, SOCK_DIAG
      if (fd < 0) {
        throw new IllegalStateException("socket(AF_NETLINK) failed");
      }
      // struct nlmsghdr (16) + struct inet_diag_req_v2 (56)
      MemorySegment request = arena.allocate(72);
      request.set(INT, 0, 72);
      request.set(SHORT, 4, (short) 20); // SOCK_DIAG_BY_FAMILY
      request.set(SHORT, 6, (short) (0x1 | 0x300)); // NLM_F_REQUEST | NLM_F_DUMP
      request.set(INT, 8, 1);
      request.set(ValueLayout.JAVA_BYTE, 16, (byte) family);
      request.set(ValueLayout.JAVA_BYTE, 17, (byte) 6); // IPPROTO_TCP
      request.set(INT, 20, -1); // every state
      if (call(SENDTO, fd, request.address(), 72, 0, 0, 0) != 72) {
        throw new IllegalStateException("sendto failed");
      }
      MemorySegment buffer = arena.allocate(1 << 20);
      long count = 0;
      boolean done = false;
      while (!done) {
        long n = call(RECVFROM, fd, buffer.address(), buffer.byteSize(), 0, 0, 0);
        if (n <= 0) {
          throw new IllegalStateException("recvfrom failed: " + n);
        }
        for (long at = 0; at + 16 <= n; ) {
          int length = buffer.get(INT, at);
          short type = buffer.get(SHORT, at + 4);
          if (type == 3 || type == 2) { // NLMSG_DONE, NLMSG_ERROR
            done = true;
            break;
          }
          count++;
          at += (length + 3) & ~3;
        }
      }
      call(CLOSE, fd, 0, 0, 0, 0, 0);
      return count;
    }
  }

  /** Reads every descriptor link of every process; counts the sockets. */
  private static long readLinks() throws Throwable {
    long sockets = 0;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment path = arena.allocate(64);
      MemorySegment link = arena.allocate(4096);
      MemorySegment stat = arena.allocate(144);
      String[] pids = new File("/proc").list();
      for (String pid : pids) {
        if (pid.charAt(0) < '0' || pid.charAt(0) > '9') {
          continue;
        }
        path.setString(0, "/proc/" + pid + "/fd");
        long dir = call(OPENAT, -100, path.address(), 0x10000 | 0x80000, 0, 0, 0);
        if (dir < 0) {
          continue;
        }
        long count =
            call(FSTAT, dir, stat.address(), 0, 0, 0, 0) == 0
                ? stat.get(ValueLayout.JAVA_LONG, 48)
                : 0;
        if (count >= 256) {
          // A large table is read by two threads, a half each: both CPUs in the kernel at once.
          int half = (int) (count / 2);
          long[] other = new long[1];
          Throwable[] failed = new Throwable[1];
          Thread helper =
              Thread.ofPlatform()
                  .start(
                      () -> {
                        try {
                          other[0] = readRange(dir, half, (int) count);
                        } catch (Throwable t) {
                          failed[0] = t;
                        }
                      });
          sockets += readRange(dir, 0, half);
          helper.join();
          if (failed[0] != null) {
            throw failed[0];
          }
          sockets += other[0];
        } else {
          String[] fds = new File("/proc/" + pid + "/fd").list();
          for (String fd : fds == null ? new String[0] : fds) {
            path.setString(0, fd);
            if (isSocket(call(READLINKAT, dir, path.address(), link.address(), 4096, 0, 0), link)) {
              sockets++;
            }
          }
        }
        call(CLOSE, dir, 0, 0, 0, 0, 0);
      }
    }
    return sockets;
  }

  /** Reads the links of descriptors [from, to) of an open /proc/PID/fd; counts the sockets. */
  private static long readRange(long dir, int from, int to) throws Throwable {
    long sockets = 0;
    byte[] name = new byte[24];
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment path = arena.allocate(64);
      MemorySegment link = arena.allocate(4096);
      for (int fd = from; fd < to; fd++) {
        int n = digits(fd, name);
        MemorySegment.copy(name, 0, path, ValueLayout.JAVA_BYTE, 0, n);
        path.set(ValueLayout.JAVA_BYTE, n, (byte) 0);
        if (isSocket(call(READLINKAT, dir, path.address(), link.address(), 4096, 0, 0), link)) {
          sockets++;
        }
      }
    }
    return sockets;
  }

  private static boolean isSocket(long n, MemorySegment link) {
    return n > 8 && link.get(ValueLayout.JAVA_BYTE, 0) == 's' && link.get(ValueLayout.JAVA_BYTE, 7) == '[';
  }

  private static int digits(int value, byte[] out) {
    int n = value == 0 ? 1 : 0;
    for (int v = value; v > 0; v /= 10) {
      n++;
    }
    for (int i = n - 1, v = value; i >= 0; i--, v /= 10) {
      out[i] = (byte) ('0' + v % 10);
    }
    return n;
  }
}
