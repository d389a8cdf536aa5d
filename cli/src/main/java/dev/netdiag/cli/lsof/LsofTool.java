package dev.netdiag.cli.lsof;

import dev.netdiag.cli.Output;
import dev.netdiag.cli.Tool;
import dev.netdiag.cli.ToolContext;
import dev.netdiag.linux.NativeException;
import dev.netdiag.linux.SocketProtocolNames;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.Transport;
import dev.netdiag.sockets.UnixSocketRecord;
import dev.netdiag.sockets.procfs.OpenFile;
import dev.netdiag.sockets.procfs.PathBytes;
import dev.netdiag.sockets.procfs.ProcessEntry;
import dev.netdiag.sockets.procfs.ProcessFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** `netdiag lsof`: lsof 4.95 over /proc — processes' cwd, root, text, mapped files, descriptors. */
public final class LsofTool implements Tool {
  private final Path proc;
  private final Path etc;

  public LsofTool() {
    this(Path.of("/proc"), Path.of("/etc"));
  }

  /** An lsof reading other roots: for tests on fixtures. */
  public LsofTool(Path proc, Path etc) {
    this.proc = proc;
    this.etc = etc;
  }

  @Override
  public String name() {
    return "lsof";
  }

  @Override
  public String summary() {
    return "lsof 4.95: open files per process and task (-p -u -c -g -d -a -t -F -K), network files"
        + " (-i, -sTCP:), endpoints (+|-E), file systems (+|-f, -x, +|-e), file flags (+fg)";
  }

  @Override
  public int run(List<String> argv, ToolContext context) throws Exception {
    try {
      return list(argv, context);
    } catch (LsofError e) {
      Output err = context.err();
      if (e.getMessage() != null) {
        err.text(e.ours() ? context.name() : "lsof").text(": ").line(e.getMessage());
      }
      if (e.help()) {
        err.text(help());
      } else if (e.usage()) {
        err.text(LsofError.USAGE);
      }
      if (e.fieldHelp()) {
        err.text(LsofError.FIELD_HELP);
      }
      return LsofArgs.USAGE_EXIT;
    }
  }

  private int list(List<String> argv, ToolContext context) throws Exception {
    LsofArgs args = LsofArgs.parse(argv, this::loginUid);
    if (args.help()) {
      // lsof -h: the summary and the option list, as lsof 4.95 prints them (on stderr).
      context.err().text(help());
      if (args.fieldHelp()) {
        context.err().text(LsofError.FIELD_HELP);
      }
      return 0;
    }
    if (args.fieldHelp()) {
      // -F ?: the field help and nothing listed (lsof's usage() exits after it).
      context.err().text(LsofError.FIELD_HELP);
      return 0;
    }
    if (args.version()) {
      context.err().line("lsof version information:").line("    revision: 4.95.0");
      context.err().line("    netdiag: " + dev.netdiag.cli.Main.version());
      return 0;
    }
    if (args.fields() != null) {
      LsofFields.check(args.fields());
    }
    for (String warning : args.warnings()) {
      context.err().text("lsof: WARNING: ").line(warning);
    }
    // -b's notices for the mount table: before the listing, or among FILE arguments' messages.
    List<String> blocking = args.avoidBlocking() && args.warn() ? blockingWarnings() : List.of();
    if (args.files().isEmpty() && args.directories().isEmpty()) {
      for (String line : blocking) {
        context.err().text("lsof: ").line(line);
      }
    }
    if (!args.warnings().isEmpty() || args.avoidBlocking()) {
      context.err().flush(); // before the listing, as lsof writes it
    }
    MountTable mounts =
        !args.files().isEmpty() || args.nfs() || !args.exempt().isEmpty() || args.mountSupplement()
            ? MountTable.read(proc, args.exempt())
            : MountTable.EMPTY;
    List<String> notMounted = new ArrayList<>();
    for (LsofArgs.Exempt e : args.exempt()) {
      String path = exemptPath(e);
      if (mounts.mounts().stream().noneMatch(m -> m.dir().equals(path))) {
        // lsof names -e in this message for +e too.
        notMounted.add("\"-e " + path + "\" is not a mounted file system.");
      }
    }
    if (!notMounted.isEmpty()) {
      throw LsofError.withUsage(String.join("\nlsof: ", notMounted));
    }
    if (args.portMapper() && portMapperListens()) {
      // Without a portmapper lsof's +M finds no registrations and lists as -M does; with one it
      // would name the RPC programs, which is not built here.
      throw LsofError.notBuilt("+M with a portmapper listening on port 111 is not built yet");
    }
    FileSelection selection = FileSelection.of(args, this::statIdentity, mounts, blocking);
    for (String message : selection.messages()) {
      context.err().text("lsof: ").line(message);
    }
    if (!selection.messages().isEmpty()) {
      context.err().flush(); // before the listing, as lsof writes them
    }
    if (args.mountSupplement()) {
      mounts.writeSupplement(context.out());
      return 0;
    }
    int code;
    // One set of host names for the run (lsof's cache outlives -r repeats); none where no NAME is
    // printed (-t, -F without n), as lsof asks only when it prints one.
    boolean namesPrinted =
        args.json()
            || (!args.terse()
                && (args.fields() == null || LsofFields.letters(args.fields()).indexOf('n') >= 0));
    HostNames hostNames = !args.numericHosts() && namesPrinted ? new HostNames() : null;
    while (true) {
      selection.startScan();
      List<LsofRow> rows = scan(args, selection, hostNames);
      // -Q: a search term that found nothing is no failure.
      code = selection.failed() && !args.quiet() ? 1 : 0;
      userWarnings(context.err(), args, rows);
      if (args.json()) {
        LsofJson.write(context.out(), rows, args.fileFlags());
      } else if (args.terse()) {
        writePids(context.out(), rows);
      } else if (args.fields() != null) {
        LsofFields.write(
            context.out(),
            rows,
            args.fields(),
            args.nulTerminated(),
            args.fileFlags(),
            args.tcpFields());
      } else {
        LsofText.write(
            context.out(),
            rows,
            args.parentPid(),
            args.pgidColumn(),
            args.numericUsers(),
            args.commandWidth(),
            args.links() >= 0,
            args.offsets() ? "OFFSET" : args.sizes() ? "SIZE" : "SIZE/OFF",
            args.fileFlags());
      }
      if (args.repeat() == 0 || (args.repeatUntilEmpty() && rows.isEmpty())) {
        if (args.verbose()) {
          // -V: each search item not found, after the listing (lsof prints it on stdout).
          for (String line : selection.notFound()) {
            context.out().text("lsof: ").line(line);
          }
        }
        break;
      }
      if (args.fields() != null) {
        context.out().line("m");
      } else if (!args.terse()) {
        context.out().line("=======");
      }
      context.out().flush();
      Thread.sleep(1000L * args.repeat());
    }
    return code;
  }

  private static String help() {
    try (var in = LsofTool.class.getResourceAsStream("help.txt")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException | NullPointerException e) {
      return LsofError.USAGE;
    }
  }

  private static void writePids(Output out, List<LsofRow> rows) {
    int last = -1;
    for (LsofRow r : rows) {
      if (r.process().pid() != last) {
        out.number(r.process().pid()).newline();
        last = r.process().pid();
      }
    }
  }

  private List<LsofRow> scan(LsofArgs args, FileSelection selection, HostNames hostNames)
      throws Exception {
    Scan scan = new Scan(args, selection, args.numericUsers() ? Map.of() : users(), hostNames);
    if (args.internet() && selection.socketsOnly()) {
      scan.sockets.prefetch();
    }
    ProcessFiles files = new ProcessFiles(proc);
    int[] pids = files.pids();
    // Sockets alone (-i, -U) of every process: each process's socket descriptors are read on a
    // thread of their own, ahead of the rows built from them here (the readlinks are the kernel's
    // work, the rows ours). Not with -a and a process selection: most processes go unread then.
    if (selection.socketsOnly() && !selection.hasProcessSelections() && !args.listsTasks()) {
      scan.ahead = SocketsAhead.start(files, pids);
    }
    for (int i = 0; i < pids.length; i++) {
      int pid = pids[i];
      if (selection.excludesPid(pid)) {
        continue;
      }
      ProcessEntry p = files.process(pid).orElse(null);
      if (p == null || !selection.keepsProcess(p, scan.users)) {
        continue;
      }
      scan.aheadIndex = i;
      List<LsofRow.Task> tasks = args.listsTasks() ? TaskList.of(proc, pid) : List.of();
      // Under -a -K lsof enters the main process of a process with tasks as a task itself (its
      // row keeps a blank TID), so that it passes the task selection with them.
      boolean mainIsTask = args.tasks() == LsofArgs.TASKS_LIST && args.and() && !tasks.isEmpty();
      scan.list(files, p, null, mainIsTask);
      if (!tasks.isEmpty()) {
        ProcessFiles taskFiles =
            new ProcessFiles(proc.resolve(Integer.toString(pid)).resolve("task"));
        for (LsofRow.Task t : tasks) {
          scan.list(taskFiles, p, t, true);
        }
      }
    }
    if (args.endpoints() > 0) {
      scan.addEndpoints(files, pids);
    }
    return scan.rows;
  }

  /** One scan's shared state: the socket tables, read once, and the rows listed so far. */
  private final class Scan {
    final LsofArgs args;
    final FileSelection selection;
    final Map<Integer, String> users;
    final SocketIndex sockets = new SocketIndex();
    final UnixSocketIndex unixSockets = new UnixSocketIndex(proc);
    final LinkSocketIndex linkSockets = new LinkSocketIndex(proc);
    final LockTable locks = LockTable.read(proc);
    final ProtocolNames protocols = new ProtocolNames();
    final EndpointText names;
    final List<LsofRow> rows = new ArrayList<>();
    // The socket descriptors read ahead, when only sockets are listed, and the index of the
    // process being listed in the pid list they were read for.
    SocketsAhead ahead;
    int aheadIndex;
    // -e/+e: each exempt path (as lsof keeps it) and the option text shown after the name.
    final List<String[]> exempts = new ArrayList<>();

    Scan(LsofArgs args, FileSelection selection, Map<Integer, String> users, HostNames hostNames) {
      this.args = args;
      this.selection = selection;
      this.users = users;
      this.names = new EndpointText(hostNames, args.numericPorts(), etc, args.tcpInfo());
      for (LsofArgs.Exempt e : args.exempt()) {
        String path = exemptPath(e);
        exempts.add(new String[] {path, (e.plus() ? "+e " : "-e ") + path});
      }
    }

    /**
     * Lists the files of a process (task null) or of one of its tasks, read through files (whose
     * root is /proc, or /proc/PID/task for a task).
     */
    void list(ProcessFiles files, ProcessEntry p, LsofRow.Task task, boolean asTask) {
      boolean processSelected = selection.selectsProcess(p, users, asTask);
      if (!processSelected && selection.needsProcessMatch()) {
        return;
      }
      if (task != null) {
        selection.taskSeen();
      }
      int id = task == null ? p.pid() : task.tid();
      String command = command(p.command(), args.commandWidth());
      String user = userText(users, p.uid());
      // With only -i selecting files (and no process selection), nothing but sockets can be
      // listed: skip cwd/txt/maps and read socket descriptors from their links alone.
      boolean socketsOnly = selection.socketsOnly();
      List<List<OpenFile>> groups =
          socketsOnly
              ? List.of(
                  ahead != null && task == null
                      ? ahead.descriptors(aheadIndex)
                      : files.descriptors(id, true))
              : List.of(files.specialFiles(id), files.descriptors(id));
      Path base =
          task == null
              ? proc.resolve(Integer.toString(id))
              : proc.resolve(Integer.toString(p.pid()))
                  .resolve("task")
                  .resolve(Integer.toString(id));
      exemptSeen = false;
      exemptRow = -1;
      for (List<OpenFile> group : groups) {
        for (OpenFile f : group) {
          listed(p, command, user, f, task, base, processSelected);
        }
      }
    }

    // -e/+e state of the process being listed, as lsof 4.95 keeps it: once its cwd or a
    // descriptor was on an exempt file system, every later descriptor's fdinfo goes to the last
    // exempt row listed (its FILE-FLAG shows the last descriptor's flags), and those descriptors
    // show the size of their /proc link as their offset and no flags.
    private boolean exemptSeen;
    private int exemptRow;

    private void toExemptRow(OpenFile f) {
      if (exemptRow < 0) {
        return;
      }
      LsofRow r = rows.get(exemptRow);
      if (f.openFlags() >= 0) {
        r = r.withFile(withReading(r.file(), f.openFlags(), r.file().offset()));
      }
      if (args.offsets() && f.fd() >= 0 && f.offset() >= 0) {
        r = r.withSizeOff(LsofRow.offsetText(f.offset())); // -o: the position goes there too
      }
      rows.set(exemptRow, r);
    }

    /** Lists one file, or the row lsof prints for it when it is on an exempt file system. */
    private void listed(
        ProcessEntry p,
        String command,
        String user,
        OpenFile f,
        LsofRow.Task task,
        Path base,
        boolean processSelected) {
      if (exempts.isEmpty() || f.error() != null) {
        file(p, command, user, f, task, base, processSelected);
        return;
      }
      String option = null;
      for (String[] e : exempts) {
        // lsof compares the start of the path only, as text.
        if (f.link().startsWith(e[0])) {
          option = e[1];
          break;
        }
      }
      String d = f.descriptor();
      if (option != null && d.equals("mem")) {
        // A mapping on an exempt file system: lsof keeps the device and inode from the maps line
        // and shows no size.
        OpenFile unread =
            new OpenFile(
                d,
                -1,
                -1,
                OpenFile.FileKind.UNKNOWN,
                f.device(),
                -1,
                -1,
                -1,
                f.inode(),
                f.link(),
                null);
        if (selection.keepsFile(unread, null, false, -1, processSelected)) {
          LsofRow row = LsofRow.exempt(p, command, user, unread, "mem", option);
          row = row.withDeviceNode(LsofRow.devText(f.device()), Long.toString(f.inode()));
          rows.add(task == null ? row : row.ofTask(task));
        }
        return;
      }
      boolean mapped = d.equals("DEL");
      if (option != null && !mapped) {
        OpenFile unread =
            new OpenFile(
                d, f.fd(), -1, OpenFile.FileKind.UNKNOWN, -1, -1, -1, -1, -1, f.link(), null);
        String kind = f.fd() >= 0 ? "fd" : d;
        boolean listedRow = selection.keepsFile(unread, null, false, -1, processSelected);
        if (listedRow) {
          LsofRow row = LsofRow.exempt(p, command, user, unread, kind, option);
          rows.add(task == null ? row : row.ofTask(task));
        }
        if (d.equals("txt")) {
          // lsof leaves out the mapping of the program file because it is the txt file; an
          // exempt txt has no device or inode to compare, so its mapping is listed (first).
          listed(
              p,
              command,
              user,
              new OpenFile(
                  "mem",
                  -1,
                  -1,
                  f.kind(),
                  f.device(),
                  f.rdev(),
                  f.size(),
                  -1,
                  f.inode(),
                  f.link(),
                  null),
              task,
              base,
              processSelected);
        }
        if (d.equals("cwd") || f.fd() >= 0) {
          exemptSeen = true;
          exemptRow = listedRow ? rows.size() - 1 : -1;
          toExemptRow(f);
        }
        return;
      }
      if (!exemptSeen || f.fd() < 0) {
        file(p, command, user, f, task, base, processSelected);
        return;
      }
      toExemptRow(f);
      long linkSize = f.offset();
      try {
        linkSize =
            (Long)
                Files.getAttribute(
                    base.resolve("fd").resolve(d), "size", LinkOption.NOFOLLOW_LINKS);
      } catch (IOException | RuntimeException e) {
        // The descriptor is gone: keep what was read.
      }
      int before = rows.size();
      file(p, command, user, f, task, base, processSelected);
      if (rows.size() > before) {
        LsofRow r = rows.get(before);
        r = r.withFile(withReading(r.file(), -1, linkSize));
        rows.set(before, r.showsOffset() ? r.withSizeOff(LsofRow.offsetText(linkSize)) : r);
      }
    }

    /** Lists one file of the process when the selections keep it (a call per file: see write). */
    private void file(
        ProcessEntry p,
        String command,
        String user,
        OpenFile f,
        LsofRow.Task task,
        Path base,
        boolean processSelected) {
      SocketRecord socket =
          f.kind() == OpenFile.FileKind.SOCKET && f.error() == null ? sockets.get(f.inode()) : null;
      if (socket != null && args.skipTcpUdp() && socket.transport() != Transport.RAW) {
        // -X: lsof 4.95 on Linux reads no TCP or UDP table, so such a socket is unidentified.
        socket = null;
      }
      UnixSocketRecord unix =
          socket == null && f.kind() == OpenFile.FileKind.SOCKET && f.error() == null
              ? unixSockets.get(f.inode())
              : null;
      // Link counts for +L, and for field output's k (which a bare -F includes).
      boolean links =
          args.links() >= 0
              || (args.fields() != null && LsofFields.letters(args.fields()).indexOf('k') >= 0);
      long nlink = links && socket == null ? linkCount(base, f) : -1;
      String unixName = unix == null ? null : UnixSocketIndex.name(unix);
      String unixPath = unixName != null && unixName.startsWith("/") ? unixName : null;
      if (selection.keepsFile(f, socket, unix != null, unixPath, nlink, processSelected)) {
        LsofRow row = row(p, command, user, f, socket, unix, base);
        row = nlink >= 0 ? row.withLinks(nlink) : row;
        String search = socket == null && unix == null ? selection.searchName(f) : null;
        if (search != null && !search.equals(row.name())) {
          // lsof names a file found as a search item by the item's path.
          row = row.withName(search);
        }
        rows.add(task == null ? row : row.ofTask(task));
      }
    }

    private LsofRow row(
        ProcessEntry p,
        String command,
        String user,
        OpenFile f,
        SocketRecord socket,
        UnixSocketRecord unix,
        Path base) {
      LsofRow row =
          socket != null && socket.transport() == Transport.RAW
              ? LsofRow.raw(p, command, user, f, socket)
              : socket != null
                  ? LsofRow.socket(p, command, user, f, socket, names)
                  : unix != null
                      ? LsofRow.unix(p, command, user, f, unix, args.tcpInfo())
                      : link(p, command, user, f, linkSockets, args.skipTcpUdp(), protocols, base);
      if (row.type().equals("a_inode")) {
        // lsof 4.95 completes eventfd, pidfd and eventpoll names from the fdinfo.
        String name =
            AnonInodeNames.complete(base.resolve("fdinfo").resolve(f.descriptor()), row.name());
        row = name.equals(row.name()) ? row : row.withName(name);
      }
      char lock = locks.lock(p.pid(), f);
      row = lock == ' ' ? row : row.withLock(lock);
      return row.forColumn(args.offsets(), args.sizes());
    }

    /**
     * -E/+E: the endpoint information of each pipe, socket, pseudoterminal and eventfd row; for +E
     * first the rows of the endpoint descriptors themselves (in any process, listed or not), each
     * once.
     */
    void addEndpoints(ProcessFiles files, int[] pids) {
      // The named FIFOs listed: their other holders are endpoints too.
      Set<String> fifoPaths = new HashSet<>();
      for (LsofRow r : rows) {
        if (r.type().equals("FIFO") && r.file().link().startsWith("/")) {
          fifoPaths.add(r.file().link());
        }
      }
      EndpointNames endpoints =
          new EndpointNames(
              EndpointIndex.read(proc, pids, fifoPaths), sockets, args.commandWidth());
      if (args.endpoints() == 2) {
        Set<String> listed = new HashSet<>();
        for (LsofRow r : rows) {
          if (r.task() == null) {
            listed.add(r.process().pid() + ":" + r.file().fd());
          }
        }
        Map<Integer, List<OpenFile>> descriptors = new HashMap<>();
        List<LsofRow> extra = new ArrayList<>();
        for (LsofRow r : rows) {
          for (EndpointIndex.End e : endpoints.ends(r)) {
            if (!listed.add(e.pid() + ":" + e.fd())) {
              continue;
            }
            ProcessEntry p = files.process(e.pid()).orElse(null);
            OpenFile f =
                descriptors.computeIfAbsent(e.pid(), files::descriptors).stream()
                    .filter(d -> d.fd() == e.fd())
                    .findFirst()
                    .orElse(null);
            if (p == null || f == null) {
              continue;
            }
            boolean socketFile = f.kind() == OpenFile.FileKind.SOCKET && f.error() == null;
            SocketRecord socket = socketFile ? sockets.get(f.inode()) : null;
            UnixSocketRecord unix =
                socketFile && socket == null ? unixSockets.get(f.inode()) : null;
            String user = userText(users, p.uid());
            Path base = proc.resolve(Integer.toString(e.pid()));
            extra.add(
                row(p, command(p.command(), args.commandWidth()), user, f, socket, unix, base));
          }
        }
        rows.addAll(extra);
        // lsof lists by PID (then TID); within a process cwd, rtd, txt and mem keep their order
        // and descriptors follow by number.
        rows.sort(
            Comparator.comparingInt((LsofRow r) -> r.process().pid())
                .thenComparingInt(LsofRow::tid)
                .thenComparingInt(r -> r.file().fd()));
      }
      rows.replaceAll(endpoints::withEnds);
    }
  }

  /** The file with other fdinfo values (flags, position). */
  private static OpenFile withReading(OpenFile f, int flags, long offset) {
    return new OpenFile(
        f.descriptor(),
        f.fd(),
        flags,
        f.kind(),
        f.device(),
        f.rdev(),
        f.size(),
        offset,
        f.inode(),
        f.link(),
        f.error());
  }

  /**
   * st_nlink of an open file for +L, through the /proc link that reaches it (a deleted file still
   * answers there, with 0); -1 for sockets, unreadable files and deleted mappings.
   */
  private static long linkCount(Path base, OpenFile f) {
    if (f.error() != null || f.kind() == OpenFile.FileKind.SOCKET) {
      return -1;
    }
    Path path =
        switch (f.descriptor()) {
          case "cwd" -> base.resolve("cwd");
          case "rtd" -> base.resolve("root");
          case "txt" -> base.resolve("exe");
          // A name that is no UTF-8 (PathBytes) is no Path: its count is unknown here.
          case "mem" -> PathBytes.hasEscapes(f.link()) ? null : Path.of(f.link());
          case "DEL" -> null;
          default -> base.resolve("fd").resolve(f.descriptor());
        };
    if (path == null) {
      return -1;
    }
    try {
      return ((Number) Files.getAttribute(path, "unix:nlink")).longValue();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * A row for any other file; a NETLINK or PACKET socket gets lsof's texts for it, and a socket in
   * no table lsof reads (one of another network namespace) the kernel's name for its protocol.
   */
  private static LsofRow link(
      ProcessEntry p,
      String command,
      String user,
      OpenFile f,
      LinkSocketIndex index,
      boolean skipTcpUdp,
      ProtocolNames protocols,
      Path base) {
    LsofRow row = LsofRow.of(p, command, user, f);
    if (f.kind() != OpenFile.FileKind.SOCKET || f.error() != null) {
      return row;
    }
    LinkSocketIndex.Text text = index.get(f.inode());
    if (text == null) {
      if (skipTcpUdp) {
        return row.withName("can't identify protocol (-X specified)");
      }
      String protocol = protocols.of(base.resolve("fd").resolve(f.descriptor()).toString());
      return row.withName(protocol == null ? "can't identify protocol" : "protocol: " + protocol);
    }
    return new LsofRow(
        p,
        command,
        user,
        f,
        row.fd(),
        row.access(),
        text.type(),
        text.device(),
        "0t0",
        text.node(),
        text.name(),
        null,
        -1,
        null);
  }

  /** An exempt file system's path as lsof keeps it: resolved for -e (not +e), no trailing '/'. */
  private static String exemptPath(LsofArgs.Exempt e) {
    String path = e.plus() ? e.path() : MountTable.resolve(e.path());
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path;
  }

  /** The sockprotoname attribute of socket files, read natively once the first is needed. */
  private static final class ProtocolNames {
    private SocketProtocolNames reader;
    private boolean unavailable;

    String of(String fdLink) {
      if (reader == null && !unavailable) {
        try {
          reader = SocketProtocolNames.open();
        } catch (NativeException e) {
          unavailable = true; // no native access: such sockets read "can't identify protocol"
        }
      }
      return reader == null ? null : reader.of(fdLink);
    }
  }

  /** Whether a TCP socket listens on port 111 (rpcbind) in this network namespace. */
  private boolean portMapperListens() {
    for (String table : List.of("net/tcp", "net/tcp6")) {
      try {
        for (String line : Files.readAllLines(proc.resolve(table))) {
          String[] f = line.strip().split("\\s+");
          // local_address is ADDR:PORT in hex; state 0A is LISTEN.
          if (f.length > 3 && f[1].endsWith(":006F") && f[3].equals("0A")) {
            return true;
          }
        }
      } catch (IOException e) {
        // No such table: nothing listens there.
      }
    }
    return false;
  }

  /** The device and inode of a named file, for FILE arguments; null when it cannot be stat'ed. */
  private long[] statIdentity(String path) {
    try {
      Map<String, Object> st = Files.readAttributes(Path.of(path), "unix:dev,ino");
      return new long[] {(Long) st.get("dev"), (Long) st.get("ino")};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  // A login name's UID from /etc/passwd, or null when it has no account.
  private Integer loginUid(String login) {
    try {
      for (String line : Files.readAllLines(etc.resolve("passwd"))) {
        String[] f = line.split(":");
        if (f.length > 2 && f[0].equals(login)) {
          return Integer.valueOf(f[2]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // No readable entry: the name has no UID here.
    }
    return null;
  }

  private Map<Integer, String> users() {
    Map<Integer, String> out = new HashMap<>();
    try {
      for (String line : Files.readAllLines(etc.resolve("passwd"))) {
        String[] f = line.split(":");
        if (f.length > 2) {
          try {
            out.putIfAbsent(Integer.parseInt(f[2]), f[0]);
          } catch (NumberFormatException e) {
            // A malformed passwd line names no user.
          }
        }
      }
    } catch (IOException e) {
      // Without /etc/passwd, users print as numbers.
    }
    return out;
  }

  /**
   * The COMMAND column text: comm (bytes, one char each) with what lsof does not print as itself
   * (space, control characters, bytes above 0x7e) escaped, cut at width characters (0 = no limit)
   * without splitting an escape.
   */
  static String command(String comm, int width) {
    return SafeText.commandColumn(comm, width);
  }

  /** How wide the COMMAND column must be for comm: lsof's count, at most width (0 = no limit). */
  static int commandWidth(String comm, int width) {
    return SafeText.commandSize(comm, width);
  }

  /**
   * The USER column's text: the login name, or (with -l, or for a UID without a passwd entry) the
   * UID as lsof 4.95 formats it, right-justified in eight characters and cut to eight.
   */
  static String userText(Map<Integer, String> users, int uid) {
    String name = users.get(uid);
    return name != null ? name : numericUser(uid);
  }

  /** The UID as lsof prints it in USER: "%8u" cut to eight characters. */
  static String numericUser(int uid) {
    String digits = Integer.toUnsignedString(uid);
    return digits.length() >= 8 ? digits.substring(0, 8) : " ".repeat(8 - digits.length()) + digits;
  }

  /** Whether the row's USER is a login name (not the UID lsof prints without one). */
  static boolean hasLogin(LsofRow r) {
    return !r.user().equals(numericUser(r.process().uid()));
  }

  /**
   * lsof's "no pwd entry" warnings for UIDs without a login name (none with -l): in the table one
   * as it sizes and one as it prints each row; in field output with L, one per process set.
   */
  private static void userWarnings(Output err, LsofArgs args, List<LsofRow> rows) {
    // -t looks no user up, so even +w brings no warning there.
    if (args.numericUsers() || args.json() || args.terse() || !args.warn()) {
      return;
    }
    boolean fields = args.fields() != null;
    if (fields && LsofFields.letters(args.fields()).indexOf('L') < 0) {
      return;
    }
    // The table's two passes: every row sized, then every row printed.
    for (int pass = fields ? 1 : 2; pass > 0; pass--) {
      int lastPid = -1;
      int lastTid = -1;
      boolean login = true;
      for (LsofRow r : rows) {
        boolean newSet = r.process().pid() != lastPid || r.tid() != lastTid;
        lastPid = r.process().pid();
        lastTid = r.tid();
        if (newSet) {
          // Once per process (or task): the rows of one share its user.
          login = hasLogin(r);
        }
        if (!login && (newSet || !fields)) {
          err.text("lsof: no pwd entry for UID ").line(Integer.toUnsignedString(r.process().uid()));
        }
      }
    }
    err.flush();
  }

  /**
   * lsof -b's notices for every line of the mount table, in its order (a directory mounted on
   * twice, twice): it will neither readlink nor stat the mounted-on directory, so files on that
   * file system may go unidentified.
   */
  private List<String> blockingWarnings() {
    List<String> lines;
    try {
      lines = java.nio.file.Files.readAllLines(proc.resolve("mounts"));
    } catch (java.io.IOException e) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.strip().split("\\s+");
      if (f.length < 3) {
        continue;
      }
      String dir = MountTable.unescape(f[1]);
      out.add(FileSelection.avoiding("readlink", dir));
      out.add(FileSelection.avoiding("stat", dir));
      out.add(
          "WARNING: can't stat() "
              + f[2]
              + " file system "
              + dir
              + "\n      Output information may be incomplete.");
    }
    return out;
  }

  /** Thrown for a FILE argument that does not exist (lsof reports it and exits 1). */
  static LsofError noSuchFile(String path) {
    return LsofError.plain("status error on " + path + ": No such file or directory");
  }
}
