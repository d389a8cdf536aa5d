package dev.netdiag.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Starts non-blocking TCP connects to several addresses at once and waits for all of them with one
 * poll loop, so the whole run is bounded by one timeout. Reports each outcome by its errno (read
 * with SO_ERROR), which tells a reset from an ICMP error from silence.
 *
 * <pre>
 * struct pollfd (poll.h), 8 bytes
 *  0  i32  fd
 *  4  i16  events
 *  6  i16  revents
 * </pre>
 */
public final class ParallelConnect {
  private static final long POLLFD_SIZE = 8;
  private static final long POLLFD_FD = 0;
  private static final long POLLFD_EVENTS = 4;
  private static final long POLLFD_REVENTS = 6;
  private static final short POLLOUT = 0x004;

  // linux/net.h, asm-generic/socket.h
  private static final int SOCK_STREAM = 1;
  private static final int SOCK_NONBLOCK = 0x800;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int SOL_SOCKET = 1;
  private static final int SO_ERROR = 4;

  private ParallelConnect() {}

  /**
   * Connects to every target (from {@code source}, port 0, when given) and returns one outcome per
   * target, in order. Throws only when the source address cannot be bound.
   */
  public static List<ConnectOutcome> run(
      List<InetSocketAddress> targets, InetAddress source, Duration timeout)
      throws NativeException {
    Libc libc = Libc.get();
    int n = targets.size();
    ConnectOutcome[] outcomes = new ConnectOutcome[n];
    int[] fds = new int[n];
    long[] started = new long[n];
    Arrays.fill(fds, -1);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSlot(arena);
      // One pollfd per target, filled before any connect so that nothing but poll runs between
      // a connect and its measured outcome; entries that are done get fd -1, which poll skips.
      MemorySegment pollfds = arena.allocate(POLLFD_SIZE * Math.max(n, 1), 8);
      MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
      MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
      MemorySegment[] remotes = new MemorySegment[n];
      for (int i = 0; i < n; i++) {
        InetSocketAddress target = targets.get(i);
        InetAddress address = target.getAddress();
        remotes[i] = SockAddr.encode(arena, address, target.getPort());
        int type = SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC;
        int fd = libc.socket(errno, AddressFamily.of(address).code(), type, 0);
        if (fd < 0) {
          outcomes[i] = new ConnectOutcome(target, new Errno(Libc.errno(errno)), false, 0);
        } else {
          fds[i] = fd;
          if (source != null) {
            MemorySegment local = SockAddr.encode(arena, source, 0);
            if (libc.bind(errno, fd, local, (int) local.byteSize()) != 0) {
              throw NativeException.of(
                  "bind to " + AddressText.format(source), new Errno(Libc.errno(errno)));
            }
          }
        }
        pollfds.set(ValueLayout.JAVA_INT, POLLFD_SIZE * i + POLLFD_FD, fds[i]);
        pollfds.set(ValueLayout.JAVA_SHORT, POLLFD_SIZE * i + POLLFD_EVENTS, POLLOUT);
        pollfds.set(ValueLayout.JAVA_SHORT, POLLFD_SIZE * i + POLLFD_REVENTS, (short) 0);
      }
      warmUp(libc, arena, errno, value, length);
      int pending = 0;
      for (int i = 0; i < n; i++) {
        if (fds[i] < 0) {
          continue;
        }
        started[i] = System.nanoTime();
        int rc = libc.connect(errno, fds[i], remotes[i], (int) remotes[i].byteSize());
        Errno failure = rc == 0 ? Errno.NONE : new Errno(Libc.errno(errno));
        if (failure.equals(Errno.EINPROGRESS)) {
          pending++;
        } else {
          outcomes[i] =
              new ConnectOutcome(targets.get(i), failure, false, System.nanoTime() - started[i]);
          pollfds.set(ValueLayout.JAVA_INT, POLLFD_SIZE * i + POLLFD_FD, -1);
        }
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (pending > 0) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          break;
        }
        int waitMillis = (int) Math.min(Integer.MAX_VALUE, (remaining + 999_999) / 1_000_000);
        int ready = libc.poll(errno, pollfds, n, waitMillis);
        long now = System.nanoTime();
        if (ready < 0) {
          if (Libc.errno(errno) == Errno.EINTR.code()) {
            continue;
          }
          throw NativeException.of("poll", new Errno(Libc.errno(errno)));
        }
        for (int i = 0; i < n && ready > 0; i++) {
          short revents = pollfds.get(ValueLayout.JAVA_SHORT, POLLFD_SIZE * i + POLLFD_REVENTS);
          if (outcomes[i] != null || revents == 0) {
            continue;
          }
          ready--;
          pending--;
          value.set(ValueLayout.JAVA_INT, 0, 0);
          length.set(ValueLayout.JAVA_INT, 0, 4);
          int rc = libc.getsockopt(errno, fds[i], SOL_SOCKET, SO_ERROR, value, length);
          int code = rc == 0 ? value.get(ValueLayout.JAVA_INT, 0) : Libc.errno(errno);
          outcomes[i] =
              new ConnectOutcome(targets.get(i), new Errno(code), false, now - started[i]);
          pollfds.set(ValueLayout.JAVA_INT, POLLFD_SIZE * i + POLLFD_FD, -1);
        }
      }
      for (int i = 0; i < n; i++) {
        if (outcomes[i] == null) {
          outcomes[i] =
              new ConnectOutcome(targets.get(i), Errno.ETIMEDOUT, true, timeout.toNanos());
        }
      }
      return List.of(outcomes);
    } finally {
      closeAll(libc, fds);
    }
  }

  /**
   * The first call through a downcall handle or memory accessor links it, which takes milliseconds;
   * calling each timed function once on fd -1 (EBADF, no side effect) and touching each accessor
   * keeps that out of the measured times.
   */
  private static void warmUp(
      Libc libc, Arena arena, MemorySegment errno, MemorySegment value, MemorySegment length) {
    MemorySegment any = SockAddr.encode(arena, AddressText.fromBytes(new byte[4]), 0);
    libc.connect(errno, -1, any, (int) any.byteSize());
    Errno.EINPROGRESS.equals(new Errno(Libc.errno(errno)));
    MemorySegment none = arena.allocate(POLLFD_SIZE, 8);
    none.set(ValueLayout.JAVA_INT, POLLFD_FD, -1);
    libc.poll(errno, none, 1, 0);
    none.get(ValueLayout.JAVA_SHORT, POLLFD_REVENTS);
    length.set(ValueLayout.JAVA_INT, 0, 4);
    libc.getsockopt(errno, -1, SOL_SOCKET, SO_ERROR, value, length);
    value.get(ValueLayout.JAVA_INT, 0);
    System.nanoTime();
  }

  private static void closeAll(Libc libc, int[] fds) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSlot(arena);
      for (int fd : fds) {
        if (fd >= 0) {
          libc.close(errno, fd);
        }
      }
    }
  }
}
