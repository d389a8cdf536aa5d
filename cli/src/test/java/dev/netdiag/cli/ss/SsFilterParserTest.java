package dev.netdiag.cli.ss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netdiag.cli.UsageException;
import dev.netdiag.sockets.InetDiagBytecode;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ss expressions as text, parsed and compiled: the INET_DIAG bytecode in hex (host order is
 * little-endian here), and the messages and exit codes of the new keywords' errors.
 */
class SsFilterParserTest {
  private static String compiled(String expression) throws UsageException {
    return HexFormat.of()
        .formatHex(InetDiagBytecode.compile(SsFilterParser.parse(List.of(expression.split(" ")))));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "sport = :22                | 0b080c00 00001600",
        "sport != :ssh              | 0b080c00 00001600 01040800",
        "dport lt :1024             | 04080c00 00000004 01040800",
        "dport geq :1024            | 04080c00 00000004",
        "sport = :22 or sport = :80 | 0b080c00 00001600 01040c00 0b080c00 00005000",
        "sport = :22 dport = :80    | 0b081400 00001600 0c080c00 00005000",
        "src 127.54.0.0/16          | 07101400 02100000 ffffffff 7f360000",
        "dst 127.54.0.1:8080        | 08101400 02200000 901f0000 7f360001",
        "src *:22                   | 070c1000 00000000 16000000",
        "src ::/0                   | 071c2000 0a000000 ffffffff 00000000 00000000 00000000 00000000",
        "dst [::1]:22               | 081c2000 0a800000 16000000 00000000 00000000 00000000 00000001",
        "dev 1                      | 09080c00 01000000",
        "dev != 1                   | 09080c00 01000000 01040800",
        "fwmark 0x10/0xf0           | 0a0c1000 10000000 f0000000",
        "fwmark 0x                  | 0a0c1000 00000000 ffffffff",
        "fwmark -1                  | 0a0c1000 ffffffff ffffffff",
        "autobound                  | 06040800",
        "not autobound              | 06040800 01040800",
        "src *                      | ''",
      })
  void compilesToTheKernelsProgram(String expression, String hex) throws UsageException {
    Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
    assertEquals(hex.replace(" ", ""), compiled(expression.strip()), expression);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "fwmark junk        | 1   | Cannot parse mark junk.",
        "fwmark 0x10/       | 1   | Cannot parse mark 0x10/.",
        "dev nosuchdevice0  | 1   | Cannot parse device.",
        "dev                | 255 | " + SsFilterParser.SYNTAX_ERROR,
        "autobound autobound or | 255 | " + SsFilterParser.SYNTAX_ERROR,
        "cgroup             | 255 | " + SsFilterParser.SYNTAX_ERROR,
        "src vsock:x        | 1   | Cannot parse dst/src address.",
        "dst vsock:3:-1     | 1   | Cannot parse dst/src address.",
        "cgroup < /         | 255 | " + SsFilterParser.SYNTAX_ERROR,
        "cgroup and         | 255 | " + SsFilterParser.SYNTAX_ERROR,
      })
  void rejectsAsSsDoes(String expression, int exit, String message) {
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> SsFilterParser.parse(List.of(expression.strip().split(" "))));
    assertEquals(message, e.getMessage());
    assertEquals(exit, e.exitCode());
  }

  /** The cgroup2 mount point, or null (then the cgroup cases are skipped). */
  private static String cgroup2Mount() throws java.io.IOException {
    for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/mounts"))) {
      String[] f = line.split(" ");
      if (f.length > 2 && f[2].equals("cgroup2")) {
        return f[1];
      }
    }
    return null;
  }

  @org.junit.jupiter.api.Test
  void cgroupPathsAsGetCgroup2Id() throws Exception {
    String mount = cgroup2Mount();
    Assumptions.assumeTrue(mount != null, "no cgroup2 mount");
    Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
    // The mount's root is cgroup id 1 (its inode), by its absolute path or as "/" under it is not:
    // "/" names the root file system's own root, whatever its handle is.
    assertEquals("0d0c1000 01000000 00000000".replace(" ", ""), compiled("cgroup " + mount));
    assertEquals(
        "0d0c1000 01000000 00000000 01040800".replace(" ", ""), compiled("cgroup != " + mount));
    UsageException missing =
        assertThrows(
            UsageException.class,
            () -> SsFilterParser.parse(List.of("cgroup", "/netdiag-no-such-cgroup")));
    assertEquals(
        "Failed to get cgroup2 ID: No such file or directory\n"
            + "Cannot parse cgroup /netdiag-no-such-cgroup.",
        missing.getMessage());
    assertEquals(1, missing.exitCode());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // words; preferred family (AF_); the family the listing narrows to; the filter
        "src vsock:3:1024        | 0  | 40 | VsockHost[side=SOURCE, cid=3, port=1024]",
        "dst vsock:*:0x10        | 0  | 40 | VsockHost[side=DESTINATION, cid=-1, port=16]",
        "src vsock:              | 0  | 40 | VsockHost[side=SOURCE, cid=-1, port=-1]",
        "src 2:*                 | 40 | 40 | VsockHost[side=SOURCE, cid=2, port=-1]",
        "src unix:/run/*         | 0  | 1  | UnixName[side=SOURCE, pattern=/run/*]",
        "src 127.0.0.1           | 1  | 1  | UnixName[side=SOURCE, pattern=127.0.0.1]",
        "sport = :22             | 0  | 0  | PortCompare[side=SOURCE, comparison=EQ, port=22]",
        "sport = :22             | 1  | 1  | UnixName[side=SOURCE, pattern=:22]",
        "src unix:/x or src vsock:1 | 0 | 40 | Or[left=UnixName[side=SOURCE, pattern=/x], right=VsockHost[side=SOURCE, cid=1, port=-1]]",
        "autobound               | 40 | 0  | Autobound[low=32768, high=60999]",
        "src /a or src /b and src /c | 1 | 1 | And[left=Or[left=UnixName[side=SOURCE, pattern=/a], right=UnixName[side=SOURCE, pattern=/b]], right=UnixName[side=SOURCE, pattern=/c]]",
      })
  void operandsAreReadInTheirFamily(String words, int preferred, int family, String filter)
      throws UsageException {
    SsFilterParser.Parsed parsed =
        SsFilterParser.parse(
            List.of(words.strip().split(" ")),
            null,
            java.util.EnumSet.allOf(dev.netdiag.sockets.IpFamily.class),
            preferred);
    assertEquals(family, parsed.family(), words);
    if (!filter.startsWith("Autobound")) {
      assertEquals(filter, parsed.filter().toString(), words);
    }
  }
}
