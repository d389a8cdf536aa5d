package dev.netdiag.cli.getent;

import java.util.ArrayList;
import java.util.List;

/**
 * getent's command line as glibc's argp parses it: options anywhere (arguments are permuted), `--`
 * ends them, short options cluster (`-iA`), `-s` takes its value attached or as the next word, and
 * long options may be abbreviated to any unique prefix. `--json` is netdiag's addition.
 *
 * @param services the `-s` values in order (each "CONFIG" or "DATABASE:CONFIG")
 * @param positional the database and keys
 * @param request help, usage or version instead of a lookup, or null
 */
record GetentArgs(
    List<String> services,
    boolean noIdn,
    boolean noAddrconfig,
    boolean json,
    List<String> positional,
    String request) {

  /** A command line argp rejects: the message and exit status argp would use. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  private static final String[] LONG = {
    "service", "no-idn", "no-addrconfig", "help", "usage", "version", "json"
  };

  static GetentArgs parse(List<String> args) throws Invalid {
    List<String> services = new ArrayList<>();
    List<String> positional = new ArrayList<>();
    boolean noIdn = false;
    boolean noAddrconfig = false;
    boolean json = false;
    String request = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        positional.addAll(args.subList(i + 1, args.size()));
        break;
      }
      if (arg.startsWith("--")) {
        int equals = arg.indexOf('=');
        String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
        String option = longOption(name, arg);
        String value = equals < 0 ? null : arg.substring(equals + 1);
        if (!option.equals("service") && value != null) {
          throw new Invalid("option '--" + option + "' doesn't allow an argument");
        }
        switch (option) {
          case "service" -> {
            if (value == null) {
              if (i + 1 >= args.size()) {
                throw new Invalid("option '--service' requires an argument");
              }
              value = args.get(++i);
            }
            services.add(value);
          }
          case "no-idn" -> noIdn = true;
          case "no-addrconfig" -> noAddrconfig = true;
          case "json" -> json = true;
          default -> request = request == null ? option : request;
        }
        continue;
      }
      if (arg.startsWith("-") && arg.length() > 1) {
        for (int j = 1; j < arg.length(); j++) {
          char c = arg.charAt(j);
          switch (c) {
            case 'i' -> noIdn = true;
            case 'A' -> noAddrconfig = true;
            case '?' -> request = request == null ? "help" : request;
            case 'V' -> request = request == null ? "version" : request;
            case 's' -> {
              String value;
              if (j + 1 < arg.length()) {
                value = arg.substring(j + 1);
              } else if (i + 1 < args.size()) {
                value = args.get(++i);
              } else {
                throw new Invalid("option requires an argument -- 's'");
              }
              services.add(value);
              j = arg.length();
            }
            default -> throw new Invalid("invalid option -- '" + c + "'");
          }
        }
        continue;
      }
      positional.add(arg);
    }
    return new GetentArgs(services, noIdn, noAddrconfig, json, positional, request);
  }

  private static String longOption(String name, String arg) throws Invalid {
    String match = null;
    for (String candidate : LONG) {
      if (candidate.equals(name)) {
        return candidate;
      }
      if (!name.isEmpty() && candidate.startsWith(name)) {
        if (match != null) {
          throw new Invalid("option '" + arg + "' is ambiguous");
        }
        match = candidate;
      }
    }
    if (match == null) {
      throw new Invalid("unrecognized option '" + arg + "'");
    }
    return match;
  }
}
