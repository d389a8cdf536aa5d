package dev.netdiag.cli.dig;

import dev.netdiag.cli.ToolContext;
import dev.netdiag.dns.BatchEngine;
import dev.netdiag.dns.DnsException;
import dev.netdiag.dns.Notice;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * {@code dig -f FILE}: each line a command line of its own, started from the command line's
 * options. Lines are read as the engine's window frees up and answers are printed in input order,
 * so memory stays that of the window however long the file is.
 */
final class BatchRun {
  // Queries in flight at once: enough to keep a local server busy, few enough to stay small.
  static final int WINDOW = 256;

  private final DigArgs args;
  private final DigTool.Session session;
  private final ToolContext context;

  BatchRun(DigArgs args, DigTool.Session session, ToolContext context) {
    this.args = args;
    this.session = session;
    this.context = context;
  }

  // Answers are formatted and written on a second thread, handed over this many at a time: the
  // text of a 50,000-name batch is tens of megabytes, about a third of the run's CPU, and it need
  // not wait for the sends and receives (nor they for it). Only that thread writes to stdout while
  // the engine runs; stdout is handed back (drain) before anything else prints there.
  private static final int CHUNK = 64;

  private final List<Runnable> chunk = new ArrayList<>(CHUNK);
  private Printer printer;

  void run(BufferedReader reader) throws IOException {
    Requests requests = new Requests(reader);
    printer = new Printer();
    try {
      while (true) {
        // The engine stops at a lookup that is more than one query (+trace, +nssearch, a search
        // list), after printing everything before it; that lookup runs on its own, in order.
        new BatchEngine(WINDOW).run(requests, this::print);
        drain();
        if (requests.fatal != null) {
          // A name dig cannot make ends the run, after the answers before it.
          throw requests.fatal;
        }
        Lookup own = requests.pending.poll();
        if (own == null) {
          return;
        }
        session.run(own);
      }
    } catch (DnsException e) {
      drain();
      context.err().line("dig: " + e.getMessage());
    } catch (UncheckedIOException e) {
      // The batch file failed mid-way (or stdout did): what was answered before still prints.
      try {
        drain();
      } catch (RuntimeException alsoFailed) {
        // Often the same failure: the printer's, rethrown by drain.
        if (alsoFailed != e) {
          e.addSuppressed(alsoFailed);
        }
      }
      throw e.getCause();
    } finally {
      printer.stop();
    }
  }

  // Something for stdout, in order with the answers.
  private void toStdout(Runnable task) {
    chunk.add(task);
    if (chunk.size() >= CHUNK) {
      printer.submit(List.copyOf(chunk));
      chunk.clear();
    }
  }

  // Waits until everything handed over is written; rethrows the printer's failure (stdout gone).
  private void drain() {
    if (!chunk.isEmpty()) {
      printer.submit(List.copyOf(chunk));
      chunk.clear();
    }
    printer.drain();
  }

  /** The thread that writes answers, in the order they were handed over. */
  private static final class Printer {
    private static final List<Runnable> STOP = List.of();

    private final java.util.concurrent.ArrayBlockingQueue<List<Runnable>> queue =
        new java.util.concurrent.ArrayBlockingQueue<>(64);
    private final Thread thread;
    private volatile RuntimeException failure;

    Printer() {
      thread = Thread.ofPlatform().name("dig-printer").daemon().start(this::loop);
    }

    private void loop() {
      while (true) {
        List<Runnable> tasks;
        try {
          tasks = queue.take();
        } catch (InterruptedException e) {
          return;
        }
        if (tasks == STOP) {
          return;
        }
        if (failure != null) {
          continue;
        }
        try {
          for (Runnable task : tasks) {
            task.run();
          }
        } catch (RuntimeException e) {
          failure = e;
        }
      }
    }

    void submit(List<Runnable> tasks) {
      rethrow();
      try {
        queue.put(tasks);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while printing", e);
      }
    }

    void drain() {
      java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
      submit(List.of(done::countDown));
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while printing", e);
      }
      rethrow();
    }

    private void rethrow() {
      RuntimeException e = failure;
      if (e != null) {
        throw e;
      }
    }

    void stop() {
      try {
        queue.put(STOP);
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // A lookup the engine's one query per request cannot answer.
  private boolean ownRun(Lookup lookup) {
    return lookup.trace
        || lookup.nssearch
        || session.tsig != null
        || session.searchNames(lookup).size() > 1;
  }

  private void print(BatchEngine.Result<Lookup> result) {
    toStdout(() -> write(result));
  }

  private void write(BatchEngine.Result<Lookup> result) {
    Lookup lookup = result.request().tag();
    if (!lookup.json && !lookup.yaml) {
      for (Notice n : result.notices()) {
        DigTool.report(n, lookup, context.out());
      }
    }
    if (result.exchange() != null) {
      session.print(lookup, result.exchange(), result.notices(), context.out());
    } else if (result.failure() != null && result.failure().badPacket() != null) {
      session.badPacket(
          lookup,
          result.request().query(),
          result.failure().badPacket(),
          result.notices(),
          context.out());
    } else {
      DnsException failure = result.failure();
      session.failed(
          lookup,
          result.request().query(),
          failure == null ? "no servers could be reached" : failure.getMessage(),
          result.notices(),
          context.out());
    }
  }

  // The batch file's lookups as engine requests, parsed one line at a time.
  private final class Requests implements Iterator<BatchEngine.Request<Lookup>> {
    private final BufferedReader reader;
    private final ArrayDeque<Lookup> pending = new ArrayDeque<>();
    private BatchEngine.Request<Lookup> request;
    private boolean first = true;
    private boolean eof;
    // The lookup whose name dig could not make: the requests end there.
    private DigFatal fatal;

    Requests(BufferedReader reader) {
      this.reader = reader;
    }

    @Override
    public boolean hasNext() {
      while (true) {
        while (pending.isEmpty() && !eof) {
          readLine();
        }
        if (fatal != null || pending.isEmpty() || ownRun(pending.peek())) {
          return false;
        }
        Lookup lookup = pending.peek();
        if (request != null && request.tag() == lookup) {
          return true;
        }
        try {
          request =
              new BatchEngine.Request<>(
                  lookup,
                  DigTool.query(lookup),
                  session.addresses(lookup),
                  session.options(lookup));
          return true;
        } catch (DigFatal e) {
          fatal = e;
          return false;
        }
      }
    }

    @Override
    public BatchEngine.Request<Lookup> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      pending.poll();
      return request;
    }

    private void readLine() {
      String line;
      try {
        line = reader.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (line == null) {
        eof = true;
        return;
      }
      // dig skips comment and empty lines only before the first lookup of the file; later an
      // empty line is a command line without a name, which asks for the root's NS.
      if (first
          && (line.isEmpty()
              || line.charAt(0) == '\r'
              || line.charAt(0) == '#'
              || line.charAt(0) == ';')) {
        return;
      }
      first = false;
      StringBuilder skip = new StringBuilder();
      List<Lookup> lookups;
      try {
        lookups = args.parseBatchLine(DigArgs.words(line), skip);
      } catch (DigArgs.Invalid e) {
        String stdout = e.stdout;
        toStdout(() -> context.out().text(stdout));
        context.err().text(e.stderr);
        return;
      }
      if (!args.warnings.isEmpty()) {
        context.err().text(args.warnings);
        args.warnings.setLength(0);
      }
      if (lookups == null) {
        context.err().text(skip);
        return;
      }
      pending.addAll(lookups);
    }
  }
}
