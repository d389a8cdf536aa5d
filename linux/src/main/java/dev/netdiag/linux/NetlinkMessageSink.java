package dev.netdiag.linux;

import java.lang.foreign.MemorySegment;

/**
 * Receives each message of a netlink dump while its bytes are still in the receive buffer. The
 * segment is valid only during the call: parse what you need, keep no reference.
 */
@FunctionalInterface
public interface NetlinkMessageSink {
  /**
   * One message.
   *
   * @param type the nlmsg_type (for sock_diag: SOCK_DIAG_BY_FAMILY)
   * @param payload exactly the payload bytes, after the 16-byte header
   * @throws NetlinkParseException when the payload does not hold what its type promises
   */
  void accept(int type, MemorySegment payload) throws NetlinkParseException;
}
