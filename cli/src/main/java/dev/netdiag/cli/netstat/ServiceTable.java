package dev.netdiag.cli.netstat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Port numbers to service names from /etc/services, per protocol, as getservbyport answers. */
public final class ServiceTable {
  private final Map<String, String> names;

  private ServiceTable(Map<String, String> names) {
    this.names = names;
  }

  public static ServiceTable load(Path etc) {
    Map<String, String> names = new HashMap<>();
    try {
      for (String line : Files.readAllLines(etc.resolve("services"))) {
        int hash = line.indexOf('#');
        String[] f = (hash >= 0 ? line.substring(0, hash) : line).strip().split("\\s+");
        if (f.length >= 2 && f[1].indexOf('/') > 0) {
          names.putIfAbsent(f[1], f[0]);
        }
      }
    } catch (IOException e) {
      // Without /etc/services ports print as numbers.
    }
    return new ServiceTable(names);
  }

  /** The service name for port/protocol ("22", "tcp"), or the number. */
  public String name(int port, String protocol) {
    String key = port + "/" + protocol;
    return names.getOrDefault(key, Integer.toString(port));
  }
}
