package dev.netdiag.cli.ss;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Port-to-name lookups from /etc/services, as getservbyport(3) answers them: the first line for a
 * port and protocol wins. Read once, on first use.
 */
final class ServicePorts {
  private final Map<Integer, String> tcp = new HashMap<>();
  private final Map<Integer, String> udp = new HashMap<>();
  private final Map<Integer, String> protocols = new HashMap<>();
  private final Map<Integer, String> anyProtocol = new HashMap<>();
  private final Map<String, Integer> byName = new HashMap<>();

  private ServicePorts() {}

  static ServicePorts load(Path file, Path protocolFile) {
    ServicePorts ports = new ServicePorts();
    // /etc/protocols: "icmp 1 ICMP": RAW sockets show their protocol by name, as getprotobynumber.
    try (BufferedReader reader = Files.newBufferedReader(protocolFile, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        int hash = line.indexOf('#');
        String[] fields = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
        if (fields.length >= 2) {
          try {
            ports.protocols.putIfAbsent(Integer.parseInt(fields[1]), fields[0]);
          } catch (NumberFormatException e) {
            // not a protocol line
          }
        }
      }
    } catch (IOException e) {
      // No protocols file: numbers.
    }
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        int hash = line.indexOf('#');
        String content = hash >= 0 ? line.substring(0, hash) : line;
        String[] fields = content.trim().split("\\s+");
        if (fields.length < 2) {
          continue;
        }
        int slash = fields[1].indexOf('/');
        if (slash < 0) {
          continue;
        }
        int port;
        try {
          port = Integer.parseInt(fields[1].substring(0, slash));
        } catch (NumberFormatException e) {
          continue;
        }
        String protocol = fields[1].substring(slash + 1);
        ports.byName.putIfAbsent(fields[0], port);
        ports.anyProtocol.putIfAbsent(port, fields[0]);
        for (int alias = 2; alias < fields.length; alias++) {
          ports.byName.putIfAbsent(fields[alias], port);
        }
        if (protocol.equals("tcp")) {
          ports.tcp.putIfAbsent(port, fields[0]);
        } else if (protocol.equals("udp")) {
          ports.udp.putIfAbsent(port, fields[0]);
        }
      }
    } catch (IOException e) {
      // No services file: every port prints as a number.
    }
    return ports;
  }

  /** The port of a service name or alias, or -1. */
  int port(String name) {
    return byName.getOrDefault(name, -1);
  }

  /** The protocol's name from /etc/protocols, or null. */
  String protocol(int number) {
    return protocols.get(number);
  }

  /** The service name, or null. */
  String name(int port, boolean datagram) {
    return (datagram ? udp : tcp).get(port);
  }

  /** The first service on the port whatever its protocol (getservbyport with no protocol). */
  String nameAnyProtocol(int port) {
    return anyProtocol.get(port);
  }
}
