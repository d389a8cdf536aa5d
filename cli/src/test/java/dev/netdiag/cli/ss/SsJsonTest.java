package dev.netdiag.cli.ss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.JsonDoc;
import dev.netdiag.cli.Run;
import dev.netdiag.testkit.Cmd;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** --json and --count-by on a listener this test opens on 127.54.1.1. */
class SsJsonTest {
  private static ServerSocketChannel listener;
  private static int port;

  @BeforeAll
  static void open() throws Exception {
    listener = ServerSocketChannel.open(StandardProtocolFamily.INET);
    listener.bind(new InetSocketAddress(InetAddress.getByName("127.54.1.1"), 0), 9);
    port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
  }

  @AfterAll
  static void close() throws Exception {
    listener.close();
  }

  @Test
  void jsonHasEveryFieldTyped() {
    Cmd.Result r = Run.netdiag("ss", "-tlnp", "--json", "src", "127.54.1.1:" + port);
    assertEquals(0, r.exitCode(), r.stderr());
    Map<String, Object> doc = JsonDoc.flatten(r.stdout());
    assertEquals("tcp", doc.get("sockets[0].netid"));
    assertEquals("LISTEN", doc.get("sockets[0].state"));
    assertEquals("127.54.1.1", doc.get("sockets[0].local_address"));
    assertEquals((long) port, ((Number) doc.get("sockets[0].local_port")).longValue());
    assertEquals(9L, ((Number) doc.get("sockets[0].send_q")).longValue());
    assertEquals(
        ProcessHandle.current().pid(),
        ((Number) doc.get("sockets[0].processes[0].pid")).longValue());
    assertTrue(!doc.containsKey("sockets[1].netid"), doc::toString);
  }

  @Test
  void countByPortAndProcess() {
    Cmd.Result byPort =
        Run.netdiag("ss", "-tln", "--count-by", "port", "--json", "src", "127.54.1.1");
    Map<String, Object> doc = JsonDoc.flatten(byPort.stdout());
    assertEquals((long) port, ((Number) doc.get("counts[0].local_port")).longValue());
    assertEquals("LISTEN", doc.get("counts[0].state"));
    assertEquals(1L, ((Number) doc.get("counts[0].count")).longValue());
    Cmd.Result byProcess =
        Run.netdiag("ss", "-tln", "--count-by=process", "src", "127.54.1.1:" + port);
    assertEquals(0, byProcess.exitCode(), byProcess.stderr());
    String[] lines = byProcess.stdout().split("\n");
    assertEquals(2, lines.length, byProcess.stdout());
    assertTrue(
        lines[1].matches("tcp +\\S+ +" + ProcessHandle.current().pid() + " +LISTEN +1"), lines[1]);
  }
}
