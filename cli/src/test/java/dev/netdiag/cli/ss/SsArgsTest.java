package dev.netdiag.cli.ss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netdiag.cli.Output;
import dev.netdiag.cli.UsageException;
import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.SocketState;
import dev.netdiag.sockets.Transport;
import dev.netdiag.sockets.VsockSocketRecord;
import dev.netdiag.sockets.XdpSocketRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ss's table and family selection (misc/ss.c filter_db_set, filter_af_set, filter_merge_defaults)
 * and the VSOCK and XDP rows, which no kernel here can show.
 */
class SsArgsTest {
  private static SsArgs parse(String command) throws UsageException {
    return SsArgs.parse(command.isBlank() ? List.of() : List.of(command.strip().split(" ")));
  }

  /** The inet tables, then vsock types, tipc, xdp, as one text. */
  private static String tables(SsArgs a) {
    String inet = a.transports().stream().map(Transport::netid).collect(Collectors.joining(","));
    return inet
        + "|"
        + String.join(",", a.vsockTypes())
        + "|"
        + (a.tipc() ? "tipc" : "")
        + "|"
        + (a.xdp() ? "xdp" : "");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        // command; inet|vsock|tipc|xdp; Netid column; State column
        "-S;              sctp|||;                          false; true",
        "-d -a;           dccp|||;                          false; true",
        "--vsock;         |v_dgr,v_str||;                   true;  true",
        "-A vsock_stream; |v_str||;                         false; true",
        "-f xdp;          |||xdp;                           false; false",
        "-a -f xdp;       |||xdp;                           false; true",
        "--tipc;          ||tipc|;                          false; true",
        "-A tcp,sctp;     tcp,sctp|||;                      true;  true",
        "-4 --vsock;      raw,udp,tcp,dccp,sctp,mptcp|v_dgr,v_str||; true; true",
        "-4 -x;           raw,udp,tcp,dccp,sctp,mptcp|||;   true;  true",
        "-a;              raw,udp,tcp,dccp,sctp,mptcp|v_dgr,v_str||xdp; true; true",
        "-t;              tcp|||;                           false; true",
        "-A all;          raw,udp,tcp,dccp,sctp,mptcp|v_dgr,v_str||xdp; true; true",
        "-A inet,!dccp;   raw,udp,tcp,sctp,mptcp|||;        true;  true",
        "-0 --xdp;        |||xdp;                           true;  false",
      })
  void selectsTablesAsSs(String command, String tables, boolean netid, boolean state)
      throws UsageException {
    SsArgs a = parse(command);
    assertEquals(tables.strip(), tables(a), command);
    assertEquals(netid, a.netidColumn(), command);
    assertEquals(state, Integer.bitCount(a.states()) != 1, command);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "-A foo;    255; \"foo\" is illegal socket table id",
        "-A !tcp,x; 255; \"x\" is illegal socket table id",
        "-f foo;    255; \"foo\" is invalid family",
        "-A !tcp;   0;   no socket tables to show with such filter.",
        "--tipcinfo; 1;  option --tipcinfo is not built yet",
      })
  void rejectsAsSs(String command, int exit, String message) {
    UsageException e = assertThrows(UsageException.class, () -> parse(command));
    assertEquals(message, e.getMessage());
    assertEquals(exit, e.exitCode());
  }

  private static String render(SsArgs args, SsLine... lines) {
    SsTable table = new SsTable();
    for (SsLine line : lines) {
      table.add(line);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Output out = new Output(bytes);
    table.render(args.netidColumn(), Integer.bitCount(args.states()) != 1, true, out);
    out.flush();
    return bytes.toString(StandardCharsets.UTF_8).replaceAll(" +", " ").strip();
  }

  @Test
  void vsockRowsAsVsockStatsPrint() throws Exception {
    SsArgs args = parse("--vsock -a");
    SsOtherRows rows = new SsOtherRows(args, Path.of("/proc"));
    VsockSocketRecord listener =
        new VsockSocketRecord(
            true,
            1,
            SocketState.LISTEN,
            VsockSocketRecord.ANY,
            1234,
            VsockSocketRecord.ANY,
            VsockSocketRecord.ANY,
            77,
            1);
    VsockSocketRecord connected =
        new VsockSocketRecord(false, 2, SocketState.ESTABLISHED, 3, 1025, 2, 9999, 78, 2);
    assertEquals(
        "v_str LISTEN 0 0 *:1234 *:*\nv_dgr ESTAB 0 0 3:1025 2:9999",
        render(
            args,
            rows.vsock(listener, ProcessMap.empty()),
            rows.vsock(connected, ProcessMap.empty())));
  }

  private static XdpSocketRecord xdp() {
    return new XdpSocketRecord(
        3,
        4242,
        0x1f,
        0,
        5,
        1000,
        300,
        2048,
        1024,
        new XdpSocketRecord.Umem(4194304, 7, 1024, 4096, 256, 0, 5, true, 2),
        4096,
        512,
        new long[] {300, 212992, 0, 212992, 0, 0, 0, 0, 0},
        new long[] {10, 20, 30, 40, 50, 60});
  }

  @Test
  void xdpRowsAsXdpShowSock() throws Exception {
    SsArgs plain = parse("--xdp");
    assertEquals(
        "300 0 * *", render(plain, new SsOtherRows(plain, Path.of("/proc")).xdp(xdp(), null)));
    SsArgs extended = parse("--xdp -e -m");
    assertEquals(
        "300 0 * * uid:1000 ino:4242 sk:1f\n"
            + "\trx(entries:2048)\n"
            + "\ttx(entries:1024)\n"
            + "\tumem(id:7,size:4194304,num_pages:1024,chunk_size:4096,headroom:256,ifindex:0,"
            + "qid:5,zc:1,refs:2)\n"
            + "\tfr(entries:4096)\n"
            + "\tcr(entries:512)\n"
            + "\tstats(rx dropped:10,rx invalid:20,rx queue full:30,rx fill ring empty:40,"
            + "tx invalid:50,tx ring empty:60) skmem:(r300,rb212992,t0,tb212992,f0,w0,o0,bl0,d0)",
        render(extended, new SsOtherRows(extended, Path.of("/proc")).xdp(xdp(), null)));
    SsArgs oneline = parse("--xdp -eO");
    assertEquals(
        "300 0 * * uid:1000 ino:4242 sk:1f rx(entries:2048) tx(entries:1024) tumem(id:7,"
            + "size:4194304,num_pages:1024,chunk_size:4096,headroom:256,ifindex:0,qid:5,zc:1,"
            + "refs:2) fr(entries:4096) cr(entries:512) stats(rx dropped:10,rx invalid:20,"
            + "rx queue full:30,rx fill ring empty:40,tx invalid:50,tx ring empty:60)",
        render(oneline, new SsOtherRows(oneline, Path.of("/proc")).xdp(xdp(), null)));
  }

  @Test
  void tipcRowsAsTipcShowSock() throws Exception {
    SsArgs args = parse("--tipc -e");
    SsOtherRows rows = new SsOtherRows(args, Path.of("/proc"));
    dev.netdiag.sockets.TipcSocketRecord connected =
        new dev.netdiag.sockets.TipcSocketRecord(
            5,
            SocketState.ESTABLISHED,
            16781313,
            3456789,
            true,
            16781314,
            987,
            1000,
            4242,
            0x55,
            4,
            2);
    dev.netdiag.sockets.TipcSocketRecord open =
        new dev.netdiag.sockets.TipcSocketRecord(
            4, SocketState.CLOSE, 16781313, 12, false, 0, 0, 0, 4243, 0x56, 0, 0);
    assertEquals(
        // One table: no Netid column.
        "ESTAB 4 2 16781313:3456789 16781314:987 uid:1000 ino:4242 sk:55\n"
            + "UNCONN 0 0 16781313:12 - ino:4243 sk:56",
        render(
            args, rows.tipc(connected, ProcessMap.empty()), rows.tipc(open, ProcessMap.empty())));
  }
}
