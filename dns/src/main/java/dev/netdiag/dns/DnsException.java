package dev.netdiag.dns;

/** A DNS failure carrying a message ready to show to the user. */
public final class DnsException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The reply that ended a lookup without an answer to print, as dig reports it. */
  private final transient BadPacket badPacket;

  /**
   * A reply dig gives up on: BIND's parser refused it ({@code reason} is its result text, dig
   * prints "Got bad packet" and the bytes) or, over TCP, it was shorter than a header ({@code
   * reason} null).
   */
  public record BadPacket(String reason, byte[] wire) {}

  /**
   * The last try of a lookup that got no reply was a refused TCP connection or a socket that could
   * not be set up.
   */
  private final boolean refusedOverTcp;

  /** Creates the exception with a user-ready message. */
  public DnsException(String message) {
    this(message, false);
  }

  /**
   * The same, saying whether the lookup's last try was a refused TCP connection or a socket that
   * could not be set up (dig then ends the lookup at once, without the greeting it prints before
   * other failures).
   */
  public DnsException(String message, boolean refusedOverTcp) {
    super(message);
    this.badPacket = null;
    this.refusedOverTcp = refusedOverTcp;
    this.tlsFailure = null;
    this.idMismatch = null;
  }

  /** Whether the lookup's last try was a refused TCP connection or a socket not set up. */
  public boolean refusedOverTcp() {
    return refusedOverTcp;
  }

  /** The failure of a lookup whose reply dig could not use. */
  public DnsException(BadPacket badPacket) {
    super(badPacket.reason() == null ? "short (< header size) message" : badPacket.reason());
    this.badPacket = badPacket;
    this.refusedOverTcp = false;
    this.tlsFailure = null;
    this.idMismatch = null;
  }

  /**
   * A TLS connection that could not be set up; dig ends the lookup there, with exit code 0: {@code
   * line} is what it prints (";; TLS peer certificate verification for ... failed: ..."), null when
   * it prints nothing (a handshake that failed otherwise); {@code log} is what BIND's log printed
   * on stderr before it (OpenSSL's error for a client file it could not use), or null.
   */
  public record TlsFailure(String line, String log) {
    /** A failure with nothing logged. */
    public TlsFailure(String line) {
      this(line, null);
    }
  }

  private final transient TlsFailure tlsFailure;

  /** The failure of a lookup whose TLS connection could not be set up. */
  public DnsException(TlsFailure failure) {
    super(failure.line() == null ? "TLS handshake failed" : failure.line());
    this.badPacket = null;
    this.refusedOverTcp = false;
    this.tlsFailure = failure;
    this.idMismatch = null;
  }

  /** The TLS failure that ended the lookup, or null when the failure is another. */
  public TlsFailure tlsFailure() {
    return tlsFailure;
  }

  /** The reply that ended the lookup, or null when the failure is another. */
  public BadPacket badPacket() {
    return badPacket;
  }

  /**
   * A reply over a stream (TCP, TLS, HTTPS) with another id than the query's: dig ends the lookup
   * with ";; ERROR: ID mismatch: expected ID E, got G" (over UDP it only warns and waits on).
   */
  public record IdMismatch(int expected, int got) {}

  private final transient IdMismatch idMismatch;

  /** The failure of a lookup whose stream reply had another id. */
  public DnsException(IdMismatch mismatch) {
    super("ID mismatch: expected ID " + mismatch.expected() + ", got " + mismatch.got());
    this.badPacket = null;
    this.refusedOverTcp = false;
    this.tlsFailure = null;
    this.idMismatch = mismatch;
  }

  /** The id mismatch that ended the lookup, or null when the failure is another. */
  public IdMismatch idMismatch() {
    return idMismatch;
  }

  /** Creates the exception with a user-ready message and the underlying cause. */
  public DnsException(String message, Throwable cause) {
    super(message, cause);
    this.badPacket = null;
    this.refusedOverTcp = false;
    this.tlsFailure = null;
    this.idMismatch = null;
  }
}
