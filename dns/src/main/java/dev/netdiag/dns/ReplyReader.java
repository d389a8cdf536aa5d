package dev.netdiag.dns;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

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
    Message message = null;
    try {
      message = new Message(buffer);
    } catch (IOException | RuntimeException e) {
      // dnsjava refuses it: BIND decides below.
    }
    Parsed whole =
        message == null ? null : new Parsed(message, buffer.remaining(), false, false, null);
    if (whole != null && !suspect(message)) {
      return whole;
    }
    MessageWalk.Outcome walk = MessageWalk.walk(wire, bestEffort);
    if (whole != null && walk.error() == null && !walk.recoverable()) {
      return whole;
    }
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
   * Whether dnsjava took something BIND's parser flags (message.c's DO_ERROR checks, rdata BIND
   * reads otherwise): a record of another class than the question's, an OPT that is not the one
   * root-owned record of the additional section, an RRSIG covering type 0, a TXT without a string,
   * type 0, more than one question. A few field reads per record; only then is the reply walked by
   * BIND's rules.
   */
  @SuppressWarnings("unchecked")
  private static boolean suspect(Message message) {
    // Each section's list fetched once and read by index: dnsjava wraps the list anew on every
    // getSection, and with C1 alone those wrappers and their iterators were most of this check's
    // cost in a 50,000-name batch.
    List<Record>[] sections = new List[COUNTS];
    for (int section = Section.QUESTION; section <= Section.ADDITIONAL; section++) {
      sections[section] = message.getSection(section);
      // dnsjava keeps what it read of a message with TC set and stops without a word.
      if (sections[section].size() != message.getHeader().getCount(section)) {
        return true;
      }
    }
    List<Record> questions = sections[Section.QUESTION];
    if (questions.size() > 1) {
      return true;
    }
    int qclass = questions.isEmpty() ? -1 : questions.getFirst().getDClass();
    if (message.getHeader().getOpcode() == Opcode.UPDATE) {
      return false;
    }
    int opts = 0;
    for (int section = Section.ANSWER; section <= Section.ADDITIONAL; section++) {
      List<Record> records = sections[section];
      for (int i = 0, n = records.size(); i < n; i++) {
        Record r = records.get(i);
        int type = r.getType();
        switch (type) {
          case Type.OPT -> {
            if (section != Section.ADDITIONAL || !r.getName().equals(Name.root) || ++opts > 1) {
              return true;
            }
            continue;
          }
          case Type.TSIG, Type.TKEY -> {
            continue;
          }
          case 0 -> {
            return true;
          }
          // Types whose rdata BIND checks harder than dnsjava (digest and address lengths, type
          // bitmaps, SVCB keys, CAA tags, LOC ranges, ...): the walk decides.
          case 11,
              24,
              34,
              25,
              29,
              37,
              42,
              43,
              44,
              45,
              47,
              48,
              49,
              50,
              51,
              52,
              53,
              55,
              59,
              60,
              61,
              62,
              63,
              64,
              65,
              108,
              109,
              256,
              257,
              260,
              32768,
              32769 -> {
            return true;
          }
          case Type.RRSIG -> {
            return true;
          }
          case Type.TXT, Type.SPF -> {
            if (r.rdataToWireCanonical().length == 0) {
              return true;
            }
          }
          default -> {}
        }
        int rdclass = r.getDClass();
        if (qclass < 0) {
          qclass = rdclass;
        } else if (rdclass != qclass && qclass != DClass.ANY) {
          return true;
        }
      }
    }
    return false;
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
