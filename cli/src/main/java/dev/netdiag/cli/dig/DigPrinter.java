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
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** dig 9.18's text for one answered lookup: header, flags, OPT, sections, stats, or +short. */
final class DigPrinter {
  // dig's date in the WHEN line: strftime "%a %b %d %H:%M:%S %Z %Y".
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.ROOT);

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

  void print(Exchange exchange) {
    Message response = exchange.response();
    if (args.shortForm) {
      for (Record r : response.getSection(Section.ANSWER)) {
        out.line(rdata(r));
      }
      return;
    }
    Header h = response.getHeader();
    if (args.comments) {
      out.line(";; Got answer:");
      out.text(";; ->>HEADER<<- opcode: ")
          .text(Opcode.string(h.getOpcode()))
          .text(", status: ")
          .text(Rcode.string(response.getRcode()))
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
      if (exchange.query().getHeader().getFlag(Flags.RD) && !h.getFlag(Flags.RA)) {
        out.line(";; WARNING: recursion requested but not available");
      }
      if (args.edns >= 0
          && response.getOPT() == null
          && (response.getRcode() == Rcode.FORMERR || response.getRcode() == Rcode.NOTIMP)) {
        out.text("\n;; WARNING: EDNS query returned status ")
            .text(Rcode.string(response.getRcode()))
            .text(" - retry with '")
            .text(args.dnssec ? "+nodnssec " : "")
            .line("+noedns'");
      }
      out.newline();
      OPTRecord opt = response.getOPT();
      if (opt != null) {
        printOpt(opt);
      }
    }
    if (args.question) {
      if (args.comments) {
        out.line(";; QUESTION SECTION:");
      }
      for (Record r : response.getSection(Section.QUESTION)) {
        StringBuilder line = new StringBuilder(64).append(';').append(r.getName());
        indent(line, 32);
        line.append(DClass.string(r.getDClass()));
        indent(line, 40);
        line.append(Type.string(r.getType()));
        out.line(line);
      }
      if (args.comments) {
        out.newline();
      }
    }
    section(response, Section.ANSWER, "ANSWER", args.answer);
    section(response, Section.AUTHORITY, "AUTHORITY", args.authority);
    section(response, Section.ADDITIONAL, "ADDITIONAL", args.additional);
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
      out.newline();
    }
  }

  /** The WHEN line's date, formatted once per second: a batch prints thousands a second. */
  static final class WhenClock {
    private long second = Long.MIN_VALUE;
    private String text;

    String now() {
      long s = System.currentTimeMillis() / 1000;
      if (s != second) {
        second = s;
        text = WHEN.format(ZonedDateTime.now());
      }
      return text;
    }
  }

  private void printOpt(OPTRecord opt) {
    out.line(";; OPT PSEUDOSECTION:");
    out.text("; EDNS: version: ")
        .number(opt.getVersion())
        .text(", flags:")
        .text((opt.getFlags() & 0x8000) != 0 ? " do" : "")
        .text("; udp: ")
        .number(opt.getPayloadSize())
        .newline();
    List<EDNSOption> options = opt.getOptions();
    for (EDNSOption o : options) {
      if (o instanceof CookieOption c) {
        out.text("; COOKIE: ").text(HexFormat.of().formatHex(c.getClientCookie()));
        c.getServerCookie().ifPresent(s -> out.text(HexFormat.of().formatHex(s)));
        out.newline();
      } else if (o instanceof ExtendedErrorCodeOption ede) {
        out.text("; EDE: ").number(ede.getErrorCode());
        if (ede.getErrorCode() < EDE_NAMES.length) {
          out.text(" (").text(EDE_NAMES[ede.getErrorCode()]).ch(')');
        }
        if (ede.getText() != null && !ede.getText().isEmpty()) {
          out.text(": (").text(ede.getText()).ch(')');
        }
        out.newline();
      } else {
        out.text("; ").line(o.toString());
      }
    }
  }

  private void section(Message response, int section, String title, boolean shown) {
    List<Record> records =
        response.getSection(section).stream().filter(r -> !(r instanceof OPTRecord)).toList();
    if (!shown || records.isEmpty()) {
      return;
    }
    if (args.comments) {
      out.text(";; ").text(title).line(" SECTION:");
    }
    for (Record r : records) {
      if (r instanceof OPTRecord) {
        continue;
      }
      StringBuilder line = new StringBuilder(96).append(r.getName());
      indent(line, 24);
      line.append(r.getTTL());
      indent(line, 32);
      line.append(DClass.string(r.getDClass()));
      indent(line, 40);
      line.append(Type.string(r.getType()));
      indent(line, 48);
      line.append(rdata(r));
      out.line(line);
    }
    if (args.comments) {
      out.newline();
    }
  }

  // Presentation of the rdata, as dig prints it.
  static String rdata(Record r) {
    return RdataText.of(r, RdataText.DEFAULT_SPLIT);
  }

  // BIND's column rule: tabs up to the column, or one space when the text already reaches it.
  // The question line's ';' is not counted: dig prints it before BIND's formatter starts.
  static void indent(StringBuilder line, int column) {
    int col = 0;
    for (int i = line.charAt(0) == ';' ? 1 : 0; i < line.length(); i++) {
      col = line.charAt(i) == '\t' ? (col / 8 + 1) * 8 : col + 1;
    }
    if (col >= column) {
      line.append(' ');
      return;
    }
    while (col < column) {
      line.append('\t');
      col = (col / 8 + 1) * 8;
    }
  }
}
