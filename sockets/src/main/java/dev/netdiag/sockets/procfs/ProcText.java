package dev.netdiag.sockets.procfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads small /proc text files whole and splits them into fields. */
final class ProcText {
  private ProcText() {}

  /** The file's lines; a missing file is an error naming it, as the C tools' perror does. */
  static List<String> lines(Path file) throws ProcFsException {
    try {
      return Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new ProcFsException(file + ": No such file or directory", e);
    } catch (IOException e) {
      throw new ProcFsException(file + ": " + e.getMessage(), e);
    }
  }

  /** The whitespace-separated fields of a line. */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    int n = line.length();
    int i = 0;
    while (i < n) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(line.substring(start, i));
      }
    }
    return out;
  }

  /** An unsigned hex field of up to 16 digits. */
  static long hex(String field) {
    return Long.parseUnsignedLong(field, 16);
  }

  /** A 32-hex-digit IPv6 address as /proc prints it (network order, nibbles in text order). */
  static byte[] ipv6(String hex) {
    byte[] out = new byte[16];
    for (int i = 0; i < 16; i++) {
      out[i] = (byte) Integer.parseInt(hex, i * 2, i * 2 + 2, 16);
    }
    return out;
  }

  /**
   * An IPv4 address as /proc prints it: the host-order (little-endian) hex of the network-order
   * word, so "0100007F" is 127.0.0.1.
   */
  static byte[] ipv4LittleEndian(String hex) {
    long word = hex(hex);
    return new byte[] {
      (byte) word, (byte) (word >>> 8), (byte) (word >>> 16), (byte) (word >>> 24)
    };
  }
}
