package dev.netdiag.dns;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.xbill.DNS.Message;

/**
 * A reply as dig reads it: dnsjava's message when dnsjava parses it (and how many bytes it left
 * over), else BIND 9.18's verdict ({@link MessageWalk}): the records BIND would have kept, or the
 * error it stops with. Good replies pay for nothing more than dnsjava's parse.
 */
public final class ReplyReader {
  // Where the counts sit in the header (RFC 1035 4.1.1): QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT.
  private static final int COUNTS = 4;
  private static final int HEADER = 12;

  private ReplyReader() {}

  /** What a reply is to dig. */
  public sealed interface Read {}

  /**
   * A message dig prints.
   *
   * @param message the records dig keeps, with the header (and its counts) as on the wire
   * @param extraBytes the bytes after the last one the parser read (dig's "extra bytes at end")
   * @param malformed BIND's parser reported a recoverable problem (DNS_R_RECOVERABLE): dig warns
   *     "Message parser reports malformed message packet."
   * @param bareQuestion a question name whose type and class were cut off: dig prints the question
   *     section's title alone
   * @param wireCounts the header's counts as on the wire when the message holds fewer records, else
   *     null (dnsjava's header counts the message's records, and its TSIG lookup needs that)
   */
  public record Parsed(
      Message message, int extraBytes, boolean malformed, boolean bareQuestion, int[] wireCounts)
      implements Read {}

  /** A reply BIND refuses, with its result text ("bad compression pointer"): "Got bad packet". */
  public record Bad(String reason) implements Read {}

  /**
   * Reads a reply of at least a header's length; {@code bestEffort} is dig's +besteffort (on by
   * default), which keeps what comes before a truncation.
   */
  public static Read read(byte[] wire, boolean bestEffort) {
    ByteBuffer buffer = ByteBuffer.wrap(wire);
    try {
      Message message = new Message(buffer);
      return new Parsed(message, buffer.remaining(), false, false, null);
    } catch (IOException | RuntimeException e) {
      // dnsjava refuses it: BIND decides below.
    }
    MessageWalk.Outcome walk = MessageWalk.walk(wire, bestEffort);
    if (walk.error() != null) {
      return new Bad(walk.error().text);
    }
    return new Parsed(
        kept(wire, walk),
        wire.length - walk.stop(),
        walk.recoverable(),
        walk.bareQuestion(),
        walk.counts());
  }

  /**
   * The records BIND kept, parsed by dnsjava from the bytes before the first one BIND dropped (they
   * are always a prefix: BIND stops at the first record it cannot read). Should dnsjava refuse a
   * record BIND reads, the records from that one on are left out. The header is put back as on the
   * wire, so its counts are the ones dig prints.
   */
  private static Message kept(byte[] wire, MessageWalk.Outcome walk) {
    int[] kept = walk.kept();
    int records = kept[1] + kept[2] + kept[3];
    for (int n = records; n >= 0; n--) {
      int[] counts = {kept[0], 0, 0, 0};
      int left = n;
      for (int s = 1; s < COUNTS; s++) {
        counts[s] = Math.min(left, kept[s]);
        left -= counts[s];
      }
      Message message = prefix(wire, walk.starts()[n], counts);
      if (message != null) {
        return message;
      }
    }
    // Not even the questions: the header alone, which always parses.
    return prefix(wire, HEADER, new int[COUNTS]);
  }

  // dnsjava's message from the first `end` bytes with these counts; null if it refuses them.
  private static Message prefix(byte[] wire, int end, int[] counts) {
    byte[] cut = Arrays.copyOf(wire, end);
    for (int s = 0; s < COUNTS; s++) {
      cut[4 + 2 * s] = (byte) (counts[s] >>> 8);
      cut[5 + 2 * s] = (byte) counts[s];
    }
    try {
      return new Message(cut);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
