package dev.netdiag.linux;

/** A failed system call, with a message ready for the user and the errno behind it. */
public final class NativeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Errno errno;

  public NativeException(String message, Errno errno) {
    super(message);
    this.errno = errno;
  }

  /** Builds "operation: strerror text" from a system call's errno. */
  public static NativeException of(String operation, Errno errno) {
    return new NativeException(operation + ": " + errno.message(), errno);
  }

  public Errno errno() {
    return errno;
  }
}
