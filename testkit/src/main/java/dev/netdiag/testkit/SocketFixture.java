package dev.netdiag.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Python socket fixture from the test classpath, running in a network namespace of its own so
 * that the tables hold only its sockets, and the reference tool and ours run beside it, each in an
 * offline {@link ResolverSandbox} (without -n, netstat, lsof and ss -r ask DNS for names). The
 * script prints a line starting with "ready" once its sockets are in place and ends when its stdin
 * closes.
 */
public final class SocketFixture implements AutoCloseable {
  private final NetNamespace ns;
  private final Process process;

  private SocketFixture(NetNamespace ns, Process process) {
    this.ns = ns;
    this.process = process;
  }

  /** Starts the script (a classpath resource of owner) for comparisons with tool. */
  public static SocketFixture start(Class<?> owner, String resource, String tool)
      throws IOException {
    Requires.assumeInstalled(tool, "python3", "ip");
    NetNamespace ns = NetNamespace.create();
    Process process = null;
    try {
      Path script = Files.createTempFile("netdiag-fixture", ".py");
      script.toFile().deleteOnExit();
      try (InputStream in = owner.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("no fixture " + resource + " on the class path");
        }
        Files.write(script, in.readAllBytes());
      }
      process =
          new ProcessBuilder("ip", "netns", "exec", ns.name(), "python3", script.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      BufferedReader ready =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = ready.readLine();
      if (line == null || !line.startsWith("ready")) {
        throw new IOException("the socket fixture " + resource + " did not start");
      }
      return new SocketFixture(ns, process);
    } catch (IOException | RuntimeException e) {
      if (process != null) {
        process.destroyForcibly();
      }
      ns.close();
      throw e;
    }
  }

  /** The script's process id (ip netns exec runs it in its own place). */
  public long pid() {
    return process.pid();
  }

  /** The namespace's name. */
  public String namespace() {
    return ns.name();
  }

  /** The reference tool with these arguments, inside the namespace. */
  public Cmd.Result reference(String tool, List<String> args) {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), tool));
    argv.addAll(args);
    return ResolverSandbox.offline().run(Duration.ofSeconds(30), argv);
  }

  /** Ours (a fresh JVM running mainClass with the tool's name first), inside the namespace. */
  public Cmd.Result ours(String mainClass, String tool, List<String> args) {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
    List<String> toolArgs = new ArrayList<>(List.of(tool));
    toolArgs.addAll(args);
    argv.addAll(JavaMain.command(mainClass, toolArgs.toArray(String[]::new)));
    return ResolverSandbox.offline().run(Duration.ofSeconds(60), argv);
  }

  /** Ends the script (closing its stdin) and deletes the namespace. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      ns.close();
    }
  }
}
