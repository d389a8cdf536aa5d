package dev.netdiag.dns;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.function.Consumer;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A full zone transfer (AXFR, RFC 5936) over one TCP connection: the query, then every reply
 * message until the answer stream closes with the zone's SOA again. Each wait (connect, each
 * message) is bounded by the timeout; nothing runs in the background.
 */
public final class ZoneTransfer {
  /** How a transfer ended. */
  public sealed interface Outcome {}

  /**
   * The stream ended as AXFR ends (or failed as dig reports it: "Transfer failed").
   *
   * @param complete true when the closing SOA came; false when the first message was not an SOA
   *     start (REFUSED, NOTAUTH, an empty answer)
   * @param records answer records received
   * @param messages messages received
   * @param bytes their total size on the wire
   * @param rttNanos time from sending to the last message
   */
  public record Done(boolean complete, int records, int messages, long bytes, long rttNanos)
      implements Outcome {}

  /** The server did not accept the connection. */
  public record Refused() implements Outcome {}

  /** The connection or a message did not come in time. */
  public record TimedOut() implements Outcome {}

  /**
   * The connection ended or was reset before the transfer did; {@code reason} is BIND's text ("end
   * of file", "connection reset").
   */
  public record Broken(String reason) implements Outcome {}

  /**
   * Over TLS, a connection dig does not transfer zones on (dighost.c isc_nm_xfr_checkperm): {@code
   * reason} is BIND's text ("ALPN for DoT failed": the server did not agree to ALPN "dot").
   */
  public record NotAllowed(String reason) implements Outcome {}

  /** The socket could not be set up (its source address cannot be bound): BIND's text for why. */
  public record SetupFailed(String reason) implements Outcome {}

  /**
   * A message of the stream BIND's parser refuses (a malformed record, an NSEC3 owner that is no
   * hash): dig reports it as a bad packet and the transfer ends there, after the records of the
   * messages before it.
   */
  public record BadReply(DnsException.BadPacket bad) implements Outcome {}

  private ZoneTransfer() {}

  // Where the answer stream stands: the first SOA's serial, what followed it, the repeats seen.
  private static final class Progress {
    private final long ixfrSerial;
    private int seen;
    private long firstSerial;
    private boolean axfrStyle;
    private boolean firstRepeated;

    Progress(long ixfrSerial) {
      this.ixfrSerial = ixfrSerial;
    }

    // True when this record ends the transfer.
    boolean done(Record r) {
      seen++;
      boolean soa = r instanceof org.xbill.DNS.SOARecord;
      long serial = soa ? ((org.xbill.DNS.SOARecord) r).getSerial() : 0;
      if (seen == 1) {
        firstSerial = serial;
        return ixfrSerial >= 0 && ixfrSerial >= serial;
      }
      if (seen == 2) {
        if (!soa) {
          axfrStyle = true;
          return false;
        }
        // AXFR: the second SOA closes; IXFR: the same serial again is an empty difference.
        return ixfrSerial < 0 || serial == firstSerial;
      }
      if (!soa) {
        return false;
      }
      if (ixfrSerial < 0 || axfrStyle) {
        return true;
      }
      if (serial == firstSerial) {
        if (firstRepeated) {
          return true;
        }
        firstRepeated = true;
      }
      return false;
    }
  }

  /**
   * Runs the transfer, handing each reply message to {@code messages} as it arrives, as an exchange
   * with its size and the time since the query went out (a refusing first message too, before the
   * outcome says the transfer failed).
   *
   * @param query the AXFR query
   * @param server where to ask
   * @param source local address to send from, or null
   * @param timeoutNanos the bound of the connect and of each message
   */
  public static Outcome run(
      Message query,
      InetSocketAddress server,
      InetSocketAddress source,
      long timeoutNanos,
      Consumer<Exchange> messages)
      throws DnsException {
    return run(query, -1, server, source, timeoutNanos, null, messages);
  }

  /**
   * The same for an IXFR (RFC 1995) from {@code ixfrSerial} (-1 for AXFR): the stream ends on a
   * lone SOA when the client is current, at the second SOA of an AXFR-style answer, or when the new
   * SOA comes back a second time in an incremental one — dig's check_for_more_data rules. With
   * {@code tls} the transfer runs over TLS (XoT, RFC 9103), on a connection that agreed to ALPN
   * "dot" as dig requires; a handshake that fails with nothing to say is a failed transfer.
   */
  public static Outcome run(
      Message query,
      long ixfrSerial,
      InetSocketAddress server,
      InetSocketAddress source,
      long timeoutNanos,
      TlsSettings tls,
      Consumer<Exchange> messages)
      throws DnsException {
    TlsCheck check = tls == null ? null : TlsCheck.forLookup(tls);
    long start = System.nanoTime();
    byte[] wire = query.toWire(Message.MAXLENGTH);
    int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutNanos / 1_000_000));
    Transport transport = tls == null ? Transport.TCP : Transport.TLS;
    try (Socket plain = new Socket()) {
      Socket socket = plain;
      String setup = TcpTransport.connect(plain, source, server, start + timeoutNanos);
      if (setup != null) {
        return new SetupFailed(setup);
      }
      if (check != null) {
        try {
          socket =
              TcpTransport.handshake(check, plain, server, System.nanoTime() + timeoutNanos, false);
        } catch (DnsException e) {
          if (e.tlsFailure() != null && e.tlsFailure().line() == null) {
            return new Done(false, 0, 0, 0, System.nanoTime() - start);
          }
          throw e;
        }
        if (!"dot".equals(((javax.net.ssl.SSLSocket) socket).getApplicationProtocol())) {
          return new NotAllowed("ALPN for DoT failed");
        }
      }
      socket.setSoTimeout(timeoutMillis);
      TcpTransport.send(socket, wire);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int records = 0;
      int count = 0;
      long bytes = 0;
      Progress progress = new Progress(ixfrSerial);
      while (true) {
        int length = in.readUnsignedShort();
        byte[] reply = new byte[length];
        in.readFully(reply);
        // Each message read as dig reads any reply (BIND's rules, not only dnsjava's).
        ReplyReader.Read read = ReplyReader.read(reply, true);
        if (read instanceof ReplyReader.Bad bad) {
          return new BadReply(new DnsException.BadPacket(bad.reason(), reply));
        }
        Message message = ((ReplyReader.Parsed) read).message();
        count++;
        bytes += length;
        if (count == 1 && message.getHeader().getID() != query.getHeader().getID()) {
          // dighost.c: the first message with another id ends the transfer with an ERROR line.
          // A later one, after the first SOA, is the consumer's to warn of (once, as dig does)
          // and is read on.
          throw new DnsException(
              new DnsException.IdMismatch(query.getHeader().getID(), message.getHeader().getID()));
        }
        var answer = message.getSection(Section.ANSWER);
        messages.accept(
            new Exchange(query, message, server, transport, System.nanoTime() - start, length));
        if (count == 1
            && (message.getRcode() != Rcode.NOERROR
                || answer.isEmpty()
                || answer.getFirst().getType() != Type.SOA)) {
          return new Done(false, 0, count, bytes, System.nanoTime() - start);
        }
        for (Record r : answer) {
          records++;
          if (progress.done(r)) {
            return new Done(true, records, count, bytes, System.nanoTime() - start);
          }
        }
      }
    } catch (SocketTimeoutException e) {
      return new TimedOut();
    } catch (ConnectException e) {
      return new Refused();
    } catch (EOFException e) {
      return new Broken("end of file");
    } catch (java.net.SocketException e) {
      String reason = TcpTransport.broken(e);
      if (reason != null) {
        return new Broken(reason);
      }
      throw new DnsException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    } catch (IOException e) {
      throw new DnsException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
  }
}
