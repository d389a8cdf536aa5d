package dev.netdiag.cli.lsof;

import dev.netdiag.sockets.procfs.PathBytes;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files under a directory for lsof's +d and +D, as "dev:inode" identities: the directory (its
 * link followed, as stat(2) on the argument) and each entry as lstat(2) sees it. As in lsof 4.95,
 * an entry on another file system than the directory's is skipped unless -x f, and a symbolic link
 * is skipped unless -x l, which takes the file it points to instead (and, for +D, descends into it
 * when that is a directory). Entries that vanish or cannot be read are skipped.
 */
final class DirectoryTree {
  private DirectoryTree() {}

  /** A search item: the file's "dev:inode" and the path lsof names it by when it is found. */
  record Item(String id, String path) {}

  static List<Item> identities(Path dir, boolean recursive, int crossOver) {
    List<Item> out = new ArrayList<>();
    Map<String, Object> top = stat(dir, true);
    if (top == null) {
      return out;
    }
    long device = (Long) top.get("dev");
    out.add(new Item(top.get("dev") + ":" + top.get("ino"), PathBytes.of(dir)));
    Deque<Path> stack = new ArrayDeque<>();
    stack.push(dir);
    // Directories already descended into: with -x l a link back up the tree would loop forever.
    Set<String> visited = new HashSet<>();
    visited.add(out.get(0).id());
    while (!stack.isEmpty()) {
      Path d = stack.pop();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
        for (Path entry : entries) {
          Map<String, Object> st = stat(entry, false);
          if (st == null) {
            continue;
          }
          if ((crossOver & LsofArgs.CROSS_FILESYSTEMS) == 0 && (Long) st.get("dev") != device) {
            continue;
          }
          if (kind(st) == 0120000) {
            if ((crossOver & LsofArgs.CROSS_SYMLINKS) == 0) {
              continue;
            }
            st = stat(entry, true);
            if (st == null) {
              continue;
            }
          }
          String id = st.get("dev") + ":" + st.get("ino");
          if (recursive && kind(st) == 0040000 && visited.add(id)) {
            stack.push(entry);
          }
          out.add(new Item(id, PathBytes.of(entry)));
        }
      } catch (IOException | RuntimeException e) {
        // An unreadable directory contributes nothing more.
      }
    }
    return out;
  }

  private static int kind(Map<String, Object> st) {
    return ((Integer) st.get("mode")) & 0170000;
  }

  private static Map<String, Object> stat(Path p, boolean follow) {
    try {
      return follow
          ? Files.readAttributes(p, "unix:dev,ino,mode")
          : Files.readAttributes(p, "unix:dev,ino,mode", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | RuntimeException e) {
      return null; // gone since the listing, or not ours to read
    }
  }
}
