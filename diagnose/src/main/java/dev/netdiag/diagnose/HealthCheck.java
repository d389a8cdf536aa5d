package dev.netdiag.diagnose;

import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.SocketState;
import dev.netdiag.sockets.SocketTableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Health: the connection states on the port of this host, counted (with --watch, twice, the window
 * apart). A CLOSE-WAIT pile, or one that grows across the window, is close-wait-leak: the peer
 * closed and the application never called close() — a bug in the application, not the network. A
 * TIME-WAIT pile is time-wait-churn: normal for short connections, a problem only when the local
 * port range runs short.
 */
public final class HealthCheck implements Check {
  /**
   * CLOSE-WAIT normally lasts until the application's next read: a handful is in flight, a pile
   * that stays is a leak.
   */
  static final int CLOSE_WAIT_PILE = 20;

  /** TIME-WAIT lasts 60 s per closed connection; below this many it is everyday churn. */
  static final int TIME_WAIT_PILE = 1000;

  @Override
  public Layer layer() {
    return Layer.HEALTH;
  }

  @Override
  public CheckResult run(DiagnoseState state) throws InterruptedException {
    long start = System.nanoTime();
    if (!state.targetIsLocal()) {
      return CheckResult.skipped(
          Layer.HEALTH,
          "the target is not an address of this host: run diagnose on the server",
          System.nanoTime() - start);
    }
    int port = state.target().port();
    Duration watch = state.options().watch();
    try {
      PortSockets first = state.portSockets();
      PortSockets last = first;
      if (!watch.isZero() && !watch.isNegative()) {
        Thread.sleep(watch);
        last = PortSockets.read(port, SocketState.ALL);
      }
      return judge(first, last, watch, localPortCount(), System.nanoTime() - start);
    } catch (SocketTableException e) {
      return CheckResult.skipped(
          Layer.HEALTH,
          "cannot read the socket table: " + e.getMessage(),
          System.nanoTime() - start);
    }
  }

  /**
   * The check's result for one or two reads of the table; public for tests on recorded sockets.
   *
   * @param first the first read
   * @param last the read at the end of the watch window (the first when there was no window)
   * @param watch the window, zero for one read
   * @param localPorts how many ports the local (ephemeral) port range has, 0 when unknown
   */
  public static CheckResult judge(
      PortSockets first, PortSockets last, Duration watch, int localPorts, long nanos) {
    int port = last.port();
    Map<SocketState, Integer> counts = new EnumMap<>(SocketState.class);
    for (SocketRecord socket : last.sockets()) {
      if (socket.state() != SocketState.LISTEN) {
        counts.merge(socket.state(), 1, Integer::sum);
      }
    }
    List<String> evidence = new ArrayList<>();
    evidence.add(states(port, counts));
    int closeWaitBefore = first.count(SocketState.CLOSE_WAIT);
    int closeWait = last.count(SocketState.CLOSE_WAIT);
    boolean watched = first != last;
    if (watched) {
      evidence.add(
          "CLOSE-WAIT "
              + closeWaitBefore
              + " -> "
              + closeWait
              + " over "
              + DurationText.format(watch));
    }
    List<Finding> findings = new ArrayList<>();
    boolean growing = watched && closeWait > closeWaitBefore;
    if (closeWait >= CLOSE_WAIT_PILE || growing) {
      List<String> leakEvidence = new ArrayList<>(evidence);
      Map<String, Integer> byOwner = new LinkedHashMap<>();
      for (SocketRecord socket : last.inState(SocketState.CLOSE_WAIT)) {
        byOwner.merge(last.owner(socket), 1, Integer::sum);
      }
      String worst = "";
      int worstCount = -1;
      for (Map.Entry<String, Integer> entry : byOwner.entrySet()) {
        leakEvidence.add(entry.getKey() + " holds " + entry.getValue() + " in CLOSE-WAIT");
        if (entry.getValue() > worstCount) {
          worst = entry.getKey();
          worstCount = entry.getValue();
        }
      }
      findings.add(
          new Finding.Health(
              FindingCode.CLOSE_WAIT_LEAK,
              closeWait
                  + " connections on port "
                  + port
                  + " sit in CLOSE-WAIT"
                  + (growing ? " and growing" : "")
                  + ", held by "
                  + worst
                  + ": the peers closed and the application never called close() — a bug"
                  + " in the application, not the network",
              leakEvidence,
              "ss -tanp state close-wait 'sport = :" + port + "'"));
    }
    int timeWait = last.count(SocketState.TIME_WAIT);
    if (timeWait >= TIME_WAIT_PILE) {
      String ports =
          localPorts > 0
              ? " (" + timeWait + " against a local port range of " + localPorts + ")"
              : "";
      boolean portsShort = localPorts > 0 && timeWait * 2 >= localPorts;
      findings.add(
          new Finding.Health(
              FindingCode.TIME_WAIT_CHURN,
              timeWait
                  + " connections on port "
                  + port
                  + " in TIME-WAIT: the normal trace of short connections (each lingers 60 s)"
                  + (portsShort
                      ? ", and enough to run the local ports short" + ports
                      : ", harmless unless local ports run short" + ports),
              evidence,
              "ss -tan state time-wait 'sport = :" + port + "'"));
    }
    String command = "ss -tanp 'sport = :" + port + "'";
    if (findings.isEmpty()) {
      return new CheckResult(
          Layer.HEALTH,
          CheckStatus.OK,
          "no CLOSE-WAIT or TIME-WAIT pile",
          evidence,
          command,
          List.of(),
          nanos);
    }
    return new CheckResult(
        Layer.HEALTH,
        CheckStatus.PROBLEM,
        findings.getFirst().summary(),
        evidence,
        command,
        findings,
        nanos);
  }

  private static String states(int port, Map<SocketState, Integer> counts) {
    if (counts.isEmpty()) {
      return "no connections on port " + port;
    }
    StringBuilder out = new StringBuilder("connections on port ").append(port).append(':');
    for (Map.Entry<SocketState, Integer> entry : counts.entrySet()) {
      out.append(' ').append(entry.getKey().ssName()).append(' ').append(entry.getValue());
    }
    return out.toString();
  }

  /** The size of net.ipv4.ip_local_port_range, or 0 when it cannot be read. */
  static int localPortCount() {
    return dev.netdiag.linux.LocalPortRange.read(new dev.netdiag.linux.LocalPortRange(1, 0)).size();
  }
}
