package dev.netdiag.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The protocol name the kernel gives a socket file ("TCPv6", "UNIX-STREAM", "NETLINK"…), its {@code
 * system.sockprotoname} extended attribute, read through a /proc/PID/fd link: what lsof prints for
 * a socket found in none of the tables it reads (one in another network namespace). Buffers are
 * reused: one instance per thread.
 */
public final class SocketProtocolNames {
  private static final int PATH_MAX = 4096;
  private static final int VALUE_MAX = 64;
  private static final byte[] NAME = "system.sockprotoname\0".getBytes(StandardCharsets.US_ASCII);

  private final Libc libc;
  private final MemorySegment errno;
  private final MemorySegment path;
  private final MemorySegment name;
  private final MemorySegment value;

  private SocketProtocolNames(Libc libc) {
    this.libc = libc;
    // Freed with this object: a scan keeps one for its whole run.
    Arena arena = Arena.ofAuto();
    this.errno = Libc.errnoSlot(arena);
    this.path = arena.allocate(PATH_MAX);
    this.name = arena.allocate(NAME.length);
    Bytes.fromArray(NAME, 0, name, 0, NAME.length);
    this.value = arena.allocate(VALUE_MAX);
  }

  /** A reader for the calling thread. */
  public static SocketProtocolNames open() throws NativeException {
    return new SocketProtocolNames(Libc.get());
  }

  /** The attribute of the file the path leads to, or null when it has none or is gone. */
  public String of(String file) {
    byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
    if (bytes.length >= PATH_MAX) {
      return null;
    }
    Bytes.fromArray(bytes, 0, path, 0, bytes.length);
    path.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
    long n = libc.getxattr(errno, path, name, value, VALUE_MAX);
    if (n <= 0) {
      return null;
    }
    byte[] text = new byte[(int) n];
    Bytes.toArray(value, 0, text, 0, text.length);
    int end = 0;
    while (end < text.length && text[end] != 0) {
      end++;
    }
    return new String(text, 0, end, StandardCharsets.UTF_8);
  }
}
