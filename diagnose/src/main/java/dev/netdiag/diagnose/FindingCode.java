package dev.netdiag.diagnose;

/**
 * Every finding diagnose can report, with the code scripts rely on (issue 7, verbatim) and the
 * layer it belongs to.
 */
public enum FindingCode {
  DNS_NXDOMAIN("dns-nxdomain", Layer.NAME),
  DNS_SERVFAIL("dns-servfail", Layer.NAME),
  DNS_TIMEOUT("dns-timeout", Layer.NAME),
  DNS_NO_ADDRESS("dns-no-address", Layer.NAME),
  DNS_MISMATCH("dns-mismatch", Layer.NAME),
  REFUSED("refused", Layer.PATH),
  FILTERED("filtered", Layer.PATH),
  UNREACHABLE("unreachable", Layer.PATH),
  NOT_LISTENING("not-listening", Layer.LISTENER),
  LOOPBACK_ONLY("loopback-only", Layer.LISTENER),
  WRONG_FAMILY("wrong-family", Layer.LISTENER),
  BACKLOG_FULL("backlog-full", Layer.LISTENER),
  FIREWALL_DROP("firewall-drop", Layer.FIREWALL),
  FIREWALL_REJECT("firewall-reject", Layer.FIREWALL),
  CLOSE_WAIT_LEAK("close-wait-leak", Layer.HEALTH),
  TIME_WAIT_CHURN("time-wait-churn", Layer.HEALTH);

  private final String code;
  private final Layer layer;

  FindingCode(String code, Layer layer) {
    this.code = code;
    this.layer = layer;
  }

  /** The stable code: "dns-nxdomain", "firewall-drop". */
  public String code() {
    return code;
  }

  public Layer layer() {
    return layer;
  }
}
