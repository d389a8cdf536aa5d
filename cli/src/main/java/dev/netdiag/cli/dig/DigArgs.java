package dev.netdiag.cli.dig;

import dev.netdiag.cli.UsageException;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/**
 * dig's command line, the part built so far: one lookup with {@code @server}, {@code -p -t -c -q},
 * positional name/type/class in any order, and the {@code +options} listed in {@link #option}.
 */
final class DigArgs {
  String server;
  int port = 53;
  String name;
  int type = -1;
  int dclass = DClass.IN;
  boolean tcp;
  // Whether +[no]tcp/+[no]vc was given: dig 9.18 sends ANY queries over TCP unless told not to.
  boolean tcpGiven;
  boolean ignore;
  int time;
  int tries = 3;
  boolean cookie = true;
  boolean edns = true;
  int bufsize = 1232;
  boolean recurse = true;
  boolean adflag = true;
  boolean cdflag;
  boolean dnssec;
  boolean shortForm;
  boolean cmd = true;
  boolean comments = true;
  boolean question = true;
  boolean answer = true;
  boolean authority = true;
  boolean additional = true;
  boolean stats = true;
  // --json or +json: one JSON object per lookup (DigJson) instead of dig's text.
  boolean json;
  // +yaml: dig 9.18's YAML layout (DigYaml).
  boolean yaml;

  /** Thrown for an option dig has that is not built here yet. */
  static final class NotBuilt extends Exception {
    private static final long serialVersionUID = 1L;

    NotBuilt(String what) {
      super("netdiag dig: not built yet: " + what);
    }
  }

  /** Thrown for what dig itself rejects, with dig's own message. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  // dig 9.18's other +options by full name (dig.c plus_option); dig also takes unique prefixes,
  // which are not recognised here yet.
  private static final java.util.Set<String> KNOWN =
      java.util.Set.of(
          "aaflag",
          "aaonly",
          "besteffort",
          "badcookie",
          "class",
          "crypto",
          "defname",
          "domain",
          "dns64prefix",
          "dscp",
          "ednsflags",
          "ednsnegotiation",
          "ednsopt",
          "expire",
          "fail",
          "header-only",
          "http-plain",
          "http-plain-get",
          "http-plain-post",
          "https",
          "https-get",
          "https-post",
          "identify",
          "idnin",
          "idnout",
          "keepalive",
          "keepopen",
          "mapped",
          "multiline",
          "ndots",
          "nsid",
          "nssearch",
          "onesoa",
          "opcode",
          "padding",
          "qid",
          "qr",
          "raflag",
          "rdflag",
          "rrcomments",
          "search",
          "showsearch",
          "sigchase",
          "split",
          "subnet",
          "tcflag",
          "tls",
          "tls-ca",
          "tls-certfile",
          "tls-hostname",
          "tls-keyfile",
          "topdown",
          "trace",
          "trusted-key",
          "ttlid",
          "ttlunits",
          "unexpected",
          "unknownformat",
          "yaml",
          "zflag",
          "json");

  static DigArgs parse(List<String> args) throws NotBuilt, Invalid, UsageException {
    DigArgs a = new DigArgs();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--json")) {
        a.json = true;
      } else if (arg.startsWith("@")) {
        a.server = arg.substring(1);
      } else if (arg.startsWith("+")) {
        a.option(arg.substring(1));
      } else if (arg.startsWith("-") && arg.length() > 1) {
        char flag = arg.charAt(1);
        String value = arg.length() > 2 ? arg.substring(2) : null;
        if ("ptcq".indexOf(flag) >= 0 && value == null) {
          if (i + 1 >= args.size()) {
            throw new NotBuilt("a missing argument after " + arg);
          }
          value = args.get(++i);
        }
        switch (flag) {
          case 'p' -> a.port = number(value, "port number", 65535);
          case 't' -> a.type = typeOf(value);
          case 'c' -> a.dclass = classOf(value);
          case 'q' -> a.name = value;
          default -> throw new NotBuilt("option " + arg);
        }
      } else if (a.type < 0 && Type.value(arg.toUpperCase(java.util.Locale.ROOT)) >= 0) {
        a.type = Type.value(arg.toUpperCase(java.util.Locale.ROOT));
      } else if (DClass.value(arg.toUpperCase(java.util.Locale.ROOT)) >= 0) {
        a.dclass = DClass.value(arg.toUpperCase(java.util.Locale.ROOT));
      } else if (a.name == null) {
        a.name = arg;
      } else {
        throw new NotBuilt("several lookups on one command line");
      }
    }
    return a;
  }

  private void option(String text) throws NotBuilt, Invalid {
    boolean on = true;
    String word = text;
    if (word.startsWith("no")) {
      on = false;
      word = word.substring(2);
    }
    String value = null;
    int eq = word.indexOf('=');
    if (eq >= 0) {
      value = word.substring(eq + 1);
      word = word.substring(0, eq);
    }
    switch (word) {
      case "short" -> shortForm = on;
      case "tcp", "vc" -> {
        tcp = on;
        tcpGiven = true;
      }
      case "ignore" -> ignore = on;
      case "time" -> time = Math.max(1, number(value, "timeout", Integer.MAX_VALUE));
      case "tries" -> tries = Math.max(1, number(value, "tries", Integer.MAX_VALUE));
      case "retry" -> tries = number(value, "retries", Integer.MAX_VALUE) + 1;
      case "cookie" -> {
        if (value != null) {
          throw new NotBuilt("+cookie=VALUE");
        }
        cookie = on;
      }
      case "edns" -> {
        if (value != null && !value.equals("0")) {
          throw new NotBuilt("+edns=VERSION other than 0");
        }
        edns = on;
      }
      case "bufsize" -> bufsize = number(value, "buffer size", 65535);
      case "recurse", "rec" -> recurse = on;
      case "adflag" -> adflag = on;
      case "cdflag" -> cdflag = on;
      case "dnssec" -> dnssec = on;
      case "cmd" -> cmd = on;
      case "comments" -> comments = on;
      case "question" -> question = on;
      case "answer" -> answer = on;
      case "authority" -> authority = on;
      case "additional" -> additional = on;
      case "stats" -> stats = on;
      case "json" -> json = on;
      case "yaml" -> yaml = on;
      case "all" -> {
        cmd = comments = question = answer = authority = additional = stats = on;
      }
      default -> {
        if (KNOWN.contains(word)) {
          throw new NotBuilt("+" + text);
        }
        // dig names the option without its "=value".
        int cut = text.indexOf('=');
        throw new Invalid("Invalid option: +" + (cut < 0 ? text : text.substring(0, cut)));
      }
    }
  }

  private static int number(String value, String what, int max) throws Invalid {
    if (value == null || value.isEmpty()) {
      throw new Invalid("missing argument");
    }
    long n = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9' || (n = n * 10 + (c - '0')) > max) {
        throw new Invalid("invalid " + what + " '" + value + "'");
      }
    }
    return (int) n;
  }

  private static int typeOf(String value) throws NotBuilt {
    int t = Type.value(value.toUpperCase(java.util.Locale.ROOT));
    if (t < 0) {
      throw new NotBuilt("type " + value);
    }
    return t;
  }

  private static int classOf(String value) throws NotBuilt {
    int c = DClass.value(value.toUpperCase(java.util.Locale.ROOT));
    if (c < 0) {
      throw new NotBuilt("class " + value);
    }
    return c;
  }
}
