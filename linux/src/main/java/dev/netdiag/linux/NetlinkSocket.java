package dev.netdiag.linux;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An AF_NETLINK socket that sends one dump request and streams the multi-part reply, parsing
 * straight from one large native receive buffer. Not thread-safe; close it when done.
 */
public final class NetlinkSocket implements AutoCloseable {
  /** NETLINK_SOCK_DIAG from include/uapi/linux/netlink.h. */
  public static final int NETLINK_SOCK_DIAG = 4;

  // include/linux/socket.h, asm-generic/socket.h
  private static final int AF_NETLINK = 16;
  private static final int SOCK_RAW = 3;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVBUF = 8;
  private static final int SO_SNDBUF = 7;
  private static final int MSG_TRUNC = 0x20;
  // struct sockaddr_nl: u16 family, u16 pad, u32 pid, u32 groups
  private static final int SOCKADDR_NL_SIZE = 12;
  // The kernel sizes dump skbs from the receive buffer (up to 32 KiB per message batch by
  // default); 1 MiB leaves room for large batches when SO_RCVBUF is raised.
  private static final int RECEIVE_BUFFER = 1 << 20;

  private final Libc libc;
  private final Arena arena;
  private final MemorySegment errno;
  private final MemorySegment buffer;
  private final int fd;
  private int seq = 1;
  private byte[] heap;

  private NetlinkSocket(Libc libc, Arena arena, int fd) {
    this.libc = libc;
    this.arena = arena;
    this.fd = fd;
    this.errno = Libc.errnoSlot(arena);
    this.buffer = arena.allocate(RECEIVE_BUFFER, 8);
  }

  /** Opens and binds a netlink socket of the given protocol (such as NETLINK_SOCK_DIAG). */
  public static NetlinkSocket open(int protocol) throws NativeException {
    return open(protocol, 0);
  }

  /**
   * Opens a netlink socket bound to the multicast groups in the bitmask (bit N-1 for group N, as
   * sockaddr_nl's nl_groups), for {@link #listen}.
   */
  public static NetlinkSocket open(int protocol, int groups) throws NativeException {
    Libc libc = Libc.get();
    Arena arena = Arena.ofConfined();
    try {
      MemorySegment errno = Libc.errnoSlot(arena);
      int fd = libc.socket(errno, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
      if (fd < 0) {
        throw NativeException.of("socket(AF_NETLINK)", new Errno(Libc.errno(errno)));
      }
      NetlinkSocket socket = new NetlinkSocket(libc, arena, fd);
      socket.configure(groups);
      return socket;
    } catch (NativeException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  private void configure(int groups) throws NativeException {
    MemorySegment size = arena.allocate(ValueLayout.JAVA_INT);
    size.set(ValueLayout.JAVA_INT, 0, RECEIVE_BUFFER);
    // Best effort: a small buffer only means more recv calls.
    libc.setsockopt(errno, fd, SOL_SOCKET, SO_RCVBUF, size, 4);
    size.set(ValueLayout.JAVA_INT, 0, 32768);
    libc.setsockopt(errno, fd, SOL_SOCKET, SO_SNDBUF, size, 4);
    MemorySegment local = arena.allocate(SOCKADDR_NL_SIZE, 4);
    local.set(ValueLayout.JAVA_SHORT, 0, (short) AF_NETLINK);
    local.set(ValueLayout.JAVA_INT, 8, groups);
    if (libc.bind(errno, fd, local, SOCKADDR_NL_SIZE) < 0) {
      int code = Libc.errno(errno);
      libc.close(errno, fd);
      throw NativeException.of("bind(AF_NETLINK)", new Errno(code));
    }
  }

  /**
   * Sends a dump request and hands every reply message to the sink until NLMSG_DONE, each payload
   * as a slice of a heap segment (see {@link #dumpBytes} for the faster form).
   *
   * @param type the request's nlmsg_type
   * @param payload the request body after the header
   * @return true when the dump was consistent; false when the kernel flagged NLM_F_DUMP_INTR (the
   *     table changed during the dump, so some entries may be missing or repeated)
   * @throws NativeException for a failed send/recv or an NLMSG_ERROR reply
   * @throws NetlinkParseException when a reply is malformed or truncated
   */
  public boolean dump(int type, MemorySegment payload, NetlinkMessageSink sink)
      throws NativeException, NetlinkParseException {
    return dumpBytes(type, payload, segments(sink));
  }

  /**
   * Sends a dump request and hands every reply message to the sink until NLMSG_DONE. Each received
   * datagram is copied once into a reused heap array and walked there: reading the native buffer
   * field by field costs far more until the JIT has compiled the accessors (see {@link HostOrder}).
   *
   * @return true when the dump was consistent (no NLM_F_DUMP_INTR)
   */
  public boolean dumpBytes(int type, MemorySegment payload, NetlinkBytesSink sink)
      throws NativeException, NetlinkParseException {
    try {
      return dumpBytes(type, payload, sink, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // no capture stream: cannot happen
    }
  }

  /**
   * {@link #dumpBytes(int, MemorySegment, NetlinkBytesSink)} that also writes every received
   * datagram, as it came (up to and with NLMSG_DONE), to capture: iproute2's rtnl dump_fp, what ss
   * -D saves.
   *
   * @param capture where the raw reply goes, or null
   * @throws IOException when writing the capture fails
   */
  public boolean dumpBytes(
      int type, MemorySegment payload, NetlinkBytesSink sink, OutputStream capture)
      throws NativeException, NetlinkParseException, IOException {
    return exchange(
        type, NetlinkHeader.NLM_F_REQUEST | NetlinkHeader.NLM_F_DUMP, payload, sink, capture);
  }

  /**
   * Sends one request with NLM_F_ACK and waits for the kernel's answer (iproute2's rtnl_talk
   * without a reply): returns on an acknowledgement, throws with the errno of a refusal.
   *
   * @param operation names the request in the exception's message
   */
  public void talk(int type, MemorySegment payload, String operation)
      throws NativeException, NetlinkParseException {
    try {
      exchange(
          type,
          NetlinkHeader.NLM_F_REQUEST | NetlinkHeader.NLM_F_ACK,
          payload,
          (t, data, offset, length) -> {},
          null);
    } catch (NativeException e) {
      throw NativeException.of(operation, e.errno());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // no capture stream: cannot happen
    }
  }

  /**
   * Receives multicast messages for as long as the sink takes them (it returns normally) and the
   * socket works: blocks in recv between datagrams. Returns only by an exception.
   */
  public void listen(NetlinkBytesSink sink) throws NativeException, NetlinkParseException {
    while (true) {
      int received = receiveToHeap();
      walk(heap, received, 0, sink);
    }
  }

  private boolean exchange(
      int type, int flags, MemorySegment payload, NetlinkBytesSink sink, OutputStream capture)
      throws NativeException, NetlinkParseException, IOException {
    int mySeq = send(type, flags, payload);
    boolean consistent = true;
    while (true) {
      int received = receiveToHeap();
      if (capture != null) {
        capture.write(heap, 0, received);
      }
      int walked = walk(heap, received, mySeq, sink);
      if ((walked & WALK_INCONSISTENT) != 0) {
        consistent = false;
      }
      if ((walked & WALK_DONE) != 0) {
        return consistent;
      }
    }
  }

  /** Sends a request with these flags; returns its sequence number. */
  private int send(int type, int flags, MemorySegment payload) throws NativeException {
    int mySeq = seq++;
    int length = NetlinkHeader.SIZE + (int) payload.byteSize();
    MemorySegment request = arena.allocate(NetlinkHeader.align(length), 4);
    NetlinkHeader.write(request, length, type, flags, mySeq);
    MemorySegment.copy(payload, 0, request, NetlinkHeader.SIZE, payload.byteSize());
    MemorySegment kernel = arena.allocate(SOCKADDR_NL_SIZE, 4);
    kernel.set(ValueLayout.JAVA_SHORT, 0, (short) AF_NETLINK);
    long sent;
    do {
      sent = libc.sendto(errno, fd, request, length, 0, kernel, SOCKADDR_NL_SIZE);
    } while (sent < 0 && Libc.errno(errno) == Errno.EINTR.code());
    if (sent < 0) {
      throw NativeException.of("sendto(netlink)", new Errno(Libc.errno(errno)));
    }
    return mySeq;
  }

  /** One datagram into the reused heap array; returns its length. */
  private int receiveToHeap() throws NativeException, NetlinkParseException {
    int received = receive(errno, buffer);
    if (heap == null || heap.length < received) {
      heap = new byte[Math.max(received, 64 * 1024)];
    }
    Bytes.toArray(buffer, 0, heap, 0, received);
    return received;
  }

  /** One datagram into the buffer; returns its length. */
  private int receive(MemorySegment errno, MemorySegment buffer)
      throws NativeException, NetlinkParseException {
    while (true) {
      long received = libc.recv(errno, fd, buffer, buffer.byteSize(), MSG_TRUNC);
      if (received < 0) {
        int code = Libc.errno(errno);
        if (code == Errno.EINTR.code() || code == Errno.EAGAIN.code()) {
          continue;
        }
        throw NativeException.of("recv(netlink)", new Errno(code));
      }
      if (received > buffer.byteSize()) {
        throw new NetlinkParseException(
            "netlink reply truncated: " + received + " bytes exceed the receive buffer");
      }
      if (received == 0) {
        throw new NetlinkParseException("netlink socket closed before NLMSG_DONE");
      }
      return (int) received;
    }
  }

  /**
   * {@link #dumpBytes} with the receiving on a second thread: while the kernel fills the next
   * datagram (its dump is most of a large table's cost), the caller's thread decodes the last one,
   * so on two CPUs the two overlap. The sink runs on the caller's thread, in order. The receiver
   * copies each datagram, ends at the dump's NLMSG_DONE or NLMSG_ERROR and is joined before this
   * returns; a sink that throws leaves it to drain the rest of the dump.
   */
  public boolean dumpPipelined(int type, MemorySegment payload, NetlinkBytesSink sink)
      throws NativeException, NetlinkParseException {
    int mySeq = send(type, NetlinkHeader.NLM_F_REQUEST | NetlinkHeader.NLM_F_DUMP, payload);
    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(256);
    AtomicBoolean abandoned = new AtomicBoolean();
    Thread receiver =
        Thread.ofPlatform()
            .daemon()
            .name("netlink-receiver")
            .start(() -> receiveAll(mySeq, queue, abandoned));
    boolean consistent = true;
    try {
      while (true) {
        Object item = take(queue);
        if (item instanceof NativeException e) {
          throw e;
        }
        if (item instanceof NetlinkParseException e) {
          throw e;
        }
        if (item instanceof RuntimeException e) {
          throw e;
        }
        byte[] data = (byte[]) item;
        int walked = walk(data, data.length, mySeq, sink);
        if ((walked & WALK_INCONSISTENT) != 0) {
          consistent = false;
        }
        if ((walked & WALK_DONE) != 0) {
          return consistent;
        }
      }
    } finally {
      abandoned.set(true);
      while (receiver.isAlive()) {
        queue.clear();
        try {
          receiver.join(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
  }

  private static Object take(BlockingQueue<Object> queue) {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during a netlink dump", e);
    }
  }

  /** The receiver of {@link #dumpPipelined}: datagram copies, or the exception that ended it. */
  private void receiveAll(int mySeq, BlockingQueue<Object> queue, AtomicBoolean abandoned) {
    try (Arena own = Arena.ofConfined()) {
      MemorySegment slot = Libc.errnoSlot(own);
      MemorySegment into = own.allocate(RECEIVE_BUFFER, 8);
      while (true) {
        byte[] data;
        try {
          int received = receive(slot, into);
          data = new byte[received];
          Bytes.toArray(into, 0, data, 0, received);
        } catch (NativeException | NetlinkParseException | RuntimeException e) {
          queue.put(e);
          return;
        }
        boolean last = endsDump(data, mySeq);
        if (!abandoned.get()) {
          queue.put(data);
        }
        if (last) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * True when a datagram holds the dump's NLMSG_DONE or NLMSG_ERROR, or is malformed (the
   * consumer's walk reports that): nothing of this dump follows it.
   */
  private static boolean endsDump(byte[] data, int seq) {
    int at = 0;
    while (data.length - at >= NetlinkHeader.SIZE) {
      int length = HostOrder.u32(data, at);
      if (length < NetlinkHeader.SIZE || length > data.length - at) {
        return true;
      }
      int type = HostOrder.u16(data, at + 4);
      if (HostOrder.u32(data, at + 8) == seq
          && (type == NetlinkHeader.NLMSG_DONE || type == NetlinkHeader.NLMSG_ERROR)) {
        return true;
      }
      at += NetlinkHeader.align(length);
    }
    return false;
  }

  private static final int WALK_DONE = 1;
  private static final int WALK_INCONSISTENT = 2;

  private static NetlinkBytesSink segments(NetlinkMessageSink sink) {
    return (type, data, offset, length) ->
        sink.accept(type, MemorySegment.ofArray(data).asSlice(offset, length));
  }

  /**
   * Walks the messages of one datagram in data[0, end). Returns WALK_DONE and WALK_INCONSISTENT
   * bits. Package-visible through {@link #parseDatagram}.
   */
  private static int walk(byte[] data, int end, int seq, NetlinkBytesSink sink)
      throws NativeException, NetlinkParseException {
    int at = 0;
    int result = 0;
    while (end - at >= NetlinkHeader.SIZE) {
      long step = message(data, at, end, seq, sink);
      if (step < 0) {
        return result | (int) (step & 0xff);
      }
      if ((step & INCONSISTENT_BIT) != 0) {
        result |= WALK_INCONSISTENT;
      }
      at = (int) step;
    }
    return result;
  }

  // Walk results in the low byte of a negative step.
  private static final long STOP = Long.MIN_VALUE;
  private static final long INCONSISTENT_BIT = 1L << 32;

  /**
   * Handles the message at data[at]: returns the next message's offset, with {@link
   * #INCONSISTENT_BIT} set when it carried NLM_F_DUMP_INTR, or {@link #STOP} | WALK_DONE (and
   * WALK_INCONSISTENT) at the end of the dump. One call per message, so that the JIT compiles it
   * after a few hundred messages (a loop over a whole datagram would wait for OSR).
   */
  private static long message(byte[] data, int at, int end, int seq, NetlinkBytesSink sink)
      throws NativeException, NetlinkParseException {
    int length = HostOrder.u32(data, at);
    if (length < NetlinkHeader.SIZE || length > end - at) {
      throw new NetlinkParseException(
          "netlink message length "
              + Integer.toUnsignedString(length)
              + " does not fit the "
              + (end - at)
              + " bytes left");
    }
    int type = HostOrder.u16(data, at + 4);
    int flags = HostOrder.u16(data, at + 6);
    long inconsistent = (flags & NetlinkHeader.NLM_F_DUMP_INTR) != 0 ? INCONSISTENT_BIT : 0;
    if (seq == 0 || HostOrder.u32(data, at + 8) == seq) {
      int payload = at + NetlinkHeader.SIZE;
      int size = length - NetlinkHeader.SIZE;
      switch (type) {
        case NetlinkHeader.NLMSG_DONE -> {
          if (size >= 4) {
            int error = HostOrder.u32(data, payload);
            if (error < 0) {
              throw NativeException.of("netlink dump", new Errno(-error));
            }
          }
          return STOP | WALK_DONE | (inconsistent != 0 ? WALK_INCONSISTENT : 0);
        }
        case NetlinkHeader.NLMSG_ERROR -> {
          if (size < 4) {
            throw new NetlinkParseException("NLMSG_ERROR shorter than its error code");
          }
          int error = HostOrder.u32(data, payload);
          if (error != 0) {
            throw NativeException.of("netlink dump", new Errno(-error));
          }
          return STOP | WALK_DONE | (inconsistent != 0 ? WALK_INCONSISTENT : 0);
        }
        case NetlinkHeader.NLMSG_NOOP, NetlinkHeader.NLMSG_OVERRUN -> {}
        default -> sink.accept(type, data, payload, size);
      }
    }
    return (at + NetlinkHeader.align(length)) | inconsistent;
  }

  /**
   * Parses one received datagram (a saved capture) as a dump reply, without a socket: for replaying
   * fixtures. Returns true when the datagram ended the dump with NLMSG_DONE.
   */
  public static boolean parseDatagram(MemorySegment datagram, NetlinkMessageSink sink)
      throws NativeException, NetlinkParseException {
    return parseDatagram(datagram, segments(sink));
  }

  /** {@link #parseDatagram(MemorySegment, NetlinkMessageSink)} with array-range payloads. */
  public static boolean parseDatagram(MemorySegment datagram, NetlinkBytesSink sink)
      throws NativeException, NetlinkParseException {
    byte[] data = datagram.toArray(ValueLayout.JAVA_BYTE);
    return (walk(data, data.length, 0, sink) & WALK_DONE) != 0;
  }

  @Override
  public void close() {
    libc.close(errno, fd);
    arena.close();
  }
}
