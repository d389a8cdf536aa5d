package dev.netdiag.sockets.procfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One interface's line of /proc/net/dev plus its MTU and IFF_* flags from /sys/class/net.
 *
 * @param flags IFF_* bits (linux/if.h); 0 when /sys has no entry
 */
public record InterfaceCounters(
    String name,
    int mtu,
    int flags,
    long rxBytes,
    long rxPackets,
    long rxErrors,
    long rxDropped,
    long rxFifo,
    long rxFrame,
    long rxCompressed,
    long rxMulticast,
    long txBytes,
    long txPackets,
    long txErrors,
    long txDropped,
    long txFifo,
    long txCollisions,
    long txCarrier,
    long txCompressed) {
  /** IFF_UP. */
  public static final int UP = 0x1;

  /** Reads /proc/net/dev under procRoot, with MTU and flags from sysRoot (normally /sys). */
  public static List<InterfaceCounters> read(Path procRoot, Path sysRoot) throws ProcFsException {
    List<String> lines = ProcText.lines(procRoot.resolve("net/dev"));
    List<InterfaceCounters> out = new ArrayList<>(lines.size());
    // Two header lines, then "name: 16 counters" (rx 8, tx 8).
    for (int i = 2; i < lines.size(); i++) {
      String line = lines.get(i);
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).strip();
      List<String> f = ProcText.fields(line.substring(colon + 1));
      if (f.size() < 16) {
        continue;
      }
      long[] c = new long[16];
      for (int k = 0; k < 16; k++) {
        c[k] = Long.parseUnsignedLong(f.get(k));
      }
      Path dir = sysRoot.resolve("class/net").resolve(name);
      out.add(
          new InterfaceCounters(
              name,
              (int) sysNumber(dir.resolve("mtu")),
              flags(dir),
              c[0],
              c[1],
              c[2],
              c[3],
              c[4],
              c[5],
              c[6],
              c[7],
              c[8],
              c[9],
              c[10],
              c[11],
              c[12],
              c[13],
              c[14],
              c[15]));
    }
    return out;
  }

  // /sys "flags" is dev->flags; SIOCGIFFLAGS adds IFF_RUNNING (0x40) when the device is up with
  // carrier, which /sys shows as "carrier" = 1 (reading it fails on a down device).
  private static int flags(Path dir) {
    int flags = (int) sysNumber(dir.resolve("flags"));
    if ((flags & UP) != 0 && sysNumber(dir.resolve("carrier")) == 1) {
      flags |= 0x40;
    }
    return flags;
  }

  // An interface can vanish between reading /proc/net/dev and /sys: it then shows 0.
  private static long sysNumber(Path file) {
    try {
      String text = Files.readString(file).strip();
      return text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }
}
