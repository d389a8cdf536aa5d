package dev.netdiag.cli.netstat;

import dev.netdiag.cli.Output;
import dev.netdiag.sockets.procfs.SnmpTable;
import java.util.List;
import java.util.Set;

/**
 * netstat -s: net-tools 2.10's statistics layout over the kernel's counter tables.
 *
 * <p>net-tools looks each counter up in a per-table list of known names with bsearch(3), and
 * several of those lists are not in strcmp order (Forwarding, TCPTimeouts, TW…). The lookups that
 * miss fall back to "Name: value", so which counters get a sentence depends on the exact search
 * path; {@link #find} walks the same halving steps over the same order to print the same lines.
 * Unknown tables (IcmpMsg, IpExt, UdpLite…) print whatever the protocol options, and the indent of
 * their lines is whatever the previous counter left, as in net-tools.
 */
final class StatisticsText {

  /** How a counter prints: net-tools' entry types, each with its indent and histogram heading. */
  enum Kind {
    NUMBER(4, null),
    /** Printed only when non-zero. */
    OPTIONAL(4, null),
    FORWARDING(4, null),
    ICMP_IN(8, "ICMP input histogram:"),
    ICMP_OUT(8, "ICMP output histogram:"),
    RTO_ALGORITHM(0, null);

    final int indent;
    final String heading;

    Kind(int indent, String heading) {
      this.indent = indent;
      this.heading = heading;
    }
  }

  /** A known counter: its sentence with '#' for the value; static ones are never printed. */
  record Row(String name, String text, Kind kind, boolean fixed) {}

  private static final boolean STATIC = true;

  private static Row row(String name, String text, Kind kind) {
    return new Row(name, text, kind, false);
  }

  private static Row row(String name, String text, Kind kind, boolean fixed) {
    return new Row(name, text, kind, fixed);
  }

  // The lists below keep net-tools 2.10's order (statistics.c), sorted or not: see the class note.
  private static final Row[] IP = {
    row("DefaultTTL", "Default TTL is #", Kind.NUMBER, STATIC),
    row("Forwarding", "Forwarding is #", Kind.FORWARDING, STATIC),
    row("ForwDatagrams", "# forwarded", Kind.NUMBER),
    row("FragCreates", "# fragments created", Kind.OPTIONAL),
    row("FragFails", "# outgoing packets failed fragmentation", Kind.OPTIONAL),
    row("FragOKs", "# outgoing packets fragmented ok", Kind.OPTIONAL),
    row("InAddrErrors", "# with invalid addresses", Kind.OPTIONAL),
    row("InDelivers", "# incoming packets delivered", Kind.NUMBER),
    row("InDiscards", "# incoming packets discarded", Kind.NUMBER),
    row("InHdrErrors", "# with invalid headers", Kind.OPTIONAL),
    row("InReceives", "# total packets received", Kind.NUMBER),
    row("InUnknownProtos", "# with unknown protocol", Kind.OPTIONAL),
    row("OutDiscards", "# outgoing packets dropped", Kind.OPTIONAL),
    row("OutNoRoutes", "# dropped because of missing route", Kind.OPTIONAL),
    row("OutRequests", "# requests sent out", Kind.NUMBER),
    row("ReasmFails", "# packet reassemblies failed", Kind.OPTIONAL),
    row("ReasmOKs", "# packets reassembled ok", Kind.OPTIONAL),
    row("ReasmReqds", "# reassemblies required", Kind.OPTIONAL),
    row("ReasmTimeout", "# fragments dropped after timeout", Kind.OPTIONAL)
  };

  private static final Row[] IP6 = {
    row("Ip6FragCreates", "# fragments created", Kind.OPTIONAL),
    row("Ip6FragFails", "# outgoing packets failed fragmentation", Kind.OPTIONAL),
    row("Ip6FragOKs", "# outgoing packets fragmented ok", Kind.OPTIONAL),
    row("Ip6InAddrErrors", "# with invalid addresses", Kind.OPTIONAL),
    row("Ip6InDelivers", "# incoming packets delivered", Kind.NUMBER),
    row("Ip6InDiscards", "# incoming packets discarded", Kind.NUMBER),
    row("Ip6InHdrErrors", "# with invalid headers", Kind.OPTIONAL),
    row("Ip6InMcastPkts", "# incoming multicast packets", Kind.OPTIONAL),
    row("Ip6InNoRoutes", "# incoming packets with no route", Kind.OPTIONAL),
    row("Ip6InReceives", "# total packets received", Kind.NUMBER),
    row("Ip6InTooBigErrors", "# with packets too big", Kind.OPTIONAL),
    row("Ip6InTruncatedPkts", "# with truncated packets", Kind.OPTIONAL),
    row("Ip6InUnknownProtos", "# with unknown protocol", Kind.OPTIONAL),
    row("Ip6OutDiscards", "# outgoing packets dropped", Kind.OPTIONAL),
    row("Ip6OutForwDatagrams", "# forwarded", Kind.NUMBER),
    row("Ip6OutMcastPkts", "# outgoing multicast packets", Kind.OPTIONAL),
    row("Ip6OutNoRoutes", "# dropped because of missing route", Kind.OPTIONAL),
    row("Ip6OutRequests", "# requests sent out", Kind.NUMBER),
    row("Ip6ReasmFails", "# packet reassemblies failed", Kind.OPTIONAL),
    row("Ip6ReasmOKs", "# packets reassembled ok", Kind.OPTIONAL),
    row("Ip6ReasmReqds", "# reassemblies required", Kind.OPTIONAL),
    row("Ip6ReasmTimeout", "# fragments dropped after timeout", Kind.OPTIONAL)
  };

  private static final Row[] ICMP = {
    row("InAddrMaskReps", "address mask replies: #", Kind.ICMP_IN),
    row("InAddrMasks", "address mask request: #", Kind.ICMP_IN),
    row("InDestUnreachs", "destination unreachable: #", Kind.ICMP_IN),
    row("InEchoReps", "echo replies: #", Kind.ICMP_IN),
    row("InEchos", "echo requests: #", Kind.ICMP_IN),
    row("InErrors", "# input ICMP message failed", Kind.NUMBER),
    row("InMsgs", "# ICMP messages received", Kind.NUMBER),
    row("InParmProbs", "wrong parameters: #", Kind.ICMP_IN),
    row("InRedirects", "redirects: #", Kind.ICMP_IN),
    row("InSrcQuenchs", "source quenches: #", Kind.ICMP_IN),
    row("InTimeExcds", "timeout in transit: #", Kind.ICMP_IN),
    row("InTimestampReps", "timestamp reply: #", Kind.ICMP_IN),
    row("InTimestamps", "timestamp request: #", Kind.ICMP_IN),
    row("OutAddrMaskReps", "address mask replies: #", Kind.ICMP_OUT),
    row("OutAddrMasks", "address mask requests: #", Kind.ICMP_OUT),
    row("OutDestUnreachs", "destination unreachable: #", Kind.ICMP_OUT),
    row("OutEchoReps", "echo replies: #", Kind.ICMP_OUT),
    row("OutEchos", "echo requests: #", Kind.ICMP_OUT),
    row("OutErrors", "# ICMP messages failed", Kind.NUMBER),
    row("OutMsgs", "# ICMP messages sent", Kind.NUMBER),
    row("OutParmProbs", "wrong parameters: #", Kind.ICMP_OUT),
    row("OutRedirects", "redirect: #", Kind.ICMP_OUT),
    row("OutSrcQuenchs", "source quench: #", Kind.ICMP_OUT),
    row("OutTimeExcds", "time exceeded: #", Kind.ICMP_OUT),
    row("OutTimestampReps", "timestamp replies: #", Kind.ICMP_OUT),
    row("OutTimestamps", "timestamp requests: #", Kind.ICMP_OUT)
  };

  private static final Row[] ICMP6 = {
    row("Icmp6InDestUnreachs", "destination unreachable: #", Kind.ICMP_IN),
    row("Icmp6InEchoReplies", "echo replies: #", Kind.ICMP_IN),
    row("Icmp6InEchos", "echo requests: #", Kind.ICMP_IN),
    row("Icmp6InErrors", "# input ICMP message failed", Kind.NUMBER),
    row("Icmp6InGroupMembQueries", "group member queries: #", Kind.ICMP_IN),
    row("Icmp6InGroupMembReductions", "group member reductions: #", Kind.ICMP_IN),
    row("Icmp6InGroupMembResponses", "group member responses: #", Kind.ICMP_IN),
    row("Icmp6InMsgs", "# ICMP messages received", Kind.NUMBER),
    row("Icmp6InNeighborAdvertisements", "neighbour advertisement: #", Kind.ICMP_IN),
    row("Icmp6InNeighborSolicits", "neighbour solicits: #", Kind.ICMP_IN),
    row("Icmp6InParmProblems", "parameter problem: #", Kind.ICMP_IN),
    row("Icmp6InPktTooBigs", "packets too big: #", Kind.ICMP_IN),
    row("Icmp6InRedirects", "redirects: #", Kind.ICMP_IN),
    row("Icmp6InRouterAdvertisements", "router advertisement: #", Kind.ICMP_IN),
    row("Icmp6InRouterSolicits", "router solicits: #", Kind.ICMP_IN),
    row("Icmp6InTimeExcds", "received ICMPv6 time exceeded: #", Kind.ICMP_IN),
    row("Icmp6OutDestUnreachs", "destination unreachable: #", Kind.ICMP_OUT),
    row("Icmp6OutEchoReplies", "echo replies: #", Kind.ICMP_OUT),
    row("Icmp6OutEchos", "echo requests: #", Kind.ICMP_OUT),
    row("Icmp6OutGroupMembQueries", "group member queries: #", Kind.ICMP_OUT),
    row("Icmp6OutGroupMembReductions", "group member reductions: #", Kind.ICMP_OUT),
    row("Icmp6OutGroupMembResponses", "group member responses: #", Kind.ICMP_OUT),
    row("Icmp6OutMsgs", "# ICMP messages sent", Kind.NUMBER),
    row("Icmp6OutNeighborAdvertisements", "neighbor advertisements: #", Kind.ICMP_OUT),
    row("Icmp6OutNeighborSolicits", "neighbor solicits: #", Kind.ICMP_OUT),
    row("Icmp6OutParmProblems", "parameter problem: #", Kind.ICMP_OUT),
    row("Icmp6OutPktTooBigs", "packets too big: #", Kind.ICMP_OUT),
    row("Icmp6OutRedirects", "redirects: #", Kind.ICMP_OUT),
    row("Icmp6OutRouterAdvertisements ", "router advertisement: #", Kind.ICMP_OUT),
    row("Icmp6OutRouterSolicits", "router solicits: #", Kind.ICMP_OUT),
    row("Icmp6OutTimeExcds", "sent ICMPv6 time exceeded: #", Kind.ICMP_OUT)
  };

  private static final Row[] TCP = {
    row("ActiveOpens", "# active connection openings", Kind.NUMBER),
    row("AttemptFails", "# failed connection attempts", Kind.NUMBER),
    row("CurrEstab", "# connections established", Kind.NUMBER),
    row("EstabResets", "# connection resets received", Kind.NUMBER),
    row("InErrs", "# bad segments received", Kind.NUMBER),
    row("InSegs", "# segments received", Kind.NUMBER),
    row("MaxConn", "", Kind.NUMBER),
    row("OutRsts", "# resets sent", Kind.NUMBER),
    row("OutSegs", "# segments sent out", Kind.NUMBER),
    row("PassiveOpens", "# passive connection openings", Kind.NUMBER),
    row("RetransSegs", "# segments retransmitted", Kind.NUMBER),
    row("RtoAlgorithm", "RTO algorithm is #", Kind.RTO_ALGORITHM, STATIC),
    row("RtoMax", "", Kind.NUMBER),
    row("RtoMin", "", Kind.NUMBER)
  };

  private static final Row[] UDP = {
    row("InDatagrams", "# packets received", Kind.NUMBER),
    row("InErrors", "# packet receive errors", Kind.NUMBER),
    row("NoPorts", "# packets to unknown port received", Kind.NUMBER),
    row("OutDatagrams", "# packets sent", Kind.NUMBER),
    row("RcvbufErrors", "# receive buffer errors", Kind.NUMBER),
    row("SndbufErrors", "# send buffer errors", Kind.NUMBER)
  };

  private static final Row[] UDP6 = {
    row("Udp6InDatagrams", "# packets received", Kind.NUMBER),
    row("Udp6InErrors", "# packet receive errors", Kind.NUMBER),
    row("Udp6NoPorts", "# packets to unknown port received", Kind.NUMBER),
    row("Udp6OutDatagrams", "# packets sent", Kind.NUMBER)
  };

  private static final Row[] TCP_EXT = {
    row(
        "DelayedACKLocked",
        "# delayed acks further delayed because of locked socket",
        Kind.OPTIONAL),
    row("DelayedACKLost", "Quick ack mode was activated # times", Kind.OPTIONAL),
    row("DelayedACKs", "# delayed acks sent", Kind.OPTIONAL),
    row("EmbryonicRsts", "# resets received for embryonic SYN_RECV sockets", Kind.OPTIONAL),
    row("ListenDrops", "# SYNs to LISTEN sockets dropped", Kind.OPTIONAL),
    row("ListenOverflows", "# times the listen queue of a socket overflowed", Kind.OPTIONAL),
    row("LockDroppedIcmps", "# ICMP packets dropped because socket was locked", Kind.OPTIONAL),
    row(
        "OfoPruned",
        "# packets dropped from out-of-order queue because of socket buffer overrun",
        Kind.OPTIONAL),
    row(
        "OutOfWindowIcmps",
        "# ICMP packets dropped because they were out-of-window",
        Kind.OPTIONAL),
    row("PAWSActive", "# active connections rejected because of time stamp", Kind.OPTIONAL),
    row(
        "PAWSEstab",
        "# packets rejected in established connections because of timestamp",
        Kind.OPTIONAL),
    row("PAWSPassive", "# passive connections rejected because of time stamp", Kind.OPTIONAL),
    row(
        "PruneCalled",
        "# packets pruned from receive queue because of socket buffer overrun",
        Kind.OPTIONAL),
    row("RcvPruned", "# packets pruned from receive queue", Kind.OPTIONAL),
    row("SockMallocOOM", "Ran # times out of system memory during packet sending", Kind.OPTIONAL),
    row("SyncookiesFailed", "# invalid SYN cookies received", Kind.OPTIONAL),
    row("SyncookiesRecv", "# SYN cookies received", Kind.OPTIONAL),
    row("SyncookiesSent", "# SYN cookies sent", Kind.OPTIONAL),
    row("TCPAbortFailed", "# times unable to send RST due to no memory", Kind.OPTIONAL),
    row("TCPAbortOnClose", "# connections reset due to early user close", Kind.OPTIONAL),
    row("TCPAbortOnData", "# connections reset due to unexpected data", Kind.OPTIONAL),
    row(
        "TCPAbortOnLinger",
        "# connections aborted after user close in linger timeout",
        Kind.OPTIONAL),
    row("TCPAbortOnMemory", "# connections aborted due to memory pressure", Kind.OPTIONAL),
    row("TCPAbortOnSyn", "# connections reset due to unexpected SYN", Kind.OPTIONAL),
    row("TCPAbortOnTimeout", "# connections aborted due to timeout", Kind.OPTIONAL),
    row(
        "TCPDirectCopyFromBacklog",
        "# bytes directly in process context from backlog",
        Kind.OPTIONAL),
    row(
        "TCPDirectCopyFromPrequeue",
        "# bytes directly received in process context from prequeue",
        Kind.OPTIONAL),
    row("TCPDSACKOfoRecv", "# DSACKs for out of order packets received", Kind.OPTIONAL),
    row("TCPDSACKOfoSent", "# DSACKs sent for out of order packets", Kind.OPTIONAL),
    row("TCPDSACKOldSent", "# DSACKs sent for old packets", Kind.OPTIONAL),
    row("TCPDSACKRecv", "# DSACKs received", Kind.OPTIONAL),
    row(
        "TCPDSackUndo",
        "# congestion window recovered without slow start using DSACK",
        Kind.OPTIONAL),
    row(
        "TCPDSACKUndo",
        "# congestion windows recovered without slow start by DSACK",
        Kind.OPTIONAL),
    row("TCPFACKReorder", "Detected reordering # times using FACK", Kind.OPTIONAL),
    row("TCPFastRetrans", "# fast retransmits", Kind.OPTIONAL),
    row("TCPForwardRetrans", "# forward retransmits", Kind.OPTIONAL),
    row("TCPFullUndo", "# congestion windows fully recovered without slow start", Kind.OPTIONAL),
    row("TCPHPAcks", "# predicted acknowledgments", Kind.OPTIONAL),
    row("TCPHPHits", "# packet headers predicted", Kind.NUMBER),
    row("TCPHPHitsToUser", "# packet headers predicted and directly queued to user", Kind.OPTIONAL),
    row("TCPLossFailures", "# timeouts in loss state", Kind.OPTIONAL),
    row("TCPLoss", "# TCP data loss events", Kind.OPTIONAL),
    row(
        "TCPLossUndo",
        "# congestion windows recovered without slow start after partial ack",
        Kind.OPTIONAL),
    row("TCPLostRetransmits", "# retransmits lost", Kind.OPTIONAL),
    row("TCPMemoryPressures", "TCP ran low on memory # times", Kind.OPTIONAL),
    row(
        "TCPPartialUndo",
        "# congestion windows partially recovered using Hoe heuristic",
        Kind.OPTIONAL),
    row("TCPPrequeued", "# packets directly queued to recvmsg prequeue", Kind.OPTIONAL),
    row("TCPPrequeueDropped", "# packets dropped from prequeue", Kind.OPTIONAL),
    row("TCPPureAcks", "# acknowledgments not containing data payload received", Kind.OPTIONAL),
    row(
        "TCPRcvCollapsed",
        "# packets collapsed in receive queue due to low socket buffer",
        Kind.OPTIONAL),
    row("TCPRenoFailures", "# timeouts after reno fast retransmit", Kind.OPTIONAL),
    row("TCPRenoRecoveryFailed", "# reno fast retransmits failed", Kind.OPTIONAL),
    row("TCPRenoRecoveryFail", "# classic Reno fast retransmits failed", Kind.OPTIONAL),
    row(
        "TCPRenoRecovery",
        "# times recovered from packet loss due to fast retransmit",
        Kind.OPTIONAL),
    row("TCPRenoReorder", "Detected reordering # times using reno fast retransmit", Kind.OPTIONAL),
    row("TCPSackFailures", "# timeouts after SACK recovery", Kind.OPTIONAL),
    row("TCPSackRecoveryFail", "# SACK retransmits failed", Kind.OPTIONAL),
    row(
        "TCPSackRecovery",
        "# times recovered from packet loss by selective acknowledgements",
        Kind.OPTIONAL),
    row("TCPSACKReneging", "# bad SACK blocks received", Kind.OPTIONAL),
    row("TCPSACKReorder", "Detected reordering # times using SACK", Kind.OPTIONAL),
    row(
        "TCPSchedulerFailed",
        "# times receiver scheduled too late for direct processing",
        Kind.OPTIONAL),
    row("TCPSlowStartRetrans", "# retransmits in slow start", Kind.OPTIONAL),
    row("TCPTimeouts", "# other TCP timeouts", Kind.OPTIONAL),
    row("TCPTSReorder", "Detected reordering # times using time stamp", Kind.OPTIONAL),
    row("TWKilled", "# TCP sockets finished time wait in slow timer", Kind.OPTIONAL),
    row("TW", "# TCP sockets finished time wait in fast timer", Kind.OPTIONAL),
    row("TWRecycled", "# time wait sockets recycled by time stamp", Kind.OPTIONAL)
  };

  private static final Row[] SCTP = {
    row("SctpAborteds", "# Number of Aborteds ", Kind.NUMBER),
    row("SctpActiveEstabs", "# Active Associations", Kind.NUMBER),
    row("SctpChecksumErrors", "# Number of Packets with invalid Checksum", Kind.NUMBER),
    row("SctpCurrEstab", "# Current Associations", Kind.NUMBER),
    row("SctpFragUsrMsgs", "# Number of messages fragmented", Kind.NUMBER),
    row("SctpInCtrlChunks", "# Number of control chunks received", Kind.NUMBER),
    row("SctpInOrderChunks", "# Number of ordered chunks received", Kind.NUMBER),
    row("SctpInSCTPPacks", "# Number of SCTP packets received", Kind.NUMBER),
    row("SctpInUnorderChunks", "# Number of Unordered chunks received", Kind.NUMBER),
    row("SctpOutCtrlChunks", "# Number of control chunks sent", Kind.NUMBER),
    row("SctpOutOfBlues", "# Number of Out of Blue packets", Kind.NUMBER),
    row("SctpOutOrderChunks", "# Number of ordered chunks sent", Kind.NUMBER),
    row("SctpOutSCTPPacks", "# Number of SCTP packets sent", Kind.NUMBER),
    row("SctpOutUnorderChunks", "# Number of Unordered chunks sent", Kind.NUMBER),
    row("SctpPassiveEstabs", "# Passive Associations", Kind.NUMBER),
    row("SctpReasmUsrMsgs", "# Number of messages reassembled ", Kind.NUMBER),
    row("SctpShutdowns", "# Number of Graceful Terminations", Kind.NUMBER)
  };

  /** The protocol option that shows a known table (-w for Ip and Icmp, -t, -u, -S). */
  enum Group {
    RAW,
    TCP,
    UDP,
    SCTP
  }

  private record Known(String title, Row[] rows, Group group) {}

  private static final Known TCP_TABLE = new Known("Tcp", TCP, Group.TCP);

  private static final List<Known> INET =
      List.of(
          new Known("Ip", IP, Group.RAW),
          new Known("Icmp", ICMP, Group.RAW),
          TCP_TABLE,
          new Known("Udp", UDP, Group.UDP),
          new Known("Sctp", SCTP, Group.SCTP),
          new Known("TcpExt", TCP_EXT, Group.TCP));

  private static final List<Known> INET6 =
      List.of(
          new Known("Ip6", IP6, Group.RAW),
          new Known("Icmp6", ICMP6, Group.RAW),
          new Known("Udp6", UDP6, Group.UDP),
          new Known("Tcp6", TCP, Group.TCP));

  private final Output out;
  private final Set<Group> groups;
  private Kind state = Kind.NUMBER;

  /** A printer for the protocol groups asked for; netstat -s alone asks for all of them. */
  StatisticsText(Output out, Set<Group> groups) {
    this.out = out;
    this.groups = groups;
  }

  /**
   * Prints one table, as net-tools does: a known table of a group not asked for prints nothing, an
   * unknown one prints its title and its non-zero counters. In inet6 mode the tables come from
   * /proc/net/snmp6 plus the Tcp table of /proc/net/snmp, which net-tools looks up among the inet
   * tables.
   */
  void table(boolean inet6, SnmpTable t) {
    Known known = known(inet6, t.name());
    Row[] rows = null;
    if (known != null) {
      // A known table resets the indent even when its group is not shown.
      state = Kind.NUMBER;
      if (!groups.contains(known.group())) {
        return;
      }
      rows = known.rows();
    }
    out.text(t.name()).line(":");
    for (SnmpTable.Counter c : t.counters()) {
      value(rows, c.name(), c.value());
    }
  }

  /** True when the text shows this table: a known one of an asked-for group, or an unknown one. */
  static boolean shown(boolean inet6, SnmpTable t, Set<Group> groups) {
    Known known = known(inet6, t.name());
    return known == null || groups.contains(known.group());
  }

  private static Known known(boolean inet6, String title) {
    for (Known k : inet6 ? INET6 : INET) {
      if (k.title().equals(title)) {
        return k;
      }
    }
    if (inet6 && title.equals("Tcp")) {
      return TCP_TABLE;
    }
    return null;
  }

  private void value(Row[] rows, String name, long value) {
    Row row = rows == null ? null : find(rows, name);
    if (row == null) {
      // net-tools' "try our best" line for a counter it has no sentence for.
      if (value != 0) {
        out.spaces(state.indent).text(name).text(": ").line(Long.toUnsignedString(value));
      }
      return;
    }
    if (row.fixed() || row.text().isEmpty()) {
      return;
    }
    Kind kind = row.kind();
    if (kind.heading != null && state != kind) {
      out.spaces(state.indent).line(kind.heading);
    }
    String text =
        switch (kind) {
          case NUMBER -> fill(row.text(), Long.toUnsignedString(value));
          case OPTIONAL, ICMP_IN, ICMP_OUT ->
              value == 0 ? null : fill(row.text(), Long.toUnsignedString(value));
          case FORWARDING -> fill(row.text(), value == 2 ? "enabled" : "disabled");
          case RTO_ALGORITHM -> null;
        };
    if (kind == Kind.FORWARDING) {
      kind = Kind.NUMBER;
    }
    if (text != null) {
      out.spaces(kind.indent).line(text);
    }
    state = kind;
  }

  private static String fill(String text, String value) {
    int at = text.indexOf('#');
    return text.substring(0, at) + value + text.substring(at + 1);
  }

  /** bsearch(3) with strcmp over the rows in their given order: l/u halving, as glibc does it. */
  static Row find(Row[] rows, String name) {
    int low = 0;
    int high = rows.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      int cmp = name.compareTo(rows[mid].name());
      if (cmp < 0) {
        high = mid;
      } else if (cmp > 0) {
        low = mid + 1;
      } else {
        return rows[mid];
      }
    }
    return null;
  }
}
