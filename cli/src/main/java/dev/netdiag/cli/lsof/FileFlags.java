package dev.netdiag.cli.lsof;

/**
 * The FILE-FLAG text of lsof 4.95 on Linux (+fg, +fG, the G field): a descriptor's open(2) flags
 * from fdinfo, as lsof's abbreviations or in hex, then ";" and the process's open-file flags (none
 * on Linux, 0x0 in hex).
 */
final class FileFlags {
  private FileFlags() {}

  // lsof's table of names, in its order, with the x86_64 values of the open(2) flags (octal, as in
  // asm-generic/fcntl.h). lsof takes O_LARGEFILE as 0100000, O_RSYNC is O_SYNC, and a value with
  // several bits (O_SYNC, O_TMPFILE) matches when any of them is set and then clears them all.
  private static final String[] NAMES = {
    "W", "RW", "CR", "EXCL", "NTTY", "TR", "AP", "ND", "SYN", "ASYN", "DIR", "DTY", "NFLK", "NATM",
    "DSYN", "RSYN", "LG", "CX", "PATH", "TMPF"
  };
  private static final int[] VALUES = {
    01, 02, 0100, 0200, 0400, 01000, 02000, 04000, 04010000, 020000, 040000, 0200000, 0400000,
    01000000, 010000, 04010000, 0100000, 02000000, 010000000, 020200000
  };

  /**
   * The column text for flags (-1 when the descriptor has no fdinfo: cwd, txt, mem…): empty then,
   * and for flags 0 unless in hex.
   */
  static String text(int flags, boolean hex) {
    if (flags < 0 || (flags == 0 && !hex)) {
      return "";
    }
    if (hex) {
      return "0x" + Integer.toHexString(flags) + ";0x0";
    }
    StringBuilder s = new StringBuilder();
    long left = flags;
    int t = 0;
    // The table is walked once, front to back, as lsof does: each name found clears its bits.
    while (left != 0) {
      while (t < VALUES.length && (left & VALUES[t]) == 0) {
        t++;
      }
      if (t == VALUES.length) {
        break;
      }
      if (!s.isEmpty()) {
        s.append(',');
      }
      s.append(NAMES[t]);
      left &= ~VALUES[t];
    }
    if (left != 0) {
      s.append(s.isEmpty() ? "" : ",").append("0x").append(Long.toHexString(left));
    }
    return s.toString();
  }
}
