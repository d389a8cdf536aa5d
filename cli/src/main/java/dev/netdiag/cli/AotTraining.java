package dev.netdiag.cli;

import java.io.OutputStream;

/**
 * The build-time training run for the JDK AOT cache: runs each tool's common paths in-process with
 * output discarded, so their classes land in the cache. Touches only loopback (dig's answers come
 * from a responder inside this process). With a tool name as argument it runs only that tool's
 * paths, for a cache of that tool alone: with AOT class linking the JVM loads every class of the
 * cache at start, so a cache holding every tool slows each one (see docs/BENCHMARKS.md).
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
      // Every family (UNIX, PACKET, NETLINK, UDP, RAW): their decoders and rows.
      {"ss", "-an"},
      {"ss", "--json", "-uan"},
      // The filter parser and the bytecode compiler, with a program sent to the kernel.
      {"ss", "-tan", "state", "established", "( dport = :9 or src 127.0.0.1/8 ) and not autobound"},
      {"netstat", "-tlnp"},
      {"netstat", "-an"},
      {"netstat", "-rn"},
      {"netstat", "-ie"},
      {"lsof", "-nP", "-iTCP", "-sTCP:LISTEN"},
      // A process's every file (cwd, txt, maps, descriptors): this training run's own.
      {"lsof", "-nP", "-p", "SELF"},
      // getent on file databases only: a hosts lookup could reach the machine's DNS server.
      {"getent", "services", "ssh", "22/udp"},
      {"getent", "--json", "protocols", "tcp", "17"},
      {"diagnose", "--help"},
      {"diagnose", "127.0.0.1:9", "--timeout", "300ms"},
      {"diagnose", "--json", ":9", "--timeout", "300ms"},
      {"lab", "list"},
      // dig answered by the in-process responder below (printing, the WHEN line, EDNS), then
      // against a closed loopback port: query building, UDP and TCP refusal, the notices.
      {"dig", "@127.53.0.253", "-p", "PORT", "x.test"},
      {"dig", "@127.53.0.253", "-p", "PORT", "+short", "x.test"},
      // A -f batch (the batch engine, the per-line grammar, the plain-reply printer): the cache
      // then holds those classes, which a 50,000-name batch starts with.
      {"dig", "@127.53.0.253", "-p", "PORT", "-f", "BATCH"},
      {"dig", "@127.53.0.254", "-p", "9", "+tries=1", "+time=1", "x.test"},
      {"dig", "@127.53.0.254", "-p", "9", "+tcp", "+tries=1", "+time=1", "x.test", "MX"},
    };
    String only = args.length == 0 ? null : args[0];
    Main.quietLogging();
    if (only == null || Main.linksNativeCalls(only)) {
      // Main.main's native warm-up, so that its classes are in the cache too (not in the single
      // dig's: it makes no native call, and every class of a cache is loaded at start).
      dev.netdiag.linux.NativeWarmup.startInBackground();
    }
    java.nio.file.Path batch = batchFile();
    try (Responder responder = Responder.start()) {
      for (String[] run : runs) {
        if (selected(run, only)) {
          String[] argv = run.clone();
          for (int i = 0; i < argv.length; i++) {
            argv[i] =
                switch (argv[i]) {
                  case "PORT" -> Integer.toString(responder.port());
                  case "BATCH" -> batch.toString();
                  case "SELF" -> Long.toString(ProcessHandle.current().pid());
                  default -> argv[i];
                };
          }
          Main.run(argv, OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
        }
      }
    } finally {
      try {
        java.nio.file.Files.deleteIfExists(batch);
      } catch (java.io.IOException e) {
        // A temporary file left behind; nothing depends on it.
      }
    }
  }

  /**
   * Whether a run belongs to the cache being trained (null: the shared one, every run). dig has
   * two: "dig" for the lookups of one command line, "dig-batch" for -f batches (the launcher picks
   * it for -f and zone transfers), so that a single query's JVM does not load the batch engine's
   * classes.
   */
  private static boolean selected(String[] run, String only) {
    if (only == null) {
      return true;
    }
    boolean batch = java.util.Arrays.asList(run).contains("-f");
    return switch (only) {
      case "dig" -> run[0].equals("dig") && !batch;
      case "dig-batch" -> run[0].equals("dig") && batch;
      default -> run[0].equals(only);
    };
  }

  // 2,000 names, one a line as people write batch files: enough for the batch loop to run hot.
  private static java.nio.file.Path batchFile() {
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("netdiag-aot", ".txt");
      StringBuilder names = new StringBuilder();
      for (int i = 0; i < 2000; i++) {
        names.append('n').append(i).append(".x.test\n");
      }
      java.nio.file.Files.writeString(file, names);
      return file;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A DNS responder on loopback for the training run: answers every query with one A record, so
   * dig's answer path is trained without any server outside this process.
   */
  private static final class Responder implements AutoCloseable {
    private final java.net.DatagramSocket socket;
    private final Thread thread;

    private Responder(java.net.DatagramSocket socket) {
      this.socket = socket;
      this.thread = Thread.ofPlatform().daemon().start(this::serve);
    }

    static Responder start() {
      try {
        return new Responder(
            new java.net.DatagramSocket(
                new java.net.InetSocketAddress(
                    java.net.InetAddress.getByAddress(new byte[] {127, 53, 0, (byte) 253}), 0)));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve() {
      byte[] buffer = new byte[4096];
      while (!socket.isClosed()) {
        try {
          java.net.DatagramPacket packet = new java.net.DatagramPacket(buffer, buffer.length);
          socket.receive(packet);
          org.xbill.DNS.Message query =
              new org.xbill.DNS.Message(java.util.Arrays.copyOf(buffer, packet.getLength()));
          org.xbill.DNS.Message answer = new org.xbill.DNS.Message(query.getHeader().getID());
          answer.getHeader().setFlag(org.xbill.DNS.Flags.QR);
          answer.getHeader().setFlag(org.xbill.DNS.Flags.AA);
          answer.getHeader().setFlag(org.xbill.DNS.Flags.RD);
          org.xbill.DNS.Record question = query.getQuestion();
          answer.addRecord(question, org.xbill.DNS.Section.QUESTION);
          answer.addRecord(
              new org.xbill.DNS.ARecord(
                  question.getName(),
                  org.xbill.DNS.DClass.IN,
                  300,
                  java.net.InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1})),
              org.xbill.DNS.Section.ANSWER);
          answer.addRecord(
              new org.xbill.DNS.OPTRecord(1232, 0, 0), org.xbill.DNS.Section.ADDITIONAL);
          byte[] wire = answer.toWire();
          socket.send(new java.net.DatagramPacket(wire, wire.length, packet.getSocketAddress()));
        } catch (java.io.IOException | RuntimeException e) {
          // Closed at the end of training, or a query it cannot parse: nothing to answer.
        }
      }
    }

    @Override
    public void close() {
      socket.close();
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
