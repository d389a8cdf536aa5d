package dev.netdiag.sockets;

/** Receives the records of a dump, one at a time, in table order. */
@FunctionalInterface
public interface SocketSink {
  void accept(SocketRecord record);
}
