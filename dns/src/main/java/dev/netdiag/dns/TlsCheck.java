package dev.netdiag.dns;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS side of dig's {@code +tls}: no check at all by default; with {@code +tls-ca} the server's
 * chain must lead to a trusted certificate and name the expected host ({@code +tls-hostname}, else
 * the server's address), and a failure is named as OpenSSL's X509_verify_cert_error_string names
 * it, which dig prints.
 */
final class TlsCheck {
  private final TlsSettings settings;
  // Made once for the lookup (the trusted store read once, not at every try).
  private final SSLContext context;
  // The server of the handshake under way, and why its certificate was refused, in OpenSSL's
  // words (null while it was not).
  private InetSocketAddress server;
  private volatile String failure;

  /** The lookup's TLS set-up; fails when the CA file or the client's files cannot be read. */
  TlsCheck(TlsSettings settings) throws IOException, GeneralSecurityException {
    this.settings = settings;
    this.context = context();
  }

  /**
   * The lookup's TLS set-up, or dig's failure when the CA file or the client's files cannot be read
   * (";; TLS context cannot be created", after BIND's log line for a client file OpenSSL refused).
   */
  static TlsCheck forLookup(TlsSettings settings) throws DnsException {
    try {
      return new TlsCheck(settings);
    } catch (ClientFileFailure e) {
      throw new DnsException(
          new DnsException.TlsFailure(";; TLS context cannot be created", logLine(e.getMessage())));
    } catch (IOException | GeneralSecurityException e) {
      throw new DnsException(new DnsException.TlsFailure(";; TLS context cannot be created"));
    }
  }

  // A line of BIND's log as dig prints it on stderr: "03-Dec-2026 14:40:01.137 message", local
  // time; without libc for the local time, UTC.
  private static String logLine(String message) {
    long now = System.currentTimeMillis();
    String time;
    try {
      time = dev.netdiag.linux.LocalClock.format(now / 1000, "%d-%b-%Y %H:%M:%S");
    } catch (dev.netdiag.linux.NativeException e) {
      time =
          java.time.format.DateTimeFormatter.ofPattern(
                  "dd-MMM-yyyy HH:mm:ss", java.util.Locale.ROOT)
              .format(
                  java.time.LocalDateTime.ofEpochSecond(now / 1000, 0, java.time.ZoneOffset.UTC));
    }
    long millis = now % 1000;
    return time + (millis < 10 ? ".00" : millis < 100 ? ".0" : ".") + millis + " " + message + "\n";
  }

  TlsSettings settings() {
    return settings;
  }

  /** The context for a handshake with this server, the check made ready for it. */
  SSLContext contextFor(InetSocketAddress server) {
    this.server = server;
    this.failure = null;
    return context;
  }

  String failure() {
    return failure;
  }

  private SSLContext context() throws IOException, GeneralSecurityException {
    X509TrustManager trust = settings.caFile() == null ? null : anchors(settings.caFile());
    javax.net.ssl.KeyManager[] keys = null;
    if (settings.certFile() != null && settings.keyFile() != null) {
      keys = clientKeys(settings.certFile(), settings.keyFile());
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys, new TrustManager[] {new Checking(trust)}, null);
    return context;
  }

  // The trusted certificates: the system's (the JDK's cacerts) or a PEM file's.
  private static X509TrustManager anchors(String caFile)
      throws IOException, GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (caFile.isEmpty()) {
      factory.init((KeyStore) null);
    } else {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : certificates(caFile)) {
        store.setCertificateEntry("ca" + i++, c);
      }
      if (i == 0) {
        throw new CertificateException("no certificate in " + caFile);
      }
      factory.init(store);
    }
    for (TrustManager m : factory.getTrustManagers()) {
      if (m instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }

  private static Collection<? extends Certificate> certificates(String file)
      throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
  }

  /**
   * A client file OpenSSL could not use, as BIND logs it: the call that failed, the file, and
   * OpenSSL's error (0A080002 "system lib" for a file it cannot open, 0A080009 "PEM lib" for one
   * without what it wants).
   */
  static final class ClientFileFailure extends GeneralSecurityException {
    ClientFileFailure(String call, String file, boolean unopened) {
      super(
          call
              + ": '"
              + file
              + "' failed: "
              + (unopened
                  ? "error:0A080002:SSL routines::system lib"
                  : "error:0A080009:SSL routines::PEM lib"));
    }
  }

  // The client's chain and its key (PEM: PKCS#8, or PKCS#1 RSA or SEC 1 EC as older openssl
  // commands write them); the chain first, as OpenSSL reads them.
  private static javax.net.ssl.KeyManager[] clientKeys(String certFile, String keyFile)
      throws IOException, GeneralSecurityException {
    String chainCall = "SSL_CTX_use_certificate_chain_file";
    List<Certificate> chain;
    try {
      chain = new ArrayList<>(certificates(certFile));
    } catch (IOException e) {
      throw new ClientFileFailure(chainCall, certFile, true);
    } catch (CertificateException e) {
      throw new ClientFileFailure(chainCall, certFile, false);
    }
    if (chain.isEmpty()) {
      throw new ClientFileFailure(chainCall, certFile, false);
    }
    String keyCall = "SSL_CTX_use_PrivateKey_file";
    String pem;
    try {
      pem = Files.readString(Path.of(keyFile), java.nio.charset.StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new ClientFileFailure(keyCall, keyFile, true);
    }
    byte[] der;
    try {
      der = PemKey.pkcs8(pem);
    } catch (GeneralSecurityException e) {
      throw new ClientFileFailure(keyCall, keyFile, false);
    }
    PrivateKey key = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        break;
      } catch (GeneralSecurityException e) {
        // another algorithm
      }
    }
    if (key == null) {
      throw new ClientFileFailure(keyCall, keyFile, false);
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setKeyEntry("client", key, new char[0], chain.toArray(Certificate[]::new));
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, new char[0]);
    return factory.getKeyManagers();
  }

  /**
   * Accepts every server without +tls-ca; with it, checks as OpenSSL does and says why not. An
   * extended trust manager, so that JSSE adds no checks of its own around it (a plain one is
   * wrapped in algorithm-constraint checks dig does not make).
   */
  private final class Checking extends javax.net.ssl.X509ExtendedTrustManager {
    private final X509TrustManager trust;

    Checking(X509TrustManager trust) {
      this.trust = trust;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      if (trust == null) {
        return;
      }
      String reason = verify(chain, authType);
      if (reason != null) {
        failure = reason;
        throw new CertificateException(reason);
      }
    }

    private String verify(X509Certificate[] chain, String authType) {
      try {
        trust.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
          if (t instanceof CertificateExpiredException) {
            return "certificate has expired";
          }
          if (t instanceof CertificateNotYetValidException) {
            return "certificate is not yet valid";
          }
        }
        X509Certificate top = chain[chain.length - 1];
        if (selfSigned(top)) {
          return chain.length == 1
              ? "self-signed certificate"
              : "self-signed certificate in certificate chain";
        }
        return "unable to get local issuer certificate";
      }
      if (matches(chain[0])) {
        return null;
      }
      // X509_V_ERR_IP_ADDRESS_MISMATCH when an address was to be matched.
      return settings.hostname() == null
              || dev.netdiag.linux.AddressText.isLiteral(settings.hostname())
          ? "IP address mismatch"
          : "hostname mismatch";
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(
        X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // dig is the client.
    }

    @Override
    public void checkClientTrusted(
        X509Certificate[] chain, String authType, java.net.Socket socket) {
      // dig is the client.
    }

    @Override
    public void checkClientTrusted(
        X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
      // dig is the client.
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  private static boolean selfSigned(X509Certificate c) {
    if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
      return false;
    }
    try {
      c.verify(c.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  // OpenSSL's X509_check_host / X509_check_ip: the expected name among the DNS names of the
  // subjectAltName (a wildcard only as the whole first label), the common name only when there
  // are none; an address among its IP addresses.
  private boolean matches(X509Certificate leaf) {
    Collection<List<?>> alternatives;
    try {
      alternatives = leaf.getSubjectAlternativeNames();
    } catch (CertificateException e) {
      return false;
    }
    if (alternatives == null) {
      alternatives = List.of();
    }
    String hostname = settings.hostname();
    if (hostname == null || dev.netdiag.linux.AddressText.isLiteral(hostname)) {
      // No name, or an address for one: the address among the IP names (X509_check_ip).
      InetAddress address =
          hostname == null ? server.getAddress() : dev.netdiag.linux.AddressText.parse(hostname);
      for (List<?> alt : alternatives) {
        if (Integer.valueOf(7).equals(alt.get(0))) {
          try {
            if (InetAddress.getByName((String) alt.get(1)).equals(address)) {
              return true;
            }
          } catch (IOException e) {
            // not an address
          }
        }
      }
      return false;
    }
    // As given: a final dot is not stripped, so "name." matches no certificate, as in OpenSSL.
    String host = hostname.toLowerCase(Locale.ROOT);
    boolean anyDns = false;
    for (List<?> alt : alternatives) {
      if (Integer.valueOf(2).equals(alt.get(0))) {
        anyDns = true;
        if (nameMatches(((String) alt.get(1)).toLowerCase(Locale.ROOT), host)) {
          return true;
        }
      }
    }
    if (anyDns) {
      return false;
    }
    String subject = leaf.getSubjectX500Principal().getName();
    for (String part : subject.split(",")) {
      if (part.startsWith("CN=") && nameMatches(part.substring(3).toLowerCase(Locale.ROOT), host)) {
        return true;
      }
    }
    return false;
  }

  private static boolean nameMatches(String pattern, String host) {
    if (pattern.equals(host)) {
      return true;
    }
    if (pattern.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot).equals(pattern.substring(1));
    }
    return false;
  }
}
