package dev.netdiag.cli.lsof;

import dev.netdiag.sockets.SocketState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * lsof 4.95's command line: its option letters (some take a value in the same word or the next, `+`
 * forms), parsed into selections, filters and output choices.
 *
 * @param and -a: selections are ANDed instead of ORed
 * @param commandWidth +c W (0 = the whole comm); 9 by default
 * @param fields -F letters, or null without -F
 * @param repeat seconds between repeats with -r/+r, 0 without
 * @param directories +d DIR (the directory and its entries) and +D DIR (the whole tree)
 * @param offsets -o (or an o field): the OFFSET column instead of SIZE/OFF
 * @param warn whether lsof's warnings print: not after -w or -t (lsof's Fwarn), again after +w
 * @param avoidBlocking -b: lsof avoids stat, lstat and readlink on file systems (and says so)
 * @param sizes -s without PROTOCOL:STATE: the SIZE column instead of SIZE/OFF
 * @param tcpInfo the -T letters (s, q, f); "s" by default, "" for a bare -T
 * @param links -1 without +L (no NLINK column); 0 for +L (the column); N for +L N, which also
 *     selects files with fewer than N links (+L1: deleted files still open)
 * @param unixSockets -U: select UNIX domain socket files
 * @param tasks -K: {@link #TASKS_LIST} (list tasks, a selection of its own), {@link #TASKS_IGNORE}
 *     (-K i) or {@link #TASKS_DEFAULT} (tasks only when nothing is selected)
 * @param endpoints -E (1: endpoint information on pipes and UNIX sockets) or +E (2: also list the
 *     endpoint files); 0 without
 * @param fileSystems -f (1: names are plain files only) or +f (2: names are file systems only); 0
 *     without (a name that is a mount point is its file system)
 * @param fileFlags +fg (1: FILE-FLAG column with flag names) or +fG / a G field (2: in hex); 0
 *     without
 * @param crossOver -x: {@link #CROSS_FILESYSTEMS} and/or {@link #CROSS_SYMLINKS} while +d/+D
 *     descend
 * @param exempt -e/+e: file systems whose files are neither stat'ed nor read through a link
 * @param nfs -N: select files on NFS file systems
 * @param mountSupplement +m without a path: print the mount supplement and exit
 * @param portMapper +M: RPC program names from the portmapper for the ports it registered
 */
record LsofArgs(
    List<IdItem> pids,
    List<IdItem> pgids,
    List<NameItem> users,
    List<CommandItem> commands,
    List<FdItem> fds,
    List<String> files,
    boolean and,
    boolean terse,
    boolean numericUsers,
    boolean parentPid,
    int commandWidth,
    String fields,
    boolean nulTerminated,
    int repeat,
    boolean repeatUntilEmpty,
    boolean json,
    boolean help,
    boolean version,
    List<NetworkItem> network,
    boolean internet,
    boolean unixSockets,
    int tcpStates,
    int tcpExcluded,
    boolean numericHosts,
    boolean numericPorts,
    List<DirectoryItem> directories,
    int links,
    String tcpInfo,
    boolean offsets,
    boolean sizes,
    int tasks,
    int endpoints,
    boolean skipTcpUdp,
    boolean quiet,
    List<String> warnings,
    int fileSystems,
    int fileFlags,
    int crossOver,
    List<Exempt> exempt,
    boolean nfs,
    boolean mountSupplement,
    boolean portMapper,
    boolean verbose,
    boolean pgidColumn,
    boolean fieldHelp,
    String tcpFields,
    boolean warn,
    boolean avoidBlocking) {

  /** -K not given: lsof lists tasks when nothing is selected. */
  static final int TASKS_DEFAULT = 0;

  /** -K: tasks are listed, and selected as a kind of their own. */
  static final int TASKS_LIST = 1;

  /** -K i: tasks are never listed. */
  static final int TASKS_IGNORE = -1;

  /** Whether task (thread) rows are listed: -K, or no selection at all without -K i. */
  boolean listsTasks() {
    return tasks == TASKS_LIST || (tasks == TASKS_DEFAULT && !selects());
  }

  // Present when SELinux is enabled (selinuxfs mounted), which is what lsof asks libselinux.
  private static final String SELINUX_ENFORCE = "/sys/fs/selinux/enforce";

  /** -x f: +d/+D cross into other file systems. */
  static final int CROSS_FILESYSTEMS = 1;

  /** -x l: +d/+D follow symbolic links. */
  static final int CROSS_SYMLINKS = 2;

  /** A file system exempted with -e PATH (plus false) or +e PATH (plus: PATH not resolved). */
  record Exempt(String path, boolean plus) {}

  /** A PID or PGID, or its exclusion (^N). */
  record IdItem(int id, boolean exclude) {}

  /** A login name or UID, or its exclusion. */
  record NameItem(String name, boolean exclude) {}

  /** A command prefix or /regex/, or its exclusion. */
  record CommandItem(String prefix, Pattern regex, boolean exclude) {
    /** command: the comm as bytes, one char each; lsof compares bytes, and a regex the text. */
    boolean matches(String command) {
      return regex != null
          ? regex.matcher(SafeText.text(command)).find()
          : command.startsWith(SafeText.bytes(prefix));
    }
  }

  /** A descriptor name (cwd, txt, mem…), number or range lo-hi, or its exclusion. */
  record FdItem(String name, int low, int high, boolean exclude) {
    boolean matches(String descriptor, int fd) {
      if (name != null) {
        return name.equals(descriptor);
      }
      return fd >= low && fd <= high;
    }
  }

  /**
   * +d DIR (top level only) or +D DIR (recursive): search items for the files in it; crossOver is
   * the -x given before it (lsof reads the directory when it meets the option).
   */
  record DirectoryItem(String path, boolean recursive, int crossOver) {}

  // lsof's MAXSYSCMDL on Linux: the longest comm the kernel keeps (TASK_COMM_LEN - 1).
  private static final int MAX_COMMAND = 15;

  /** lsof's exit status for a bad command line (after its usage summary). */
  static final int USAGE_EXIT = 1;

  /**
   * True when any process or file selection was given (else everything is listed, tasks too). A -p,
   * -g, -u or -c of exclusions (^) only selects nothing, as in lsof; any -d does.
   */
  boolean selects() {
    return pids.stream().anyMatch(i -> !i.exclude())
        || pgids.stream().anyMatch(i -> !i.exclude())
        || users.stream().anyMatch(i -> !i.exclude())
        || commands.stream().anyMatch(i -> !i.exclude())
        || !files.isEmpty()
        || !directories.isEmpty()
        || links > 0
        || !fds.isEmpty()
        || internet
        || unixSockets
        || nfs
        || tasks == TASKS_LIST;
  }

  static LsofArgs parse(List<String> args) throws LsofError {
    return parse(args, login -> -1);
  }

  /**
   * The command line, with loginUid giving a -u login name's UID, or null when it has no account
   * (lsof looks each up as it reads the option and refuses the line for one that has none).
   */
  static LsofArgs parse(List<String> args, java.util.function.Function<String, Integer> loginUid)
      throws LsofError {
    List<Integer> userIds = new ArrayList<>();
    List<IdItem> pids = new ArrayList<>();
    List<IdItem> pgids = new ArrayList<>();
    List<NameItem> users = new ArrayList<>();
    List<CommandItem> commands = new ArrayList<>();
    List<FdItem> fds = new ArrayList<>();
    List<String> files = new ArrayList<>();
    List<DirectoryItem> directories = new ArrayList<>();
    int links = -1;
    String tcpInfo = "s";
    // The TCP/TPI values the T field shows: s (state), q (queue lengths).
    String tcpFields = "sq";
    boolean offsets = false;
    boolean sizes = false;
    boolean and = false;
    boolean terse = false;
    boolean warn = true;
    boolean avoidBlocking = false;
    boolean numericUsers = false;
    boolean parentPid = false;
    int commandWidth = 9;
    String fields = null;
    boolean nul = false;
    int repeat = 0;
    boolean untilEmpty = false;
    boolean json = false;
    boolean help = false;
    boolean version = false;
    List<NetworkItem> network = new ArrayList<>();
    boolean verbose = false;
    // -g, with or without PGIDs: the PGID column.
    boolean pgidColumn = false;
    // -F ?: lsof's field help (after its usage summary, when the line has errors).
    boolean fieldHelp = false;
    boolean internet = false;
    // lsof's Fnet and FnetTy: a bare -i, -i4 or -i6 was given, and the family it leaves.
    boolean fnet = false;
    int fnetFamily = 0;
    boolean unixSockets = false;
    int tcpStates = 0;
    int tcpExcluded = 0;
    boolean numericHosts = false;
    boolean numericPorts = false;
    int tasks = TASKS_DEFAULT;
    int endpoints = 0;
    boolean skipTcpUdp = false;
    boolean quiet = false;
    List<String> warnings = new ArrayList<>();
    int fileSystems = 0;
    int fileFlags = 0;
    int crossOver = 0;
    List<Exempt> exempt = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    boolean nfs = false;
    boolean mountSupplement = false;
    boolean portMapper = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--json")) {
        json = true;
        continue;
      }
      if (arg.equals("--")) {
        files.addAll(args.subList(i + 1, args.size()));
        break;
      }
      if (arg.length() < 2 || (arg.charAt(0) != '-' && arg.charAt(0) != '+')) {
        // lsof's getopt stops at the first word that is no option: it and every word after it
        // are names, "-a" too.
        // (netdiag's own --json may still follow.)
        for (String name : args.subList(i, args.size())) {
          if (name.equals("--json")) {
            json = true;
          } else {
            files.add(name);
          }
        }
        break;
      }
      boolean plus = arg.charAt(0) == '+';
      for (int k = 1; k < arg.length(); k++) {
        char c = arg.charAt(k);
        String rest = arg.substring(k + 1);
        if (plus && (c == 'D' || c == 'd')) {
          if (rest.isEmpty() && i + 1 >= args.size()) {
            // lsof 4.95 names +d in this message for +D too.
            throw LsofError.withUsage("+d not followed by a directory path");
          }
          String path = !rest.isEmpty() ? rest : args.get(++i);
          directories.add(new DirectoryItem(path, c == 'D', crossOver));
          break;
        }
        if (c == 'L') {
          String digits = rest;
          if (digits.isEmpty() && plus && i + 1 < args.size() && isNumber(args.get(i + 1))) {
            digits = args.get(++i);
          }
          if (!plus) {
            if (!digits.isEmpty() && Character.isDigit(digits.charAt(0))) {
              throw LsofError.withUsage("no number may follow -L");
            }
            links = -1;
            continue;
          }
          if (digits.isEmpty() || !Character.isDigit(digits.charAt(0))) {
            links = 0;
            continue;
          }
          int end = 0;
          while (end < digits.length() && Character.isDigit(digits.charAt(end))) {
            end++;
          }
          links = Integer.parseInt(digits.substring(0, end));
          if (end == digits.length()) {
            break;
          }
          // Letters after the number are further options of the same word.
          k += end;
          continue;
        }
        if (c == 'K') {
          // -K (lsof 4.95 reads +K the same) takes "i" from the rest of the word or from a next
          // word
          // that is not an option.
          String value = rest;
          if (value.isEmpty() && i + 1 < args.size() && optional('F', args.get(i + 1))) {
            value = args.get(++i);
          }
          if (value.isEmpty()) {
            tasks = TASKS_LIST;
          } else if (value.equals("i")) {
            tasks = TASKS_IGNORE;
          } else {
            throw LsofError.withUsage("-K not followed by i (but by " + value + ")");
          }
          break;
        }
        if (c == 'E') {
          endpoints = plus ? 2 : 1;
          continue;
        }
        if (c == 'T' && !plus) {
          String value = rest;
          if (value.isEmpty() && i + 1 < args.size() && optional('F', args.get(i + 1))) {
            value = args.get(++i);
          }
          for (char t : value.toCharArray()) {
            if ("fqs".indexOf(t) < 0) {
              errors.add("unsupported TCP/TPI info selection: " + t);
            }
          }
          tcpInfo = value;
          // -T sets what the T field shows, whatever an -F before it asked for.
          tcpFields = value;
          break;
        }
        if (c == 'f' || c == 'x' || (c == 'm' && plus)) {
          // Optional values (lsof's getopt): the rest of the word, or the next word unless that
          // is an option.
          String value = rest;
          if (value.isEmpty() && i + 1 < args.size() && optional('F', args.get(i + 1))) {
            value = args.get(++i);
          }
          if (c == 'f' && value.isEmpty()) {
            fileSystems = plus ? 2 : 1;
          } else if (c == 'f') {
            for (char g : value.toCharArray()) {
              if (g == 'g' || g == 'G') {
                // lsof sets or clears the column, and takes hex from the letter's case either way.
                fileFlags = plus ? (g == 'G' ? 2 : 1) : 0;
              } else {
                // lsof 4.95 on Linux has no file struct count, address or node address.
                errors.add("unknown file struct option: " + g);
              }
            }
          } else if (c == 'x' && value.isEmpty()) {
            crossOver = CROSS_FILESYSTEMS | CROSS_SYMLINKS;
          } else if (c == 'x') {
            for (char x : value.toCharArray()) {
              switch (x) {
                case 'f' -> crossOver |= CROSS_FILESYSTEMS;
                case 'l' -> crossOver |= CROSS_SYMLINKS;
                default -> errors.add("unknown cross-over option: " + x);
              }
            }
          } else {
            // +m PATH reads a mount supplement file only for mounts stat(2) fails on: none are
            // skipped here, so the path changes nothing.
            mountSupplement = value.isEmpty();
          }
          break;
        }
        if (c == 'e') {
          // A required value: the rest of the word or the next word, whatever it is.
          String value = !rest.isEmpty() ? rest : i + 1 < args.size() ? args.get(++i) : null;
          if (value == null || !value.startsWith("/")) {
            errors.add(
                "-e not followed by a file system path: \""
                    + (value == null ? "(null)" : value)
                    + "\"");
          } else {
            exempt.add(new Exempt(value, plus));
          }
          break;
        }
        if (c == 'D' || c == 'Z') {
          if (rest.isEmpty() && i + 1 < args.size()) {
            i++; // lsof's getopt takes the next word as the value
          }
          if (c == 'Z' && Files.exists(Path.of(SELINUX_ENFORCE))) {
            throw LsofError.notBuilt("-Z (SELinux security contexts) is not built yet");
          }
          // lsof 4.95 on Linux has no device cache (HASDCACHE); without SELinux it refuses -Z.
          errors.add(c == 'D' ? "unsupported option: -D" : "-Z limited to SELinux");
          break;
        }
        if (c == 'm') {
          if (rest.isEmpty() && i + 1 < args.size()) {
            i++;
          }
          errors.add("-m not supported");
          break;
        }
        switch (c) {
          case 'a' -> and = true;
          case 't' -> {
            terse = true;
            warn = false;
          }
          case 'l' -> numericUsers = true;
          case 'R' -> parentPid = true;
          case 'n' -> numericHosts = true;
          case 'P' -> numericPorts = true;
          case 'V' -> verbose = true;
          case 'w' -> warn = plus;
          case 'b' -> avoidBlocking = true;
          case 'H' -> {
            // -H changes nothing here.
          }
          case 'X' -> skipTcpUdp = true;
          case 'Q' -> quiet = true;
          case 'i' -> {
            internet = true;
            // lsof's getopt: the rest of the word, or the next word unless it is an option.
            String value = rest;
            if (value.isEmpty()
                && i + 1 < args.size()
                && optional('F', args.get(i + 1))
                && !args.get(i + 1).equals("--")) {
              value = args.get(++i);
            }
            if (value.isEmpty() || value.startsWith("-") || value.startsWith("+")) {
              // A bare -i: every Internet file, whatever -i4 or -i6 said before.
              fnet = true;
              fnetFamily = 0;
              continue;
            }
            if (value.equals("4") || value.equals("6")) {
              int family = value.charAt(0) - '0';
              // lsof's Fnet and FnetTy: -i4 after -i6 (or -i6 after -i4) is either family, -i4
              // after a bare -i is IPv4.
              fnetFamily = !fnet || fnetFamily == 0 ? family : fnetFamily != family ? 0 : family;
              fnet = true;
            } else {
              NetworkItem.parse(value, fnet ? fnetFamily : 0, network, errors);
            }
            k = arg.length();
          }
          case 's' -> {
            // lsof's getopt: the rest of the word, or the next word unless it is an option; with
            // none, -s asks for sizes.
            String value = rest;
            if (value.isEmpty()
                && i + 1 < args.size()
                && optional('F', args.get(i + 1))
                && !args.get(i + 1).equals("--")) {
              value = args.get(++i);
            }
            if (value.isEmpty() || value.startsWith("-") || value.startsWith("+")) {
              sizes = true;
              continue;
            }
            int[] states = {tcpStates, tcpExcluded};
            stateSpec(value, states, errors);
            tcpStates = states[0];
            tcpExcluded = states[1];
            k = arg.length();
          }
          case 'h', '?' -> help = true;
          case 'v' -> version = true;
          case 'p', 'g', 'u', 'c', 'd', 'F', 'r' -> {
            String value;
            boolean fromRest = !rest.isEmpty();
            if (fromRest) {
              value = rest;
            } else if ((c == 'F' || c == 'r' || c == 'g')
                && !(i + 1 < args.size() && optional(c, args.get(i + 1)))) {
              value = "";
            } else if (i + 1 < args.size() && !args.get(i + 1).equals("--")) {
              // lsof's getopt takes the next word as the value, whatever it is.
              value = args.get(++i);
            } else {
              value = null;
            }
            switch (c) {
              case 'p' -> ids(value, pids, "process ID", errors);
              case 'g' -> {
                pgidColumn = true;
                if (!value.isEmpty()) {
                  ids(value, pgids, "process group ID", errors);
                }
              }
              case 'u' -> {
                if (value == null) {
                  errors.add("no UIDs specified");
                } else {
                  for (String u : value.split(",")) {
                    boolean ex = u.startsWith("^");
                    String name = ex ? u.substring(1) : u;
                    if (name.isEmpty()) {
                      continue;
                    }
                    // lsof looks each login name up as it reads the option (getpwnam).
                    Integer uid =
                        isNumber(name)
                            ? Integer.valueOf(leadingNumber(name))
                            : loginUid.apply(name);
                    if (uid == null) {
                      errors.add("can't get UID for " + name);
                      continue;
                    }
                    // A UID given twice is one item; included and excluded, an error.
                    int seen = userIds.indexOf(uid);
                    if (seen >= 0 && users.get(seen).exclude() != ex) {
                      errors.add("UID " + uid + " has been included and excluded.");
                    } else if (seen < 0) {
                      users.add(new NameItem(name, ex));
                      userIds.add(uid);
                    }
                  }
                }
              }
              case 'c' -> {
                if (plus) {
                  if (value == null || value.isEmpty() || !Character.isDigit(value.charAt(0))) {
                    errors.add("+c not followed by width number");
                    if (value != null && fromRest) {
                      // lsof's getopt reads the rest of the word as options again.
                      continue;
                    } else if (value != null) {
                      i--;
                    }
                  } else {
                    // As atoi: the leading digits. lsof raises a width below the title's length
                    // ("COMMAND") to that length.
                    commandWidth = leadingNumber(value);
                    if (commandWidth > MAX_COMMAND) {
                      errors.add(
                          "+c " + commandWidth + " > what system provides (" + MAX_COMMAND + ")");
                    }
                    if (commandWidth > 0 && commandWidth < 7) {
                      commandWidth = 7;
                    }
                  }
                } else if (value != null && value.startsWith("/")) {
                  CommandItem item = command(value, errors);
                  if (item != null) {
                    commands.add(item);
                  }
                } else if (value == null || value.startsWith("-") || value.startsWith("+")) {
                  errors.add("missing -c option value");
                } else {
                  CommandItem item = command(value, errors);
                  if (item.prefix().length() > MAX_COMMAND) {
                    errors.add(
                        "\"-c "
                            + item.prefix()
                            + "\" length ("
                            + item.prefix().length()
                            + ") > what system provides ("
                            + MAX_COMMAND
                            + ")");
                  } else {
                    commands.add(item);
                  }
                }
              }
              case 'd' -> fdSet(value, fds, errors);
              case 'F' -> {
                if (value.equals("?")) {
                  fieldHelp = true;
                  break;
                }
                String letters = value.replace("0", "");
                nul |= value.contains("0");
                // Each -F adds its fields to those before it; a bare -F (or -F0) selects all.
                fields =
                    fields == null
                        ? letters
                        : fields.isEmpty() || letters.isEmpty() ? "" : fields + letters;
                if (letters.isEmpty() || letters.indexOf('T') >= 0) {
                  // The T field adds every TCP/TPI value to what -T chose before it.
                  tcpFields = "sq";
                }
                if (letters.isEmpty() || letters.indexOf('G') >= 0) {
                  // The G field (a bare -F has every field) asks for the flags in hex (a later +fg
                  // turns names back on); it also takes -i off the sockets-only path, whose flags
                  // are not fdinfo's (close-on-exec, non-blocking).
                  fileFlags = 2;
                }
              }
              case 'r' -> {
                String digits = value.replaceAll("[^0-9].*", "");
                repeat = digits.isEmpty() ? 15 : Integer.parseInt(digits);
                untilEmpty = plus;
              }
              default -> throw new IllegalStateException();
            }
            k = arg.length();
          }
          case 'U' -> unixSockets = true;
          case 'o' -> {
            // -o N only sets the digits before 0x (lsof 4.95 then keeps SIZE/OFF); -o alone
            // asks for offsets at all times.
            int end = 0;
            while (end < rest.length() && Character.isDigit(rest.charAt(end))) {
              end++;
            }
            if (end == 0 && i + 1 < args.size() && isNumber(args.get(i + 1))) {
              i++;
            } else if (end == 0) {
              offsets = true;
            }
            k += end;
          }
          case 'O' -> {
            // No overhead: lsof stops forking children for calls that might block; ours run in
            // this process anyway.
          }
          case 'M' -> portMapper = plus; // -M (no portmapper lookups) is lsof's default
          case 'S' -> {
            // The timeout for stat, lstat and readlink (15 s): lsof raises one below 2 to 2. It
            // changes no output here. The value is optional: digits attached or the next word.
            int end = 0;
            while (end < rest.length() && Character.isDigit(rest.charAt(end))) {
              end++;
            }
            String digits = rest.substring(0, end);
            if (end == 0 && i + 1 < args.size() && isNumber(args.get(i + 1))) {
              digits = args.get(++i);
            }
            if (!digits.isEmpty()) {
              long seconds = Long.parseLong(digits.length() > 9 ? "999999999" : digits);
              if (seconds < 2) {
                warnings.add("-S time (" + seconds + ") changed to 2");
              }
            }
            k += end;
          }
          case 'N' -> nfs = true;
          // lsof's getopt reports the character and goes on with the next one.
          default -> errors.add("illegal option character: " + c);
        }
      }
    }
    if (fnet) {
      network.add(fnetFamily == 0 ? NetworkItem.ANY : NetworkItem.family(fnetFamily));
    }
    // lsof's checks after its options, in its order: a command both excluded and included (its
    // list holds the last given first), then a TCP state both included and excluded.
    for (int x = commands.size() - 1; x >= 0; x--) {
      CommandItem ex = commands.get(x);
      for (int k = commands.size() - 1; k >= 0 && ex.exclude() && ex.regex() == null; k--) {
        CommandItem in = commands.get(k);
        if (!in.exclude() && in.regex() == null && in.prefix().equals(ex.prefix())) {
          errors.add("-c^" + ex.prefix() + " and -c" + in.prefix() + " conflict.");
        }
      }
    }
    for (SocketState state : SocketState.values()) {
      if ((tcpStates & tcpExcluded & (1 << state.code())) != 0) {
        errors.add("can't include and exclude TCP state: " + TcpStateNames.name(state));
      }
    }
    if (sizes && (offsets || (fields != null && fields.indexOf('o') >= 0))) {
      errors.add("-o and -s are mutually exclusive");
    }
    if (fields != null && terse) {
      errors.add("-F and -t are mutually exclusive");
    }
    if (crossOver != 0 && directories.isEmpty()) {
      errors.add("-x must accompany +d or +D");
    }
    if (!errors.isEmpty()) {
      // lsof reports every error of the command line, each on a line of its own, then its usage.
      throw LsofError.withUsage(String.join("\nlsof: ", errors), fieldHelp, help);
    }
    // (lsof's usage() has exited on -h before it checks -X against -i.)
    if (skipTcpUdp && internet && !help) {
      throw LsofError.withUsage("-i is useless when -X is specified.");
    }
    return new LsofArgs(
        pids,
        pgids,
        users,
        commands,
        fds,
        files,
        and,
        terse,
        numericUsers,
        parentPid,
        commandWidth,
        fields,
        nul,
        repeat,
        untilEmpty,
        json,
        help,
        version,
        network,
        internet,
        unixSockets,
        tcpStates,
        tcpExcluded,
        numericHosts,
        numericPorts,
        directories,
        links,
        tcpInfo,
        offsets || (fields != null && fields.indexOf('o') >= 0),
        sizes,
        tasks,
        endpoints,
        skipTcpUdp,
        quiet,
        List.copyOf(warnings),
        fileSystems,
        fileFlags,
        crossOver,
        List.copyOf(exempt),
        nfs,
        mountSupplement,
        portMapper,
        verbose,
        pgidColumn,
        fieldHelp,
        tcpFields,
        warn,
        avoidBlocking);
  }

  private static boolean isNumber(String word) {
    return !word.isEmpty() && word.chars().allMatch(Character::isDigit);
  }

  /**
   * Whether an optional value comes from the next word: -r takes a number; -F takes any word that
   * is not an option (lsof then checks its letters, so `-F /path` is an unknown-field error).
   */
  private static boolean optional(char c, String next) {
    if (next.isEmpty()) {
      return false;
    }
    char first = next.charAt(0);
    return c == 'r' ? Character.isDigit(first) : first != '-' && first != '+';
  }

  // As lsof's enter_id: an item that is not a number ends the list with an error.
  private static void ids(String value, List<IdItem> out, String what, List<String> errors) {
    if (value == null) {
      errors.add("no " + what + " specified");
      return;
    }
    for (String item : value.split(",")) {
      boolean ex = item.startsWith("^");
      String digits = ex ? item.substring(1) : item;
      int id;
      try {
        id = Integer.parseInt(digits);
      } catch (NumberFormatException e) {
        errors.add("illegal " + what + ": " + value); // lsof names the whole list
        return;
      }
      // An ID given twice is one item; included and excluded, an error.
      IdItem seen = out.stream().filter(o -> o.id() == id).findFirst().orElse(null);
      if (seen != null && seen.exclude() != ex) {
        errors.add(
            "P"
                + (what.contains("group") ? "G" : "")
                + "ID "
                + id
                + " has been included and excluded.");
      } else if (seen == null) {
        out.add(new IdItem(id, ex));
      }
    }
  }

  /**
   * -s PROTOCOL:STATE[,STATE]… as lsof's enter_state_spec reads it, into out: the TCP states to
   * include and to exclude so far (mask bits); every error is added. lsof 4.95 on Linux has no UDP
   * state names.
   */
  private static void stateSpec(String value, int[] out, List<String> errors) {
    String lower = value.toLowerCase(java.util.Locale.ROOT);
    boolean tcp = lower.startsWith("tcp:");
    if (!tcp && !lower.startsWith("udp:")) {
      errors.add("unknown -s protocol: \"" + value + "\"");
      return;
    }
    String proto = tcp ? "TCP" : "UDP";
    if (value.length() == 4) {
      errors.add("no " + proto + " state names in: " + value);
      return;
    }
    if (!tcp) {
      errors.add("no UDP state names available: " + value);
      return;
    }
    String names = value.substring(4);
    int at = 0;
    while (at < names.length()) {
      boolean ex = names.charAt(at) == '^';
      if (ex) {
        at++;
      }
      int end = names.indexOf(',', at);
      if (end < 0) {
        end = names.length();
      }
      String name = names.substring(at, end);
      at = end < names.length() ? end + 1 : end;
      if (name.isEmpty()) {
        errors.add("NULL TCP state name in: " + value);
        continue;
      }
      int bit = TcpStateNames.bit(name);
      if (bit == 0) {
        errors.add("unknown TCP state name: " + name);
      } else if ((out[ex ? 1 : 0] & bit) != 0) {
        errors.add("duplicate TCP " + (ex ? "ex" : "in") + "clusion: " + name);
      } else {
        out[ex ? 1 : 0] |= bit;
      }
    }
  }

  // C's atoi on a word that starts with a digit.
  private static int leadingNumber(String value) {
    int end = 0;
    while (end < value.length() && Character.isDigit(value.charAt(end))) {
      end++;
    }
    return end > 9 ? Integer.MAX_VALUE : Integer.parseInt(value.substring(0, end));
  }

  // -c NAME (^NAME excludes), or -c /REGEX/[bix] as lsof's enter_cmd_rx reads it: the expression
  // ends at the first '/' after its start and the rest are modifiers. null, and errors added, for
  // an expression lsof refuses.
  private static CommandItem command(String value, List<String> errors) {
    if (!value.startsWith("/")) {
      boolean ex = value.startsWith("^");
      return new CommandItem(ex ? value.substring(1) : value, null, ex);
    }
    int end = value.indexOf('/', 1);
    String shown = value.replace("\\", "\\\\"); // lsof's safestrprt doubles a backslash
    if (end < 0) {
      errors.add("regexp doesn't end with '/': " + shown);
      return null;
    }
    int b = 0;
    int i = 0;
    int x = 0;
    boolean bad = false;
    for (char m : value.substring(end + 1).toCharArray()) {
      switch (m) {
        case 'b', 'x' -> {
          int same = m == 'b' ? ++b : ++x;
          if (same > 1) {
            if (same == 2) {
              errors.add(m + " regexp modifier already used: " + shown);
            }
          } else if ((m == 'b' ? x : b) > 0) {
            if (b + x == 2) {
              errors.add("b and x regexp modifiers conflict: " + shown);
            }
          }
          bad |= same > 1 || b > 0 && x > 0;
        }
        case 'i' -> {
          if (++i == 2) {
            errors.add("i regexp modifier already used: " + shown);
          }
          bad |= i > 1;
        }
        default -> {
          errors.add("invalid regexp modifier: " + m);
          bad = true;
        }
      }
    }
    if (bad) {
      return null;
    }
    String body = value.substring(1, end);
    try {
      return new CommandItem(
          null,
          // In a UTF-8 locale the C library's REG_ICASE folds every letter's case, not ASCII's
          // alone.
          Pattern.compile(
              body,
              i == 0
                  ? 0
                  : SafeText.utf8Locale()
                      ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE
                      : Pattern.CASE_INSENSITIVE),
          false);
    } catch (PatternSyntaxException e) {
      errors.add("regexp error: " + shown + ": " + regerror(e, body));
      return null;
    }
  }

  // glibc's regerror(3) text for the error regcomp reports where Java's parser failed: the common
  // cases by Java's description, else glibc's generic text.
  private static String regerror(PatternSyntaxException e, String body) {
    String d = e.getDescription();
    if (d.startsWith("Unclosed group")) {
      return "Unmatched ( or \\(";
    }
    if (d.startsWith("Unclosed character class")) {
      return body.endsWith("[") || body.endsWith("[^")
          ? "Invalid regular expression"
          : "Unmatched [, [^, [:, [., or [=";
    }
    if (d.startsWith("Dangling meta character")) {
      return "Invalid preceding regular expression";
    }
    if (d.startsWith("Illegal repetition range")) {
      return "Invalid content of \\{\\}";
    }
    if (d.startsWith("Illegal repetition") || d.startsWith("Unclosed counted closure")) {
      return "Unmatched \\{";
    }
    if (d.startsWith("Illegal character range")) {
      return "Invalid range end";
    }
    if (body.endsWith("\\")) {
      return "Trailing backslash";
    }
    return "Invalid regular expression";
  }

  // As lsof's enter_fd: a comma-separated list, each item a name (all digits: a descriptor), or
  // with a '-' (its last one) a range that must be ascending digits; every bad item is reported,
  // and the list is all inclusions or all exclusions, as its first item is.
  private static void fdSet(String value, List<FdItem> out, List<String> errors) {
    if (value == null || value.isEmpty()) {
      errors.add("no file descriptor specified");
      return;
    }
    for (String item : value.split(",", -1)) {
      boolean ex = item.startsWith("^");
      String text = ex ? item.substring(1) : item;
      if (text.isEmpty()) {
        continue;
      }
      int dash = text.lastIndexOf('-');
      FdItem fd;
      if (dash >= 0) {
        if (dash == 0) {
          errors.add("illegal FD range for -d: " + text);
          continue;
        }
        int low = digits(text.substring(0, dash));
        int high = digits(text.substring(dash + 1));
        if (low < 0 || high < 0) {
          errors.add("non-digit in -d FD range: " + text);
          continue;
        }
        if (low >= high) {
          errors.add("-d FD range's low >= its high: " + text);
          continue;
        }
        fd = new FdItem(null, low, high, ex);
      } else {
        int n = digits(text);
        fd = n < 0 ? new FdItem(text, 1, 0, ex) : new FdItem(null, n, n, ex);
      }
      if (!out.isEmpty() && out.getFirst().exclude() != ex) {
        String shown =
            (ex ? "^" : "")
                + (fd.name() != null
                    ? fd.name()
                    : fd.low() == fd.high() ? fd.low() : fd.low() + "-" + fd.high());
        errors.add(
            (ex ? "exclude" : "include")
                + " in an "
                + (ex ? "include" : "exclude")
                + " -d list: "
                + shown);
        continue;
      }
      out.add(fd);
    }
  }

  // The value of a run of decimal digits (as C's int, wrapping), or -1 when a character is not
  // one; an empty run is 0.
  private static int digits(String text) {
    int n = 0;
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
