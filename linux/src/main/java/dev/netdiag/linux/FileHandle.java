package dev.netdiag.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * name_to_handle_at(2) with room for an 8-byte handle: on cgroup2 the handle is the cgroup's id
 * (what sock_diag reports as INET_DIAG_CGROUP_ID), which is how iproute2 turns a path into an id.
 *
 * <pre>
 * struct file_handle (include/linux/fcntl.h, host order):
 *  0  u32  handle_bytes   in: room for f_handle; out: bytes used
 *  4  s32  handle_type
 *  8  u8[] f_handle
 * </pre>
 *
 * @param errno 0 when the call succeeded, else its errno (EOVERFLOW: the handle needs more room)
 * @param bytes the handle's length when it succeeded
 * @param value the handle's first 8 bytes as a host-order u64 (0-padded when shorter)
 */
public record FileHandle(int errno, int bytes, long value) {
  /** AT_FDCWD: a relative path starts at the working directory. */
  private static final int AT_FDCWD = -100;

  // include/uapi/asm-generic/fcntl.h
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;

  private static final int ROOM = 8;

  /** True when the call succeeded. */
  public boolean ok() {
    return errno == 0;
  }

  /** The handle of {@code path}, relative to the working directory when not absolute. */
  public static FileHandle of(String path) throws NativeException {
    return at(AT_FDCWD, path);
  }

  /**
   * The handle of {@code path} relative to the directory {@code base} (opened O_RDONLY first, as
   * iproute2 opens the cgroup2 mount); null when {@code base} cannot be opened.
   */
  public static FileHandle under(String base, String path) throws NativeException {
    Libc libc = Libc.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSlot(arena);
      int fd = libc.openat(errno, AT_FDCWD, arena.allocateFrom(base), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        return null;
      }
      try {
        return at(fd, path);
      } finally {
        libc.close(errno, fd);
      }
    }
  }

  private static FileHandle at(int dirfd, String path) throws NativeException {
    Libc libc = Libc.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSlot(arena);
      MemorySegment handle = arena.allocate(8 + ROOM, 8);
      handle.set(ValueLayout.JAVA_INT, 0, ROOM);
      MemorySegment mountId = arena.allocate(ValueLayout.JAVA_INT);
      int result = libc.nameToHandleAt(errno, dirfd, arena.allocateFrom(path), handle, mountId, 0);
      if (result < 0) {
        return new FileHandle(Libc.errno(errno), 0, 0);
      }
      int bytes = handle.get(ValueLayout.JAVA_INT, 0);
      return new FileHandle(0, bytes, handle.get(ValueLayout.JAVA_LONG, 8));
    }
  }
}
