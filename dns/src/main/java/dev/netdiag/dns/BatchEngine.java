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
import java.util.PriorityQueue;
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

  /** One query to send, with a tag the caller gets back with its result. */
  public record Request<T>(
      T tag, Message query, List<InetSocketAddress> servers, QueryOptions options) {}

  /**
   * A finished request: its exchange or the reason none came, and what dig would have reported
   * while it was under way.
   */
  public record Result<T>(
      Request<T> request, Exchange exchange, DnsException failure, List<Notice> notices) {}

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
    int generation;
    Channel channel;
    boolean done;
    Exchange exchange;
    DnsException failure;

    Slot(Request<T> request) {
      this.request = request;
      this.query = request.query();
    }
  }

  // A try's deadline; stale once the slot got a reply or moved on to another try.
  private record Timer(Slot<?> slot, long deadline, int generation) {
    boolean stale() {
      return slot.done || slot.generation != generation || slot.channel == null;
    }
  }

  // One connected UDP socket per server address: the kernel drops datagrams from anyone else, and
  // an ICMP port unreachable comes back as an error on it.
  private static final class Channel {
    final DatagramChannel channel;
    final Map<Integer, Slot<?>> byId = new HashMap<>();

    Channel(DatagramChannel channel) {
      this.channel = channel;
    }
  }

  /** Sends every request and gives each result to the consumer, in request order. */
  public <T> void run(Iterator<Request<T>> requests, Consumer<Result<T>> results)
      throws DnsException {
    Map<InetSocketAddress, Channel> channels = new HashMap<>();
    ArrayDeque<Slot<T>> order = new ArrayDeque<>();
    PriorityQueue<Timer> deadlines =
        new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));

    ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    int inFlight = 0;
    try (Selector selector = Selector.open()) {
      try {
        while (true) {
          // Answers wait in `order` until those before them are printed: bounding it too keeps
          // memory flat when an early query is slow and later ones keep finishing.
          while (inFlight < window && order.size() < 8 * window && requests.hasNext()) {
            Slot<T> slot = new Slot<>(requests.next());
            order.add(slot);
            if (slot.request.options().tcp() || slot.request.servers().isEmpty()) {
              finishWithEngine(slot, slot.request.servers());
            } else {
              inFlight++;
              send(slot, channels, selector, deadlines);
            }
          }
          while (!order.isEmpty() && order.peekFirst().done) {
            Slot<T> slot = order.pollFirst();
            results.accept(new Result<>(slot.request, slot.exchange, slot.failure, slot.notices));
          }
          if (order.isEmpty() && !requests.hasNext()) {
            return;
          }
          long now = System.nanoTime();
          Timer first = deadlines.peek();
          while (first != null && (first.stale() || first.deadline <= now)) {
            deadlines.poll();
            if (!first.stale()) {
              Slot<?> slot = first.slot;
              slot.notices.add(
                  new Notice.TimedOut(slot.request.servers().get(slot.server), Transport.UDP));
              if (nextTry(slot, channels, selector, deadlines)) {
                inFlight--;
              }
            }
            first = deadlines.peek();
          }
          long waitMillis =
              first == null ? 1000 : Math.max(1, (first.deadline - now + 999_999) / 1_000_000);
          if (anyDone(order)) {
            waitMillis = 0;
          }
          if (waitMillis == 0) {
            selector.selectNow();
          } else {
            selector.select(waitMillis);
          }
          for (SelectionKey key : selector.selectedKeys()) {
            Channel channel = (Channel) key.attachment();
            inFlight -= drain(channel, buffer, channels, selector, deadlines);
          }
          selector.selectedKeys().clear();
        }
      } finally {
        for (Channel c : channels.values()) {
          c.channel.close();
        }
      }
    } catch (IOException e) {
      throw new DnsException("batch: " + e.getMessage(), e);
    }
  }

  private static boolean anyDone(ArrayDeque<? extends Slot<?>> order) {
    return !order.isEmpty() && order.peekFirst().done;
  }

  // Reads every datagram waiting on a channel; returns how many slots it finished.
  private int drain(
      Channel channel,
      ByteBuffer buffer,
      Map<InetSocketAddress, Channel> channels,
      Selector selector,
      PriorityQueue<Timer> deadlines)
      throws IOException {
    int finished = 0;
    while (true) {
      buffer.clear();
      int n;
      try {
        n = channel.channel.read(buffer);
      } catch (PortUnreachableException e) {
        // Nobody listens there: every query waiting on this socket was refused, as dig sees it.
        for (Slot<?> slot : new ArrayList<>(channel.byId.values())) {
          channel.byId.remove(slot.query.getHeader().getID());
          slot.notices.add(
              new Notice.Refused(slot.request.servers().get(slot.server), Transport.UDP));
          if (nextTry(slot, channels, selector, deadlines)) {
            finished++;
          }
        }
        continue;
      }
      if (n <= 0) {
        return finished;
      }
      long now = System.nanoTime();
      buffer.flip();
      byte[] bytes = new byte[n];
      buffer.get(bytes);
      if (n < 12) {
        continue;
      }
      int id = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
      Slot<?> slot = channel.byId.get(id);
      if (slot == null) {
        // A late reply to a try that already timed out: dig's socket for it would be closed.
        continue;
      }
      Message response;
      try {
        response = new Message(bytes);
      } catch (IOException | RuntimeException e) {
        slot.notices.add(new Notice.Malformed(String.valueOf(e.getMessage())));
        continue;
      }
      Record asked = slot.query.getQuestion();
      Record got = response.getQuestion();
      if (asked != null
          && got != null
          && !(asked.getName().equals(got.getName())
              && asked.getType() == got.getType()
              && asked.getDClass() == got.getDClass())) {
        slot.notices.add(
            new Notice.QuestionMismatch(
                got.getName()
                    + "/"
                    + org.xbill.DNS.Type.string(got.getType())
                    + "/"
                    + org.xbill.DNS.DClass.string(got.getDClass())));
        continue;
      }
      channel.byId.remove(id);
      slot.channel = null;
      InetSocketAddress server = slot.request.servers().get(slot.server);
      boolean truncated = response.getHeader().getFlag(Flags.TC);
      if ((truncated && !slot.request.options().ignoreTruncation())
          || needsNegotiation(slot, response)) {
        // The rare cases dig handles with a new exchange: let the one-query engine finish it.
        finishWithEngine(slot, List.of(server), truncated);
      } else {
        slot.exchange =
            new Exchange(slot.query, response, server, Transport.UDP, now - slot.sentAt, n);
        slot.done = true;
      }
      finished++;
    }
  }

  private static boolean needsNegotiation(Slot<?> slot, Message response) {
    return slot.request.options().ednsNegotiation()
        && response.getRcode() == Rcode.BADVERS
        && slot.query.getOPT() != null
        && response.getOPT() != null
        && response.getOPT().getVersion() != slot.query.getOPT().getVersion();
  }

  private static void finishWithEngine(Slot<?> slot, List<InetSocketAddress> servers) {
    finishWithEngine(slot, servers, false);
  }

  private static void finishWithEngine(
      Slot<?> slot, List<InetSocketAddress> servers, boolean truncated) {
    QueryOptions o = slot.request.options();
    QueryOptions options =
        truncated
            ? new QueryOptions(
                o.timeoutSeconds(), o.tries(), true, false, o.source(), o.ednsNegotiation())
            : o;
    if (truncated) {
      slot.notices.add(new Notice.Truncated());
    }
    try {
      slot.exchange = new QueryEngine(options, slot.notices::add).exchange(slot.query, servers);
    } catch (DnsException e) {
      slot.failure = e;
    }
    slot.done = true;
  }

  // Moves a slot to its next try (same server) or next server; true when it has run out.
  private static boolean nextTry(
      Slot<?> slot,
      Map<InetSocketAddress, Channel> channels,
      Selector selector,
      PriorityQueue<Timer> deadlines)
      throws IOException {
    if (slot.channel != null) {
      slot.channel.byId.remove(slot.query.getHeader().getID(), slot);
      slot.channel = null;
    }
    slot.attempt++;
    if (slot.attempt >= slot.request.options().tries()) {
      slot.attempt = 0;
      slot.server++;
      if (slot.server >= slot.request.servers().size()) {
        slot.failure = new DnsException("no servers could be reached");
        slot.done = true;
        return true;
      }
    }
    send(slot, channels, selector, deadlines);
    return false;
  }

  private static void send(
      Slot<?> slot,
      Map<InetSocketAddress, Channel> channels,
      Selector selector,
      PriorityQueue<Timer> deadlines)
      throws IOException {
    InetSocketAddress server = slot.request.servers().get(slot.server);
    Channel channel = channels.get(server);
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
      dc.register(selector, SelectionKey.OP_READ, channel);
      channels.put(server, channel);
    }
    // Ids must be unique among this socket's queries in flight; dig's are random too.
    int id = slot.query.getHeader().getID();
    while (channel.byId.containsKey(id)) {
      id = ThreadLocalRandom.current().nextInt(0x10000);
    }
    if (id != slot.query.getHeader().getID() || slot.wire == null) {
      slot.query.getHeader().setID(id);
      slot.wire = slot.query.toWire(Message.MAXLENGTH);
    }
    channel.byId.put(id, slot);
    slot.channel = channel;
    slot.sentAt = System.nanoTime();
    slot.generation++;
    deadlines.add(
        new Timer(
            slot,
            slot.sentAt + slot.request.options().timeoutNanos(Transport.UDP),
            slot.generation));
    try {
      channel.channel.write(ByteBuffer.wrap(slot.wire));
    } catch (PortUnreachableException e) {
      // An earlier query's ICMP error surfaced on this write; the read side reports it.
    }
  }
}
