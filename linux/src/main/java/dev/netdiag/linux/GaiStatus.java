package dev.netdiag.linux;

/**
 * A getaddrinfo return code (glibc netdb.h). An open set: unknown codes keep their number and print
 * through gai_strerror.
 */
public record GaiStatus(int code) {
  public static final GaiStatus OK = new GaiStatus(0);
  public static final GaiStatus BADFLAGS = new GaiStatus(-1);
  public static final GaiStatus NONAME = new GaiStatus(-2);
  public static final GaiStatus AGAIN = new GaiStatus(-3);
  public static final GaiStatus FAIL = new GaiStatus(-4);
  public static final GaiStatus NODATA = new GaiStatus(-5);
  public static final GaiStatus FAMILY = new GaiStatus(-6);
  public static final GaiStatus SOCKTYPE = new GaiStatus(-7);
  public static final GaiStatus SERVICE = new GaiStatus(-8);
  public static final GaiStatus ADDRFAMILY = new GaiStatus(-9);
  public static final GaiStatus MEMORY = new GaiStatus(-10);
  public static final GaiStatus SYSTEM = new GaiStatus(-11);
  public static final GaiStatus OVERFLOW = new GaiStatus(-12);

  private static final String[] NAMES = {
    "0",
    "EAI_BADFLAGS",
    "EAI_NONAME",
    "EAI_AGAIN",
    "EAI_FAIL",
    "EAI_NODATA",
    "EAI_FAMILY",
    "EAI_SOCKTYPE",
    "EAI_SERVICE",
    "EAI_ADDRFAMILY",
    "EAI_MEMORY",
    "EAI_SYSTEM",
    "EAI_OVERFLOW"
  };

  /** The symbolic name, such as {@code EAI_NONAME}. */
  public String name() {
    return code <= 0 && -code < NAMES.length ? NAMES[-code] : "EAI " + code;
  }

  /** glibc's text, such as "Name or service not known". */
  public String message() {
    try {
      return Libc.get().gaiStrerror(code);
    } catch (NativeException e) {
      return name();
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
