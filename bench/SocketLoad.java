// Socket-load generator for benchmarks: holds N loopback TCP connections in one state, spread over
// worker processes (one process may hold at most ~20000 descriptors here).
//
//   java bench/SocketLoad.java --connections 50000 --state established [--hold 600] [--per-worker 9000]
//
// States: established (both ends open: 2 sockets per connection), close-wait (the client closed,
// the server never does: N CLOSE-WAIT plus N FIN-WAIT-2 orphans for ~60 s), time-wait (the server
// closed first: N TIME-WAIT for 60 s, no descriptors held). Prints "ready" when all are in place,
// then holds until --hold seconds pass or it is killed; workers exit with it.
// Everything is on 127.0.0.0/8: listeners on 127.0.0.1, clients bound to 127.1.W.1 per worker so
// that each worker has its own ephemeral port space.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

public class SocketLoad {
  public static void main(String[] args) throws Exception {
    int connections = 10_000;
    String state = "established";
    long hold = 600;
    int perWorker = 9_000;
    int worker = -1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--connections" -> connections = Integer.parseInt(args[++i]);
        case "--state" -> state = args[++i];
        case "--hold" -> hold = Long.parseLong(args[++i]);
        case "--per-worker" -> perWorker = Integer.parseInt(args[++i]);
        case "--worker" -> worker = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("SocketLoad: unknown argument " + args[i]);
          System.exit(2);
        }
      }
    }
    if (!List.of("established", "close-wait", "time-wait").contains(state)) {
      System.err.println("SocketLoad: --state must be established, close-wait or time-wait");
      System.exit(2);
    }
    if (worker >= 0) {
      work(worker, connections, state, hold);
    } else {
      lead(connections, state, hold, perWorker);
    }
  }

  private static void lead(int connections, String state, long hold, int perWorker)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String source = System.getProperty("jdk.launcher.sourcefile", "bench/SocketLoad.java");
    List<Process> workers = new ArrayList<>();
    int left = connections;
    for (int w = 0; left > 0; w++) {
      int n = Math.min(perWorker, left);
      left -= n;
      ProcessBuilder builder =
          new ProcessBuilder(
              java, source, "--worker", Integer.toString(w), "--connections", Integer.toString(n),
              "--state", state, "--hold", Long.toString(hold));
      builder.redirectError(ProcessBuilder.Redirect.INHERIT);
      workers.add(builder.start());
    }
    for (Process process : workers) {
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = reader.readLine();
      if (line == null || !line.startsWith("ready")) {
        System.err.println("SocketLoad: a worker failed; stopping");
        workers.forEach(Process::destroy);
        System.exit(1);
      }
    }
    System.out.println(
        "ready " + connections + " connections " + state + " in " + workers.size()
            + " workers; pid " + ProcessHandle.current().pid() + "; holding up to " + hold + " s");
    System.out.flush();
    // Workers watch the pipe to us: when we exit (end of hold, SIGTERM, even SIGKILL) they do too.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> workers.forEach(Process::destroy)));
    Thread.sleep(TimeUnit.SECONDS.toMillis(hold));
  }

  private static void work(int worker, int connections, String state, long hold) throws Exception {
    List<SocketChannel> held = new ArrayList<>(connections * 2);
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
      InetSocketAddress target = (InetSocketAddress) server.getLocalAddress();
      String clientAddress = "127.1." + (worker & 255) + ".1";
      for (int i = 0; i < connections; i++) {
        SocketChannel client = SocketChannel.open();
        client.bind(new InetSocketAddress(clientAddress, 0));
        client.connect(target);
        SocketChannel accepted = server.accept();
        switch (state) {
          case "established" -> {
            held.add(client);
            held.add(accepted);
          }
          case "close-wait" -> {
            client.close();
            held.add(accepted);
          }
          default -> {
            // time-wait: the server closes first and so keeps the TIME-WAIT end.
            accepted.setOption(StandardSocketOptions.SO_LINGER, -1);
            accepted.close();
            client.close();
          }
        }
      }
      System.out.println("ready " + connections);
      System.out.flush();
      Thread stdinWatch =
          Thread.ofPlatform().daemon().start(() -> {
            try {
              while (System.in.read() >= 0) {
                // Hold until the lead closes our input.
              }
            } catch (java.io.IOException e) {
              // Treat as closed.
            }
          });
      stdinWatch.join(TimeUnit.SECONDS.toMillis(hold));
    } finally {
      for (SocketChannel channel : held) {
        channel.close();
      }
    }
  }
}
