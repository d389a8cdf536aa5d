package dev.netdiag.cli.dig;

import dev.netdiag.cli.Output;
import dev.netdiag.dns.DnsException;
import dev.netdiag.dns.IterativeResolver;
import dev.netdiag.dns.Notice;
import dev.netdiag.dns.QueryOptions;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Prints a {@code +trace} walk as dig 9.18 does: each response as dig prints any answer, with the
 * lookup's options (by default, from +trace, its answer and authority records, then ";; Received N
 * bytes from ADDR#PORT(NAME) in T ms" and a blank line); with {@code +short}, one "TYPE RDATA from
 * server ADDR in T ms." line per answer record.
 */
final class TracePrinter {
  private final Lookup args;
  private final Output out;

  TracePrinter(Lookup args, Output out) {
    this.args = args;
    this.out = out;
  }

  /**
   * Runs {@code +trace} for one lookup: the root NS set from its servers, then the walk; returns
   * dig's exit code (9 when the first server gave no reply).
   */
  static int run(
      Lookup args,
      List<InetSocketAddress> servers,
      QueryOptions options,
      int port,
      Output out,
      Consumer<Notice> notices)
      throws TextParseException {
    Name name = Name.fromString(args.name == null ? "." : args.name, Name.root);
    IterativeResolver resolver =
        new IterativeResolver(options, notices, args.dnssec, port, TracePrinter::systemLookup);
    int type = args.type >= 0 ? args.type : (args.name == null ? Type.NS : Type.A);
    IterativeResolver.Trace trace = resolver.trace(name, type, servers);
    if (trace.steps().isEmpty() && trace.badPacket() != null) {
      // The root query's reply was refused: "Got bad packet" alone, as a plain lookup's, exit 0.
      DnsException.BadPacket bad = trace.badPacket();
      if (bad.reason() == null) {
        out.line(";; ERROR: short (< header size) message");
      } else if (!args.yaml) {
        out.text(";; Got bad packet: ").line(bad.reason());
        DigTool.hexDump(out, bad.wire());
      }
      return 0;
    }
    if (!args.shortForm && args.printcmd) {
      out.text(args.cmdline);
    }
    new TracePrinter(args, out).print(trace);
    if (trace.steps().isEmpty()) {
      out.text(";; ").line(trace.error());
      return 9;
    }
    return 0;
  }

  // A root server named without glue: the system resolver, as dig looks up every NS name.
  private static List<java.net.InetAddress> systemLookup(Name name) {
    try {
      dev.netdiag.linux.Resolution r =
          dev.netdiag.linux.AddressResolver.resolve(
              name.toString(true),
              dev.netdiag.linux.AddressFamily.UNSPEC,
              java.time.Duration.ofSeconds(10));
      return r.resolved() ? r.addresses() : List.of();
    } catch (dev.netdiag.linux.NativeException e) {
      return List.of();
    }
  }

  void print(IterativeResolver.Trace trace) {
    for (IterativeResolver.Step step : trace.steps()) {
      step(step);
    }
  }

  private void step(IterativeResolver.Step step) {
    Message r = step.exchange().response();
    long ms = step.exchange().rttNanos() / 1_000_000;
    String address = step.exchange().server().getAddress().getHostAddress();
    if (args.shortForm) {
      for (Record rec : records(r, Section.ANSWER)) {
        out.text(Type.string(rec.getType()))
            .ch(' ')
            .text(DigPrinter.rdata(rec, args))
            .text(" from server ")
            .text(address)
            .text(" in ")
            .text(Long.toString(ms))
            .line(" ms.");
      }
      return;
    }
    String name = step.serverName();
    if (name.endsWith(".") && name.length() > 1) {
      name = name.substring(0, name.length() - 1);
    }
    // Each step prints as any answer does, with the options +trace set (and those after it).
    if (args.yaml) {
      DigYaml.answer(out, args, step.exchange());
    } else {
      new DigPrinter(args, name, out).print(step.exchange());
    }
  }

  private static List<Record> records(Message r, int section) {
    return r.getSection(section).stream().filter(x -> !(x instanceof OPTRecord)).toList();
  }
}
