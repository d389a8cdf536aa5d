package dev.netdiag.sockets;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * struct tcp_info (include/uapi/linux/tcp.h) as INET_DIAG_INFO carries it, host order. Kernels send
 * as many bytes as they know; fields past the received length read as 0, as ss zero-fills.
 *
 * <pre>
 *   0 u8 state, ca_state, retransmits, probes, backoff, options   6 u8 snd_wscale:4 rcv_wscale:4
 *   7 u8 delivery_rate_app_limited:1 ...
 *   8 u32 rto  12 ato  16 snd_mss  20 rcv_mss  24 unacked  28 sacked  32 lost  36 retrans
 *  40 u32 fackets  44 last_data_sent  48 last_ack_sent  52 last_data_recv  56 last_ack_recv
 *  60 u32 pmtu  64 rcv_ssthresh  68 rtt  72 rttvar  76 snd_ssthresh  80 snd_cwnd  84 advmss
 *  88 u32 reordering  92 rcv_rtt  96 rcv_space  100 total_retrans
 * 104 u64 pacing_rate  112 max_pacing_rate  120 bytes_acked  128 bytes_received
 * 136 u32 segs_out  140 segs_in  144 notsent_bytes  148 min_rtt  152 data_segs_in
 * 156 u32 data_segs_out  160 u64 delivery_rate  168 busy_time  176 rwnd_limited
 * 184 u64 sndbuf_limited  192 u32 delivered  196 delivered_ce  200 u64 bytes_sent
 * 208 u64 bytes_retrans  216 u32 dsack_dups  220 reord_seen  224 rcv_ooopack  228 snd_wnd
 * </pre>
 */
public final class TcpInfo {
  /** The bytes this class knows (through snd_wnd). */
  static final int KNOWN = 232;

  /** tcpi_options bits. */
  public static final int OPT_TIMESTAMPS = 1;

  public static final int OPT_SACK = 2;
  public static final int OPT_WSCALE = 4;
  public static final int OPT_ECN = 8;
  public static final int OPT_ECN_SEEN = 16;
  public static final int OPT_SYN_DATA = 32;

  private final ByteBuffer data;
  private final int length;

  private TcpInfo(byte[] bytes, int length) {
    this.data = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).asReadOnlyBuffer();
    this.data.order(ByteOrder.nativeOrder());
    this.length = length;
  }

  /** The structure from the attribute's bytes (any length; missing fields read 0). */
  public static TcpInfo of(byte[] received) {
    byte[] bytes = new byte[Math.max(KNOWN, received.length)];
    System.arraycopy(received, 0, bytes, 0, received.length);
    return new TcpInfo(bytes, received.length);
  }

  /** How many bytes the kernel sent. */
  public int receivedLength() {
    return length;
  }

  private int u8(int at) {
    return Byte.toUnsignedInt(data.get(at));
  }

  private long u32(int at) {
    return Integer.toUnsignedLong(data.getInt(at));
  }

  private long u64(int at) {
    return data.getLong(at);
  }

  public int state() {
    return u8(0);
  }

  public int caState() {
    return u8(1);
  }

  public int retransmits() {
    return u8(2);
  }

  public int probes() {
    return u8(3);
  }

  public int backoff() {
    return u8(4);
  }

  public int options() {
    return u8(5);
  }

  public int sendWindowScale() {
    return u8(6) & 0x0f;
  }

  public int receiveWindowScale() {
    return u8(6) >> 4;
  }

  public boolean deliveryRateAppLimited() {
    return (u8(7) & 1) != 0;
  }

  /** Retransmission timeout, microseconds. */
  public long rto() {
    return u32(8);
  }

  /** Delayed-ACK timeout, microseconds. */
  public long ato() {
    return u32(12);
  }

  public long sendMss() {
    return u32(16);
  }

  public long receiveMss() {
    return u32(20);
  }

  public long unacked() {
    return u32(24);
  }

  public long sacked() {
    return u32(28);
  }

  public long lost() {
    return u32(32);
  }

  public long retrans() {
    return u32(36);
  }

  public long fackets() {
    return u32(40);
  }

  /** Milliseconds since data was last sent. */
  public long lastDataSent() {
    return u32(44);
  }

  public long lastAckSent() {
    return u32(48);
  }

  public long lastDataReceived() {
    return u32(52);
  }

  public long lastAckReceived() {
    return u32(56);
  }

  public long pmtu() {
    return u32(60);
  }

  public long receiveSsthresh() {
    return u32(64);
  }

  /** Smoothed RTT, microseconds. */
  public long rtt() {
    return u32(68);
  }

  public long rttVariance() {
    return u32(72);
  }

  public long sendSsthresh() {
    return u32(76);
  }

  public long sendCwnd() {
    return u32(80);
  }

  public long advertisedMss() {
    return u32(84);
  }

  public long reordering() {
    return u32(88);
  }

  public long receiveRtt() {
    return u32(92);
  }

  public long receiveSpace() {
    return u32(96);
  }

  public long totalRetrans() {
    return u32(100);
  }

  /** Bytes per second; -1 (all ones) for unlimited. */
  public long pacingRate() {
    return u64(104);
  }

  public long maxPacingRate() {
    return u64(112);
  }

  public long bytesAcked() {
    return u64(120);
  }

  public long bytesReceived() {
    return u64(128);
  }

  public long segsOut() {
    return u32(136);
  }

  public long segsIn() {
    return u32(140);
  }

  public long notsentBytes() {
    return u32(144);
  }

  /** Minimum RTT seen, microseconds; all ones when none. */
  public long minRtt() {
    return u32(148);
  }

  public long dataSegsIn() {
    return u32(152);
  }

  public long dataSegsOut() {
    return u32(156);
  }

  /** Bytes per second. */
  public long deliveryRate() {
    return u64(160);
  }

  /** Microseconds. */
  public long busyTime() {
    return u64(168);
  }

  public long rwndLimited() {
    return u64(176);
  }

  public long sndbufLimited() {
    return u64(184);
  }

  public long delivered() {
    return u32(192);
  }

  public long deliveredCe() {
    return u32(196);
  }

  public long bytesSent() {
    return u64(200);
  }

  public long bytesRetrans() {
    return u64(208);
  }

  public long dsackDups() {
    return u32(216);
  }

  public long reordSeen() {
    return u32(220);
  }

  public long receiveOutOfOrder() {
    return u32(224);
  }

  public long sendWindow() {
    return u32(228);
  }
}
