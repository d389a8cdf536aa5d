package dev.netdiag.sockets.procfs;

/**
 * One file a process has open or mapped, as /proc shows it.
 *
 * @param descriptor "cwd", "rtd", "txt", "mem", "DEL" or the descriptor number as text
 * @param fd the descriptor number, or -1 for cwd/rtd/txt/mem
 * @param openFlags the open(2) flags from fdinfo, or -1 when there are none (cwd, mem…)
 * @param kind what stat(2) says the file is
 * @param device st_dev (kernel encoding, as stat returns it)
 * @param rdev st_rdev, for character and block devices
 * @param size st_size
 * @param offset the file position from fdinfo, or -1
 * @param inode st_ino
 * @param link the symlink text (/proc/PID/fd/N → path, "pipe:[123]", "anon_inode:[eventfd]")
 * @param error why the file could not be read ("readlink: Permission denied"), "" when it has no
 *     target (a kernel thread's exe), or null
 */
public record OpenFile(
    String descriptor,
    int fd,
    int openFlags,
    FileKind kind,
    long device,
    long rdev,
    long size,
    long offset,
    long inode,
    String link,
    String error) {

  /** What kind of file a descriptor refers to (from st_mode, and the link for anon inodes). */
  public enum FileKind {
    REGULAR,
    DIRECTORY,
    CHARACTER,
    BLOCK,
    FIFO,
    SOCKET,
    SYMLINK,
    ANON_INODE,
    UNKNOWN
  }

  /** The major device number of a kernel dev_t (linux/kdev_t.h, glibc's gnu_dev_major). */
  public static long major(long dev) {
    return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
  }

  /** The minor device number of a kernel dev_t. */
  public static long minor(long dev) {
    return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
  }
}
