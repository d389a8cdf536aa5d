package dev.netdiag.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.netdiag.linux.UdpBatchSocket;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The batch engine starts on NIO channels while the batch calls (sendmmsg, recvmmsg, ppoll) are
 * being linked, and moves to them when they are: no query is lost or answered twice across the
 * move, answers come in request order, and each kind of socket asks from a port of its own.
 */
class BatchEngineTest {
  private static final QueryOptions OPTIONS = new QueryOptions(2, 2, false, false, null, true);
  private static final int QUERIES = 400;

  // A reply after a short pause, so that queries are in flight on the NIO channel when the engine
  // moves to the batch calls.
  private static List<byte[]> slowAnswer(byte[] queryBytes) {
    try {
      Thread.sleep(0, 200_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
    return List.of(QueryEngineTest.answer(queryBytes, false));
  }

  @ParameterizedTest(name = "batch calls linked after {0} looks")
  @ValueSource(ints = {0, 2, 30, Integer.MAX_VALUE})
  void everyQueryIsAnsweredOnceInOrderAcrossTheMove(int looks) throws Exception {
    Assumptions.assumeTrue(
        UdpBatchSocket.available(), "native access or the syscall table is missing");
    AtomicInteger asked = new AtomicInteger();
    BooleanSupplier linked = () -> asked.incrementAndGet() > looks;
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
      new BatchEngine(64, linked).run(requests, results::add);

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
      // Linked at the start or never: one socket; linked mid-run: the NIO one, then the batch one.
      int sockets = looks == 0 || looks == Integer.MAX_VALUE ? 1 : 2;
      assertEquals(sockets, server.udpPorts.size(), server.udpPorts.toString());
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
      new BatchEngine(8, () -> true)
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
