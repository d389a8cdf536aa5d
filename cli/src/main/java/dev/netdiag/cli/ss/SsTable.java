package dev.netdiag.cli.ss;

import dev.netdiag.cli.Output;
import java.util.List;

/**
 * ss's table for rows of any family (UNIX, PACKET, NETLINK and inet) and with the -e/-o/-m/-i
 * texts: widths from the widest cell of each column, addresses right-aligned, as ss prints them.
 */
final class SsTable {
  private SsTable() {}

  static void render(
      List<SsLine> rows, boolean netidColumn, boolean stateColumn, boolean noHeader, Output out) {
    int netidW = 5;
    int stateW = 5;
    int recvW = 6;
    int sendW = 6;
    int laddrW = 13; // "Local Address"
    int lportW = 4;
    int paddrW = 12; // "Peer Address"
    int pportW = 4;
    for (SsLine row : rows) {
      netidW = Math.max(netidW, row.netid().length());
      stateW = Math.max(stateW, row.state().length());
      recvW = Math.max(recvW, row.recvQ().length());
      sendW = Math.max(sendW, row.sendQ().length());
      laddrW = Math.max(laddrW, row.localAddress().length());
      lportW = Math.max(lportW, row.localPort().length());
      paddrW = Math.max(paddrW, row.peerAddress().length());
      pportW = Math.max(pportW, row.peerPort().length());
    }
    if (!noHeader) {
      if (netidColumn) {
        out.padRight("Netid", netidW).ch(' ');
      }
      if (stateColumn) {
        out.padRight("State", stateW).ch(' ');
      }
      out.padRight("Recv-Q", recvW).ch(' ').padRight("Send-Q", sendW).ch(' ');
      out.spaces(laddrW - 13).text("Local Address:").padRight("Port", lportW).ch(' ');
      out.spaces(paddrW - 12).text("Peer Address:").padRight("Port", pportW).ch(' ');
      out.text("Process").newline();
    }
    for (SsLine row : rows) {
      if (netidColumn) {
        out.padRight(row.netid(), netidW).ch(' ');
      }
      if (stateColumn) {
        out.padRight(row.state(), stateW).ch(' ');
      }
      out.padRight(row.recvQ(), recvW).ch(' ').padRight(row.sendQ(), sendW).ch(' ');
      out.spaces(laddrW - row.localAddress().length()).text(row.localAddress());
      out.ch(row.localDelimiter()).padRight(row.localPort(), lportW).ch(' ');
      out.spaces(paddrW - row.peerAddress().length()).text(row.peerAddress());
      out.ch(row.peerDelimiter());
      if (row.process().isEmpty() && row.extra().isEmpty()) {
        out.text(row.peerPort());
      } else {
        out.padRight(row.peerPort(), pportW).ch(' ').text(row.process()).text(row.extra());
      }
      if (row.continuation() != null) {
        out.newline().ch('\t').text(row.continuation());
      }
      out.newline();
    }
  }
}
