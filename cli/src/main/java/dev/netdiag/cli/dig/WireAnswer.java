package dev.netdiag.cli.dig;

import dev.netdiag.cli.Output;
import dev.netdiag.linux.AddressText;

/**
 * dig's text for a plain reply of a {@code -f} batch, written straight from the reply's bytes: the
 * header and flags lines, the OPT pseudosection, the question and the three record sections, as
 * DigPrinter prints them with dig's default options. It covers the replies a batch mostly gets —
 * one question, class IN, records of the types DigPrinter writes without making their text (A,
 * AAAA, NS, CNAME, PTR, DNAME, MX, SOA), at most an OPT with a COOKIE — and {@link #read} declines
 * any other (null), which then goes the general way: dnsjava reads it and DigPrinter prints it.
 *
 * <p>Why: reading 50,000 replies into dnsjava's records and printing them from those was a quarter
 * of a batch's CPU, and much of the JIT's warm-up: a 50,000-name batch went from 639 to 483 ms
 * (docs/BENCHMARKS.md). The walk below is the codec for this one subset: every offset stays in this
 * class, every read is bounds-checked by {@link #read}'s walk before {@link #write} runs, and names
 * follow compression pointers only backwards.
 */
final class WireAnswer {
  // Header (RFC 1035 4.1.1), big-endian:
  //   0  ID        2  flags: QR 0x8000, opcode 0x7800, AA 0x0400, TC 0x0200, RD 0x0100,
  //                   RA 0x0080, Z 0x0040, AD 0x0020, CD 0x0010, rcode 0x000f
  //   4  QDCOUNT   6  ANCOUNT   8  NSCOUNT   10 ARCOUNT
  // Question after its name: 0 TYPE, 2 CLASS.
  // Resource record after its owner name (RFC 1035 4.1.3):
  //   0  TYPE   2  CLASS   4  TTL   8  RDLENGTH   10 RDATA
  // OPT (RFC 6891 6.1.2): owner root, CLASS the UDP payload size, TTL extended rcode (8 bits),
  // version (8), flags (16: DO 0x8000, CO 0x4000); RDATA options of CODE (16), LENGTH (16), data.
  private static final int HEADER = 12;
  private static final int FIXED = 10;
  private static final int MAX_NAME = 255;
  private static final int CLASS_IN = 1;
  private static final int TYPE_A = 1;
  private static final int TYPE_NS = 2;
  private static final int TYPE_CNAME = 5;
  private static final int TYPE_SOA = 6;
  private static final int TYPE_PTR = 12;
  private static final int TYPE_MX = 15;
  private static final int TYPE_AAAA = 28;
  private static final int TYPE_DNAME = 39;
  private static final int TYPE_OPT = 41;
  private static final int OPTION_COOKIE = 10;
  private static final int FORMERR = 1;
  private static final int NOTIMP = 4;

  // The header's flags in dig's order, with their bits (DigPrinter's FLAGS).
  private static final int[] FLAG_BITS = {0x8000, 0x0400, 0x0200, 0x0100, 0x0080, 0x0020, 0x0010};
  private static final String[] FLAG_NAMES = {" qr", " aa", " tc", " rd", " ra", " ad", " cd"};
  private static final String[] TITLES = {
    ";; ANSWER SECTION:", ";; AUTHORITY SECTION:", ";; ADDITIONAL SECTION:"
  };
  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final byte[] wire;
  // Where the first record starts, after the one question.
  private final int recordsAt;
  // The OPT record's owner (its offset), or -1; and its COOKIE option's data, or null.
  private final int opt;
  private final byte[] cookie;

  private WireAnswer(byte[] wire, int recordsAt, int opt, byte[] cookie) {
    this.wire = wire;
    this.recordsAt = recordsAt;
    this.opt = opt;
    this.cookie = cookie;
  }

  /**
   * Whether a lookup's options print a reply as dig does by default, the form {@link #write} knows:
   * sections and comments on, no +short, +yaml, +json, +multiline, +nottlid, +noclass, +ttlunits,
   * +unknownformat, +expandaaaa, +idnout, +rrcomments or +qr.
   */
  static boolean fits(Lookup args) {
    return !args.shortForm
        && !args.yaml
        && !args.json
        && args.comments
        && args.question
        && args.answer
        && args.authority
        && args.additional
        && !args.multiline
        && !args.nottl
        && !args.noclass
        && !args.ttlunits
        && !args.unknownFormat
        && !args.expandaaaa
        && !args.idnout
        && args.rrcomments <= 0
        && !args.qr;
  }

  /**
   * The reply as this class prints it, or null when it is outside the subset: another opcode than
   * QUERY, not exactly one question, a class other than IN, a type outside the list, a name with
   * another label type or a pointer that does not point back, an rdata whose fields do not fill its
   * length exactly, an OPT that is not the one root-owned record of the additional section or
   * carries other options than one COOKIE, an EDNS FORMERR or NOTIMP (dig's retry warning), a TTL
   * over 2^31 - 1, or bytes after the last record.
   */
  static WireAnswer read(byte[] wire) {
    // Every read below is checked against the length first: a reply cut short is declined here,
    // and the general way reports it as dig does.
    if (wire.length < HEADER) {
      return null;
    }
    int flags = u16(wire, 2);
    if ((flags & 0x7800) != 0 || u16(wire, 4) != 1) {
      return null;
    }
    int at = name(wire, HEADER);
    if (at < 0 || wire.length - at < 4 || u16(wire, at + 2) != CLASS_IN) {
      return null;
    }
    at += 4;
    int recordsAt = at;
    int opt = -1;
    int cookieAt = -1;
    int cookieLength = 0;
    for (int section = 1; section <= 3; section++) {
      int count = u16(wire, 4 + 2 * section);
      for (int i = 0; i < count; i++) {
        int owner = at;
        at = name(wire, at);
        if (at < 0 || wire.length - at < FIXED) {
          return null;
        }
        int type = u16(wire, at);
        int rdclass = u16(wire, at + 2);
        int length = u16(wire, at + 8);
        int rdata = at + FIXED;
        at = rdata + length;
        if (at > wire.length) {
          return null;
        }
        if (type == TYPE_OPT) {
          if (section != 3 || opt >= 0 || wire[owner] != 0) {
            return null;
          }
          opt = owner;
          int o = rdata;
          while (o < at) {
            if (at - o < 4 || u16(wire, o) != OPTION_COOKIE || cookieAt >= 0) {
              return null;
            }
            int size = u16(wire, o + 2);
            // dnsjava reads a COOKIE of 8 bytes, or 16 to 40 (RFC 7873 4).
            if (at - o - 4 < size || (size != 8 && (size < 16 || size > 40))) {
              return null;
            }
            cookieAt = o + 4;
            cookieLength = size;
            o += 4 + size;
          }
          continue;
        }
        if (rdclass != CLASS_IN
            || (wire[at - length - 6] & 0x80) != 0
            || !rdata(wire, type, rdata, at)) {
          return null;
        }
      }
    }
    if (at != wire.length) {
      return null;
    }
    int rcode = (flags & 0xf) | (opt < 0 ? 0 : (wire[opt + 5] & 0xff) << 4);
    if (opt < 0 && (rcode == FORMERR || rcode == NOTIMP)) {
      return null;
    }
    byte[] cookie =
        cookieAt < 0 ? null : java.util.Arrays.copyOfRange(wire, cookieAt, cookieAt + cookieLength);
    return new WireAnswer(wire, recordsAt, opt, cookie);
  }

  // Whether the rdata from start to end is one of the subset's types, its fields filling it.
  private static boolean rdata(byte[] wire, int type, int start, int end) {
    return switch (type) {
      case TYPE_A -> end - start == 4;
      case TYPE_AAAA -> end - start == 16;
      case TYPE_NS, TYPE_CNAME, TYPE_PTR, TYPE_DNAME -> name(wire, start) == end;
      case TYPE_MX -> end - start > 2 && name(wire, start + 2) == end;
      case TYPE_SOA -> {
        int rname = name(wire, start);
        int fields = rname < 0 ? -1 : name(wire, rname);
        yield fields >= 0 && end - fields == 20;
      }
      default -> false;
    };
  }

  /**
   * The offset after the name at {@code at}, or -1: labels of 1 to 63 octets, pointers each to an
   * offset before the one it sits at (so no loop), 255 octets at most in all.
   */
  private static int name(byte[] wire, int at) {
    int end = -1;
    int length = 0;
    int pos = at;
    while (true) {
      if (pos >= wire.length) {
        return -1;
      }
      int octet = wire[pos] & 0xff;
      if (octet == 0) {
        return end < 0 ? pos + 1 : end;
      }
      if ((octet & 0xc0) == 0xc0) {
        if (pos + 1 >= wire.length) {
          return -1;
        }
        int target = (octet & 0x3f) << 8 | (wire[pos + 1] & 0xff);
        if (target >= pos) {
          return -1;
        }
        if (end < 0) {
          end = pos + 2;
        }
        pos = target;
        continue;
      }
      if ((octet & 0xc0) != 0) {
        return -1;
      }
      length += octet + 1;
      if (length + 1 > MAX_NAME || pos + octet >= wire.length) {
        return -1;
      }
      pos += octet + 1;
    }
  }

  /** The reply's COOKIE option data, or null. */
  byte[] cookie() {
    return cookie;
  }

  /** Whether the reply has an OPT record. */
  boolean hasOpt() {
    return opt >= 0;
  }

  /**
   * Writes ";; Got answer:" through the last section, as DigPrinter.print does for this reply;
   * {@code ourCookie} is the query's COOKIE data (for the option's verdict), or null.
   */
  void write(Output out, byte[] ourCookie) {
    int flags = u16(wire, 2);
    int rcode = (flags & 0xf) | (opt < 0 ? 0 : (wire[opt + 5] & 0xff) << 4);
    out.ascii(";; Got answer:").newline();
    out.ascii(";; ->>HEADER<<- opcode: QUERY, status: ")
        .ascii(DigPrinter.rcodeText(rcode))
        .ascii(", id: ")
        .number(u16(wire, 0))
        .newline();
    out.ascii(";; flags:");
    for (int i = 0; i < FLAG_BITS.length; i++) {
      if ((flags & FLAG_BITS[i]) != 0) {
        out.ascii(FLAG_NAMES[i]);
      }
    }
    if ((flags & 0x0040) != 0) {
      out.ascii("; MBZ: 0x4");
    }
    out.ascii("; QUERY: 1, ANSWER: ")
        .number(u16(wire, 6))
        .ascii(", AUTHORITY: ")
        .number(u16(wire, 8))
        .ascii(", ADDITIONAL: ")
        .number(u16(wire, 10))
        .newline();
    if ((flags & 0x0180) == 0x0100) {
      out.ascii(";; WARNING: recursion requested but not available").newline();
    }
    out.newline();
    if (opt >= 0) {
      writeOpt(out, ourCookie);
    }
    out.ascii(";; QUESTION SECTION:").newline();
    out.ch(';');
    int at = HEADER;
    int col = DigPrinter.pad(out, name(out, at), 32);
    at = name(wire, at);
    out.ascii("IN");
    DigPrinter.pad(out, col + 2, 40);
    out.ascii(RdataText.typeName(u16(wire, at))).newline();
    at = recordsAt;
    for (int section = 1; section <= 3; section++) {
      int count = u16(wire, 4 + 2 * section);
      boolean any = false;
      for (int i = 0; i < count; i++) {
        int owner = at;
        at = name(wire, at);
        int type = u16(wire, at);
        int rdata = at + FIXED;
        at = rdata + u16(wire, at + 8);
        if (type == TYPE_OPT) {
          continue;
        }
        if (!any) {
          out.newline().ascii(TITLES[section - 1]).newline();
          any = true;
        }
        record(out, owner, type, rdata);
      }
    }
    out.newline();
  }

  // The OPT pseudosection as DigPrinter.printOpt writes it for an OPT with at most a COOKIE.
  private void writeOpt(Output out, byte[] ourCookie) {
    int ttl = opt + 5;
    int optFlags = u16(wire, ttl + 2);
    out.ascii(";; OPT PSEUDOSECTION:").newline();
    out.ascii("; EDNS: version: ").number(wire[ttl + 1] & 0xff).ascii(", flags:");
    if ((optFlags & 0x8000) != 0) {
      out.ascii(" do");
    }
    if ((optFlags & 0x4000) != 0) {
      out.ascii(" co");
    }
    int mbz = optFlags & 0x3fff;
    if (mbz != 0) {
      out.ascii("; MBZ: 0x").ascii(DigPrinter.hex4(mbz)).ascii(", udp: ");
    } else {
      out.ascii("; udp: ");
    }
    out.number(u16(wire, opt + 3)).newline();
    if (cookie != null) {
      out.ascii("; COOKIE: ");
      for (byte b : cookie) {
        out.write(HEX[(b >> 4) & 0xf]);
        out.write(HEX[b & 0xf]);
      }
      out.ascii(DigPrinter.cookieVerdict(cookie, ourCookie)).newline();
    }
  }

  // One record line at dig's default columns (24, 32, 40, 48): name, TTL, class, type, rdata.
  private void record(Output out, int owner, int type, int rdata) {
    int fixed = rdata - FIXED;
    int col = DigPrinter.pad(out, name(out, owner), 24);
    long from = out.position();
    out.number(u32(wire, fixed + 4));
    col = DigPrinter.pad(out, col + (int) (out.position() - from), 32);
    out.ascii("IN");
    String typeName = RdataText.typeName(type);
    col = DigPrinter.pad(out, col + 2, 40);
    out.ascii(typeName);
    DigPrinter.pad(out, col + typeName.length(), 48);
    switch (type) {
      case TYPE_A -> DigPrinter.ipv4(out, wire, rdata);
      case TYPE_AAAA -> out.ascii(AddressText.formatIpv6(wire, rdata));
      case TYPE_MX -> {
        out.number(u16(wire, rdata)).ch(' ');
        name(out, rdata + 2);
      }
      case TYPE_SOA -> {
        name(out, rdata);
        int rname = name(wire, rdata);
        out.ch(' ');
        name(out, rname);
        for (int at = name(wire, rname); at < rdata + u16(wire, fixed + 8); at += 4) {
          out.ch(' ').number(u32(wire, at));
        }
      }
      default -> name(out, rdata);
    }
    out.newline();
  }

  // Writes the (checked) name at the offset as DigPrinter.name does; returns the characters.
  private int name(Output out, int at) {
    long start = out.position();
    int pos = at;
    int length = wire[pos] & 0xff;
    while (length != 0) {
      if ((length & 0xc0) == 0xc0) {
        pos = (length & 0x3f) << 8 | (wire[pos + 1] & 0xff);
      } else {
        DigPrinter.label(out, wire, pos + 1, length);
        out.ch('.');
        pos += 1 + length;
      }
      length = wire[pos] & 0xff;
    }
    if (out.position() == start) {
      // The root, as itself or through a pointer.
      out.ch('.');
    }
    return (int) (out.position() - start);
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
  }

  private static long u32(byte[] b, int at) {
    return (long) u16(b, at) << 16 | u16(b, at + 2);
  }
}
