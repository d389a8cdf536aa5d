package dev.netdiag.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.OptionalInt;

/**
 * Service names to ports through glibc's getservbyname (/etc/services and nsswitch.conf).
 *
 * <pre>
 * struct servent (netdb.h, LP64), 32 bytes
 *  0  ptr  s_name
 *  8  ptr  s_aliases
 * 16  i32  s_port    big-endian (network order)
 * 24  ptr  s_proto
 * </pre>
 */
public final class ServiceNames {
  private static final long SIZE = 32;
  private static final long PORT = 16;
  // getservbyname returns a static buffer; one caller at a time reads it.
  private static final Object STATIC_RESULT = new Object();

  private ServiceNames() {}

  /** The port of a service for a protocol ("tcp", "udp"), or empty when unknown. */
  public static OptionalInt port(String service, String protocol) throws NativeException {
    Libc libc = Libc.get();
    try (Arena arena = Arena.ofConfined()) {
      synchronized (STATIC_RESULT) {
        MemorySegment entry =
            libc.getservbyname(arena.allocateFrom(service), arena.allocateFrom(protocol));
        if (entry.address() == 0) {
          return OptionalInt.empty();
        }
        int networkOrder = entry.reinterpret(SIZE).get(ValueLayout.JAVA_INT, PORT);
        return OptionalInt.of(Short.toUnsignedInt(Short.reverseBytes((short) networkOrder)));
      }
    }
  }

  /**
   * A port name as ss 6.1's parse_hostcond looks it up: getservbyname for "udp" when {@code udp},
   * then for "tcp" when {@code tcp}, the UDP answer read after the TCP call. Both calls return
   * glibc's one static servent, so with both tables the TCP answer wins, and a name only UDP knows
   * reads what the failed TCP lookup left in that buffer (with the files module, the port of the
   * last entry it parsed). Empty when neither lookup answers.
   */
  public static OptionalInt portAsSs(String service, boolean udp, boolean tcp)
      throws NativeException {
    Libc libc = Libc.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment name = arena.allocateFrom(service);
      synchronized (STATIC_RESULT) {
        MemorySegment first =
            udp ? libc.getservbyname(name, arena.allocateFrom("udp")) : MemorySegment.NULL;
        MemorySegment second =
            tcp ? libc.getservbyname(name, arena.allocateFrom("tcp")) : MemorySegment.NULL;
        MemorySegment entry = first.address() != 0 ? first : second;
        if (entry.address() == 0) {
          return OptionalInt.empty();
        }
        int networkOrder = entry.reinterpret(SIZE).get(ValueLayout.JAVA_INT, PORT);
        return OptionalInt.of(Short.toUnsignedInt(Short.reverseBytes((short) networkOrder)));
      }
    }
  }
}
