package dev.netdiag.cli.ss;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.netdiag.cli.Json;
import dev.netdiag.sockets.NetlinkSocketRecord;
import dev.netdiag.sockets.PacketSocketRecord;
import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.ProcessRef;
import dev.netdiag.sockets.SocketDetails;
import dev.netdiag.sockets.TcpInfo;
import dev.netdiag.sockets.TipcSocketRecord;
import dev.netdiag.sockets.UlpInfo;
import dev.netdiag.sockets.UnixSocketRecord;
import dev.netdiag.sockets.VsockSocketRecord;
import dev.netdiag.sockets.XdpSocketRecord;
import java.io.IOException;

/**
 * ss --json entries for UNIX, PACKET and NETLINK sockets and the {@code details} object of inet
 * sockets (-e/-m/-i attributes); schema in docs/json.md.
 */
final class SsOtherJson {
  // SK_MEMINFO_ names in include/uapi/linux/sock_diag.h order.
  private static final String[] SKMEM = {
    "rmem_alloc",
    "rcvbuf",
    "wmem_alloc",
    "sndbuf",
    "fwd_alloc",
    "wmem_queued",
    "optmem",
    "backlog",
    "drops"
  };

  private final JsonGenerator json;
  private final boolean processes;
  private final ProcessMap owners;

  SsOtherJson(JsonGenerator json, boolean processes, ProcessMap owners) {
    this.json = json;
    this.processes = processes;
    this.owners = owners;
  }

  void write(SsOtherFamilies others) throws IOException {
    for (NetlinkSocketRecord r : others.netlink()) {
      json.writeStartObject();
      json.writeStringField("netid", "nl");
      json.writeStringField("family", "netlink");
      json.writeStringField("state", "UNCONN");
      json.writeNumberField("recv_q", r.receiveQueue());
      json.writeNumberField("send_q", r.sendQueue());
      json.writeNumberField("protocol", r.protocol());
      json.writeNumberField("port_id", r.portId());
      json.writeBooleanField("connected", r.connected());
      json.writeNumberField("dst_port_id", r.destinationPortId());
      json.writeNumberField("dst_group", r.destinationGroup());
      json.writeNumberField("groups", r.groups());
      json.writeNumberField("inode", r.inode());
      json.writeNumberField("cookie", r.cookie());
      skmem(r.skmem());
      json.writeEndObject();
    }
    for (PacketSocketRecord r : others.packet()) {
      json.writeStartObject();
      json.writeStringField("netid", r.netid());
      json.writeStringField("family", "packet");
      json.writeStringField("state", "UNCONN");
      json.writeNumberField("recv_q", r.receiveQueue());
      json.writeNumberField("send_q", 0);
      json.writeNumberField("protocol", r.protocol());
      json.writeNumberField("interface_index", r.interfaceIndex());
      json.writeNumberField("uid", r.uid());
      json.writeNumberField("inode", r.inode());
      json.writeNumberField("cookie", r.cookie());
      skmem(r.skmem());
      owners(r.inode());
      json.writeEndObject();
    }
    for (UnixSocketRecord r : others.unix()) {
      json.writeStartObject();
      json.writeStringField("netid", r.type().netid());
      json.writeStringField("family", "unix");
      json.writeStringField("state", r.state().ssName());
      json.writeNumberField("recv_q", r.receiveQueue());
      json.writeNumberField("send_q", r.sendQueue());
      if (r.name() == null) {
        json.writeNullField("name");
      } else {
        json.writeStringField("name", r.name());
      }
      json.writeBooleanField("abstract", r.name() != null && r.name().startsWith("@"));
      json.writeNumberField("inode", r.inode());
      json.writeNumberField("peer_inode", r.peerInode());
      json.writeNumberField("cookie", r.cookie());
      if (r.uid() >= 0) {
        json.writeNumberField("uid", r.uid());
      }
      if (r.shutdown() >= 0) {
        json.writeNumberField("shutdown", r.shutdown());
      }
      if (r.vfsInode() >= 0) {
        json.writeNumberField("vfs_inode", r.vfsInode());
        json.writeNumberField("vfs_device", r.vfsDevice());
      }
      if (r.pending() != null) {
        json.writeArrayFieldStart("pending_inodes");
        for (long inode : r.pending()) {
          json.writeNumber(inode);
        }
        json.writeEndArray();
      }
      skmem(r.skmem());
      owners(r.inode());
      json.writeEndObject();
    }
  }

  /** The VSOCK, TIPC and XDP sockets, which follow the inet ones. */
  void writeLate(SsOtherFamilies others) throws IOException {
    for (VsockSocketRecord r : others.vsock()) {
      json.writeStartObject();
      json.writeStringField("netid", r.netid());
      json.writeStringField("family", "vsock");
      json.writeStringField("state", r.state().ssName());
      json.writeNumberField("recv_q", 0);
      json.writeNumberField("send_q", 0);
      vsockNumber("local_cid", r.localCid());
      vsockNumber("local_port", r.localPort());
      vsockNumber("peer_cid", r.peerCid());
      vsockNumber("peer_port", r.peerPort());
      json.writeNumberField("inode", r.inode());
      json.writeNumberField("cookie", r.cookie());
      owners(r.inode());
      json.writeEndObject();
    }
    for (TipcSocketRecord r : others.tipc()) {
      json.writeStartObject();
      json.writeStringField("netid", r.netid());
      json.writeStringField("family", "tipc");
      json.writeStringField("state", r.state().ssName());
      json.writeNumberField("recv_q", r.receiveQueue());
      json.writeNumberField("send_q", r.sendQueue());
      json.writeNumberField("node", r.node());
      json.writeNumberField("reference", r.reference());
      if (r.connected()) {
        json.writeNumberField("peer_node", r.peerNode());
        json.writeNumberField("peer_reference", r.peerReference());
      } else {
        json.writeNullField("peer_node");
        json.writeNullField("peer_reference");
      }
      json.writeNumberField("uid", r.uid());
      json.writeNumberField("inode", r.inode());
      json.writeNumberField("cookie", r.cookie());
      owners(r.inode());
      json.writeEndObject();
    }
    for (XdpSocketRecord r : others.xdp()) {
      json.writeStartObject();
      json.writeStringField("netid", "xdp");
      json.writeStringField("family", "xdp");
      json.writeStringField("state", "UNCONN");
      json.writeNumberField("recv_q", r.receiveQueue());
      json.writeNumberField("send_q", 0);
      json.writeNumberField("interface_index", r.interfaceIndex());
      json.writeNumberField("queue_id", r.queueId());
      json.writeNumberField("uid", r.uid());
      json.writeNumberField("inode", r.inode());
      json.writeNumberField("cookie", r.cookie());
      ring("rx_ring", r.rxRing());
      ring("tx_ring", r.txRing());
      XdpSocketRecord.Umem u = r.umem();
      if (u != null) {
        json.writeObjectFieldStart("umem");
        json.writeNumberField("id", u.id());
        json.writeNumberField("size", u.size());
        json.writeNumberField("num_pages", u.pages());
        json.writeNumberField("chunk_size", u.chunkSize());
        json.writeNumberField("headroom", u.headroom());
        json.writeNumberField("interface_index", u.interfaceIndex());
        json.writeNumberField("queue_id", u.queueId());
        json.writeBooleanField("zero_copy", u.zeroCopy());
        json.writeNumberField("refs", u.refs());
        ring("fill_ring", r.fillRing());
        ring("completion_ring", r.completionRing());
        json.writeEndObject();
      }
      long[] st = r.stats();
      if (st != null) {
        json.writeObjectFieldStart("stats");
        String[] names = {
          "rx_dropped", "rx_invalid", "rx_full", "fill_ring_empty", "tx_invalid", "tx_ring_empty"
        };
        for (int i = 0; i < names.length; i++) {
          json.writeNumberField(names[i], st[i]);
        }
        json.writeEndObject();
      }
      skmem(r.skmem());
      owners(r.inode());
      json.writeEndObject();
    }
  }

  /** A vsock CID or port: null for VMADDR_CID_ANY / VMADDR_PORT_ANY (ss's *). */
  private void vsockNumber(String name, long value) throws IOException {
    if (value == VsockSocketRecord.ANY) {
      json.writeNullField(name);
    } else {
      json.writeNumberField(name, value);
    }
  }

  private void ring(String name, long entries) throws IOException {
    if (entries >= 0) {
      json.writeNumberField(name, entries);
    }
  }

  private void owners(long inode) throws IOException {
    if (!processes) {
      return;
    }
    json.writeArrayFieldStart("processes");
    for (ProcessRef ref : owners.owners(inode)) {
      json.writeStartObject();
      json.writeStringField("command", ref.command());
      json.writeNumberField("pid", ref.pid());
      json.writeNumberField("fd", ref.fd());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private void skmem(long[] values) throws IOException {
    if (values == null) {
      return;
    }
    json.writeObjectFieldStart("skmem");
    for (int i = 0; i < values.length && i < SKMEM.length; i++) {
      json.writeNumberField(SKMEM[i], values[i]);
    }
    json.writeEndObject();
  }

  /** The "details" object of an inet socket, when -e, -o, -m or -i fetched its attributes. */
  void inetDetails(SocketDetails d) throws IOException {
    json.writeObjectFieldStart("details");
    if (d.congestion() != null) {
      json.writeStringField("congestion", d.congestion());
    }
    if (d.shutdown() >= 0) {
      json.writeNumberField("shutdown", d.shutdown());
    }
    if (d.mark() >= 0) {
      json.writeNumberField("mark", d.mark());
    }
    json.writeNumberField("cgroup_id", d.cgroupId());
    if (d.tos() >= 0) {
      json.writeNumberField("tos", d.tos());
    }
    if (d.tclass() >= 0) {
      json.writeNumberField("tclass", d.tclass());
    }
    skmem(d.skmem());
    TcpInfo i = d.tcpInfo();
    if (i != null) {
      json.writeObjectFieldStart("tcp_info");
      json.writeNumberField("options", i.options());
      json.writeNumberField("snd_wscale", i.sendWindowScale());
      json.writeNumberField("rcv_wscale", i.receiveWindowScale());
      json.writeNumberField("rto_us", i.rto());
      json.writeNumberField("ato_us", i.ato());
      json.writeNumberField("rtt_us", i.rtt());
      json.writeNumberField("rttvar_us", i.rttVariance());
      json.writeNumberField("min_rtt_us", i.minRtt());
      json.writeNumberField("snd_mss", i.sendMss());
      json.writeNumberField("rcv_mss", i.receiveMss());
      json.writeNumberField("advmss", i.advertisedMss());
      json.writeNumberField("pmtu", i.pmtu());
      json.writeNumberField("snd_cwnd", i.sendCwnd());
      json.writeNumberField("snd_ssthresh", i.sendSsthresh());
      json.writeNumberField("rcv_ssthresh", i.receiveSsthresh());
      json.writeNumberField("rcv_space", i.receiveSpace());
      json.writeNumberField("bytes_sent", i.bytesSent());
      json.writeNumberField("bytes_acked", i.bytesAcked());
      json.writeNumberField("bytes_received", i.bytesReceived());
      json.writeNumberField("bytes_retrans", i.bytesRetrans());
      json.writeNumberField("segs_out", i.segsOut());
      json.writeNumberField("segs_in", i.segsIn());
      json.writeNumberField("data_segs_out", i.dataSegsOut());
      json.writeNumberField("data_segs_in", i.dataSegsIn());
      json.writeNumberField("unacked", i.unacked());
      json.writeNumberField("retrans", i.retrans());
      json.writeNumberField("total_retrans", i.totalRetrans());
      json.writeNumberField("lost", i.lost());
      json.writeNumberField("last_data_sent_ms", i.lastDataSent());
      json.writeNumberField("last_data_recv_ms", i.lastDataReceived());
      json.writeNumberField("last_ack_recv_ms", i.lastAckReceived());
      json.writeNumberField("pacing_rate_bps", i.pacingRate() == -1 ? -1 : i.pacingRate() * 8);
      json.writeNumberField("delivery_rate_bps", i.deliveryRate() * 8);
      json.writeBooleanField("app_limited", i.deliveryRateAppLimited());
      json.writeNumberField("busy_time_us", i.busyTime());
      json.writeNumberField("delivered", i.delivered());
      json.writeNumberField("notsent_bytes", i.notsentBytes());
      json.writeNumberField("snd_wnd", i.sendWindow());
      json.writeEndObject();
    }
    ulp(d.ulp());
    json.writeEndObject();
  }

  // INET_DIAG_ULP_INFO: the ULP's name and the attributes the kernel sent, by ss's names.
  private void ulp(UlpInfo u) throws IOException {
    if (u == null) {
      return;
    }
    json.writeObjectFieldStart("ulp");
    Json.stringOrNull(json, "name", u.name());
    if (u.tls() != null) {
      json.writeObjectFieldStart("tls");
      optional(u.hasTls(UlpInfo.TLS_VERSION), "version", u.tls()[UlpInfo.TLS_VERSION]);
      optional(u.hasTls(UlpInfo.TLS_CIPHER), "cipher", u.tls()[UlpInfo.TLS_CIPHER]);
      optional(u.hasTls(UlpInfo.TLS_RXCONF), "rxconf", u.tls()[UlpInfo.TLS_RXCONF]);
      optional(u.hasTls(UlpInfo.TLS_TXCONF), "txconf", u.tls()[UlpInfo.TLS_TXCONF]);
      json.writeBooleanField("zc_ro_tx", u.hasTls(UlpInfo.TLS_ZC_RO_TX));
      json.writeEndObject();
    }
    if (u.mptcp() != null) {
      long[] m = u.mptcp();
      json.writeObjectFieldStart("mptcp");
      optional(u.hasMptcp(UlpInfo.MPTCP_FLAGS), "flags", m[UlpInfo.MPTCP_FLAGS]);
      optional(u.hasMptcp(UlpInfo.MPTCP_TOKEN_REM), "token_rem", m[UlpInfo.MPTCP_TOKEN_REM]);
      optional(u.hasMptcp(UlpInfo.MPTCP_ID_REM), "id_rem", m[UlpInfo.MPTCP_ID_REM]);
      optional(u.hasMptcp(UlpInfo.MPTCP_TOKEN_LOC), "token_loc", m[UlpInfo.MPTCP_TOKEN_LOC]);
      optional(u.hasMptcp(UlpInfo.MPTCP_ID_LOC), "id_loc", m[UlpInfo.MPTCP_ID_LOC]);
      optional(u.hasMptcp(UlpInfo.MPTCP_MAP_SEQ), "seq", m[UlpInfo.MPTCP_MAP_SEQ]);
      optional(u.hasMptcp(UlpInfo.MPTCP_MAP_SFSEQ), "sfseq", m[UlpInfo.MPTCP_MAP_SFSEQ]);
      optional(u.hasMptcp(UlpInfo.MPTCP_SSN_OFFSET), "ssnoff", m[UlpInfo.MPTCP_SSN_OFFSET]);
      optional(u.hasMptcp(UlpInfo.MPTCP_MAP_DATALEN), "maplen", m[UlpInfo.MPTCP_MAP_DATALEN]);
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private void optional(boolean present, String name, long value) throws IOException {
    if (present) {
      json.writeNumberField(name, value);
    }
  }
}
