package dev.netdiag.diagnose;

/** What a connect to one address found, in the words of the troubleshooting flow. */
public enum ProbeStatus {
  /** The handshake completed: something accepts connections there. */
  OPEN("open"),
  /** A reset came back: nothing listens, or a firewall rejects with a TCP reset. */
  REFUSED("refused"),
  /** No answer within the timeout: a SYN dropped on the way (filtered) or a host that is down. */
  TIMEOUT("timeout"),
  /**
   * An ICMP error or a local routing failure: no route, host or network unreachable, prohibited.
   */
  UNREACHABLE("unreachable"),
  /** Anything else the kernel reported. */
  ERROR("error");

  private final String word;

  ProbeStatus(String word) {
    this.word = word;
  }

  /** The lower-case word used in text and JSON. */
  public String word() {
    return word;
  }
}
