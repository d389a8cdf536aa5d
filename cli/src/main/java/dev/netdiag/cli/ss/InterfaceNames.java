package dev.netdiag.cli.ss;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Interface index to name, from /sys/class/net/NAME/ifindex; read once, on first use. */
final class InterfaceNames {
  private final Map<Integer, String> names = new HashMap<>();

  static InterfaceNames load(Path sysClassNet) {
    InterfaceNames result = new InterfaceNames();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(sysClassNet)) {
      for (Path dir : dirs) {
        try {
          int index = Integer.parseInt(Files.readString(dir.resolve("ifindex")).trim());
          result.names.put(index, dir.getFileName().toString());
        } catch (IOException | NumberFormatException e) {
          // An interface that went away or has no index: skipped.
        }
      }
    } catch (IOException e) {
      // No sysfs: indexes print as numbers.
    }
    return result;
  }

  /** The name, or the index as text when unknown (ss prints the number too). */
  String name(int index) {
    String name = names.get(index);
    return name != null ? name : Integer.toString(index);
  }

  /** The index of the named interface in /sys/class/net, 0 when there is none (if_nametoindex). */
  static int index(Path sysClassNet, String name) {
    if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
      return 0;
    }
    try {
      return Integer.parseInt(
          Files.readString(sysClassNet.resolve(name).resolve("ifindex")).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }
}
