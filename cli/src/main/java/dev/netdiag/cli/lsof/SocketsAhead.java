package dev.netdiag.cli.lsof;

import dev.netdiag.sockets.procfs.OpenFile;
import dev.netdiag.sockets.procfs.ProcessFiles;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The socket descriptors of every process of a listing, read in pid order on a daemon thread of
 * their own while the caller builds the rows of the processes already read: at 100,000 sockets the
 * readlinks (kernel time, on the other CPUs) and the rows (ours) then overlap instead of taking
 * turns. A process the caller skips is read for nothing, which costs only its readlinks.
 */
final class SocketsAhead {
  private final ProcessFiles files;
  private final int[] pids;
  private final CompletableFuture<List<OpenFile>>[] read;

  @SuppressWarnings("unchecked")
  private SocketsAhead(ProcessFiles files, int[] pids) {
    this.files = files;
    this.pids = pids;
    this.read = new CompletableFuture[pids.length];
    for (int i = 0; i < pids.length; i++) {
      read[i] = new CompletableFuture<>();
    }
  }

  /** Starts reading the socket descriptors of pids[0], pids[1], … */
  static SocketsAhead start(ProcessFiles files, int[] pids) {
    SocketsAhead ahead = new SocketsAhead(files, pids);
    Thread.ofPlatform().daemon().name("lsof-descriptors").start(ahead::readAll);
    return ahead;
  }

  private void readAll() {
    for (int i = 0; i < pids.length; i++) {
      try {
        read[i].complete(files.descriptors(pids[i], true));
      } catch (RuntimeException | Error e) {
        read[i].completeExceptionally(e);
      }
    }
  }

  /** The socket descriptors of pids[index], waiting for them if they are not read yet. */
  List<OpenFile> descriptors(int index) {
    try {
      return read[index].join();
    } catch (CompletionException e) {
      // Whatever failed there fails here the same way, on the caller's thread.
      return files.descriptors(pids[index], true);
    }
  }
}
