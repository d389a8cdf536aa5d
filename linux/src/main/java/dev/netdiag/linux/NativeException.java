package dev.netdiag.linux;

/** A failed system call, with a message ready for the user and the errno behind it. */
public final class NativeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Errno errno;
  // Set for of(): the message is made when asked for. strerror_r is a downcall of its own, whose
  // linking costs milliseconds; most of these exceptions are caught and never print (a diag
  // module that is absent, a process gone mid-scan).
  private final String operation;

  public NativeException(String message, Errno errno) {
    super(message);
    this.errno = errno;
    this.operation = null;
  }

  private NativeException(Errno errno, String operation) {
    super((String) null);
    this.errno = errno;
    this.operation = operation;
  }

  /** Builds "operation: strerror text" from a system call's errno. */
  public static NativeException of(String operation, Errno errno) {
    return new NativeException(errno, operation);
  }

  @Override
  public String getMessage() {
    return operation == null ? super.getMessage() : operation + ": " + errno.message();
  }

  public Errno errno() {
    return errno;
  }
}
