package dev.netdiag.cli.ss;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * cgroup v2 ids to paths, as ss prints them after {@code cgroup:}: a cgroup's id is the inode
 * number of its directory under the cgroup2 mount; the path is relative to that mount ("/" for the
 * root). Ids not found print as {@code unreachable:HEX}, as ss prints them. Walks the tree once, on
 * first use.
 */
final class CgroupPaths {
  private final Path mounts;
  private Map<Long, String> byInode;

  CgroupPaths(Path mounts) {
    this.mounts = mounts;
  }

  String path(long id) {
    if (byInode == null) {
      byInode = load();
    }
    String path = byInode.get(id);
    return path != null ? path : "unreachable:" + Long.toHexString(id);
  }

  /**
   * The first cgroup2 mount point in a mount table (/proc/mounts' format, blanks as {@code \040}),
   * as iproute2's find_fs_mount reads it; null when there is none or the table cannot be read.
   */
  static String cgroup2Mount(Path mounts) {
    try {
      for (String line : Files.readAllLines(mounts)) {
        String[] f = line.split(" ");
        if (f.length > 2 && f[2].equals("cgroup2")) {
          return f[1].replace("\\040", " ");
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  private Map<Long, String> load() {
    Map<Long, String> map = new HashMap<>();
    String mount = cgroup2Mount(mounts);
    if (mount == null) {
      return map;
    }
    Path root = Path.of(mount);
    try {
      Path base = root;
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              Object key = attrs.fileKey();
              long inode = inode(key);
              if (inode >= 0) {
                String relative = base.relativize(dir).toString();
                map.putIfAbsent(inode, "/" + relative);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // No readable cgroup2 tree: every id prints as unreachable.
    }
    return map;
  }

  /** The inode from a UnixFileKey's text "(dev=...,ino=N)"; -1 when it has none. */
  private static long inode(Object key) {
    if (key == null) {
      return -1;
    }
    String text = key.toString();
    int at = text.indexOf("ino=");
    if (at < 0) {
      return -1;
    }
    int end = at + 4;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    return Long.parseLong(text.substring(at + 4, end));
  }
}
