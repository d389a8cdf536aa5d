package dev.netdiag.sockets.procfs;

/** A /proc or /sys file that could not be read, with a message naming the file. */
public final class ProcFsException extends Exception {
  private static final long serialVersionUID = 1L;

  public ProcFsException(String message, Throwable cause) {
    super(message, cause);
  }
}
