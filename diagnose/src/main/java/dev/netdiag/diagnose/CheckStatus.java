package dev.netdiag.diagnose;

/** How one check ended. */
public enum CheckStatus {
  /** The check ran and found nothing wrong. */
  OK("ok"),
  /** The check ran and found at least one problem. */
  PROBLEM("problem"),
  /** The check does not apply here, or could not run; the summary says why. */
  SKIPPED("skipped");

  private final String word;

  CheckStatus(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }
}
