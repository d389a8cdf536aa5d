package dev.netdiag.diagnose;

/** One step of the troubleshooting flow. */
public interface Check {
  Layer layer();

  /** Runs the check; what earlier checks learned is in the state. Bounded by the options. */
  CheckResult run(DiagnoseState state) throws InterruptedException;
}
