package dev.netdiag.diagnose;

/**
 * The listener and health checks, which read the socket table (sock_diag, with each socket's
 * process). They need the sockets module from the ss work, which is not merged into this branch
 * yet: until it is, they report themselves skipped and say so, rather than read sockets a second
 * way.
 */
public final class SocketTableCheck implements Check {
  private final Layer layer;

  public SocketTableCheck(Layer layer) {
    this.layer = layer;
  }

  @Override
  public Layer layer() {
    return layer;
  }

  @Override
  public CheckResult run(DiagnoseState state) {
    if (!state.targetIsLocal()) {
      return CheckResult.skipped(
          layer, "the target is not an address of this host: run diagnose on the server", 0);
    }
    String port = Integer.toString(state.target().port());
    String what =
        layer == Layer.LISTENER
            ? "listening sockets (run: ss -tlnp 'sport = :" + port + "')"
            : "connection states (run: ss -tanp 'sport = :" + port + "')";
    return CheckResult.skipped(
        layer, "not built yet: " + what + " need the sockets module (branch ss), not merged", 0);
  }
}
