package dev.netdiag.cli.ss;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.netdiag.cli.Json;
import dev.netdiag.cli.Output;
import dev.netdiag.linux.AddressText;
import dev.netdiag.sockets.IpFamily;
import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.ProcessRef;
import dev.netdiag.sockets.SocketRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** ss --json: one document, every socket with every field typed (schema in docs/json.md). */
final class SsJson {
  private final boolean processes;
  private InterfaceNames interfaces;

  SsJson(boolean processes) {
    this.processes = processes;
  }

  void render(List<SocketRecord> records, ProcessMap owners, Output out) throws IOException {
    render(records, owners, out, new SsOtherFamilies());
  }

  /** The document with the UNIX, PACKET and NETLINK sockets first, as ss lists them. */
  void render(List<SocketRecord> records, ProcessMap owners, Output out, SsOtherFamilies others)
      throws IOException {
    try (JsonGenerator json = Json.writer(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("sockets");
      SsOtherJson other = new SsOtherJson(json, processes, owners);
      other.write(others);
      for (SocketRecord r : records) {
        json.writeStartObject();
        json.writeStringField("netid", r.transport().netid());
        json.writeStringField("family", r.family() == IpFamily.INET ? "inet" : "inet6");
        json.writeStringField("state", r.state().ssName());
        json.writeNumberField("recv_q", r.receiveQueue());
        json.writeNumberField("send_q", r.sendQueue());
        json.writeStringField("local_address", AddressText.format(r.localAddress()));
        json.writeNumberField("local_port", r.localPort());
        json.writeStringField("peer_address", AddressText.format(r.remoteAddress()));
        json.writeNumberField("peer_port", r.remotePort());
        if (r.interfaceIndex() != 0) {
          if (interfaces == null) {
            interfaces = InterfaceNames.load(Path.of("/sys/class/net"));
          }
          json.writeStringField("interface", interfaces.name(r.interfaceIndex()));
        } else {
          json.writeNullField("interface");
        }
        json.writeBooleanField("v6only", r.v6only());
        json.writeNumberField("uid", Integer.toUnsignedLong(r.uid()));
        json.writeNumberField("inode", r.inode());
        json.writeNumberField("cookie", r.cookie());
        json.writeStringField("timer", r.timer().ssName());
        json.writeNumberField("timer_expires_ms", r.expiresMillis());
        json.writeNumberField("retransmits", r.retransmits());
        if (r.details() != null) {
          other.inetDetails(r.details());
        }
        if (processes) {
          json.writeArrayFieldStart("processes");
          for (ProcessRef ref : owners.owners(r.inode())) {
            json.writeStartObject();
            json.writeStringField("command", ref.command());
            json.writeNumberField("pid", ref.pid());
            json.writeNumberField("fd", ref.fd());
            json.writeEndObject();
          }
          json.writeEndArray();
        }
        json.writeEndObject();
      }
      other.writeLate(others);
      json.writeEndArray();
      json.writeEndObject();
    }
    out.newline();
  }
}
