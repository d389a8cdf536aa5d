package dev.netdiag.linux;

/**
 * Receives each message of a netlink dump as a range of a reused heap copy of its datagram. The
 * array is valid only during the call: parse what you need, keep no reference.
 */
@FunctionalInterface
public interface NetlinkBytesSink {
  /**
   * One message.
   *
   * @param type the nlmsg_type (for sock_diag: SOCK_DIAG_BY_FAMILY)
   * @param data the datagram's bytes
   * @param offset where the payload starts, after the 16-byte header
   * @param length the payload's length
   * @throws NetlinkParseException when the payload does not hold what its type promises
   */
  void accept(int type, byte[] data, int offset, int length) throws NetlinkParseException;
}
