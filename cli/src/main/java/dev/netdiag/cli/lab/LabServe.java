package dev.netdiag.cli.lab;

import dev.netdiag.cli.Output;
import dev.netdiag.cli.UsageException;
import dev.netdiag.diagnose.DurationText;
import dev.netdiag.diagnose.Target;
import dev.netdiag.diagnose.TargetSyntaxException;
import dev.netdiag.linux.AddressText;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * `netdiag lab serve`, the labs' own servers and clients, so a lab needs nothing a fresh machine
 * lacks. {@code listen ADDR:PORT [--backlog N] [--no-accept] [--no-close]} serves (answering one
 * line and closing, or keeping every connection open, or never accepting); {@code connect ADDR:PORT
 * --count N [--hold]} opens connections and closes them at once or holds them. Every mode ends
 * after {@code --lifetime} (default 12h) at the latest.
 */
final class LabServe {
  private static final int CONNECT_TIMEOUT_MILLIS = 1000;

  private LabServe() {}

  static int run(List<String> args, Output out) throws UsageException, IOException {
    if (args.size() < 2) {
      throw new UsageException("lab serve: listen|connect ADDR:PORT [options]");
    }
    String mode = args.get(0);
    InetSocketAddress address = endpoint(args.get(1));
    int backlog = 50;
    int count = 1;
    boolean accept = true;
    boolean close = true;
    boolean hold = false;
    Duration lifetime = Duration.ofHours(12);
    for (int i = 2; i < args.size(); i++) {
      switch (args.get(i)) {
        case "--backlog" -> backlog = Integer.parseInt(value(args, ++i));
        case "--count" -> count = Integer.parseInt(value(args, ++i));
        case "--no-accept" -> accept = false;
        case "--no-close" -> close = false;
        case "--hold" -> hold = true;
        case "--lifetime" -> lifetime = DurationText.parse(value(args, ++i));
        default -> throw new UsageException("lab serve: unknown option " + args.get(i));
      }
    }
    long deadline = System.nanoTime() + lifetime.toNanos();
    return switch (mode) {
      case "listen" -> listen(address, backlog, accept, close, deadline, out);
      case "connect" -> connect(address, count, hold, deadline, out);
      default -> throw new UsageException("lab serve: listen or connect, not " + mode);
    };
  }

  private static int listen(
      InetSocketAddress address,
      int backlog,
      boolean accept,
      boolean close,
      long deadline,
      Output out)
      throws IOException {
    List<Socket> kept = new ArrayList<>();
    try (ServerSocket server = new ServerSocket()) {
      server.bind(address, backlog);
      out.text("listening on ").text(display(address)).text(" backlog ").number(backlog);
      out.line(accept ? (close ? "" : " (never closing)") : " (never accepting)").flush();
      if (!accept) {
        sleepUntil(deadline);
        return 0;
      }
      while (System.nanoTime() < deadline) {
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        server.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
        Socket socket;
        try {
          socket = server.accept();
        } catch (java.net.SocketTimeoutException e) {
          break;
        }
        if (close) {
          try (socket) {
            OutputStream stream = socket.getOutputStream();
            stream.write("netdiag lab\n".getBytes(StandardCharsets.US_ASCII));
          } catch (IOException e) {
            // The client went away first: nothing to answer.
          }
        } else {
          // The leak the close-wait-leak lab shows: the peer closes, we never do.
          kept.add(socket);
        }
      }
    }
    return 0;
  }

  private static int connect(
      InetSocketAddress address, int count, boolean hold, long deadline, Output out)
      throws IOException {
    List<Socket> held = new ArrayList<>();
    int connected = 0;
    for (int i = 0; i < count; i++) {
      Socket socket = new Socket();
      try {
        socket.connect(address, CONNECT_TIMEOUT_MILLIS);
        connected++;
        if (hold) {
          held.add(socket);
        } else {
          socket.close();
        }
      } catch (IOException e) {
        socket.close();
      }
    }
    out.text("connected ").number(connected).text(" of ").number(count).text(" to ");
    out.line(display(address) + (hold ? ", holding" : ", closed: done")).flush();
    if (hold) {
      sleepUntil(deadline);
    }
    return 0;
  }

  private static void sleepUntil(long deadline) {
    try {
      while (System.nanoTime() < deadline) {
        Thread.sleep(Math.min(60_000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static InetSocketAddress endpoint(String text) throws UsageException {
    try {
      Target target = Target.parse(text);
      InetAddress address = AddressText.parse(target.host());
      if (address == null) {
        throw new UsageException("lab serve: an address literal, not " + target.host());
      }
      return new InetSocketAddress(address, target.port());
    } catch (TargetSyntaxException e) {
      throw new UsageException("lab serve: " + e.getMessage());
    }
  }

  private static String display(InetSocketAddress address) {
    String host = AddressText.format(address.getAddress());
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  private static String value(List<String> args, int i) throws UsageException {
    if (i >= args.size()) {
      throw new UsageException("lab serve: " + args.get(i - 1) + " needs a value");
    }
    return args.get(i);
  }
}
