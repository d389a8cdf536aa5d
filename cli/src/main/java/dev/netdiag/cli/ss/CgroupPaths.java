package dev.netdiag.cli.ss;

import dev.netdiag.cli.MountPoints;
import dev.netdiag.cli.Output;
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
 * first use. Says on stderr what ss's lib/fs.c says when it cannot find a path: once for the walk
 * and again for each id not found, which ss then asks the kernel for by handle.
 */
final class CgroupPaths {
  private final Path mounts;
  private final Output err;
  private Map<Long, String> byInode;
  private String mount;

  CgroupPaths(Path mounts, Output err) {
    this.mounts = mounts;
    this.err = err;
  }

  String path(long id) {
    if (byInode == null) {
      byInode = load();
    }
    String path = byInode.get(id);
    if (path != null) {
      return path;
    }
    // get_cgroup2_path: a cgroup the walk did not meet is one open_by_handle_at cannot open.
    err.line(mount == null ? "Failed to find cgroup2 mount" : "Failed to open cgroup2 by ID");
    return "unreachable:" + Long.toHexString(id);
  }

  private Map<Long, String> load() {
    Map<Long, String> map = new HashMap<>();
    mount = MountPoints.first(mounts, "cgroup2");
    if (mount == null) {
      err.line("Failed to find cgroup2 mount"); // cg_init_map's find_cgroup2_mount
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
