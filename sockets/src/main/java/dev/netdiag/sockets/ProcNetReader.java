package dev.netdiag.sockets;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the inet tables of /proc/net (tcp, tcp6, udp, udp6, udplite, udplite6, raw, raw6). Line
 * layout (net/ipv4/tcp_ipv4.c get_tcp4_sock, udp.c udp4_format_sock):
 *
 * <pre>
 * sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
 * 0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 12345 ...
 * </pre>
 *
 * Addresses are hex of 32-bit words in host (little-endian) order; ports are plain hex. The file
 * has no cookie, interface, backlog or V6ONLY flag: those read as 0/false (a listener's Send-Q is 0
 * here).
 */
final class ProcNetReader {
  private final Path procRoot;

  ProcNetReader(Path procRoot) {
    this.procRoot = procRoot;
  }

  void dump(SocketQuery query, SocketSink sink) throws SocketTableException {
    for (Transport transport : query.transports()) {
      for (IpFamily family : query.families()) {
        String base =
            switch (transport) {
              case TCP -> "tcp";
              case UDP -> "udp";
              case UDPLITE -> "udplite";
              case RAW -> "raw";
              case MPTCP, DCCP, SCTP -> null; // no /proc/net file that ss reads
            };
        if (base == null) {
          continue;
        }
        Path file = procRoot.resolve("net").resolve(family == IpFamily.INET6 ? base + "6" : base);
        read(file, transport, family, query, sink);
      }
    }
  }

  private static void read(
      Path file, Transport transport, IpFamily family, SocketQuery query, SocketSink sink)
      throws SocketTableException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      reader.readLine(); // header
      String line;
      while ((line = reader.readLine()) != null) {
        SocketRecord record = parse(line, transport, family);
        if (record != null && query.wants(record.state()) && query.filter().matches(record)) {
          sink.accept(record);
        }
      }
    } catch (NoSuchFileException e) {
      // The protocol is not built or the family is disabled: nothing to list.
    } catch (IOException e) {
      throw new SocketTableException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** One table line, or null when it is not a socket line. */
  static SocketRecord parse(String line, Transport transport, IpFamily family) {
    Fields f = new Fields(line);
    if (!f.next()) {
      return null; // "sl"
    }
    int length = family.addressLength();
    byte[] local = new byte[length];
    byte[] remote = new byte[length];
    if (!f.next()) {
      return null;
    }
    int localPort = f.address(local);
    if (localPort < 0 || !f.next()) {
      return null;
    }
    int remotePort = f.address(remote);
    if (remotePort < 0 || !f.next()) {
      return null;
    }
    int state = (int) f.hex(f.start, f.end);
    if (!f.next()) {
      return null;
    }
    int colon = line.indexOf(':', f.start);
    long tx = f.hex(f.start, colon);
    long rx = f.hex(colon + 1, f.end);
    if (!f.next()) {
      return null;
    }
    colon = line.indexOf(':', f.start);
    int timer = (int) f.hex(f.start, colon);
    long when = f.hex(colon + 1, f.end);
    if (!f.next()) {
      return null;
    }
    int retransmits = (int) f.hex(f.start, f.end);
    if (!f.next()) {
      return null;
    }
    int uid = (int) f.decimal();
    if (!f.next() || !f.next()) {
      return null; // timeout
    }
    long inode = f.decimal();
    // tm->when is in jiffies (USER_HZ = 100 on every architecture netdiag runs on).
    return new SocketRecord(
        transport,
        family,
        SocketState.of(state),
        local,
        localPort,
        remote,
        remotePort,
        0,
        rx,
        tx,
        uid,
        inode,
        0,
        // The tr codes are inet_diag's timer codes (1 retransmit, 2 keepalive, 3 TIME-WAIT, 4
        // probe).
        TcpTimer.of(timer),
        retransmits,
        when * 10,
        false,
        null,
        0,
        0); // /proc/net has no mark; ss reads it as 0 too
  }

  /** A cursor over the space-separated fields of one line. */
  private static final class Fields {
    private final String line;
    int start;
    int end;

    Fields(String line) {
      this.line = line;
    }

    boolean next() {
      int i = end;
      while (i < line.length() && line.charAt(i) == ' ') {
        i++;
      }
      if (i >= line.length()) {
        return false;
      }
      start = i;
      while (i < line.length() && line.charAt(i) != ' ') {
        i++;
      }
      end = i;
      return true;
    }

    long hex(int from, int to) {
      long value = 0;
      for (int i = from; i < to; i++) {
        value = (value << 4) | Character.digit(line.charAt(i), 16);
      }
      return value;
    }

    long decimal() {
      long value = 0;
      for (int i = start; i < end; i++) {
        value = value * 10 + (line.charAt(i) - '0');
      }
      return value;
    }

    /** Parses ADDR:PORT into the array; returns the port or -1 when malformed. */
    int address(byte[] into) {
      int colon = line.indexOf(':', start);
      if (colon < 0 || colon - start != into.length * 2) {
        return -1;
      }
      for (int word = 0; word < into.length / 4; word++) {
        long value = hex(start + word * 8, start + word * 8 + 8);
        // Each 32-bit word was printed from host (little-endian) memory.
        into[word * 4] = (byte) value;
        into[word * 4 + 1] = (byte) (value >> 8);
        into[word * 4 + 2] = (byte) (value >> 16);
        into[word * 4 + 3] = (byte) (value >> 24);
      }
      return (int) hex(colon + 1, end);
    }
  }
}
