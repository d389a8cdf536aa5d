package dev.netdiag.cli.lsof;

/**
 * A command line lsof refuses: its own message ("lsof: …", then its usage summary, exit 1), or an
 * option netdiag has not built yet (one line naming it, exit 1).
 */
final class LsofError extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean usage;
  private final boolean ours;

  private LsofError(String message, boolean usage, boolean ours) {
    super(message);
    this.usage = usage;
    this.ours = ours;
  }

  static LsofError withUsage(String message) {
    return new LsofError(message, true, false);
  }

  static LsofError plain(String message) {
    return new LsofError(message, false, false);
  }

  static LsofError notBuilt(String message) {
    return new LsofError(message, false, true);
  }

  /** True when lsof follows the message with its usage summary. */
  boolean usage() {
    return usage;
  }

  /** True for netdiag's own message (an option not built yet), printed as "netdiag lsof: …". */
  boolean ours() {
    return ours;
  }

  static final String USAGE =
      """
      lsof 4.95.0
       latest revision: https://github.com/lsof-org/lsof
       latest FAQ: https://github.com/lsof-org/lsof/blob/master/00FAQ
       latest (non-formatted) man page: https://github.com/lsof-org/lsof/blob/master/Lsof.8
       usage: [-?abhKlnNoOPRtUvVX] [+|-c c] [+|-d s] [+D D] [+|-E] [+|-e s] [+|-f[gG]]
       [-F [f]] [-g [s]] [-i [i]] [+|-L [l]] [+m [m]] [+|-M] [-o [o]] [-p s]
       [+|-r [t]] [-s [p:s]] [-S [t]] [-T [t]] [-u s] [+|-w] [-x [fl]] [--] [names]
      Use the ``-h'' option to get more help information.
      """;
}
