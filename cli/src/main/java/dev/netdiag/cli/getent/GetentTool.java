package dev.netdiag.cli.getent;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.netdiag.cli.Json;
import dev.netdiag.cli.Main;
import dev.netdiag.cli.Output;
import dev.netdiag.cli.Tool;
import dev.netdiag.cli.ToolContext;
import dev.netdiag.linux.NameServiceSwitch;
import java.util.ArrayList;
import java.util.List;

/**
 * `netdiag getent DATABASE [KEY…]`: glibc getent for the network databases (hosts, ahosts,
 * ahostsv4, ahostsv6, services, protocols, networks) through glibc's own NSS calls. Exit codes as
 * getent: 0 found, 1 bad arguments or unknown database, 2 a key not found, 3 enumeration not
 * supported; argp's 64 for an invalid option.
 */
public final class GetentTool implements Tool {
  private static final String TRY = "Try `getent --help' or `getent --usage' for more information.";
  // argp exits with EX_USAGE when it rejects an option.
  private static final int ARGP_ERROR = 64;

  @Override
  public String name() {
    return "getent";
  }

  @Override
  public String summary() {
    return "glibc getent for hosts, ahosts*, services, protocols, networks (via NSS)";
  }

  @Override
  public int run(List<String> args, ToolContext context) throws Exception {
    Output out = context.out();
    Output err = context.err();
    GetentArgs parsed;
    try {
      parsed = GetentArgs.parse(args);
    } catch (GetentArgs.Invalid e) {
      err.text("getent: ").line(e.getMessage()).line(TRY);
      return ARGP_ERROR;
    }
    if (parsed.request() != null) {
      switch (parsed.request()) {
        case "help" -> help(out);
        case "usage" -> usage(out);
        default -> out.text("getent (netdiag) ").line(Main.version());
      }
      return 0;
    }
    for (String service : parsed.services()) {
      if (!configure(service)) {
        err.line("getent: Unknown database name");
        return 1;
      }
    }
    if (parsed.positional().isEmpty()) {
      err.line("getent: wrong number of arguments");
      out.line(TRY);
      return 1;
    }
    String database = parsed.positional().getFirst();
    List<String> keys = parsed.positional().subList(1, parsed.positional().size());
    if (!GetentLookup.DATABASES.contains(database)) {
      if (GetentLookup.GLIBC_DATABASES.contains(database)) {
        err.text("netdiag getent: the ")
            .text(database)
            .text(" database is not served by netdiag (it serves ")
            .text(String.join(", ", GetentLookup.DATABASES))
            .line("); use glibc's getent");
      } else {
        err.text("Unknown database: ").line(database);
        out.line(TRY);
      }
      return 1;
    }
    GetentLookup.Flags flags = new GetentLookup.Flags(!parsed.noIdn(), !parsed.noAddrconfig());
    List<GetentLookup.Answer> answers = new ArrayList<>();
    int status = 0;
    if (keys.isEmpty()) {
      answers.add(GetentLookup.enumerate(database));
    } else {
      for (String key : keys) {
        GetentLookup.Answer answer = GetentLookup.lookup(database, key, flags);
        if (answer.rows().isEmpty()) {
          status = 2;
        }
        answers.add(answer);
        if (!parsed.json()) {
          // Print as we go, as getent does: a slow key should not hold back earlier answers.
          answer.rows().forEach(row -> row.text(out));
          out.flush();
        }
      }
    }
    if (parsed.json()) {
      writeJson(database, answers, status, out);
    } else if (keys.isEmpty()) {
      answers.getFirst().rows().forEach(row -> row.text(out));
    }
    return status;
  }

  /** getent -s: "CONFIG" for every database, or "DB:CONFIG" for the first whose name DB starts. */
  private static boolean configure(String service) throws Exception {
    int colon = service.indexOf(':');
    if (colon < 0) {
      for (String database : GetentLookup.GLIBC_DATABASES) {
        NameServiceSwitch.configure(database, service);
      }
      return true;
    }
    String prefix = service.substring(0, colon);
    for (String database : GetentLookup.GLIBC_DATABASES) {
      if (database.startsWith(prefix)) {
        NameServiceSwitch.configure(database, service.substring(colon + 1));
        return true;
      }
    }
    return false;
  }

  private static void writeJson(
      String database, List<GetentLookup.Answer> answers, int status, Output out)
      throws java.io.IOException {
    try (JsonGenerator json = Json.writer(out)) {
      json.writeStartObject();
      json.writeStringField("database", database);
      json.writeArrayFieldStart("lookups");
      for (GetentLookup.Answer answer : answers) {
        json.writeStartObject();
        Json.stringOrNull(json, "key", answer.key());
        json.writeBooleanField("found", !answer.rows().isEmpty());
        json.writeArrayFieldStart("entries");
        for (GetentRow row : answer.rows()) {
          row.json(json);
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeNumberField("exit_code", status);
      json.writeEndObject();
    }
    out.newline();
  }

  private static void help(Output out) {
    out.line("Usage: getent [OPTION...] database [key ...]")
        .line("Get entries from administrative database (netdiag: through glibc's NSS calls).")
        .newline()
        .line("  -A, --no-addrconfig        do not filter out unsupported IPv4/IPv6 addresses")
        .line("                             (with ahosts*)")
        .line("  -i, --no-idn               disable IDN encoding")
        .line("  -s, --service=CONFIG       Service configuration to be used")
        .line("      --json                 print one JSON document (see docs/json.md)")
        .line("  -?, --help                 Give this help list")
        .line("      --usage                Give a short usage message")
        .line("  -V, --version              Print program version")
        .newline()
        .line("Supported databases:")
        .line(String.join(" ", GetentLookup.DATABASES))
        .newline()
        .line("Exit status: 0 found, 1 bad arguments or unknown database, 2 a key was not found,")
        .line("3 enumeration not supported.");
  }

  private static void usage(Output out) {
    out.line("Usage: getent [-iA?V] [-s CONFIG] [--service=CONFIG] [--no-idn] [--no-addrconfig]")
        .line("            [--json] [--help] [--usage] [--version] database [key ...]");
  }
}
