package dev.netdiag.cli.netstat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.netdiag.cli.Json;
import dev.netdiag.cli.Output;
import dev.netdiag.linux.AddressText;
import dev.netdiag.sockets.ProcessRef;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.procfs.GroupMembership;
import dev.netdiag.sockets.procfs.InterfaceCounters;
import dev.netdiag.sockets.procfs.Ipv4Route;
import dev.netdiag.sockets.procfs.Ipv6Route;
import dev.netdiag.sockets.procfs.SnmpTable;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/** netstat --json documents (schemas in docs/json.md, section netstat). */
final class NetstatJson {
  private NetstatJson() {}

  static void routes(Output out, List<Ipv4Route> v4, List<Ipv6Route> v6) throws IOException {
    try (JsonGenerator json = Json.writer(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("routes");
      for (Ipv4Route r : v4) {
        if ((r.flags() & Ipv4Route.UP) == 0) {
          continue;
        }
        json.writeStartObject();
        json.writeStringField("family", "inet");
        json.writeStringField("destination", RouteTableText.ipv4(r.destination()));
        json.writeStringField("gateway", RouteTableText.ipv4(r.gateway()));
        json.writeStringField("genmask", RouteTableText.ipv4(r.mask()));
        json.writeStringField("flags", RouteTableText.ipv4Flags(r.flags()));
        json.writeNumberField("metric", r.metric());
        json.writeNumberField("ref", r.refCount());
        json.writeNumberField("use", r.use());
        json.writeStringField("iface", r.iface());
        json.writeNumberField("mss", r.mtu());
        json.writeNumberField("window", r.window());
        json.writeNumberField("irtt", r.irtt());
        json.writeEndObject();
      }
      StringBuilder s = new StringBuilder(40);
      for (Ipv6Route r : v6) {
        json.writeStartObject();
        json.writeStringField("family", "inet6");
        s.setLength(0);
        AddressText.appendIpv6(s, r.destination());
        json.writeStringField("destination", s.append('/').append(r.prefixLength()).toString());
        s.setLength(0);
        AddressText.appendIpv6(s, r.nextHop());
        json.writeStringField("next_hop", s.toString());
        json.writeStringField("flags", RouteTableText.ipv6Flags(r.flags()));
        json.writeNumberField("metric", r.metric());
        json.writeNumberField("ref", r.refCount());
        json.writeNumberField("use", r.use());
        json.writeStringField("iface", r.iface());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    out.newline();
  }

  static void interfaces(Output out, List<InterfaceCounters> list) throws IOException {
    try (JsonGenerator json = Json.writer(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("interfaces");
      for (InterfaceCounters i : list) {
        json.writeStartObject();
        json.writeStringField("iface", i.name());
        json.writeNumberField("mtu", i.mtu());
        json.writeNumberField("rx_ok", i.rxPackets());
        json.writeNumberField("rx_err", i.rxErrors());
        json.writeNumberField("rx_drp", i.rxDropped());
        json.writeNumberField("rx_ovr", i.rxFifo());
        json.writeNumberField("tx_ok", i.txPackets());
        json.writeNumberField("tx_err", i.txErrors());
        json.writeNumberField("tx_drp", i.txDropped());
        json.writeNumberField("tx_ovr", i.txFifo());
        json.writeStringField("flags", InterfaceTableText.flags(i.flags()));
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    out.newline();
  }

  static void groups(Output out, List<GroupMembership> list) throws IOException {
    try (JsonGenerator json = Json.writer(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("groups");
      for (GroupMembership g : list) {
        json.writeStartObject();
        json.writeStringField("iface", g.iface());
        json.writeNumberField("refcnt", g.users());
        json.writeStringField("group", GroupTableText.text(g.group()));
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    out.newline();
  }

  /** netstat -s --json: the counter tables the text would show, every counter with its value. */
  static void statistics(
      Output out, String family, List<SnmpTable> tables, Set<StatisticsText.Group> groups)
      throws IOException {
    boolean inet6 = family.equals("inet6");
    try (JsonGenerator json = Json.writer(out)) {
      json.writeStartObject();
      json.writeStringField("family", family);
      json.writeArrayFieldStart("tables");
      for (SnmpTable t : tables) {
        if (!StatisticsText.shown(inet6, t, groups)) {
          continue;
        }
        json.writeStartObject();
        json.writeStringField("name", t.name());
        json.writeObjectFieldStart("counters");
        for (SnmpTable.Counter c : t.counters()) {
          json.writeNumberField(c.name(), c.value());
        }
        json.writeEndObject();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    out.newline();
  }

  /**
   * netstat --json for socket tables: the rows the text shows, addresses numeric, with the owning
   * process when -p asked for it.
   */
  static void sockets(Output out, List<SocketRecord> rows, ProgramNames names, boolean programs)
      throws IOException {
    try (JsonGenerator json = Json.writer(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("sockets");
      for (SocketRecord r : rows) {
        json.writeStartObject();
        json.writeStringField("proto", SocketTableText.proto(r));
        json.writeNumberField("recv_q", r.receiveQueue());
        json.writeNumberField("send_q", SocketTableText.sendQueue(r));
        json.writeStringField("local_address", AddressText.format(r.localAddress()));
        json.writeNumberField("local_port", r.localPort());
        json.writeStringField("foreign_address", AddressText.format(r.remoteAddress()));
        json.writeNumberField("foreign_port", r.remotePort());
        String state = SocketTableText.state(r);
        if (state.isEmpty()) {
          json.writeNullField("state");
        } else {
          json.writeStringField("state", state);
        }
        json.writeNumberField("uid", Integer.toUnsignedLong(r.uid()));
        json.writeNumberField("inode", r.inode());
        if (programs) {
          ProcessRef holder = names.holder(r.inode());
          if (holder == null) {
            json.writeNullField("pid");
            json.writeNullField("program");
          } else {
            json.writeNumberField("pid", holder.pid());
            json.writeStringField("program", names.program(holder));
          }
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    out.newline();
  }
}
