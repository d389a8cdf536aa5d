package dev.netdiag.cli.dig;

import dev.netdiag.cli.Output;
import dev.netdiag.dns.Exchange;
import dev.netdiag.dns.QueryEngine;
import dev.netdiag.dns.Servers;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIGRecord;

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
  static final String[] EDE_NAMES = {
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
        if (!plainRdata(out, r, args)) {
          out.text(rdata(r, args));
        }
        if (args.identify) {
          identify(out, serverName, exchange.rttNanos());
        }
        out.newline();
      }
      return;
    }
    if (args.comments) {
      out.ascii(";; Got answer:").newline();
      header(response, exchange.query(), exchange.extraBytes(), exchange::count);
    }
    question(response, false, exchange.bareQuestion());
    // message.c names an UPDATE's sections after RFC 2136 (its header counts stay dig.c's).
    boolean update = response.getHeader().getOpcode() == Opcode.UPDATE;
    section(response, Section.ANSWER, update ? "PREREQUISITE" : "ANSWER", args.answer);
    section(response, Section.AUTHORITY, update ? "UPDATE" : "AUTHORITY", args.authority);
    section(response, Section.ADDITIONAL, "ADDITIONAL", args.additional);
    tsigSection(response);
    received(exchange);
  }

  // dig.c received(): TLS, else the HTTP flavour +https or +http-plain asked for (whatever the
  // transport), else TCP or UDP.
  private String protocol(dev.netdiag.dns.Transport transport) {
    if (transport == dev.netdiag.dns.Transport.TLS || !args.https) {
      return transport.name();
    }
    String http = args.httpPlain ? "HTTP" : "HTTPS";
    return args.httpsGet ? http + "-GET" : http;
  }

  /**
   * dig.c received(): the statistics, or with +nostats and +identify the line saying who answered
   * and how fast; nothing else.
   */
  void received(Exchange exchange) {
    received(exchange.rttNanos(), exchange.server(), exchange.transport(), exchange.responseSize());
  }

  /** {@link #received(Exchange)} from the exchange's parts. */
  void received(
      long rttNanos,
      java.net.InetSocketAddress server,
      dev.netdiag.dns.Transport transport,
      int responseSize) {
    if (args.stats) {
      if (args.useUsec) {
        out.ascii(";; Query time: ").number(rttNanos / 1_000).ascii(" usec").newline();
      } else {
        out.ascii(";; Query time: ").number(rttNanos / 1_000_000).ascii(" msec").newline();
      }
      out.ascii(";; SERVER: ")
          .ascii(Servers.text(server))
          .ch('(')
          .text(serverName)
          .ascii(") (")
          .ascii(protocol(transport))
          .ascii(")")
          .newline();
      out.ascii(";; WHEN: ").line(when.now());
      out.ascii(";; MSG SIZE  rcvd: ").number(responseSize).newline();
      if (signed && !validated) {
        out.ascii(";; WARNING -- Some TSIG could not be validated").newline();
      }
      if (unusedKey) {
        out.ascii(";; WARNING -- TSIG key was not used.").newline();
      }
      out.newline();
    } else if (args.identify) {
      // dig.c received(): without statistics, +identify still says who answered and how fast.
      out.ascii(";; Received ")
          .number(responseSize)
          .ascii(" bytes from ")
          .ascii(Servers.text(server))
          .ch('(')
          .text(serverName)
          .ascii(") in ");
      if (args.useUsec) {
        out.number(rttNanos / 1_000).ascii(" us");
      } else {
        out.number(rttNanos / 1_000_000).ascii(" ms");
      }
      out.newline().newline();
    }
  }

  // Four lowercase hex digits, as printf's %.4x.
  static String hex4(int value) {
    String hex = Integer.toHexString(value);
    return "0000".substring(Math.min(4, hex.length())) + hex;
  }

  /** +qr: the query as sent, as dig.c prints its send message, then ";; QUERY SIZE: N". */
  void printQuery(Message query, int size) {
    if (!args.shortForm) {
      if (args.comments) {
        out.line(";; Sending:");
        header(query, null, 0, query.getHeader()::getCount);
      }
      question(query, true, false);
      // An IXFR query carries the client's SOA in its authority section.
      section(query, Section.AUTHORITY, "AUTHORITY", args.authority);
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
      recordLine(out, tsigRecord, args, tsigText(tsigRecord, args.multiline));
      if (args.comments) {
        out.newline();
      }
    }
  }

  // The question section; an empty one (+header-only) is left out of an answer, not of the query.
  // A reply cut off after a question's name (bare) shows the section's title alone, as dig does.
  private void question(Message m, boolean sending, boolean bare) {
    List<Record> questions = m.getSection(Section.QUESTION);
    if (!args.question || (questions.isEmpty() && !sending && !bare)) {
      return;
    }
    if (args.comments) {
      out.ascii(m.getHeader().getOpcode() == Opcode.UPDATE ? ";; ZONE" : ";; QUESTION")
          .ascii(" SECTION:")
          .newline();
    }
    for (Record r : questions) {
      questionLine(out, r, args);
    }
    if (args.comments) {
      out.newline();
    }
  }

  // The header lines, the warnings about an answer (none for the query itself, sent == null), the
  // blank line and the OPT pseudosection.
  private void header(
      Message m, Message sent, int extraBytes, java.util.function.IntUnaryOperator counts) {
    Header h = m.getHeader();
    // Message.getRcode and getOPT each walk the additional section (a new list wrapper and its
    // iterator each time): the OPT is found once, and the rcode made from it as getRcode makes it.
    OPTRecord opt = m.getOPT();
    int rcode = h.getRcode() + (opt == null ? 0 : opt.getExtendedRcode() << 4);
    out.ascii(";; ->>HEADER<<- opcode: ")
        .ascii(DigArgs.OPCODES[h.getOpcode()])
        .ascii(", status: ")
        .ascii(rcodeText(rcode))
        .ascii(", id: ")
        .number(h.getID())
        .newline();
    out.ascii(";; flags:");
    for (int i = 0; i < FLAGS.length; i++) {
      if (h.getFlag(FLAGS[i])) {
        out.ch(' ').ascii(FLAG_NAMES[i]);
      }
    }
    if (h.getFlag(9)) {
      // The header's Z bit (0x0040): dig.c says it must be zero.
      out.ascii("; MBZ: 0x4");
    }
    out.ascii("; QUERY: ")
        .number(counts.applyAsInt(Section.QUESTION))
        .ascii(", ANSWER: ")
        .number(counts.applyAsInt(Section.ANSWER))
        .ascii(", AUTHORITY: ")
        .number(counts.applyAsInt(Section.AUTHORITY))
        .ascii(", ADDITIONAL: ")
        .number(counts.applyAsInt(Section.ADDITIONAL))
        .newline();
    if (sent != null) {
      // The answer's own RD, as dig.c looks at it (a FORMERR may not echo it).
      if (h.getFlag(Flags.RD) && !h.getFlag(Flags.RA)) {
        out.ascii(";; WARNING: recursion requested but not available").newline();
      }
      // dig's lookup->edns is set once the query carries EDNS for any reason (+bufsize, +dnssec).
      if (opt == null
          && (rcode == Rcode.FORMERR || rcode == Rcode.NOTIMP)
          && sent.getOPT() != null) {
        out.ascii("\n;; WARNING: EDNS query returned status ")
            .text(rcodeText(rcode))
            .ascii(" - retry with '")
            .text(args.dnssec ? "+nodnssec " : "")
            .ascii("+noedns'")
            .newline();
      }
      if (extraBytes != 0) {
        // dig.c's plural test is extrabytes != 0: "1 extra bytes" too.
        out.ascii(";; WARNING: Message has ").number(extraBytes).ascii(" extra bytes at end");
        out.newline();
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
  // cookie tells a reply's cookie good, echoed or bad; in the query itself (+qr) the +padding PAD
  // (the last option) has no length yet, as dig prints it before rendering pads it; a PAD given
  // with +ednsopt has its bytes already.
  private void printOpt(OPTRecord opt, Message sent) {
    out.ascii(";; OPT PSEUDOSECTION:").newline();
    out.ascii("; EDNS: version: ")
        .number(opt.getVersion())
        .ascii(", flags:")
        .text((opt.getFlags() & 0x8000) != 0 ? " do" : "")
        .text((opt.getFlags() & 0x4000) != 0 ? " co" : "");
    // message.c: the flags it has no name for, as "must be zero".
    int mbz = opt.getFlags() & 0x3fff;
    if (mbz != 0) {
      out.ascii("; MBZ: 0x").ascii(hex4(mbz)).ascii(", udp: ");
    } else {
      out.ascii("; udp: ");
    }
    out.number(opt.getPayloadSize()).newline();
    List<EDNSOption> options = opt.getOptions();
    for (int index = 0; index < options.size(); index++) {
      EDNSOption o = options.get(index);
      boolean padding = sent == null && args.padding > 0 && index == options.size() - 1;
      byte[] wire = o.toWire();
      byte[] data = java.util.Arrays.copyOfRange(wire, Math.min(4, wire.length), wire.length);
      int code = o.getCode();
      switch (code) {
        case EDNSOption.Code.COOKIE -> {
          out.text("; COOKIE:");
          if (data.length > 0) {
            out.ch(' ').text(HexFormat.of().formatHex(data));
          }
          out.text(cookieVerdict(data, sent)).newline();
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
          if (data.length > 0 && !padding) {
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

  /**
   * message.c's word on a reply's COOKIE option, from dighost.c process_cookie's check of the
   * query's cookie (the generated one, or +cookie=HEX's bytes): " (good)" with a server cookie, "
   * (echoed)" without one, " (bad)" for another client cookie or a cookie under 8 bytes on either
   * side; "" when the query ({@code sent}, null for the query itself) had none.
   */
  static String cookieVerdict(byte[] data, Message sent) {
    return cookieVerdict(data, sent == null ? null : QueryEngine.cookie(sent));
  }

  /** The verdict on a reply's COOKIE data given the query's cookie data (null: none). */
  static String cookieVerdict(byte[] data, byte[] ourCookie) {
    if (ourCookie == null) {
      return "";
    }
    boolean ours =
        ourCookie.length >= 8
            && data.length >= 8
            && java.util.Arrays.equals(ourCookie, 0, 8, data, 0, 8);
    return !ours ? " (bad)" : data.length >= 16 ? " (good)" : " (echoed)";
  }

  /**
   * dighost.c process_cookie's warning for a reply's first COOKIE option, or null: a client cookie
   * other than the query's, or one (or the query's) under 8 bytes.
   */
  static String cookieWarning(Message response, Message sent) {
    // The reply's first: most servers send none, and then the query's is not looked at.
    byte[] theirs = QueryEngine.cookie(response);
    return cookieWarning(theirs, theirs == null ? null : QueryEngine.cookie(sent));
  }

  /** The warning for a reply's COOKIE data (null: none) given the query's (null: none). */
  static String cookieWarning(byte[] theirs, byte[] ourCookie) {
    if (theirs == null || ourCookie == null) {
      return null;
    }
    if (ourCookie.length < 8 || theirs.length < 8) {
      return ";; Warning: COOKIE bad token (too short)";
    }
    return java.util.Arrays.equals(ourCookie, 0, 8, theirs, 0, 8)
        ? null
        : ";; Warning: Client COOKIE mismatch";
  }

  static boolean validUtf8(byte[] data) {
    try {
      java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(data));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  // BIND's render_ecs: "ADDRESS/SOURCE/SCOPE", or null for a malformed option.
  static String ecs(byte[] data) {
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
    if (!shown) {
      return;
    }
    List<Record> all = response.getSection(section);
    boolean any = false;
    for (Record r : all) {
      if (!(r instanceof OPTRecord) && !(r instanceof TSIGRecord)) {
        if (!any && args.comments) {
          out.ascii(";; ").text(title).ascii(" SECTION:").newline();
        }
        any = true;
        recordLine(out, r, args);
      }
    }
    if (any && args.comments) {
      out.newline();
    }
  }

  private static final String[] RCODES = {
    "NOERROR",
    "FORMERR",
    "SERVFAIL",
    "NXDOMAIN",
    "NOTIMP",
    "REFUSED",
    "YXDOMAIN",
    "YXRRSET",
    "NXRRSET",
    "NOTAUTH",
    "NOTZONE",
    "RESERVED11",
    "RESERVED12",
    "RESERVED13",
    "RESERVED14",
    "RESERVED15",
    "BADVERS"
  };

  /**
   * dig.c rcode_totext: BIND's names for the header's and EDNS's rcodes (dns_rcode_totext knows 0
   * to 16 and BADCOOKIE, not the TSIG errors), any other as "?N".
   */
  static String rcodeText(int rcode) {
    if (rcode >= 0 && rcode < RCODES.length) {
      return RCODES[rcode];
    }
    return rcode == Rcode.BADCOOKIE ? "BADCOOKIE" : "?" + rcode;
  }

  /** The rdata as the lookup's options want it: +unknownformat, +nocrypto, +split. */
  static String rdata(Record r, Lookup args) {
    boolean unknown = args.unknownFormat || RdataText.foreignClass(r);
    if (args.multiline && !args.shortForm) {
      // dig's default split width is the style's; an explicit +split=W (or +nosplit) wins.
      int split = args.split == RdataText.DEFAULT_SPLIT ? RdataText.MULTILINE_SPLIT : args.split;
      String multi =
          unknown
              ? RdataText.generic(RdataText.unknownFormat(r, 0), split)
              : RdataText.multiline(r, split, args.rrcomments >= 0, args.crypto);
      if (multi != null) {
        return multi;
      }
    }
    if (unknown) {
      return RdataText.unknownFormat(r, args.split);
    }
    if (args.expandaaaa && r instanceof org.xbill.DNS.AAAARecord) {
      return RdataText.expanded6(r.rdataToWireCanonical());
    }
    String text = null;
    if (!args.crypto) {
      text = RdataText.withoutCrypto(r);
    }
    if (text == null) {
      text = RdataText.of(r, args.split);
    }
    return args.rrcomments > 0 ? text + RdataText.keyComment(r) : text;
  }

  /**
   * Writes the rdata of the commonest types without making its text, when the lookup's options
   * leave it in its plain form: A as its four octets; NS, CNAME, PTR and DNAME as their one name;
   * MX as preference and name. False, having written nothing, for every other record.
   */
  static boolean plainRdata(Output out, Record r, Lookup args) {
    if (args.unknownFormat
        || (args.multiline && !args.shortForm)
        || r.getDClass() != org.xbill.DNS.DClass.IN) {
      return false;
    }
    if (r instanceof ARecord) {
      // Not getAddress(): it makes an InetAddress named by the owner's text.
      ipv4(out, r.rdataToWireCanonical(), 0);
      return true;
    }
    Name target;
    if (r instanceof NSRecord ns) {
      target = ns.getTarget();
    } else if (r instanceof CNAMERecord cname) {
      target = cname.getTarget();
    } else if (r instanceof PTRRecord ptr) {
      target = ptr.getTarget();
    } else if (r instanceof DNAMERecord dname) {
      target = dname.getTarget();
    } else if (r instanceof MXRecord mx) {
      out.number(mx.getPriority()).ch(' ');
      target = mx.getTarget();
    } else {
      return false;
    }
    name(out, target);
    return true;
  }

  /** The dotted quad of the four octets at offset, written straight to the output. */
  static void ipv4(Output out, byte[] octets, int offset) {
    out.number(octets[offset] & 0xff)
        .ch('.')
        .number(octets[offset + 1] & 0xff)
        .ch('.')
        .number(octets[offset + 2] & 0xff)
        .ch('.')
        .number(octets[offset + 3] & 0xff);
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
      return NARROWEST;
    }
    if (args.nottl || args.noclass) {
      return NARROW;
    }
    return WIDE;
  }

  // Shared, never written.
  private static final int[] NARROWEST = {24, 24, 24, 32};
  private static final int[] NARROW = {24, 24, 32, 40};
  private static final int[] WIDE = {24, 32, 40, 48};

  /** A question line: ";NAME", class and type at the style's columns, and a newline. */
  static void questionLine(Output out, Record r, Lookup args) {
    int[] col = columns(args);
    // The ';' is not counted: dig prints it before BIND's formatter starts.
    out.ch(';');
    int at = pad(out, name(out, r.getName()), col[1]);
    String dclass = className(r.getDClass(), args);
    out.ascii(dclass);
    at = pad(out, at + dclass.length(), col[2]);
    out.ascii(typeName(r.getType(), args)).newline();
  }

  /**
   * A record line: name, TTL (unless +nottlid), class (unless +noclass), type, rdata, and a
   * newline.
   */
  static void recordLine(Output out, Record r, Lookup args) {
    columns(out, r, args);
    if (!plainRdata(out, r, args)) {
      out.text(rdata(r, args));
    }
    out.newline();
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

  /**
   * A record line with the given rdata, written straight to the output: dig -f prints a few hundred
   * thousand of these lines. The column is carried along, each piece counted once; only the padding
   * and the rdata may hold tabs, and the rdata comes last.
   */
  static void recordLine(Output out, Record r, Lookup args, String rdata) {
    columns(out, r, args);
    out.line(rdata);
  }

  // A record line up to its rdata: name, TTL, class and type, each padded to its column.
  private static void columns(Output out, Record r, Lookup args) {
    int[] col = columns(args);
    int at = name(out, r.getName());
    if (!args.nottl) {
      at = pad(out, at, col[0]);
      if (args.ttlunits) {
        StringBuilder units = new StringBuilder(16);
        ttlUnits(units, r.getTTL());
        out.text(units);
        at += units.length();
      } else {
        long from = out.position();
        out.number(r.getTTL());
        at += (int) (out.position() - from);
      }
    }
    if (!args.noclass) {
      at = pad(out, at, col[1]);
      String dclass = className(r.getDClass(), args);
      out.ascii(dclass);
      at += dclass.length();
    }
    at = pad(out, at, col[2]);
    String type = typeName(r.getType(), args);
    out.ascii(type);
    pad(out, at + type.length(), col[3]);
  }

  /**
   * Writes a name as BIND's dns_name_totext does (dnsjava's Name.toString, without its strings):
   * "\DDD" for bytes outside printable ASCII, a backslash before {@code ".;\\()\"@$"}, a final dot
   * on an absolute name, "@" for the empty relative one. Returns the characters written.
   */
  static int name(Output out, Name name) {
    int labels = name.labels();
    if (labels == 0) {
      out.ch('@');
      return 1;
    }
    long start = out.position();
    if (!name.isAbsolute()) {
      for (int i = 0; i < labels; i++) {
        if (i > 0) {
          out.ch('.');
        }
        byte[] label = name.getLabel(i);
        label(out, label, 1, label[0] & 0xff);
      }
      return (int) (out.position() - start);
    }
    // The wire form in one copy (a parsed name is absolute), not an array per label.
    byte[] wire = name.toWire();
    int at = 0;
    int length = wire[0] & 0xff;
    if (length == 0) {
      // The root name.
      out.ch('.');
    }
    while (length != 0) {
      label(out, wire, at + 1, length);
      out.ch('.');
      at += 1 + length;
      length = wire[at] & 0xff;
    }
    return (int) (out.position() - start);
  }

  // One label's octets as BIND prints them: runs of plain characters copied as they are, the rest
  // escaped (\DDD for controls, space and non-ASCII; a backslash before the special characters).
  static void label(Output out, byte[] bytes, int from, int length) {
    int run = from;
    int end = from + length;
    for (int j = from; j < end; j++) {
      int c = bytes[j] & 0xff;
      boolean decimal = c <= 0x20 || c >= 0x7f;
      if (!decimal && c != '"' && c != '(' && c != ')' && c != '.' && c != ';' && c != '\\'
          && c != '@' && c != '$') {
        continue;
      }
      out.write(bytes, run, j - run);
      run = j + 1;
      out.ch('\\');
      if (decimal) {
        if (c < 100) {
          out.ch('0');
        }
        if (c < 10) {
          out.ch('0');
        }
        out.number(c);
      } else {
        out.ch((char) c);
      }
    }
    out.write(bytes, run, end - run);
  }

  private static String className(int dclass, Lookup args) {
    return args.unknownFormat ? "CLASS" + dclass : RdataText.className(dclass);
  }

  private static String typeName(int type, Lookup args) {
    return args.unknownFormat ? "TYPE" + type : RdataText.typeName(type);
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

  // Pads from column col to column as BIND's masterdump.c indent() does; returns the column
  // reached: tabs up to the column, or one more column when the text already reaches it.
  static int pad(Output out, int col, int column) {
    if (col >= column) {
      // BIND's indent() moves at least one column: a tab when that one column ends a tab stop.
      out.ch((col + 1) % 8 == 0 ? '\t' : ' ');
      return col + 1;
    }
    while (col < column) {
      out.ch('\t');
      col = (col / 8 + 1) * 8;
    }
    return col;
  }
}
