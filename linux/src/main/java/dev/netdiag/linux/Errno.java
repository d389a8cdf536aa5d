package dev.netdiag.linux;

/**
 * A Linux errno value. An open set: unknown codes keep their number and still print. Names and
 * codes are from the kernel's include/uapi/asm-generic/errno-base.h and errno.h.
 */
public record Errno(int code) {
  /** No error (also used for failures that carry no errno). */
  public static final Errno NONE = new Errno(0);

  public static final Errno EPERM = new Errno(1);
  public static final Errno ENOENT = new Errno(2);
  public static final Errno EINTR = new Errno(4);
  public static final Errno EAGAIN = new Errno(11);
  public static final Errno EACCES = new Errno(13);
  public static final Errno EINVAL = new Errno(22);
  public static final Errno EMFILE = new Errno(24);
  public static final Errno EPROTONOSUPPORT = new Errno(93);
  public static final Errno EOPNOTSUPP = new Errno(95);
  public static final Errno EAFNOSUPPORT = new Errno(97);
  public static final Errno EADDRINUSE = new Errno(98);
  public static final Errno EADDRNOTAVAIL = new Errno(99);
  public static final Errno ENETDOWN = new Errno(100);
  public static final Errno ENETUNREACH = new Errno(101);
  public static final Errno ECONNABORTED = new Errno(103);
  public static final Errno ECONNRESET = new Errno(104);
  public static final Errno ETIMEDOUT = new Errno(110);
  public static final Errno ECONNREFUSED = new Errno(111);
  public static final Errno EHOSTDOWN = new Errno(112);
  public static final Errno EHOSTUNREACH = new Errno(113);
  public static final Errno EALREADY = new Errno(114);
  public static final Errno EINPROGRESS = new Errno(115);

  // Written out rather than left to the record: the generated equals and hashCode bootstrap through
  // ObjectMethods on first use, spinning classes at run time (the AOT cache does not keep them).
  @Override
  public boolean equals(Object other) {
    return other instanceof Errno e && e.code == code;
  }

  @Override
  public int hashCode() {
    return code;
  }

  private static final String[] NAMES = new String[116];

  static {
    NAMES[0] = "0";
    NAMES[1] = "EPERM";
    NAMES[2] = "ENOENT";
    NAMES[3] = "ESRCH";
    NAMES[4] = "EINTR";
    NAMES[5] = "EIO";
    NAMES[9] = "EBADF";
    NAMES[11] = "EAGAIN";
    NAMES[12] = "ENOMEM";
    NAMES[13] = "EACCES";
    NAMES[14] = "EFAULT";
    NAMES[16] = "EBUSY";
    NAMES[17] = "EEXIST";
    NAMES[19] = "ENODEV";
    NAMES[22] = "EINVAL";
    NAMES[23] = "ENFILE";
    NAMES[24] = "EMFILE";
    NAMES[28] = "ENOSPC";
    NAMES[32] = "EPIPE";
    NAMES[71] = "EPROTO";
    NAMES[88] = "ENOTSOCK";
    NAMES[90] = "EMSGSIZE";
    NAMES[92] = "ENOPROTOOPT";
    NAMES[93] = "EPROTONOSUPPORT";
    NAMES[95] = "EOPNOTSUPP";
    NAMES[97] = "EAFNOSUPPORT";
    NAMES[98] = "EADDRINUSE";
    NAMES[99] = "EADDRNOTAVAIL";
    NAMES[100] = "ENETDOWN";
    NAMES[101] = "ENETUNREACH";
    NAMES[102] = "ENETRESET";
    NAMES[103] = "ECONNABORTED";
    NAMES[104] = "ECONNRESET";
    NAMES[105] = "ENOBUFS";
    NAMES[106] = "EISCONN";
    NAMES[107] = "ENOTCONN";
    NAMES[110] = "ETIMEDOUT";
    NAMES[111] = "ECONNREFUSED";
    NAMES[112] = "EHOSTDOWN";
    NAMES[113] = "EHOSTUNREACH";
    NAMES[114] = "EALREADY";
    NAMES[115] = "EINPROGRESS";
  }

  /** The symbolic name, such as {@code ECONNREFUSED}, or {@code errno N} when unknown. */
  public String name() {
    if (code >= 0 && code < NAMES.length && NAMES[code] != null) {
      return NAMES[code];
    }
    return "errno " + code;
  }

  /** The C library's text for this errno, such as "Connection refused". */
  public String message() {
    if (code == 0) {
      return "Success";
    }
    try {
      return Libc.get().strerror(code);
    } catch (NativeException e) {
      return name();
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
