package dev.netdiag.cli.lsof;

import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.SocketState;
import dev.netdiag.sockets.Transport;
import dev.netdiag.sockets.procfs.OpenFile;
import dev.netdiag.sockets.procfs.ProcessEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * lsof's selection rules: exclusions (^) always apply; the selections (-p -g -u -c, -d, FILE) are
 * ORed, or ANDed per kind with -a; no selection lists everything.
 */
final class FileSelection {
  // Set when some socket matched the -i criteria: lsof then counts -i as found.
  private boolean internetMatched;
  // lsof's other search items, each of which, not found, makes the exit status 1: the -c items
  // that named an examined process, the -g items that did, the -i items (with a protocol, address
  // or port) that a socket's end matched first, and the TCP states included with -s that some
  // examined TCP socket was in.
  private final boolean[] commandFound;
  private final boolean[] pidFound;
  private final boolean[] pgidFound;
  private final boolean[] networkFound;
  private int tcpStatesSeen;
  // stat(2) for the paths UNIX sockets are bound to, when there are FILE search items.
  private final Function<String, long[]> stat;
  private final Map<String, long[]> unixPaths = new HashMap<>();
  // Whether -i gave an address item (lsof's SELNA), a family alone (SELNET), or both.
  private final boolean addresses;
  private final boolean families;
  // -K: whether a process examined had a task (lsof's Ftask).
  private boolean taskSeen;

  private final LsofArgs args;
  // Search items by "dev:inode" ("fs:DEV" for a file system), each to the index of its last
  // item: lsof finds the search item entered last (its +d/+D entries before its FILE arguments),
  // so a name given twice leaves the other one unfound (exit 1).
  private final Map<String, Integer> files;
  private final boolean[] found;

  private final Set<Long> nfsDevices;
  // The path each plain-file search item was given by (a FILE argument after its links are
  // resolved, a +d/+D entry as found): lsof names a file found through it by that path.
  private final Map<Integer, String> names = new HashMap<>();
  // The FILE argument each file-system search item came from (lsof -V's "no file system use").
  private final Map<Integer, String> systemNames = new HashMap<>();
  private final List<String> messages = new ArrayList<>();
  // Set when some file on an NFS file system was selected (-N).
  private boolean nfsMatched;

  private FileSelection(
      LsofArgs args,
      Map<String, Integer> files,
      int items,
      Set<Long> nfsDevices,
      Function<String, long[]> stat) {
    this.args = args;
    this.stat = stat;
    this.files = files;
    this.found = new boolean[items];
    this.nfsDevices = nfsDevices;
    this.commandFound = new boolean[args.commands().size()];
    this.pidFound = new boolean[args.pids().size()];
    this.pgidFound = new boolean[args.pgids().size()];
    this.networkFound = new boolean[args.network().size()];
    this.addresses = args.network().stream().anyMatch(i -> !i.familyOnly());
    this.families = args.network().stream().anyMatch(NetworkItem::familyOnly);
  }

  /**
   * The search items: each FILE argument (a mount point, or with +f a file system's name, stands
   * for every file on that file system; with -f every name is a plain file), and for +d/+D the
   * directory and the entries in it (for +D, the whole tree; symbolic links and other file systems
   * only with -x).
   */
  /** lsof -b's notice for a path it will not readlink or stat. */
  static String avoiding(String call, String path) {
    return "avoiding " + call + "(" + path + "): -b was specified.";
  }

  static FileSelection of(
      LsofArgs args, Function<String, long[]> stat, MountTable mounts, List<String> blocking)
      throws LsofError {
    Map<String, Integer> files = new HashMap<>();
    Map<Integer, String> names = new HashMap<>();
    Map<Integer, String> systemNames = new HashMap<>();
    List<String> messages = new ArrayList<>();
    int items = 0;
    int valid = 0;
    int notices = 0; // messages that are -b's notices, not failures
    for (LsofArgs.DirectoryItem d : args.directories()) {
      Path dir = Path.of(d.path());
      if (args.avoidBlocking() || stat.apply(d.path()) == null) {
        // With -b lsof says it will neither readlink nor stat it, and then cannot stat it
        // (EAGAIN). Only the usage prints after -w or -t.
        throw LsofError.withUsage(
            !args.warn()
                ? null
                : args.avoidBlocking()
                    ? avoiding("readlink", d.path())
                        + "\nlsof: "
                        + avoiding("stat", d.path())
                        + "\nlsof: WARNING: can't stat("
                        + d.path()
                        + "): Resource temporarily unavailable"
                    : "WARNING: can't stat(" + d.path() + "): No such file or directory");
      }
      if (!Files.isDirectory(dir)) {
        throw LsofError.withUsage(args.warn() ? "WARNING: not a directory: " + d.path() : null);
      }
      for (DirectoryTree.Item item : DirectoryTree.identities(dir, d.recursive(), d.crossOver())) {
        files.put(item.id(), items);
        names.put(items++, item.path());
      }
    }
    for (String arg : args.files()) {
      if (args.avoidBlocking()) {
        // -b: lsof neither resolves nor stats a name, so each fails with EAGAIN (named as given).
        // It says so for each, and reads the mount table (saying the same of every file system)
        // between the first name's readlink and its stat.
        if (args.warn()) {
          int before = messages.size();
          messages.add(avoiding("readlink", arg));
          messages.addAll(blocking);
          blocking = List.of();
          messages.add(avoiding("stat", arg));
          notices += messages.size() - before;
        }
        if (!args.quiet()) {
          messages.add("status error on " + arg + ": Resource temporarily unavailable");
        }
        files.putIfAbsent("missing:" + arg, items++);
        continue;
      }
      String path = MountTable.resolve(arg);
      while (path.length() > 1 && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      List<MountTable.Mount> systems = new ArrayList<>();
      if (args.fileSystems() != 1) {
        for (MountTable.Mount m : mounts.mounts()) {
          boolean byName = (args.fileSystems() == 2 || m.blockDevice()) && m.fsPath().equals(path);
          if (m.dir().equals(path) || byName) {
            systems.add(m);
          }
        }
      }
      if (args.fileSystems() == 2 && systems.isEmpty()) {
        if (!args.quiet()) {
          messages.add("not a file system: " + arg);
        }
        files.putIfAbsent("missing:" + arg, items++);
        continue;
      }
      if (!systems.isEmpty()) {
        for (MountTable.Mount m : systems) {
          // An exempt file system was not stat'ed: its device is unknown and matches nothing.
          systemNames.put(items, arg);
          files.put(m.device() < 0 ? "exempt:" + m.dir() : "fs:" + m.device(), items++);
        }
        valid++;
        continue;
      }
      long[] id = stat.apply(path);
      if (id == null) {
        // -Q: lsof keeps quiet about it; the item simply matches nothing.
        if (!args.quiet()) {
          messages.add(LsofTool.noSuchFile(path).getMessage());
        }
        files.putIfAbsent("missing:" + arg, items++);
        continue;
      }
      files.put(id[0] + ":" + id[1], items);
      names.put(items++, path);
      valid++;
    }
    if (messages.size() > notices && valid == 0) {
      // No name could be searched for: lsof reports each and stops.
      throw LsofError.plain(String.join("\nlsof: ", messages));
    }
    Set<Long> nfsDevices = new HashSet<>();
    for (MountTable.Mount m : mounts.mounts()) {
      if (m.nfs()) {
        nfsDevices.add(m.device());
      }
    }
    FileSelection s = new FileSelection(args, files, items, nfsDevices, stat);
    s.messages.addAll(messages);
    s.names.putAll(names);
    s.systemNames.putAll(systemNames);
    return s;
  }

  /** The path of the plain-file search item this file is, or null. */
  String searchName(OpenFile f) {
    if (files.isEmpty() || f.error() != null || f.kind() == OpenFile.FileKind.SOCKET) {
      return null;
    }
    Integer item = files.get(f.device() + ":" + f.inode());
    return item == null ? null : names.get(item);
  }

  /** Messages about names that are not searched for (lsof prints them and lists the others). */
  List<String> messages() {
    return messages;
  }

  /** Forgets what the last scan found (each -r repeat reports on its own scan). */
  void startScan() {
    java.util.Arrays.fill(found, false);
    java.util.Arrays.fill(commandFound, false);
    java.util.Arrays.fill(pidFound, false);
    java.util.Arrays.fill(pgidFound, false);
    java.util.Arrays.fill(networkFound, false);
    tcpStatesSeen = 0;
    taskSeen = false;
    internetMatched = false;
    nfsMatched = false;
  }

  boolean excludesPid(int pid) {
    for (LsofArgs.IdItem i : args.pids()) {
      if (i.exclude() && i.id() == pid) {
        return true;
      }
    }
    return false;
  }

  /** False when an exclusion (^PGID, ^USER, ^CMD) drops the process. */
  boolean keepsProcess(ProcessEntry p, Map<Integer, String> users) {
    for (LsofArgs.IdItem i : args.pgids()) {
      if (i.exclude() && i.id() == p.pgid()) {
        return false;
      }
    }
    for (LsofArgs.NameItem u : args.users()) {
      if (u.exclude() && userMatches(u, p, users)) {
        return false;
      }
    }
    for (LsofArgs.CommandItem c : args.commands()) {
      if (c.exclude() && c.matches(p.command())) {
        return false;
      }
    }
    return true;
  }

  boolean hasProcessSelections() {
    return args.pids().stream().anyMatch(i -> !i.exclude())
        || args.pgids().stream().anyMatch(i -> !i.exclude())
        || args.users().stream().anyMatch(i -> !i.exclude())
        || args.commands().stream().anyMatch(i -> !i.exclude())
        || args.tasks() == LsofArgs.TASKS_LIST;
  }

  private boolean hasFileSelections() {
    // Any -d counts, even one of exclusions only: lsof then lists every process's other files.
    return !files.isEmpty()
        || !args.fds().isEmpty()
        || args.internet()
        || args.unixSockets()
        || args.nfs()
        || args.links() > 0;
  }

  /**
   * True when only sockets can be listed: -i is the one file selection and either -a is given or
   * there is no process selection.
   */
  boolean socketsOnly() {
    boolean onlyInternet =
        (args.internet() || args.unixSockets())
            && files.isEmpty()
            && args.fds().isEmpty()
            && !args.nfs()
            && args.fileFlags() == 0
            && args.links() <= 0;
    return onlyInternet && (args.and() || !hasProcessSelections());
  }

  /** True when no file selection could list a file of a process no process selection chose. */
  boolean needsProcessMatch() {
    return hasProcessSelections() && (args.and() || !hasFileSelections());
  }

  /**
   * Whether the process selections choose this process (ORed, or each kind ANDed with -a); task is
   * true for a task row (and, under -a -K, for the main row of a process with tasks), which -K
   * selects as a kind of its own.
   */
  boolean selectsProcess(ProcessEntry p, Map<Integer, String> users, boolean task) {
    if (!hasProcessSelections()) {
      return !hasFileSelections() || args.and();
    }
    List<Boolean> kinds = new ArrayList<>(4);
    // lsof marks a -p or -g item found at the process it names, whatever -a makes of the rest.
    if (args.pids().stream().anyMatch(i -> !i.exclude())) {
      kinds.add(markIds(args.pids(), p.pid(), pidFound));
    }
    if (args.pgids().stream().anyMatch(i -> !i.exclude())) {
      kinds.add(markIds(args.pgids(), p.pgid(), pgidFound));
    }
    if (args.users().stream().anyMatch(i -> !i.exclude())) {
      kinds.add(args.users().stream().anyMatch(u -> !u.exclude() && userMatches(u, p, users)));
    }
    if (args.tasks() == LsofArgs.TASKS_LIST) {
      kinds.add(task);
    }
    if (args.commands().stream().anyMatch(i -> !i.exclude())) {
      // lsof's is_proc_excl runs first: under -a, a process that no -p, -g, -u or -K selection
      // took is dropped there, and is_cmd_excl never marks a -c item found at it.
      boolean idsMissed = args.and() && !kinds.isEmpty() && !kinds.contains(true);
      kinds.add(!idsMissed && markCommand(p.command()));
    }
    return args.and() ? !kinds.contains(false) : kinds.contains(true);
  }

  // As lsof's is_cmd_excl: the -c names, the last given first (each is linked in front of the
  // ones before it), then the expressions in order; only the first that matches is found.
  private boolean markCommand(String command) {
    List<LsofArgs.CommandItem> commands = args.commands();
    for (int k = commands.size() - 1; k >= 0; k--) {
      LsofArgs.CommandItem c = commands.get(k);
      if (!c.exclude() && c.regex() == null && c.matches(command)) {
        commandFound[k] = true;
        return true;
      }
    }
    for (int k = 0; k < commands.size(); k++) {
      LsofArgs.CommandItem c = commands.get(k);
      if (!c.exclude() && c.regex() != null && c.matches(command)) {
        commandFound[k] = true;
        return true;
      }
    }
    return false;
  }

  /** A task of a process the scan examines: -K found what it lists. */
  void taskSeen() {
    taskSeen = true;
  }

  // Marks the inclusive items naming id found; true when there was one.
  private static boolean markIds(List<LsofArgs.IdItem> items, int id, boolean[] found) {
    boolean any = false;
    for (int k = 0; k < items.size(); k++) {
      if (!items.get(k).exclude() && items.get(k).id() == id) {
        found[k] = true;
        any = true;
      }
    }
    return any;
  }

  /** Whether this file of a process is listed. */
  boolean keepsFile(
      OpenFile f, SocketRecord socket, boolean unix, long nlink, boolean processSelected) {
    return keepsFile(f, socket, unix, null, nlink, processSelected);
  }

  /**
   * Whether this file of a process is listed; unixPath is the path a UNIX socket is bound to (or
   * null), which lsof stats to find the socket as a search item.
   */
  boolean keepsFile(
      OpenFile f,
      SocketRecord socket,
      boolean unix,
      String unixPath,
      long nlink,
      boolean processSelected) {
    boolean fdExcluded = false;
    for (LsofArgs.FdItem d : args.fds()) {
      if (d.exclude() && d.matches(f.descriptor(), f.fd())) {
        fdExcluded = true;
        break;
      }
    }
    if (fdExcluded && socket == null) {
      return false;
    }
    if (socket != null && hasStates(socket) && (args.tcpStates() | args.tcpExcluded()) != 0) {
      // lsof checks -s states on every socket of its TCP and UDP tables (dsock.c), with -i or
      // without: an excluded state, or one not included, drops the file. A UDP socket's state is
      // the kernel's TCP_CLOSE, or TCP_ESTABLISHED once connected. An included state is located
      // at any socket of a process it examines, listed or not.
      int bit = stateBit(socket);
      if ((args.tcpExcluded() & bit) != 0) {
        return false;
      }
      if (args.tcpStates() != 0) {
        if ((args.tcpStates() & bit) == 0) {
          return false;
        }
        tcpStatesSeen |= bit;
      }
    }
    if (fdExcluded) {
      // lsof reads a socket -d excludes all the same: its -s state, -i address and family are
      // found there (exit 0), though the file is not listed.
      if (args.internet() && socket.transport() != Transport.RAW) {
        networkMatches(socket);
      }
      return false;
    }
    if (!hasFileSelections()) {
      return processSelected;
    }
    List<Boolean> kinds = new ArrayList<>(2);
    if (!args.fds().isEmpty()) {
      boolean includes = args.fds().stream().anyMatch(d -> !d.exclude());
      kinds.add(
          !includes
              || args.fds().stream()
                  .anyMatch(d -> !d.exclude() && d.matches(f.descriptor(), f.fd())));
    }
    if (!files.isEmpty()) {
      // lsof's Ckscko (dproc.c): with -i or -U ANDed by -a it examines socket files only, so a
      // FILE item is never found at a file that is not one.
      boolean examined =
          f.kind() == OpenFile.FileKind.SOCKET
              || !args.and()
              || !(args.internet() || args.unixSockets());
      Integer item = f.error() == null && examined ? files.get(f.device() + ":" + f.inode()) : null;
      if (item == null && unixPath != null) {
        // lsof's process_uxsock: a UNIX socket is a search item's file when the path it is bound
        // to is (each path stat'ed once a run).
        long[] id = unixPaths.computeIfAbsent(unixPath, u -> orNone(stat.apply(u)));
        item = id.length == 2 ? files.get(id[0] + ":" + id[1]) : null;
      }
      if (item == null && examined && f.error() == null && f.kind() != OpenFile.FileKind.SOCKET) {
        // A file system search item: every file on that device.
        item = files.get("fs:" + f.device());
      }
      if (item != null) {
        found[item] = true;
      }
      kinds.add(item != null);
    }
    if (args.internet()) {
      // lsof 4.95 reads raw sockets from /proc/net/raw as files of their own, not Internet files.
      boolean matched =
          socket != null && socket.transport() != Transport.RAW && networkMatches(socket);
      kinds.add(matched);
    }
    if (args.unixSockets()) {
      // -U is a selection of its own: ORed with -i, or ANDed with it under -a (nothing is both).
      kinds.add(unix);
    }
    if (args.links() > 0) {
      kinds.add(nlink >= 0 && nlink < args.links());
    }
    if (args.nfs()) {
      boolean onNfs =
          f.error() == null
              && f.kind() != OpenFile.FileKind.SOCKET
              && nfsDevices.contains(f.device());
      nfsMatched |= onNfs;
      kinds.add(onNfs);
    }
    boolean fileSelected = args.and() ? !kinds.contains(false) : kinds.contains(true);
    if (args.and()) {
      return fileSelected && processSelected;
    }
    return fileSelected || (processSelected && hasProcessSelections());
  }

  // lsof's Fnet: a socket listed under a bare -i4 (-i6) counts as found only when it comes from
  // the IPv4 (IPv6) table; an IPv6 socket on an IPv4-mapped address is listed by -i4, but not
  // found.
  private boolean countsForBareInternet(SocketRecord r) {
    boolean v4 = args.network().isEmpty();
    boolean v6 = v4;
    for (NetworkItem item : args.network()) {
      if (item.familyOnly()) {
        v4 |= item.family() != 6;
        v6 |= item.family() != 4;
      }
    }
    return r.family() == dev.netdiag.sockets.IpFamily.INET ? v4 : v6;
  }

  private static int stateBit(SocketRecord r) {
    return 1 << (r.state() == SocketState.NEW_SYN_RECV ? SocketState.SYN_RECV : r.state()).code();
  }

  private boolean networkMatches(SocketRecord r) {
    // As lsof's is_nw_addr: each end (the foreign one first, unless the socket has none) marks
    // the first address item it matches found.
    boolean byAddress = false;
    if (r.remotePort() != 0 || !allZero(r.remoteAddress())) {
      byAddress = markFirst(r, false);
    }
    byAddress = markFirst(r, true) || byAddress;
    // An address item (lsof's SELNA) and a bare -i, -i4 or -i6 (SELNET) are selections of their
    // own: under -a a socket must satisfy each that was given, else either.
    boolean byFamily = false;
    if (families) {
      for (NetworkItem item : args.network()) {
        byFamily |= item.familyOnly() && item.matchesEnd(r, true);
      }
    }
    // lsof's Fnet = 2 (link_lfile): a socket the family selection took, even one -a then drops.
    internetMatched |= byFamily && countsForBareInternet(r);
    if (args.and()) {
      return (!addresses || byAddress) && (!families || byFamily);
    }
    return byAddress || byFamily;
  }

  private static long[] orNone(long[] id) {
    return id == null ? new long[0] : id;
  }

  private static boolean hasStates(SocketRecord r) {
    return r.transport() == Transport.TCP
        || r.transport() == Transport.UDP
        || r.transport() == Transport.UDPLITE;
  }

  // lsof links each address item in front of the ones before it (enter_nwad), so the last one
  // given is tried first: "-i4@A -iTCP" leaves the first item unfound when A's socket is TCP.
  private boolean markFirst(SocketRecord r, boolean local) {
    List<NetworkItem> items = args.network();
    for (int k = items.size() - 1; k >= 0; k--) {
      NetworkItem item = items.get(k);
      if (!item.familyOnly() && item.matchesEnd(r, local)) {
        networkFound[k] = true;
        return true;
      }
    }
    return false;
  }

  private static boolean allZero(byte[] address) {
    for (byte b : address) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * lsof's exit status 1 (main.c's checks at the end of a run): a FILE, +d or +D search item that
   * no open file matched (matched, even when -a then dropped the row); a -c, -g or -p item that
   * named no process it examined; an -i item with a protocol, address or port that no socket end
   * matched first, or a bare -i (-i4, -i6) that matched no socket; a TCP state included with -s
   * that no examined TCP socket was in; -N with no NFS file; -K with no task in the processes
   * examined. Nothing listed is no failure by itself (lsof -U, -d 99, -u NAME print nothing and
   * exit 0).
   */
  boolean failed() {
    if (!messages.isEmpty()) {
      return true;
    }
    for (boolean f : found) {
      if (!f) {
        return true;
      }
    }
    return !notFound().isEmpty();
  }

  /**
   * What lsof -V reports at the end of a run, one line each, in lsof's order: its lists of
   * commands, files and addresses are built by prepending, so the item given last comes first. lsof
   * marks only the -c items that include a process found, so "-c ^NAME" is always reported (and
   * makes the exit status 1), as lsof 4.95 does.
   */
  List<String> notFound() {
    List<String> out = new ArrayList<>();
    List<LsofArgs.CommandItem> commands = args.commands();
    for (int k = commands.size() - 1; k >= 0; k--) {
      if (commands.get(k).regex() == null && !commandFound[k]) {
        out.add("command not located: " + commands.get(k).prefix());
      }
    }
    for (int k = 0; k < commands.size(); k++) {
      if (commands.get(k).regex() != null && !commandFound[k]) {
        out.add("no command found for regex: " + commands.get(k).regex().pattern());
      }
    }
    for (int k = found.length - 1; k >= 0; k--) {
      if (!found[k] && names.containsKey(k)) {
        out.add("no file use located: " + names.get(k));
      } else if (!found[k] && systemNames.containsKey(k)) {
        out.add("no file system use located: " + systemNames.get(k));
      }
    }
    // An -i argument given twice is one search item: reported once, found if either was.
    List<NetworkItem> network = args.network();
    boolean bareInternet = args.internet() && network.isEmpty();
    for (int k = network.size() - 1; k >= 0; k--) {
      NetworkItem item = network.get(k);
      if (item.familyOnly()) {
        bareInternet = true;
      } else if (!networkFound(item.text()) && firstWithText(k)) {
        out.add("Internet address not located: " + item.text());
      }
    }
    // (lsof counts a bare -i found when a socket matched it, even if -a then dropped the file.)
    if (bareInternet && !internetMatched) {
      out.add("no Internet files located");
    }
    int missingStates = args.tcpStates() & ~tcpStatesSeen;
    for (SocketState state : SocketState.values()) {
      if (state != SocketState.NEW_SYN_RECV && (missingStates & (1 << state.code())) != 0) {
        out.add("TCP state not located: " + TcpStateNames.name(state));
      }
    }
    if (args.nfs() && !nfsMatched) {
      out.add("no NFS files located");
    }
    for (int k = 0; k < pidFound.length; k++) {
      if (!args.pids().get(k).exclude() && !pidFound[k]) {
        out.add("process ID not located: " + args.pids().get(k).id());
      }
    }
    if (args.tasks() == LsofArgs.TASKS_LIST && !taskSeen) {
      out.add("no tasks located");
    }
    for (int k = 0; k < pgidFound.length; k++) {
      if (!args.pgids().get(k).exclude() && !pgidFound[k]) {
        out.add("process group ID not located: " + args.pgids().get(k).id());
      }
    }
    return out;
  }

  private boolean networkFound(String text) {
    for (int k = 0; k < networkFound.length; k++) {
      if (networkFound[k] && args.network().get(k).text().equals(text)) {
        return true;
      }
    }
    return false;
  }

  // Whether no item after k (reported before it) has the same text.
  private boolean firstWithText(int k) {
    for (int j = k + 1; j < args.network().size(); j++) {
      if (args.network().get(j).text().equals(args.network().get(k).text())) {
        return false;
      }
    }
    return true;
  }

  private static boolean userMatches(
      LsofArgs.NameItem u, ProcessEntry p, Map<Integer, String> users) {
    String name = u.name();
    if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(name) == p.uid();
    }
    return name.equals(users.get(p.uid()));
  }
}
