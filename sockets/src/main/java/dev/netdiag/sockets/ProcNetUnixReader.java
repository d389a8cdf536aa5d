package dev.netdiag.sockets;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads /proc/net/unix (net/unix/af_unix.c unix_seq_show):
 *
 * <pre>
 * Num       RefCount Protocol Flags    Type St Inode Path
 * 0000000000000000: 00000002 00000000 00010000 0001 01 12345 /run/x.sock
 * </pre>
 *
 * Hex fields but the decimal inode; Flags bit 16 is __SO_ACCEPTCON (a listener); St is the SS_
 * state of struct socket; the path has '@' for each NUL of an abstract name. The file has no peer,
 * queue lengths or cookie: they read as 0. States map as ss maps them: a listener is LISTEN, SS_
 * unconnected CLOSE, connecting SYN_SENT, connected ESTABLISHED, disconnecting CLOSING.
 */
final class ProcNetUnixReader {
  private static final long ACCEPTCON = 1 << 16;

  private final Path procRoot;

  ProcNetUnixReader(Path procRoot) {
    this.procRoot = procRoot;
  }

  void dump(UnixQuery query, Consumer<UnixSocketRecord> sink) throws SocketTableException {
    Path file = procRoot.resolve("net").resolve("unix");
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      reader.readLine(); // header
      String line;
      while ((line = reader.readLine()) != null) {
        UnixSocketRecord record = parse(line);
        if (record != null && query.wants(record)) {
          sink.accept(record);
        }
      }
    } catch (NoSuchFileException e) {
      // No AF_UNIX in this kernel: nothing to list.
    } catch (IOException e) {
      throw new SocketTableException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** One line, or null when it is not a socket line (a vanished or cut line). */
  static UnixSocketRecord parse(String line) {
    int colon = line.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String[] f = new String[6];
    int at = colon + 1;
    for (int i = 0; i < 6; i++) {
      while (at < line.length() && line.charAt(at) == ' ') {
        at++;
      }
      int start = at;
      while (at < line.length() && line.charAt(at) != ' ') {
        at++;
      }
      if (start == at) {
        return null;
      }
      f[i] = line.substring(start, at);
    }
    String name = at + 1 < line.length() ? line.substring(at + 1) : null;
    try {
      long refCount = Long.parseLong(f[0], 16);
      long flags = Long.parseLong(f[2], 16);
      UnixType type = UnixType.of(Integer.parseInt(f[3], 16));
      int ssState = Integer.parseInt(f[4], 16);
      long inode = Long.parseLong(f[5]);
      long address = Long.parseUnsignedLong(line.substring(0, colon).strip(), 16);
      SocketState state;
      if ((flags & ACCEPTCON) != 0) {
        state = SocketState.LISTEN;
      } else {
        state =
            switch (ssState) {
              case 2 -> SocketState.SYN_SENT;
              case 3 -> SocketState.ESTABLISHED;
              case 4 -> SocketState.CLOSING;
              default -> SocketState.CLOSE;
            };
      }
      return new UnixSocketRecord(
          type, state, inode, 0, name, 0, 0, 0, -1, -1, null, -1, -1, null, refCount, flags,
          ssState, address);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
