package dev.netdiag.sockets;

/** Receives the records of a dump, one at a time, in table order. */
@FunctionalInterface
public interface SocketSink {
  void accept(SocketRecord record);

  /**
   * A refusal that ss reports on stderr and lists past ("RTNETLINK answers: Invalid argument" for
   * its legacy DCCP request on a kernel without DCCP); ignored by default.
   */
  default void refused(String message) {}
}
