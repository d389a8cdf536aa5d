package dev.netdiag.diagnose.lab;

import dev.netdiag.diagnose.BoundedCommand;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds and tears down labs: two network namespaces joined by a veth pair, per-namespace
 * /etc/hosts and resolv.conf (iproute2 binds /etc/netns/NAME/* over /etc inside `ip netns exec`,
 * and they point at the lab's own DNS server, never the machine's), nftables rules, an nsd, and
 * `lab serve` processes. Every step is bounded; a start that fails halfway is torn down.
 */
public final class LabBuilder {
  private static final Duration STEP = Duration.ofSeconds(10);
  private static final Duration READY = Duration.ofSeconds(20);

  private final List<String> serveCommand;
  private final Path stateRoot;
  private final Path netnsEtc;

  /**
   * @param serveCommand argv that runs `netdiag lab serve` (the JVM, its class path, the main class
   *     and "lab serve"); the lab's words are appended
   * @param stateRoot where each lab keeps its pids and logs (/run/netdiag-lab)
   * @param netnsEtc iproute2's per-namespace /etc (/etc/netns)
   */
  public LabBuilder(List<String> serveCommand, Path stateRoot, Path netnsEtc) {
    this.serveCommand = List.copyOf(serveCommand);
    this.stateRoot = stateRoot;
    this.netnsEtc = netnsEtc;
  }

  /** True when the lab's namespaces exist. */
  public boolean running(Lab lab) {
    return Files.exists(Path.of("/run/netns", lab.serverNamespace()))
        || Files.exists(Path.of("/run/netns", lab.clientNamespace()));
  }

  /** Builds the lab; on failure tears down what was built and says what failed. */
  public void start(Lab lab) throws LabException, InterruptedException {
    requireRoot();
    require("ip", "iproute2");
    if (!lab.nft().isEmpty()) {
      require("nft", "nftables");
    }
    if (!lab.zone().isEmpty()) {
      require("nsd", "nsd");
    }
    if (running(lab)) {
      throw new LabException(
          "lab " + lab.name() + " is already running (netdiag lab stop " + lab.name() + ")");
    }
    try {
      build(lab);
    } catch (LabException | RuntimeException | InterruptedException e) {
      stop(lab);
      throw e;
    }
  }

  private void build(Lab lab) throws LabException, InterruptedException {
    Path state = stateRoot.resolve(lab.name());
    String client = lab.clientNamespace();
    String server = lab.serverNamespace();
    String clientLink = "ndlab" + lab.index() + "c";
    String serverLink = "ndlab" + lab.index() + "s";
    try {
      Files.createDirectories(state);
      String resolv =
          "# netdiag lab "
              + lab.name()
              + ": the lab's own DNS server\nnameserver "
              + lab.serverIpv4()
              + "\nsearch lab.test\noptions timeout:1 attempts:1\n";
      StringBuilder clientHosts =
          new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost\n")
              .append(lab.serverIpv4())
              .append("\tserver.lab.test server\n")
              .append(lab.serverIpv6())
              .append("\tserver.lab.test server\n");
      for (String line : lab.clientHosts()) {
        clientHosts.append(line.replace("WRONG", lab.unusedIpv4())).append('\n');
      }
      String serverHosts =
          "127.0.0.1\tlocalhost\n::1\tlocalhost\n"
              + lab.serverIpv4()
              + "\tserver.lab.test server\n"
              + lab.serverIpv6()
              + "\tserver.lab.test server\n";
      writeEtc(client, clientHosts.toString(), resolv);
      writeEtc(server, serverHosts, resolv);
    } catch (IOException e) {
      throw new LabException("cannot write the lab's files: " + e.getMessage());
    }
    ip("netns", "add", client);
    ip("netns", "add", server);
    ip("link", "add", clientLink, "type", "veth", "peer", "name", serverLink);
    ip("link", "set", clientLink, "netns", client);
    ip("link", "set", serverLink, "netns", server);
    // A /29 for the link: Lab.unusedIpv4 lies outside it, with no route.
    ip("-n", client, "addr", "add", lab.clientIpv4() + "/29", "dev", clientLink);
    ip("-n", server, "addr", "add", lab.serverIpv4() + "/29", "dev", serverLink);
    ip("-n", client, "-6", "addr", "add", lab.clientIpv6() + "/64", "dev", clientLink, "nodad");
    ip("-n", server, "-6", "addr", "add", lab.serverIpv6() + "/64", "dev", serverLink, "nodad");
    for (String[] end : new String[][] {{client, clientLink}, {server, serverLink}}) {
      ip("-n", end[0], "link", "set", "lo", "up");
      ip("-n", end[0], "link", "set", end[1], "up");
    }
    if (!lab.nft().isEmpty()) {
      Path script = state.resolve("rules.nft");
      write(script, lab.nft());
      run(List.of("ip", "netns", "exec", server, "nft", "-f", script.toString()), "nft -f");
    }
    if (!lab.zone().isEmpty()) {
      startNsd(lab, state);
    }
    if (!lab.server().isEmpty()) {
      List<String> words = new ArrayList<>();
      for (String word : lab.server()) {
        words.add(address(lab, word));
      }
      spawn(lab, server, "server", words, "listening on");
    }
    if (!lab.clientLoad().isEmpty()) {
      List<String> words = new ArrayList<>();
      for (String word : lab.clientLoad()) {
        words.add(address(lab, word));
      }
      spawn(lab, client, "load", words, words.contains("--hold") ? "holding" : "done");
    }
  }

  /** Rewrites the symbolic addresses of a lab's words: any, lo, v6, SERVER4. */
  private static String address(Lab lab, String word) {
    int colon = word.lastIndexOf(':');
    if (colon <= 0) {
      return word;
    }
    String host = word.substring(0, colon);
    String port = word.substring(colon);
    return switch (host) {
      case "any" -> "[::]" + port;
      case "lo" -> "127.0.0.1" + port;
      case "v6" -> "[" + lab.serverIpv6() + "]" + port;
      case "SERVER4" -> lab.serverIpv4() + port;
      default -> word;
    };
  }

  private void startNsd(Lab lab, Path state) throws LabException, InterruptedException {
    Path dir = state.resolve("nsd");
    String zone =
        "$ORIGIN lab.test.\n$TTL 60\n@ IN SOA ns.lab.test. admin.lab.test. 1 3600 900 604800 60\n"
            + "@ IN NS ns\nns IN A SERVER4\nserver IN A SERVER4\nserver IN AAAA SERVER6\n"
            + lab.zone();
    zone = zone.replace("SERVER4", lab.serverIpv4()).replace("SERVER6", lab.serverIpv6());
    // The same server also plays the root, delegating lab.test to itself, so that an iterative
    // walk (dig +trace, diagnose's authority lookup) works inside the lab without the Internet.
    String root =
        "$TTL 60\n. IN SOA ns.lab.test. admin.lab.test. 1 3600 900 604800 60\n"
            + ". IN NS ns.lab.test.\nlab.test. IN NS ns.lab.test.\nns.lab.test. IN A "
            + lab.serverIpv4()
            + "\n";
    String conf =
        "server:\n  ip-address: "
            + lab.serverIpv4()
            + "@53\n  username: \"\"\n  chroot: \"\"\n  database: \"\"\n  zonesdir: \""
            + dir
            + "\"\n  pidfile: \""
            + dir.resolve("nsd.pid")
            + "\"\n  zonelistfile: \""
            + dir.resolve("zone.list")
            + "\"\n  xfrdfile: \""
            + dir.resolve("xfrd.state")
            + "\"\n  xfrdir: \""
            + dir
            + "\"\n  logfile: \""
            + dir.resolve("nsd.log")
            + "\"\n  server-count: 1\n  verbosity: 1\nremote-control:\n  control-enable: no\n"
            + "zone:\n  name: \"lab.test.\"\n  zonefile: \"lab.test.zone\"\n"
            + "zone:\n  name: \".\"\n  zonefile: \"root.zone\"\n";
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new LabException("cannot create " + dir + ": " + e.getMessage());
    }
    write(dir.resolve("lab.test.zone"), zone);
    write(dir.resolve("root.zone"), root);
    write(dir.resolve("nsd.conf"), conf);
    Process process =
        detach(
            List.of(
                "ip",
                "netns",
                "exec",
                lab.serverNamespace(),
                "nsd",
                "-d",
                "-c",
                dir.resolve("nsd.conf").toString()),
            dir.resolve("nsd.out"));
    recordPid(state, process.pid());
    awaitLine(dir.resolve("nsd.log"), "nsd started", process, "nsd");
  }

  private void spawn(Lab lab, String namespace, String role, List<String> words, String ready)
      throws LabException, InterruptedException {
    Path state = stateRoot.resolve(lab.name());
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    argv.addAll(serveCommand);
    argv.addAll(words);
    Path log = state.resolve(role + ".log");
    Process process = detach(argv, log);
    recordPid(state, process.pid());
    awaitLine(log, ready, process, "lab serve " + String.join(" ", words));
  }

  private static Process detach(List<String> argv, Path log) throws LabException {
    try {
      // Not a child we wait for: it outlives this command and `lab stop` ends it by its pid.
      return new ProcessBuilder(argv)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new LabException("cannot start " + argv.getFirst() + ": " + e.getMessage());
    }
  }

  private static void awaitLine(Path log, String marker, Process process, String what)
      throws LabException, InterruptedException {
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      String text = read(log);
      if (text.contains(marker)) {
        return;
      }
      if (!process.isAlive()) {
        throw new LabException(what + " exited: " + text.strip());
      }
      Thread.sleep(50);
    }
    throw new LabException(what + " was not ready within " + READY.toSeconds() + " s");
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static void recordPid(Path state, long pid) throws LabException {
    try {
      Files.writeString(
          state.resolve("pids"),
          pid + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new LabException("cannot record pid " + pid + ": " + e.getMessage());
    }
  }

  /** Stops the lab's processes (by their recorded pids), deletes its namespaces and files. */
  public void stop(Lab lab) throws InterruptedException {
    Path state = stateRoot.resolve(lab.name());
    for (String line : read(state.resolve("pids")).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      ProcessHandle.of(Long.parseLong(line.strip()))
          .filter(process -> ours(process, state))
          .ifPresent(
              process -> {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                try {
                  process.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                  process.destroyForcibly();
                }
              });
    }
    for (String namespace : List.of(lab.clientNamespace(), lab.serverNamespace())) {
      if (Files.exists(Path.of("/run/netns", namespace))) {
        new BoundedCommand(List.of("ip", "netns", "del", namespace), STEP).run();
      }
      deleteTree(netnsEtc.resolve(namespace));
    }
    deleteTree(state);
  }

  /**
   * Only processes this lab started, even if a pid was reused since: a `lab serve` JVM, or an nsd
   * whose configuration lives in the lab's state directory.
   */
  private static boolean ours(ProcessHandle process, Path state) {
    String line = process.info().commandLine().orElse("");
    return line.contains(" lab serve ") || line.contains(state.toString());
  }

  private void writeEtc(String namespace, String hosts, String resolv) throws IOException {
    Path dir = netnsEtc.resolve(namespace);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("hosts"), hosts);
    Files.writeString(dir.resolve("resolv.conf"), resolv);
  }

  private static void write(Path file, String text) throws LabException {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new LabException("cannot write " + file + ": " + e.getMessage());
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Left behind: the next start overwrites it.
    }
  }

  private static void ip(String... args) throws LabException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("ip"));
    argv.addAll(List.of(args));
    run(argv, String.join(" ", argv));
  }

  private static void run(List<String> argv, String what)
      throws LabException, InterruptedException {
    BoundedCommand.Output output = new BoundedCommand(argv, STEP).run();
    if (output.exitCode() != 0) {
      throw new LabException(what + " failed: " + output.stderr().strip());
    }
  }

  private static void requireRoot() throws LabException {
    Object uid;
    try {
      uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException e) {
      uid = -1;
    }
    if (!(uid instanceof Integer id) || id != 0) {
      throw new LabException(
          "labs need root: they create network namespaces, veth pairs and nftables rules"
              + " (run it with sudo)");
    }
  }

  private static void require(String program, String debianPackage) throws LabException {
    if (!BoundedCommand.installed(program)) {
      throw new LabException(
          program + " is not installed (Debian package " + debianPackage + "): the lab needs it");
    }
  }
}
