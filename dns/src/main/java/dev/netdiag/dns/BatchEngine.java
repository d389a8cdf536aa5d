package dev.netdiag.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * Many queries at once on one thread: a window of UDP queries in flight (each with its own timeout,
 * tries and server list, as {@link QueryEngine} sends one), results handed over in the order the
 * requests came, and requests pulled from the iterator only as the window frees up, so a batch of a
 * million names takes the memory of the window. A reply that needs TCP (truncation, {@code +tcp})
 * or EDNS negotiation is finished by {@link QueryEngine} on this thread.
 */
public final class BatchEngine {
  // Replies bigger than this do not fit a UDP datagram anyway.
  private static final int MAX_DATAGRAM = 65535;

  private final int window;

  /**
   * One query to send, with a tag the caller gets back with its result; wire is the query's wire
   * form when the caller made it already (off the engine's thread), or null.
   */
  public record Request<T>(
      T tag, Message query, List<InetSocketAddress> servers, QueryOptions options, byte[] wire) {
    public Request(T tag, Message query, List<InetSocketAddress> servers, QueryOptions options) {
      this(tag, query, servers, options, null);
    }
  }

  /**
   * A finished request: its exchange or the reason none came, and what dig would have reported
   * while it was under way.
   */
  public record Result<T>(
      Request<T> request,
      Exchange exchange,
      DnsException failure,
      List<Notice> notices,
      Unread unread) {

    /**
     * The result with its reply read: the engine leaves a plain reply (its question the query's,
     * nothing in it that makes dig ask again) unparsed, for the consumer's thread to read here.
     */
    public Result<T> read() {
      if (unread == null) {
        return this;
      }
      ReplyReader.Read read = ReplyReader.read(unread.bytes, request.options().bestEffort());
      if (read instanceof ReplyReader.Bad bad) {
        // dighost.c recv_done: "Got bad packet" ends the lookup, with no other try.
        return new Result<>(
            request,
            null,
            new DnsException(new DnsException.BadPacket(bad.reason(), unread.bytes)),
            notices,
            null);
      }
      ReplyReader.Parsed parsed = (ReplyReader.Parsed) read;
      if (parsed.malformed()) {
        notices.add(new Notice.Malformed("recoverable"));
      }
      return new Result<>(request, unread.exchange(parsed), null, notices, null);
    }
  }

  /** A reply the engine matched, and the exchange it makes once parsed. */
  public record Unread(Message query, byte[] bytes, InetSocketAddress server, long rttNanos) {
    Exchange exchange(ReplyReader.Parsed parsed) {
      return new Exchange(
          query,
          parsed.message(),
          server,
          Transport.UDP,
          rttNanos,
          bytes.length,
          null,
          parsed.extraBytes(),
          parsed.bareQuestion(),
          parsed.wireCounts());
    }
  }

  /**
   * Requests that may be slow to come (a batch read from a pipe): the engine takes only those at
   * hand while queries are in flight, and says when it is about to wait, so that what it delivered
   * can be passed on (printed) meanwhile rather than after the next request arrives.
   */
  public interface Source<T> extends Iterator<Request<T>> {
    /** True when {@link #hasNext} answers without waiting for input. */
    boolean ready();

    /** The engine is about to wait, for replies or for input. */
    void idle();
  }

  // Waiting for replies with a Source: this long first, then idle() and the rest of the wait. A
  // busy batch's replies come well within it, so it never goes idle between them.
  private static final long IDLE_AFTER_MILLIS = 2;
  // While the source has no request at hand, the engine comes back this often to look again.
  private static final long INPUT_MILLIS = 10;

  /** An engine keeping at most {@code window} queries in flight. */
  public BatchEngine(int window) {
    this.window = Math.max(1, window);
  }

  // A request in flight: which server and try it is at, its deadline, and its outcome once done.
  private static final class Slot<T> {
    final Request<T> request;
    final List<Notice> notices = new ArrayList<>(1);
    Message query;
    byte[] wire;
    int server;
    int attempt;
    long sentAt;
    // The try's deadline, and the slot's neighbours in its timer list while a try is under way.
    long deadline;
    Slot<?> earlier;
    Slot<?> later;
    Timers.Fifo timers;
    Channel channel;
    boolean done;
    Exchange exchange;
    DnsException failure;
    Unread unread;

    Slot(Request<T> request) {
      this.request = request;
      this.query = request.query();
      this.wire = request.wire();
    }
  }

  // The tries under way, by deadline. Every try of a request has the same timeout, and tries start
  // in time order, so the tries of one timeout form a list in deadline order: appended at the end,
  // unlinked where they stand when the reply comes, expired from the front. A batch has one list
  // (one +time) or a few (+time on lines of its own); a priority queue kept every try of the last
  // few seconds, answered or not, and its sifting was a tenth of the engine thread's time.
  private static final class Timers {
    static final class Fifo {
      final long timeout;
      Slot<?> first;
      Slot<?> last;

      Fifo(long timeout) {
        this.timeout = timeout;
      }
    }

    private final List<Fifo> lists = new ArrayList<>(1);

    void start(Slot<?> slot, long timeout) {
      remove(slot);
      Fifo fifo = null;
      for (Fifo f : lists) {
        if (f.timeout == timeout) {
          fifo = f;
          break;
        }
      }
      if (fifo == null) {
        fifo = new Fifo(timeout);
        lists.add(fifo);
      }
      slot.deadline = slot.sentAt + timeout;
      slot.timers = fifo;
      slot.earlier = fifo.last;
      slot.later = null;
      if (fifo.last == null) {
        fifo.first = slot;
      } else {
        fifo.last.later = slot;
      }
      fifo.last = slot;
    }

    static void remove(Slot<?> slot) {
      Fifo fifo = slot.timers;
      if (fifo == null) {
        return;
      }
      if (slot.earlier == null) {
        fifo.first = slot.later;
      } else {
        slot.earlier.later = slot.later;
      }
      if (slot.later == null) {
        fifo.last = slot.earlier;
      } else {
        slot.later.earlier = slot.earlier;
      }
      slot.earlier = null;
      slot.later = null;
      slot.timers = null;
    }

    // The try whose deadline comes first, or null.
    Slot<?> first() {
      Slot<?> first = null;
      for (Fifo f : lists) {
        if (f.first != null && (first == null || f.first.deadline < first.deadline)) {
          first = f.first;
        }
      }
      return first;
    }
  }

  // One connected UDP socket per server address: the kernel drops datagrams from anyone else, and
  // an ICMP port unreachable comes back as an error on it. An NIO channel, one write and one read
  // per datagram. (sendmmsg and recvmmsg through FFM were tried: linking those calls costs tens of
  // milliseconds of CPU that a batch of 50,000 names never earned back — 435 against 398 ms —
  // and at 200,000 names the two were even; docs/BENCHMARKS.md.)
  private static final class Channel {
    final DatagramChannel channel;
    final Map<Integer, Slot<?>> byId = new HashMap<>();

    Channel(DatagramChannel channel) {
      this.channel = channel;
    }

    void close() throws IOException {
      channel.close();
    }
  }

  // Per run: the channels by server and the selector that waits on them.
  private static final class Io {
    final Map<InetSocketAddress, Channel> channels = new HashMap<>();
    // Channels whose write failed with an earlier datagram's ICMP port unreachable: the write
    // took the socket's error, so no read will report it; the round refuses their queries.
    final List<Channel> refused = new ArrayList<>();
    final Timers timers = new Timers();
    final Selector selector;

    Io(Selector selector) {
      this.selector = selector;
    }
  }

  /** Sends every request and gives each result to the consumer, in request order. */
  public <T> void run(Iterator<Request<T>> requests, Consumer<Result<T>> results)
      throws DnsException {
    try (Selector selector = Selector.open()) {
      Io io = new Io(selector);
      try {
        Rounds<T> rounds = new Rounds<>(requests, results, io);
        while (rounds.next()) {
          // each round in a method of its own, which the JIT compiles after a few hundred
        }
      } finally {
        for (Channel c : io.channels.values()) {
          c.close();
        }
      }
    } catch (IOException e) {
      throw new DnsException("batch: " + e.getMessage(), e);
    }
  }

  // The run's loop, a round a call: one long-running method stays interpreted until on-stack
  // replacement, which C1 alone (the launcher's TieredStopAtLevel=1) reaches only after tens of
  // thousands of loop turns, so the loop's own code ran interpreted for most of a 50,000-name
  // batch (half the engine thread's samples were the interpreter's).
  private final class Rounds<T> {
    final Iterator<Request<T>> requests;
    final Consumer<Result<T>> results;
    final Source<T> source;
    final Io io;
    final Waiter waiter;
    final ArrayDeque<Slot<T>> order = new ArrayDeque<>();
    int inFlight;

    Rounds(Iterator<Request<T>> requests, Consumer<Result<T>> results, Io io) {
      this.requests = requests;
      this.results = results;
      this.source = requests instanceof Source<T> s ? s : null;
      this.io = io;
      this.waiter = new Waiter(io);
    }

    // One round: take requests, send, hand over what is done, expire tries, wait. False at the
    // end.
    boolean next() throws IOException {
      admit();
      inFlight -= refused();
      deliver();
      if (order.isEmpty()) {
        if (source != null && !source.ready()) {
          source.idle();
        }
        return requests.hasNext();
      }
      long now = System.nanoTime();
      Slot<?> first = expire(now);
      long waitMillis =
          first == null ? 1000 : Math.max(1, (first.deadline - now + 999_999) / 1_000_000);
      if (anyDone(order) || !io.refused.isEmpty()) {
        waitMillis = 0;
      }
      if (source != null && !source.ready()) {
        waitMillis = Math.min(waitMillis, INPUT_MILLIS);
      }
      if (source != null && waitMillis > IDLE_AFTER_MILLIS) {
        inFlight -= waiter.await(IDLE_AFTER_MILLIS);
        if (!waiter.any) {
          source.idle();
          inFlight -= waiter.await(waitMillis - IDLE_AFTER_MILLIS);
        }
      } else {
        inFlight -= waiter.await(waitMillis);
      }
      return true;
    }

    // Answers wait in `order` until those before them are printed: bounding it too keeps memory
    // flat when an early query is slow and later ones keep finishing.
    private void admit() throws IOException {
      while (inFlight < window && order.size() < 8 * window) {
        if (source != null && !source.ready()) {
          if (!order.isEmpty()) {
            return; // see to the replies; look for input again after at most INPUT_MILLIS
          }
          source.idle(); // nothing else to do: wait for the input
        }
        if (!requests.hasNext()) {
          return;
        }
        Slot<T> slot = new Slot<>(requests.next());
        order.add(slot);
        if (slot.request.options().stream() || slot.request.servers().isEmpty()) {
          finishWithEngine(slot, slot.request.servers());
        } else {
          inFlight++;
          send(slot, io);
        }
      }
    }

    // Refuses every query on the channels a write found refused (a refused query's next try may
    // find another); returns how many slots ran out of tries.
    private int refused() throws IOException {
      int finished = 0;
      while (!io.refused.isEmpty()) {
        finished += refuseAll(io.refused.removeLast(), io);
      }
      return finished;
    }

    private void deliver() {
      while (!order.isEmpty() && order.peekFirst().done) {
        Slot<T> slot = order.pollFirst();
        results.accept(
            new Result<>(slot.request, slot.exchange, slot.failure, slot.notices, slot.unread));
      }
    }

    // Moves every try past its deadline on; returns the next try to expire, or null.
    private Slot<?> expire(long now) throws IOException {
      Slot<?> first = io.timers.first();
      while (first != null && first.deadline <= now) {
        Timers.remove(first);
        first.notices.add(
            new Notice.TimedOut(first.request.servers().get(first.server), Transport.UDP));
        if (nextTry(first, io)) {
          inFlight--;
        }
        first = io.timers.first();
      }
      return first;
    }
  }

  // Waits up to a time for replies on every channel and reads them.
  private final class Waiter {
    final Io io;
    final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    // Whether the last wait found any channel readable.
    boolean any;

    Waiter(Io io) {
      this.io = io;
    }

    // Returns how many slots the replies read finished.
    int await(long waitMillis) throws IOException {
      any = false;
      return select(waitMillis);
    }

    // Waits up to a time for replies on the NIO channels and reads them.
    private int select(long waitMillis) throws IOException {
      int finished = 0;
      if (waitMillis == 0) {
        io.selector.selectNow();
      } else {
        io.selector.select(waitMillis);
      }
      for (SelectionKey key : io.selector.selectedKeys()) {
        any = true;
        Channel channel = (Channel) key.attachment();
        finished += drain(channel, buffer, io);
      }
      io.selector.selectedKeys().clear();
      return finished;
    }
  }

  private static boolean anyDone(ArrayDeque<? extends Slot<?>> order) {
    return !order.isEmpty() && order.peekFirst().done;
  }

  // ICMP port unreachable on a channel: every query waiting on it is refused, as dig sees it;
  // returns how many slots ran out of tries.
  private static int refuseAll(Channel channel, Io io) throws IOException {
    int finished = 0;
    for (Slot<?> slot : new ArrayList<>(channel.byId.values())) {
      channel.byId.remove(slot.query.getHeader().getID());
      slot.notices.add(new Notice.Refused(slot.request.servers().get(slot.server), Transport.UDP));
      if (nextTry(slot, io)) {
        finished++;
      }
    }
    return finished;
  }

  // Reads every datagram waiting on a channel; returns how many slots it finished.
  private int drain(Channel channel, ByteBuffer buffer, Io io) throws IOException {
    int finished = 0;
    while (true) {
      buffer.clear();
      int n;
      try {
        n = channel.channel.read(buffer);
      } catch (PortUnreachableException e) {
        // Nobody listens there: every query waiting on this socket was refused, as dig sees it.
        finished += refuseAll(channel, io);
        continue;
      }
      if (n <= 0) {
        return finished;
      }
      long now = System.nanoTime();
      buffer.flip();
      byte[] bytes = new byte[n];
      buffer.get(bytes);
      if (reply(channel, bytes, now)) {
        finished++;
      }
    }
  }

  // The slot in flight on this channel whose question is the reply's, or null. Rare: only for a
  // reply whose id no query in flight has. A server echoes the question as asked, so the same
  // bytes first (line 1 "idmm.test" and line 3 "IDMM.test" are two queries), then the name's
  // letters in any case; of several, the one sent first. (dig's socket per query knows; on a
  // shared one, two queries in flight with the very same question cannot be told apart.)
  private static Slot<?> askedBy(Channel channel, byte[] reply) {
    int end = questionEnd(reply);
    if (end < 0) {
      return null;
    }
    Slot<?> exact = null;
    Slot<?> anyCase = null;
    for (Slot<?> slot : channel.byId.values()) {
      byte[] wire = slot.wire;
      if (wire == null || questionEnd(wire) != end || !sameLetters(wire, reply, 12, end)) {
        continue;
      }
      if (java.util.Arrays.equals(wire, 12, end, reply, 12, end)) {
        exact = earlier(exact, slot);
      } else {
        anyCase = earlier(anyCase, slot);
      }
    }
    return exact != null ? exact : anyCase;
  }

  private static Slot<?> earlier(Slot<?> a, Slot<?> b) {
    return a == null || b.sentAt < a.sentAt ? b : a;
  }

  // Where the first question of a message ends (after its type and class), or -1 when it has
  // none, is cut short or uses a compression pointer.
  private static int questionEnd(byte[] message) {
    if (message.length < 12 || (((message[4] & 0xff) << 8) | (message[5] & 0xff)) == 0) {
      return -1;
    }
    int at = 12;
    while (at < message.length) {
      int length = message[at] & 0xff;
      if (length == 0) {
        return at + 5 <= message.length ? at + 5 : -1;
      }
      if (length > 63) {
        return -1;
      }
      at += length + 1;
    }
    return -1;
  }

  // Bytes from..to of both messages the same, ASCII letters in either case.
  private static boolean sameLetters(byte[] a, byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      int x = a[i] & 0xff;
      int y = b[i] & 0xff;
      if (x != y && ((x | 0x20) != (y | 0x20) || (x | 0x20) < 'a' || (x | 0x20) > 'z')) {
        return false;
      }
    }
    return true;
  }

  // One datagram on a channel: true when it finished its query's slot.
  private boolean reply(Channel channel, byte[] bytes, long now) {
    int n = bytes.length;
    if (n < 12) {
      // dig warns on the query's own socket; a shared one can only say whose it is when a single
      // query waits on it.
      if (channel.byId.size() == 1) {
        channel.byId.values().iterator().next().notices.add(new Notice.ShortMessage());
      }
      return false;
    }
    int id = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
    Slot<?> slot = channel.byId.get(id);
    if (slot == null) {
      // dig's own socket per query warns of a reply with another id and waits on; on a shared
      // one, the query in flight that asked this reply's question is the one it answers. (A reply
      // to a query no longer in flight matches none: dig's socket for it would be closed.)
      Slot<?> asked = askedBy(channel, bytes);
      if (asked != null) {
        asked.notices.add(new Notice.IdMismatch(asked.query.getHeader().getID(), id));
      }
      return false;
    }
    // A truncated reply that makes dig ask again over TCP is read here, as any other that is not
    // plain: a bad packet ends the lookup, a malformed one is warned of, and the TCP query carries
    // the server's cookie.
    boolean retry = (bytes[2] & TC) != 0 && !slot.request.options().ignoreTruncation();
    if (!retry && plainReply(slot, bytes)) {
      // Read later, on the consumer's thread (Result.read): this thread only matches and sends.
      channel.byId.remove(id);
      slot.channel = null;
      Timers.remove(slot);
      InetSocketAddress server = slot.request.servers().get(slot.server);
      slot.unread = new Unread(slot.query, bytes, server, now - slot.sentAt);
      slot.done = true;
      return true;
    }
    ReplyReader.Read read = ReplyReader.read(bytes, slot.request.options().bestEffort());
    if (read instanceof ReplyReader.Bad bad) {
      // dighost.c recv_done: "Got bad packet" ends the lookup, with no other try.
      channel.byId.remove(id);
      slot.channel = null;
      Timers.remove(slot);
      slot.failure = new DnsException(new DnsException.BadPacket(bad.reason(), bytes));
      slot.done = true;
      return true;
    }
    ReplyReader.Parsed parsed = (ReplyReader.Parsed) read;
    if (parsed.malformed()) {
      slot.notices.add(new Notice.Malformed("recoverable"));
    }
    Message response = parsed.message();
    Record asked = slot.query.getQuestion();
    Record got = response.getQuestion();
    if (asked != null
        && got != null
        && !(asked.getName().equals(got.getName())
            && asked.getType() == got.getType()
            && asked.getDClass() == got.getDClass())) {
      slot.notices.add(
          new Notice.QuestionMismatch(
              got.getName().toString(true)
                  + "/"
                  + org.xbill.DNS.Type.string(got.getType())
                  + "/"
                  + org.xbill.DNS.DClass.string(got.getDClass())));
      return false;
    }
    channel.byId.remove(id);
    slot.channel = null;
    Timers.remove(slot);
    InetSocketAddress server = slot.request.servers().get(slot.server);
    boolean truncated = response.getHeader().getFlag(Flags.TC);
    boolean negotiate = needsNegotiation(slot, response);
    if ((truncated && !slot.request.options().ignoreTruncation()) || negotiate) {
      // The rare cases dig handles with a new exchange: let the one-query engine finish it
      // (BADVERS first, as dig looks at it before truncation).
      finishWithEngine(slot, List.of(server), truncated && !negotiate, response);
    } else {
      slot.exchange = new Unread(slot.query, bytes, server, now - slot.sentAt).exchange(parsed);
      slot.done = true;
    }
    return true;
  }

  // The TC bit, in the header's third byte.
  private static final int TC = 0x02;

  // Whether a reply can be left unparsed: one question, the query's own byte for byte (its name's
  // letters in any case, as dnsjava compares names), and no EDNS version above 0 asked (only that
  // can bring a BADVERS dig asks again for). Anything else is read here, as before.
  private static boolean plainReply(Slot<?> slot, byte[] reply) {
    byte[] query = slot.wire;
    org.xbill.DNS.OPTRecord opt = slot.query.getOPT();
    if ((opt != null && opt.getVersion() > 0)
        || query == null
        || query.length < 12
        || query[4] != 0
        || query[5] != 1
        || reply[4] != 0
        || reply[5] != 1) {
      return false;
    }
    // The question: labels up to the root, then type and class.
    int at = 12;
    while (at < query.length && query[at] != 0) {
      int length = query[at] & 0xff;
      if (length > 63) {
        return false;
      }
      at += 1 + length;
    }
    int end = at + 5;
    if (end > query.length || end > reply.length) {
      return false;
    }
    for (int i = 12; i < at; i++) {
      int a = query[i] & 0xff;
      int b = reply[i] & 0xff;
      // Name bytes: ASCII letters in either case (lengths are below 64, no letter).
      if (a != b && (a | 0x20) != (b | 0x20) || a != b && !asciiLetter(a | 0x20)) {
        return false;
      }
    }
    for (int i = at; i < end; i++) {
      if (query[i] != reply[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean asciiLetter(int c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean needsNegotiation(Slot<?> slot, Message response) {
    return slot.request.options().ednsNegotiation()
        && response.getRcode() == Rcode.BADVERS
        && slot.query.getOPT() != null
        && response.getOPT() != null
        && response.getOPT().getVersion() < slot.query.getOPT().getVersion();
  }

  private static void finishWithEngine(Slot<?> slot, List<InetSocketAddress> servers) {
    finishWithEngine(slot, servers, false, null);
  }

  // With truncated, the lookup goes on over TCP, its query carrying the truncated reply's cookie.
  private static void finishWithEngine(
      Slot<?> slot, List<InetSocketAddress> servers, boolean truncated, Message reply) {
    QueryOptions o = slot.request.options();
    QueryOptions options =
        truncated
            ? new QueryOptions(
                o.timeoutSeconds(),
                o.tries(),
                true,
                false,
                o.source(),
                o.ednsNegotiation(),
                o.tsig(),
                o.bestEffort(),
                o.tls(),
                o.doh())
            : o;
    Message query = slot.query;
    if (truncated) {
      if (reply != null) {
        query = QueryEngine.withServerCookie(query, reply);
      }
      slot.notices.add(
          new Notice.Truncated(
              servers.getFirst(), query, reply == null ? null : QueryEngine.cookie(reply)));
    }
    try {
      slot.exchange = new QueryEngine(options, slot.notices::add).exchange(query, servers);
    } catch (DnsException e) {
      slot.failure = e;
    }
    slot.done = true;
  }

  // Moves a slot to its next try (same server) or next server; true when it has run out.
  private static boolean nextTry(Slot<?> slot, Io io) throws IOException {
    if (slot.channel != null) {
      slot.channel.byId.remove(slot.query.getHeader().getID(), slot);
      slot.channel = null;
    }
    Timers.remove(slot);
    slot.attempt++;
    if (slot.attempt >= slot.request.options().tries()) {
      // Tries count per lookup (as QueryEngine counts them): a later server has one.
      slot.attempt = slot.request.options().tries() - 1;
      slot.server++;
      if (slot.server >= slot.request.servers().size()) {
        slot.failure = new DnsException("no servers could be reached");
        slot.done = true;
        return true;
      }
    }
    send(slot, io);
    return false;
  }

  private static void send(Slot<?> slot, Io io) throws IOException {
    InetSocketAddress server = slot.request.servers().get(slot.server);
    Channel channel = io.channels.get(server);
    if (channel == null) {
      // An IPv4 socket for an IPv4 server: a dual-stack one sends every datagram down the IPv6
      // path to a mapped address.
      DatagramChannel dc =
          server.getAddress() instanceof java.net.Inet4Address
                  && (slot.request.options().source() == null
                      || slot.request.options().source().getAddress()
                          instanceof java.net.Inet4Address)
              ? DatagramChannel.open(java.net.StandardProtocolFamily.INET)
              : DatagramChannel.open();
      dc.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
      dc.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
      dc.bind(slot.request.options().source());
      dc.connect(server);
      dc.configureBlocking(false);
      channel = new Channel(dc);
      dc.register(io.selector, SelectionKey.OP_READ, channel);
      io.channels.put(server, channel);
    }
    // Ids must be unique among this socket's queries in flight; dig's are random too.
    int id = slot.query.getHeader().getID();
    while (channel.byId.containsKey(id)) {
      id = ThreadLocalRandom.current().nextInt(0x10000);
    }
    if (id != slot.query.getHeader().getID() || slot.wire == null) {
      slot.query.getHeader().setID(id);
      slot.wire = QueryWire.of(slot.query);
    }
    channel.byId.put(id, slot);
    slot.channel = channel;
    slot.sentAt = System.nanoTime();
    io.timers.start(slot, slot.request.options().timeoutNanos(Transport.UDP));
    try {
      channel.channel.write(ByteBuffer.wrap(slot.wire));
    } catch (PortUnreachableException e) {
      // An earlier datagram's ICMP port unreachable, taken by this write (whose datagram did not
      // leave): nobody listens there, and every query on this channel is refused, this one too.
      if (!io.refused.contains(channel)) {
        io.refused.add(channel);
      }
    }
  }
}
