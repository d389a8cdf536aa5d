package dev.netdiag.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HPACK's integers, our request blocks, and the status of response blocks (RFC 7541 vectors). */
class HpackTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // Appendix C.6.1 and C.6.2: ":status: 302" and "307", literal with indexing, Huffman-coded.
    "48826402, 302",
    "4883640eff, 307",
    // Static entries 8 and 13.
    "88, 200",
    "8d, 404",
    "8e, 500",
    // A table size update (4096) first, then ":status: 200".
    "3fe11f88, 200",
    // "200" in Huffman code (00010 00000 00000, one bit of padding), without and never indexed.
    "08821001, 200",
    "18821001, 200",
    // Literal name ":status" and the value "204", neither Huffman-coded.
    "00073a73746174757303323034, 204",
    "00073a737461747573033230, -1",
    // Not a status first: ":method: GET"; a dynamic index; cut short; 'a' (00011) in Huffman.
    "82, -1",
    "be, -1",
    "4882, -1",
    "48811f, -1",
    "'', -1",
  })
  void statusOfAResponseBlock(String hex, int status) {
    assertEquals(status, Hpack.status(HexFormat.of().parseHex(hex)));
  }

  @Test
  void integersInAPrefix() {
    // Appendix C.1: 10 in a 5-bit prefix, 1337 in a 5-bit prefix, 42 at an octet boundary.
    assertArrayEquals(new byte[] {10}, integer(5, 10));
    assertArrayEquals(new byte[] {31, (byte) 154, 10}, integer(5, 1337));
    assertArrayEquals(new byte[] {42}, integer(8, 42));
  }

  @Test
  void requestBlockIsLiteralFieldsWithoutIndexing() {
    byte[] block = Hpack.block(":method", "GET", "accept", "x/y");
    assertEquals(
        "00073a6d6574686f640347455400066163636570740378" + "2f79", HexFormat.of().formatHex(block));
  }

  /** Any bytes at all: a status or -1, never an exception (fixed seed, 20,000 blocks). */
  @Test
  void anyBlockReadsAsAStatusOrNone() {
    java.util.Random random = new java.util.Random(7541);
    for (int i = 0; i < 20_000; i++) {
      byte[] block = new byte[random.nextInt(12)];
      random.nextBytes(block);
      int status = Hpack.status(block);
      if (status != -1 && (status < 0 || status > 999)) {
        throw new AssertionError(HexFormat.of().formatHex(block) + " -> " + status);
      }
    }
  }

  private static byte[] integer(int prefix, int value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Hpack.integer(out, 0, prefix, value);
    return out.toByteArray();
  }
}
