package dev.netdiag.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Every libc downcall netdiag makes, bound once. The only class that links native code; the rest of
 * the module wraps these calls in typed, bounds-checked classes.
 */
@SuppressWarnings("restricted")
final class Libc {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
  private static final MemoryLayout ERRNO_LAYOUT = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO_VALUE =
      ERRNO_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  // int socket(int domain, int type, int protocol)
  private final Downcall socket = errnoCall("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
  // int bind(int fd, const struct sockaddr *addr, socklen_t len)
  private final Downcall bind = errnoCall("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
  // int connect(int fd, const struct sockaddr *addr, socklen_t len)
  private final Downcall connect = errnoCall("connect", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
  // int poll(struct pollfd *fds, nfds_t n, int timeout_ms)
  private final Downcall poll = errnoCall("poll", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
  // int getsockopt(int fd, int level, int name, void *value, socklen_t *len)
  private final Downcall getsockopt =
      errnoCall("getsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
  // int close(int fd)
  private final Downcall close = errnoCall("close", JAVA_INT, JAVA_INT);
  // int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
  //                 struct addrinfo **res)
  private final Downcall getaddrinfo =
      plainCall("getaddrinfo", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
  // void freeaddrinfo(struct addrinfo *res)
  private final Downcall freeaddrinfo =
      new Downcall("freeaddrinfo", FunctionDescriptor.ofVoid(ADDRESS), false);
  // const char *gai_strerror(int code)
  private final Downcall gaiStrerror = plainCall("gai_strerror", ADDRESS, JAVA_INT);
  // char *strerror_r(int errnum, char *buf, size_t len): the GNU variant, which returns the text
  private final Downcall strerror = plainCall("strerror_r", ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG);
  // struct servent *getservbyname(const char *name, const char *proto)
  private final Downcall getservbyname = plainCall("getservbyname", ADDRESS, ADDRESS, ADDRESS);

  // --- netlink (ss) ---
  // ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to,
  //                socklen_t tolen)
  private final Downcall sendto =
      errnoCall("sendto", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
  // ssize_t recv(int fd, void *buf, size_t len, int flags)
  private final Downcall recv =
      errnoCall("recv", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
  // int setsockopt(int fd, int level, int name, const void *value, socklen_t len)
  private final Downcall setsockopt =
      errnoCall("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);

  private Libc() {}

  /** The bound calls, or a NativeException that says how to enable native access. */
  static Libc get() throws NativeException {
    if (Holder.FAILURE != null) {
      throw Holder.FAILURE;
    }
    return Holder.INSTANCE;
  }

  private static final class Holder {
    private static final Libc INSTANCE;
    private static final NativeException FAILURE;

    static {
      Libc instance = null;
      NativeException failure = null;
      Module module = Libc.class.getModule();
      if (!module.isNativeAccessEnabled()) {
        failure =
            new NativeException(
                "native access is disabled: run java with --enable-native-access="
                    + (module.isNamed() ? module.getName() : "ALL-UNNAMED"),
                Errno.NONE);
      } else {
        try {
          instance = new Libc();
        } catch (IllegalCallerException | UnsatisfiedLinkError e) {
          failure = new NativeException("cannot link libc: " + e.getMessage(), Errno.NONE);
        }
      }
      INSTANCE = instance;
      FAILURE = failure;
    }
  }

  private static MemorySegment symbol(String name) {
    return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
  }

  private static Downcall errnoCall(String name, MemoryLayout result, MemoryLayout... arguments) {
    return new Downcall(name, FunctionDescriptor.of(result, arguments), true);
  }

  private static Downcall plainCall(String name, MemoryLayout result, MemoryLayout... arguments) {
    return new Downcall(name, FunctionDescriptor.of(result, arguments), false);
  }

  /**
   * One libc function, linked on its first call and then kept: linking costs milliseconds per
   * handle, and a tool should pay only for the calls it makes (startup is a benchmark target).
   */
  private static final class Downcall {
    private final String name;
    private final FunctionDescriptor descriptor;
    private final boolean capturesErrno;
    private volatile MethodHandle handle;

    Downcall(String name, FunctionDescriptor descriptor, boolean capturesErrno) {
      this.name = name;
      this.descriptor = descriptor;
      this.capturesErrno = capturesErrno;
    }

    MethodHandle handle() {
      MethodHandle bound = handle;
      if (bound == null) {
        // Two threads may both link; the handles are equivalent, so the race is harmless.
        MemorySegment address = symbol(name);
        bound =
            capturesErrno
                ? LINKER.downcallHandle(address, descriptor, ERRNO)
                : LINKER.downcallHandle(address, descriptor);
        handle = bound;
      }
      return bound;
    }
  }

  /** Space for one call's captured errno. */
  static MemorySegment errnoSlot(Arena arena) {
    return arena.allocate(ERRNO_LAYOUT);
  }

  static int errno(MemorySegment slot) {
    return (int) ERRNO_VALUE.get(slot, 0L);
  }

  int socket(MemorySegment errno, int domain, int type, int protocol) {
    try {
      return (int) socket.handle().invokeExact(errno, domain, type, protocol);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int bind(MemorySegment errno, int fd, MemorySegment address, int length) {
    try {
      return (int) bind.handle().invokeExact(errno, fd, address, length);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int connect(MemorySegment errno, int fd, MemorySegment address, int length) {
    try {
      return (int) connect.handle().invokeExact(errno, fd, address, length);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int poll(MemorySegment errno, MemorySegment fds, long count, int timeoutMillis) {
    try {
      return (int) poll.handle().invokeExact(errno, fds, count, timeoutMillis);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int getsockopt(
      MemorySegment errno, int fd, int level, int name, MemorySegment value, MemorySegment length) {
    try {
      return (int) getsockopt.handle().invokeExact(errno, fd, level, name, value, length);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int close(MemorySegment errno, int fd) {
    try {
      return (int) close.handle().invokeExact(errno, fd);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int getaddrinfo(
      MemorySegment node, MemorySegment service, MemorySegment hints, MemorySegment result) {
    try {
      return (int) getaddrinfo.handle().invokeExact(node, service, hints, result);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  void freeaddrinfo(MemorySegment list) {
    try {
      freeaddrinfo.handle().invokeExact(list);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  String gaiStrerror(int code) {
    try {
      MemorySegment text = (MemorySegment) gaiStrerror.handle().invokeExact(code);
      return text.reinterpret(Integer.MAX_VALUE).getString(0);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  String strerror(int errno) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(256);
      MemorySegment text = (MemorySegment) strerror.handle().invokeExact(errno, buffer, 256L);
      return text.reinterpret(Integer.MAX_VALUE).getString(0);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  /** getservbyname's static result: the caller reads it before the next call on any thread. */
  MemorySegment getservbyname(MemorySegment name, MemorySegment protocol) {
    try {
      return (MemorySegment) getservbyname.handle().invokeExact(name, protocol);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  long sendto(
      MemorySegment errno,
      int fd,
      MemorySegment buffer,
      long length,
      int flags,
      MemorySegment to,
      int toLength) {
    try {
      return (long) sendto.handle().invokeExact(errno, fd, buffer, length, flags, to, toLength);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  long recv(MemorySegment errno, int fd, MemorySegment buffer, long length, int flags) {
    try {
      return (long) recv.handle().invokeExact(errno, fd, buffer, length, flags);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int setsockopt(
      MemorySegment errno, int fd, int level, int name, MemorySegment value, int length) {
    try {
      return (int) setsockopt.handle().invokeExact(errno, fd, level, name, value, length);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  private static RuntimeException linkageFailure(Throwable t) {
    if (t instanceof RuntimeException runtime) {
      return runtime;
    }
    if (t instanceof Error error) {
      throw error;
    }
    return new IllegalStateException("native call failed", t);
  }
}
