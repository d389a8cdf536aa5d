package dev.netdiag.linux;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Names to addresses through glibc's getaddrinfo: /etc/hosts, nsswitch.conf and the stub resolver,
 * exactly as applications resolve them.
 *
 * <pre>
 * struct addrinfo (netdb.h, LP64), 48 bytes
 *  0  i32  ai_flags
 *  4  i32  ai_family
 *  8  i32  ai_socktype
 * 12  i32  ai_protocol
 * 16  u32  ai_addrlen
 * 24  ptr  ai_addr
 * 32  ptr  ai_canonname
 * 40  ptr  ai_next
 * </pre>
 */
public final class AddressResolver {
  private static final long SIZE = 48;
  private static final long FLAGS = 0;
  private static final long FAMILY = 4;
  private static final long SOCKTYPE = 8;
  private static final long ADDRLEN = 16;
  private static final long ADDR = 24;
  private static final long CANONNAME = 32;
  private static final long NEXT = 40;

  private static final int AI_CANONNAME = 0x0002;
  private static final int SOCK_STREAM = 1;

  private static final AddressLayout POINTER = ValueLayout.ADDRESS;

  private AddressResolver() {}

  /**
   * Resolves the host for TCP (one entry per address) and waits at most {@code bound}. A lookup
   * still running at the bound is left to finish on a daemon thread and reported as timed out.
   */
  public static Resolution resolve(String host, AddressFamily family, Duration bound)
      throws NativeException {
    Libc.get();
    long start = System.nanoTime();
    CompletableFuture<Resolution> lookup = new CompletableFuture<>();
    Thread worker =
        Thread.ofPlatform()
            .daemon()
            .name("getaddrinfo")
            .unstarted(
                () -> {
                  try {
                    lookup.complete(resolveNow(host, family));
                  } catch (Throwable t) {
                    lookup.completeExceptionally(t);
                  }
                });
    worker.start();
    try {
      return lookup.get(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return new Resolution(
          host, List.of(), null, GaiStatus.AGAIN, true, System.nanoTime() - start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NativeException("getaddrinfo: interrupted", Errno.EINTR);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof NativeException native_) {
        throw native_;
      }
      throw new IllegalStateException("getaddrinfo failed", e.getCause());
    }
  }

  /** Resolves on the calling thread; as long as glibc's own timeouts allow. */
  public static Resolution resolveNow(String host, AddressFamily family) throws NativeException {
    Libc libc = Libc.get();
    long start = System.nanoTime();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment hints = arena.allocate(SIZE, 8);
      hints.set(ValueLayout.JAVA_INT, FLAGS, AI_CANONNAME);
      hints.set(ValueLayout.JAVA_INT, FAMILY, family.code());
      hints.set(ValueLayout.JAVA_INT, SOCKTYPE, SOCK_STREAM);
      MemorySegment resultSlot = arena.allocate(POINTER);
      int rc = libc.getaddrinfo(arena.allocateFrom(host), MemorySegment.NULL, hints, resultSlot);
      if (rc != 0) {
        return new Resolution(
            host, List.of(), null, new GaiStatus(rc), false, System.nanoTime() - start);
      }
      MemorySegment head = resultSlot.get(POINTER, 0);
      try {
        Set<InetAddress> addresses = new LinkedHashSet<>();
        String canonical = null;
        for (MemorySegment entry = head; entry.address() != 0; entry = entry.get(POINTER, NEXT)) {
          entry = entry.reinterpret(SIZE);
          MemorySegment name = entry.get(POINTER, CANONNAME);
          if (canonical == null && name.address() != 0) {
            canonical = name.reinterpret(Integer.MAX_VALUE).getString(0);
          }
          long length = Integer.toUnsignedLong(entry.get(ValueLayout.JAVA_INT, ADDRLEN));
          MemorySegment sockaddr = entry.get(POINTER, ADDR).reinterpret(length);
          InetSocketAddress decoded = SockAddr.decode(sockaddr, length);
          if (decoded != null) {
            addresses.add(decoded.getAddress());
          }
        }
        return new Resolution(
            host,
            new ArrayList<>(addresses),
            canonical,
            GaiStatus.OK,
            false,
            System.nanoTime() - start);
      } finally {
        libc.freeaddrinfo(head);
      }
    }
  }
}
