package dev.netdiag.diagnose.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.diagnose.FindingCode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lab catalogue: distinct names and addresses, kernel limits on names, real finding codes. */
class LabCatalogTest {
  private static final Set<String> CODES = new HashSet<>();

  static {
    Arrays.stream(FindingCode.values()).forEach(code -> CODES.add(code.code()));
    CODES.add("ok");
  }

  @Test
  void theIssuesNineLabsExist() {
    List<String> names = LabCatalog.all().stream().map(Lab::name).toList();
    assertEquals(
        List.of(
            "not-listening",
            "loopback-only",
            "firewall-drop",
            "firewall-reject",
            "dns-hosts-override",
            "dns-nxdomain",
            "close-wait-leak",
            "backlog-full",
            "ipv6-only"),
        names);
  }

  @Test
  void labsDoNotShareAddressesAndFitKernelLimits() {
    Set<Integer> indexes = new HashSet<>();
    for (Lab lab : LabCatalog.all()) {
      assertTrue(indexes.add(lab.index()), "index reused: " + lab.name());
      assertTrue(lab.index() > 0 && lab.index() < 64, lab.name());
      assertTrue(lab.serverIpv4().startsWith("198.19."), lab.serverIpv4());
      assertTrue(lab.serverIpv6().startsWith("2001:db8:"), lab.serverIpv6());
      // IFNAMSIZ is 16 with the NUL: link names are at most 15 characters.
      assertTrue(("ndlab" + lab.index() + "c").length() <= 15);
      assertTrue(lab.clientNamespace().startsWith("netdiag-lab-"));
      assertTrue(CODES.contains(lab.clientExpect()), lab.clientExpect());
      assertTrue(CODES.contains(lab.serverExpect()), lab.serverExpect());
      if (!lab.pending().isEmpty()) {
        assertTrue(CODES.contains(lab.pending().split(" ")[0]), lab.pending());
      }
    }
  }

  @Test
  void addressesFollowTheIndex() {
    Lab lab = LabCatalog.named("firewall-drop").orElseThrow();
    assertEquals("198.19.195.1", lab.clientIpv4());
    assertEquals("198.19.195.2", lab.serverIpv4());
    assertEquals("198.19.195.77", lab.unusedIpv4());
    assertEquals("2001:db8:1ab:3::2", lab.serverIpv6());
    assertEquals("netdiag-lab-firewall-drop-s", lab.serverNamespace());
  }
}
