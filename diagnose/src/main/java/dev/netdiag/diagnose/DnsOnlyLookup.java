package dev.netdiag.diagnose;

import dev.netdiag.linux.AddressFamily;
import dev.netdiag.linux.AddressResolver;
import dev.netdiag.linux.NameServiceSwitch;
import dev.netdiag.linux.NativeException;
import dev.netdiag.linux.Resolution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the resolv.conf servers answer for a name, through glibc's own stub resolver: getaddrinfo
 * with the hosts database switched to "dns" alone, as `getent -s hosts:dns` does, then switched
 * back to nsswitch.conf's line. The switch is process-wide, so this is for one-shot runs (diagnose)
 * that make no other lookup meanwhile. It is not a DNS client of its own: the answer is glibc's.
 */
final class DnsOnlyLookup {
  // glibc's built-in default when nsswitch.conf has no hosts line (nss/nss_database.c).
  private static final String GLIBC_DEFAULT = "dns [!UNAVAIL=return] files";

  private DnsOnlyLookup() {}

  static Resolution resolve(String host, AddressFamily family, Duration bound, Path nsswitch)
      throws NativeException {
    String restore = hostsLine(nsswitch);
    NameServiceSwitch.configure("hosts", "dns");
    try {
      return AddressResolver.resolve(host, family, bound);
    } finally {
      NameServiceSwitch.configure("hosts", restore);
    }
  }

  /** The services of nsswitch.conf's hosts line, or glibc's default without one. */
  static String hostsLine(Path nsswitch) {
    try {
      List<String> lines = Files.readAllLines(nsswitch);
      for (String raw : lines) {
        int hash = raw.indexOf('#');
        String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
        if (line.startsWith("hosts:")) {
          return line.substring("hosts:".length()).strip();
        }
      }
    } catch (IOException e) {
      // glibc falls back to its default as well.
    }
    return GLIBC_DEFAULT;
  }
}
