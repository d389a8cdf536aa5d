package dev.netdiag.cli.ss;

import dev.netdiag.sockets.IpFamily;
import dev.netdiag.sockets.SocketDetails;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.TcpInfo;
import dev.netdiag.sockets.TcpTimer;
import dev.netdiag.sockets.Transport;
import dev.netdiag.sockets.UlpInfo;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The texts ss 6.1 adds to an inet row (misc/ss.c inet_show_sock, tcp_timer_print,
 * sock_details_print, print_skmeminfo, tcp_show_info, tcp_stats_print): -o timers, -e details, -m
 * memory and the -i tcp_info line, in ss's order and number formats.
 */
final class SsDetailText {
  private final SsArgs args;
  private final CgroupPaths cgroups;

  SsDetailText(SsArgs args, CgroupPaths cgroups) {
    this.args = args;
    this.cgroups = cgroups;
  }

  /** True when the row gets a second line: -m, or -i on anything but UDP. */
  boolean hasContinuation(SocketRecord r) {
    if (fromProcDatagram(r)) {
      return false;
    }
    return args.memory() || (args.info() && r.transport() != Transport.UDP);
  }

  /**
   * A UDP or RAW socket read from /proc/net (no sock_diag details): ss's dgram_show_line prints its
   * row and nothing of -e, -m or -i.
   */
  private static boolean fromProcDatagram(SocketRecord r) {
    return r.details() == null && r.transport() != Transport.TCP;
  }

  /** The same-line text after the Process cell. */
  String extra(SocketRecord r) {
    StringBuilder b = new StringBuilder();
    if (args.options() && r.timer() != TcpTimer.OFF) {
      b.append(" timer:(").append(r.timer().ssName()).append(',');
      msTimer(b, r.expiresMillis());
      b.append(',').append(r.retransmits()).append(')');
    }
    SocketDetails d = r.details();
    if (args.extended() && !fromProcDatagram(r)) {
      if (r.uid() != 0) {
        b.append(" uid:").append(Integer.toUnsignedLong(r.uid()));
      }
      b.append(" ino:").append(r.inode());
      b.append(" sk:").append(Long.toHexString(r.cookie()));
      if (d != null && d.mark() > 0) {
        b.append(" fwmark:0x").append(Long.toHexString(d.mark()));
      }
      if (d != null && d.cgroupId() != 0) {
        b.append(" cgroup:").append(cgroups.path(d.cgroupId()));
      }
      if (r.family() == IpFamily.INET6 && d != null && d.v6only() >= 0) {
        b.append(" v6only:").append(d.v6only());
      }
      if (d != null && d.shutdown() >= 0) {
        SsOtherRows.shutdown(b, d.shutdown());
      }
    }
    if (args.tos() && d != null) {
      if (d.tos() >= 0) {
        b.append(" tos:").append(alternateHex(d.tos()));
      }
      if (d.tclass() >= 0) {
        b.append(" tclass:").append(alternateHex(d.tclass()));
      }
      if (d.classId() >= 0) {
        b.append(" class_id:").append(alternateHex(d.classId()));
      }
    }
    if (args.cgroup() && d != null && d.cgroupId() != 0) {
      b.append(" cgroup:").append(cgroups.path(d.cgroupId()));
    }
    if (args.inetSockopt() && d != null && d.sockopt() >= 0) {
      // ss starts a line of its own for these unless -O.
      b.append(args.oneline() ? " inet-sockopt: (" : "\n\tinet-sockopt: (");
      int o = d.sockopt();
      for (int i = 0; i < SOCKOPT_NAMES.length; i++) {
        if ((o & (1 << i)) != 0) {
          b.append(' ').append(SOCKOPT_NAMES[i]);
        }
      }
      b.append(')');
    }
    if (args.oneline() && hasContinuation(r)) {
      b.append(info(r));
    }
    return b.toString();
  }

  // ss's words for the inet_diag_sockopt bits, lowest first (SocketDetails.SOCKOPT_*).
  private static final String[] SOCKOPT_NAMES = {
    "recverr",
    "is_icsk",
    "freebind",
    "hdrincl",
    "mc_loop",
    "transparent",
    "mc_all",
    "nodefrag",
    "bind_addr_no_port",
    "recverr_rfc4884",
    "defer_connect"
  };

  /** C's %#x: "0" for zero, else 0x and lowercase hex. */
  static String alternateHex(long value) {
    return value == 0 ? "0" : "0x" + Long.toHexString(value);
  }

  /** The second line (without its tab), or null. */
  String continuation(SocketRecord r) {
    if (args.oneline() || !hasContinuation(r)) {
      return null;
    }
    return info(r);
  }

  private String info(SocketRecord r) {
    StringBuilder b = new StringBuilder();
    SocketDetails d = r.details();
    if (d == null) {
      return "";
    }
    if (args.memory()) {
      if (d.skmem() != null) {
        skmem(b, d.skmem());
      } else if (d.meminfo() != null) {
        long[] m = d.meminfo();
        b.append(" mem:(r").append(m[0]).append(",w").append(m[1]).append(",f").append(m[2]);
        b.append(",t").append(m[3]).append(')');
      }
    }
    if (args.info() && d.tcpInfo() != null) {
      tcpInfo(b, d, r.state().code());
      if (d.ulp() != null) {
        ulp(b, d.ulp());
      }
    }
    if (args.info() && d.mptcpInfo() != null) {
      mptcpInfo(b, d.mptcpInfo());
    }
    return b.toString();
  }

  // MPTCP_SUBFLOW_FLAG_ bits (linux/mptcp.h) and ss's letter for each, in ss's order.
  private static final String SUBFLOW_FLAG_LETTERS = "MmJjBbecv";

  /**
   * The ULP part of ss's tcp_show_info: " tcp-ulp-NAME", then kernel TLS's version, cipher, rx and
   * tx configuration, or an MPTCP subflow's flags, tokens and mapping, each only where the kernel
   * sent it (ss 6.1's formats, its "%04x" for the local token included).
   */
  static void ulp(StringBuilder b, UlpInfo u) {
    if (u.name() != null) {
      b.append(" tcp-ulp-").append(u.name());
    }
    if (u.tls() != null) {
      long[] t = u.tls();
      if (u.hasTls(UlpInfo.TLS_VERSION)) {
        b.append(
            switch ((int) t[UlpInfo.TLS_VERSION]) {
              case 0x0303 -> " version: 1.2";
              case 0x0304 -> " version: 1.3";
              default -> " version: unknown(" + t[UlpInfo.TLS_VERSION] + ")";
            });
      }
      if (u.hasTls(UlpInfo.TLS_CIPHER)) {
        b.append(
            switch ((int) t[UlpInfo.TLS_CIPHER]) {
              case 51 -> " cipher: aes-gcm-128";
              case 52 -> " cipher: aes-gcm-256";
              default -> "";
            });
      }
      tlsConf(b, u, "rxconf", UlpInfo.TLS_RXCONF);
      tlsConf(b, u, "txconf", UlpInfo.TLS_TXCONF);
      if (u.hasTls(UlpInfo.TLS_ZC_RO_TX)) {
        b.append(" zc_ro_tx");
      }
    }
    if (u.mptcp() != null) {
      long[] m = u.mptcp();
      long flags = u.hasMptcp(UlpInfo.MPTCP_FLAGS) ? m[UlpInfo.MPTCP_FLAGS] : 0;
      if (flags != 0) {
        b.append(" flags:");
        for (int bit = 0; bit < SUBFLOW_FLAG_LETTERS.length(); bit++) {
          if ((flags & (1L << bit)) != 0) {
            b.append(SUBFLOW_FLAG_LETTERS.charAt(bit));
          }
        }
      }
      if (u.hasMptcp(UlpInfo.MPTCP_TOKEN_REM)
          && u.hasMptcp(UlpInfo.MPTCP_TOKEN_LOC)
          && u.hasMptcp(UlpInfo.MPTCP_ID_REM)
          && u.hasMptcp(UlpInfo.MPTCP_ID_LOC)) {
        b.append(" token:").append(hex(m[UlpInfo.MPTCP_TOKEN_REM], 4));
        b.append("(id:").append(m[UlpInfo.MPTCP_ID_REM]).append(")/");
        b.append(hex(m[UlpInfo.MPTCP_TOKEN_LOC], 4));
        b.append("(id:").append(m[UlpInfo.MPTCP_ID_LOC]).append(')');
      }
      if (u.hasMptcp(UlpInfo.MPTCP_MAP_SEQ)) {
        b.append(" seq:").append(Long.toHexString(m[UlpInfo.MPTCP_MAP_SEQ]));
      }
      if (u.hasMptcp(UlpInfo.MPTCP_MAP_SFSEQ)) {
        b.append(" sfseq:").append(Long.toHexString(m[UlpInfo.MPTCP_MAP_SFSEQ]));
      }
      if (u.hasMptcp(UlpInfo.MPTCP_SSN_OFFSET)) {
        b.append(" ssnoff:").append(Long.toHexString(m[UlpInfo.MPTCP_SSN_OFFSET]));
      }
      if (u.hasMptcp(UlpInfo.MPTCP_MAP_DATALEN)) {
        b.append(" maplen:").append(Long.toHexString(m[UlpInfo.MPTCP_MAP_DATALEN]));
      }
    }
  }

  private static void tlsConf(StringBuilder b, UlpInfo u, String name, int type) {
    if (!u.hasTls(type)) {
      return;
    }
    long value = u.tls()[type];
    b.append(' ').append(name).append(": ");
    b.append(
        switch ((int) value) {
          case 1 -> "none";
          case 2 -> "sw";
          case 3 -> "hw";
          case 4 -> "hw-record";
          default -> "unknown(" + value + ")";
        });
  }

  // printf's %0Nx: lower-case hex, at least n digits.
  private static String hex(long value, int n) {
    String text = Long.toHexString(value);
    return text.length() >= n ? text : "0".repeat(n - text.length()) + text;
  }

  /** mptcp_stats_print: the nonzero struct mptcp_info fields (SocketDetails#mptcpInfo). */
  private static void mptcpInfo(StringBuilder b, long[] i) {
    positive(b, " subflows:", i[0]);
    positive(b, " add_addr_signal:", i[1]);
    positive(b, " add_addr_accepted:", i[2]);
    positive(b, " subflows_max:", i[3]);
    positive(b, " add_addr_signal_max:", i[4]);
    positive(b, " add_addr_accepted_max:", i[5]);
    if ((i[6] & 1) != 0) {
      b.append(" fallback"); // MPTCP_INFO_FLAG_FALLBACK
    }
    if ((i[6] & 2) != 0) {
      b.append(" remote_key"); // MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED
    }
    if (i[7] != 0) {
      b.append(" token:").append(Long.toHexString(i[7]));
    }
    for (int f = 8; f <= 10; f++) {
      if (i[f] != 0) {
        b.append(f == 8 ? " write_seq:" : f == 9 ? " snd_una:" : " rcv_nxt:");
        b.append(Long.toHexString(i[f]));
      }
    }
  }

  /** print_skmeminfo: skmem:(r,rb,t,tb,f,w,o[,bl][,d]). */
  static void skmem(StringBuilder b, long[] m) {
    if (m.length < 7) {
      return;
    }
    b.append(" skmem:(r").append(m[0]).append(",rb").append(m[1]).append(",t").append(m[2]);
    b.append(",tb").append(m[3]).append(",f").append(m[4]).append(",w").append(m[5]);
    b.append(",o").append(m[6]);
    if (m.length > 7) {
      b.append(",bl").append(m[7]);
    }
    if (m.length > 8) {
      b.append(",d").append(m[8]);
    }
    b.append(')');
  }

  /** print_ms_timer: 1min30sec, 59sec, 1.234ms-style text of a millisecond count. */
  static void msTimer(StringBuilder b, long timeout) {
    long t = timeout & 0xffffffffL;
    long secs = t / 1000;
    long minutes = secs / 60;
    secs %= 60;
    long msecs = t % 1000;
    if (minutes != 0) {
      msecs = 0;
      b.append(minutes).append("min");
      if (minutes > 9) {
        secs = 0;
      }
    }
    if (secs != 0) {
      if (secs > 9) {
        msecs = 0;
      }
      b.append(secs).append(msecs != 0 ? "." : "sec");
    }
    if (msecs != 0) {
      if (msecs < 100) {
        b.append(msecs < 10 ? "00" : "0");
      }
      b.append(msecs).append("ms");
    }
  }

  private void tcpInfo(StringBuilder b, SocketDetails d, int state) {
    TcpInfo i = d.tcpInfo();
    String congestion = d.congestion();
    long[] ca = d.congestionInfo();
    int caType = ca == null ? 0 : d.congestionInfoType();
    // ss reads these option flags only with -o (or -e); the window scale always.
    int options = args.options() ? i.options() : 0;
    if ((options & TcpInfo.OPT_TIMESTAMPS) != 0) {
      b.append(" ts");
    }
    if ((options & TcpInfo.OPT_SACK) != 0) {
      b.append(" sack");
    }
    if ((options & TcpInfo.OPT_ECN) != 0) {
      b.append(" ecn");
    }
    if ((options & TcpInfo.OPT_ECN_SEEN) != 0) {
      b.append(" ecnseen");
    }
    if ((options & TcpInfo.OPT_SYN_DATA) != 0) {
      b.append(" fastopen");
    }
    if (congestion != null && !congestion.isEmpty()) {
      b.append(' ').append(congestion);
    }
    if ((i.options() & TcpInfo.OPT_WSCALE) != 0) {
      b.append(" wscale:").append(i.sendWindowScale()).append(',');
      b.append(i.receiveWindowScale());
    }
    if (i.rto() != 0 && i.rto() != 3000000) {
      b.append(" rto:").append(g(i.rto() / 1000.0));
    }
    if (i.backoff() != 0) {
      b.append(" backoff:").append(i.backoff());
    }
    if (i.rtt() != 0) {
      b.append(" rtt:").append(g(i.rtt() / 1000.0)).append('/');
      b.append(g(i.rttVariance() / 1000.0));
    }
    if (i.ato() != 0) {
      b.append(" ato:").append(g(i.ato() / 1000.0));
    }
    positive(b, " mss:", i.sendMss());
    positive(b, " pmtu:", i.pmtu());
    positive(b, " rcvmss:", i.receiveMss());
    positive(b, " advmss:", i.advertisedMss());
    positive(b, " cwnd:", i.sendCwnd());
    if (i.sendSsthresh() < 0xFFFF) {
      positive(b, " ssthresh:", i.sendSsthresh());
    }
    positive(b, " bytes_sent:", i.bytesSent());
    positive(b, " bytes_retrans:", i.bytesRetrans());
    positive(b, " bytes_acked:", i.bytesAcked());
    positive(b, " bytes_received:", i.bytesReceived());
    positive(b, " segs_out:", i.segsOut());
    positive(b, " segs_in:", i.segsIn());
    positive(b, " data_segs_out:", i.dataSegsOut());
    positive(b, " data_segs_in:", i.dataSegsIn());
    double rtt = i.rtt();
    if (caType == 3 && ca.length >= 3 && ca[0] != 0 && ca[2] != 0 && ca[2] != 0x7fffffff) {
      rtt = ca[2]; // vegas measures its own RTT, and ss computes "send" from it
    }
    if (caType == 9 && ca.length >= 4) {
      if ((ca[0] & 0xffff) != 0) {
        b.append(" dctcp:(ce_state:").append(ca[0] >> 16).append(",alpha:").append(ca[1]);
        b.append(",ab_ecn:").append(ca[2]).append(",ab_tot:").append(ca[3]).append(')');
      } else {
        b.append(" dctcp:fallback_mode");
      }
    }
    if (caType == 16 && ca.length >= 5) {
      double bw = unsigned((ca[1] << 32) | ca[0]) * 8.0;
      b.append(" bbr:(bw:").append(bandwidth(bw)).append("bps,mrtt:").append(g(ca[2] / 1000.0));
      if (ca[3] != 0) {
        b.append(",pacing_gain:").append(g(ca[3] / 256.0));
      }
      if (ca[4] != 0) {
        b.append(",cwnd_gain:").append(g(ca[4] / 256.0));
      }
      b.append(')');
    }
    if (rtt > 0 && i.sendMss() != 0 && i.sendCwnd() != 0) {
      double sendBps = (double) i.sendCwnd() * (double) i.sendMss() * 8000000.0 / rtt;
      b.append(" send ").append(bandwidth(sendBps)).append("bps");
    }
    positive(b, " lastsnd:", i.lastDataSent());
    positive(b, " lastrcv:", i.lastDataReceived());
    positive(b, " lastack:", i.lastAckReceived());
    long pacing = i.pacingRate();
    if (pacing != 0 && pacing != -1) {
      b.append(" pacing_rate ").append(bandwidth(unsigned(pacing) * 8.0)).append("bps");
      long max = i.maxPacingRate();
      if (max != 0 && max != -1) {
        b.append('/').append(bandwidth(unsigned(max) * 8.0)).append("bps");
      }
    }
    if (i.deliveryRate() != 0) {
      b.append(" delivery_rate ");
      b.append(bandwidth(unsigned(i.deliveryRate()) * 8.0)).append("bps");
    }
    positive(b, " delivered:", i.delivered());
    positive(b, " delivered_ce:", i.deliveredCe());
    if (i.deliveryRateAppLimited()) {
      b.append(" app_limited");
    }
    long busy = i.busyTime();
    if (busy != 0) {
      b.append(" busy:").append(Long.divideUnsigned(busy, 1000)).append("ms");
      if (i.rwndLimited() != 0) {
        b.append(" rwnd_limited:").append(Long.divideUnsigned(i.rwndLimited(), 1000));
        b.append("ms(").append(percent(i.rwndLimited(), busy)).append("%)");
      }
      if (i.sndbufLimited() != 0) {
        b.append(" sndbuf_limited:").append(Long.divideUnsigned(i.sndbufLimited(), 1000));
        b.append("ms(").append(percent(i.sndbufLimited(), busy)).append("%)");
      }
    }
    positive(b, " unacked:", i.unacked());
    if (i.retrans() != 0 || i.totalRetrans() != 0) {
      b.append(" retrans:").append(i.retrans()).append('/').append(i.totalRetrans());
    }
    positive(b, " lost:", i.lost());
    if (i.sacked() != 0 && state != 10) {
      b.append(" sacked:").append(i.sacked());
    }
    positive(b, " dsack_dups:", i.dsackDups());
    positive(b, " fackets:", i.fackets());
    if (i.reordering() != 3) {
      b.append(" reordering:").append((int) i.reordering());
    }
    positive(b, " reord_seen:", i.reordSeen());
    if (i.receiveRtt() != 0) {
      b.append(" rcv_rtt:").append(g(i.receiveRtt() / 1000.0));
    }
    positive(b, " rcv_space:", i.receiveSpace());
    positive(b, " rcv_ssthresh:", i.receiveSsthresh());
    positive(b, " notsent:", i.notsentBytes());
    if (i.minRtt() != 0 && i.minRtt() != 0xffffffffL) {
      b.append(" minrtt:").append(g(i.minRtt() / 1000.0));
    }
    positive(b, " rcv_ooopack:", i.receiveOutOfOrder());
    positive(b, " snd_wnd:", i.sendWindow());
  }

  private static void positive(StringBuilder b, String label, long value) {
    if (value != 0) {
      b.append(label).append(Long.toUnsignedString(value));
    }
  }

  private static double unsigned(long value) {
    return value >= 0 ? value : value + 0x1p64;
  }

  private static String percent(long part, long whole) {
    return new BigDecimal(100.0 * unsigned(part) / unsigned(whole))
        .setScale(1, RoundingMode.HALF_EVEN)
        .toPlainString();
  }

  /** sprint_bw: "%.0f" with -n, else "%.3g" with T/G/M/k (powers of 1000), else "%g". */
  private String bandwidth(double bw) {
    if (args.numeric()) {
      return new BigDecimal(bw).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
    }
    if (bw >= 1e12) {
      return g(bw / 1e12, 3) + "T";
    }
    if (bw >= 1e9) {
      return g(bw / 1e9, 3) + "G";
    }
    if (bw >= 1e6) {
      return g(bw / 1e6, 3) + "M";
    }
    if (bw >= 1e3) {
      return g(bw / 1e3, 3) + "k";
    }
    return g(bw);
  }

  /** C's %g: six significant digits, trailing zeros dropped, exponent form outside 1e-4..1e6. */
  static String g(double v) {
    return g(v, 6);
  }

  /** C's %.Ng. */
  static String g(double v, int digits) {
    if (v == 0) {
      return "0";
    }
    BigDecimal rounded = new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN));
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent < -4 || exponent >= digits) {
      BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
      String m =
          mantissa.scale() <= 0 ? mantissa.toBigInteger().toString() : mantissa.toPlainString();
      String sign = exponent < 0 ? "-" : "+";
      int e = Math.abs(exponent);
      return m + "e" + sign + (e < 10 ? "0" : "") + e;
    }
    BigDecimal plain = rounded.stripTrailingZeros();
    return plain.scale() <= 0 ? plain.toBigInteger().toString() : plain.toPlainString();
  }
}
