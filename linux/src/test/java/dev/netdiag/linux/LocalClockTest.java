package dev.netdiag.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The zone file reader against GNU date(1), which formats through glibc's localtime. */
class LocalClockTest {
  private static final Path ZONES = Path.of("/usr/share/zoneinfo");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Etc/UTC",
        "UTC",
        "America/New_York",
        "Europe/Berlin",
        "Europe/Dublin",
        "Australia/Lord_Howe",
        "Asia/Kolkata",
        "America/St_Johns",
        "Pacific/Chatham",
        "Africa/Casablanca",
        "America/Sao_Paulo"
      })
  void sameTextAsDate(String zone) throws Exception {
    Path file = ZONES.resolve(zone);
    assumeTrue(Files.isRegularFile(file), "no tzdata file " + file);
    ZoneFile zf = ZoneFile.read(file);
    assertNotNull(zf, zone);
    List<Long> instants = new ArrayList<>();
    for (long t : new long[] {-2_500_000_000L, -1, 0, 1_000_000_000L, 1_796_860_800L}) {
      instants.add(t);
    }
    // Every half day through three years around now, which crosses each DST change twice.
    for (long t = 1_735_689_600L; t < 1_830_000_000L; t += 43_200 + 37) {
      instants.add(t);
    }
    List<Long> decided = new ArrayList<>();
    for (long t : instants) {
      if (zf.at(t) != null) {
        decided.add(t);
      }
    }
    List<String> expected = date(zone, decided);
    assertEquals(decided.size(), expected.size(), "date printed one line per instant");
    for (int i = 0; i < decided.size(); i++) {
      long t = decided.get(i);
      assertEquals(expected.get(i), LocalClock.dateText(t, zf.at(t)), zone + " at " + t);
    }
  }

  @org.junit.jupiter.api.Test
  void leavesRuleDecidedInstantsAndOddFilesToLibc() {
    Path newYork = ZONES.resolve("America/New_York");
    assumeTrue(Files.isRegularFile(newYork));
    ZoneFile zf = ZoneFile.read(newYork);
    assertNotNull(zf);
    // Year 2100: past the table of a "fat" file, decided by the footer's EST5EDT rule.
    long far = 4_102_444_800L;
    if (zf.at(far) != null) {
      // A table that reaches 2100 decides it itself; nothing to leave to libc then.
      return;
    }
    assertNull(zf.at(far));
    assertNull(ZoneFile.parse("not a zone file at all, though long enough".getBytes()));
    assertNull(ZoneFile.read(ZONES.resolve("no/such/zone")));
  }

  @org.junit.jupiter.api.Test
  void fixedOffsetFooterAfterTheLastTransition() {
    Path tokyo = ZONES.resolve("Asia/Tokyo");
    assumeTrue(Files.isRegularFile(tokyo));
    ZoneFile zf = ZoneFile.read(tokyo);
    assertNotNull(zf);
    ZoneFile.Local far = zf.at(4_102_444_800L);
    assertEquals(new ZoneFile.Local(9 * 3600, "JST"), far);
  }

  // GNU date's text for each instant in that zone, in the C locale.
  private static List<String> date(String zone, List<Long> instants)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("date", "-f", "-", "+%a %b %d %H:%M:%S %Z %Y");
    pb.environment().put("TZ", zone);
    pb.environment().put("LC_ALL", "C");
    pb.redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      assumeTrue(false, "no date(1)");
      return List.of();
    }
    StringBuilder input = new StringBuilder();
    for (long t : instants) {
      input.append('@').append(t).append('\n');
    }
    try (var in = p.getOutputStream()) {
      in.write(input.toString().getBytes(StandardCharsets.US_ASCII));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }
}
