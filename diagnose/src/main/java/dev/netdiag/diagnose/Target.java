package dev.netdiag.diagnose;

import dev.netdiag.linux.AddressText;
import dev.netdiag.linux.NativeException;
import dev.netdiag.linux.ServiceNames;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * A host and TCP port to test, as the user wrote it: {@code host:port}, {@code [v6]:port}, {@code
 * host port}, a URL ({@code https://host/path}, port from the scheme), or {@code :port} for this
 * host. Ports may be numbers or service names from /etc/services.
 *
 * @param host the host name or literal without brackets; empty for {@code :port}
 * @param port the TCP port, 1 to 65535
 * @param text the target as given, for display
 */
public record Target(String host, int port, String text) {

  /** True for {@code :port}: "this host's port". */
  public boolean local() {
    return host.isEmpty();
  }

  /** The host as it appears in a host:port pair: IPv6 literals in brackets. */
  public String hostForDisplay() {
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  /** host:port with IPv6 literals in brackets. */
  public String display() {
    return hostForDisplay() + ":" + port;
  }

  /** Parses one argument: host:port, [v6]:port, :port or a URL. */
  public static Target parse(String text) throws TargetSyntaxException {
    return parse(text, null);
  }

  /** Parses a target given as one argument or as host and port in two. */
  public static Target parse(String text, String separatePort) throws TargetSyntaxException {
    if (text == null || text.isBlank()) {
      throw new TargetSyntaxException("no target given (use HOST:PORT, HOST PORT or a URL)");
    }
    String display = separatePort == null ? text : text + " " + separatePort;
    int scheme = text.indexOf("://");
    if (scheme > 0) {
      if (separatePort != null) {
        throw new TargetSyntaxException("a URL carries its own port: " + text);
      }
      return parseUrl(text, scheme);
    }
    if (separatePort != null) {
      String host = stripBrackets(text);
      checkHost(host, text);
      return new Target(host, port(separatePort), display);
    }
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new TargetSyntaxException("missing ']' in " + text);
      }
      String host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (rest.isEmpty()) {
        throw noPort(text);
      }
      if (!rest.startsWith(":")) {
        throw new TargetSyntaxException("expected ':PORT' after ']' in " + text);
      }
      checkHost(host, text);
      return new Target(host, port(rest.substring(1)), display);
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw noPort(text);
    }
    if (text.indexOf(':', colon + 1) >= 0) {
      if (AddressText.isLiteral(text)) {
        throw new TargetSyntaxException(
            "no port in '" + text + "': write an IPv6 address with a port as [" + text + "]:PORT");
      }
      throw new TargetSyntaxException(
          "cannot split '" + text + "' into host and port: put an IPv6 address in brackets");
    }
    String host = text.substring(0, colon);
    if (!host.isEmpty()) {
      checkHost(host, text);
    }
    return new Target(host, port(text.substring(colon + 1)), display);
  }

  private static Target parseUrl(String text, int schemeEnd) throws TargetSyntaxException {
    String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    String rest = text.substring(schemeEnd + 3);
    int end = rest.length();
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    String authority = rest.substring(0, end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    String host;
    String portText = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new TargetSyntaxException("missing ']' in " + text);
      }
      host = authority.substring(1, close);
      if (close + 1 < authority.length()) {
        if (authority.charAt(close + 1) != ':') {
          throw new TargetSyntaxException("expected ':PORT' after ']' in " + text);
        }
        portText = authority.substring(close + 2);
      }
    } else {
      int colon = authority.lastIndexOf(':');
      host = colon >= 0 ? authority.substring(0, colon) : authority;
      portText = colon >= 0 ? authority.substring(colon + 1) : null;
    }
    if (host.isEmpty()) {
      throw new TargetSyntaxException("no host in URL " + text);
    }
    checkHost(host, text);
    if (portText != null && !portText.isEmpty()) {
      return new Target(host, port(portText), text);
    }
    OptionalInt known = servicePort(scheme);
    if (known.isEmpty()) {
      throw new TargetSyntaxException(
          "no port in '" + text + "' and no known port for scheme '" + scheme + "'");
    }
    return new Target(host, known.getAsInt(), text);
  }

  private static String stripBrackets(String host) {
    if (host.startsWith("[") && host.endsWith("]")) {
      return host.substring(1, host.length() - 1);
    }
    return host;
  }

  private static void checkHost(String host, String text) throws TargetSyntaxException {
    if (host.isEmpty()) {
      throw new TargetSyntaxException("no host in " + text);
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c <= ' ' || c == '/' || c == '[' || c == ']' || c == '@') {
        throw new TargetSyntaxException("invalid character '" + c + "' in host " + host);
      }
    }
  }

  private static TargetSyntaxException noPort(String text) {
    return new TargetSyntaxException(
        "no port in '" + text + "' (use HOST:PORT, HOST PORT or a URL)");
  }

  /** A port number, 1 to 65535, or a TCP service name from /etc/services. */
  public static int port(String text) throws TargetSyntaxException {
    if (text.isEmpty()) {
      throw new TargetSyntaxException("empty port");
    }
    if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      int value;
      try {
        value = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        value = -1;
      }
      if (value < 1 || value > 65535) {
        throw new TargetSyntaxException("port out of range (1-65535): " + text);
      }
      return value;
    }
    OptionalInt known = servicePort(text);
    if (known.isEmpty()) {
      throw new TargetSyntaxException("unknown service name: " + text);
    }
    return known.getAsInt();
  }

  private static OptionalInt servicePort(String name) throws TargetSyntaxException {
    try {
      return ServiceNames.port(name, "tcp");
    } catch (NativeException e) {
      throw new TargetSyntaxException("cannot look up service '" + name + "': " + e.getMessage());
    }
  }
}
