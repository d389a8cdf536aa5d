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

  private final LsofArgs args;
  // Search items by "dev:inode", each to the index of its first item: lsof marks the first search
  // item a file matches as found, so a name given twice leaves the second one unfound (exit 1).
  private final Map<String, Integer> files;
  private final boolean[] found;

  private FileSelection(LsofArgs args, Map<String, Integer> files, int items) {
    this.args = args;
    this.files = files;
    this.found = new boolean[items];
  }

  /**
   * The search items: each FILE argument, and for +d/+D the directory and the entries in it (for
   * +D, the whole tree; symbolic links are items themselves, never followed).
   */
  static FileSelection of(LsofArgs args, Function<String, long[]> stat) throws LsofError {
    Map<String, Integer> files = new HashMap<>();
    int items = 0;
    for (String path : args.files()) {
      long[] id = stat.apply(path);
      if (id == null && args.quiet()) {
        // -Q: lsof keeps quiet about it; the item simply matches nothing.
        files.putIfAbsent("missing:" + path, items++);
        continue;
      }
      if (id == null) {
        throw LsofTool.noSuchFile(path);
      }
      files.putIfAbsent(id[0] + ":" + id[1], items++);
    }
    for (LsofArgs.DirectoryItem d : args.directories()) {
      Path dir = Path.of(d.path());
      if (stat.apply(d.path()) == null) {
        throw LsofError.withUsage(
            "WARNING: can't stat(" + d.path() + "): No such file or directory");
      }
      if (!Files.isDirectory(dir)) {
        throw LsofError.withUsage("WARNING: not a directory: " + d.path());
      }
      for (String id : DirectoryTree.identities(dir, d.recursive())) {
        files.putIfAbsent(id, items++);
      }
    }
    return new FileSelection(args, files, items);
  }

  /** Forgets what the last scan found (each -r repeat reports on its own scan). */
  void startScan() {
    java.util.Arrays.fill(found, false);
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

  private boolean hasProcessSelections() {
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
    if (args.pids().stream().anyMatch(i -> !i.exclude())) {
      kinds.add(args.pids().stream().anyMatch(i -> !i.exclude() && i.id() == p.pid()));
    }
    if (args.pgids().stream().anyMatch(i -> !i.exclude())) {
      kinds.add(args.pgids().stream().anyMatch(i -> !i.exclude() && i.id() == p.pgid()));
    }
    if (args.users().stream().anyMatch(i -> !i.exclude())) {
      kinds.add(args.users().stream().anyMatch(u -> !u.exclude() && userMatches(u, p, users)));
    }
    if (args.commands().stream().anyMatch(i -> !i.exclude())) {
      kinds.add(args.commands().stream().anyMatch(c -> !c.exclude() && c.matches(p.command())));
    }
    if (args.tasks() == LsofArgs.TASKS_LIST) {
      kinds.add(task);
    }
    return args.and() ? !kinds.contains(false) : kinds.contains(true);
  }

  /** Whether this file of a process is listed. */
  boolean keepsFile(
      OpenFile f, SocketRecord socket, boolean unix, long nlink, boolean processSelected) {
    for (LsofArgs.FdItem d : args.fds()) {
      if (d.exclude() && d.matches(f.descriptor(), f.fd())) {
        return false;
      }
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
      Integer item = f.error() == null ? files.get(f.device() + ":" + f.inode()) : null;
      if (item != null) {
        found[item] = true;
      }
      kinds.add(item != null);
    }
    if (args.internet()) {
      boolean matched = socket != null && networkMatches(socket);
      internetMatched |= matched;
      kinds.add(matched);
    }
    if (args.unixSockets()) {
      // -U is a selection of its own: ORed with -i, or ANDed with it under -a (nothing is both).
      kinds.add(unix);
    }
    if (args.links() > 0) {
      kinds.add(nlink >= 0 && nlink < args.links());
    }
    boolean fileSelected = args.and() ? !kinds.contains(false) : kinds.contains(true);
    if (args.and()) {
      return fileSelected && processSelected;
    }
    return fileSelected || (processSelected && hasProcessSelections());
  }

  private boolean networkMatches(SocketRecord r) {
    if (r.transport() == Transport.TCP) {
      int bit = 1 << r.state().code();
      if (r.state() == SocketState.NEW_SYN_RECV) {
        bit = 1 << SocketState.SYN_RECV.code();
      }
      if ((args.tcpExcluded() & bit) != 0) {
        return false;
      }
      if (args.tcpStates() != 0 && (args.tcpStates() & bit) == 0) {
        return false;
      }
    }
    if (args.network().isEmpty()) {
      return true;
    }
    for (NetworkItem item : args.network()) {
      if (item.matches(r)) {
        return true;
      }
    }
    return false;
  }

  /**
   * lsof's exit status 1: a FILE, +d or +D search item that no open file matched (matched, even
   * when -a then dropped the row), a -p PID that was asked for matched no process (a process whose
   * files were all filtered out still counts as found), or, without -p, nothing was listed.
   */
  boolean failed(List<LsofRow> rows, Set<Integer> foundPids) {
    for (boolean f : found) {
      if (!f) {
        return true;
      }
    }
    // An -i address that matched no socket is a search item not found.
    // (lsof counts it found when a socket matched it, even if -a then dropped the file.)
    if (args.internet() && !internetMatched) {
      return true;
    }
    boolean askedPids = false;
    for (LsofArgs.IdItem i : args.pids()) {
      if (!i.exclude()) {
        askedPids = true;
        if (!foundPids.contains(i.id())) {
          return true;
        }
      }
    }
    return !askedPids && rows.isEmpty();
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
