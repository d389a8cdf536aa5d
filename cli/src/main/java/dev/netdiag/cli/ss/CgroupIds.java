package dev.netdiag.cli.ss;

import dev.netdiag.cli.MountPoints;
import dev.netdiag.cli.UsageException;
import dev.netdiag.linux.Errno;
import dev.netdiag.linux.FileHandle;
import dev.netdiag.linux.NativeException;
import java.nio.file.Path;

/**
 * The operand of ss's {@code cgroup PATH} filter condition turned into a cgroup id, as iproute2's
 * get_cgroup2_id does it: the file handle of PATH itself (relative to the working directory; on
 * cgroup2 the handle is the id, on any other file system it is that file system's handle, so {@code
 * cgroup /} names the root file system's root and matches nothing), and when PATH has no 8-byte
 * handle, the handle of PATH without its leading slashes under the cgroup2 mount. Each failure
 * prints ss's message and the condition stops the run with "Cannot parse cgroup PATH." (exit 1).
 */
final class CgroupIds {
  private final Path mounts;
  private final StringBuilder messages = new StringBuilder();

  CgroupIds(Path mounts) {
    this.mounts = mounts;
  }

  /** The id PATH names; throws ss's messages (each on its own line) and exit 1 when it has none. */
  long id(String path) throws UsageException {
    long id;
    try {
      id = resolve(path);
    } catch (NativeException e) {
      messages.append(e.getMessage()).append('\n');
      id = 0;
    }
    if (id == 0) {
      throw new UsageException(messages + "Cannot parse cgroup " + path + ".", 1);
    }
    return id;
  }

  private long resolve(String path) throws NativeException {
    FileHandle handle = FileHandle.of(path);
    if (!handle.ok()) {
      String relative = path;
      int skip = 0;
      while (skip < relative.length() && relative.charAt(skip) == '/') {
        skip++;
      }
      relative = relative.substring(skip);
      if (relative.isEmpty()) {
        messages.append("Invalid cgroup2 path\n");
        return 0;
      }
      String mount = MountPoints.first(mounts, "cgroup2");
      if (mount == null) {
        messages.append("Failed to find cgroup2 mount\n");
        return 0;
      }
      handle = FileHandle.under(mount, relative);
      if (handle == null) {
        messages.append("Failed to open cgroup2 mount\n");
        return 0;
      }
      if (!handle.ok()) {
        messages
            .append("Failed to get cgroup2 ID: ")
            .append(new Errno(handle.errno()).message())
            .append('\n');
        return 0;
      }
    }
    if (handle.bytes() != 8) {
      messages.append("Invalid size of cgroup2 ID\n");
      return 0;
    }
    return handle.value();
  }
}
