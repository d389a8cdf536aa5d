package dev.netdiag.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The batch engine: no query lost or answered twice, answers in request order, one socket per
 * server; replies with another question reported and ignored.
 */
class BatchEngineTest {
  private static final QueryOptions OPTIONS = new QueryOptions(2, 2, false, false, null, true);
  private static final int QUERIES = 400;

  // A reply after a short pause, so that many queries are in flight at once.
  private static List<byte[]> slowAnswer(byte[] queryBytes) {
    try {
      Thread.sleep(0, 200_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
    return List.of(QueryEngineTest.answer(queryBytes, false));
  }

  @org.junit.jupiter.api.Test
  void everyQueryIsAnsweredOnceInOrder() throws Exception {
    try (ScriptedServer server =
        new ScriptedServer("127.53.1.8", BatchEngineTest::slowAnswer, q -> new byte[0])) {
      Iterator<BatchEngine.Request<Integer>> requests =
          new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
              return next < QUERIES;
            }

            @Override
            public BatchEngine.Request<Integer> next() {
              int i = next++;
              try {
                Message q =
                    Message.newQuery(
                        Record.newRecord(Name.fromString("q" + i + ".test."), Type.A, DClass.IN));
                return new BatchEngine.Request<>(i, q, List.of(server.address()), OPTIONS);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
          };
      List<BatchEngine.Result<Integer>> results = new ArrayList<>();
      new BatchEngine(64).run(requests, results::add);

      assertEquals(QUERIES, results.size());
      for (int i = 0; i < QUERIES; i++) {
        BatchEngine.Result<Integer> r = results.get(i).read();
        assertEquals(i, r.request().tag());
        assertNotNull(r.exchange(), "q" + i + ": " + r.failure() + " " + r.notices());
        assertEquals(
            "q" + i + ".test.", r.exchange().response().getQuestion().getName().toString());
        assertEquals(List.of(), r.notices(), "q" + i);
      }
      assertEquals(QUERIES, server.udpQueries.get(), "each query sent once");
      assertEquals(1, server.udpPorts.size(), server.udpPorts.toString());
    }
  }

  /**
   * Many queries at once to a port where nobody listens: the first one's ICMP port unreachable is
   * taken by a later write on the shared channel (whose datagram does not leave), not by a read;
   * every query is still refused, none waits for its timeout.
   */
  @org.junit.jupiter.api.Test
  void queriesToAClosedPortAreRefusedNotTimedOut() throws Exception {
    java.net.InetSocketAddress closed;
    try (java.nio.channels.DatagramChannel probe = java.nio.channels.DatagramChannel.open()) {
      probe.bind(new java.net.InetSocketAddress("127.53.1.10", 0));
      closed = (java.net.InetSocketAddress) probe.getLocalAddress();
    }
    QueryOptions oneTry = new QueryOptions(30, 1, false, false, null, true);
    List<BatchEngine.Request<Integer>> requests = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Message q =
          Message.newQuery(
              Record.newRecord(Name.fromString("r" + i + ".test."), Type.A, DClass.IN));
      requests.add(new BatchEngine.Request<>(i, q, List.of(closed), oneTry));
    }
    List<BatchEngine.Result<Integer>> results = new ArrayList<>();
    new BatchEngine(64).run(requests.iterator(), results::add);
    assertEquals(40, results.size());
    for (BatchEngine.Result<Integer> r : results) {
      assertEquals(
          List.of(new Notice.Refused(closed, Transport.UDP)), r.notices(), "r" + r.request().tag());
    }
  }

  /**
   * The engine leaves a reply unread only when its question is the query's (letters in any case);
   * one with another question is read at once, reported and ignored, as dig does.
   */
  @org.junit.jupiter.api.Test
  void aReplyWithAnotherQuestionIsReportedAndTheRightOneTaken() throws Exception {
    try (ScriptedServer server =
        new ScriptedServer(
            "127.53.1.9",
            q -> {
              byte[] good = QueryEngineTest.answer(q, false);
              byte[] other = good.clone();
              other[13] ^= 2; // the name's first letter, a -> c: another question
              byte[] upper = good.clone();
              upper[13] = (byte) Character.toUpperCase(upper[13]);
              return List.of(other, upper);
            },
            q -> new byte[0])) {
      Message q =
          Message.newQuery(Record.newRecord(Name.fromString("ab.test."), Type.A, DClass.IN));
      List<BatchEngine.Result<Integer>> results = new ArrayList<>();
      new BatchEngine(8)
          .run(
              List.of(new BatchEngine.Request<>(1, q, List.of(server.address()), OPTIONS))
                  .iterator(),
              results::add);
      BatchEngine.Result<Integer> r = results.getFirst().read();
      assertNotNull(r.exchange(), String.valueOf(r.failure()));
      assertEquals("Ab.test.", r.exchange().response().getQuestion().getName().toString());
      assertEquals(List.of(new Notice.QuestionMismatch("cb.test/A/IN")), r.notices());
    }
  }
}
