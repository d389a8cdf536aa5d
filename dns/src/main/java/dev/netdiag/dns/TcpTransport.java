package dev.netdiag.dns;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;

/** One TCP try (RFC 1035 4.2.2: each message behind a two-byte length), bounded by a deadline. */
final class TcpTransport {
  private TcpTransport() {}

  /** One try; {@code connected} runs once the connection is up, before the query is written. */
  static UdpTransport.Outcome exchange(
      byte[] query,
      InetSocketAddress server,
      InetSocketAddress source,
      long timeoutNanos,
      Runnable connected,
      TlsCheck tls,
      DohSettings doh)
      throws DnsException {
    long start = System.nanoTime();
    long deadline = start + timeoutNanos;
    Socket plain = new Socket();
    try (Socket closing = plain) {
      Socket socket = plain;
      String setup = connect(plain, source, server, deadline);
      if (setup != null) {
        return new UdpTransport.SetupFailed(setup);
      }
      if (tls != null) {
        socket = handshake(tls, plain, server, deadline, doh != null);
        if (socket == null) {
          // dighost.c: an HTTPS connection whose TLS failed fails as a refused one does.
          return new UdpTransport.SetupFailed("TLS error");
        }
      }
      connected.run();
      // dighost.c times a stream's query from its sending, once the connection (and TLS) is up.
      long sent = System.nanoTime();
      if (doh != null) {
        socket.setSoTimeout(millisLeft(deadline));
        return DohExchange.exchange(socket, query, server, doh, sent, deadline);
      }
      send(socket, query);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      socket.setSoTimeout(millisLeft(deadline));
      int length = in.readUnsignedShort();
      byte[] reply = new byte[length];
      socket.setSoTimeout(millisLeft(deadline));
      in.readFully(reply);
      return new UdpTransport.Reply(reply, System.nanoTime() - sent);
    } catch (SocketTimeoutException e) {
      return new UdpTransport.Timeout();
    } catch (Http2Frame.ProtocolFailure e) {
      return new UdpTransport.Broken("failure");
    } catch (ConnectException e) {
      return new UdpTransport.Unreachable();
    } catch (EOFException e) {
      // dighost.c: the try is used up with ";; communications error", and the next one goes on.
      return new UdpTransport.Broken("end of file");
    } catch (java.net.SocketException e) {
      String reason = broken(e);
      if (reason != null) {
        return new UdpTransport.Broken(reason);
      }
      throw new DnsException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    } catch (IOException e) {
      throw new DnsException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
  }

  /**
   * Binds the socket to the source (when one is given) and connects it to the server within the
   * deadline; returns dig's words for a source it cannot bind (-b), or null once connected.
   */
  static String connect(
      Socket socket, InetSocketAddress source, InetSocketAddress server, long deadline)
      throws IOException {
    if (source != null) {
      try {
        socket.bind(source);
      } catch (java.net.BindException e) {
        String reason = UdpTransport.bindFailure(e);
        if (reason != null) {
          return reason;
        }
        throw e;
      }
    }
    socket.setTcpNoDelay(true);
    socket.connect(server, millisLeft(deadline));
    return null;
  }

  // TLS over the connected socket, within the try's deadline; a failed handshake ends the lookup
  // as dig ends it: one line for a certificate it could not verify, nothing otherwise. For HTTP/2
  // (ALPN "h2") a failure with nothing to say is left to the caller: null.
  static Socket handshake(
      TlsCheck check, Socket plain, InetSocketAddress server, long deadline, boolean h2)
      throws IOException, DnsException {
    javax.net.ssl.SSLContext context = check.contextFor(server);
    TlsSettings tls = check.settings();
    String host = tls.hostname() != null ? tls.hostname() : server.getAddress().getHostAddress();
    javax.net.ssl.SSLSocket socket =
        (javax.net.ssl.SSLSocket)
            context.getSocketFactory().createSocket(plain, host, server.getPort(), true);
    if (tls.hostname() != null) {
      try {
        javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName(tls.hostname())));
        socket.setSSLParameters(parameters);
      } catch (IllegalArgumentException e) {
        // Not a name SNI can carry (an address, a trailing dot...): the handshake goes without.
      }
    }
    // ALPN as dig offers it: "h2" for HTTP/2, "dot" for DNS over TLS (RFC 7858's registration).
    javax.net.ssl.SSLParameters alpn = socket.getSSLParameters();
    alpn.setApplicationProtocols(new String[] {h2 ? "h2" : "dot"});
    socket.setSSLParameters(alpn);
    socket.setSoTimeout(millisLeft(deadline));
    try {
      socket.startHandshake();
    } catch (IOException e) {
      // A handshake that times out ends the lookup silently too, after one try.
      String reason = check.failure();
      if (reason == null && h2) {
        return null;
      }
      throw new DnsException(
          new DnsException.TlsFailure(
              reason == null
                  ? null
                  : ";; TLS peer certificate verification for "
                      + Servers.text(server)
                      + " failed: "
                      + reason));
    }
    return socket;
  }

  /**
   * BIND's text for a connection the server reset (ECONNRESET, or EPIPE on a write, which libuv's
   * result mapping also reports as a reset), or null for other socket failures.
   */
  static String broken(java.net.SocketException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("Connection reset") || message.contains("Broken pipe")) {
      return "connection reset";
    }
    return null;
  }

  /** Writes one message behind its two-byte length (RFC 1035 4.2.2). */
  static void send(Socket socket, byte[] message) throws IOException {
    byte[] framed = new byte[message.length + 2];
    framed[0] = (byte) (message.length >>> 8);
    framed[1] = (byte) message.length;
    System.arraycopy(message, 0, framed, 2, message.length);
    OutputStream out = socket.getOutputStream();
    out.write(framed);
    out.flush();
  }

  private static int millisLeft(long deadline) throws SocketTimeoutException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException();
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000));
  }
}
