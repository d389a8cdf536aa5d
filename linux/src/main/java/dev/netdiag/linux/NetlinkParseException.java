package dev.netdiag.linux;

/** A netlink message or attribute shorter than its layout requires, naming what ran out. */
public final class NetlinkParseException extends Exception {
  private static final long serialVersionUID = 1L;

  public NetlinkParseException(String message) {
    super(message);
  }
}
