package dev.netdiag.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves the calling thread into a named network namespace as iproute2's netns_switch does
 * (lib/namespace.c, used by ss -N and ip -n): setns to /var/run/netns/NAME, a private mount
 * namespace, a sysfs that describes the new namespace on /sys, and the files of /etc/netns/NAME
 * bound over /etc. The namespaces of a thread are its own: sockets it opens, /sys and /etc it reads
 * and /proc/thread-self/net are the new namespace's; other threads of the JVM stay where they were.
 */
public final class NetworkNamespace {
  // iproute2's configure defaults (NETNS_RUN_DIR, NETNS_ETC_DIR).
  private static final String RUN_DIR = "/var/run/netns";
  private static final String ETC_DIR = "/etc/netns";

  // include/uapi/linux/sched.h, asm-generic/fcntl.h, include/uapi/linux/mount.h, sys/mount.h.
  private static final int CLONE_NEWNS = 0x00020000;
  private static final int CLONE_NEWNET = 0x40000000;
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;
  private static final long MS_RDONLY = 1;
  private static final long MS_BIND = 4096;
  private static final long MS_REC = 16384;
  private static final long MS_SLAVE = 1 << 19;
  private static final int MNT_DETACH = 2;

  private NetworkNamespace() {}

  /**
   * Enters the namespace NAME on this thread.
   *
   * @return iproute2's warnings for /etc/netns files it could not bind ("Bind … failed: …")
   * @throws NativeException with iproute2's message when a step fails (then the thread may be half
   *     switched: the caller stops, as ss exits)
   */
  public static List<String> enter(String name) throws NativeException {
    Libc libc = Libc.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSlot(arena);
      String path = RUN_DIR + "/" + name;
      int fd = libc.open(errno, arena.allocateFrom(path), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        throw failure("Cannot open network namespace \"" + name + "\": ", Libc.errno(errno));
      }
      if (libc.setns(errno, fd, CLONE_NEWNET) < 0) {
        int code = Libc.errno(errno);
        libc.close(errno, fd);
        throw failure("setting the network namespace \"" + name + "\" failed: ", code);
      }
      libc.close(errno, fd);
      if (libc.unshare(errno, CLONE_NEWNS) < 0) {
        throw failure("unshare failed: ", Libc.errno(errno));
      }
      MemorySegment none = arena.allocateFrom("none");
      MemorySegment root = arena.allocateFrom("/");
      // Don't let the mounts below propagate back to the parent namespace.
      if (libc.mount(
              errno, arena.allocateFrom(""), root, none, MS_SLAVE | MS_REC, MemorySegment.NULL)
          != 0) {
        throw failure("\"mount --make-rslave /\" failed: ", Libc.errno(errno));
      }
      MemorySegment sys = arena.allocateFrom("/sys");
      long flags = 0;
      if (libc.umount2(errno, sys, MNT_DETACH) < 0) {
        // Not unmounted: the new sysfs goes on top, read-only if the old one was.
        try {
          if (Files.getFileStore(Path.of("/sys")).isReadOnly()) {
            flags = MS_RDONLY;
          }
        } catch (IOException e) {
          // no sysfs there at all: nothing to match
        }
      }
      if (libc.mount(
              errno,
              arena.allocateFrom(name),
              sys,
              arena.allocateFrom("sysfs"),
              flags,
              MemorySegment.NULL)
          < 0) {
        throw failure("mount of /sys failed: ", Libc.errno(errno));
      }
      return bindEtc(libc, arena, errno, name);
    }
  }

  private static List<String> bindEtc(Libc libc, Arena arena, MemorySegment errno, String name) {
    List<String> warnings = new ArrayList<>();
    if (name.length() >= 255) {
      return warnings; // NAME_MAX: iproute2 skips the /etc files
    }
    Path dir = Path.of(ETC_DIR, name);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String source = ETC_DIR + "/" + name + "/" + file.getFileName();
        String target = "/etc/" + file.getFileName();
        if (libc.mount(
                errno,
                arena.allocateFrom(source),
                arena.allocateFrom(target),
                arena.allocateFrom("none"),
                MS_BIND,
                MemorySegment.NULL)
            < 0) {
          warnings.add(
              "Bind "
                  + source
                  + " -> "
                  + target
                  + " failed: "
                  + new Errno(Libc.errno(errno)).message());
        }
      }
    } catch (IOException e) {
      // no /etc/netns/NAME: nothing to bind, as iproute2's opendir failing
    }
    return warnings;
  }

  private static NativeException failure(String message, int code) {
    Errno errno = new Errno(code);
    return new NativeException(message + errno.message(), errno);
  }
}
