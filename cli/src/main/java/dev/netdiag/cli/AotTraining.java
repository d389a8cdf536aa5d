package dev.netdiag.cli;

import java.io.OutputStream;

/**
 * The build-time training run for the JDK AOT cache: runs each tool's common paths in-process with
 * output discarded, so their classes land in the cache. Touches only loopback. With a tool name as
 * argument it runs only that tool's paths, for a cache of that tool alone: with AOT class linking
 * the JVM loads every class of the cache at start, so a cache holding every tool slows each one
 * (see docs/BENCHMARKS.md).
 */
public final class AotTraining {
  private AotTraining() {}

  public static void main(String[] args) {
    String[][] runs = {
      {"--help"},
      {"--version"},
      {"probe", "--help"},
      {"probe", "127.0.0.1:9", "--timeout", "300ms"},
      {"probe", "--json", "[::1]:9", "--timeout", "300ms"},
      {"probe", "nohost"},
      // The socket tools read this build machine's own tables (netlink, /proc): no traffic.
      {"ss", "-tln"},
      {"ss", "-tanp"},
      {"ss", "--json", "-uan"},
      // The filter parser and the bytecode compiler, with a program sent to the kernel.
      {"ss", "-tan", "state", "established", "( dport = :9 or src 127.0.0.1/8 ) and not autobound"},
      {"netstat", "-tlnp"},
      {"netstat", "-rn"},
      {"lsof", "-nP", "-iTCP", "-sTCP:LISTEN"},
      // getent on file databases only: a hosts lookup could reach the machine's DNS server.
      {"getent", "services", "ssh", "22/udp"},
      {"getent", "--json", "protocols", "tcp", "17"},
      {"diagnose", "--help"},
      {"diagnose", "127.0.0.1:9", "--timeout", "300ms"},
      {"diagnose", "--json", ":9", "--timeout", "300ms"},
      {"lab", "list"},
      // dig against a closed loopback port: query building, UDP and TCP refusal, the notices.
      {"dig", "@127.53.0.254", "-p", "9", "+tries=1", "+time=1", "x.test"},
      {"dig", "@127.53.0.254", "-p", "9", "+tcp", "+tries=1", "+time=1", "x.test", "MX"},
    };
    for (String[] run : runs) {
      if (args.length == 0 || run[0].equals(args[0])) {
        Main.run(run, OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
      }
    }
  }
}
