package dev.netdiag.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A connected, non-blocking UDP socket that sends and receives many datagrams per system call
 * (sendmmsg, recvmmsg), for a batch of DNS queries: on loopback every send(2) also runs the
 * receiver's path and wakes it, so a send per query let the server preempt the sender once per
 * query. Confined to the thread that opened it.
 *
 * <pre>
 * struct mmsghdr (LP64), 64 bytes        struct iovec, 16 bytes
 *  0  ptr  msg_name (null: connected)     0  ptr  iov_base
 *  8  u32  msg_namelen                    8  u64  iov_len
 * 16  ptr  msg_iov
 * 24  u64  msg_iovlen                   struct pollfd, 8 bytes
 * 32  ptr  msg_control                    0  i32  fd
 * 40  u64  msg_controllen                 4  i16  events
 * 48  i32  msg_flags                      6  i16  revents
 * 56  u32  msg_len (bytes sent/received)
 * </pre>
 */
public final class UdpBatchSocket implements AutoCloseable {
  private static final int MMSGHDR = 64;
  private static final int MSG_IOV = 16;
  private static final int MSG_IOVLEN = 24;
  private static final int MSG_LEN = 56;
  private static final int IOVEC = 16;
  private static final int POLLFD = 8;

  // sys/socket.h, asm-generic/socket.h, poll.h
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_NONBLOCK = 0x800;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int SOL_SOCKET = 1;
  private static final int SO_SNDBUF = 7;
  private static final int SO_RCVBUF = 8;
  private static final int MSG_DONTWAIT = 0x40;
  private static final short POLLIN = 0x1;

  /** Datagrams one send call takes at most. */
  public static final int SEND_BATCH = 64;

  /** Datagrams one receive call returns at most. */
  public static final int RECEIVE_BATCH = 32;

  // A UDP payload is at most 65,507 bytes (IPv4) or 65,527 (IPv6 jumbograms aside).
  private static final int DATAGRAM = 65_536;

  private final Libc libc;
  private final Arena arena;
  private final int fd;
  private final MemorySegment errno;
  private final MemorySegment sendVector;
  private final MemorySegment sendData;
  private final MemorySegment receiveVector;
  private final MemorySegment receiveData;
  private final int[] receivedLength = new int[RECEIVE_BATCH];
  private boolean closed;

  private UdpBatchSocket(Libc libc, Arena arena, int fd) {
    this.libc = libc;
    this.arena = arena;
    this.fd = fd;
    this.errno = Libc.errnoSlot(arena);
    this.sendVector = arena.allocate((long) (MMSGHDR + IOVEC) * SEND_BATCH, 8);
    this.sendData = arena.allocate(DATAGRAM, 8);
    this.receiveVector = arena.allocate((long) (MMSGHDR + IOVEC) * RECEIVE_BATCH, 8);
    this.receiveData = arena.allocate((long) DATAGRAM * RECEIVE_BATCH, 8);
    // Each receive slot has its own iovec over its own 64 KiB; the vectors never change.
    long iovs = (long) MMSGHDR * RECEIVE_BATCH;
    for (int i = 0; i < RECEIVE_BATCH; i++) {
      MemorySegment iov = receiveVector.asSlice(iovs + (long) IOVEC * i, IOVEC);
      iov.set(ValueLayout.ADDRESS, 0, receiveData.asSlice((long) DATAGRAM * i, DATAGRAM));
      iov.set(ValueLayout.JAVA_LONG, 8, DATAGRAM);
      receiveVector.set(ValueLayout.ADDRESS, (long) MMSGHDR * i + MSG_IOV, iov);
      receiveVector.set(ValueLayout.JAVA_LONG, (long) MMSGHDR * i + MSG_IOVLEN, 1);
    }
    long sendIovs = (long) MMSGHDR * SEND_BATCH;
    for (int i = 0; i < SEND_BATCH; i++) {
      MemorySegment iov = sendVector.asSlice(sendIovs + (long) IOVEC * i, IOVEC);
      sendVector.set(ValueLayout.ADDRESS, (long) MMSGHDR * i + MSG_IOV, iov);
      sendVector.set(ValueLayout.JAVA_LONG, (long) MMSGHDR * i + MSG_IOVLEN, 1);
    }
  }

  /** Whether this process can use these sockets (native access, a known syscall table). */
  public static boolean available() {
    try {
      Libc.get();
      return Libc.hasBatchCalls();
    } catch (NativeException e) {
      return false;
    }
  }

  /**
   * Whether the calls are linked already (by {@link NativeWarmup}, or an earlier use), so that
   * {@link #open} and the rest will not wait tens of milliseconds for the linking.
   */
  public static boolean linked() {
    try {
      return Libc.get().syscallLinked();
    } catch (NativeException e) {
      return false;
    }
  }

  /**
   * A UDP socket of the server's family, bound to source when given, connected to the server (so
   * the kernel drops datagrams from anyone else and reports ICMP port unreachable as ECONNREFUSED),
   * with the given socket buffer sizes.
   */
  public static UdpBatchSocket open(
      InetSocketAddress server, InetSocketAddress source, int receiveBuffer, int sendBuffer)
      throws NativeException {
    Libc libc = Libc.get();
    Arena arena = Arena.ofConfined();
    try {
      MemorySegment errno = Libc.errnoSlot(arena);
      int family = AddressFamily.of(server.getAddress()).code();
      int fd = libc.socket(errno, family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0) {
        throw NativeException.of("socket", new Errno(Libc.errno(errno)));
      }
      UdpBatchSocket socket = new UdpBatchSocket(libc, arena, fd);
      try {
        MemorySegment size = arena.allocate(ValueLayout.JAVA_INT);
        size.set(ValueLayout.JAVA_INT, 0, receiveBuffer);
        libc.setsockopt(errno, fd, SOL_SOCKET, SO_RCVBUF, size, 4);
        size.set(ValueLayout.JAVA_INT, 0, sendBuffer);
        libc.setsockopt(errno, fd, SOL_SOCKET, SO_SNDBUF, size, 4);
        if (source != null) {
          MemorySegment local = SockAddr.encode(arena, source.getAddress(), source.getPort());
          if (libc.bind(errno, fd, local, (int) local.byteSize()) != 0) {
            throw NativeException.of("bind", new Errno(Libc.errno(errno)));
          }
        }
        MemorySegment remote = SockAddr.encode(arena, server.getAddress(), server.getPort());
        if (libc.connectSyscall(errno, fd, remote, (int) remote.byteSize()) != 0) {
          throw NativeException.of("connect", new Errno(Libc.errno(errno)));
        }
        return socket;
      } catch (NativeException | RuntimeException e) {
        socket.close();
        throw e;
      }
    } catch (NativeException | RuntimeException e) {
      if (arena.scope().isAlive()) {
        arena.close();
      }
      throw e;
    }
  }

  /**
   * Sends datagrams from index {@code from} on, as many as one sendmmsg takes; returns how many
   * went (0 when the socket buffer is full).
   *
   * @throws NativeException with the errno, ECONNREFUSED when an earlier datagram's ICMP port
   *     unreachable surfaced here instead of the send (the datagram at {@code from} did not go)
   */
  public int send(List<byte[]> datagrams, int from) throws NativeException {
    int count = 0;
    long used = 0;
    long iovs = (long) MMSGHDR * SEND_BATCH;
    while (from + count < datagrams.size() && count < SEND_BATCH) {
      byte[] d = datagrams.get(from + count);
      if (used + d.length > DATAGRAM) {
        break;
      }
      MemorySegment.copy(d, 0, sendData, ValueLayout.JAVA_BYTE, used, d.length);
      long iov = iovs + (long) IOVEC * count;
      sendVector.set(ValueLayout.ADDRESS, iov, sendData.asSlice(used, d.length));
      sendVector.set(ValueLayout.JAVA_LONG, iov + 8, d.length);
      used += d.length;
      count++;
    }
    if (count == 0) {
      return 0;
    }
    int sent = libc.sendmmsg(errno, fd, sendVector, count, MSG_DONTWAIT);
    if (sent < 0) {
      Errno e = new Errno(Libc.errno(errno));
      if (e.equals(Errno.EAGAIN) || e.equals(Errno.EINTR)) {
        return 0;
      }
      throw NativeException.of("sendmmsg", e);
    }
    return sent;
  }

  /**
   * Receives the datagrams waiting, as many as one recvmmsg returns; 0 when none is.
   *
   * @throws NativeException with the errno, ECONNREFUSED after an ICMP port unreachable
   */
  public int receive() throws NativeException {
    int n = libc.recvmmsg(errno, fd, receiveVector, RECEIVE_BATCH, MSG_DONTWAIT);
    if (n < 0) {
      Errno e = new Errno(Libc.errno(errno));
      if (e.equals(Errno.EAGAIN) || e.equals(Errno.EINTR)) {
        return 0;
      }
      throw NativeException.of("recvmmsg", e);
    }
    for (int i = 0; i < n; i++) {
      receivedLength[i] = receiveVector.get(ValueLayout.JAVA_INT, (long) MMSGHDR * i + MSG_LEN);
    }
    return n;
  }

  /** The i-th datagram of the last receive. */
  public byte[] datagram(int i) {
    return receiveData
        .asSlice((long) DATAGRAM * i, receivedLength[i])
        .toArray(ValueLayout.JAVA_BYTE);
  }

  /**
   * Waits until one of the first {@code count} sockets has a datagram (or an error) to read, or the
   * timeout passes; marks which in {@code readable} and returns how many are.
   */
  public static int poll(UdpBatchSocket[] sockets, int count, long timeoutNanos, boolean[] readable)
      throws NativeException {
    Libc libc = Libc.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSlot(arena);
      MemorySegment fds = arena.allocate((long) POLLFD * Math.max(count, 1), 8);
      for (int i = 0; i < count; i++) {
        fds.set(ValueLayout.JAVA_INT, (long) POLLFD * i, sockets[i].fd);
        fds.set(ValueLayout.JAVA_SHORT, (long) POLLFD * i + 4, POLLIN);
      }
      MemorySegment timeout = arena.allocate(16, 8);
      long wait = Math.max(0, timeoutNanos);
      timeout.set(ValueLayout.JAVA_LONG, 0, wait / 1_000_000_000L);
      timeout.set(ValueLayout.JAVA_LONG, 8, wait % 1_000_000_000L);
      int n = libc.ppoll(errno, fds, count, timeout);
      if (n < 0) {
        Errno e = new Errno(Libc.errno(errno));
        if (e.equals(Errno.EINTR)) {
          n = 0;
        } else {
          throw NativeException.of("ppoll", e);
        }
      }
      for (int i = 0; i < count; i++) {
        readable[i] = n > 0 && fds.get(ValueLayout.JAVA_SHORT, (long) POLLFD * i + 6) != 0;
      }
      return n;
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    libc.close(errno, fd);
    arena.close();
  }
}
