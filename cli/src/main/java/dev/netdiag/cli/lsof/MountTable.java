package dev.netdiag.cli.lsof;

import dev.netdiag.cli.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The mounted file systems as lsof 4.95 reads them from /proc/mounts: octal escapes decoded,
 * automounter, autofs, pipefs and sockfs entries left out, each directory once (its first entry),
 * the directory's symbolic links resolved and its device from stat(2). A file system exempted with
 * -e is neither resolved nor stat'ed (device unknown).
 */
final class MountTable {

  /**
   * One mount.
   *
   * @param dir the mounted-on directory, links resolved
   * @param fsName the mounted file system's name (device path, "tmpfs", "proc"…)
   * @param fsPath fsName with its links resolved when it is a path
   * @param type the file system type
   * @param device st_dev of dir, or -1 when not stat'ed (exempt)
   * @param blockDevice whether fsPath is a block device
   */
  record Mount(
      String dir, String fsName, String fsPath, String type, long device, boolean blockDevice) {

    /** NFS, as lsof names it (nfs, nfs3, nfs4). */
    boolean nfs() {
      return isNfs(type);
    }
  }

  /** No mounts: for listings that never look at file systems. */
  static final MountTable EMPTY = new MountTable(List.of(), List.of());

  private final List<Mount> mounts;
  private final List<String> warnings;

  private MountTable(List<Mount> mounts, List<String> warnings) {
    this.mounts = mounts;
    this.warnings = warnings;
  }

  List<Mount> mounts() {
    return mounts;
  }

  /** lsof's warnings while reading the table (a directory it cannot stat). */
  List<String> warnings() {
    return warnings;
  }

  static MountTable read(Path proc, List<LsofArgs.Exempt> exempt) {
    List<Mount> out = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(proc.resolve("mounts"));
    } catch (IOException e) {
      return new MountTable(List.of(), List.of());
    }
    for (String line : lines) {
      String[] f = line.strip().split("\\s+");
      if (f.length < 3) {
        continue;
      }
      String fsName = unescape(f[0]);
      String dir = unescape(f[1]);
      String type = f[2];
      int colon = fsName.indexOf(':');
      if (colon >= 0 && fsName.regionMatches(true, colon + 1, "(pid", 0, 4)) {
        continue; // an automounter entry
      }
      if (type.equalsIgnoreCase("autofs")
          || type.equalsIgnoreCase("pipefs")
          || type.equalsIgnoreCase("sockfs")) {
        continue;
      }
      LsofArgs.Exempt ex = null;
      for (LsofArgs.Exempt e : exempt) {
        if (e.path().equals(dir)) {
          ex = e;
          break;
        }
      }
      if (ex == null || !ex.plus()) {
        dir = resolve(dir);
      }
      if (!dir.startsWith("/")) {
        continue;
      }
      boolean nfs = isNfs(type);
      Mount seen = null;
      for (Mount m : out) {
        if (m.dir().equals(dir)) {
          seen = m;
          break;
        }
      }
      // A directory mounted on twice counts once; only "/" may be replaced, by an NFS mount.
      if (seen != null && (!dir.equals("/") || seen.nfs() || !nfs)) {
        continue;
      }
      long device = -1;
      if (ex == null) {
        Map<String, Object> st = stat(dir);
        if (st == null) {
          warnings.add(
              "WARNING: can't stat() "
                  + type
                  + " file system "
                  + dir
                  + "\n"
                  + "      Output information may be incomplete.");
          continue;
        }
        device = (Long) st.get("dev");
      }
      String fsPath = fsName;
      boolean block = false;
      if (ex == null && fsName.startsWith("/")) {
        fsPath = resolve(fsName);
        Map<String, Object> st = stat(fsPath);
        block = st != null && (((Integer) st.get("mode")) & 0170000) == 0060000;
      }
      out.add(new Mount(dir, fsName, fsPath, type, device, block));
    }
    return new MountTable(List.copyOf(out), List.copyOf(warnings));
  }

  /** The +m mount supplement: each directory and its device in hex, as lsof prints them. */
  void writeSupplement(Output out) {
    for (Mount m : mounts) {
      out.text(m.dir()).text(" 0x").line(Long.toHexString(Math.max(0, m.device())));
    }
  }

  private static boolean isNfs(String type) {
    return type.equalsIgnoreCase("nfs")
        || type.equalsIgnoreCase("nfs3")
        || type.equalsIgnoreCase("nfs4");
  }

  /** A path with its symbolic links resolved, or as given when it cannot be (lsof's Readlink). */
  static String resolve(String path) {
    try {
      return Path.of(path).toRealPath().toString();
    } catch (IOException | RuntimeException e) {
      return path;
    }
  }

  private static Map<String, Object> stat(String path) {
    try {
      return Files.readAttributes(Path.of(path), "unix:dev,mode");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  // /proc/mounts writes space, tab, newline and backslash in names as \ooo.
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1)) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int k = from; k < from + 3; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }
}
