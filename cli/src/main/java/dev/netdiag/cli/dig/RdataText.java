package dev.netdiag.cli.dig;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.netdiag.linux.AddressText;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.CERTRecord;
import org.xbill.DNS.LOCRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SVCBBase;
import org.xbill.DNS.Type;

/**
 * The rdata of a record as BIND 9.18 prints it: dnsjava's presentation, except where BIND's differs
 * — long hex and base64 fields split into chunks (dig's +split, 56 by default), AAAA and SVCB hints
 * in RFC 5952 form, SVCB/HTTPS values quoted as BIND quotes them, LOC with BIND's precision, CERT
 * mnemonics, and the types dnsjava has no class for (EUI48, EUI64, CSYNC).
 */
final class RdataText {
  private RdataText() {}

  // RFC 7043.
  private static final int EUI48 = 108;
  private static final int EUI64 = 109;
  // RFC 7477.
  private static final int CSYNC = 62;
  // Types dnsjava has no class for, or prints otherwise than BIND: character strings (NINFO, AVC,
  // RESINFO, WALLET), ILNP (RFC 6742: NID, L32, L64, LP), TALINK, and NSAP, APL and IPSECKEY for
  // BIND's lowercase hex and inet_ntop addresses.
  private static final int NSAP = 22;
  private static final int ATMA = 34;
  private static final int APL = 42;
  private static final int IPSECKEY = 45;
  private static final int NINFO = 56;
  private static final int TALINK = 58;
  private static final int NID = 104;
  private static final int L32 = 105;
  private static final int L64 = 106;
  private static final int LP = 107;
  private static final int AVC = 258;
  private static final int RESINFO = 261;
  private static final int WALLET = 262;
  // RFC 8777.
  private static final int AMTRELAY = 260;

  // Type mnemonics BIND 9.18 has and dnsjava lacks, in code order; KEYDATA is read, not printed.
  private static final int[] NEW_TYPES = {66, 67, 68, 261, 262};
  private static final String[] NEW_TYPE_NAMES = {"DSYNC", "HHIT", "BRID", "RESINFO", "WALLET"};

  /** A type's mnemonic as BIND prints it. */
  static String typeName(int type) {
    for (int i = 0; i < NEW_TYPES.length; i++) {
      if (NEW_TYPES[i] == type) {
        return NEW_TYPE_NAMES[i];
      }
    }
    return Type.string(type);
  }

  /** A class's mnemonic as BIND prints it: class 0 is RESERVED0. */
  static String className(int dclass) {
    return dclass == 0 ? "RESERVED0" : org.xbill.DNS.DClass.string(dclass);
  }

  /** A mnemonic BIND reads and dnsjava does not (upper case), or -1. */
  static int newTypeValue(String upper) {
    for (int i = 0; i < NEW_TYPES.length; i++) {
      if (NEW_TYPE_NAMES[i].equals(upper)) {
        return NEW_TYPES[i];
      }
    }
    return upper.equals("KEYDATA") ? 65533 : -1;
  }

  /** dig's default +split: 56 characters per chunk of a hex or base64 field. */
  static final int DEFAULT_SPLIT = 56;

  /**
   * The rdata text; {@code split} is the chunk width for long hex and base64 fields (rounded up to
   * a multiple of 4 as dig does), 0 for no splitting.
   */
  static String of(Record r, int split) {
    return of(r, split, false);
  }

  /**
   * The rdata text as {@link #of(Record, int)}, or as +yaml prints it when {@code yaml}: there an
   * IPv6 address of an AAAA, APL, IPSECKEY or AMTRELAY record that ends in "::" gets a final "0"
   * (BIND's inet_totext under its YAML style flag).
   */
  static String of(Record r, int split, boolean yaml) {
    int type = r.getType();
    // instanceof tests, not a pattern switch: each pattern switch spins a class at its first run
    // (SwitchBootstraps), milliseconds of a one-query run.
    String text;
    if (r instanceof AAAARecord) {
      // From the octets: dnsjava's address turns an IPv4-mapped one into IPv4.
      text = ipv6(r.rdataToWireCanonical(), 0, yaml);
    } else if (r instanceof SVCBBase svcb) {
      text = svcb(svcb);
    } else if (r instanceof LOCRecord) {
      text = loc(r.rdataToWireCanonical());
    } else if (r instanceof CERTRecord cert) {
      text = cert(cert);
    } else {
      text =
          switch (type) {
            case EUI48, EUI64 -> eui(r.rdataToWireCanonical());
            case CSYNC -> csync(r.rdataToWireCanonical());
            case NINFO,
                AVC,
                RESINFO,
                WALLET,
                NSAP,
                ATMA,
                APL,
                IPSECKEY,
                TALINK,
                NID,
                L32,
                L64,
                LP,
                AMTRELAY ->
                bindForm(type, r.rdataToWireCanonical(), r.rdataToString(), yaml);
            default -> r.rdataToString();
          };
      if (text.equals("\\# 0 ")) {
        text = "\\# 0";
      }
    }
    if (split > 0 && splitsLastField(type, text)) {
      return splitLast(text, (split + 3) / 4 * 4);
    }
    return text;
  }

  // Types whose last field is a hex or base64 blob that BIND wraps (its *_totext call
  // isc_hex_totext / isc_base64_totext with the split width).
  private static boolean splitsLastField(int type, String text) {
    if (text.startsWith("\\# ")) {
      return true;
    }
    return switch (type) {
      case Type.DNSKEY,
          Type.CDNSKEY,
          Type.KEY,
          Type.RRSIG,
          Type.SIG,
          Type.DS,
          Type.CDS,
          Type.DLV,
          Type.TLSA,
          Type.SMIMEA,
          Type.SSHFP,
          Type.OPENPGPKEY,
          Type.CERT,
          Type.DHCID,
          Type.IPSECKEY,
          Type.ZONEMD ->
          true;
      default -> false;
    };
  }

  private static String splitLast(String text, int width) {
    int start = text.lastIndexOf(' ') + 1;
    String blob = text.substring(start);
    if (blob.length() <= width) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + blob.length() / width + 1);
    out.append(text, 0, start);
    for (int i = 0; i < blob.length(); i += width) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(blob, i, Math.min(blob.length(), i + width));
    }
    return out.toString();
  }

  // The presentation BIND gives the types above, from their octets; dnsjava's text when the octets
  // are not what the type says (BIND would call the reply malformed).
  private static String bindForm(int type, byte[] w, String fallback, boolean yaml) {
    try {
      StringBuilder out = new StringBuilder(w.length * 2);
      switch (type) {
        case NINFO, AVC, RESINFO, WALLET -> {
          int i = 0;
          while (i < w.length) {
            int n = w[i++] & 0xff;
            if (i + n > w.length) {
              return fallback;
            }
            out.append(out.isEmpty() ? "\"" : " \"");
            for (int k = 0; k < n; k++) {
              quoted(out, w[i + k]);
            }
            out.append('"');
            i += n;
          }
        }
        case NSAP -> out.append("0x").append(HexFormat.of().formatHex(w));
        case ATMA -> {
          // ATM Forum af-dans-0152.000: format 0 is an NSAP address (hex), format 1 an E.164
          // number (digits); BIND prints another format in the generic form.
          if (w.length < 2 || (w[0] != 0 && w[0] != 1)) {
            return fallback;
          }
          if (w[0] == 0) {
            out.append(HexFormat.of().formatHex(w, 1, w.length));
          } else {
            out.append('+').append(new String(w, 1, w.length - 1, US_ASCII));
          }
        }
        case AMTRELAY -> {
          // RFC 8777 section 4.2: precedence, discovery-optional bit, relay type, relay (none,
          // IPv4, IPv6 or a name); a relay type BIND does not know keeps the generic form.
          if (w.length < 2) {
            return fallback;
          }
          int relayType = w[1] & 0x7f;
          out.append(w[0] & 0xff).append(' ').append((w[1] & 0xff) >>> 7).append(' ');
          out.append(relayType).append(' ');
          switch (relayType) {
            case 0 -> {
              if (w.length != 2) {
                return fallback;
              }
              out.append('.');
            }
            case 1 -> {
              if (w.length != 6) {
                return fallback;
              }
              out.append(ntop4(w, 2));
            }
            case 2 -> {
              if (w.length != 18) {
                return fallback;
              }
              out.append(ipv6(w, 2, yaml));
            }
            case 3 -> {
              org.xbill.DNS.DNSInput in = new org.xbill.DNS.DNSInput(w);
              in.jump(2);
              out.append(new org.xbill.DNS.Name(in));
              if (in.remaining() != 0) {
                return fallback;
              }
            }
            default -> {
              return fallback;
            }
          }
        }
        case TALINK -> {
          org.xbill.DNS.DNSInput in = new org.xbill.DNS.DNSInput(w);
          out.append(new org.xbill.DNS.Name(in)).append(' ').append(new org.xbill.DNS.Name(in));
          if (in.remaining() != 0) {
            return fallback;
          }
        }
        case NID, L64 -> {
          if (w.length != 10) {
            return fallback;
          }
          out.append(u16(w, 0)).append(' ');
          for (int i = 2; i < 10; i += 2) {
            out.append(i > 2 ? ":" : "").append(Integer.toHexString(u16(w, i)));
          }
        }
        case L32 -> {
          if (w.length != 6) {
            return fallback;
          }
          out.append(u16(w, 0)).append(' ');
          out.append(w[2] & 0xff).append('.').append(w[3] & 0xff).append('.');
          out.append(w[4] & 0xff).append('.').append(w[5] & 0xff);
        }
        case LP -> {
          org.xbill.DNS.DNSInput in = new org.xbill.DNS.DNSInput(w);
          out.append(in.readU16()).append(' ').append(new org.xbill.DNS.Name(in));
          if (in.remaining() != 0) {
            return fallback;
          }
        }
        case APL -> {
          // RFC 3123: family, prefix, negation bit and length, the address without trailing
          // zero octets.
          int i = 0;
          while (i < w.length) {
            int family = u16(w, i);
            int prefix = w[i + 2] & 0xff;
            int length = w[i + 3] & 0x7f;
            boolean negated = (w[i + 3] & 0x80) != 0;
            i += 4;
            int size = family == 1 ? 4 : family == 2 ? 16 : -1;
            if (size < 0 || length > size || i + length > w.length) {
              return fallback;
            }
            byte[] address =
                java.util.Arrays.copyOf(java.util.Arrays.copyOfRange(w, i, i + length), size);
            i += length;
            out.append(out.isEmpty() ? "" : " ")
                .append(negated ? "!" : "")
                .append(family)
                .append(':');
            out.append(size == 4 ? ntop4(address, 0) : ipv6(address, 0, yaml))
                .append('/')
                .append(prefix);
          }
        }
        case IPSECKEY -> {
          // RFC 4025: precedence, gateway type, algorithm, gateway, public key.
          int gatewayType = w[1] & 0xff;
          out.append(w[0] & 0xff).append(' ').append(gatewayType).append(' ').append(w[2] & 0xff);
          int i = 3;
          switch (gatewayType) {
            case 1 -> {
              out.append(' ').append(ntop4(w, i));
              i += 4;
            }
            case 2 -> {
              out.append(' ').append(ipv6(w, i, yaml));
              i += 16;
            }
            case 3 -> {
              org.xbill.DNS.DNSInput in = new org.xbill.DNS.DNSInput(w);
              in.jump(i);
              out.append(' ').append(new org.xbill.DNS.Name(in));
              i = in.current();
            }
            default -> {
              return fallback;
            }
          }
          if (i < w.length) {
            out.append(' ')
                .append(
                    Base64.getEncoder()
                        .encodeToString(java.util.Arrays.copyOfRange(w, i, w.length)));
          }
        }
        default -> {
          return fallback;
        }
      }
      return out.toString();
    } catch (org.xbill.DNS.WireParseException | RuntimeException e) {
      return fallback;
    }
  }

  // An IPv6 address in RFC 5952 form; under +yaml one ending in "::" ends in "::0" instead, as
  // BIND writes it so that the YAML scalar does not end with a colon.
  private static String ipv6(byte[] b, int offset, boolean yaml) {
    String text = AddressText.formatIpv6(b, offset);
    return yaml && text.endsWith(":") ? text + "0" : text;
  }

  private static int u16(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  private static String ntop4(byte[] b, int i) {
    return (b[i] & 0xff)
        + "."
        + (b[i + 1] & 0xff)
        + "."
        + (b[i + 2] & 0xff)
        + "."
        + (b[i + 3] & 0xff);
  }

  /** An AAAA address as +expandaaaa prints it: eight groups of four hex digits. */
  static String expanded6(byte[] b) {
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 16; i += 2) {
      out.append(i > 0 ? ":" : "")
          .append(HexFormat.of().toHexDigits(b[i]))
          .append(HexFormat.of().toHexDigits(b[i + 1]));
    }
    return out.toString();
  }

  private static String eui(byte[] rdata) {
    StringBuilder out = new StringBuilder(rdata.length * 3);
    for (int i = 0; i < rdata.length; i++) {
      if (i > 0) {
        out.append('-');
      }
      out.append(HexFormat.of().toHexDigits(rdata[i]));
    }
    return out.toString();
  }

  // RFC 7477 section 2.1: SOA serial, flags, then an NSEC-style type bitmap.
  private static String csync(byte[] rdata) {
    if (rdata.length < 6) {
      return "\\# " + rdata.length + (rdata.length > 0 ? " " : "") + hex(rdata);
    }
    long serial = u32(rdata, 0);
    int flags = ((rdata[4] & 0xff) << 8) | (rdata[5] & 0xff);
    StringBuilder out = new StringBuilder().append(serial).append(' ').append(flags);
    for (int type : typeBitmap(rdata, 6)) {
      out.append(' ').append(typeName(type));
    }
    return out.toString();
  }

  // RFC 4034 section 4.1.2: window number, bitmap length, bitmap; types in ascending order.
  private static List<Integer> typeBitmap(byte[] b, int offset) {
    List<Integer> types = new java.util.ArrayList<>();
    int i = offset;
    while (i + 2 <= b.length) {
      int window = b[i] & 0xff;
      int length = b[i + 1] & 0xff;
      i += 2;
      for (int k = 0; k < length && i + k < b.length; k++) {
        int bits = b[i + k] & 0xff;
        for (int bit = 0; bit < 8; bit++) {
          if ((bits & (0x80 >>> bit)) != 0) {
            types.add(window * 256 + k * 8 + bit);
          }
        }
      }
      i += length;
    }
    return types;
  }

  // RFC 1876 section 2, printed as BIND's loc_totext does: seconds with three decimals,
  // altitude with two, size and precisions in whole metres from 1 m up.
  private static String loc(byte[] w) {
    if (w.length < 16 || w[0] != 0) {
      return "\\# " + w.length + (w.length > 0 ? " " : "") + hex(w);
    }
    StringBuilder out = new StringBuilder(64);
    angle(out, u32(w, 4) - (1L << 31), 'N', 'S');
    out.append(' ');
    angle(out, u32(w, 8) - (1L << 31), 'E', 'W');
    long altitude = u32(w, 12) - 10_000_000L;
    out.append(' ');
    if (altitude < 0) {
      out.append('-');
      altitude = -altitude;
    }
    out.append(altitude / 100).append('.');
    two(out, altitude % 100).append("m ");
    precision(out, w[1]).append(' ');
    precision(out, w[2]).append(' ');
    precision(out, w[3]);
    return out.toString();
  }

  private static void angle(StringBuilder out, long thousandths, char positive, char negative) {
    char hemisphere = thousandths < 0 ? negative : positive;
    long v = Math.abs(thousandths);
    out.append(v / 3_600_000).append(' ').append(v / 60_000 % 60).append(' ');
    out.append(v / 1000 % 60).append('.');
    long ms = v % 1000;
    out.append(ms < 100 ? "0" : "").append(ms < 10 ? "0" : "").append(ms);
    out.append(' ').append(hemisphere);
  }

  private static StringBuilder precision(StringBuilder out, byte b) {
    long mantissa = (b >> 4) & 0xf;
    int exponent = b & 0xf;
    if (exponent >= 2) {
      return out.append(mantissa * pow10(exponent - 2)).append('m');
    }
    out.append("0.");
    return two(out, mantissa * pow10(exponent)).append('m');
  }

  private static StringBuilder two(StringBuilder out, long v) {
    return out.append(v < 10 ? "0" : "").append(v);
  }

  private static long pow10(int n) {
    long v = 1;
    for (int i = 0; i < n; i++) {
      v *= 10;
    }
    return v;
  }

  // RFC 4398 certificate types and DNSSEC algorithm mnemonics, as BIND names them.
  private static String cert(CERTRecord cert) {
    String type =
        switch (cert.getCertType()) {
          case 1 -> "PKIX";
          case 2 -> "SPKI";
          case 3 -> "PGP";
          case 4 -> "IPKIX";
          case 5 -> "ISPKI";
          case 6 -> "IPGP";
          case 7 -> "ACPKIX";
          case 8 -> "IACPKIX";
          case 253 -> "URI";
          case 254 -> "OID";
          default -> Integer.toString(cert.getCertType());
        };
    return type
        + " "
        + cert.getKeyTag()
        + " "
        + algorithm(cert.getAlgorithm())
        + " "
        + Base64.getEncoder().encodeToString(cert.getCert());
  }

  // BIND's SECALGNAMES (first name of a number); other numbers as digits.
  private static String algorithm(int a) {
    return switch (a) {
      case 1 -> "RSAMD5";
      case 2 -> "DH";
      case 3 -> "DSA";
      case 5 -> "RSASHA1";
      case 6 -> "NSEC3DSA";
      case 7 -> "NSEC3RSASHA1";
      case 8 -> "RSASHA256";
      case 10 -> "RSASHA512";
      case 12 -> "ECCGOST";
      case 13 -> "ECDSAP256SHA256";
      case 14 -> "ECDSAP384SHA384";
      case 15 -> "ED25519";
      case 16 -> "ED448";
      case 252 -> "INDIRECT";
      case 253 -> "PRIVATEDNS";
      case 254 -> "PRIVATEOID";
      default -> Integer.toString(a);
    };
  }

  // RFC 9460 presentation as BIND 9.18 writes it: the keys it knows by name (dohpath, key 7, is
  // not one of them), alpn and unknown keys as quoted strings.
  private static String svcb(SVCBBase r) {
    StringBuilder out = new StringBuilder(64);
    out.append(r.getSvcPriority()).append(' ').append(r.getTargetName());
    for (int key : r.getSvcParamKeys()) {
      byte[] v = r.getSvcParamValue(key).toWire();
      out.append(' ').append(keyName(key));
      switch (key) {
        case SVCBBase.MANDATORY -> {
          out.append('=');
          for (int i = 0; i + 1 < v.length; i += 2) {
            out.append(i > 0 ? "," : "").append(keyName(((v[i] & 0xff) << 8) | (v[i + 1] & 0xff)));
          }
        }
        case SVCBBase.ALPN -> {
          out.append("=\"");
          int i = 0;
          while (i < v.length) {
            int n = v[i] & 0xff;
            out.append(i > 0 ? "," : "");
            for (int k = i + 1; k <= i + n && k < v.length; k++) {
              byte c = v[k];
              // A comma inside one protocol id is escaped twice: once for the list, once for
              // the quoted string.
              if (c == ',') {
                out.append("\\\\,");
              } else {
                quoted(out, c);
              }
            }
            i += n + 1;
          }
          out.append('"');
        }
        case SVCBBase.NO_DEFAULT_ALPN -> {}
        case SVCBBase.PORT -> out.append('=').append(((v[0] & 0xff) << 8) | (v[1] & 0xff));
        case SVCBBase.IPV4HINT -> {
          out.append('=');
          for (int i = 0; i + 4 <= v.length; i += 4) {
            out.append(i > 0 ? "," : "");
            dev.netdiag.linux.AddressText.appendIpv4(out, v, i);
          }
        }
        case SVCBBase.ECH -> out.append('=').append(Base64.getEncoder().encodeToString(v));
        case SVCBBase.IPV6HINT -> {
          out.append('=');
          for (int i = 0; i + 16 <= v.length; i += 16) {
            out.append(i > 0 ? "," : "");
            dev.netdiag.linux.AddressText.appendIpv6(
                out, java.util.Arrays.copyOfRange(v, i, i + 16));
          }
        }
        default -> {
          if (v.length > 0) {
            out.append("=\"");
            for (byte c : v) {
              quoted(out, c);
            }
            out.append('"');
          }
        }
      }
    }
    return out.toString();
  }

  /** An SVCB parameter's name as BIND 9.18 prints it (key7 and up as keyN). */
  static String keyName(int key) {
    return switch (key) {
      case SVCBBase.MANDATORY -> "mandatory";
      case SVCBBase.ALPN -> "alpn";
      case SVCBBase.NO_DEFAULT_ALPN -> "no-default-alpn";
      case SVCBBase.PORT -> "port";
      case SVCBBase.IPV4HINT -> "ipv4hint";
      case SVCBBase.ECH -> "ech";
      case SVCBBase.IPV6HINT -> "ipv6hint";
      default -> "key" + key;
    };
  }

  // A byte inside a quoted string: quote and backslash escaped, the rest of printable ASCII as
  // is, everything else as \DDD (BIND's txt_totext rules).
  private static void quoted(StringBuilder out, byte b) {
    int c = b & 0xff;
    if (c == '"' || c == '\\') {
      out.append('\\').append((char) c);
    } else if (c >= 0x20 && c < 0x7f) {
      out.append((char) c);
    } else {
      out.append('\\').append(c < 100 ? "0" : "").append(c < 10 ? "0" : "").append(c);
    }
  }

  private static long u32(byte[] b, int i) {
    return ((long) (b[i] & 0xff) << 24)
        | ((b[i + 1] & 0xff) << 16)
        | ((b[i + 2] & 0xff) << 8)
        | (b[i + 3] & 0xff);
  }

  /**
   * Whether the record's type is defined for class IN only (BIND's rdata/in_1) or, for A, for IN
   * and HS, and its class is another: BIND reads and prints such rdata as unknown, "\\# LENGTH HEX"
   * (a class mismatch dig calls malformed, or a query of another class).
   */
  static boolean foreignClass(Record r) {
    int dclass = r.getDClass();
    if (dclass == org.xbill.DNS.DClass.IN) {
      return false;
    }
    return switch (r.getType()) {
      case 1 -> dclass != org.xbill.DNS.DClass.HS && dclass != org.xbill.DNS.DClass.CH;
      case 11, 22, 23, 26, 28, 31, 32, 33, 34, 36, 38, 42, 49, 64, 65 -> true;
      default -> false;
    };
  }

  /** RFC 3597's generic form, as +unknownformat prints every record: "\\# LENGTH HEX". */
  static String unknownFormat(Record r, int split) {
    // The record's own uncompressed wire form, without its owner, type, class, TTL and length.
    byte[] wire = r.toWire(org.xbill.DNS.Section.ANSWER);
    int start = r.getName().length() + 10;
    byte[] rdata = java.util.Arrays.copyOfRange(wire, start, wire.length);
    String text = "\\# " + rdata.length + (rdata.length > 0 ? " " + hex(rdata) : "");
    return split > 0 ? splitLast(text, (split + 3) / 4 * 4) : text;
  }

  /**
   * The rdata with key and signature material left out, as +nocrypto prints it (BIND's
   * DNS_STYLEFLAG_NOCRYPTO): "[key id = N]" for keys, "[omitted]" for signatures, digests and
   * OpenPGP keys; null for the other types.
   */
  static String withoutCrypto(Record r) {
    return switch (r) {
      case org.xbill.DNS.DNSKEYRecord key -> keyWithoutCrypto(keyOf(r));
      case org.xbill.DNS.KEYRecord key -> keyWithoutCrypto(keyOf(r));
      case org.xbill.DNS.RRSIGRecord sig -> {
        String text = r.rdataToString();
        yield text.substring(0, text.lastIndexOf(' ') + 1) + "[omitted]";
      }
      case org.xbill.DNS.DSRecord ds ->
          ds.getFootprint() + " " + ds.getAlgorithm() + " " + ds.getDigestID() + " [omitted]";
      default ->
          switch (r.getType()) {
            case Type.OPENPGPKEY -> "[omitted]";
            case Type.ZONEMD -> fieldsBeforeBlob(r.rdataToString()) + " [omitted]";
            default -> null;
          };
    };
  }

  /** BIND's line break inside a +multiline record: a newline and tabs to the rdata column. */
  static final String LINE_BREAK = "\n\t\t\t\t";

  /** Chunk width of hex and base64 fields in +multiline (80 columns less the rdata column). */
  static final int MULTILINE_SPLIT = 44;

  /**
   * The rdata in BIND's +multiline layout, or null for types that keep the one-line form: SOA with
   * its field comments, keys with their key-id comment, signatures with the times on a line of
   * their own, and hex or base64 blobs in parentheses, one chunk per line.
   *
   * @param split the chunk width (0: one chunk)
   * @param comments rrcomments: the SOA field names and the DNSKEY summary
   * @param crypto false for +nocrypto
   */
  /**
   * A key's comment after its one-line text under +rrcomments (key_25.c: the line break, a blank,
   * then "; ZSK; alg = … ; key id = …", a KEY without the key's role), or "" for other records and
   * for a KEY that holds no key.
   */
  static String keyComment(Record r) {
    Key key = keyOf(r);
    return key == null || key.noKey() ? "" : " " + key.summary();
  }

  /**
   * The fields of a KEY, DNSKEY or CDNSKEY record that BIND's key_25.c prints around the key
   * (dnsjava's common base class of the three is not public).
   *
   * @param dnskey a DNSKEY or CDNSKEY, whose comment names the key's role
   */
  private record Key(int flags, int protocol, int algorithm, int footprint, boolean dnskey) {
    // RFC 2535 3.1.2: a KEY whose flags say "no key" (both top bits) carries no key material,
    // and BIND prints its three fields alone, without a comment, in every style.
    boolean noKey() {
      return !dnskey && (flags & 0xc000) == 0xc000;
    }

    String fields() {
      return flags + " " + protocol + " " + algorithm;
    }

    // The comment after a key: "; KSK" (DNSKEY and CDNSKEY only), then algorithm and key id.
    String summary() {
      StringBuilder out = new StringBuilder(64);
      if (dnskey) {
        out.append(" ; ")
            .append((flags & 1) == 0 ? "ZSK" : (flags & 0x80) != 0 ? "revoked KSK" : "KSK");
      }
      return out.append("; alg = ")
          .append(RdataText.algorithm(algorithm))
          .append(" ; key id = ")
          .append(footprint)
          .toString();
    }
  }

  // The key fields of a KEY, DNSKEY or CDNSKEY record, else null.
  private static Key keyOf(Record r) {
    if (r instanceof org.xbill.DNS.DNSKEYRecord k) {
      return new Key(k.getFlags(), k.getProtocol(), k.getAlgorithm(), k.getFootprint(), true);
    }
    if (r instanceof org.xbill.DNS.KEYRecord k) {
      return new Key(k.getFlags(), k.getProtocol(), k.getAlgorithm(), k.getFootprint(), false);
    }
    return null;
  }

  // +nocrypto: the key's id in place of the key, except for a KEY that holds none.
  private static String keyWithoutCrypto(Key key) {
    return key.noKey() ? null : key.fields() + " [key id = " + key.footprint() + "]";
  }

  // DHCID, IPSECKEY and HIP in +multiline, as their totext functions write them; null when the
  // octets are not what the type says.
  private static String multilineFromWire(int type, byte[] w, int split) {
    try {
      switch (type) {
        case Type.DHCID -> {
          if (w.length == 0) {
            return null;
          }
          String text = "( " + chunks(Base64.getEncoder().encodeToString(w), split) + " )";
          if (w.length > 2) {
            text += " ; " + u16(w, 0) + " " + (w[2] & 0xff) + " " + (w.length - 3);
          }
          return text;
        }
        case IPSECKEY -> {
          String text = bindForm(IPSECKEY, w, null, false);
          if (text == null) {
            return null;
          }
          int space = text.lastIndexOf(' ');
          String[] fields = text.split(" ");
          if (fields.length < 5) {
            return "( " + text + " )";
          }
          return "( "
              + text.substring(0, space)
              + LINE_BREAK
              + chunks(text.substring(space + 1), split)
              + " )";
        }
        case Type.HIP -> {
          int hitLength = w[0] & 0xff;
          int algorithm = w[1] & 0xff;
          int keyLength = u16(w, 2);
          int i = 4;
          StringBuilder out = new StringBuilder("( ").append(algorithm).append(' ');
          out.append(HexFormat.of().withUpperCase().formatHex(w, i, i + hitLength));
          i += hitLength;
          out.append(LINE_BREAK)
              .append(
                  Base64.getEncoder()
                      .encodeToString(java.util.Arrays.copyOfRange(w, i, i + keyLength)));
          i += keyLength;
          org.xbill.DNS.DNSInput in =
              new org.xbill.DNS.DNSInput(java.util.Arrays.copyOfRange(w, i, w.length));
          while (in.remaining() > 0) {
            out.append(LINE_BREAK).append(new org.xbill.DNS.Name(in));
          }
          return out.append(" )").toString();
        }
        default -> {
          return null;
        }
      }
    } catch (org.xbill.DNS.WireParseException | RuntimeException e) {
      return null;
    }
  }

  static String multiline(Record r, int split, boolean comments, boolean crypto) {
    String text = of(r, 0);
    return switch (r) {
      case org.xbill.DNS.SOARecord soa -> soa(soa, comments);
      case org.xbill.DNS.DNSKEYRecord k -> keyMultiline(keyOf(r), text, split, comments, crypto);
      case org.xbill.DNS.KEYRecord k -> keyMultiline(keyOf(r), text, split, comments, crypto);
      case org.xbill.DNS.RRSIGRecord sig -> {
        String[] w = text.split(" ");
        yield w[0]
            + " "
            + w[1]
            + " "
            + w[2]
            + " "
            + w[3]
            + " ("
            + LINE_BREAK
            + w[4]
            + " "
            + w[5]
            + " "
            + w[6]
            + " "
            + w[7]
            + LINE_BREAK
            + (crypto ? chunks(w[8], split) : "[omitted]")
            + " )";
      }
      case org.xbill.DNS.DSRecord ds when !crypto ->
          fieldsBeforeBlob(text) + " (" + LINE_BREAK + "[omitted] )";
      default -> {
        int type = r.getType();
        if (text.startsWith("\\# ")) {
          yield generic(text, split);
        }
        if (type == Type.DHCID || type == IPSECKEY || type == Type.HIP) {
          yield multilineFromWire(type, r.rdataToWireCanonical(), split);
        }
        if (type == Type.OPENPGPKEY) {
          yield "( " + (crypto ? chunks(text, split) : "[omitted]") + " )";
        }
        if (type == Type.ZONEMD && !crypto) {
          yield fieldsBeforeBlob(text) + " (" + LINE_BREAK + "[omitted] )";
        }
        if (splitsLastField(type, text)) {
          yield fieldsBeforeBlob(text) + " (" + LINE_BREAK + chunks(lastWord(text), split) + " )";
        }
        yield null;
      }
    };
  }

  // A key in +multiline: the key in parentheses, one chunk per line, and the comment after them.
  private static String keyMultiline(
      Key key, String text, int split, boolean comments, boolean crypto) {
    if (key.noKey()) {
      return key.fields();
    }
    String head = key.fields() + " (";
    String body = crypto ? chunks(lastWord(text), split) : "[key id = " + key.footprint() + "]";
    if (!comments) {
      return head + LINE_BREAK + body + " )";
    }
    return head + LINE_BREAK + body + LINE_BREAK + ")" + key.summary();
  }

  /** RFC 3597's "\\# LENGTH HEX" in +multiline: the hex in parentheses, one chunk per line. */
  static String generic(String text, int split) {
    String[] w = text.split(" ", 3);
    return w.length < 3 ? text : w[0] + " " + w[1] + " ( " + chunks(w[2], split) + " )";
  }

  // SOA: names on the first line, each number on its own with BIND's comments.
  private static String soa(org.xbill.DNS.SOARecord soa, boolean comments) {
    long[] values = {
      soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum()
    };
    String[] names = {"serial", "refresh", "retry", "expire", "minimum"};
    StringBuilder out =
        new StringBuilder(200)
            .append(soa.getHost())
            .append(' ')
            .append(soa.getAdmin())
            .append(" (");
    for (int i = 0; i < values.length; i++) {
      out.append(LINE_BREAK);
      String number = Long.toString(values[i]);
      if (!comments) {
        out.append(number);
        continue;
      }
      out.append(number);
      for (int pad = number.length(); pad < 10; pad++) {
        out.append(' ');
      }
      out.append(" ; ").append(names[i]);
      if (i > 0) {
        out.append(" (").append(verboseTtl(values[i])).append(')');
      }
    }
    return comments ? out.append(LINE_BREAK).append(')').toString() : out.append(')').toString();
  }

  /** BIND's verbose TTL text: "1 hour", "1 day 2 hours", "0 seconds". */
  static String verboseTtl(long ttl) {
    long[] amounts = {ttl / 604800, ttl / 86400 % 7, ttl / 3600 % 24, ttl / 60 % 60, ttl % 60};
    String[] units = {"week", "day", "hour", "minute", "second"};
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < amounts.length; i++) {
      boolean last = i == amounts.length - 1;
      if (amounts[i] != 0 || (last && out.isEmpty())) {
        if (!out.isEmpty()) {
          out.append(' ');
        }
        out.append(amounts[i]).append(' ').append(units[i]).append(amounts[i] == 1 ? "" : "s");
      }
    }
    return out.toString();
  }

  private static String lastWord(String text) {
    return text.substring(text.lastIndexOf(' ') + 1);
  }

  private static String fieldsBeforeBlob(String text) {
    return text.substring(0, text.lastIndexOf(' '));
  }

  // A blob cut into chunks joined by the multiline break.
  private static String chunks(String blob, int width) {
    if (width <= 0 || blob.length() <= width) {
      return blob;
    }
    StringBuilder out = new StringBuilder(blob.length() + blob.length() / width * 5);
    for (int i = 0; i < blob.length(); i += width) {
      if (i > 0) {
        out.append(LINE_BREAK);
      }
      out.append(blob, i, Math.min(blob.length(), i + width));
    }
    return out.toString();
  }

  private static String hex(byte[] b) {
    return HexFormat.of().withUpperCase().formatHex(b);
  }
}
