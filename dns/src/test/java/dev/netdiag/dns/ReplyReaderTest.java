package dev.netdiag.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Section;

/**
 * Replies read as dig 9.18 reads them, checked against what real dig printed for the same bytes
 * (DigMalformedDifferentialTest compares them live): the verdict, the records kept, the extra
 * bytes.
 */
class ReplyReaderTest {
  // Header: id 1, QR AA; question x.test. IN A (offset 12..27), then what each case adds.
  private static final String Q = "000184000001%s%s%s" + "0178047465737400" + "00010001";
  private static final String A = "c00c00010001 0000012c 0004 01020304";

  private static String reply(int an, int ns, int ar, String rest) {
    return String.format(Q, hex4(an), hex4(ns), hex4(ar)) + rest.replace(" ", "");
  }

  private static String hex4(int n) {
    return String.format("%04x", n);
  }

  /** bytes, +besteffort, then the verdict: bad text, or kept counts and extra bytes. */
  static Stream<Object[]> cases() {
    return Stream.of(
        new Object[] {
          "rdata one byte long",
          reply(1, 0, 0, "c00c00010001 0000012c 0005 0102030405"),
          true,
          "extra input data"
        },
        new Object[] {
          "rdata cut short", reply(1, 0, 0, "c00c00010001 0000012c 0004 0102"), true, "1/0/0/0 +2"
        },
        new Object[] {
          "cut short, strict",
          reply(1, 0, 0, "c00c00010001 0000012c 0004 0102"),
          false,
          "unexpected end of input"
        },
        new Object[] {
          "forward pointer",
          reply(1, 0, 0, "c01c00010001 0000012c 0004 01020304"),
          true,
          "bad compression pointer"
        },
        new Object[] {
          "label type 01",
          reply(1, 0, 0, "4000010001 0000012c 0004 01020304"),
          true,
          "bad label type"
        },
        new Object[] {"counts beyond the records", reply(3, 0, 0, A), true, "1/1/0/0 +0"},
        new Object[] {"trailing bytes", reply(1, 0, 0, A + "deadbe"), true, "- +3"},
        new Object[] {
          "class CH in an IN answer",
          reply(1, 0, 0, "c00c00010003 0000012c 0004 01020304"),
          true,
          "1/0/0/0 +4"
        },
        new Object[] {
          "class CH, strict",
          reply(1, 0, 0, "c00c00010003 0000012c 0004 01020304"),
          false,
          "FORMERR"
        },
        new Object[] {
          "bad additional",
          reply(1, 0, 1, A + "c00c00010001 0000012c 0005 0506070809"),
          true,
          "extra input data"
        },
        new Object[] {
          "OPT option cut",
          reply(1, 0, 1, A + "00 0029 04d0 00000000 0006 000a00080102"),
          true,
          "1/1/0/0 +6"
        },
        new Object[] {
          "OPT cookie of 4 bytes",
          reply(1, 0, 1, A + "00 0029 04d0 00000000 0008 000a000401020304"),
          true,
          "malformed OPT option"
        },
        new Object[] {
          "DS digest too long",
          reply(1, 0, 0, "c00c002b0001 0000012c 0025 30390d02" + "00".repeat(33)),
          true,
          "extra input data"
        },
        new Object[] {
          "NSEC3 owner no hash",
          reply(1, 0, 0, "c00c00320001 0000012c 001d 0100000200 14" + "00".repeat(20) + "000140"),
          true,
          "bad owner name (check-names)"
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void readsAsDig(String name, String hex, boolean bestEffort, String expected) {
    byte[] wire = HexFormat.of().parseHex(hex);
    ReplyReader.Read read = ReplyReader.read(wire, bestEffort);
    switch (read) {
      case ReplyReader.Bad bad -> assertEquals(expected, bad.reason(), name);
      case ReplyReader.Parsed p -> {
        String kept =
            p.wireCounts() == null
                ? "-"
                : p.message().getSection(Section.QUESTION).size()
                    + "/"
                    + p.message().getSection(Section.ANSWER).size()
                    + "/"
                    + p.message().getSection(Section.AUTHORITY).size()
                    + "/"
                    + p.message().getSection(Section.ADDITIONAL).size();
        assertEquals(expected, kept + " +" + p.extraBytes(), name);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void partialAnswerKeepsTheWireCounts() {
    byte[] wire = HexFormat.of().parseHex(reply(3, 0, 0, A));
    ReplyReader.Parsed p = (ReplyReader.Parsed) ReplyReader.read(wire, true);
    assertArrayEquals(new int[] {1, 3, 0, 0}, p.wireCounts());
    assertEquals(true, p.malformed());
  }

  @org.junit.jupiter.api.Test
  void goodReplyIsDnsjavasAlone() {
    byte[] wire = HexFormat.of().parseHex(reply(1, 0, 0, A));
    ReplyReader.Parsed p = (ReplyReader.Parsed) ReplyReader.read(wire, true);
    assertNull(p.wireCounts());
    assertEquals(0, p.extraBytes());
  }
}
