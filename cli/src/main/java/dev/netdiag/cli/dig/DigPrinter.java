package dev.netdiag.cli.dig;

import dev.netdiag.cli.Output;
import dev.netdiag.dns.Exchange;
import dev.netdiag.dns.Servers;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/** dig 9.18's text for one answered lookup: header, flags, OPT, sections, stats, or +short. */
final class DigPrinter {
  // The header flags in the order dig prints them (dig.c printmessage).
  private static final int[] FLAGS = {
    Flags.QR, Flags.AA, Flags.TC, Flags.RD, Flags.RA, Flags.AD, Flags.CD
  };
  private static final String[] FLAG_NAMES = {"qr", "aa", "tc", "rd", "ra", "ad", "cd"};

  /** The header's set flags in dig's order (also for the YAML and JSON forms). */
  static java.util.List<String> flagNames(Header h) {
    java.util.List<String> names = new java.util.ArrayList<>(FLAGS.length);
    for (int i = 0; i < FLAGS.length; i++) {
      if (h.getFlag(FLAGS[i])) {
        names.add(FLAG_NAMES[i]);
      }
    }
    return names;
  }

  // RFC 8914 section 4 info-codes, with the names BIND prints.
  private static final String[] EDE_NAMES = {
    "Other",
    "Unsupported DNSKEY Algorithm",
    "Unsupported DS Digest Type",
    "Stale Answer",
    "Forged Answer",
    "DNSSEC Indeterminate",
    "DNSSEC Bogus",
    "Signature Expired",
    "Signature Not Yet Valid",
    "DNSKEY Missing",
    "RRSIGs Missing",
    "No Zone Key Bit Set",
    "NSEC Missing",
    "Cached Error",
    "Not Ready",
    "Blocked",
    "Censored",
    "Filtered",
    "Prohibited",
    "Stale NXDOMAIN Answer",
    "Not Authoritative",
    "Not Supported",
    "No Reachable Authority",
    "Network Error",
    "Invalid Data",
  };

  private final WhenClock when;
  private boolean signed;
  private boolean validated = true;
  private boolean unusedKey;
  private final Lookup args;
  private final String serverName;
  private final Output out;

  DigPrinter(Lookup args, String serverName, Output out) {
    this(args, serverName, new WhenClock(), out);
  }

  DigPrinter(Lookup args, String serverName, WhenClock when, Output out) {
    this.when = when;
    this.args = args;
    this.serverName = serverName;
    this.out = out;
  }

  /**
   * With -k/-y: whether the run's key signs the queries, whether every TSIG so far verified, and
   * whether a secret was given that made no key.
   */
  DigPrinter tsig(boolean signed, boolean validated, boolean unusedKey) {
    this.signed = signed;
    this.validated = validated;
    this.unusedKey = unusedKey;
    return this;
  }

  void print(Exchange exchange) {
    Message response = exchange.response();
    if (args.shortForm) {
      for (Record r : response.getSection(Section.ANSWER)) {
        out.text(rdata(r, args));
        if (args.identify) {
          identify(out, serverName, exchange.rttNanos());
        }
        out.newline();
      }
      return;
    }
    if (args.comments) {
      out.line(";; Got answer:");
      header(response, exchange.query());
    }
    question(response, false);
    section(response, Section.ANSWER, "ANSWER", args.answer);
    section(response, Section.AUTHORITY, "AUTHORITY", args.authority);
    section(response, Section.ADDITIONAL, "ADDITIONAL", args.additional);
    tsigSection(response);
    if (args.stats) {
      if (args.useUsec) {
        out.text(";; Query time: ").number(exchange.rttNanos() / 1_000).line(" usec");
      } else {
        out.text(";; Query time: ").number(exchange.rttNanos() / 1_000_000).line(" msec");
      }
      out.text(";; SERVER: ")
          .text(Servers.text(exchange.server()))
          .ch('(')
          .text(serverName)
          .text(") (")
          .text(exchange.transport().name())
          .line(")");
      out.text(";; WHEN: ").line(when.now());
      out.text(";; MSG SIZE  rcvd: ").number(exchange.responseSize()).newline();
      if (signed && !validated) {
        out.line(";; WARNING -- Some TSIG could not be validated");
      }
      if (unusedKey) {
        out.line(";; WARNING -- TSIG key was not used.");
      }
      out.newline();
    }
  }

  /** +qr: the query as sent, as dig.c prints its send message, then ";; QUERY SIZE: N". */
  void printQuery(Message query, int size) {
    if (!args.shortForm) {
      if (args.comments) {
        out.line(";; Sending:");
        header(query, null);
      }
      question(query, true);
      tsigSection(query);
    }
    if (args.stats) {
      out.text(";; QUERY SIZE: ").number(size).newline().newline();
    }
  }

  // The TSIG pseudosection, shown with the additional section.
  private void tsigSection(Message m) {
    TSIGRecord tsigRecord = m.getTSIG();
    if (args.additional && tsigRecord != null) {
      if (args.comments) {
        out.line(";; TSIG PSEUDOSECTION:");
      }
      out.line(recordLine(tsigRecord, args, tsigText(tsigRecord, args.multiline)));
      if (args.comments) {
        out.newline();
      }
    }
  }

  // The question section; an empty one (+header-only) is left out of an answer, not of the query.
  private void question(Message m, boolean sending) {
    List<Record> questions = m.getSection(Section.QUESTION);
    if (!args.question || (questions.isEmpty() && !sending)) {
      return;
    }
    if (args.comments) {
      out.line(";; QUESTION SECTION:");
    }
    for (Record r : questions) {
      out.line(questionLine(r, args));
    }
    if (args.comments) {
      out.newline();
    }
  }

  // The header lines, the warnings about an answer (none for the query itself, sent == null), the
  // blank line and the OPT pseudosection.
  private void header(Message m, Message sent) {
    Header h = m.getHeader();
    // Message.getRcode and getOPT each walk the additional section: once per message here.
    OPTRecord opt = m.getOPT();
    int rcode = m.getRcode();
    out.text(";; ->>HEADER<<- opcode: ")
        .text(Opcode.string(h.getOpcode()))
        .text(", status: ")
        .text(Rcode.string(rcode))
        .text(", id: ")
        .number(h.getID())
        .newline();
    out.text(";; flags:");
    for (String flag : flagNames(h)) {
      out.ch(' ').text(flag);
    }
    out.text("; QUERY: ")
        .number(h.getCount(Section.QUESTION))
        .text(", ANSWER: ")
        .number(h.getCount(Section.ANSWER))
        .text(", AUTHORITY: ")
        .number(h.getCount(Section.AUTHORITY))
        .text(", ADDITIONAL: ")
        .number(h.getCount(Section.ADDITIONAL))
        .newline();
    if (sent != null) {
      if (sent.getHeader().getFlag(Flags.RD) && !h.getFlag(Flags.RA)) {
        out.line(";; WARNING: recursion requested but not available");
      }
      if (args.edns >= 0 && opt == null && (rcode == Rcode.FORMERR || rcode == Rcode.NOTIMP)) {
        out.text("\n;; WARNING: EDNS query returned status ")
            .text(Rcode.string(rcode))
            .text(" - retry with '")
            .text(args.dnssec ? "+nodnssec " : "")
            .line("+noedns'");
      }
    }
    out.newline();
    if (opt != null) {
      printOpt(opt, sent);
    }
  }

  /**
   * The WHEN line's date, as dig's strftime("%a %b %d %H:%M:%S %Z %Y") prints it (the zone file
   * libc reads, or libc itself, so the zone and its abbreviation are the C library's), formatted
   * once per second: a batch prints thousands a second.
   */
  static final class WhenClock {
    private long second = Long.MIN_VALUE;
    private String text;

    String now() {
      long s = System.currentTimeMillis() / 1000;
      if (s != second) {
        second = s;
        try {
          text = dev.netdiag.linux.LocalClock.dateText(s);
        } catch (dev.netdiag.linux.NativeException e) {
          // No libc to ask (no native access): java.time, whose zone names may differ.
          text =
              DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.ROOT)
                  .format(ZonedDateTime.now());
        }
      }
      return text;
    }
  }

  // The OPT pseudosection as BIND's message.c writes it: every option by its code, known ones in
  // their own form, others as "; OPT=CODE:" with hex bytes and a printable rendering. The query's
  // cookie tells a reply's cookie good, echoed or bad; in the query itself (+qr) PAD has no length
  // yet, as dig prints it before rendering pads it.
  private void printOpt(OPTRecord opt, Message sent) {
    out.line(";; OPT PSEUDOSECTION:");
    out.text("; EDNS: version: ")
        .number(opt.getVersion())
        .text(", flags:")
        .text((opt.getFlags() & 0x8000) != 0 ? " do" : "")
        .text("; udp: ")
        .number(opt.getPayloadSize())
        .newline();
    byte[] ourCookie = sent == null ? null : clientCookie(sent);
    for (EDNSOption o : opt.getOptions()) {
      byte[] wire = o.toWire();
      byte[] data = java.util.Arrays.copyOfRange(wire, Math.min(4, wire.length), wire.length);
      int code = o.getCode();
      switch (code) {
        case EDNSOption.Code.COOKIE -> {
          out.text("; COOKIE:");
          if (data.length > 0) {
            out.ch(' ').text(HexFormat.of().formatHex(data));
          }
          if (sent != null && ourCookie != null && data.length >= 8) {
            boolean ours = java.util.Arrays.equals(ourCookie, 0, 8, data, 0, 8);
            out.text(!ours ? " (bad)" : data.length >= 16 ? " (good)" : " (echoed)");
          }
          out.newline();
          continue;
        }
        case EDNSOption.Code.CLIENT_SUBNET -> {
          out.text("; CLIENT-SUBNET:");
          String ecs = ecs(data);
          if (ecs != null) {
            out.ch(' ').line(ecs);
            continue;
          }
        }
        case EDNSOption.Code.EDNS_EXPIRE -> {
          out.text("; EXPIRE:");
          if (data.length == 4) {
            long secs = java.nio.ByteBuffer.wrap(data).getInt() & 0xffffffffL;
            out.ch(' ').number(secs).text(" (").text(RdataText.verboseTtl(secs)).line(")");
            continue;
          }
        }
        case 11 -> {
          out.text("; TCP KEEPALIVE:");
          if (data.length == 2) {
            int dsecs = ((data[0] & 0xff) << 8) | (data[1] & 0xff);
            out.ch(' ').number(dsecs / 10).ch('.').number(dsecs % 10).line(" secs");
            continue;
          }
        }
        case 12 -> {
          out.text("; PAD:");
          if (data.length > 0 && sent != null) {
            out.text(" (").number(data.length).text(" bytes)");
          }
          out.newline();
          continue;
        }
        case EDNSOption.Code.NSID -> out.text("; NSID:");
        case 14 -> {
          out.text("; KEY-TAG:");
          if (data.length > 0 && data.length % 2 == 0) {
            for (int i = 0; i < data.length; i += 2) {
              out.text(i == 0 ? " " : ", ").number(((data[i] & 0xff) << 8) | (data[i + 1] & 0xff));
            }
            out.newline();
            continue;
          }
        }
        case 15 -> {
          out.text("; EDE:");
          if (data.length >= 2) {
            int ede = ((data[0] & 0xff) << 8) | (data[1] & 0xff);
            out.ch(' ').number(ede);
            if (ede < EDE_NAMES.length) {
              out.text(" (").text(EDE_NAMES[ede]).ch(')');
            }
            data = java.util.Arrays.copyOfRange(data, 2, data.length);
            if (data.length != 0) {
              out.ch(':');
            }
          } else if (data.length == 1) {
            int b = data[0] & 0xff;
            out.ch(' ')
                .text(HexFormat.of().toHexDigits((byte) b))
                .text(" (\"")
                .ch(b >= 0x20 && b < 0x7f ? (char) b : '.')
                .line("\")");
            continue;
          }
        }
        case 16, 17 -> {
          out.text(code == 16 ? "; CLIENT-TAG:" : "; SERVER-TAG:");
          if (data.length == 2) {
            out.ch(' ').number(((data[0] & 0xff) << 8) | (data[1] & 0xff)).newline();
            continue;
          }
        }
        default -> out.text("; OPT=").number(code).ch(':');
      }
      if (data.length != 0) {
        out.ch(' ');
        boolean utf8 = code == 15 && validUtf8(data);
        if (!utf8) {
          for (byte b : data) {
            out.text(HexFormat.of().toHexDigits(b)).ch(' ');
          }
        }
        out.text(code == 15 ? "(" : "(\"");
        StringBuilder printable = new StringBuilder(data.length);
        for (byte b : data) {
          int c = b & 0xff;
          printable.append(c >= 0x20 && c < 0x7f ? (char) c : utf8 && c > 127 ? (char) c : '.');
        }
        if (utf8) {
          out.text(new String(data, java.nio.charset.StandardCharsets.UTF_8));
        } else {
          out.text(printable);
        }
        out.text(code == 15 ? ")" : "\")");
      }
      out.newline();
    }
  }

  // The client cookie a query carried, or null.
  private static byte[] clientCookie(Message query) {
    OPTRecord opt = query.getOPT();
    if (opt == null) {
      return null;
    }
    for (EDNSOption o : opt.getOptions()) {
      if (o instanceof CookieOption c) {
        return c.getClientCookie();
      }
    }
    return null;
  }

  private static boolean validUtf8(byte[] data) {
    try {
      java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(data));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  // BIND's render_ecs: "ADDRESS/SOURCE/SCOPE", or null for a malformed option.
  private static String ecs(byte[] data) {
    if (data.length < 4) {
      return null;
    }
    int family = ((data[0] & 0xff) << 8) | (data[1] & 0xff);
    int source = data[2] & 0xff;
    int scope = data[3] & 0xff;
    int bytes = (source + 7) / 8;
    if (data.length - 4 < bytes || bytes > 16) {
      return null;
    }
    String address;
    switch (family) {
      case 0 -> {
        if (source != 0 || scope != 0) {
          return null;
        }
        address = "0";
      }
      case 1, 2 -> {
        int size = family == 1 ? 4 : 16;
        if (source > size * 8 || scope > size * 8) {
          return null;
        }
        byte[] full = new byte[size];
        System.arraycopy(data, 4, full, 0, Math.min(bytes, size));
        address = dev.netdiag.linux.AddressText.format(full);
      }
      default -> {
        return null;
      }
    }
    return address + "/" + source + "/" + scope;
  }

  private void section(Message response, int section, String title, boolean shown) {
    List<Record> all = response.getSection(section);
    List<Record> records = new java.util.ArrayList<>(all.size());
    for (Record r : all) {
      if (!(r instanceof OPTRecord) && !(r instanceof TSIGRecord)) {
        records.add(r);
      }
    }
    if (!shown || records.isEmpty()) {
      return;
    }
    if (args.comments) {
      out.text(";; ").text(title).line(" SECTION:");
    }
    for (Record r : records) {
      out.line(recordLine(r, args));
    }
    if (args.comments) {
      out.newline();
    }
  }

  /** The rdata as the lookup's options want it: +unknownformat, +nocrypto, +split. */
  static String rdata(Record r, Lookup args) {
    if (args.multiline && !args.shortForm) {
      // dig's default split width is the style's; an explicit +split=W (or +nosplit) wins.
      int split = args.split == RdataText.DEFAULT_SPLIT ? RdataText.MULTILINE_SPLIT : args.split;
      String multi =
          args.unknownFormat
              ? RdataText.generic(RdataText.unknownFormat(r, 0), split)
              : RdataText.multiline(r, split, args.rrcomments >= 0, args.crypto);
      if (multi != null) {
        return multi;
      }
    }
    if (args.unknownFormat) {
      return RdataText.unknownFormat(r, args.split);
    }
    if (!args.crypto) {
      String omitted = RdataText.withoutCrypto(r);
      if (omitted != null) {
        return omitted;
      }
    }
    return RdataText.of(r, args.split);
  }

  /** " from server NAME in T ms." after a +short +identify line (dig.c say_message). */
  static void identify(Output out, String server, long rttNanos) {
    out.text(" from server ").text(server).text(" in ").number(rttNanos / 1_000_000).text(" ms.");
  }

  /**
   * BIND's master-style columns for TTL, class, type and rdata as dig.c printmessage picks them:
   * tighter when +nottlid or +noclass leaves a column out.
   */
  static int[] columns(Lookup args) {
    if (args.multiline || (args.nottl && args.noclass)) {
      return new int[] {24, 24, 24, 32};
    }
    if (args.nottl || args.noclass) {
      return new int[] {24, 24, 32, 40};
    }
    return new int[] {24, 32, 40, 48};
  }

  /** A question line: ";NAME", class and type at the style's columns. */
  static String questionLine(Record r, Lookup args) {
    int[] col = columns(args);
    StringBuilder line = new StringBuilder(64).append(';').append(r.getName());
    int at = advance(line, 1, 0);
    at = pad(line, at, col[1]);
    int from = line.length();
    line.append(className(r.getDClass(), args));
    at = pad(line, advance(line, from, at), col[2]);
    line.append(typeName(r.getType(), args));
    return line.toString();
  }

  /** A record line: name, TTL (unless +nottlid), class (unless +noclass), type, rdata. */
  static String recordLine(Record r, Lookup args) {
    return recordLine(r, args, rdata(r, args));
  }

  /**
   * The TSIG pseudo-record's rdata as BIND prints it (an empty other-data leaves a final space).
   */
  static String tsigText(TSIGRecord t, boolean multiline) {
    StringBuilder out =
        new StringBuilder(128)
            .append(t.getAlgorithm())
            .append(' ')
            .append(t.getTimeSigned().getEpochSecond())
            .append(' ')
            .append(t.getFudge().getSeconds())
            .append(' ')
            .append(t.getSignature().length);
    if (t.getSignature().length > 0) {
      String mac = java.util.Base64.getEncoder().encodeToString(t.getSignature());
      if (multiline) {
        out.append(" (").append(RdataText.LINE_BREAK).append(mac).append(" )");
      } else {
        out.append(' ').append(mac);
      }
    }
    byte[] other = t.getOther() == null ? new byte[0] : t.getOther();
    out.append(' ')
        .append(t.getOriginalID())
        .append(' ')
        .append(Rcode.TSIGstring(t.getError()))
        .append(' ')
        .append(other.length)
        .append(' ')
        .append(java.util.Base64.getEncoder().encodeToString(other));
    return out.toString();
  }

  static String recordLine(Record r, Lookup args, String rdata) {
    int[] col = columns(args);
    // The column is carried along (each piece counted once) rather than recounted from the start
    // of the line at every field: dig -f prints a few hundred thousand of these lines.
    StringBuilder line = new StringBuilder(96).append(r.getName());
    int at = advance(line, 0, 0);
    if (!args.nottl) {
      at = pad(line, at, col[0]);
      int from = line.length();
      if (args.ttlunits) {
        ttlUnits(line, r.getTTL());
      } else {
        line.append(r.getTTL());
      }
      at = advance(line, from, at);
    }
    if (!args.noclass) {
      at = pad(line, at, col[1]);
      int from = line.length();
      line.append(className(r.getDClass(), args));
      at = advance(line, from, at);
    }
    at = pad(line, at, col[2]);
    int from = line.length();
    line.append(typeName(r.getType(), args));
    pad(line, advance(line, from, at), col[3]);
    line.append(rdata);
    return line.toString();
  }

  private static String className(int dclass, Lookup args) {
    return args.unknownFormat ? "CLASS" + dclass : DClass.string(dclass);
  }

  private static String typeName(int type, Lookup args) {
    return args.unknownFormat ? "TYPE" + type : Type.string(type);
  }

  /** BIND's dns_ttl_totext: weeks, days, hours, minutes, seconds, each only when not zero. */
  static void ttlUnits(StringBuilder out, long ttl) {
    long secs = ttl % 60;
    long mins = ttl / 60 % 60;
    long hours = ttl / 3600 % 24;
    long days = ttl / 86400 % 7;
    long weeks = ttl / 604800;
    if (weeks != 0) {
      out.append(weeks).append('w');
    }
    if (days != 0) {
      out.append(days).append('d');
    }
    if (hours != 0) {
      out.append(hours).append('h');
    }
    if (mins != 0) {
      out.append(mins).append('m');
    }
    if (secs != 0 || ttl < 60) {
      out.append(secs).append('s');
    }
  }

  // BIND's column rule (masterdump.c indent): tabs up to the column, or one more column when the
  // text already reaches it.
  // The question line's ';' is not counted: dig prints it before BIND's formatter starts.
  static void indent(StringBuilder line, int column) {
    pad(line, advance(line, line.charAt(0) == ';' ? 1 : 0, 0), column);
  }

  // The column after line[from..], starting at column col: a tab moves to the next multiple of 8.
  private static int advance(CharSequence line, int from, int col) {
    for (int i = from; i < line.length(); i++) {
      col = line.charAt(i) == '\t' ? (col / 8 + 1) * 8 : col + 1;
    }
    return col;
  }

  // Pads from column col to column as BIND's indent() does; returns the column reached.
  private static int pad(StringBuilder line, int col, int column) {
    if (col >= column) {
      // BIND's indent() moves at least one column: a tab when that one column ends a tab stop.
      boolean tab = (col + 1) % 8 == 0;
      line.append(tab ? '\t' : ' ');
      return col + 1;
    }
    while (col < column) {
      line.append('\t');
      col = (col / 8 + 1) * 8;
    }
    return col;
  }
}
