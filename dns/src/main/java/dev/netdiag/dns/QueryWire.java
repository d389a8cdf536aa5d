package dev.netdiag.dns;

import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A query's wire form without dnsjava's name compression, where compression cannot change a byte: a
 * header, the question, and at most an OPT record (owned by the root, whose name is one byte).
 * Message.toWire hashes every suffix of the question name into a compression table that nothing
 * else in such a message can point into; in a 50,000-name batch that was a third of the reader
 * thread's time. Other messages (an IXFR query with its SOA, one with a TSIG record) go to
 * Message.toWire. Not for a message given a key by setTSIG: dnsjava signs it only in toWire and
 * shows the key to no one, so this could not tell.
 */
public final class QueryWire {
  private QueryWire() {}

  /** The bytes Message.toWire(Message.MAXLENGTH) gives for this query. */
  public static byte[] of(Message query) {
    if (query.getTSIG() != null
        || !query.getSection(Section.ANSWER).isEmpty()
        || !query.getSection(Section.AUTHORITY).isEmpty()) {
      return query.toWire(Message.MAXLENGTH);
    }
    List<Record> additional = query.getSection(Section.ADDITIONAL);
    if (additional.size() > 1
        || (additional.size() == 1 && !(additional.get(0) instanceof OPTRecord))) {
      return query.toWire(Message.MAXLENGTH);
    }
    List<Record> question = query.getSection(Section.QUESTION);
    byte[] header = query.getHeader().toWire();
    byte[] q = question.isEmpty() ? new byte[0] : question.get(0).toWire(Section.QUESTION);
    byte[] opt = additional.isEmpty() ? new byte[0] : additional.get(0).toWire(Section.ADDITIONAL);
    if (question.size() > 1) {
      return query.toWire(Message.MAXLENGTH);
    }
    byte[] wire = new byte[header.length + q.length + opt.length];
    System.arraycopy(header, 0, wire, 0, header.length);
    System.arraycopy(q, 0, wire, header.length, q.length);
    System.arraycopy(opt, 0, wire, header.length + q.length, opt.length);
    return wire;
  }
}
