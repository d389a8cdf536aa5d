package dev.netdiag.cli.lsof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** lsof 4.95's FILE-FLAG texts for fdinfo flags (octal, as fdinfo prints them). */
class FileFlagsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // flags (octal) | +fg | +fG
        "0100000 | LG | 0x8000;0x0",
        "0100001 | W,LG | 0x8001;0x0",
        "02106002 | RW,AP,ND,LG,CX | 0x88c02;0x0",
        "02300000 | DTY,LG,CX | 0x98000;0x0",
        "01 | W | 0x1;0x0",
        // O_DSYNC alone matches lsof's O_SYNC entry first, which clears both bits.
        "010000 | SYN | 0x1000;0x0",
        "04010000 | SYN | 0x101000;0x0",
        "010000000 | PATH | 0x200000;0x0",
        // A bit lsof has no name for stays in hex.
        "040000000 | 0x800000 | 0x800000;0x0",
        "0 | '' | 0x0;0x0",
      })
  void matchesLsof(String octal, String names, String hex) {
    int flags = Integer.parseInt(octal.strip(), 8);
    assertEquals(names.strip(), FileFlags.text(flags, false));
    assertEquals(hex.strip(), FileFlags.text(flags, true));
  }

  @Test
  void blankWithoutFdinfo() {
    assertEquals("", FileFlags.text(-1, false));
    assertEquals("", FileFlags.text(-1, true));
  }
}
