package dev.netdiag.cli.netstat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * uid to user name from /etc/passwd, for netstat -e's User column; unknown uids print as numbers.
 */
final class UserNames {
  private final Map<Long, String> names;

  private UserNames(Map<Long, String> names) {
    this.names = names;
  }

  /** No names: every uid prints as a number (--numeric-users). */
  static UserNames none() {
    return new UserNames(Map.of());
  }

  static UserNames load(Path etc) {
    Map<Long, String> names = new HashMap<>();
    try {
      for (String line : Files.readAllLines(etc.resolve("passwd"))) {
        String[] f = line.split(":");
        if (f.length > 2) {
          try {
            names.putIfAbsent(Long.parseLong(f[2]), f[0]);
          } catch (NumberFormatException e) {
            // A malformed line names no user.
          }
        }
      }
    } catch (IOException e) {
      // Without /etc/passwd every uid prints as a number.
    }
    return new UserNames(names);
  }

  String name(long uid) {
    String name = names.get(uid);
    return name != null ? name : Long.toString(uid);
  }
}
