package dev.netdiag.cli.getent;

import dev.netdiag.linux.AddrInfoAnswer;
import dev.netdiag.linux.AddrInfoEntry;
import dev.netdiag.linux.AddressFamily;
import dev.netdiag.linux.HostEntry;
import dev.netdiag.linux.NameServiceSwitch;
import dev.netdiag.linux.NativeException;
import dev.netdiag.linux.NetworkEntry;
import dev.netdiag.linux.ProtocolEntry;
import dev.netdiag.linux.ServiceEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lookups behind each database getent supports here, choosing the same glibc call for each key
 * as getent.c does (an address literal goes to gethostbyaddr, a leading digit to the by-number
 * call).
 */
final class GetentLookup {
  /** The databases netdiag serves, in getent's order. */
  static final List<String> DATABASES =
      List.of("ahosts", "ahostsv4", "ahostsv6", "hosts", "networks", "protocols", "services");

  /** Every database glibc's getent knows, in its order (the -s prefix match walks this list). */
  static final List<String> GLIBC_DATABASES =
      List.of(
          "ahosts",
          "ahostsv4",
          "ahostsv6",
          "aliases",
          "ethers",
          "group",
          "gshadow",
          "hosts",
          "initgroups",
          "netgroup",
          "networks",
          "passwd",
          "protocols",
          "rpc",
          "services",
          "shadow");

  private GetentLookup() {}

  /** One key's answer (key null for an enumeration); no rows means not found. */
  record Answer(String key, List<GetentRow> rows) {}

  /** getaddrinfo hint flags getent adds besides the family's own. */
  record Flags(boolean idn, boolean addrconfig) {}

  static Answer enumerate(String database) throws NativeException {
    List<GetentRow> rows = new ArrayList<>();
    switch (database) {
      // getent enumerates the hosts database for ahosts* as well: getaddrinfo cannot enumerate.
      case "hosts", "ahosts", "ahostsv4", "ahostsv6" -> {
        for (HostEntry host : NameServiceSwitch.hosts()) {
          rows.addAll(hostRows(host));
        }
      }
      case "services" ->
          NameServiceSwitch.services().forEach(s -> rows.add(new GetentRow.Service(s)));
      case "protocols" ->
          NameServiceSwitch.protocols().forEach(p -> rows.add(new GetentRow.Protocol(p)));
      case "networks" ->
          NameServiceSwitch.networks().forEach(n -> rows.add(new GetentRow.Network(n)));
      default -> throw new IllegalArgumentException(database);
    }
    return new Answer(null, rows);
  }

  static Answer lookup(String database, String key, Flags flags) throws NativeException {
    List<GetentRow> rows =
        switch (database) {
          case "hosts" -> host(key).map(GetentLookup::hostRows).orElse(List.of());
          case "ahosts" -> addrInfo(key, AddressFamily.UNSPEC, 0, flags);
          case "ahostsv4" -> addrInfo(key, AddressFamily.INET, 0, flags);
          case "ahostsv6" ->
              addrInfo(key, AddressFamily.INET6, NameServiceSwitch.AI_V4MAPPED, flags);
          case "services" ->
              service(key).map(s -> List.<GetentRow>of(new GetentRow.Service(s))).orElse(List.of());
          case "protocols" ->
              protocol(key)
                  .map(p -> List.<GetentRow>of(new GetentRow.Protocol(p)))
                  .orElse(List.of());
          case "networks" ->
              network(key).map(n -> List.<GetentRow>of(new GetentRow.Network(n))).orElse(List.of());
          default -> throw new IllegalArgumentException(database);
        };
    return new Answer(key, rows);
  }

  private static Optional<HostEntry> host(String key) throws NativeException {
    byte[] v6 = NameServiceSwitch.parseAddress(AddressFamily.INET6, key);
    if (v6 != null) {
      return NameServiceSwitch.hostByAddress(v6);
    }
    byte[] v4 = NameServiceSwitch.parseAddress(AddressFamily.INET, key);
    if (v4 != null) {
      return NameServiceSwitch.hostByAddress(v4);
    }
    Optional<HostEntry> host = NameServiceSwitch.hostByName(key, AddressFamily.INET6);
    return host.isPresent() ? host : NameServiceSwitch.hostByName(key, AddressFamily.INET);
  }

  private static List<GetentRow> hostRows(HostEntry host) {
    List<GetentRow> rows = new ArrayList<>();
    for (String address : host.addresses()) {
      rows.add(new GetentRow.Host(address, host.family(), host.name(), host.aliases()));
    }
    return rows;
  }

  private static List<GetentRow> addrInfo(
      String key, AddressFamily family, int extraFlags, Flags flags) throws NativeException {
    int hints =
        NameServiceSwitch.AI_V4MAPPED
            | NameServiceSwitch.AI_CANONNAME_FLAG
            | extraFlags
            | (flags.addrconfig() ? NameServiceSwitch.AI_ADDRCONFIG : 0)
            | (flags.idn() ? NameServiceSwitch.AI_IDN | NameServiceSwitch.AI_CANONIDN : 0);
    AddrInfoAnswer answer = NameServiceSwitch.addrInfo(key, family, hints);
    List<GetentRow> rows = new ArrayList<>();
    for (AddrInfoEntry entry : answer.entries()) {
      rows.add(new GetentRow.AddrInfo(entry));
    }
    return rows;
  }

  private static Optional<ServiceEntry> service(String key) throws NativeException {
    String name = key;
    String protocol = null;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      name = key.substring(0, slash);
      protocol = key.substring(slash + 1);
    }
    // strtol over the whole word, starting with a digit, within 0..65535: a port number.
    if (!name.isEmpty()
        && allDigits(name)
        && (name.length() <= 5 || stripZeros(name).length() <= 5)) {
      int port = Integer.parseInt(stripZeros(name).isEmpty() ? "0" : stripZeros(name));
      if (port <= 65535) {
        return NameServiceSwitch.serviceByPort(port, protocol);
      }
    }
    return NameServiceSwitch.serviceByName(name, protocol);
  }

  private static Optional<ProtocolEntry> protocol(String key) throws NativeException {
    if (!key.isEmpty() && isDigit(key.charAt(0))) {
      return NameServiceSwitch.protocolByNumber((int) atol(key));
    }
    return NameServiceSwitch.protocolByName(key);
  }

  private static Optional<NetworkEntry> network(String key) throws NativeException {
    if (!key.isEmpty() && isDigit(key.charAt(0))) {
      return NameServiceSwitch.networkByNumber(NameServiceSwitch.inetAddrHostOrder(key), 0);
    }
    return NameServiceSwitch.networkByName(key);
  }

  /** atol as glibc implements it (strtol base 10): leading digits, saturating at LONG_MAX. */
  static long atol(String text) {
    long value = 0;
    for (int i = 0; i < text.length() && isDigit(text.charAt(i)); i++) {
      int digit = text.charAt(i) - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        return Long.MAX_VALUE;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean allDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static String stripZeros(String digits) {
    int i = 0;
    while (i < digits.length() && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }
}
