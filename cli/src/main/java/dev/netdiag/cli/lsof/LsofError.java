package dev.netdiag.cli.lsof;

/**
 * A command line lsof refuses: its own message ("lsof: …", then its usage summary, exit 1), or an
 * option netdiag has not built yet (one line naming it, exit 1).
 */
final class LsofError extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean usage;
  private final boolean ours;
  private final boolean fieldHelp;
  private final boolean help;

  private LsofError(String message, boolean usage, boolean ours, boolean fieldHelp, boolean help) {
    super(message);
    this.usage = usage;
    this.ours = ours;
    this.fieldHelp = fieldHelp;
    this.help = help;
  }

  private LsofError(String message, boolean usage, boolean ours) {
    this(message, usage, ours, false, false);
  }

  static LsofError withUsage(String message) {
    return new LsofError(message, true, false);
  }

  /**
   * The message and the usage summary, then with fieldHelp (-F ?) the field help; with help (-h)
   * the whole help in place of the summary's last line.
   */
  static LsofError withUsage(String message, boolean fieldHelp, boolean help) {
    return new LsofError(message, true, false, fieldHelp, help);
  }

  /** True when -h was given too: lsof then prints its whole help after the messages. */
  boolean help() {
    return help;
  }

  /** True when -F ? asked for the field help, which lsof prints after the usage summary. */
  boolean fieldHelp() {
    return fieldHelp;
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

  /** lsof 4.95's -F ? on Linux: the fields it can select (z and Z are not built into it). */
  static final String FIELD_HELP =
      """
      lsof:\tID    field description
      \t a    access: r = read; w = write; u = read/write
      \t c    command name
      \t d    device character code
      \t D    major/minor device number as 0x<hex>
      \t f    file descriptor
      \t G    file flaGs
      \t i    inode number
      \t k    link count
      \t K    task ID (TID)
      \t l    lock: r/R = read; w/W = write; u = read/write
      \t L    login name
      \t m    marker between repeated output
      \t M    task comMand name
      \t n    comment, name, Internet addresses
      \t o    file offset as 0t<dec> or 0x<hex>
      \t p    process ID (PID)
      \t g    process group ID (PGID)
      \t P    protocol name
      \t r    raw device number as 0x<hex>
      \t R    paRent PID
      \t s    file size
      \t S    stream module and device names
      \t t    file type
      \t T    TCP/TPI info
      \t u    user ID (UID)
      \t 0    (zero) use NUL field terminator instead of NL
      """;

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
