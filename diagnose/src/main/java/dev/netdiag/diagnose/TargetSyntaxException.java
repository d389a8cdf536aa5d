package dev.netdiag.diagnose;

/** A target the user typed that does not name a host and port; the message says what is wrong. */
public final class TargetSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  public TargetSyntaxException(String message) {
    super(message);
  }
}
