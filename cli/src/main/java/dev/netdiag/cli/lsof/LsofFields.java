package dev.netdiag.cli.lsof;

import dev.netdiag.cli.Output;
import java.util.List;

/**
 * lsof -F: one field per line (or NUL-terminated with -F0), a process set (p, then g R c u L)
 * followed by its file sets (f, then a l t G d D s o i k P n T). -F with no letters selects them
 * all. Field letters not built yet are refused.
 */
final class LsofFields {
  private LsofFields() {}

  private static final String BUILT = "pgRcuLfaltdDsoikPnTKMG";

  // What a bare -F (or -F0) prints: every field of a process set and of a file set that lsof 4.95
  // shows without naming it (-F's table entries that are not only for other systems).
  private static final String ALL = "pgRcuLKMfaltGdDsoikPnT";

  /** The letters a -F value selects: all of them for "" (a bare -F). */
  static String letters(String fields) {
    return fields.isEmpty() ? ALL : fields;
  }

  // Every letter lsof 4.95 accepts after -F on Linux (its field table), built or not.
  private static final String LSOF_FIELDS = "acCdDfFgGikKlLmMnNopPrRsStTuzZ?";

  static void check(String fields) throws LsofError {
    java.util.List<String> unknown = new java.util.ArrayList<>();
    for (char c : fields.toCharArray()) {
      if (LSOF_FIELDS.indexOf(c) < 0) {
        unknown.add("unknown field: " + c);
      }
    }
    if (!unknown.isEmpty()) {
      // lsof reports each bad letter on a line of its own, then its usage summary.
      throw LsofError.withUsage(String.join("\nlsof: ", unknown));
    }
    for (char c : fields.toCharArray()) {
      // z (zone) is taken and never printed: lsof 4.95 on Linux has no zones.
      if (BUILT.indexOf(c) < 0 && c != 'z') {
        throw LsofError.notBuilt("-F field '" + c + "' is not built yet (built: " + BUILT + ")");
      }
    }
  }

  // A UNIX socket's state, which its NAME shows in parentheses and field output as TST.
  private static String unixState(LsofRow r) {
    String name = r.name();
    int open = name.lastIndexOf(" (");
    return r.type().equals("unix") && open > 0 && name.endsWith(")")
        ? name.substring(open + 2, name.length() - 1)
        : null;
  }

  private static boolean numeric(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  // In field output a socket's state is its own field (T), so n has the ends only.
  private static String fieldName(LsofRow r) {
    String name = r.name();
    if (!r.type().equals("IPv4") && !r.type().equals("IPv6") && !r.type().equals("unix")) {
      return name;
    }
    if (name.endsWith(")")) {
      int open = name.lastIndexOf(" (");
      return open > 0 ? name.substring(0, open) : name;
    }
    return name.strip();
  }

  static void write(Output out, List<LsofRow> rows, String fields, boolean nul) {
    write(out, rows, fields, nul, 2);
  }

  /**
   * fileFlags: the G field in hex (2: -F G, +fG), as names (1: a +fg after -F G) or not at all (0:
   * a -fg after it).
   */
  static void write(Output out, List<LsofRow> rows, String fields, boolean nul, int fileFlags) {
    write(out, rows, fields, nul, fileFlags, "sq");
  }

  /**
   * The field output; tcpFields are the TCP/TPI values the T field shows (s: TST, q: TQR and TQS),
   * as the last of -F T and -T left them.
   */
  static void write(
      Output out, List<LsofRow> rows, String fields, boolean nul, int fileFlags, String tcpFields) {
    boolean state = tcpFields.indexOf('s') >= 0;
    boolean queues = tcpFields.indexOf('q') >= 0;
    if (fields.isEmpty()) {
      fields = ALL;
      if (fileFlags == 0) {
        fileFlags = 2;
      }
    }
    char end = nul ? '\0' : '\n';
    // What lsof's locale lets it print as itself in c, M and n.
    boolean utf8 = SafeText.utf8Locale();
    int last = -1;
    int lastTid = -1;
    for (LsofRow r : rows) {
      // Each task is a process set of its own: p again, then K (TID) and M (TASKCMD).
      if (r.process().pid() != last || r.tid() != lastTid) {
        last = r.process().pid();
        lastTid = r.tid();
        out.ch('p').number(last).ch(end);
        if (fields.indexOf('K') >= 0 && r.task() != null) {
          out.ch('K').number(r.task().tid()).ch(end);
        }
        if (fields.indexOf('M') >= 0 && r.task() != null) {
          // lsof 4.95 prints TASKCMD's bytes as they are (the c field escapes).
          out.ch('M')
              .bytes(r.task().command().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
              .ch(end);
        }
        if (fields.indexOf('g') >= 0) {
          out.ch('g').number(r.process().pgid()).ch(end);
        }
        if (fields.indexOf('R') >= 0) {
          out.ch('R').number(r.process().ppid()).ch(end);
        }
        if (fields.indexOf('c') >= 0) {
          out.ch('c').text(SafeText.printable(r.process().command(), utf8)).ch(end);
        }
        if (fields.indexOf('u') >= 0) {
          out.ch('u').number(r.process().uid()).ch(end);
        }
        // L is the login name: none with -l, or for a UID without a passwd entry.
        if (fields.indexOf('L') >= 0 && LsofTool.hasLogin(r)) {
          out.ch('L').text(r.user()).ch(end);
        }
        if (nul) {
          out.newline();
        }
      }
      long fileStart = out.position();
      if (fields.indexOf('f') >= 0) {
        out.ch('f').text(r.file().descriptor()).ch(end);
      }
      if (fields.indexOf('a') >= 0) {
        out.ch('a').ch(r.access()).ch(end);
      }
      if (fields.indexOf('l') >= 0) {
        out.ch('l').ch(r.lock()).ch(end);
      }
      if (fields.indexOf('t') >= 0 && !r.type().isEmpty()) {
        out.ch('t').text(r.type()).ch(end);
      }
      if (fields.indexOf('G') >= 0 && fileFlags != 0) {
        String flags = FileFlags.text(r.file().openFlags(), fileFlags == 2);
        if (!flags.isEmpty()) {
          out.ch('G').text(flags).ch(end);
        }
      }
      // A socket's DEVICE column is a character string (an inode, a 0x address): the d field;
      // a file's is major,minor: the D field, which is st_dev even for devices (whose column
      // shows st_rdev).
      boolean devChar = !r.device().isEmpty() && r.device().indexOf(',') < 0;
      if (fields.indexOf('d') >= 0 && devChar) {
        out.ch('d').text(r.device()).ch(end);
      }
      if (fields.indexOf('D') >= 0 && !r.device().isEmpty() && r.file().device() >= 0 && !devChar) {
        out.text("D0x").text(Long.toHexString(r.file().device())).ch(end);
      }
      if (fields.indexOf('s') >= 0 && !r.sizeOff().isEmpty() && !r.showsOffset()) {
        out.ch('s').text(r.sizeOff()).ch(end);
      }
      if (fields.indexOf('o') >= 0 && r.showsOffset()) {
        out.ch('o').text(r.sizeOff()).ch(end);
      }
      // The NODE column is the inode, or a socket's protocol (TCP, UDP, ALL): the P field.
      boolean inode = numeric(r.node());
      if (fields.indexOf('i') >= 0 && inode) {
        out.ch('i').text(r.node()).ch(end);
      }
      if (fields.indexOf('k') >= 0 && r.nlink() >= 0) {
        out.ch('k').number(r.nlink()).ch(end);
      }
      if (fields.indexOf('P') >= 0 && !inode && !r.node().isEmpty()) {
        out.ch('P').text(r.node()).ch(end);
      }
      if (fields.indexOf('n') >= 0) {
        out.ch('n').text(SafeText.printableText(fieldName(r), utf8)).ch(end);
      }
      String unixState = state && fields.indexOf('T') >= 0 ? unixState(r) : null;
      if (unixState != null) {
        out.text("TST=").text(unixState).ch(end);
      }
      if (fields.indexOf('T') >= 0 && r.socket() != null) {
        // UDP has no state.
        if (state && r.socket().transport() == dev.netdiag.sockets.Transport.TCP) {
          out.text("TST=").text(TcpStateNames.name(r.socket().state())).ch(end);
        }
        if (queues) {
          out.text("TQR=").number(r.socket().receiveQueue()).ch(end);
          out.text("TQS=").number(EndpointText.sendQueue(r.socket())).ch(end);
        }
      }
      // -F0 ends a file's line only when it printed a field (-F0pc prints process lines alone).
      if (nul && out.position() > fileStart) {
        out.newline();
      }
    }
  }
}
