package dev.netdiag.sockets;

/** A socket table that could not be read, with a message ready for the user. */
public final class SocketTableException extends Exception {
  private static final long serialVersionUID = 1L;

  public SocketTableException(String message) {
    super(message);
  }

  public SocketTableException(String message, Throwable cause) {
    super(message, cause);
  }
}
