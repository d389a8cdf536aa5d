package dev.netdiag.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * net.ipv4.ip_local_port_range: the ports the kernel picks for sockets that bind none (ss's
 * "ephemeral" ports, which it neither names from /etc/services nor counts as autobound otherwise).
 *
 * @param low the first port of the range
 * @param high the last port of the range
 */
public record LocalPortRange(int low, int high) {
  private static final Path FILE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  /** The range the kernel uses now, or {@code fallback} when the file cannot be read. */
  public static LocalPortRange read(LocalPortRange fallback) {
    try {
      // readAllLines, not readString: a /proc/sys file reports size 0 and readString stops short.
      String[] range = String.join(" ", Files.readAllLines(FILE)).trim().split("\\s+");
      return new LocalPortRange(Integer.parseInt(range[0]), Integer.parseInt(range[1]));
    } catch (IOException | RuntimeException e) {
      return fallback;
    }
  }

  /** True when the port lies in the range. */
  public boolean contains(int port) {
    return port >= low && port <= high;
  }

  /** How many ports the range holds. */
  public int size() {
    return high - low + 1;
  }
}
