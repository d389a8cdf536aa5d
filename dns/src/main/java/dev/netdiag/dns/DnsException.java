package dev.netdiag.dns;

/** A DNS failure carrying a message ready to show to the user. */
public final class DnsException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a user-ready message. */
  public DnsException(String message) {
    super(message);
  }

  /** Creates the exception with a user-ready message and the underlying cause. */
  public DnsException(String message, Throwable cause) {
    super(message, cause);
  }
}
