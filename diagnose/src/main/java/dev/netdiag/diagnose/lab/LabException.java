package dev.netdiag.diagnose.lab;

/** A lab that cannot be built, listed or torn down, with a message ready for the user. */
public final class LabException extends Exception {
  private static final long serialVersionUID = 1L;

  public LabException(String message) {
    super(message);
  }
}
