package dev.netdiag.cli.dig;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.netdiag.cli.Json;
import dev.netdiag.cli.Output;
import dev.netdiag.dns.Exchange;
import dev.netdiag.dns.Notice;
import dev.netdiag.dns.Servers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.HINFORecord;
import org.xbill.DNS.Header;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SPFRecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.SSHFPRecord;
import org.xbill.DNS.SVCBBase;
import org.xbill.DNS.Section;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * dig --json: one JSON object per lookup, one per line (JSON Lines), so several lookups and -f
 * batches stream. Schema in docs/json.md, section dig.
 */
final class DigJson {
  private DigJson() {}

  /** An answered lookup. */
  static void answer(Output out, Exchange exchange, List<Notice> notices) throws IOException {
    Message response = exchange.response();
    try (JsonGenerator json = Json.writer(out)) {
      json.writeStartObject();
      question(json, exchange.query());
      server(json, exchange.server());
      json.writeStringField(
          "transport", exchange.transport().name().toLowerCase(java.util.Locale.ROOT));
      Json.millis(json, "query_time_ms", exchange.rttNanos());
      json.writeStringField("when", Instant.now().toString());
      json.writeNumberField("message_size", exchange.responseSize());
      header(json, exchange);
      json.writeArrayFieldStart("warnings");
      if (exchange.query().getHeader().getFlag(Flags.RD)
          && !response.getHeader().getFlag(Flags.RA)) {
        json.writeString("recursion requested but not available");
      }
      if (exchange.extraBytes() != 0) {
        json.writeString("message has " + exchange.extraBytes() + " extra bytes at end");
      }
      json.writeEndArray();
      notices(json, notices);
      edns(json, response.getOPT());
      json.writeArrayFieldStart("question");
      for (Record r : response.getSection(Section.QUESTION)) {
        json.writeStartObject();
        json.writeStringField("name", r.getName().toString());
        json.writeStringField("type", Type.string(r.getType()));
        json.writeStringField("class", DClass.string(r.getDClass()));
        json.writeEndObject();
      }
      json.writeEndArray();
      section(json, "answer", response, Section.ANSWER);
      section(json, "authority", response, Section.AUTHORITY);
      section(json, "additional", response, Section.ADDITIONAL);
      json.writeEndObject();
    }
    out.newline();
  }

  /** A lookup that got no usable answer: the error dig would print, and the notices before it. */
  static void failure(
      Output out,
      Message query,
      List<InetSocketAddress> servers,
      String message,
      List<Notice> notices)
      throws IOException {
    failure(out, query, servers, message, notices, errorCode(notices));
  }

  /**
   * The document of a lookup that got no answer to show, with the error's code: {@code bad_packet}
   * for a reply dig could not use ("Got bad packet").
   */
  static void failure(
      Output out,
      Message query,
      List<InetSocketAddress> servers,
      String message,
      List<Notice> notices,
      String code)
      throws IOException {
    try (JsonGenerator json = Json.writer(out)) {
      json.writeStartObject();
      question(json, query);
      if (servers.isEmpty()) {
        json.writeNullField("server");
        json.writeNullField("port");
      } else {
        server(json, servers.getFirst());
      }
      notices(json, notices);
      json.writeObjectFieldStart("error");
      json.writeStringField("code", code);
      json.writeStringField("message", message);
      json.writeEndObject();
      json.writeEndObject();
    }
    out.newline();
  }

  // What the last failed try met: a timeout, a refusal (closed port, ICMP unreachable), or
  // replies that could not be used.
  private static String errorCode(List<Notice> notices) {
    for (int i = notices.size() - 1; i >= 0; i--) {
      if (notices.get(i) instanceof Notice.TimedOut) {
        return "timeout";
      }
      if (notices.get(i) instanceof Notice.Refused) {
        return "refused";
      }
      if (notices.get(i) instanceof Notice.CommunicationsError) {
        return "communications_error";
      }
    }
    return "no_reply";
  }

  private static void question(JsonGenerator json, Message query) throws IOException {
    Record q = query.getQuestion();
    json.writeObjectFieldStart("query");
    json.writeStringField("name", q.getName().toString());
    json.writeStringField("type", Type.string(q.getType()));
    json.writeStringField("class", DClass.string(q.getDClass()));
    json.writeEndObject();
  }

  private static void server(JsonGenerator json, InetSocketAddress server) throws IOException {
    String text = Servers.text(server);
    json.writeStringField("server", text.substring(0, text.lastIndexOf('#')));
    json.writeNumberField("port", server.getPort());
  }

  private static void header(JsonGenerator json, Exchange exchange) throws IOException {
    Message response = exchange.response();
    Header h = response.getHeader();
    json.writeObjectFieldStart("header");
    json.writeNumberField("id", h.getID());
    json.writeStringField("opcode", Opcode.string(h.getOpcode()));
    json.writeStringField("status", Rcode.string(response.getRcode()));
    json.writeNumberField("rcode", response.getRcode());
    json.writeArrayFieldStart("flags");
    for (String flag : DigPrinter.flagNames(h)) {
      json.writeString(flag);
    }
    json.writeEndArray();
    json.writeNumberField("question_count", exchange.count(Section.QUESTION));
    json.writeNumberField("answer_count", exchange.count(Section.ANSWER));
    json.writeNumberField("authority_count", exchange.count(Section.AUTHORITY));
    json.writeNumberField("additional_count", exchange.count(Section.ADDITIONAL));
    json.writeEndObject();
  }

  // A notice about one server: its kind, the server, the transport and BIND's reason, if any.
  private static void atServer(
      JsonGenerator json,
      String kind,
      InetSocketAddress server,
      dev.netdiag.dns.Transport transport,
      String reason)
      throws IOException {
    json.writeStringField("kind", kind);
    json.writeStringField("server", Servers.text(server));
    json.writeStringField("transport", transport.name().toLowerCase(java.util.Locale.ROOT));
    if (reason != null) {
      json.writeStringField("reason", reason);
    }
  }

  private static void notices(JsonGenerator json, List<Notice> notices) throws IOException {
    json.writeArrayFieldStart("notices");
    for (Notice n : notices) {
      json.writeStartObject();
      switch (n) {
        case Notice.IdMismatch m -> {
          json.writeStringField("kind", "id_mismatch");
          json.writeNumberField("expected", m.expected());
          json.writeNumberField("got", m.got());
        }
        case Notice.QuestionMismatch q -> {
          json.writeStringField("kind", "question_mismatch");
          json.writeStringField("question", q.question());
        }
        case Notice.Malformed m -> {
          json.writeStringField("kind", "malformed");
          json.writeStringField("reason", m.reason());
        }
        case Notice.BadVers b -> {
          json.writeStringField("kind", "badvers");
          json.writeNumberField("version", b.version());
        }
        case Notice.Truncated t -> json.writeStringField("kind", "truncated");
        case Notice.ShortMessage m -> json.writeStringField("kind", "short_message");
        case Notice.TimedOut t -> atServer(json, "timeout", t.server(), t.transport(), null);
        case Notice.Refused r -> atServer(json, "refused", r.server(), r.transport(), null);
        case Notice.CommunicationsError c ->
            atServer(json, "communications_error", c.server(), c.transport(), c.reason());
        case Notice.Requeued r -> json.writeStringField("kind", "requeued");
        case Notice.SetupFailed f ->
            atServer(json, "setup_failed", f.server(), f.transport(), f.reason());
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void edns(JsonGenerator json, OPTRecord opt) throws IOException {
    if (opt == null) {
      json.writeNullField("edns");
      return;
    }
    json.writeObjectFieldStart("edns");
    json.writeNumberField("version", opt.getVersion());
    json.writeArrayFieldStart("flags");
    if ((opt.getFlags() & 0x8000) != 0) {
      json.writeString("do");
    }
    json.writeEndArray();
    json.writeNumberField("udp", opt.getPayloadSize());
    json.writeArrayFieldStart("options");
    for (EDNSOption o : opt.getOptions()) {
      json.writeStartObject();
      json.writeNumberField("code", o.getCode());
      switch (o) {
        case CookieOption c -> {
          json.writeStringField("name", "COOKIE");
          json.writeStringField("client", HexFormat.of().formatHex(c.getClientCookie()));
          Json.stringOrNull(
              json, "server", c.getServerCookie().map(HexFormat.of()::formatHex).orElse(null));
        }
        case NSIDOption n -> {
          json.writeStringField("name", "NSID");
          byte[] data = optionData(n);
          json.writeStringField("hex", HexFormat.of().formatHex(data));
          json.writeStringField("text", printable(data));
        }
        case ClientSubnetOption s -> {
          json.writeStringField("name", "CLIENT-SUBNET");
          json.writeNumberField("family", s.getFamily());
          json.writeNumberField("source_prefix", s.getSourcePrefixLength());
          json.writeNumberField("scope_prefix", s.getScopePrefixLength());
          json.writeStringField(
              "address", dev.netdiag.linux.AddressText.format(s.getAddress().getAddress()));
        }
        case ExtendedErrorCodeOption e -> {
          json.writeStringField("name", "EDE");
          json.writeNumberField("info_code", e.getErrorCode());
          Json.stringOrNull(json, "text", e.getText());
        }
        case GenericEDNSOption g -> {
          byte[] data = optionData(g);
          switch (o.getCode()) {
            case 9 -> {
              // RFC 7314 EXPIRE: the zone's expire timer, when the server sent one.
              json.writeStringField("name", "EXPIRE");
              if (data.length == 4) {
                json.writeNumberField(
                    "seconds",
                    ((long) (data[0] & 0xff) << 24)
                        | ((data[1] & 0xff) << 16)
                        | ((data[2] & 0xff) << 8)
                        | (data[3] & 0xff));
              }
            }
            case 11 -> {
              // RFC 7828 TCP keepalive: the timeout in units of 100 ms.
              json.writeStringField("name", "TCP-KEEPALIVE");
              if (data.length == 2) {
                json.writeNumberField(
                    "timeout_ms", (((data[0] & 0xff) << 8) | (data[1] & 0xff)) * 100);
              }
            }
            case 12 -> {
              json.writeStringField("name", "PADDING");
              json.writeNumberField("length", data.length);
            }
            default -> json.writeNullField("name");
          }
          json.writeStringField("hex", HexFormat.of().formatHex(data));
        }
        default -> {
          json.writeNullField("name");
          json.writeStringField("text", o.toString());
        }
      }
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void section(JsonGenerator json, String field, Message response, int section)
      throws IOException {
    json.writeArrayFieldStart(field);
    for (Record r : response.getSection(section)) {
      if (r instanceof OPTRecord) {
        continue;
      }
      json.writeStartObject();
      json.writeStringField("name", r.getName().toString());
      json.writeNumberField("ttl", r.getTTL());
      json.writeStringField("class", DClass.string(r.getDClass()));
      json.writeStringField("type", Type.string(r.getType()));
      json.writeStringField("rdata", RdataText.of(r, 0));
      json.writeObjectFieldStart("data");
      data(json, r);
      json.writeEndObject();
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  // Typed rdata fields for the everyday types; every record also carries its wire rdata in hex,
  // so nothing is lost for the others.
  private static void data(JsonGenerator json, Record r) throws IOException {
    switch (r) {
      case ARecord a ->
          json.writeStringField(
              "address", dev.netdiag.linux.AddressText.format(a.getAddress().getAddress()));
      case AAAARecord a ->
          json.writeStringField(
              "address", dev.netdiag.linux.AddressText.format(a.getAddress().getAddress()));
      case MXRecord mx -> {
        json.writeNumberField("preference", mx.getPriority());
        json.writeStringField("exchange", mx.getTarget().toString());
      }
      case SOARecord soa -> {
        json.writeStringField("mname", soa.getHost().toString());
        json.writeStringField("rname", soa.getAdmin().toString());
        json.writeNumberField("serial", soa.getSerial());
        json.writeNumberField("refresh", soa.getRefresh());
        json.writeNumberField("retry", soa.getRetry());
        json.writeNumberField("expire", soa.getExpire());
        json.writeNumberField("minimum", soa.getMinimum());
      }
      case TXTRecord txt -> strings(json, txt.getStringsAsByteArrays());
      case SPFRecord spf -> strings(json, spf.getStringsAsByteArrays());
      case SRVRecord srv -> {
        json.writeNumberField("priority", srv.getPriority());
        json.writeNumberField("weight", srv.getWeight());
        json.writeNumberField("port", srv.getPort());
        json.writeStringField("target", srv.getTarget().toString());
      }
      case CAARecord caa -> {
        json.writeNumberField("flags", caa.getFlags());
        json.writeStringField("tag", caa.getTag());
        json.writeStringField("value", caa.getValue());
      }
      case NAPTRRecord n -> {
        json.writeNumberField("order", n.getOrder());
        json.writeNumberField("preference", n.getPreference());
        json.writeStringField("flags", n.getFlags());
        json.writeStringField("service", n.getService());
        json.writeStringField("regexp", n.getRegexp());
        json.writeStringField("replacement", n.getReplacement().toString());
      }
      case SSHFPRecord s -> {
        json.writeNumberField("algorithm", s.getAlgorithm());
        json.writeNumberField("fingerprint_type", s.getDigestType());
        json.writeStringField("fingerprint", HexFormat.of().formatHex(s.getFingerPrint()));
      }
      case TLSARecord t -> {
        json.writeNumberField("usage", t.getCertificateUsage());
        json.writeNumberField("selector", t.getSelector());
        json.writeNumberField("matching_type", t.getMatchingType());
        json.writeStringField(
            "certificate_data", HexFormat.of().formatHex(t.getCertificateAssociationData()));
      }
      case DSRecord ds -> {
        json.writeNumberField("key_tag", ds.getFootprint());
        json.writeNumberField("algorithm", ds.getAlgorithm());
        json.writeNumberField("digest_type", ds.getDigestID());
        json.writeStringField("digest", HexFormat.of().formatHex(ds.getDigest()));
      }
      case DNSKEYRecord k -> {
        json.writeNumberField("flags", k.getFlags());
        json.writeNumberField("protocol", k.getProtocol());
        json.writeNumberField("algorithm", k.getAlgorithm());
        json.writeNumberField("key_tag", k.getFootprint());
        json.writeStringField("public_key", Base64.getEncoder().encodeToString(k.getKey()));
      }
      case RRSIGRecord s -> {
        json.writeStringField("type_covered", Type.string(s.getTypeCovered()));
        json.writeNumberField("algorithm", s.getAlgorithm());
        json.writeNumberField("labels", s.getLabels());
        json.writeNumberField("original_ttl", s.getOrigTTL());
        json.writeStringField("expiration", s.getExpire().toString());
        json.writeStringField("inception", s.getTimeSigned().toString());
        json.writeNumberField("key_tag", s.getFootprint());
        json.writeStringField("signer", s.getSigner().toString());
        json.writeStringField("signature", Base64.getEncoder().encodeToString(s.getSignature()));
      }
      case NSECRecord n -> {
        json.writeStringField("next", n.getNext().toString());
        json.writeArrayFieldStart("types");
        for (int t : n.getTypes()) {
          json.writeString(Type.string(t));
        }
        json.writeEndArray();
      }
      case HINFORecord h -> {
        json.writeStringField("cpu", h.getCPU());
        json.writeStringField("os", h.getOS());
      }
      case SVCBBase s -> {
        json.writeNumberField("priority", s.getSvcPriority());
        json.writeStringField("target", s.getTargetName().toString());
        json.writeObjectFieldStart("params");
        for (int key : s.getSvcParamKeys()) {
          String text = s.getSvcParamValue(key).toString();
          json.writeStringField(RdataText.keyName(key), text);
        }
        json.writeEndObject();
      }
      case NSRecord n -> json.writeStringField("target", n.getTarget().toString());
      case CNAMERecord n -> json.writeStringField("target", n.getTarget().toString());
      case DNAMERecord n -> json.writeStringField("target", n.getTarget().toString());
      case PTRRecord n -> json.writeStringField("target", n.getTarget().toString());
      default -> {}
    }
    json.writeStringField("wire_hex", HexFormat.of().formatHex(r.rdataToWireCanonical()));
  }

  // TXT strings as text: bytes that are not UTF-8 become U+FFFD; wire_hex keeps them exact.
  private static void strings(JsonGenerator json, List<byte[]> strings) throws IOException {
    json.writeArrayFieldStart("strings");
    for (byte[] s : strings) {
      json.writeString(new String(s, java.nio.charset.StandardCharsets.UTF_8));
    }
    json.writeEndArray();
  }

  // An option's payload: its wire form after the code and length words (RFC 6891 6.1.2).
  private static byte[] optionData(EDNSOption o) throws IOException {
    byte[] wire = o.toWire();
    return java.util.Arrays.copyOfRange(wire, Math.min(4, wire.length), wire.length);
  }

  // NSID's printable form as dig shows it: printable ASCII kept, the rest as '.'.
  private static String printable(byte[] data) {
    StringBuilder s = new StringBuilder(data.length);
    for (byte b : data) {
      s.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
    }
    return s.toString();
  }
}
