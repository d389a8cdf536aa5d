package dev.netdiag.cli.dig;

import dev.netdiag.cli.Output;
import dev.netdiag.dns.Exchange;
import dev.netdiag.dns.Servers;
import java.net.Inet6Address;
import java.time.Instant;
import java.time.ZoneOffset;
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
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * dig +yaml, as dig 9.18 prints it: one "- type: MESSAGE" document per answer with the transport
 * facts (times, sizes, addresses), the header, the OPT pseudosection and the sections as quoted
 * presentation lines; "- type: DIG_ERROR" when no server answered.
 */
final class DigYaml {
  private DigYaml() {}

  // isc_time_formatISO8601ms.
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  static void answer(Output out, Lookup args, Exchange exchange) {
    Message response = exchange.response();
    Header h = response.getHeader();
    Instant received = Instant.now();
    Instant sent = received.minusNanos(exchange.rttNanos());
    out.line("- type: MESSAGE");
    out.line("  message:");
    // dig calls an answer recursive when it has both RD and RA.
    boolean recursive = h.getFlag(Flags.RD) && h.getFlag(Flags.RA);
    out.text("    type: ").line(recursive ? "RECURSIVE_RESPONSE" : "AUTH_RESPONSE");
    out.text("    query_time: !!timestamp ").line(TIME.format(sent));
    out.text("    response_time: !!timestamp ").line(TIME.format(received));
    out.text("    message_size: ").number(exchange.responseSize()).line("b");
    boolean v6 = exchange.server().getAddress() instanceof Inet6Address;
    out.text("    socket_family: ").line(v6 ? "INET6" : "INET");
    out.text("    socket_protocol: ").line(exchange.transport().name());
    String server = Servers.text(exchange.server());
    out.text("    response_address: \"")
        .text(server.substring(0, server.lastIndexOf('#')))
        .line("\"");
    out.text("    response_port: ").number(exchange.server().getPort()).newline();
    // dig 9.18 does not learn its own address for the query socket and prints the wildcard.
    out.text("    query_address: \"").text(v6 ? "::0" : "0.0.0.0").line("\"");
    out.line("    query_port: 0");
    out.line("    response_message_data:");
    out.text("      opcode: ").line(DigArgs.OPCODES[h.getOpcode()]);
    out.text("      status: ").line(Rcode.string(response.getRcode()));
    out.text("      id: ").number(h.getID()).newline();
    out.text("      flags:");
    for (String flag : DigPrinter.flagNames(h)) {
      out.ch(' ').text(flag);
    }
    out.newline();
    out.text("      QUESTION: ").number(h.getCount(Section.QUESTION)).newline();
    out.text("      ANSWER: ").number(h.getCount(Section.ANSWER)).newline();
    out.text("      AUTHORITY: ").number(h.getCount(Section.AUTHORITY)).newline();
    out.text("      ADDITIONAL: ").number(h.getCount(Section.ADDITIONAL)).newline();
    if (args.shortForm) {
      // +short +yaml: the header document, then the short answer lines as they are.
      for (Record r : response.getSection(Section.ANSWER)) {
        out.line(RdataText.of(r, RdataText.DEFAULT_SPLIT));
      }
      return;
    }
    OPTRecord opt = response.getOPT();
    if (args.comments && opt != null) {
      opt(out, opt);
    }
    if (args.question) {
      List<Record> question = response.getSection(Section.QUESTION);
      if (!question.isEmpty()) {
        out.line("      QUESTION_SECTION:");
        for (Record r : question) {
          item(
              out,
              r.getName()
                  + " "
                  + DClass.string(r.getDClass())
                  + " "
                  + RdataText.typeName(r.getType()));
        }
      }
    }
    section(out, response, Section.ANSWER, "ANSWER_SECTION", args.answer);
    section(out, response, Section.AUTHORITY, "AUTHORITY_SECTION", args.authority);
    section(out, response, Section.ADDITIONAL, "ADDITIONAL_SECTION", args.additional);
  }

  /** No server answered: dig's error document (after the command header, which it prints). */
  static void failure(Output out, String message) {
    out.line("- type: DIG_ERROR");
    out.line("  message: |");
    out.text("    ").line(message);
  }

  private static void opt(Output out, OPTRecord opt) {
    out.line("      OPT_PSEUDOSECTION:");
    out.line("        EDNS:");
    out.text("          version: ").number(opt.getVersion()).newline();
    out.text("          flags:")
        .text((opt.getFlags() & 0x8000) != 0 ? " do" : "")
        .line((opt.getFlags() & 0x4000) != 0 ? " co" : "");
    int mbz = opt.getFlags() & 0x3fff;
    if (mbz != 0) {
      out.text("          MBZ: 0x").line(DigPrinter.hex4(mbz));
    }
    out.text("          udp: ").number(opt.getPayloadSize()).newline();
    for (EDNSOption o : opt.getOptions()) {
      if (o instanceof CookieOption c) {
        out.text("          COOKIE: ").text(HexFormat.of().formatHex(c.getClientCookie()));
        c.getServerCookie().ifPresent(s -> out.text(HexFormat.of().formatHex(s)));
        out.newline();
      } else {
        out.text("          ").line(o.toString());
      }
    }
  }

  private static void section(
      Output out, Message response, int section, String title, boolean shown) {
    List<Record> records =
        response.getSection(section).stream().filter(r -> !(r instanceof OPTRecord)).toList();
    if (!shown || records.isEmpty()) {
      return;
    }
    out.text("      ").text(title).line(":");
    for (Record r : records) {
      item(
          out,
          r.getName()
              + " "
              + r.getTTL()
              + " "
              + DClass.string(r.getDClass())
              + " "
              + RdataText.typeName(r.getType())
              + " "
              + RdataText.of(r, RdataText.DEFAULT_SPLIT));
    }
  }

  // A YAML single-quoted scalar: a quote inside is doubled.
  private static void item(Output out, String text) {
    out.text("        - '").text(text.replace("'", "''")).line("'");
  }
}
