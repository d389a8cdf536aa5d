package dev.netdiag.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.linux.AddressText;
import dev.netdiag.linux.ConnectOutcome;
import dev.netdiag.linux.Errno;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The naming of connect outcomes, table-driven over the errno values the kernel reports. */
class ConnectProbeTest {
  private static final InetSocketAddress TARGET =
      new InetSocketAddress(AddressText.parse("198.18.0.2"), 80);

  @ParameterizedTest(name = "errno {0}, timed out {1} -> {2}")
  @CsvSource({
    "0, false, OPEN, connection accepted",
    "0, true, TIMEOUT, filtered",
    "110, false, TIMEOUT, filtered",
    "111, false, REFUSED, nothing listening",
    "113, false, UNREACHABLE, administratively prohibited",
    "101, false, UNREACHABLE, no route to that network",
    "112, false, UNREACHABLE, Host is down",
    "1, false, UNREACHABLE, local firewall",
    "13, false, UNREACHABLE, local firewall",
    "104, false, ERROR, Connection reset by peer (ECONNRESET)",
  })
  void namesEachOutcome(int errno, boolean timedOut, ProbeStatus status, String detail) {
    AddressProbe probe =
        ConnectProbe.classify(
            new ConnectOutcome(TARGET, new Errno(errno), timedOut, 1_000_000),
            Duration.ofSeconds(3));
    assertEquals(status, probe.status());
    assertTrue(probe.detail().contains(detail), probe.detail());
  }
}
