package dev.netdiag.cli.dig;

/**
 * dig giving up mid-run: fatal() (its message, then the exit code so far or 1) or a warning
 * followed by digexit() (the exit code so far, at least 10). Printed as {@code dig: message}.
 */
final class DigFatal extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean atLeastTen;

  private DigFatal(String message, boolean atLeastTen) {
    super(message);
    this.atLeastTen = atLeastTen;
  }

  /** dighost.c fatal(). */
  static DigFatal fatal(String message) {
    return new DigFatal(message, false);
  }

  /** dighost.c warn() then digexit(). */
  static DigFatal warnAndExit(String message) {
    return new DigFatal(message, true);
  }

  /** The exit code, given the one the lookups before had set. */
  int exit(int soFar) {
    if (atLeastTen) {
      return Math.max(soFar, 10);
    }
    return soFar != 0 ? soFar : 1;
  }
}
