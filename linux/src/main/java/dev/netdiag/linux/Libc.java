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

  // --- network namespaces ---

  int open(MemorySegment errno, MemorySegment path, int flags) {
    try {
      return (int) open.handle().invokeExact(errno, path, flags, 0);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int setns(MemorySegment errno, int fd, int type) {
    try {
      return (int) setns.handle().invokeExact(errno, fd, type);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int unshare(MemorySegment errno, int flags) {
    try {
      return (int) unshare.handle().invokeExact(errno, flags);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int mount(
      MemorySegment errno,
      MemorySegment source,
      MemorySegment target,
      MemorySegment type,
      long flags,
      MemorySegment data) {
    try {
      return (int) mount.handle().invokeExact(errno, source, target, type, flags, data);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int umount2(MemorySegment errno, MemorySegment target, int flags) {
    try {
      return (int) umount2.handle().invokeExact(errno, target, flags);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  // --- getent (NSS) ---
  // int gethostbyname2_r(const char *name, int af, struct hostent *ret, char *buf, size_t len,
  //                      struct hostent **result, int *h_errnop)
  private final Downcall gethostbyname2R =
      plainCall(
          "gethostbyname2_r",
          JAVA_INT,
          ADDRESS,
          JAVA_INT,
          ADDRESS,
          ADDRESS,
          JAVA_LONG,
          ADDRESS,
          ADDRESS);
  // int gethostbyaddr_r(const void *addr, socklen_t len, int type, struct hostent *ret, char *buf,
  //                     size_t buflen, struct hostent **result, int *h_errnop)
  private final Downcall gethostbyaddrR =
      plainCall(
          "gethostbyaddr_r",
          JAVA_INT,
          ADDRESS,
          JAVA_INT,
          JAVA_INT,
          ADDRESS,
          ADDRESS,
          JAVA_LONG,
          ADDRESS,
          ADDRESS);
  // int gethostent_r(struct hostent *ret, char *buf, size_t len, struct hostent **result, int *h)
  private final Downcall gethostentR =
      plainCall("gethostent_r", JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS);
  // void sethostent(int stayopen), void endhostent(void): likewise for serv, proto and net below
  private final Downcall sethostent = voidCall("sethostent", JAVA_INT);
  private final Downcall endhostent = voidCall("endhostent");
  // int getservbyname_r(const char *name, const char *proto, struct servent *ret, char *buf,
  //                     size_t len, struct servent **result)
  private final Downcall getservbynameR =
      plainCall(
          "getservbyname_r", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
  // int getservbyport_r(int port_network_order, const char *proto, struct servent *ret, char *buf,
  //                     size_t len, struct servent **result)
  private final Downcall getservbyportR =
      plainCall(
          "getservbyport_r", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
  // int getservent_r(struct servent *ret, char *buf, size_t len, struct servent **result)
  private final Downcall getserventR =
      plainCall("getservent_r", JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
  private final Downcall setservent = voidCall("setservent", JAVA_INT);
  private final Downcall endservent = voidCall("endservent");
  // int getprotobyname_r(const char *name, struct protoent *ret, char *buf, size_t len,
  //                      struct protoent **result)
  private final Downcall getprotobynameR =
      plainCall("getprotobyname_r", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
  // int getprotobynumber_r(int proto, struct protoent *ret, char *buf, size_t len,
  //                        struct protoent **result)
  private final Downcall getprotobynumberR =
      plainCall("getprotobynumber_r", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
  // int getprotoent_r(struct protoent *ret, char *buf, size_t len, struct protoent **result)
  private final Downcall getprotoentR =
      plainCall("getprotoent_r", JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
  private final Downcall setprotoent = voidCall("setprotoent", JAVA_INT);
  private final Downcall endprotoent = voidCall("endprotoent");
  // int getnetbyname_r(const char *name, struct netent *ret, char *buf, size_t len,
  //                    struct netent **result, int *h_errnop)
  private final Downcall getnetbynameR =
      plainCall("getnetbyname_r", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS);
  // int getnetbyaddr_r(uint32_t net, int type, struct netent *ret, char *buf, size_t len,
  //                    struct netent **result, int *h_errnop)
  private final Downcall getnetbyaddrR =
      plainCall(
          "getnetbyaddr_r",
          JAVA_INT,
          JAVA_INT,
          JAVA_INT,
          ADDRESS,
          ADDRESS,
          JAVA_LONG,
          ADDRESS,
          ADDRESS);
  // int getnetent_r(struct netent *ret, char *buf, size_t len, struct netent **result, int *h)
  private final Downcall getnetentR =
      plainCall("getnetent_r", JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS);
  private final Downcall setnetent = voidCall("setnetent", JAVA_INT);
  private final Downcall endnetent = voidCall("endnetent");
  // in_addr_t inet_addr(const char *text): network order; INADDR_NONE (all ones) when invalid
  private final Downcall inetAddr = plainCall("inet_addr", JAVA_INT, ADDRESS);
  // int inet_pton(int af, const char *text, void *dst)
  private final Downcall inetPton = plainCall("inet_pton", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
  // const char *inet_ntop(int af, const void *src, char *dst, socklen_t size)
  private final Downcall inetNtop =
      plainCall("inet_ntop", ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
  // void __nss_configure_lookup(const char *db, const char *service_line): what getent -s calls;
  // exported by glibc (GLIBC_2.2.5) though undocumented. Returns int (0 or -1).
  private final Downcall nssConfigureLookup =
      plainCall("__nss_configure_lookup", JAVA_INT, ADDRESS, ADDRESS);

  // --- dates, as C tools print them ---
  // struct tm *localtime_r(const time_t *t, struct tm *result)
  private final Downcall localtimeR = plainCall("localtime_r", ADDRESS, ADDRESS, ADDRESS);
  // size_t strftime(char *s, size_t max, const char *format, const struct tm *tm)
  private final Downcall strftime =
      plainCall("strftime", JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS);

  // --- netlink (ss) ---
  // ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to,
  //                socklen_t tolen)
  private final Downcall sendto =
      errnoCall("sendto", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
  // ssize_t recv(int fd, void *buf, size_t len, int flags)
  private final Downcall recv =
      errnoCall("recv", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
  // int setsockopt(int fd, int level, int name, const void *value, socklen_t len)
  // int name_to_handle_at(int dirfd, const char *path, struct file_handle *handle, int *mount_id,
  //                       int flags)
  private final Downcall nameToHandleAt =
      errnoCall("name_to_handle_at", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT);
  // int openat(int dirfd, const char *path, int flags, ...)
  private final Downcall openat = errnoCall("openat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
  // ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t size)
  private final Downcall readlinkat =
      errnoCall("readlinkat", JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
  // ssize_t getxattr(const char *path, const char *name, void *value, size_t size)
  private final Downcall getxattr =
      errnoCall("getxattr", JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
  // ssize_t getdents64(int fd, void *dirp, size_t count) (glibc 2.30)
  private final Downcall getdents64 =
      errnoCall("getdents64", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
  private final Downcall setsockopt =
      errnoCall("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);

  // --- network namespaces (ss -N, as iproute2's lib/namespace.c netns_switch) ---
  // int open(const char *path, int flags, ...): the mode is the variadic third argument
  private final Downcall open =
      new Downcall(
          "open",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
          true,
          Linker.Option.firstVariadicArg(2));
  // int setns(int fd, int nstype)
  private final Downcall setns = errnoCall("setns", JAVA_INT, JAVA_INT, JAVA_INT);
  // int unshare(int flags)
  private final Downcall unshare = errnoCall("unshare", JAVA_INT, JAVA_INT);
  // int mount(const char *source, const char *target, const char *type, unsigned long flags,
  //           const void *data)
  private final Downcall mount =
      errnoCall("mount", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
  // int umount2(const char *target, int flags)
  private final Downcall umount2 = errnoCall("umount2", JAVA_INT, ADDRESS, JAVA_INT);

  // long syscall(long number, ...): socket, bind, setsockopt, sendto, recvfrom and close through
  // one downcall stub where the syscall numbers are known. Each distinct downcall signature costs
  // tens of milliseconds to link (its LambdaForms are spun at run time, AOT cache or not), and six
  // of them were most of an idle `ss -tlnp` (docs/BENCHMARKS.md). Elsewhere, the libc functions.
  private static final int[] SYSCALLS = syscallNumbers(System.getProperty("os.arch", ""));
  private static final int SYS_SOCKET = 0;
  private static final int SYS_BIND = 1;
  private static final int SYS_CLOSE = 2;
  private static final int SYS_SETSOCKOPT = 3;
  private static final int SYS_SENDTO = 4;
  private static final int SYS_RECVFROM = 5;
  private static final int SYS_OPENAT = 6;
  private static final int SYS_READLINKAT = 7;
  private static final int SYS_GETDENTS64 = 8;
  private static final int SYS_GETXATTR = 9;
  private static final int SYS_NAME_TO_HANDLE_AT = 10;
  private static final int SYS_FSTAT = 11;
  private volatile MethodHandle syscall;

  /** Numbers from the kernel's syscall tables (arch/x86/entry/syscalls, asm-generic/unistd.h). */
  private static int[] syscallNumbers(String arch) {
    return switch (arch) {
      case "amd64", "x86_64" -> new int[] {41, 49, 3, 54, 44, 45, 257, 267, 217, 191, 303, 5};
      case "aarch64" -> new int[] {198, 200, 57, 208, 206, 207, 56, 78, 61, 8, 264, 80};
      default -> null;
    };
  }

  private long syscall(
      MemorySegment errno, int call, long a, long b, long c, long d, long e, long f)
      throws Throwable {
    MethodHandle h = syscall;
    if (h == null) {
      h = linkSyscall();
    }
    return (long) h.invokeExact(errno, (long) SYSCALLS[call], a, b, c, d, e, f);
  }

  // Linked once, under the lock: a caller arriving while the prelink thread links waits for its
  // handle instead of linking a second one (tens of milliseconds of class spinning each).
  private synchronized MethodHandle linkSyscall() {
    MethodHandle h = syscall;
    if (h == null) {
      h =
          LINKER.downcallHandle(
              symbol("syscall"),
              FunctionDescriptor.of(
                  JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                  JAVA_LONG),
              Linker.Option.firstVariadicArg(1),
              ERRNO);
      syscall = h;
    }
    return h;
  }

  /**
   * Links the syscall stub and makes one harmless call through it (getdents64 on no descriptor), so
   * that the call path's classes are spun too. For {@link NativeWarmup}.
   */
  void warmUp(MemorySegment errno) {
    if (SYSCALLS != null) {
      getdents64(errno, -1, MemorySegment.NULL, 0);
    }
  }

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

  private static Downcall voidCall(String name, MemoryLayout... arguments) {
    return new Downcall(name, FunctionDescriptor.ofVoid(arguments), false);
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
    private final Linker.Option[] options;
    private volatile MethodHandle handle;

    Downcall(
        String name,
        FunctionDescriptor descriptor,
        boolean capturesErrno,
        Linker.Option... options) {
      this.name = name;
      this.descriptor = descriptor;
      this.capturesErrno = capturesErrno;
      this.options = options;
    }

    MethodHandle handle() {
      MethodHandle bound = handle;
      if (bound == null) {
        // Two threads may both link; the handles are equivalent, so the race is harmless.
        MemorySegment address = symbol(name);
        Linker.Option[] all = options;
        if (capturesErrno) {
          all = java.util.Arrays.copyOf(options, options.length + 1);
          all[options.length] = ERRNO;
        }
        bound = LINKER.downcallHandle(address, descriptor, all);
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
      if (SYSCALLS != null) {
        return (int) syscall(errno, SYS_SOCKET, domain, type, protocol, 0, 0, 0);
      }
      return (int) socket.handle().invokeExact(errno, domain, type, protocol);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int bind(MemorySegment errno, int fd, MemorySegment address, int length) {
    try {
      if (SYSCALLS != null) {
        return (int) syscall(errno, SYS_BIND, fd, address.address(), length, 0, 0, 0);
      }
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
      if (SYSCALLS != null) {
        return (int) syscall(errno, SYS_CLOSE, fd, 0, 0, 0, 0, 0);
      }
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

  // --- getent (NSS) ---

  int gethostbyname2R(
      MemorySegment name,
      int family,
      MemorySegment entry,
      MemorySegment buffer,
      long length,
      MemorySegment result,
      MemorySegment herrno) {
    try {
      return (int)
          gethostbyname2R.handle().invokeExact(name, family, entry, buffer, length, result, herrno);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int gethostbyaddrR(
      MemorySegment address,
      int addressLength,
      int family,
      MemorySegment entry,
      MemorySegment buffer,
      long length,
      MemorySegment result,
      MemorySegment herrno) {
    try {
      return (int)
          gethostbyaddrR
              .handle()
              .invokeExact(address, addressLength, family, entry, buffer, length, result, herrno);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int gethostentR(
      MemorySegment entry,
      MemorySegment buffer,
      long length,
      MemorySegment result,
      MemorySegment herrno) {
    try {
      return (int) gethostentR.handle().invokeExact(entry, buffer, length, result, herrno);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int getservbynameR(
      MemorySegment name,
      MemorySegment protocol,
      MemorySegment entry,
      MemorySegment buffer,
      long length,
      MemorySegment result) {
    try {
      return (int)
          getservbynameR.handle().invokeExact(name, protocol, entry, buffer, length, result);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int getservbyportR(
      int networkOrderPort,
      MemorySegment protocol,
      MemorySegment entry,
      MemorySegment buffer,
      long length,
      MemorySegment result) {
    try {
      return (int)
          getservbyportR
              .handle()
              .invokeExact(networkOrderPort, protocol, entry, buffer, length, result);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int getserventR(MemorySegment entry, MemorySegment buffer, long length, MemorySegment result) {
    try {
      return (int) getserventR.handle().invokeExact(entry, buffer, length, result);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int getprotobynameR(
      MemorySegment name,
      MemorySegment entry,
      MemorySegment buffer,
      long length,
      MemorySegment result) {
    try {
      return (int) getprotobynameR.handle().invokeExact(name, entry, buffer, length, result);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int getprotobynumberR(
      int number, MemorySegment entry, MemorySegment buffer, long length, MemorySegment result) {
    try {
      return (int) getprotobynumberR.handle().invokeExact(number, entry, buffer, length, result);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int getprotoentR(MemorySegment entry, MemorySegment buffer, long length, MemorySegment result) {
    try {
      return (int) getprotoentR.handle().invokeExact(entry, buffer, length, result);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int getnetbynameR(
      MemorySegment name,
      MemorySegment entry,
      MemorySegment buffer,
      long length,
      MemorySegment result,
      MemorySegment herrno) {
    try {
      return (int) getnetbynameR.handle().invokeExact(name, entry, buffer, length, result, herrno);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int getnetbyaddrR(
      int network,
      int type,
      MemorySegment entry,
      MemorySegment buffer,
      long length,
      MemorySegment result,
      MemorySegment herrno) {
    try {
      return (int)
          getnetbyaddrR.handle().invokeExact(network, type, entry, buffer, length, result, herrno);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int getnetentR(
      MemorySegment entry,
      MemorySegment buffer,
      long length,
      MemorySegment result,
      MemorySegment herrno) {
    try {
      return (int) getnetentR.handle().invokeExact(entry, buffer, length, result, herrno);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  /** Opens (stayOpen) or rewinds one database's enumeration: "host", "serv", "proto", "net". */
  void setent(String database, int stayOpen) {
    try {
      switch (database) {
        case "host" -> sethostent.handle().invokeExact(stayOpen);
        case "serv" -> setservent.handle().invokeExact(stayOpen);
        case "proto" -> setprotoent.handle().invokeExact(stayOpen);
        case "net" -> setnetent.handle().invokeExact(stayOpen);
        default -> throw new IllegalArgumentException(database);
      }
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  /** Closes one database's enumeration. */
  void endent(String database) {
    try {
      switch (database) {
        case "host" -> endhostent.handle().invokeExact();
        case "serv" -> endservent.handle().invokeExact();
        case "proto" -> endprotoent.handle().invokeExact();
        case "net" -> endnetent.handle().invokeExact();
        default -> throw new IllegalArgumentException(database);
      }
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int inetAddr(MemorySegment text) {
    try {
      return (int) inetAddr.handle().invokeExact(text);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int inetPton(int family, MemorySegment text, MemorySegment destination) {
    try {
      return (int) inetPton.handle().invokeExact(family, text, destination);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  MemorySegment inetNtop(int family, MemorySegment source, MemorySegment text, int size) {
    try {
      return (MemorySegment) inetNtop.handle().invokeExact(family, source, text, size);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  MemorySegment localtimeR(MemorySegment time, MemorySegment result) {
    try {
      return (MemorySegment) localtimeR.handle().invokeExact(time, result);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  long strftime(MemorySegment out, long max, MemorySegment format, MemorySegment tm) {
    try {
      return (long) strftime.handle().invokeExact(out, max, format, tm);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int nssConfigureLookup(MemorySegment database, MemorySegment serviceLine) {
    try {
      return (int) nssConfigureLookup.handle().invokeExact(database, serviceLine);
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
      if (SYSCALLS != null) {
        return syscall(
            errno, SYS_SENDTO, fd, buffer.address(), length, flags, to.address(), toLength);
      }
      return (long) sendto.handle().invokeExact(errno, fd, buffer, length, flags, to, toLength);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  long recv(MemorySegment errno, int fd, MemorySegment buffer, long length, int flags) {
    try {
      if (SYSCALLS != null) {
        return syscall(errno, SYS_RECVFROM, fd, buffer.address(), length, flags, 0, 0);
      }
      return (long) recv.handle().invokeExact(errno, fd, buffer, length, flags);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int setsockopt(
      MemorySegment errno, int fd, int level, int name, MemorySegment value, int length) {
    try {
      if (SYSCALLS != null) {
        return (int) syscall(errno, SYS_SETSOCKOPT, fd, level, name, value.address(), length, 0);
      }
      return (int) setsockopt.handle().invokeExact(errno, fd, level, name, value, length);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int nameToHandleAt(
      MemorySegment errno,
      int dirfd,
      MemorySegment path,
      MemorySegment handle,
      MemorySegment mountId,
      int flags) {
    try {
      if (SYSCALLS != null) {
        return (int)
            syscall(
                errno,
                SYS_NAME_TO_HANDLE_AT,
                dirfd,
                path.address(),
                handle.address(),
                mountId.address(),
                flags,
                0);
      }
      return (int) nameToHandleAt.handle().invokeExact(errno, dirfd, path, handle, mountId, flags);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  int openat(MemorySegment errno, int dirfd, MemorySegment path, int flags) {
    try {
      if (SYSCALLS != null) {
        return (int) syscall(errno, SYS_OPENAT, dirfd, path.address(), flags, 0, 0, 0);
      }
      return (int) openat.handle().invokeExact(errno, dirfd, path, flags);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  long readlinkat(
      MemorySegment errno, int dirfd, MemorySegment path, MemorySegment buffer, long size) {
    try {
      if (SYSCALLS != null) {
        return syscall(errno, SYS_READLINKAT, dirfd, path.address(), buffer.address(), size, 0, 0);
      }
      return (long) readlinkat.handle().invokeExact(errno, dirfd, path, buffer, size);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  long getxattr(
      MemorySegment errno, MemorySegment path, MemorySegment name, MemorySegment value, long size) {
    try {
      if (SYSCALLS != null) {
        return syscall(
            errno, SYS_GETXATTR, path.address(), name.address(), value.address(), size, 0, 0);
      }
      return (long) getxattr.handle().invokeExact(errno, path, name, value, size);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  long getdents64(MemorySegment errno, int fd, MemorySegment buffer, long size) {
    try {
      if (SYSCALLS != null) {
        return syscall(errno, SYS_GETDENTS64, fd, buffer.address(), size, 0, 0, 0);
      }
      return (long) getdents64.handle().invokeExact(errno, fd, buffer, size);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  /**
   * st_size of an open file (fstat(2)); -1 with errno set, or -1 with errno 0 where the syscall
   * stub is unavailable (no libc fallback: callers treat the size as unknown).
   */
  long fileSize(MemorySegment errno, int fd, MemorySegment stat) {
    if (SYSCALLS == null) {
      return -1;
    }
    try {
      if (syscall(errno, SYS_FSTAT, fd, stat.address(), 0, 0, 0, 0) < 0) {
        return -1;
      }
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
    // st_size sits at byte 48 of both x86_64's struct stat and the generic one (aarch64).
    return stat.get(JAVA_LONG, 48);
  }

  /** Bytes to allocate for {@link #fileSize}'s struct stat (144 on x86_64, 128 generic). */
  static final int STAT_SIZE = 256;

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
