package dev.netdiag.dns;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * A client's private key from a PEM file in any of the unencrypted forms OpenSSL reads, made into
 * the PKCS#8 DER that Java's key factories take.
 *
 * <pre>
 * "PRIVATE KEY"      PKCS#8 PrivateKeyInfo (RFC 5208): taken as it is
 * "RSA PRIVATE KEY"  PKCS#1 RSAPrivateKey (RFC 8017), wrapped:
 *                      SEQUENCE { INTEGER 0,
 *                                 SEQUENCE { OID 1.2.840.113549.1.1.1, NULL },
 *                                 OCTET STRING { the PKCS#1 key } }
 * "EC PRIVATE KEY"   SEC 1 ECPrivateKey (RFC 5915):
 *                      SEQUENCE { INTEGER 1, OCTET STRING key, [0] curve OID, [1] public key },
 *                    wrapped with its curve:
 *                      SEQUENCE { INTEGER 0,
 *                                 SEQUENCE { OID 1.2.840.10045.2.1, the curve OID },
 *                                 OCTET STRING { the SEC 1 key } }
 * </pre>
 */
final class PemKey {
  private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };
  private static final byte[] EC_PUBLIC_KEY_OID = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };
  private static final int SEQUENCE = 0x30;
  private static final int OCTET_STRING = 0x04;
  private static final int CURVE_TAG = 0xa0;

  private PemKey() {}

  /** The key as PKCS#8 DER; a form we cannot read (an encrypted key, say) fails. */
  static byte[] pkcs8(String pem) throws GeneralSecurityException {
    byte[] der = block(pem, "PRIVATE KEY");
    if (der != null) {
      return der;
    }
    der = block(pem, "RSA PRIVATE KEY");
    if (der != null) {
      return wrap(RSA_ALGORITHM, der);
    }
    der = block(pem, "EC PRIVATE KEY");
    if (der != null) {
      byte[] curve = curve(der);
      return wrap(tlv(SEQUENCE, concat(EC_PUBLIC_KEY_OID, curve)), der);
    }
    throw new GeneralSecurityException(
        "no private key PEM OpenSSL would read without a passphrase");
  }

  // The base64 between BEGIN and END lines of this label, decoded; null when there is none.
  private static byte[] block(String pem, String label) throws GeneralSecurityException {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = pem.indexOf(begin);
    int to = from < 0 ? -1 : pem.indexOf(end, from);
    if (from < 0 || to < 0) {
      return null;
    }
    try {
      return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to).strip());
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("bad base64 in the key", e);
    }
  }

  private static byte[] wrap(byte[] algorithm, byte[] key) {
    return tlv(SEQUENCE, concat(VERSION_0, algorithm, tlv(OCTET_STRING, key)));
  }

  // The curve OID of a SEC 1 key: the content of its [0] field.
  private static byte[] curve(byte[] sec1) throws GeneralSecurityException {
    int[] outer = header(sec1, 0);
    if ((sec1[0] & 0xff) != SEQUENCE) {
      throw new GeneralSecurityException("an EC key that is no DER sequence");
    }
    int at = outer[0];
    int end = outer[0] + outer[1];
    while (at < end) {
      int tag = sec1[at] & 0xff;
      int[] field = header(sec1, at);
      if (tag == CURVE_TAG) {
        return java.util.Arrays.copyOfRange(sec1, field[0], field[0] + field[1]);
      }
      at = field[0] + field[1];
    }
    throw new GeneralSecurityException("an EC key without its curve");
  }

  // {content offset, content length} of the DER element at {@code at}, checked against the end.
  private static int[] header(byte[] der, int at) throws GeneralSecurityException {
    if (at + 2 > der.length) {
      throw new GeneralSecurityException("a DER element cut short");
    }
    int first = der[at + 1] & 0xff;
    int from = at + 2;
    int length = first;
    if (first >= 0x80) {
      int bytes = first & 0x7f;
      if (bytes == 0 || bytes > 3 || from + bytes > der.length) {
        throw new GeneralSecurityException("a DER length we do not read");
      }
      length = 0;
      for (int i = 0; i < bytes; i++) {
        length = length << 8 | der[from++] & 0xff;
      }
    }
    if (length > der.length - from) {
      throw new GeneralSecurityException("a DER element longer than the key");
    }
    return new int[] {from, length};
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >>> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >>> 16);
      out.write(n >>> 8);
      out.write(n);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
