package dev.netdiag.cli.ss;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.netdiag.cli.Json;
import dev.netdiag.cli.Output;
import dev.netdiag.sockets.procfs.SocketSummary;
import java.io.IOException;

/** ss -s: the summary ss 6.1 prints from /proc/net/sockstat{,6} and snmp (misc/ss.c). */
final class SsSummary {
  private SsSummary() {}

  static void render(SocketSummary s, Output out) {
    out.text("Total: ").number(s.sockets()).newline();
    long hashed = s.tcpInUse() + s.tcp6InUse();
    out.text("TCP:   ").number(s.tcpAllocated() + s.tcpTimeWait());
    out.text(" (estab ").number(s.tcpEstablished());
    out.text(", closed ").number(s.tcpAllocated() - (hashed - s.tcpTimeWait()));
    out.text(", orphaned ").number(s.tcpOrphans());
    out.text(", timewait ").number(s.tcpTimeWait()).line(")");
    out.newline();
    out.line("Transport Total     IP        IPv6");
    row(out, "RAW", s.rawInUse(), s.raw6InUse());
    row(out, "UDP", s.udpInUse(), s.udp6InUse());
    row(out, "TCP", s.tcpInUse(), s.tcp6InUse());
    row(
        out,
        "INET",
        s.rawInUse() + s.udpInUse() + s.tcpInUse(),
        s.raw6InUse() + s.udp6InUse() + s.tcp6InUse());
    row(out, "FRAG", s.fragments(), s.fragments6());
    out.newline();
  }

  // printf("%s\t  %-9d %-9d %-9d\n")
  private static void row(Output out, String name, long v4, long v6) {
    out.text(name).text("\t  ");
    out.padRight(Long.toString(v4 + v6), 9).ch(' ');
    out.padRight(Long.toString(v4), 9).ch(' ');
    out.padRight(Long.toString(v6), 9).newline();
  }

  static void json(SocketSummary s, Output out) throws IOException {
    try (JsonGenerator g = Json.writer(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("summary");
      g.writeNumberField("sockets", s.sockets());
      g.writeNumberField("tcp_allocated", s.tcpAllocated());
      g.writeNumberField("tcp_established", s.tcpEstablished());
      g.writeNumberField("tcp_orphaned", s.tcpOrphans());
      g.writeNumberField("tcp_timewait", s.tcpTimeWait());
      g.writeNumberField("tcp4_inuse", s.tcpInUse());
      g.writeNumberField("tcp6_inuse", s.tcp6InUse());
      g.writeNumberField("udp4_inuse", s.udpInUse());
      g.writeNumberField("udp6_inuse", s.udp6InUse());
      g.writeNumberField("raw4_inuse", s.rawInUse());
      g.writeNumberField("raw6_inuse", s.raw6InUse());
      g.writeNumberField("frag4_inuse", s.fragments());
      g.writeNumberField("frag6_inuse", s.fragments6());
      g.writeEndObject();
      g.writeEndObject();
    }
    out.newline();
  }
}
