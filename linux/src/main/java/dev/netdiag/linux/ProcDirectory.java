package dev.netdiag.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lists /proc-style directories of numbered entries (/proc, /proc/PID/fd) and reads their links,
 * through openat, getdents64 and readlinkat on reused native buffers: no Path, String or exception
 * per entry, which is what a scan of 100,000 socket descriptors costs through java.nio. One
 * instance per thread (its buffers are confined); close it when done.
 */
public final class ProcDirectory implements AutoCloseable {
  // include/uapi/asm-generic/fcntl.h
  private static final int O_RDONLY = 0;
  private static final int O_DIRECTORY = 0x10000;
  private static final int O_CLOEXEC = 0x80000;

  /** AT_FDCWD: a path relative to the working directory (absolute paths ignore it). */
  private static final int AT_FDCWD = -100;

  private static final int PATH_MAX = 4096;
  private static final int DIRENT_BUFFER = 64 * 1024;
  // struct linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, char d_name[]
  private static final int DIRENT_RECLEN = 16;
  private static final int DIRENT_NAME = 19;

  private final Libc libc;
  private final Arena arena;
  private final MemorySegment errno;
  private final MemorySegment path;
  private final MemorySegment dirents;
  private final MemorySegment link;
  private final MemorySegment stat;
  private byte[] heap = new byte[DIRENT_BUFFER];

  private ProcDirectory(Libc libc) {
    this.libc = libc;
    this.arena = Arena.ofConfined();
    this.errno = Libc.errnoSlot(arena);
    this.path = arena.allocate(PATH_MAX);
    this.dirents = arena.allocate(DIRENT_BUFFER, 8);
    this.link = arena.allocate(PATH_MAX);
    this.stat = arena.allocate(Libc.STAT_SIZE, 8);
  }

  /** A reader for the calling thread. */
  public static ProcDirectory open() throws NativeException {
    return new ProcDirectory(Libc.get());
  }

  /** Opens a directory (absolute, or relative to {@code dirfd}); returns its fd, or -1. */
  public int openDirectory(int dirfd, String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    if (bytes.length >= PATH_MAX) {
      return -1;
    }
    Bytes.fromArray(bytes, 0, path, 0, bytes.length);
    path.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
    return libc.openat(errno, dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  }

  /** Opens an absolute directory path; returns its fd, or -1. */
  public int openDirectory(String absolute) {
    return openDirectory(AT_FDCWD, absolute);
  }

  /** Opens the numbered subdirectory {@code number/child} of dirfd (/proc/PID/fd); fd or -1. */
  public int openNumbered(int dirfd, int number, String child) {
    return openDirectory(dirfd, Integer.toString(number) + '/' + child);
  }

  /**
   * The entries of an open directory whose names are decimal numbers (pids, descriptors), in
   * directory order; null when the directory cannot be read (the process exited).
   */
  public int[] numberedEntries(int dirfd) {
    int[] numbers = new int[64];
    int count = 0;
    while (true) {
      long read = libc.getdents64(errno, dirfd, dirents, DIRENT_BUFFER);
      if (read < 0) {
        return null;
      }
      if (read == 0) {
        return Arrays.copyOf(numbers, count);
      }
      int end = (int) read;
      Bytes.toArray(dirents, 0, heap, 0, end);
      int at = 0;
      while (at + DIRENT_NAME < end) {
        int length = HostOrder.u16(heap, at + DIRENT_RECLEN);
        if (length <= 0) {
          break;
        }
        int value = decimal(heap, at + DIRENT_NAME, Math.min(end, at + length));
        if (value >= 0) {
          if (count == numbers.length) {
            numbers = Arrays.copyOf(numbers, count * 2);
          }
          numbers[count++] = value;
        }
        at += length;
      }
    }
  }

  /** The NUL-terminated decimal name at data[from, limit), or -1 when it is not one. */
  private static int decimal(byte[] data, int from, int limit) {
    int value = 0;
    int i = from;
    for (; i < limit && data[i] != 0; i++) {
      int digit = data[i] - '0';
      if (digit < 0 || digit > 9 || value > (Integer.MAX_VALUE - digit) / 10) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return i == from ? -1 : value;
  }

  /**
   * Reads the link named by a number inside an open directory (a descriptor under /proc/PID/fd)
   * into {@code into}; returns the target's length (cut at into.length), or -1 when it is gone.
   */
  public int readNumberedLink(int dirfd, int number, byte[] into) {
    numberedName(number);
    long length = libc.readlinkat(errno, dirfd, path, link, PATH_MAX);
    if (length < 0) {
      return -1;
    }
    int n = (int) Math.min(length, into.length);
    Bytes.toArray(link, 0, into, 0, n);
    return n;
  }

  /** Writes the decimal name of number, NUL-terminated, into the path buffer. */
  private void numberedName(int number) {
    int digits = 1;
    for (int v = number; v >= 10; v /= 10) {
      digits++;
    }
    for (int v = number, i = digits - 1; i >= 0; v /= 10, i--) {
      path.set(ValueLayout.JAVA_BYTE, i, (byte) ('0' + v % 10));
    }
    path.set(ValueLayout.JAVA_BYTE, digits, (byte) 0);
  }

  /**
   * How many descriptors an open /proc/PID/fd directory holds: its st_size, which Linux 6.2 and
   * later set to the process's open-descriptor count; 0 on older kernels, -1 when unknown.
   */
  public long descriptorCount(int fdDir) {
    return libc.fileSize(errno, fdDir, stat);
  }

  /**
   * Whether a /proc/PID/fd table of this {@link #descriptorCount} is read by number (0..count-1,
   * with {@link #readNumberedLink}) rather than listed: the kernel hands out the lowest free
   * number, so a large table is usually exactly 0..count-1, and reading those links directly skips
   * getdents64, which costs the kernel about half as much again as the readlinks (a dentry made per
   * entry). A caller that finds fewer links than the count had holes and lists the table for the
   * descriptors above it. Small tables, and kernels before 6.2 (size 0), are listed.
   */
  public static boolean readsByNumber(long count) {
    return count >= BY_NUMBER_MIN && count <= Integer.MAX_VALUE;
  }

  private static final int BY_NUMBER_MIN = 256;

  /** N of a descriptor link "socket:[N]" in target[0, n), or -1 for any other link. */
  public static long socketInode(byte[] target, int n) {
    if (n <= SOCKET.length + 1 || target[n - 1] != ']') {
      return -1;
    }
    for (int i = 0; i < SOCKET.length; i++) {
      if (target[i] != SOCKET[i]) {
        return -1;
      }
    }
    long value = 0;
    for (int i = SOCKET.length; i < n - 1; i++) {
      int digit = target[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static final byte[] SOCKET = "socket:[".getBytes(StandardCharsets.US_ASCII);

  /** Closes a directory fd from {@link #openDirectory}. */
  public void closeDirectory(int dirfd) {
    if (dirfd >= 0) {
      libc.close(errno, dirfd);
    }
  }

  @Override
  public void close() {
    arena.close();
  }
}
