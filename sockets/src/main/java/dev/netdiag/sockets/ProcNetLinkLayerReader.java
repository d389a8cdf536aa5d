package dev.netdiag.sockets;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads /proc/net/packet and /proc/net/netlink (net/packet/af_packet.c packet_seq_show,
 * net/netlink/af_netlink.c netlink_seq_show):
 *
 * <pre>
 * sk       RefCnt Type Proto  Iface R Rmem   User   Inode
 * 00000000 3      3    0800   0     1 0      0      12345
 * sk       Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode
 * 00000000 0   4242       00000000 0        0        0     2        0        12346
 * </pre>
 *
 * The files have no cookie, peer or memory array: those read as 0 or null. Returns false when the
 * file does not exist (the kernel lacks the family).
 */
final class ProcNetLinkLayerReader {
  private final Path procRoot;

  ProcNetLinkLayerReader(Path procRoot) {
    this.procRoot = procRoot;
  }

  boolean dumpPacket(Consumer<PacketSocketRecord> sink) throws SocketTableException {
    return read(
        "packet",
        f -> {
          if (f.length < 9) {
            return;
          }
          sink.accept(
              new PacketSocketRecord(
                  Integer.parseInt(f[2]) == 3,
                  Integer.parseInt(f[3], 16),
                  Long.parseLong(f[8]),
                  0,
                  Integer.parseInt(f[4]),
                  Long.parseLong(f[6]),
                  Long.parseLong(f[7]),
                  -1,
                  -1,
                  -1,
                  null,
                  null));
        });
  }

  boolean dumpNetlink(Consumer<NetlinkSocketRecord> sink) throws SocketTableException {
    return read(
        "netlink",
        f -> {
          if (f.length < 10) {
            return;
          }
          sink.accept(
              new NetlinkSocketRecord(
                  Integer.parseInt(f[1]),
                  (int) Long.parseLong(f[2]),
                  false,
                  0,
                  0,
                  Long.parseLong(f[4]),
                  Long.parseLong(f[5]),
                  Long.parseLong(f[9]),
                  0,
                  Long.parseLong(f[3], 16),
                  null));
        });
  }

  private boolean read(String name, Consumer<String[]> line) throws SocketTableException {
    Path file = procRoot.resolve("net").resolve(name);
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      reader.readLine(); // header
      String text;
      while ((text = reader.readLine()) != null) {
        String trimmed = text.strip();
        if (!trimmed.isEmpty()) {
          try {
            line.accept(trimmed.split(" +"));
          } catch (NumberFormatException e) {
            // A line cut mid-read: skipped.
          }
        }
      }
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new SocketTableException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
