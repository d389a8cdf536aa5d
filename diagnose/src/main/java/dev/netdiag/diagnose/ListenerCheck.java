package dev.netdiag.diagnose;

import dev.netdiag.linux.AddressText;
import dev.netdiag.sockets.SocketRecord;
import dev.netdiag.sockets.SocketState;
import dev.netdiag.sockets.SocketTableException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Listener: when the target is this host, the sockets listening on its port (sock_diag) and the
 * processes behind them. Names not-listening (nothing bound, or bound to other addresses only),
 * loopback-only (bound to 127.0.0.1 or ::1 while the target is not loopback: remote clients are
 * refused), wrong-family (an IPv6-only listener for an IPv4 target, or the reverse) and
 * backlog-full (the accept queue at its limit: the process does not call accept()).
 */
public final class ListenerCheck implements Check {
  @Override
  public Layer layer() {
    return Layer.LISTENER;
  }

  @Override
  public CheckResult run(DiagnoseState state) {
    long start = System.nanoTime();
    if (!state.targetIsLocal()) {
      return CheckResult.skipped(
          Layer.LISTENER,
          "the target is not an address of this host: run diagnose on the server",
          System.nanoTime() - start);
    }
    PortSockets sockets;
    try {
      sockets = state.portSockets();
    } catch (SocketTableException e) {
      return CheckResult.skipped(
          Layer.LISTENER,
          "cannot read the socket table: " + e.getMessage(),
          System.nanoTime() - start);
    }
    List<InetAddress> targets = state.target().local() ? List.of() : state.localAddresses();
    return judge(targets, sockets, System.nanoTime() - start);
  }

  /**
   * The check's result for one read of the table; public for tests on recorded sockets.
   *
   * @param targets the target's addresses on this host; empty for `:port` (any address)
   */
  public static CheckResult judge(List<InetAddress> targets, PortSockets sockets, long nanos) {
    int port = sockets.port();
    String command = "ss -tlnp 'sport = :" + port + "'";
    List<SocketRecord> listeners = sockets.inState(SocketState.LISTEN);
    List<String> evidence = new ArrayList<>();
    for (SocketRecord listener : listeners) {
      String users = sockets.users(listener);
      evidence.add(
          "LISTEN "
              + PortSockets.local(listener)
              + "  accept queue "
              + listener.receiveQueue()
              + " of "
              + listener.sendQueue()
              + (users.isEmpty() ? "" : "  " + users));
    }
    int synRecv = sockets.count(SocketState.SYN_RECV) + sockets.count(SocketState.NEW_SYN_RECV);
    if (synRecv > 0) {
      evidence.add(synRecv + " connection(s) in SYN-RECV (handshake not finished)");
    }
    if (listeners.isEmpty()) {
      evidence.add("no socket listens on TCP port " + port);
      Finding finding =
          new Finding.Listener(
              FindingCode.NOT_LISTENING,
              "nothing listens on TCP port " + port + " on this host: no process has bound it",
              evidence,
              command);
      return result(CheckStatus.PROBLEM, finding.summary(), evidence, command, finding, nanos);
    }
    Map<FindingCode, Finding> findings = new LinkedHashMap<>();
    for (SocketRecord listener : listeners) {
      long queued = listener.receiveQueue();
      long backlog = listener.sendQueue();
      if (queued > 0 && queued >= backlog) {
        findings.putIfAbsent(
            FindingCode.BACKLOG_FULL,
            new Finding.Listener(
                FindingCode.BACKLOG_FULL,
                "the accept queue of "
                    + PortSockets.local(listener)
                    + " is full ("
                    + queued
                    + " waiting, backlog "
                    + backlog
                    + "): "
                    + sockets.owner(listener)
                    + " does not call accept(), so the kernel drops new handshakes",
                evidence,
                command));
      }
    }
    boolean allLoopback = listeners.stream().allMatch(ListenerCheck::loopback);
    if (targets.isEmpty()) {
      if (allLoopback) {
        findings.putIfAbsent(
            FindingCode.LOOPBACK_ONLY, loopbackOnly(port, "any address", listeners, evidence));
      }
    } else {
      for (InetAddress target : targets) {
        if (listeners.stream().anyMatch(l -> accepts(l, target))) {
          continue;
        }
        int length = target.getAddress().length;
        boolean otherFamily = listeners.stream().noneMatch(l -> l.localAddress().length == length);
        String where = PortSockets.local(listeners.getFirst());
        if (allLoopback && !target.isLoopbackAddress()) {
          findings.putIfAbsent(
              FindingCode.LOOPBACK_ONLY,
              loopbackOnly(port, AddressText.format(target), listeners, evidence));
        } else if (otherFamily) {
          String family = target instanceof Inet4Address ? "IPv6" : "IPv4";
          findings.putIfAbsent(
              FindingCode.WRONG_FAMILY,
              new Finding.Listener(
                  FindingCode.WRONG_FAMILY,
                  "port "
                      + port
                      + " listens on "
                      + family
                      + " only ("
                      + where
                      + "), but the target "
                      + AddressText.format(target)
                      + " is "
                      + (target instanceof Inet4Address ? "IPv4" : "IPv6")
                      + ": its clients are refused",
                  evidence,
                  command));
        } else {
          findings.putIfAbsent(
              FindingCode.NOT_LISTENING,
              new Finding.Listener(
                  FindingCode.NOT_LISTENING,
                  "nothing listens on "
                      + AddressText.format(target)
                      + " port "
                      + port
                      + ": the listener is bound to "
                      + where
                      + " only",
                  evidence,
                  command));
        }
      }
    }
    if (findings.isEmpty()) {
      String summary =
          listeners.size() == 1
              ? sockets.owner(listeners.getFirst())
                  + " listens on "
                  + PortSockets.local(listeners.getFirst())
              : listeners.size() + " sockets listen on port " + port;
      return new CheckResult(
          Layer.LISTENER, CheckStatus.OK, summary, evidence, command, List.of(), nanos);
    }
    List<Finding> list = List.copyOf(findings.values());
    return new CheckResult(
        Layer.LISTENER,
        CheckStatus.PROBLEM,
        list.getFirst().summary(),
        evidence,
        command,
        list,
        nanos);
  }

  private static CheckResult result(
      CheckStatus status,
      String summary,
      List<String> evidence,
      String command,
      Finding finding,
      long nanos) {
    return new CheckResult(
        Layer.LISTENER, status, summary, evidence, command, List.of(finding), nanos);
  }

  private static Finding loopbackOnly(
      int port, String target, List<SocketRecord> listeners, List<String> evidence) {
    return new Finding.Listener(
        FindingCode.LOOPBACK_ONLY,
        "port "
            + port
            + " listens on loopback only ("
            + PortSockets.local(listeners.getFirst())
            + "), not on "
            + target
            + ": clients on other hosts are refused (bind to 0.0.0.0 or the service address)",
        evidence,
        "ss -tlnp 'sport = :" + port + "'");
  }

  private static boolean loopback(SocketRecord listener) {
    return !SocketRecord.isWildcard(listener.localAddress())
        && listener.localInetAddress().isLoopbackAddress();
  }

  /** True when a connection to the target address would reach the listener. */
  static boolean accepts(SocketRecord listener, InetAddress target) {
    byte[] bound = listener.localAddress();
    byte[] wanted = target.getAddress();
    if (SocketRecord.isWildcard(bound)) {
      // An IPv6 wildcard without IPV6_V6ONLY is dual-stack: it takes IPv4 too.
      return bound.length == wanted.length || (bound.length == 16 && !listener.v6only());
    }
    if (bound.length == wanted.length) {
      return Arrays.equals(bound, wanted);
    }
    // A listener on ::ffff:a.b.c.d takes IPv4 connections to a.b.c.d.
    return bound.length == 16 && wanted.length == 4 && mapped(bound, wanted);
  }

  private static boolean mapped(byte[] v6, byte[] v4) {
    for (int i = 0; i < 10; i++) {
      if (v6[i] != 0) {
        return false;
      }
    }
    return (v6[10] & 0xff) == 0xff
        && (v6[11] & 0xff) == 0xff
        && Arrays.equals(Arrays.copyOfRange(v6, 12, 16), v4);
  }
}
