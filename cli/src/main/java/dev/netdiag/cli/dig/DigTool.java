package dev.netdiag.cli.dig;

import dev.netdiag.cli.Output;
import dev.netdiag.cli.Tool;
import dev.netdiag.cli.ToolContext;
import dev.netdiag.dns.DnsException;
import dev.netdiag.dns.Exchange;
import dev.netdiag.dns.Notice;
import dev.netdiag.dns.QueryEngine;
import dev.netdiag.dns.QueryOptions;
import dev.netdiag.dns.ResolvConf;
import dev.netdiag.dns.Servers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** {@code netdiag dig}: BIND 9.18 dig, one lookup per command line so far. */
public final class DigTool implements Tool {
  // The version line dig 9.18 prints; ours prints the same so outputs compare byte for byte.
  static final String VERSION = "DiG 9.18.49-1~deb12u3-Debian";

  // dig's exit codes (dig(1) RETURN CODES).
  private static final int USAGE = 1;
  private static final int NO_REPLY = 9;

  private static final String SHORT_USAGE =
      "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n"
          + "            {global-d-opt} host [@local-server] {local-d-opt}\n"
          + "            [ host [@local-server] {local-d-opt} [...]]\n"
          + "\n"
          + "Use \"dig -h\" (or \"dig -h | more\") for complete list of options\n";

  private final Path resolvConf;

  /** dig reading the system's /etc/resolv.conf when no @server is given. */
  public DigTool() {
    this(Path.of("/etc/resolv.conf"));
  }

  DigTool(Path resolvConf) {
    this.resolvConf = resolvConf;
  }

  @Override
  public String name() {
    return "dig";
  }

  @Override
  public String summary() {
    return "DNS lookup, as BIND dig 9.18";
  }

  @Override
  public int internalErrorExit() {
    return 10;
  }

  @Override
  public int run(List<String> argv, ToolContext context) throws Exception {
    Output out = context.out();
    DigArgs args;
    try {
      args = DigArgs.parse(argv);
    } catch (DigArgs.NotBuilt e) {
      context.err().line(e.getMessage());
      return USAGE;
    } catch (DigArgs.Invalid e) {
      if (e.getMessage().startsWith("Invalid option: ")) {
        // dig prints its short usage after the message (dig.c).
        context.err().line(e.getMessage()).text(SHORT_USAGE);
        return USAGE;
      }
      context.err().text("dig: ").line(e.getMessage());
      return USAGE;
    }
    List<InetSocketAddress> servers = new ArrayList<>();
    if (args.server != null) {
      InetAddress address = literal(args.server);
      if (address == null) {
        context.err().line("netdiag dig: not built yet: @server given as a host name");
        return USAGE;
      }
      servers.add(new InetSocketAddress(address, args.port));
    } else {
      for (String s : ResolvConf.read(resolvConf).serversOrLocalhost()) {
        InetAddress address = literal(s);
        if (address != null) {
          servers.add(new InetSocketAddress(address, args.port));
        }
      }
    }
    Message query = query(args);
    QueryOptions options =
        new QueryOptions(
            args.time,
            args.tries,
            args.tcp || (!args.tcpGiven && query.getQuestion().getType() == Type.ANY),
            args.ignore,
            null,
            true);
    if (args.json) {
      return json(query, servers, options, out);
    }
    if (args.yaml) {
      return yaml(args, argv, query, servers, options, out);
    }
    QueryEngine engine = new QueryEngine(options, notice -> report(notice, args, out));
    // dig prints its notices as they happen and the command header when the lookup ends.
    try {
      Exchange exchange = engine.exchange(query, servers);
      header(args, argv, out);
      new DigPrinter(args, out).print(exchange);
      return 0;
    } catch (DnsException e) {
      header(args, argv, out);
      out.text(";; ").line(e.getMessage());
      return NO_REPLY;
    }
  }

  /**
   * +yaml: dig 9.18 prints no notices and no command header for an answer; when no server answers,
   * the header and a DIG_ERROR document.
   */
  private static int yaml(
      DigArgs args,
      List<String> argv,
      Message query,
      List<InetSocketAddress> servers,
      QueryOptions options,
      Output out)
      throws Exception {
    QueryEngine engine = new QueryEngine(options, notice -> {});
    try {
      DigYaml.answer(out, args, engine.exchange(query, servers));
      return 0;
    } catch (DnsException e) {
      header(args, argv, out);
      String message = e.getMessage();
      // "connection timed out; no servers could be reached" keeps only its last clause.
      DigYaml.failure(out, message.substring(message.lastIndexOf("; ") + 1).strip());
      return NO_REPLY;
    }
  }

  /** --json: the same lookup, its notices collected into the document instead of printed. */
  private static int json(
      Message query, List<InetSocketAddress> servers, QueryOptions options, Output out)
      throws Exception {
    List<Notice> notices = new ArrayList<>();
    QueryEngine engine = new QueryEngine(options, notices::add);
    try {
      DigJson.answer(out, engine.exchange(query, servers), notices);
      return 0;
    } catch (DnsException e) {
      DigJson.failure(out, query, servers, e.getMessage(), notices);
      return NO_REPLY;
    }
  }

  private static void header(DigArgs args, List<String> argv, Output out) {
    if (args.cmd && !args.shortForm) {
      out.newline().text("; <<>> ").text(VERSION).text(" <<>>");
      for (String a : argv) {
        out.ch(' ').text(a);
      }
      out.newline();
      if (args.server != null) {
        out.line("; (1 server found)");
      }
      out.line(";; global options: +cmd");
    }
  }

  private static void report(Notice notice, DigArgs args, Output out) {
    switch (notice) {
      case Notice.Refused r when r.transport() == dev.netdiag.dns.Transport.UDP ->
          out.text(";; communications error to ")
              .text(Servers.text(r.server()))
              .line(": connection refused");
      case Notice.TimedOut t when t.transport() == dev.netdiag.dns.Transport.UDP ->
          out.text(";; communications error to ")
              .text(Servers.text(t.server()))
              .line(": timed out");
      case Notice.Refused r ->
          out.text(";; Connection to ")
              .text(Servers.text(r.server()))
              .ch('(')
              .text(r.server().getAddress().getHostAddress())
              .text(") for ")
              .text(args.name == null ? "." : args.name)
              .line(" failed: connection refused.");
      case Notice.TimedOut t ->
          out.text(";; communications error to ")
              .text(Servers.text(t.server()))
              .line(": timed out");
      case Notice.Truncated t -> out.line(";; Truncated, retrying in TCP mode.");
      case Notice.IdMismatch m ->
          out.text(";; Warning: ID mismatch: expected ID ")
              .number(m.expected())
              .text(", got ")
              .number(m.got())
              .newline();
      case Notice.BadVers b ->
          out.text(";; BADVERS, retrying with EDNS version ").number(b.version()).line(".");
      case Notice.QuestionMismatch q ->
          out.line(";; Question section mismatch: got " + q.question());
      case Notice.Malformed m ->
          out.line(";; Warning: Message parser reports malformed message packet.");
    }
  }

  private static Message query(DigArgs args) throws TextParseException {
    String text = args.name == null ? "." : args.name;
    Name name = Name.fromString(text, Name.root);
    int type = args.type >= 0 ? args.type : (args.name == null ? Type.NS : Type.A);
    Message query = Message.newQuery(Record.newRecord(name, type, args.dclass));
    if (!args.recurse) {
      query.getHeader().unsetFlag(Flags.RD);
    }
    if (args.adflag) {
      query.getHeader().setFlag(Flags.AD);
    }
    if (args.cdflag) {
      query.getHeader().setFlag(Flags.CD);
    }
    if (args.edns) {
      List<EDNSOption> options = new ArrayList<>();
      if (args.cookie) {
        byte[] client = new byte[8];
        new SecureRandom().nextBytes(client);
        options.add(new CookieOption(client));
      }
      int flags = args.dnssec ? 0x8000 : 0;
      query.addRecord(new OPTRecord(args.bufsize, 0, 0, flags, options), Section.ADDITIONAL);
    }
    return query;
  }

  // A literal IPv4 or IPv6 address; null for anything else (no name lookups here).
  private static InetAddress literal(String text) {
    byte[] bytes = org.xbill.DNS.Address.toByteArray(text, org.xbill.DNS.Address.IPv4);
    if (bytes == null) {
      bytes = org.xbill.DNS.Address.toByteArray(text, org.xbill.DNS.Address.IPv6);
    }
    try {
      return bytes == null ? null : InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }
}
