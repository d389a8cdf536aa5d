package dev.netdiag.diagnose;

import dev.netdiag.linux.GaiStatus;
import dev.netdiag.linux.Resolution;

/** How a getaddrinfo lookup ended, in the words of the troubleshooting flow. */
public enum ResolutionStatus {
  OK("ok", "resolves"),
  NXDOMAIN("nxdomain", "does not resolve: no such name (NXDOMAIN or not in /etc/hosts)"),
  NO_ADDRESS("no-address", "exists but has no address of the asked family (no A/AAAA)"),
  TEMPORARY_FAILURE(
      "temporary-failure", "temporary failure in name resolution: DNS timed out or SERVFAIL"),
  FAILURE("failure", "non-recoverable failure in name resolution (server refused or failed)"),
  TIMEOUT("resolve-timeout", "name lookup did not finish in time"),
  ERROR("resolve-error", "name lookup failed");

  private final String word;
  private final String description;

  ResolutionStatus(String word, String description) {
    this.word = word;
    this.description = description;
  }

  /** The lower-case word used in text and JSON. */
  public String word() {
    return word;
  }

  /** A phrase for people. */
  public String description() {
    return description;
  }

  /** The status of a lookup. */
  public static ResolutionStatus of(Resolution resolution) {
    if (resolution.timedOut()) {
      return TIMEOUT;
    }
    int code = resolution.status().code();
    if (code == GaiStatus.OK.code()) {
      return resolution.addresses().isEmpty() ? NO_ADDRESS : OK;
    }
    if (code == GaiStatus.NONAME.code()) {
      return NXDOMAIN;
    }
    if (code == GaiStatus.NODATA.code() || code == GaiStatus.ADDRFAMILY.code()) {
      return NO_ADDRESS;
    }
    if (code == GaiStatus.AGAIN.code()) {
      return TEMPORARY_FAILURE;
    }
    if (code == GaiStatus.FAIL.code()) {
      return FAILURE;
    }
    return ERROR;
  }
}
