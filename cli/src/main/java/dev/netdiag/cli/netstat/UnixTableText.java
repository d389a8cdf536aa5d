package dev.netdiag.cli.netstat;

import dev.netdiag.cli.Output;
import dev.netdiag.sockets.UnixSocketRecord;

/**
 * netstat's "Active UNIX domain sockets" table in net-tools 2.10's layout (netstat.c unix_do_one):
 * Proto RefCnt Flags Type State I-Node [PID/Program name] Path, from /proc/net/unix.
 */
final class UnixTableText {
  // include/linux/net.h: __SO_ACCEPTCON, and net-tools' SO_WAITDATA / SO_NOSPACE bits.
  private static final long ACCEPTCON = 1 << 16;
  private static final long WAITDATA = 1 << 17;
  private static final long NOSPACE = 1 << 18;
  private static final int SS_UNCONNECTED = 1;

  private final NetstatArgs args;
  private final ProgramNames programs;

  UnixTableText(NetstatArgs args, ProgramNames programs) {
    this.args = args;
    this.programs = programs;
  }

  void header(Output out) {
    // net-tools asks -a first: with -l too, the title is the -a one (and every row is listed).
    if (args.all()) {
      out.line("Active UNIX domain sockets (servers and established)");
    } else if (args.listening()) {
      out.line("Active UNIX domain sockets (only servers)");
    } else {
      out.line("Active UNIX domain sockets (w/o servers)");
    }
    out.text("Proto RefCnt Flags       Type       State         I-Node  ");
    if (args.programs()) {
      out.text(" PID/Program name    ");
    }
    out.line(" Path");
  }

  /** True when netstat lists the socket under -l / -a / neither: listeners are the servers. */
  boolean shows(UnixSocketRecord r) {
    boolean server = r.socketState() == SS_UNCONNECTED && (r.flags() & ACCEPTCON) != 0;
    return args.all() || (args.listening() == server);
  }

  void row(Output out, UnixSocketRecord r) {
    long flags = Math.max(0, r.flags());
    StringBuilder f = new StringBuilder("[ ");
    if ((flags & ACCEPTCON) != 0) {
      f.append("ACC ");
    }
    if ((flags & WAITDATA) != 0) {
      f.append("W ");
    }
    if ((flags & NOSPACE) != 0) {
      f.append("N ");
    }
    f.append(']');
    // printf("%-5s %-6ld %-11s %-10s %-13s ", "unix", refcnt, flags, type, state)
    out.text("unix  ").padRight(Long.toString(Math.max(0, r.refCount())), 6).ch(' ');
    out.padRight(f, 11).ch(' ').padRight(r.type().typeName(), 10).ch(' ');
    out.padRight(state(r.socketState(), flags), 13).ch(' ');
    out.padRight(Long.toString(r.inode()), 8).ch(' ');
    if (args.programs()) {
      programs.writeCell(out, r.inode());
      out.ch(' ');
    }
    // net-tools reads the path with sscanf("%s"): it stops at the first white space (isspace:
    // space, \t, \n, \v, \f, \r).
    String path = r.name() == null ? "" : r.name();
    int blank = 0;
    while (blank < path.length() && " \t\n\u000b\f\r".indexOf(path.charAt(blank)) < 0) {
      blank++;
    }
    out.line(path.substring(0, blank));
  }

  private static String state(int socketState, long flags) {
    return switch (socketState) {
      case 0 -> "FREE";
      case 1 -> (flags & ACCEPTCON) != 0 ? "LISTENING" : "";
      case 2 -> "CONNECTING";
      case 3 -> "CONNECTED";
      case 4 -> "DISCONNECTING";
      default -> "UNKNOWN";
    };
  }
}
