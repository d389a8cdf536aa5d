package dev.netdiag.cli;

/**
 * A command line the tool cannot run: printed as one line, "netdiag TOOL: message", and mapped to
 * the tool's usage exit code (2 unless the reference tool uses another).
 */
public class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public UsageException(String message) {
    this(message, 2);
  }

  public UsageException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
