package dev.netdiag.cli.lsof;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files under a directory for lsof's +d and +D, as "dev:inode" identities: the directory (its
 * link followed, as stat(2) on the argument) and each entry as lstat(2) sees it, so a symbolic link
 * is an item of its own and never leads out of the tree. Entries that vanish or cannot be read are
 * skipped, as lsof skips them.
 */
final class DirectoryTree {
  private DirectoryTree() {}

  static List<String> identities(Path dir, boolean recursive) {
    List<String> out = new ArrayList<>();
    add(out, dir, false);
    if (!recursive) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path entry : entries) {
          add(out, entry, true);
        }
      } catch (IOException | RuntimeException e) {
        // An unreadable directory contributes itself only.
      }
      return out;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              if (!d.equals(dir)) {
                add(out, d, true);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              add(out, file, true);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // walkFileTree reports per-entry failures to the visitor; nothing else is left to skip.
    }
    return out;
  }

  private static void add(List<String> out, Path p, boolean noFollow) {
    try {
      Map<String, Object> st =
          noFollow
              ? Files.readAttributes(p, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS)
              : Files.readAttributes(p, "unix:dev,ino");
      out.add(st.get("dev") + ":" + st.get("ino"));
    } catch (IOException | RuntimeException e) {
      // Gone since the listing, or not ours to read.
    }
  }
}
