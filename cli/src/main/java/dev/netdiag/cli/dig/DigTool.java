package dev.netdiag.cli.dig;

import dev.netdiag.cli.Output;
import dev.netdiag.cli.Tool;
import dev.netdiag.cli.ToolContext;
import dev.netdiag.dns.BatchEngine;
import dev.netdiag.dns.DnsException;
import dev.netdiag.dns.DohSettings;
import dev.netdiag.dns.Exchange;
import dev.netdiag.dns.Notice;
import dev.netdiag.dns.QueryEngine;
import dev.netdiag.dns.QueryOptions;
import dev.netdiag.dns.ResolvConf;
import dev.netdiag.dns.Servers;
import dev.netdiag.dns.TlsSettings;
import dev.netdiag.dns.Transport;
import dev.netdiag.dns.ZoneTransfer;
import dev.netdiag.linux.AddressFamily;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
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
  private static final int BATCH_FILE = 8;

  private final Path resolvConf;

  private final String home;

  /** dig reading the system's /etc/resolv.conf when no @server is given, and $HOME/.digrc. */
  public DigTool() {
    this(Path.of("/etc/resolv.conf"), System.getenv("HOME"));
  }

  /** dig with another resolv.conf and home directory (null: no ~/.digrc), for tests. */
  DigTool(Path resolvConf, String home) {
    this.resolvConf = resolvConf;
    this.home = home;
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
    // dnsjava's two slowest static initialisers run on threads of their own while this one parses
    // the command line and reads resolv.conf: Record's builds a DecimalFormat (the locale provider
    // and its data), Header's a SecureRandom (the security providers). Together about 10 ms of a
    // one-query run, otherwise spent before the query can be built. Their initialisers reach only
    // the JDK and slf4j, never a netdiag or dnsjava class, so no class-init lock cycle with this
    // thread.
    Thread.ofPlatform().daemon().name("dig-init").start(() -> initialise("org.xbill.DNS.Header"));
    Thread.ofPlatform().daemon().name("dig-init").start(() -> initialise("org.xbill.DNS.Record"));
    // dig ignores SIGPIPE and its writes' errors: `dig -f FILE | head` runs every lookup and exits
    // with its usual code, saying nothing.
    context.out().dropOnFailure();
    context.err().dropOnFailure();
    Output out = context.out();
    DigArgs args;
    try {
      args = DigArgs.parse(argv, digrc());
    } catch (DigArgs.Invalid e) {
      out.text(e.stdoutBefore).text(e.stdout);
      context.err().text(e.warnings).text(e.stderr);
      return e.exit;
    } catch (DigArgs.Informational e) {
      out.text(e.stdoutBefore);
      context.err().text(e.warnings);
      if (e.help) {
        out.text(help());
      } else {
        context.err().line(VERSION);
      }
      return 0;
    }
    out.text(args.invalidOptions);
    args.invalidOptions.setLength(0);
    if (!args.warnings.isEmpty()) {
      // dig writes its warnings to stderr as it parses, before any answer reaches stdout.
      out.flush();
      context.err().text(args.warnings).flush();
      args.warnings.setLength(0);
    }
    DigKey.Loaded key = new DigKey.Loaded(null, false);
    if (args.keyFile != null) {
      try {
        key = DigKey.fromFile(args.keyFile, out, context.err());
      } catch (DigKey.Fatal e) {
        context.err().text("dig: ").line(e.getMessage());
        return 1;
      }
    } else if (args.keySecret != null) {
      key =
          new DigKey.Loaded(
              DigKey.fromText(args.keyAlgorithm, args.keyName, args.keySecret, out), true);
    }
    ResolvConf conf = ResolvConf.read(resolvConf);
    Session session = new Session(args, conf, out, context.err());
    session.tsig = key.tsig();
    session.unusedKey = key.tsig() == null && key.secretGiven();
    try {
      for (Lookup lookup : args.lookups) {
        session.run(lookup);
      }
      if (args.batchFile != null) {
        int code = batch(args, session, context);
        if (code != 0) {
          return code;
        }
      }
    } catch (DigFatal e) {
      out.flush();
      context.err().text("dig: ").line(e.getMessage());
      return e.exit(session.exit);
    }
    return session.exit;
  }

  private static void initialise(String className) {
    try {
      Class.forName(className);
    } catch (ClassNotFoundException | LinkageError e) {
      // The main thread meets the same failure when it uses the class, and reports it there.
    }
  }

  // -f FILE: every line is a dig command line of its own, started from the command line's options.
  private static int batch(DigArgs args, Session session, ToolContext context) {
    java.io.BufferedReader reader;
    try {
      reader =
          args.batchFile.equals("-")
              ? new java.io.BufferedReader(
                  new java.io.InputStreamReader(
                      System.in, java.nio.charset.StandardCharsets.ISO_8859_1))
              : java.nio.file.Files.newBufferedReader(
                  Path.of(args.batchFile), java.nio.charset.StandardCharsets.ISO_8859_1);
    } catch (java.io.IOException e) {
      context
          .err()
          .text(args.batchFile)
          .line(": No such file or directory")
          .line("dig: couldn't open specified batch file");
      return BATCH_FILE;
    }
    try (reader) {
      return new BatchRun(args, session, context).run(reader);
    } catch (java.io.IOException e) {
      context.err().line("dig: error reading batch file: " + e.getMessage());
      return BATCH_FILE;
    }
  }

  static String help() {
    try (var in = DigTool.class.getResourceAsStream("help.txt")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException | NullPointerException e) {
      return SHORT_USAGE_TEXT;
    }
  }

  private static final String SHORT_USAGE_TEXT = DigArgs.SHORT_USAGE;

  // ~/.digrc as dig reads it: $HOME/.digrc when HOME is set and the file can be read.
  private String digrc() {
    if (home == null) {
      return null;
    }
    try {
      return java.nio.file.Files.readString(
          Path.of(home, ".digrc"), java.nio.charset.StandardCharsets.ISO_8859_1);
    } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
      return null;
    }
  }

  /** The lookups of one run: servers, engine settings, the exit code so far. */
  static final class Session {
    final DigArgs args;
    final ResolvConf conf;
    final Output out;
    final Output err;
    int exit;
    org.xbill.DNS.TSIG tsig;
    boolean unusedKey;
    // dig's global "validated": once a reply's TSIG fails, every later answer carries the warning.
    boolean validated = true;
    private final DigPrinter.WhenClock when = new DigPrinter.WhenClock();

    Session(DigArgs args, ResolvConf conf, Output out, Output err) {
      this.args = args;
      this.conf = conf;
      this.out = out;
      this.err = err;
    }

    /** The servers a lookup asks, in order, with the names dig shows for them. */
    List<Lookup.DigServer> servers(Lookup lookup) {
      if (!lookup.servers.isEmpty()) {
        return lookup.servers;
      }
      List<Lookup.DigServer> list = new ArrayList<>();
      for (String s : conf.serversOrLocalhost()) {
        InetAddress address = DigArgs.literal(s);
        if (address != null
            && !(args.ipv4only && address instanceof java.net.Inet6Address)
            && !(args.ipv6only && address instanceof java.net.Inet4Address)) {
          list.add(new Lookup.DigServer(address.getHostAddress(), address));
        }
      }
      return list;
    }

    QueryOptions options(Lookup lookup) {
      int timeout = args.timeout > 0 ? args.timeout : conf.timeoutSeconds();
      InetSocketAddress source =
          args.source == null
              ? null
              : new InetSocketAddress(args.source.address(), args.source.port());
      return new QueryOptions(
          timeout,
          lookup.tries,
          // dighost.c setup_lookup: an AXFR goes over TCP whatever +tcp says.
          lookup.tcp || lookup.type == Type.AXFR,
          lookup.ignore,
          source,
          lookup.ednsNegotiation,
          tsig,
          lookup.besteffort,
          lookup.tls ? tlsSettings(lookup) : null,
          lookup.doh()
              ? new DohSettings(
                  lookup.httpsPath, lookup.httpsGet, lookup.httpPlain ? null : tlsSettings(lookup))
              : null);
    }

    private static TlsSettings tlsSettings(Lookup lookup) {
      return new TlsSettings(
          lookup.tlsCa, lookup.tlsHostname, lookup.tlsCertFile, lookup.tlsKeyFile);
    }

    List<InetSocketAddress> addresses(Lookup lookup) {
      List<InetSocketAddress> list = new ArrayList<>();
      // dighost.c start_tcp: without -p, DNS over TLS goes to 853, over HTTPS to 443, over plain
      // HTTP to 80.
      int port = args.port;
      if (!args.portSet && lookup.tls) {
        port = 853;
      } else if (!args.portSet && lookup.doh()) {
        port = lookup.httpPlain ? 80 : 443;
      }
      for (Lookup.DigServer s : servers(lookup)) {
        list.add(new InetSocketAddress(s.address(), port));
      }
      return list;
    }

    /** Runs one lookup on the caller's thread and prints it. */
    void run(Lookup lookup) throws TextParseException {
      if (args.ipv6only && !lookup.servers.isEmpty() && !acceptable(lookup)) {
        return;
      }
      if ((lookup.tls || lookup.doh() && !lookup.httpPlain)
          && (lookup.tlsCertFile == null) != (lookup.tlsKeyFile == null)) {
        // dighost.c, word for word; the lookup is not made and the exit code stays.
        out.line(";; both TLS client certificate and key file must be specified a the same time");
        return;
      }
      if (lookup.trace) {
        int code =
            TracePrinter.run(
                lookup,
                addresses(lookup),
                options(lookup),
                args.port,
                out,
                n -> report(n, lookup, out));
        exit = Math.max(exit, code);
        return;
      }
      if (lookup.nssearch) {
        nssearch(lookup);
        return;
      }
      // dighost.c: an AXFR always goes over TCP as a transfer; an IXFR only when the lookup is TCP
      // (IXFR=N makes it so unless +notcp came first), else it is one UDP query.
      if ((lookup.type == Type.AXFR || lookup.type == Type.IXFR && lookup.tcp) && !lookup.json) {
        axfr(lookup);
        return;
      }
      List<Attempt> attempts = searchNames(lookup);
      String typed = lookup.name;
      try {
        for (int i = 0; i < attempts.size(); i++) {
          lookup.name = attempts.get(i).name();
          if (ask(lookup, attempts.get(i), i == attempts.size() - 1)) {
            return;
          }
        }
      } finally {
        lookup.name = typed;
      }
    }

    /**
     * +qr: dig requeues a lookup it asks again (over TCP after truncation, with the server's EDNS
     * version after BADVERS) and prints the new query as it sends it.
     */
    private void resent(Lookup lookup, Notice notice) {
      Message again;
      if (notice instanceof Notice.Truncated t) {
        again = t.retry();
      } else if (notice instanceof Notice.BadVers b) {
        again = b.retry();
      } else {
        return;
      }
      new DigPrinter(lookup, "", when, out)
          .printQuery(again, again.toWire(Message.MAXLENGTH).length);
    }

    /**
     * With -6, dig maps an IPv4 server to an IPv4-mapped IPv6 address and then refuses to use it:
     * each such server is skipped with a line on stdout; false (and "No acceptable nameservers")
     * when none is left, and the lookup is not made.
     */
    private boolean acceptable(Lookup lookup) {
      List<Lookup.DigServer> usable = new ArrayList<>();
      for (Lookup.DigServer s : lookup.servers) {
        if (s.address() instanceof java.net.Inet4Address) {
          if (!lookup.yaml) {
            out.text(";; Skipping mapped address '::ffff:")
                .text(s.address().getHostAddress())
                .line("'");
          }
        } else {
          usable.add(s);
        }
      }
      if (usable.isEmpty()) {
        if (!lookup.yaml) {
          out.line(";; No acceptable nameservers");
        }
        return false;
      }
      lookup.servers = usable;
      return true;
    }

    /**
     * One name of a search: {@code origin} when dig asked it with a search domain as origin (its
     * statistics lines are printed only for NOERROR and NXDOMAIN answers, as dighost.c does);
     * {@code unsearched} when the search was asked for but the name has ndots dots or more, so it
     * is not extended: dighost.c still treats it as searchable, and an NXDOMAIN for it has its
     * statistics printed twice.
     */
    record Attempt(String name, boolean origin, boolean unsearched) {}

    /**
     * Asks one name and prints the outcome; false (and nothing printed, unless +showsearch) when it
     * was NXDOMAIN and the search list has another name to try.
     */
    private boolean ask(Lookup lookup, Attempt attempt, boolean last) throws TextParseException {
      Message query = query(lookup);
      String cmdline = lookup.cmdline;
      try {
        if (lookup.qr && lookup.yaml) {
          if (!lookup.shortForm && lookup.printcmd) {
            out.text(lookup.cmdline);
          }
          lookup.cmdline = "";
          List<InetSocketAddress> to = addresses(lookup);
          if (!to.isEmpty()) {
            DigYaml.query(out, lookup, query, query.toWire(Message.MAXLENGTH).length, to.get(0));
          }
        } else if (lookup.qr && !lookup.json) {
          // dig prints the query as it sends it, the greeting with it, and the greeting once; over
          // TCP that is once the connection is up, so a refused one shows neither.
          Runnable shown = () -> printSent(lookup, query);
          if (options(lookup).stream()) {
            return exchange(lookup, query, attempt, last, new SentOnce(shown));
          }
          shown.run();
        }
        return exchange(lookup, query, attempt, last, () -> {});
      } finally {
        lookup.cmdline = cmdline;
      }
    }

    /**
     * +qr over TCP: the query printed when a connection is up, once per try. A try whose connection
     * was up and then failed (timed out, closed, reset) makes dig requeue the query, printed again
     * at the next connection; a retry of its own (BADVERS) is printed by {@link #resent}.
     */
    private static final class SentOnce implements Runnable {
      private final Runnable show;
      private boolean printed;

      SentOnce(Runnable show) {
        this.show = show;
      }

      @Override
      public void run() {
        if (!printed) {
          printed = true;
          show.run();
        }
      }

      void rearm() {
        printed = false;
      }
    }

    // +qr's greeting (once) and the query as it goes out.
    private void printSent(Lookup lookup, Message query) {
      if (!lookup.shortForm && lookup.printcmd) {
        out.text(lookup.cmdline);
      }
      lookup.cmdline = "";
      Message shown = query;
      byte[] wire = query.toWire(Message.MAXLENGTH);
      if (tsig != null) {
        // The engine signs at sending; a signed copy shows what goes out (same second, same
        // MAC), with its TSIG and its size.
        Message signed = query.clone();
        signed.setTSIG(tsig, Rcode.NOERROR, null);
        wire = signed.toWire(Message.MAXLENGTH);
        try {
          shown = new Message(wire);
        } catch (java.io.IOException e) {
          shown = query;
        }
      }
      new DigPrinter(lookup, "", when, out).printQuery(shown, wire.length);
    }

    private boolean exchange(
        Lookup lookup, Message query, Attempt attempt, boolean last, Runnable connected) {
      // JSON keeps the notices in its document; +yaml prints none (dig's warnings are text only).
      List<Notice> notices = new ArrayList<>();
      QueryEngine engine =
          new QueryEngine(
              options(lookup),
              n -> {
                if (lookup.json || lookup.yaml) {
                  notices.add(n);
                  if (lookup.yaml && n instanceof Notice.Requeued) {
                    // A round given up is an error document of its own.
                    DigYaml.failure(out, "no servers could be reached");
                  }
                  if (lookup.yaml && lookup.qr && n instanceof Notice.Truncated t) {
                    // +qr: the query asked again over TCP, a YAML message of its own.
                    DigYaml.query(
                        out,
                        lookup,
                        t.retry(),
                        t.retry().toWire(Message.MAXLENGTH).length,
                        t.server(),
                        true);
                  }
                } else {
                  report(n, lookup, out);
                  if (lookup.qr) {
                    resent(lookup, n);
                  }
                }
                if (connected instanceof SentOnce sent
                    && (n instanceof Notice.CommunicationsError
                        || n instanceof Notice.TimedOut t
                            && t.transport() != dev.netdiag.dns.Transport.UDP)) {
                  sent.rearm();
                }
              });
      engine.onConnected(connected);
      Exchange exchange;
      List<InetSocketAddress> servers = addresses(lookup);
      int from = 0;
      while (true) {
        try {
          exchange = engine.exchange(query, servers.subList(from, servers.size()));
        } catch (DnsException e) {
          ended(lookup, query, e, notices);
          return true;
        }
        if (lookup.fail || exchange.response().getRcode() != Rcode.SERVFAIL) {
          break;
        }
        // +nofail: a SERVFAIL moves on to the next server, as dighost.c says in a comment line.
        from = Math.max(from, servers.indexOf(exchange.server())) + 1;
        String who = serverName(lookup, exchange.server());
        boolean more = from < servers.size();
        if (lookup.comments && !lookup.json && !lookup.yaml) {
          out.text(";; Got SERVFAIL reply from ")
              .text(who)
              .line(more ? ", trying next server" : "");
        }
        if (!more) {
          break;
        }
      }
      cookieWarnings(lookup, exchange, out);
      int rcode = exchange.response().getRcode();
      boolean next = !last && rcode == Rcode.NXDOMAIN;
      if (!next || args.showsearch) {
        boolean stats = lookup.stats;
        lookup.stats =
            stats && (!attempt.origin() || rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN);
        try {
          print(lookup, exchange, notices, out);
          if (attempt.unsearched() && rcode == Rcode.NXDOMAIN) {
            receivedAgain(lookup, exchange);
          }
        } finally {
          lookup.stats = stats;
        }
      }
      return !next;
    }

    /**
     * The names a lookup asks in turn, as dighost.c's origins: with +search (or +domain=), a
     * relative name with fewer dots than ndots is tried with each search domain first and as typed
     * last, the next only after an NXDOMAIN; otherwise the name alone. +trace and +nssearch never
     * search.
     */
    List<Attempt> searchNames(Lookup lookup) {
      String name = lookup.name;
      List<Attempt> attempts = new ArrayList<>();
      if (!(args.usesearch || args.domain != null)
          || name == null
          || lookup.trace
          || lookup.nssearch) {
        attempts.add(new Attempt(name, false, false));
        return attempts;
      }
      int ndots = args.ndots >= 0 ? args.ndots : conf.ndots();
      long dots = name.chars().filter(c -> c == '.').count();
      List<String> search = args.domain != null ? List.of(args.domain) : conf.search();
      if (dots >= ndots || search.isEmpty()) {
        // Enough dots: dighost.c asks the name as it is yet keeps the lookup searchable; an empty
        // list with too few dots leaves it an ordinary lookup.
        attempts.add(new Attempt(name, false, dots >= ndots));
      } else if (name.endsWith(".")) {
        // An absolute name is asked as it is, but with the first domain as its (unused) origin.
        attempts.add(new Attempt(name, true, false));
      } else {
        for (String domain : search) {
          attempts.add(new Attempt(name + "." + domain, true, false));
        }
        attempts.add(new Attempt(name, false, false));
      }
      return attempts;
    }

    // AXFR over TCP: the records as they come, then dig's statistics with the transfer's size.
    private void axfr(Lookup lookup) throws TextParseException {
      Message query = query(lookup);
      if (tsig != null) {
        // Signed as dig signs it. A TSIG error in a reply is reported; the MACs of the messages of
        // a transfer that goes through are not verified yet.
        query.setTSIG(tsig, Rcode.NOERROR, null);
      }
      QueryOptions options = options(lookup);
      List<InetSocketAddress> servers = addresses(lookup);
      boolean[] soaShown = {false};
      boolean[] greeted = {false};
      boolean[] idWarned = {false};
      if (lookup.qr) {
        // The query as sent, the greeting with it (as ask() prints it).
        if (!lookup.shortForm && lookup.printcmd) {
          out.text(lookup.cmdline);
        }
        greeted[0] = true;
        if (lookup.yaml) {
          if (!servers.isEmpty()) {
            DigYaml.query(
                out, lookup, query, query.toWire(Message.MAXLENGTH).length, servers.get(0), true);
          }
        } else {
          new DigPrinter(lookup, "", when, out)
              .printQuery(query, query.toWire(Message.MAXLENGTH).length);
        }
      }
      // Tries as the query engine counts them (per lookup; a refused connection with tries left
      // gives the round up and starts again from the first server).
      int left = options.tries();
      boolean refusedLast = false;
      int i = 0;
      while (i < servers.size()) {
        InetSocketAddress server = servers.get(i);
        ZoneTransfer.Outcome outcome;
        try {
          outcome =
              ZoneTransfer.run(
                  query,
                  lookup.type == Type.IXFR ? lookup.ixfrSerial : -1,
                  server,
                  options.source(),
                  options.timeoutNanos(dev.netdiag.dns.Transport.TCP),
                  options.tls(),
                  received -> {
                    Message message = received.response();
                    int got = message.getHeader().getID();
                    int expected = received.query().getHeader().getID();
                    if (got != expected && !idWarned[0]) {
                      // dighost.c recv_done: a later message with another id, once a transfer.
                      idWarned[0] = true;
                      if (!lookup.yaml) {
                        out.text(";; WARNING: ID mismatch: expected ID ")
                            .number(expected)
                            .text(", got ")
                            .number(got)
                            .newline();
                      }
                    }
                    if (lookup.yaml) {
                      if (!greeted[0] && !lookup.shortForm && lookup.printcmd) {
                        out.text(lookup.cmdline);
                      }
                      greeted[0] = true;
                      yamlTransferMessage(lookup, received, soaShown);
                      return;
                    }
                    org.xbill.DNS.TSIGRecord signed = message.getTSIG();
                    if (tsig != null && signed != null && signed.getError() != Rcode.NOERROR) {
                      out.line(";; Couldn't verify signature: tsig indicates error");
                      validated = false;
                    }
                    if (!greeted[0] && !lookup.shortForm && lookup.printcmd) {
                      out.text(lookup.cmdline);
                    }
                    greeted[0] = true;
                    for (Record r : message.getSection(Section.ANSWER)) {
                      boolean soa = r.getType() == Type.SOA;
                      if (soa && soaShown[0] && lookup.onesoa) {
                        continue;
                      }
                      soaShown[0] |= soa;
                      if (lookup.shortForm) {
                        out.line(DigPrinter.rdata(r, lookup));
                      } else {
                        DigPrinter.recordLine(out, r, lookup);
                      }
                    }
                    org.xbill.DNS.TSIGRecord signature = message.getTSIG();
                    if (signature != null && !lookup.shortForm && lookup.additional) {
                      DigPrinter.recordLine(
                          out, signature, lookup, DigPrinter.tsigText(signature, lookup.multiline));
                    }
                  });
        } catch (DnsException e) {
          ended(lookup, query, e, List.of());
          return;
        }
        switch (outcome) {
          case ZoneTransfer.Refused _, ZoneTransfer.SetupFailed _ -> {
            // A connection refused, or one that could not be set up: dig takes both the same way.
            transferNotice(
                outcome instanceof ZoneTransfer.SetupFailed f
                    ? new Notice.SetupFailed(server, dev.netdiag.dns.Transport.TCP, f.reason())
                    : new Notice.Refused(server, dev.netdiag.dns.Transport.TCP),
                lookup);
            refusedLast = true;
            if (left > 1) {
              left--;
              transferNotice(new Notice.Requeued(), lookup);
              i = 0;
            } else {
              i++;
            }
          }
          case ZoneTransfer.BadReply b -> {
            badPacket(lookup, query, b.bad(), List.of(), out);
            return;
          }
          case ZoneTransfer.NotAllowed n -> {
            out.line(
                ";; zone transfers over the established TLS connection are not allowed: "
                    + n.reason());
            return;
          }
          case ZoneTransfer.TimedOut _, ZoneTransfer.Broken _ -> {
            // dighost.c: a try used up, reported as a communications error.
            transferNotice(
                outcome instanceof ZoneTransfer.Broken b
                    ? new Notice.CommunicationsError(
                        server, dev.netdiag.dns.Transport.TCP, b.reason())
                    : new Notice.TimedOut(server, dev.netdiag.dns.Transport.TCP),
                lookup);
            refusedLast = false;
            if (left > 1) {
              left--;
            } else {
              i++;
            }
          }
          case ZoneTransfer.Done done -> {
            if (!done.complete()) {
              out.line("; Transfer failed.");
              return;
            }
            if (lookup.stats && !lookup.yaml) {
              out.text(";; Query time: ").number(done.rttNanos() / 1_000_000).line(" msec");
              out.text(";; SERVER: ")
                  .text(Servers.text(server))
                  .ch('(')
                  .text(serverName(lookup, server))
                  .line(lookup.tls ? ") (TLS)" : ") (TCP)");
              out.text(";; WHEN: ").line(when.now());
              out.text(";; XFR size: ")
                  .number(done.records())
                  .text(" records (messages ")
                  .number(done.messages())
                  .text(", bytes ")
                  .number(done.bytes())
                  .line(")")
                  .newline();
            }
            return;
          }
        }
      }
      // A transfer prints its greeting with its first message; none came. dighost.c prints it
      // before its last words unless the last try was a refused connection.
      exit = NO_REPLY;
      if (!refusedLast && !greeted[0]) {
        out.text(lookup.cmdline);
      }
      if (lookup.yaml) {
        DigYaml.failure(out, "no servers could be reached");
      } else {
        out.line(";; no servers could be reached");
      }
    }

    // A lookup that ended without an answer, as dig reports each way it can end: a TLS failure, a
    // reply it could not use, another id over a stream, or no reply.
    void ended(Lookup lookup, Message query, DnsException e, List<Notice> notices) {
      if (e.tlsFailure() != null) {
        tlsFailure(e.tlsFailure());
      } else if (e.badPacket() != null) {
        badPacket(lookup, query, e.badPacket(), notices, out);
      } else if (e.idMismatch() != null) {
        idMismatch(lookup, query, e.idMismatch(), notices, out);
      } else {
        failed(lookup, query, e.getMessage(), notices, out, !e.refusedOverTcp());
      }
    }

    // A TLS failure ends the lookup with dig's line (or none) after BIND's log line, if any; the
    // exit code stays.
    private void tlsFailure(DnsException.TlsFailure failure) {
      if (failure.log() != null) {
        out.flush();
        err.text(failure.log()).flush();
      }
      if (failure.line() != null) {
        out.line(failure.line());
      }
    }

    // A transfer's notice: as text, or with +yaml only a given-up round, as an error document.
    private void transferNotice(Notice notice, Lookup lookup) {
      if (!lookup.yaml) {
        report(notice, lookup, out);
      } else if (notice instanceof Notice.Requeued) {
        DigYaml.failure(out, "no servers could be reached");
      }
    }

    /**
     * +yaml: each transfer message as a YAML message (TCP), its answer section without the closing
     * SOA under +onesoa; the header's counts stay the message's.
     */
    private void yamlTransferMessage(Lookup lookup, Exchange received, boolean[] soaShown) {
      Message message = received.response();
      Message shown = message.clone();
      shown.removeAllRecords(Section.ANSWER);
      for (Record r : message.getSection(Section.ANSWER)) {
        boolean soa = r.getType() == Type.SOA;
        if (soa && soaShown[0] && lookup.onesoa) {
          continue;
        }
        soaShown[0] |= soa;
        shown.addRecord(r, Section.ANSWER);
      }
      int[] counts = new int[4];
      for (int section = Section.QUESTION; section <= Section.ADDITIONAL; section++) {
        counts[section] = message.getHeader().getCount(section);
      }
      DigYaml.answer(
          out,
          lookup,
          new Exchange(
              received.query(),
              shown,
              received.server(),
              received.transport(),
              received.rttNanos(),
              received.responseSize(),
              null,
              0,
              false,
              counts));
    }

    // +nssearch: the NS query as a plain lookup (its failures print as one), then the SOA round.
    private void nssearch(Lookup lookup) throws TextParseException {
      Message query = query(lookup);
      QueryEngine engine = new QueryEngine(options(lookup), n -> report(n, lookup, out));
      Exchange exchange;
      try {
        exchange = engine.exchange(query, addresses(lookup));
      } catch (DnsException e) {
        if (e.badPacket() != null) {
          badPacket(lookup, query, e.badPacket(), List.of(), out);
        } else {
          failed(lookup, query, e.getMessage(), List.of(), out);
        }
        return;
      }
      AddressFamily family =
          args.ipv4only
              ? AddressFamily.INET
              : args.ipv6only ? AddressFamily.INET6 : AddressFamily.UNSPEC;
      try {
        int code =
            new NsSearch(
                    lookup, options(lookup), args.port, family, out, n -> report(n, lookup, out))
                .run(exchange.response());
        exit = Math.max(exit, code);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /**
     * dighost.c process_opt's words on a reply's cookie, before the reply is printed: a +cookie=HEX
     * lookup expects an OPT record back; another client cookie, or one under 8 bytes, is warned of.
     */
    void cookieWarnings(Lookup lookup, Exchange exchange, Output to) {
      if (lookup.yaml || lookup.json) {
        // Text lines: none in +yaml (as dig) or in a JSON document.
        return;
      }
      if (lookup.cookieHex != null && exchange.response().getOPT() == null) {
        to.line(";; expected opt record in response");
      } else {
        String warning = DigPrinter.cookieWarning(exchange.response(), exchange.query());
        if (warning != null) {
          to.line(warning);
        }
      }
    }

    /**
     * A plain UDP reply of a batch printed from its bytes (WireAnswer), as {@link #cookieWarnings}
     * and {@link #print} print it once read; false, having printed nothing, when the lookup's
     * options or the reply are outside what WireAnswer knows, or a key signs the queries.
     */
    boolean printPlain(Lookup lookup, BatchEngine.Unread reply, Output to) {
      if (tsig != null || !WireAnswer.fits(lookup)) {
        return false;
      }
      WireAnswer answer = WireAnswer.read(reply.bytes());
      if (answer == null) {
        return false;
      }
      exit = 0;
      byte[] theirs = answer.cookie();
      byte[] ours = theirs == null ? null : QueryEngine.cookie(reply.query());
      if (lookup.cookieHex != null && !answer.hasOpt()) {
        to.line(";; expected opt record in response");
      } else {
        String warning = DigPrinter.cookieWarning(theirs, ours);
        if (warning != null) {
          to.line(warning);
        }
      }
      if (lookup.printcmd) {
        to.text(lookup.cmdline);
      }
      answer.write(to, ours);
      new DigPrinter(lookup, serverName(lookup, reply.server()), when, to)
          .tsig(false, validated, unusedKey)
          .received(reply.rttNanos(), reply.server(), Transport.UDP, reply.bytes().length);
      return true;
    }

    void print(Lookup lookup, Exchange exchange, List<Notice> notices, Output to) {
      // dighost.c sets the exit code back to 0 whenever a lookup's socket is up (udp_ready,
      // tcp_connected): a lookup answered after one that failed leaves 0.
      exit = 0;
      if (lookup.json) {
        try {
          DigJson.answer(to, exchange, notices);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return;
      }
      if (lookup.yaml) {
        // +yaml turns +cmd off, but a later +cmd (or +all) brings the greeting back.
        if (!lookup.shortForm && lookup.printcmd) {
          to.text(lookup.cmdline);
        }
        DigYaml.answer(to, lookup, exchange);
        return;
      }
      if (exchange.tsigFailure() != null) {
        to.text(";; Couldn't verify signature: ").line(exchange.tsigFailure());
        validated = false;
      }
      // dig.c printmessage: the greeting goes out with an answer only without +short and +nocmd.
      if (!lookup.shortForm && lookup.printcmd) {
        to.text(lookup.cmdline);
      }
      new DigPrinter(lookup, serverName(lookup, exchange.server()), when, to)
          .tsig(tsig != null, validated, unusedKey)
          .print(exchange);
    }

    /**
     * dighost.c on an NXDOMAIN for a name the search left as it was: it reports the reply received
     * where it handles a search's NXDOMAIN, and again where it handles every reply — the statistics
     * (or +identify's "Received" line) a second time, in the text form only.
     */
    private void receivedAgain(Lookup lookup, Exchange exchange) {
      if (lookup.json || lookup.yaml || lookup.shortForm) {
        return;
      }
      new DigPrinter(lookup, serverName(lookup, exchange.server()), when, out)
          .tsig(tsig != null, validated, unusedKey)
          .received(exchange);
    }

    /**
     * A reply dig could not use ends the lookup without its greeting (dighost.c recv_done goes to
     * cancel_lookup), with the exit code 0 its socket set up left: "Got bad packet" and the bytes,
     * or over TCP a reply shorter than a header; nothing with +yaml.
     */
    void badPacket(
        Lookup lookup, Message query, DnsException.BadPacket bad, List<Notice> notices, Output to) {
      exit = 0;
      if (lookup.json) {
        String message =
            bad.reason() == null
                ? "short (< header size) message"
                : "Got bad packet: " + bad.reason();
        try {
          DigJson.failure(to, query, addresses(lookup), message, notices, "bad_packet");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return;
      }
      if (lookup.yaml) {
        return;
      }
      if (bad.reason() == null) {
        to.line(";; ERROR: short (< header size) message");
        return;
      }
      to.text(";; Got bad packet: ").line(bad.reason());
      hexDump(to, bad.wire());
    }

    /**
     * dighost.c recv_done: a reply over a stream with another id ends the lookup with one line; the
     * connection was up, so the exit code is 0.
     */
    void idMismatch(
        Lookup lookup,
        Message query,
        DnsException.IdMismatch mismatch,
        List<Notice> notices,
        Output to) {
      exit = 0;
      if (lookup.json) {
        try {
          DigJson.failure(
              to,
              query,
              addresses(lookup),
              "ID mismatch: expected ID " + mismatch.expected() + ", got " + mismatch.got(),
              notices,
              "id_mismatch");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return;
      }
      if (lookup.yaml) {
        // dig's +yaml prints no warning lines.
        return;
      }
      to.text(";; ERROR: ID mismatch: expected ID ")
          .number(mismatch.expected())
          .text(", got ")
          .number(mismatch.got())
          .newline();
    }

    void failed(Lookup lookup, Message query, String message, List<Notice> notices, Output to) {
      failed(lookup, query, message, notices, to, true);
    }

    /**
     * No reply: the greeting (when {@code greeting}: dighost.c leaves it out when the last try was
     * a refused TCP connection) and dig's message.
     */
    void failed(
        Lookup lookup,
        Message query,
        String message,
        List<Notice> notices,
        Output to,
        boolean greeting) {
      exit = NO_REPLY;
      if (lookup.json) {
        try {
          DigJson.failure(to, query, addresses(lookup), message, notices);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return;
      }
      // With no answer, dighost.c prints the greeting whenever one was made.
      if (greeting) {
        to.text(lookup.cmdline);
      }
      if (lookup.yaml) {
        // "connection timed out; no servers could be reached" keeps only its last clause.
        DigYaml.failure(to, message.substring(message.lastIndexOf("; ") + 1).strip());
        return;
      }
      to.text(";; ").line(message);
    }

    String serverName(Lookup lookup, InetSocketAddress server) {
      for (Lookup.DigServer s : lookup.servers) {
        if (s.address().equals(server.getAddress())) {
          return s.text();
        }
      }
      return server.getAddress().getHostAddress();
    }
  }

  /**
   * dighost.c hex_dump: the size, then 16 bytes a line as hex pairs, nine spaces and the bytes from
   * '!' to '}' as themselves, any other as '.'.
   */
  static void hexDump(Output out, byte[] wire) {
    out.number(wire.length).line(" bytes");
    StringBuilder line = new StringBuilder(80);
    for (int start = 0; start < wire.length; start += 16) {
      line.setLength(0);
      int end = Math.min(start + 16, wire.length);
      for (int i = start; i < start + 16; i++) {
        if (i < end) {
          line.append(HEX[(wire[i] >> 4) & 0xf]).append(HEX[wire[i] & 0xf]).append(' ');
        } else {
          line.append("   ");
        }
      }
      line.append("         ");
      for (int i = start; i < end; i++) {
        int c = wire[i] & 0xff;
        line.append(c >= '!' && c <= '}' ? (char) c : '.');
      }
      out.line(line.toString());
    }
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  static void report(Notice notice, Lookup args, Output out) {
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
      case Notice.CommunicationsError c ->
          out.text(";; communications error to ")
              .text(Servers.text(c.server()))
              .text(": ")
              .line(c.reason());
      // dighost_comments: these two only with +comments.
      case Notice.Truncated t -> {
        // dighost.c recv_done: without +cookie=HEX, the truncated reply's options are read first
        // (process_opt), and its COOKIE's check warns as an answer's would.
        if (args.sendCookie && args.cookieHex == null && !args.json && !args.yaml) {
          String warning = DigPrinter.cookieWarning(t.cookie(), QueryEngine.cookie(t.retry()));
          if (warning != null) {
            out.line(warning);
          }
        }
        if (args.comments) {
          out.line(";; Truncated, retrying in TCP mode.");
        }
      }
      case Notice.IdMismatch m ->
          out.text(";; Warning: ID mismatch: expected ID ")
              .number(m.expected())
              .text(", got ")
              .number(m.got())
              .newline();
      case Notice.BadVers b -> {
        if (args.comments) {
          out.text(";; BADVERS, retrying with EDNS version ").number(b.version()).line(".");
        }
      }
      case Notice.QuestionMismatch q ->
          // dighost.c passes ";; Question section mismatch" to a warning that adds its own ";; ".
          out.line(";; ;; Question section mismatch: got " + q.question());
      case Notice.Malformed m ->
          out.line(";; Warning: Message parser reports malformed message packet.");
      case Notice.ShortMessage m -> out.line(";; Warning: short (< header size) message received");
      // dighost.c: a socket it cannot bind fails as a refused TCP connection does.
      case Notice.SetupFailed f ->
          out.text(
                  f.transport() == dev.netdiag.dns.Transport.UDP
                      ? ";; UDP setup with "
                      : ";; Connection to ")
              .text(Servers.text(f.server()))
              .ch('(')
              .text(f.server().getAddress().getHostAddress())
              .text(") for ")
              .text(args.name == null ? "." : args.name)
              .text(" failed: ")
              .text(f.reason())
              .line(".");
      // dighost.c tcp_connected: a refused connection with tries left cancels the lookup, which
      // says so, and queues it again.
      case Notice.Requeued r -> out.line(";; no servers could be reached");
    }
  }

  // One generator for the whole run: cookies need unpredictable bytes, not a new seed per query.
  private static final KernelRandom RANDOM = new KernelRandom();

  /**
   * Unpredictable bytes for client cookies straight from the kernel's CSPRNG (/dev/urandom, read 4
   * KiB at a time), as dig takes them from its own: java.security's SecureRandom costs tens of
   * milliseconds of provider start-up in a run that asks one question. SecureRandom only when the
   * device cannot be read.
   */
  static final class KernelRandom {
    private final byte[] pool = new byte[4096];
    private int left;
    private SecureRandom fallback;

    synchronized void nextBytes(byte[] out) {
      if (fallback == null && left < out.length) {
        try (var in = new java.io.FileInputStream("/dev/urandom")) {
          left = in.readNBytes(pool, 0, pool.length);
        } catch (java.io.IOException e) {
          left = 0;
        }
        if (left < out.length) {
          fallback = new SecureRandom();
        }
      }
      if (fallback != null) {
        fallback.nextBytes(out);
        return;
      }
      System.arraycopy(pool, left - out.length, out, 0, out.length);
      left -= out.length;
    }
  }

  // dighost.c compute_cookie: every query of a run sends the same client cookie, 8 bytes of a
  // secret drawn once at start ("should be per server", says its comment, but is not).
  private static byte[] clientCookie;

  private static synchronized byte[] clientCookie() {
    if (clientCookie == null) {
      clientCookie = new byte[8];
      RANDOM.nextBytes(clientCookie);
    }
    return clientCookie.clone();
  }

  static Message query(Lookup args) {
    String text = args.name == null ? "." : args.name;
    Name name = LegalName.of(text);
    int type = args.type >= 0 ? args.type : Type.A;
    // The id from the kernel's random bytes: dnsjava's Message.newQuery draws it from a
    // SecureRandom whose first use seeds a SHA1PRNG (a message digest, spun method handles):
    // about 10 ms of a one-query run.
    Message query = new Message(args.qid >= 0 ? args.qid : queryId());
    query.addRecord(Record.newRecord(name, type, args.dclass), Section.QUESTION);
    Header h = query.getHeader();
    h.setOpcode(args.opcode);
    // dighost.c asks a zone transfer without RD, whatever +recurse says.
    if (args.recurse && type != Type.AXFR && type != Type.IXFR) {
      h.setFlag(Flags.RD);
    }
    if (args.aaflag) {
      h.setFlag(Flags.AA);
    }
    if (args.raflag) {
      h.setFlag(Flags.RA);
    }
    if (args.tcflag) {
      h.setFlag(Flags.TC);
    }
    if (args.adflag) {
      h.setFlag(Flags.AD);
    }
    if (args.cdflag) {
      h.setFlag(Flags.CD);
    }
    if (args.headerOnly) {
      query.removeAllRecords(Section.QUESTION);
    }
    if (type == Type.IXFR && args.ixfrSerial >= 0) {
      // dighost.c insert_soa: the client's serial in an SOA with root names and zero timers.
      query.addRecord(
          new org.xbill.DNS.SOARecord(
              name, args.dclass, 0, Name.root, Name.root, args.ixfrSerial, 0, 0, 0, 0),
          Section.AUTHORITY);
    }
    if (args.zflag) {
      // The header's Z bit (0x0040), which dnsjava has no name for.
      h.setFlag(9);
    }
    // dighost.c: a buffer size, +dnssec or +subnet ask for EDNS (version 0) even under +noedns.
    if (args.edns >= 0 || args.bufsize >= 0 || args.dnssec || args.subnet != null) {
      int version = Math.max(args.edns, 0);
      // dighost.c's order: NSID, CLIENT-SUBNET, COOKIE, EXPIRE, TCP-KEEPALIVE, +ednsopt, PAD.
      List<EDNSOption> options = new ArrayList<>();
      if (args.nsid) {
        options.add(new GenericEDNSOption(EDNSOption.Code.NSID, new byte[0]));
      }
      if (args.subnet != null) {
        options.add(new GenericEDNSOption(EDNSOption.Code.CLIENT_SUBNET, args.subnet.optionData()));
      }
      if (args.sendCookie) {
        if (args.cookieHex != null) {
          // The bytes as given, however many: dig checks only that they are hex.
          byte[] bytes = DigArgs.hex(args.cookieHex);
          if (bytes == null) {
            throw DigFatal.fatal("isc_hex_decodestring: bad hex encoding");
          }
          options.add(new GenericEDNSOption(EDNSOption.Code.COOKIE, bytes));
        } else {
          options.add(new CookieOption(clientCookie()));
        }
      }
      if (args.expire) {
        options.add(new GenericEDNSOption(EDNSOption.Code.EDNS_EXPIRE, new byte[0]));
      }
      if (args.keepalive) {
        options.add(new GenericEDNSOption(TCP_KEEPALIVE, new byte[0]));
      }
      for (int i = 0; i < args.ednsOptionCodes.size(); i++) {
        options.add(
            new GenericEDNSOption(args.ednsOptionCodes.get(i)[0], args.ednsOptionData.get(i)));
      }
      // +ednsflags cannot set DO or CO: +dnssec and +coflag own those bits.
      int flags = (args.ednsFlags & ~(DO | CO)) | (args.dnssec ? DO : 0) | (args.coflag ? CO : 0);
      int udp = args.bufsize >= 0 ? args.bufsize : 1232;
      if (args.padding > 0) {
        // RFC 7830 as BIND renders it: a PAD option last, sized so the whole message is a
        // multiple of the block (TSIG, added when sending, is not counted).
        options.add(new GenericEDNSOption(PADDING, new byte[0]));
        OPTRecord trial = new OPTRecord(udp, 0, version, flags, options);
        query.addRecord(trial, Section.ADDITIONAL);
        int used = query.toWire().length;
        query.removeRecord(trial, Section.ADDITIONAL);
        int pad = (args.padding - used % args.padding) % args.padding;
        options.set(options.size() - 1, new GenericEDNSOption(PADDING, new byte[pad]));
      }
      query.addRecord(new OPTRecord(udp, 0, version, flags, options), Section.ADDITIONAL);
    }
    return query;
  }

  // A random 16-bit query id, as dig picks one per query.
  static int queryId() {
    byte[] two = new byte[2];
    RANDOM.nextBytes(two);
    return ((two[0] & 0xff) << 8) | (two[1] & 0xff);
  }

  // RFC 7828 and RFC 7830 option codes, which dnsjava has no constants for.
  private static final int TCP_KEEPALIVE = 11;
  private static final int PADDING = 12;

  // EDNS header flags (RFC 3225 DO; CO, compact denial of existence, which BIND 9.18 knows).
  private static final int DO = 0x8000;
  private static final int CO = 0x4000;
}
