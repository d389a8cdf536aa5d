package dev.netdiag.cli.lsof;

import dev.netdiag.cli.Output;
import java.util.List;

/** lsof's table: COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME, columns sized to fit. */
final class LsofText {
  private LsofText() {}

  static void write(
      Output out,
      List<LsofRow> rows,
      boolean parentPid,
      boolean pgid,
      boolean numericUser,
      int commandWidth,
      boolean links,
      String sizeTitle,
      int fileFlags) {
    if (rows.isEmpty()) {
      return;
    }
    Columns c = new Columns(parentPid, pgid, numericUser, commandWidth, links, sizeTitle);
    c.fileFlags = fileFlags;
    // One call per row in both passes: the JIT compiles a method after a few hundred calls, while
    // a loop over 100,000 rows would run interpreted until it is replaced on the stack (OSR).
    for (LsofRow r : rows) {
      c.measure(r);
    }
    c.header(out);
    for (LsofRow r : rows) {
      c.row(out, r);
    }
  }

  /** The column widths, sized from every row. */
  private static final class Columns {
    final boolean parentPid;
    final boolean pgid;
    final boolean numericUser;
    // Whether NAME may print UTF-8 characters as themselves (lsof's locale).
    final boolean utf8 = SafeText.utf8Locale();
    final int commandWidth;
    final boolean links;
    final String sizeTitle;
    int cmd = 7;
    int pid = 3;
    int ppid = 4;
    int pgidWidth = 4;
    int user;
    int type = 4;
    int dev = 6;
    int size;
    int node = 4;
    int nlink = 5;
    int fd = 2;
    // TID and TASKCMD appear when some row is a task's (lsof 4.95 decides while sizing columns).
    boolean tasks = false;
    int tid = 3;
    int taskCmd = 7;
    // +fg (1) or +fG (2): the FILE-FLAG column after TYPE.
    int fileFlags;
    int flags = 9;

    Columns(
        boolean parentPid,
        boolean pgid,
        boolean numericUser,
        int commandWidth,
        boolean links,
        String sizeTitle) {
      this.parentPid = parentPid;
      this.pgid = pgid;
      this.numericUser = numericUser;
      this.commandWidth = commandWidth;
      this.links = links;
      this.sizeTitle = sizeTitle;
      // lsof -l right-aligns UIDs in a column at least eight wide.
      this.user = numericUser ? 8 : 4;
      this.size = sizeTitle.length();
    }

    void measure(LsofRow r) {
      if (r.task() != null) {
        tasks = true;
        tid = Math.max(tid, digits(r.task().tid()));
        taskCmd = Math.max(taskCmd, LsofTool.commandWidth(r.task().command(), commandWidth));
      }
      // lsof sizes cwd and rtd as four wide (txt, mem and DEL as three): measured on 4.95.
      String d = r.fd();
      fd = Math.max(fd, d.equals("cwd") || d.equals("rtd") ? 4 : d.length());
      cmd = Math.max(cmd, LsofTool.commandWidth(r.process().command(), commandWidth));
      pid = Math.max(pid, digits(r.process().pid()));
      ppid = Math.max(ppid, digits(r.process().ppid()));
      pgidWidth = Math.max(pgidWidth, digits(r.process().pgid()));
      user = Math.max(user, r.user().length());
      type = Math.max(type, r.type().length());
      if (fileFlags != 0) {
        flags = Math.max(flags, flagText(r).length());
      }
      dev = Math.max(dev, r.device().length());
      size = Math.max(size, r.sizeOff().length());
      node = Math.max(node, r.node().length());
      if (r.nlink() >= 0) {
        nlink = Math.max(nlink, digits(r.nlink()));
      }
    }

    String flagText(LsofRow r) {
      return FileFlags.text(r.file().openFlags(), fileFlags == 2);
    }

    void header(Output out) {
      out.padRight("COMMAND", cmd).ch(' ');
      out.spaces(pid - 3).text("PID").ch(' ');
      if (tasks) {
        out.spaces(tid - 3).text("TID").ch(' ');
        out.padRight("TASKCMD", taskCmd).ch(' ');
      }
      if (parentPid) {
        out.spaces(ppid - 4).text("PPID").ch(' ');
      }
      if (pgid) {
        out.spaces(pgidWidth - 4).text("PGID").ch(' ');
      }
      out.spaces(user - 4).text("USER").ch(' ');
      out.spaces(fd - 2).text("FD   ");
      out.spaces(type - 4).text("TYPE ");
      if (fileFlags != 0) {
        out.spaces(flags - 9).text("FILE-FLAG ");
      }
      out.spaces(dev - 6).text("DEVICE ");
      out.spaces(size - sizeTitle.length()).text(sizeTitle).ch(' ');
      if (links) {
        out.spaces(nlink - 5).text("NLINK ");
      }
      out.spaces(node - 4).text("NODE ");
      out.line("NAME");
    }

    void row(Output out, LsofRow r) {
      // lsof cuts a name at the column's width, which a name with bytes above 0x7f may exceed in
      // print (it counts each as two): cut again there.
      String command = r.command();
      if (command.length() > cmd) {
        command = SafeText.commandColumn(r.process().command(), cmd);
      }
      out.padRight(command, cmd).ch(' ');
      out.spaces(pid - digits(r.process().pid())).number(r.process().pid()).ch(' ');
      if (tasks && r.task() == null) {
        out.spaces(tid + 1 + taskCmd + 1);
      } else if (tasks) {
        out.spaces(tid - digits(r.task().tid())).number(r.task().tid()).ch(' ');
        out.padRight(SafeText.commandColumn(r.task().command(), taskCmd), taskCmd).ch(' ');
      }
      if (parentPid) {
        out.spaces(ppid - digits(r.process().ppid())).number(r.process().ppid()).ch(' ');
      }
      if (pgid) {
        out.spaces(pgidWidth - digits(r.process().pgid())).number(r.process().pgid()).ch(' ');
      }
      // lsof right-justifies USER, names and UIDs alike.
      out.spaces(user - r.user().length()).text(r.user()).ch(' ');
      // With a lock, a file without an access mode shows '-' in its place ("mem-W").
      char access = r.lock() != ' ' && r.access() == ' ' ? '-' : r.access();
      out.spaces(fd - r.fd().length()).text(r.fd()).ch(access).ch(r.lock()).ch(' ');
      out.spaces(type - r.type().length()).text(r.type()).ch(' ');
      if (fileFlags != 0) {
        String f = flagText(r);
        out.spaces(flags - f.length()).text(f).ch(' ');
      }
      out.spaces(dev - r.device().length()).text(r.device()).ch(' ');
      out.spaces(size - r.sizeOff().length()).text(r.sizeOff()).ch(' ');
      if (links) {
        if (r.nlink() >= 0) {
          out.spaces(nlink - digits(r.nlink())).number(r.nlink()).ch(' ');
        } else {
          out.spaces(nlink + 1);
        }
      }
      out.spaces(node - r.node().length()).text(r.node()).ch(' ');
      out.line(SafeText.printableText(r.name(), utf8));
    }
  }

  static int digits(long v) {
    int d = 1;
    while (v >= 10) {
      v /= 10;
      d++;
    }
    return d;
  }
}
