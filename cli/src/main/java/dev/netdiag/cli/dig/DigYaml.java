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
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
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
    Instant received = Instant.now();
    Instant sent = received.minusNanos(exchange.rttNanos());
    document(
        out,
        args,
        exchange.response(),
        exchange.query(),
        sent,
        received,
        exchange.responseSize(),
        exchange.server(),
        // dig's YAML names the socket, and DNS over TLS runs on a TCP one.
        exchange.transport() == dev.netdiag.dns.Transport.UDP ? "UDP" : "TCP",
        exchange::count);
  }

  /** +qr +yaml: the query as dig prints it once sent (no response time, its own size). */
  static void query(
      Output out, Lookup args, Message query, int size, java.net.InetSocketAddress server) {
    query(out, args, query, size, server, args.tcp || args.tls);
  }

  /** The same, for a query sent over TCP when {@code tcp} (a zone transfer's). */
  static void query(
      Output out,
      Lookup args,
      Message query,
      int size,
      java.net.InetSocketAddress server,
      boolean tcp) {
    document(
        out,
        args,
        query,
        null,
        Instant.now(),
        null,
        size,
        server,
        tcp ? "TCP" : "UDP",
        query.getHeader()::getCount);
  }

  private static void document(
      Output out,
      Lookup args,
      Message response,
      Message asked,
      Instant sent,
      Instant received,
      int size,
      java.net.InetSocketAddress to,
      String protocol,
      java.util.function.IntUnaryOperator counts) {
    // The message is a query when it answers none.
    boolean isQuery = asked == null;
    Header h = response.getHeader();
    out.line("- type: MESSAGE");
    out.line("  message:");
    if (isQuery) {
      out.text("    type: ").line(h.getFlag(Flags.RD) ? "RECURSIVE_QUERY" : "AUTH_QUERY");
    } else {
      // dig calls an answer recursive when it has both RD and RA.
      boolean recursive = h.getFlag(Flags.RD) && h.getFlag(Flags.RA);
      out.text("    type: ").line(recursive ? "RECURSIVE_RESPONSE" : "AUTH_RESPONSE");
    }
    out.text("    query_time: !!timestamp ").line(TIME.format(sent));
    if (received != null) {
      out.text("    response_time: !!timestamp ").line(TIME.format(received));
    }
    out.text("    message_size: ").number(size).line("b");
    boolean v6 = to.getAddress() instanceof Inet6Address;
    out.text("    socket_family: ").line(v6 ? "INET6" : "INET");
    out.text("    socket_protocol: ").line(protocol);
    String server = Servers.text(to);
    out.text("    response_address: \"")
        .text(server.substring(0, server.lastIndexOf('#')))
        .line("\"");
    out.text("    response_port: ").number(to.getPort()).newline();
    // dig 9.18 does not learn its own address for the query socket and prints the wildcard.
    out.text("    query_address: \"").text(v6 ? "::0" : "0.0.0.0").line("\"");
    out.line("    query_port: 0");
    out.line(isQuery ? "    query_message_data:" : "    response_message_data:");
    out.text("      opcode: ").line(DigArgs.OPCODES[h.getOpcode()]);
    out.text("      status: ").line(DigPrinter.rcodeText(response.getRcode()));
    out.text("      id: ").number(h.getID()).newline();
    out.text("      flags:");
    for (String flag : DigPrinter.flagNames(h)) {
      out.ch(' ').text(flag);
    }
    out.newline();
    if (h.getFlag(Z)) {
      // message.c: "the final unnamed flag must be zero".
      out.line("      MBZ: 0x4");
    }
    boolean update = h.getOpcode() == org.xbill.DNS.Opcode.UPDATE;
    out.text(update ? "      ZONE: " : "      QUESTION: ")
        .number(counts.applyAsInt(Section.QUESTION))
        .newline();
    out.text(update ? "      PREREQ: " : "      ANSWER: ")
        .number(counts.applyAsInt(Section.ANSWER))
        .newline();
    out.text(update ? "      UPDATE: " : "      AUTHORITY: ")
        .number(counts.applyAsInt(Section.AUTHORITY))
        .newline();
    out.text("      ADDITIONAL: ").number(counts.applyAsInt(Section.ADDITIONAL)).newline();
    if (args.shortForm) {
      // +short +yaml: the header document, then the short answer lines as they are.
      for (Record r : response.getSection(Section.ANSWER)) {
        // The short lines as +short prints them (+unknownformat, +split and all).
        out.line(DigPrinter.rdata(r, args));
      }
      return;
    }
    OPTRecord opt = response.getOPT();
    if (args.comments && opt != null) {
      opt(out, opt, asked);
    }
    if (args.question) {
      List<Record> question = response.getSection(Section.QUESTION);
      if (!question.isEmpty()) {
        out.line(update ? "      ZONE_SECTION:" : "      QUESTION_SECTION:");
        for (Record r : question) {
          item(
              out,
              r.getName()
                  + " "
                  + RdataText.className(r.getDClass())
                  + " "
                  + RdataText.typeName(r.getType()));
        }
      }
    }
    section(
        out,
        args,
        response,
        Section.ANSWER,
        update ? "PREREQUISITE_SECTION" : "ANSWER_SECTION",
        args.answer);
    section(
        out,
        args,
        response,
        Section.AUTHORITY,
        update ? "UPDATE_SECTION" : "AUTHORITY_SECTION",
        args.authority);
    section(out, args, response, Section.ADDITIONAL, "ADDITIONAL_SECTION", args.additional);
  }

  /** No server answered: dig's error document (after the command header, which it prints). */
  static void failure(Output out, String message) {
    out.line("- type: DIG_ERROR");
    out.line("  message: |");
    out.text("    ").line(message);
  }

  // The header's Z bit (0x0040), which dnsjava has no name for.
  private static final int Z = 9;

  private static void opt(Output out, OPTRecord opt, Message asked) {
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
      byte[] wire = o.toWire();
      option(
          out,
          o.getCode(),
          java.util.Arrays.copyOfRange(wire, Math.min(4, wire.length), wire.length),
          asked);
    }
  }

  // One EDNS option as message.c's YAML pseudosection writes it: known options in their own form
  // (EDE with nested INFO-CODE and EXTRA-TEXT), the others as "OPT=CODE:" with hex bytes and a
  // printable rendering.
  private static void option(Output out, int code, byte[] data, Message asked) {
    String indent = "          ";
    boolean extraText = false;
    switch (code) {
      case EDNSOption.Code.NSID -> out.text(indent).text("NSID:");
      case EDNSOption.Code.COOKIE -> {
        out.text(indent).text("COOKIE:");
        if (data.length > 0) {
          out.ch(' ').text(HexFormat.of().formatHex(data));
        }
        out.text(DigPrinter.cookieVerdict(data, asked)).newline();
        return;
      }
      case EDNSOption.Code.CLIENT_SUBNET -> {
        out.text(indent).text("CLIENT-SUBNET:");
        String ecs = DigPrinter.ecs(data);
        if (ecs != null) {
          out.ch(' ').line(ecs);
          return;
        }
        out.newline();
        if (data.length != 0) {
          out.ch(' ').text(hexBytes(data)).newline();
        }
        return;
      }
      case EDNSOption.Code.EDNS_EXPIRE -> {
        out.text(indent).text("EXPIRE:");
        if (data.length == 4) {
          long secs = java.nio.ByteBuffer.wrap(data).getInt() & 0xffffffffL;
          out.ch(' ').number(secs).text(" (").text(RdataText.verboseTtl(secs)).line(")");
          return;
        }
      }
      case 11 -> {
        if (data.length == 2) {
          int dsecs = ((data[0] & 0xff) << 8) | (data[1] & 0xff);
          out.text(indent).text("TCP-KEEPALIVE: ");
          out.number(dsecs / 10).ch('.').number(dsecs % 10).line(" secs");
          return;
        }
        out.text(indent).text("TCP-KEEPALIVE:");
      }
      case 12 -> out.text(indent).text("PAD:");
      case 14 -> {
        out.text(indent).text("KEY-TAG:");
        if (data.length > 0 && data.length % 2 == 0) {
          for (int i = 0; i < data.length; i += 2) {
            out.text(i == 0 ? " " : ", ").number(((data[i] & 0xff) << 8) | (data[i + 1] & 0xff));
          }
          out.newline();
          return;
        }
      }
      case 15 -> {
        out.text(indent).text("EDE:");
        if (data.length >= 2) {
          int ede = ((data[0] & 0xff) << 8) | (data[1] & 0xff);
          out.newline().text(indent).text("  INFO-CODE: ").number(ede);
          if (ede < DigPrinter.EDE_NAMES.length) {
            out.text(" (").text(DigPrinter.EDE_NAMES[ede]).ch(')');
          }
          out.newline();
          data = java.util.Arrays.copyOfRange(data, 2, data.length);
          if (data.length != 0) {
            out.text(indent).text("  EXTRA-TEXT:");
            extraText = true;
          }
        }
      }
      case 16, 17 -> {
        out.text(indent).text(code == 16 ? "CLIENT-TAG:" : "SERVER-TAG:");
        if (data.length == 2) {
          out.ch(' ').number(((data[0] & 0xff) << 8) | (data[1] & 0xff)).newline();
          return;
        }
      }
      default -> out.text(indent).text("OPT=").number(code).ch(':');
    }
    if (data.length != 0) {
      out.ch(' ');
      boolean utf8 = extraText && DigPrinter.validUtf8(data);
      if (!utf8) {
        out.text(hexBytes(data));
      }
      out.text(extraText ? "\"" : "(\"");
      if (utf8) {
        out.text(new String(data, java.nio.charset.StandardCharsets.UTF_8));
      } else {
        StringBuilder printable = new StringBuilder(data.length);
        for (byte b : data) {
          int c = b & 0xff;
          printable.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
        out.text(printable);
      }
      out.text(extraText ? "\"" : "\")");
    }
    out.newline();
  }

  // Each octet as two hex digits and a blank, as message.c writes option bytes.
  private static String hexBytes(byte[] data) {
    StringBuilder hex = new StringBuilder(data.length * 3);
    for (byte b : data) {
      hex.append(HexFormat.of().toHexDigits(b)).append(' ');
    }
    return hex.toString();
  }

  private static void section(
      Output out, Lookup args, Message response, int section, String title, boolean shown) {
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
              + RdataText.className(r.getDClass())
              + " "
              + RdataText.typeName(r.getType())
              + " "
              + RdataText.of(r, args.split, true));
    }
  }

  // A YAML single-quoted scalar: a quote inside is doubled.
  private static void item(Output out, String text) {
    out.text("        - '").text(text.replace("'", "''")).line("'");
  }
}
