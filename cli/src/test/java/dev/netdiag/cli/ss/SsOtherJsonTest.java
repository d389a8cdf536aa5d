package dev.netdiag.cli.ss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.JsonDoc;
import dev.netdiag.cli.Output;
import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.SocketState;
import dev.netdiag.sockets.TipcSocketRecord;
import dev.netdiag.sockets.VsockSocketRecord;
import dev.netdiag.sockets.XdpSocketRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --json entries of VSOCK, TIPC and XDP sockets (no kernel here lists any). */
class SsOtherJsonTest {
  @Test
  void lateFamiliesAreTyped() throws Exception {
    SsOtherFamilies others = new SsOtherFamilies();
    others
        .vsock()
        .add(
            new VsockSocketRecord(
                true,
                1,
                SocketState.LISTEN,
                VsockSocketRecord.ANY,
                1234,
                VsockSocketRecord.ANY,
                VsockSocketRecord.ANY,
                77,
                5));
    others
        .tipc()
        .add(new TipcSocketRecord(2, SocketState.CLOSE, 16781313, 12, false, 0, 0, 0, 78, 6, 1, 0));
    others
        .xdp()
        .add(
            new XdpSocketRecord(
                3,
                79,
                7,
                2,
                5,
                0,
                300,
                2048,
                -1,
                new XdpSocketRecord.Umem(4194304, 7, 1024, 4096, 256, 2, 5, false, 1),
                4096,
                -1,
                null,
                new long[] {1, 2, 3, 4, 5, 6}));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Output out = new Output(bytes);
    new SsJson(false).render(List.of(), ProcessMap.empty(), out, others);
    out.flush();
    Map<String, Object> doc = JsonDoc.flatten(bytes.toString(StandardCharsets.UTF_8));
    assertEquals("v_str", doc.get("sockets[0].netid"));
    assertEquals("vsock", doc.get("sockets[0].family"));
    assertEquals("LISTEN", doc.get("sockets[0].state"));
    assertTrue(doc.containsKey("sockets[0].local_cid"));
    assertNull(doc.get("sockets[0].local_cid"));
    assertEquals(1234L, ((Number) doc.get("sockets[0].local_port")).longValue());
    assertEquals("ti_dg", doc.get("sockets[1].netid"));
    assertEquals(16781313L, ((Number) doc.get("sockets[1].node")).longValue());
    assertNull(doc.get("sockets[1].peer_node"));
    assertEquals("xdp", doc.get("sockets[2].family"));
    assertEquals(5L, ((Number) doc.get("sockets[2].queue_id")).longValue());
    assertEquals(2048L, ((Number) doc.get("sockets[2].rx_ring")).longValue());
    assertFalse(doc.containsKey("sockets[2].tx_ring"));
    assertEquals(false, doc.get("sockets[2].umem.zero_copy"));
    assertEquals(4096L, ((Number) doc.get("sockets[2].umem.fill_ring")).longValue());
    assertEquals(6L, ((Number) doc.get("sockets[2].stats.tx_ring_empty")).longValue());
  }
}
