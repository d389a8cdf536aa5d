package dev.netdiag.cli.getent;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.netdiag.cli.Output;
import dev.netdiag.linux.AddrInfoEntry;
import dev.netdiag.linux.AddressFamily;
import dev.netdiag.linux.NetworkEntry;
import dev.netdiag.linux.ProtocolEntry;
import dev.netdiag.linux.ServiceEntry;
import java.io.IOException;
import java.util.List;

/** One line of getent output, printed as getent prints it or as a JSON object. */
sealed interface GetentRow {
  /** Writes the line, newline included, byte for byte as glibc's getent does. */
  void text(Output out);

  /** Writes the row as one JSON object. */
  void json(JsonGenerator json) throws IOException;

  /** One address of a struct hostent: print_hosts writes "%-15s %s" and the aliases. */
  record Host(String address, AddressFamily family, String name, List<String> aliases)
      implements GetentRow {
    @Override
    public void text(Output out) {
      pad(out, address, 15).ch(' ').text(name);
      writeAliases(out, aliases);
    }

    @Override
    public void json(JsonGenerator json) throws IOException {
      json.writeStartObject();
      json.writeStringField("address", address);
      json.writeStringField("family", family == AddressFamily.INET6 ? "ipv6" : "ipv4");
      json.writeStringField("name", name);
      stringArray(json, "aliases", aliases);
      json.writeEndObject();
    }
  }

  /**
   * One struct addrinfo: the address and scope padded together to 15 columns (the scope in a field
   * of the remaining width, as getent's printf does), the socket type in 6, the canonical name.
   */
  record AddrInfo(AddrInfoEntry entry) implements GetentRow {
    @Override
    public void text(Output out) {
      String address = entry.address() == null ? "<invalid>" : entry.address();
      String scope =
          entry.address() == null || entry.family() != AddressFamily.INET6 || entry.scopeId() == 0
              ? ""
              : "%" + Integer.toUnsignedString(entry.scopeId());
      int pad = Math.max(0, 15 - address.length() - scope.length());
      out.text(address).padRight(scope, pad).ch(' ').padRight(socketType(entry.socketType()), 6);
      out.ch(' ').line(entry.canonicalName() == null ? "" : entry.canonicalName());
    }

    @Override
    public void json(JsonGenerator json) throws IOException {
      json.writeStartObject();
      json.writeStringField("address", entry.address());
      json.writeStringField("family", entry.family() == AddressFamily.INET6 ? "ipv6" : "ipv4");
      if (entry.scopeId() == 0) {
        json.writeNullField("scope_id");
      } else {
        json.writeNumberField("scope_id", Integer.toUnsignedLong(entry.scopeId()));
      }
      json.writeStringField("socket_type", socketType(entry.socketType()).toLowerCase());
      json.writeNumberField("protocol", entry.protocol());
      if (entry.canonicalName() == null) {
        json.writeNullField("canonical_name");
      } else {
        json.writeStringField("canonical_name", entry.canonicalName());
      }
      json.writeEndObject();
    }

    // SOCK_* from linux/net.h; getent prints other types as their number.
    private static String socketType(int type) {
      return switch (type) {
        case 1 -> "STREAM";
        case 2 -> "DGRAM";
        case 3 -> "RAW";
        case 4 -> "RDM";
        case 5 -> "SEQPACKET";
        case 6 -> "DCCP";
        case 10 -> "PACKET";
        default -> Integer.toString(type);
      };
    }
  }

  /** print_services: "%-21s %d/%s" and the aliases. */
  record Service(ServiceEntry entry) implements GetentRow {
    @Override
    public void text(Output out) {
      pad(out, entry.name(), 21).ch(' ').number(entry.port()).ch('/').text(entry.protocol());
      writeAliases(out, entry.aliases());
    }

    @Override
    public void json(JsonGenerator json) throws IOException {
      json.writeStartObject();
      json.writeStringField("name", entry.name());
      json.writeNumberField("port", entry.port());
      json.writeStringField("protocol", entry.protocol());
      stringArray(json, "aliases", entry.aliases());
      json.writeEndObject();
    }
  }

  /** print_protocols: "%-21s %d" and the aliases. */
  record Protocol(ProtocolEntry entry) implements GetentRow {
    @Override
    public void text(Output out) {
      pad(out, entry.name(), 21).ch(' ').number(entry.number());
      writeAliases(out, entry.aliases());
    }

    @Override
    public void json(JsonGenerator json) throws IOException {
      json.writeStartObject();
      json.writeStringField("name", entry.name());
      json.writeNumberField("number", entry.number());
      stringArray(json, "aliases", entry.aliases());
      json.writeEndObject();
    }
  }

  /** print_networks: "%-21s %s" with the number as inet_ntoa prints it, and the aliases. */
  record Network(NetworkEntry entry) implements GetentRow {
    @Override
    public void text(Output out) {
      pad(out, entry.name(), 21).ch(' ').text(entry.dottedQuad());
      writeAliases(out, entry.aliases());
    }

    @Override
    public void json(JsonGenerator json) throws IOException {
      json.writeStartObject();
      json.writeStringField("name", entry.name());
      json.writeStringField("network", entry.dottedQuad());
      stringArray(json, "aliases", entry.aliases());
      json.writeEndObject();
    }
  }

  /** printf's %-Ns: pads to N bytes (UTF-8), not N characters. */
  private static Output pad(Output out, String text, int width) {
    int bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    return out.text(text).spaces(width - bytes);
  }

  private static void writeAliases(Output out, List<String> aliases) {
    for (String alias : aliases) {
      out.ch(' ').text(alias);
    }
    out.newline();
  }

  private static void stringArray(JsonGenerator json, String field, List<String> values)
      throws IOException {
    json.writeArrayFieldStart(field);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }
}
