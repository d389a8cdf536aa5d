package dev.netdiag.cli.netstat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.netdiag.cli.Json;
import dev.netdiag.cli.Output;
import dev.netdiag.linux.AddressText;
import dev.netdiag.sockets.Ipv4InterfaceAddress;
import dev.netdiag.sockets.ProcessRef;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.procfs.GroupMembership;
import dev.netdiag.sockets.procfs.InterfaceCounters;
import dev.netdiag.sockets.procfs.Ipv4Route;
import dev.netdiag.sockets.procfs.Ipv6InterfaceAddress;
import dev.netdiag.sockets.procfs.Ipv6Route;
import dev.netdiag.sockets.procfs.LinkLayer;
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

  static void interfaces(Output out, List<ListedInterface> list) throws IOException {
    try (JsonGenerator json = Json.writer(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("interfaces");
      for (ListedInterface l : list) {
        InterfaceCounters i = l.counters();
        json.writeStartObject();
        json.writeStringField("iface", l.name());
        json.writeNumberField("mtu", l.mtu());
        counter(json, "rx_ok", i == null ? null : i.rxPackets());
        counter(json, "rx_err", i == null ? null : i.rxErrors());
        counter(json, "rx_drp", i == null ? null : i.rxDropped());
        counter(json, "rx_ovr", i == null ? null : i.rxFifo());
        counter(json, "tx_ok", i == null ? null : i.txPackets());
        counter(json, "tx_err", i == null ? null : i.txErrors());
        counter(json, "tx_drp", i == null ? null : i.txDropped());
        counter(json, "tx_ovr", i == null ? null : i.txFifo());
        json.writeStringField("flags", InterfaceTableText.flags(l.flags()));
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    out.newline();
  }

  private static void counter(JsonGenerator json, String name, Long value) throws IOException {
    if (value == null) {
      json.writeNullField(name);
    } else {
      json.writeNumberField(name, value);
    }
  }

  /** netstat -ie --json: each interface's flags, addresses, link layer and counters. */
  static void extendedInterfaces(Output out, List<ExtendedInterface> list) throws IOException {
    try (JsonGenerator json = Json.writer(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("interfaces");
      for (ExtendedInterface e : list) {
        ListedInterface l = e.entry();
        json.writeStartObject();
        json.writeStringField("iface", l.name());
        json.writeNumberField("mtu", l.mtu());
        json.writeStringField("flags", InterfaceTableText.flags(l.flags()));
        json.writeNumberField("flags_value", (short) l.flags());
        String words = InterfaceBlockText.flagText(l.flags());
        int open = words.indexOf('<');
        json.writeArrayFieldStart("flag_names");
        if (open >= 0 && words.endsWith(">")) {
          for (String w : words.substring(open + 1, words.length() - 1).split(",")) {
            if (!w.isEmpty()) {
              json.writeString(w);
            }
          }
        }
        json.writeEndArray();
        Ipv4InterfaceAddress inet = e.inet();
        if (inet == null) {
          json.writeNullField("inet");
        } else {
          json.writeObjectFieldStart("inet");
          json.writeStringField("address", AddressText.format(inet.local()));
          json.writeStringField("netmask", AddressText.format(inet.netmask()));
          json.writeNumberField("prefixlen", inet.prefixLength());
          if ((l.flags() & InterfaceBlockText.BROADCAST) != 0) {
            json.writeStringField("broadcast", AddressText.format(inet.broadcast()));
          }
          if ((l.flags() & InterfaceBlockText.POINTOPOINT) != 0) {
            json.writeStringField("destination", AddressText.format(inet.peer()));
          }
          json.writeEndObject();
        }
        json.writeArrayFieldStart("inet6");
        for (Ipv6InterfaceAddress a : e.inet6()) {
          json.writeStartObject();
          json.writeStringField("address", AddressText.format(a.address()));
          json.writeNumberField("prefixlen", a.prefixLength());
          json.writeNumberField("scopeid", a.scope());
          String scope = InterfaceBlockText.scopeText(a.scope());
          json.writeArrayFieldStart("scope");
          if (scope.length() > 2) {
            for (String w : scope.substring(1, scope.length() - 1).split(",")) {
              json.writeString(w);
            }
          }
          json.writeEndArray();
          json.writeEndObject();
        }
        json.writeEndArray();
        LinkLayer link = e.link();
        json.writeStringField("hw_type", InterfaceBlockText.hardwareName(link.type()));
        String hw = InterfaceBlockText.hardwareAddress(link);
        if (hw == null || hw.isEmpty()) {
          json.writeNullField("hw_address");
        } else {
          json.writeStringField("hw_address", hw);
        }
        json.writeStringField("hw_title", InterfaceBlockText.hardwareTitle(link.type()));
        json.writeNumberField("txqueuelen", link.txQueueLength());
        InterfaceCounters c = l.counters();
        if (c == null) {
          json.writeNullField("statistics");
        } else {
          json.writeObjectFieldStart("statistics");
          json.writeNumberField("rx_packets", c.rxPackets());
          json.writeNumberField("rx_bytes", c.rxBytes());
          json.writeNumberField("rx_errors", c.rxErrors());
          json.writeNumberField("rx_dropped", c.rxDropped());
          json.writeNumberField("rx_overruns", c.rxFifo());
          json.writeNumberField("rx_frame", c.rxFrame());
          json.writeNumberField("tx_packets", c.txPackets());
          json.writeNumberField("tx_bytes", c.txBytes());
          json.writeNumberField("tx_errors", c.txErrors());
          json.writeNumberField("tx_dropped", c.txDropped());
          json.writeNumberField("tx_overruns", c.txFifo());
          json.writeNumberField("tx_carrier", c.txCarrier());
          json.writeNumberField("tx_collisions", c.txCollisions());
          json.writeEndObject();
        }
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
        // A RAW socket's column is the kernel's number; the schema keeps ESTABLISHED or null.
        String state =
            r.transport() != dev.netdiag.sockets.Transport.RAW
                ? SocketTableText.state(r)
                : r.state() == dev.netdiag.sockets.SocketState.ESTABLISHED ? "ESTABLISHED" : "";
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
