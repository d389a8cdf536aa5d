package dev.netdiag.dns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The resolver settings dig 9.18 takes from resolv.conf (BIND lib/irs/resconf.c): at most three
 * name servers, a search list of at most eight domains (the last {@code domain} or {@code search}
 * line wins), and the {@code ndots}, {@code timeout} and {@code attempts} options.
 *
 * @param nameservers server addresses as written (an IPv6 address may carry a {@code %scope})
 * @param search the search list; a {@code domain} line gives a list of one
 * @param ndots dots a name needs before it is tried as absolute first
 * @param timeoutSeconds per-try timeout from {@code options timeout:N}, or 0 when not set
 * @param attempts tries from {@code options attempts:N}, or 0 when not set
 */
public record ResolvConf(
    List<String> nameservers, List<String> search, int ndots, int timeoutSeconds, int attempts) {

  /** resconf.c keeps the first three name servers and ignores the rest. */
  public static final int MAX_NAMESERVERS = 3;

  /** resconf.c keeps the first eight search domains. */
  public static final int MAX_SEARCH = 8;

  /** The defaults dig uses when resolv.conf is missing or names no server: the local host. */
  public static final List<String> LOCALHOST_SERVERS = List.of("127.0.0.1", "::1");

  public ResolvConf {
    nameservers = List.copyOf(nameservers);
    search = List.copyOf(search);
  }

  /** Reads a resolv.conf file; a missing file gives the settings of an empty one. */
  public static ResolvConf read(Path file) throws DnsException {
    try {
      return parse(Files.readString(file, StandardCharsets.ISO_8859_1));
    } catch (NoSuchFileException e) {
      return parse("");
    } catch (IOException e) {
      throw new DnsException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses resolv.conf text; unknown keywords and malformed options are skipped, as BIND does. */
  public static ResolvConf parse(String text) {
    List<String> servers = new ArrayList<>();
    List<String> search = new ArrayList<>();
    int ndots = 1;
    int timeout = 0;
    int attempts = 0;
    for (String line : text.split("\n", -1)) {
      String[] words = words(line);
      if (words.length == 0) {
        continue;
      }
      switch (words[0]) {
        case "nameserver" -> {
          if (words.length > 1 && servers.size() < MAX_NAMESERVERS && isAddress(words[1])) {
            servers.add(words[1]);
          }
        }
        case "domain" -> {
          if (words.length > 1) {
            search.clear();
            search.add(words[1]);
          }
        }
        case "search" -> {
          search.clear();
          for (int i = 1; i < words.length && search.size() < MAX_SEARCH; i++) {
            search.add(words[i]);
          }
        }
        case "options" -> {
          for (int i = 1; i < words.length; i++) {
            String option = words[i];
            int value = optionValue(option);
            if (value < 0) {
              continue;
            }
            if (option.startsWith("ndots:")) {
              ndots = Math.min(value, 255);
            } else if (option.startsWith("timeout:")) {
              timeout = value;
            } else if (option.startsWith("attempts:")) {
              attempts = value;
            }
          }
        }
        default -> {
          // sortlist and anything unknown: dig does not use them.
        }
      }
    }
    return new ResolvConf(servers, search, ndots, timeout, attempts);
  }

  /** The servers to query: those configured, or the local host when there are none. */
  public List<String> serversOrLocalhost() {
    return nameservers.isEmpty() ? LOCALHOST_SERVERS : nameservers;
  }

  // A line's words; '#' or ';' in the first column makes the whole line a comment.
  private static String[] words(String line) {
    if (!line.isEmpty() && (line.charAt(0) == '#' || line.charAt(0) == ';')) {
      return new String[0];
    }
    String trimmed = line.strip();
    return trimmed.isEmpty() ? new String[0] : trimmed.split("[ \t\r]+");
  }

  // The decimal value after the colon of "name:N", or -1 when there is none or it is not a number.
  private static int optionValue(String option) {
    int colon = option.indexOf(':');
    if (colon < 0 || colon == option.length() - 1) {
      return -1;
    }
    long value = 0;
    for (int i = colon + 1; i < option.length(); i++) {
      char c = option.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
      if (value > Integer.MAX_VALUE) {
        return -1;
      }
    }
    return (int) value;
  }

  // A literal IPv4 or IPv6 address (with an optional %scope); resconf.c rejects host names.
  private static boolean isAddress(String word) {
    String address = word;
    int percent = word.indexOf('%');
    if (percent >= 0) {
      address = word.substring(0, percent);
    }
    return org.xbill.DNS.Address.isDottedQuad(address)
        || org.xbill.DNS.Address.toByteArray(address, org.xbill.DNS.Address.IPv6) != null;
  }
}
