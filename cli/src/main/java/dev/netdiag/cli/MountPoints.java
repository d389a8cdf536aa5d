package dev.netdiag.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Lookups in a mount table in /proc/mounts' format (fields split at blanks, blanks as \040). */
public final class MountPoints {
  private MountPoints() {}

  /**
   * The first mount point of a file system type (cgroup2, selinuxfs…), as iproute2's find_fs_mount
   * finds it; null when there is none or the table cannot be read.
   */
  public static String first(Path mounts, String type) {
    try {
      for (String line : Files.readAllLines(mounts)) {
        String[] f = line.split(" ");
        if (f.length > 2 && f[2].equals(type)) {
          return f[1].replace("\\040", " ");
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }
}
