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
import java.util.List;
import java.util.NoSuchElementException;

/**
 * {@code dig -f FILE}: each line a command line of its own, started from the command line's
 * options. Lines are read as the engine's window frees up and answers are printed in input order,
 * so memory stays that of the window however long the file is.
 */
final class BatchRun {
  // Queries in flight at once: enough to keep a local server busy, and few enough that a server
  // with the kernel's default socket buffer (net.core.rmem_default, 208 KiB; a small datagram
  // takes about 800 bytes of it on loopback) holds them all even while it is not reading. With
  // 256, a test's own server, slow to start, dropped 26 queries of a burst, which timed out where
  // dig (one query at a time) had answers.
  static final int WINDOW = 128;

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
  private Requests requests;

  /** Runs the batch; the exit code a line that stopped it set (usage, -h, -v…), or 0. */
  int run(BufferedReader reader) throws IOException {
    requests = new Requests(reader);
    printer = new Printer();
    try {
      while (true) {
        // The engine stops at a lookup that is more than one query (+trace, +nssearch, a search
        // list), after printing everything before it; that lookup runs on its own, in order.
        new BatchEngine(WINDOW).run(requests, this::print);
        requests.effects.forEach(this::effect);
        requests.effects.clear();
        drain();
        if (requests.fatal != null) {
          // A name dig cannot make ends the run, after the answers before it.
          throw requests.fatal;
        }
        if (requests.stop != null) {
          // A line dig exits at (usage, -h, -v), after the answers before it.
          context.out().text(requests.stop.stdout()).flush();
          context.err().text(requests.stop.stderr());
          return requests.stop.exit();
        }
        Lookup own = requests.pending.poll();
        if (own == null) {
          return 0;
        }
        session.run(own);
        requests.ranOwn();
      }
    } catch (DnsException e) {
      drain();
      context.err().line("dig: " + e.getMessage());
      return 0;
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
      requests.close();
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

  // A lookup the engine's one query per request cannot answer as dig does: more than one query
  // (+trace, +nssearch, a search list, a zone transfer, +nofail's next server after a SERVFAIL),
  // a query printed as it goes out (+qr), TLS or HTTP, TSIG, or -6 with servers it may skip.
  private boolean ownRun(Lookup lookup) {
    return lookup.trace
        || lookup.nssearch
        || !lookup.fail
        || lookup.qr
        || lookup.type == org.xbill.DNS.Type.AXFR
        || lookup.type == org.xbill.DNS.Type.IXFR && lookup.tcp
        || lookup.tls
        || lookup.doh()
        || session.tsig != null
        || args.ipv6only && !lookup.servers.isEmpty()
        || session.searchNames(lookup).size() > 1;
  }

  private void print(BatchEngine.Result<Lookup> result) {
    // What the lines before this lookup's printed comes first, as dig prints it on reading them.
    List<Item> before = requests.before.remove(result.request().tag());
    if (before != null) {
      before.forEach(this::effect);
    }
    toStdout(() -> write(result));
  }

  // A line's own output: stdout text, or stderr text once stdout is out (dig's order on a tty).
  private void effect(Item item) {
    switch (item) {
      case Item.Stdout o -> toStdout(() -> context.out().text(o.text()));
      case Item.Stderr e ->
          toStdout(
              () -> {
                context.out().flush();
                context.err().text(e.text()).flush();
              });
      default -> throw new IllegalArgumentException(item.toString());
    }
  }

  private void write(BatchEngine.Result<Lookup> unread) {
    if (unread.unread() != null
        && unread.notices().isEmpty()
        && session.printPlain(unread.request().tag(), unread.unread(), context.out())) {
      return;
    }
    BatchEngine.Result<Lookup> result = unread.read();
    Lookup lookup = result.request().tag();
    if (!lookup.json && !lookup.yaml) {
      for (Notice n : result.notices()) {
        DigTool.report(n, lookup, context.out());
      }
    }
    if (result.exchange() != null) {
      session.cookieWarnings(lookup, result.exchange(), context.out());
      session.print(lookup, result.exchange(), result.notices(), context.out());
    } else if (result.failure() != null) {
      session.ended(lookup, result.request().query(), result.failure(), result.notices());
    } else {
      session.failed(
          lookup,
          result.request().query(),
          "no servers could be reached",
          result.notices(),
          context.out());
    }
  }

  // The batch file's lookups as engine requests. A thread of their own reads and parses the lines
  // and builds each query (its wire form included) ahead of the engine, which then only sends,
  // receives and matches: at 50,000 names the parsing and building were a third of the engine
  // thread's time. What a line prints (a bad line's messages, warnings) travels in the same stream
  // and is printed when the engine reaches it, where it printed before. The reader stops after a
  // lookup the engine cannot run (+trace, a search list…) or a fatal name, until that is dealt
  // with, so nothing is parsed while such a lookup runs.
  private final class Requests implements BatchEngine.Source<Lookup> {
    private final ArrayDeque<Lookup> pending = new ArrayDeque<>();
    private final Reader reader;
    private List<Item> items = List.of();
    private int at;
    private BatchEngine.Request<Lookup> request;
    // The lookup whose name dig could not make: the requests end there.
    private DigFatal fatal;
    // The line dig exits at, with what it prints and its exit code.
    private Item.Stop stop;
    private boolean eof;
    // The output of lines read since the last request, and for each request what came before it.
    // Only the engine's thread touches them.
    private List<Item> effects = new ArrayList<>();
    private final java.util.IdentityHashMap<Lookup, List<Item>> before =
        new java.util.IdentityHashMap<>();

    Requests(BufferedReader lines) {
      this.reader = new Reader(lines);
      Thread.ofPlatform().name("dig-batch-reader").daemon().start(reader::run);
    }

    @Override
    public boolean hasNext() {
      advance(true);
      return request != null;
    }

    @Override
    public boolean ready() {
      return advance(false);
    }

    @Override
    public void idle() {
      // What the engine delivered goes to the printer now, and out of stdout's buffer (a batch
      // read from a slow pipe prints each answer as it comes).
      chunk.add(context.out()::flush);
      printer.submit(List.copyOf(chunk));
      chunk.clear();
    }

    // Takes items until the next request or the end is known; true when it is. Without wait, only
    // the items at hand (false when more must be read first).
    private boolean advance(boolean wait) {
      while (request == null) {
        if (fatal != null || stop != null || eof || !pending.isEmpty()) {
          return true;
        }
        if (at == items.size()) {
          List<Item> next = wait ? reader.take() : reader.poll();
          if (next == null) {
            return false;
          }
          items = next;
          at = 0;
          continue;
        }
        Item item = items.get(at++);
        switch (item) {
          case Item.Ready r -> {
            request = r.request();
            if (!effects.isEmpty()) {
              before.put(request.tag(), effects);
              effects = new ArrayList<>();
            }
          }
          case Item.OwnRun o -> pending.add(o.lookup());
          case Item.Fatal f -> fatal = f.error();
          case Item.Stop p -> stop = p;
          // Printed after the answers before them (print), or at the end of the engine's run.
          case Item.Stdout o -> effects.add(o);
          case Item.Stderr e -> effects.add(e);
          case Item.Failed f -> throw f.error();
          case Item.End e -> eof = true;
        }
      }
      return true;
    }

    @Override
    public BatchEngine.Request<Lookup> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      BatchEngine.Request<Lookup> next = request;
      request = null;
      return next;
    }

    /** After the own-run lookup taken from pending has run: the reader goes on. */
    void ranOwn() {
      reader.resume();
    }

    /** Stops the reader thread (the run is over, or failed). */
    void close() {
      reader.close();
    }
  }

  /** What the reader hands the engine, in the batch file's order. */
  private sealed interface Item {
    record Ready(BatchEngine.Request<Lookup> request) implements Item {}

    record OwnRun(Lookup lookup) implements Item {}

    record Fatal(DigFatal error) implements Item {}

    record Stop(String stdout, String stderr, int exit) implements Item {}

    record Stdout(String text) implements Item {}

    record Stderr(String text) implements Item {}

    record Failed(RuntimeException error) implements Item {}

    record End() implements Item {}
  }

  /** The thread that reads, parses and builds ahead of the engine, 64 items at a time. */
  private final class Reader {
    private static final int ITEMS = 64;
    private final BufferedReader lines;
    private final java.util.concurrent.ArrayBlockingQueue<List<Item>> queue =
        new java.util.concurrent.ArrayBlockingQueue<>(8);
    private final java.util.concurrent.Semaphore resumed = new java.util.concurrent.Semaphore(0);
    private List<Item> out = new ArrayList<>(ITEMS);
    private boolean first = true;
    private volatile boolean closed;

    Reader(BufferedReader lines) {
      this.lines = lines;
    }

    void run() {
      try {
        while (!closed) {
          String line;
          try {
            if (!out.isEmpty() && !lines.ready()) {
              // The next line may be slow to come (a pipe): what is ready goes now.
              flush();
            }
            line = lines.readLine();
          } catch (IOException e) {
            publish(new Item.Failed(new UncheckedIOException(e)));
            return;
          }
          if (line == null) {
            publish(new Item.End());
            return;
          }
          if (!line(line)) {
            return;
          }
        }
      } catch (InterruptedException e) {
        // Closed while waiting: the run is over.
      } catch (RuntimeException | Error e) {
        // Whatever fails here fails on the engine's thread, as it did when that thread parsed the
        // lines; it must not wait for lines forever.
        out.add(
            new Item.Failed(e instanceof RuntimeException r ? r : new IllegalStateException(e)));
        try {
          flush();
        } catch (InterruptedException ignored) {
          // closed meanwhile
        }
      }
    }

    // One line's items; false when the reader stops for good (a fatal name).
    private boolean line(String line) throws InterruptedException {
      // dig skips comment and empty lines only before the first lookup of the file; later an
      // empty line is a command line without a name, which asks for the root's NS.
      if (first
          && (line.isEmpty()
              || line.charAt(0) == '\r'
              || line.charAt(0) == '#'
              || line.charAt(0) == ';')) {
        return true;
      }
      first = false;
      StringBuilder skip = new StringBuilder();
      List<Lookup> lookups;
      try {
        lookups = args.parseBatchLine(DigArgs.words(line), skip);
      } catch (DigArgs.Invalid e) {
        // dig's usage() or fatal() while parsing the line: it exits there.
        publish(new Item.Stop(args.invalidOptions + e.stdout, args.warnings + e.stderr, e.exit));
        return false;
      } catch (DigArgs.Informational e) {
        // -h or -v on a line: dig prints the help or its version there and exits 0.
        publish(
            new Item.Stop(
                args.invalidOptions + (e.help ? DigTool.help() : ""),
                args.warnings + (e.help ? "" : DigTool.VERSION + "\n"),
                0));
        return false;
      }
      if (!args.invalidOptions.isEmpty()) {
        // A bare '+' is reported on stdout, and the line still runs.
        out.add(new Item.Stdout(args.invalidOptions.toString()));
        args.invalidOptions.setLength(0);
      }
      if (!args.warnings.isEmpty()) {
        out.add(new Item.Stderr(args.warnings.toString()));
        args.warnings.setLength(0);
      }
      if (lookups == null) {
        out.add(new Item.Stderr(skip.toString()));
        return true;
      }
      for (Lookup lookup : lookups) {
        if (ownRun(lookup)) {
          // Wait until the engine has run it: it may use the session this thread reads.
          publish(new Item.OwnRun(lookup));
          resumed.acquire();
          continue;
        }
        try {
          org.xbill.DNS.Message query = DigTool.query(lookup);
          out.add(
              new Item.Ready(
                  new BatchEngine.Request<>(
                      lookup,
                      query,
                      session.addresses(lookup),
                      session.options(lookup),
                      dev.netdiag.dns.QueryWire.of(query))));
        } catch (DigFatal e) {
          publish(new Item.Fatal(e));
          return false;
        }
        if (out.size() >= ITEMS) {
          flush();
        }
      }
      return true;
    }

    private void publish(Item last) throws InterruptedException {
      out.add(last);
      flush();
    }

    private void flush() throws InterruptedException {
      if (!out.isEmpty()) {
        queue.put(out);
        out = new ArrayList<>(ITEMS);
      }
    }

    /** The next items if they are ready, else null. */
    List<Item> poll() {
      return queue.poll();
    }

    /** The next items, waiting for them. */
    List<Item> take() {
      try {
        return queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the batch file", e);
      }
    }

    /** Lets the reader go on after an own-run lookup. */
    void resume() {
      resumed.release();
    }

    void close() {
      closed = true;
      resumed.release();
      queue.clear();
    }
  }
}
