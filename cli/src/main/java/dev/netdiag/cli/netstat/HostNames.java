package dev.netdiag.cli.netstat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * lsof's names for addresses when -n is not given, from /etc/hosts and /etc/networks only: lsof's
 * reverse DNS lookups (gethostbyaddr beyond the files) are not built yet, so an address without an
 * entry prints as a number. netstat asks the C library instead ({@link AddressNames}).
 */
public final class HostNames {
  private final Map<String, String> hosts;
  private final Map<String, String> networks;

  private HostNames(Map<String, String> hosts, Map<String, String> networks) {
    this.hosts = hosts;
    this.networks = networks;
  }

  public static HostNames load(Path etc) {
    Map<String, String> hosts = new HashMap<>();
    for (List<String> f : table(etc.resolve("hosts"))) {
      if (f.size() >= 2) {
        hosts.putIfAbsent(f.get(0), f.get(1));
      }
    }
    Map<String, String> networks = new HashMap<>();
    for (List<String> f : table(etc.resolve("networks"))) {
      if (f.size() >= 2) {
        networks.putIfAbsent(f.get(1), f.get(0));
      }
    }
    return new HostNames(hosts, networks);
  }

  /** The host name for a numeric address, or the address itself. */
  public String host(String address) {
    return hosts.getOrDefault(address, address);
  }

  /** The network name (/etc/networks) for a numeric network address, else its host name. */
  String network(String address) {
    String name = networks.get(address);
    return name != null ? name : host(address);
  }

  private static List<List<String>> table(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .map(line -> line.indexOf('#') >= 0 ? line.substring(0, line.indexOf('#')) : line)
          .map(line -> List.of(line.strip().split("\\s+")))
          .filter(f -> !f.getFirst().isEmpty())
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
