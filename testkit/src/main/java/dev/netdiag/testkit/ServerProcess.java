package dev.netdiag.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** What the DNS server fixtures share: waiting for a started line in a log, stopping, cleaning. */
final class ServerProcess {
  private ServerProcess() {}

  /**
   * Waits until a line of the log says the server started; false when the process ended first or
   * the bound passed.
   */
  static boolean awaitLog(Process process, Path log, Predicate<String> started, Duration bound)
      throws IOException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (Files.exists(log) && Files.readString(log).lines().anyMatch(started)) {
        return true;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /** The file's text, or "" when there is none. */
  static String text(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  /**
   * Stops the process (its children first when asked: nsd forks a server and xfrd), forcibly after
   * the grace period, and removes its directory.
   */
  static void stop(Process process, Path dir, boolean children, Duration grace) {
    if (children) {
      process.descendants().forEach(ProcessHandle::destroy);
    }
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp directory is harmless.
    }
  }
}
