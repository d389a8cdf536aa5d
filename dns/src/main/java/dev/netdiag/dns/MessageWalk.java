package dev.netdiag.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * A reply read by BIND 9.18's rules (lib/dns/message.c dns_message_parse, with dig's parse flags),
 * for the replies dnsjava rejects and those where BIND checks more than dnsjava (ReplyReader
 * decides which): which records BIND keeps and where it stopped, or the error it gives up with. It
 * only walks the bytes; dnsjava still makes the records.
 *
 * <p>Rdata is checked as BIND's fromwire functions (lib/dns/rdata) check it for the types whose
 * structure is known here: addresses, names, strings, OPT options, DNSSEC records, SVCB, and the
 * other types of ReplyReader's list; any other type is taken as opaque, as BIND takes unknown ones.
 */
final class MessageWalk {
  // Header (RFC 1035 4.1.1), big-endian:
  //   0  ID        2  flags (QR, opcode 11-14, AA, TC, RD, RA, Z, AD, CD, rcode)
  //   4  QDCOUNT   6  ANCOUNT   8  NSCOUNT   10 ARCOUNT
  // Resource record after its owner name (RFC 1035 4.1.3):
  //   0  TYPE   2  CLASS   4  TTL   8  RDLENGTH   10 RDATA
  private static final int HEADER = 12;
  private static final int FIXED = 10;
  private static final int MAX_NAME = 255;

  private static final int OPCODE_NOTIFY = 4;
  private static final int OPCODE_UPDATE = 5;
  private static final int CLASS_IN = 1;
  private static final int CLASS_CH = 3;
  private static final int CLASS_HS = 4;
  private static final int CLASS_NONE = 254;
  private static final int CLASS_ANY = 255;
  private static final int TYPE_SIG = 24;
  private static final int TYPE_KEY = 25;
  private static final int TYPE_OPT = 41;
  private static final int TYPE_RRSIG = 46;
  private static final int TYPE_NSEC3 = 50;
  private static final int TYPE_TKEY = 249;
  private static final int TYPE_TSIG = 250;
  private static final int ADDITIONAL = 3;

  /** BIND's results, with the text isc_result_totext gives them (lib/isc/result.c). */
  enum Code {
    UNEXPECTED_END("unexpected end of input"),
    BAD_LABEL_TYPE("bad label type"),
    BAD_POINTER("bad compression pointer"),
    EXTRA_DATA("extra input data"),
    NAME_TOO_LONG("name too long"),
    FORMERR("FORMERR"),
    OPT_ERROR("malformed OPT option"),
    BAD_TSIG("TSIG in wrong location"),
    BAD_SIG0("SIG(0) in wrong location"),
    RANGE("out of range"),
    NOT_IMPLEMENTED("not implemented"),
    BAD_OWNER("bad owner name (check-names)");

    final String text;

    Code(String text) {
      this.text = text;
    }
  }

  /**
   * What BIND made of the bytes.
   *
   * @param error the result dns_message_parse failed with, or null when it gave a message
   * @param recoverable it returned DNS_R_RECOVERABLE (dig's "malformed message packet" warning)
   * @param counts the header's four counts, as on the wire
   * @param kept how many records of each section BIND kept (the question section first)
   * @param starts where the kept questions end, then where each kept record ends, in wire order
   * @param stop where parsing stopped: the bytes after it are dig's "extra bytes at end"
   * @param bareQuestion a question name was read but its type and class were cut off: dig prints
   *     the question section's title with no line under it
   */
  record Outcome(
      Code error,
      boolean recoverable,
      int[] counts,
      int[] kept,
      int[] starts,
      int stop,
      boolean bareQuestion) {}

  // Stops the walk: a hard error, or the end of input that +besteffort turns into a truncation.
  private static final class Stop extends Exception {
    final Code code;

    Stop(Code code) {
      super(code.text, null, false, false);
      this.code = code;
    }
  }

  private final byte[] wire;
  private final boolean bestEffort;
  private int pos;
  private boolean problem;
  private int opcode;
  private int messageClass = -1;
  private boolean tkey;
  private boolean optSeen;
  private final int[] counts = new int[4];
  private final int[] kept = new int[4];
  private final List<Integer> starts = new ArrayList<>();
  private boolean bareQuestion;
  private int questionEnd = HEADER;

  private MessageWalk(byte[] wire, boolean bestEffort) {
    this.wire = wire;
    this.bestEffort = bestEffort;
  }

  /**
   * Walks a reply as dig does: with {@code bestEffort} (dig's default +besteffort) BIND's
   * DNS_MESSAGEPARSE_BESTEFFORT and IGNORETRUNCATION, else strictly.
   */
  static Outcome walk(byte[] wire, boolean bestEffort) {
    return new MessageWalk(wire, bestEffort).run();
  }

  private Outcome run() {
    if (wire.length < HEADER) {
      return outcome(Code.UNEXPECTED_END, false);
    }
    opcode = (u8(2) >> 3) & 0xf;
    for (int i = 0; i < 4; i++) {
      counts[i] = u16(4 + 2 * i);
    }
    pos = HEADER;
    try {
      questions();
      for (int section = 1; section < 4; section++) {
        section(section);
      }
    } catch (Stop stop) {
      if (stop.code == Code.UNEXPECTED_END && bestEffort) {
        return outcome(null, true);
      }
      return outcome(stop.code, false);
    }
    return outcome(null, problem);
  }

  private Outcome outcome(Code error, boolean recoverable) {
    int[] at = new int[starts.size()];
    for (int i = 0; i < at.length; i++) {
      at[i] = starts.get(i);
    }
    return new Outcome(
        error,
        recoverable,
        counts.clone(),
        kept.clone(),
        at.length == 0 ? new int[] {questionEnd} : at,
        pos,
        bareQuestion);
  }

  // A DO_ERROR of message.c: noted and passed over with +besteffort, else the end of the walk.
  private void problem(Code code) throws Stop {
    if (!bestEffort) {
      throw new Stop(code);
    }
    problem = true;
  }

  // message.c getquestions.
  private void questions() throws Stop {
    java.util.Set<String> names = new java.util.HashSet<>();
    java.util.Set<String> asked = new java.util.HashSet<>();
    for (int i = 0; i < counts[0]; i++) {
      String name = nameKey(name(wire.length));
      boolean added = !names.contains(name);
      if (added) {
        if (!names.isEmpty()) {
          problem(Code.FORMERR);
        }
        names.add(name);
      }
      if (wire.length - pos < 4) {
        bareQuestion |= added;
        throw new Stop(Code.UNEXPECTED_END);
      }
      int type = u16(pos);
      int rdclass = u16(pos + 2);
      pos += 4;
      if ((opcode == OPCODE_UPDATE || opcode == OPCODE_NOTIFY)
          && (rdclass == CLASS_NONE || rdclass == CLASS_ANY)) {
        problem(Code.FORMERR);
      }
      if (messageClass < 0) {
        messageClass = rdclass;
      } else if (messageClass != rdclass) {
        problem(Code.FORMERR);
      }
      if (type == TYPE_TKEY) {
        tkey = true;
      }
      if (!asked.add(name + "/" + type + "/" + rdclass)) {
        problem(Code.FORMERR);
      }
      kept[0]++;
      questionEnd = pos;
    }
    starts.add(pos);
  }

  // message.c getsection, with dig's DNS_MESSAGEPARSE_PRESERVEORDER (no rdataset merging checks).
  private void section(int section) throws Stop {
    for (int i = 0; i < counts[section]; i++) {
      int owner = name(wire.length);
      if (wire.length - pos < FIXED) {
        throw new Stop(Code.UNEXPECTED_END);
      }
      int type = u16(pos);
      int rdclass = u16(pos + 2);
      if (messageClass < 0 && type != TYPE_OPT && type != TYPE_TSIG && type != TYPE_TKEY) {
        messageClass = rdclass;
      }
      if (opcode != OPCODE_UPDATE
          && type != TYPE_TSIG
          && type != TYPE_OPT
          && type != TYPE_KEY
          && type != TYPE_SIG
          && type != TYPE_TKEY
          && messageClass != CLASS_ANY
          && messageClass != rdclass) {
        problem(Code.FORMERR);
      }
      if (opcode != OPCODE_UPDATE
          && !tkey
          && type == TYPE_KEY
          && messageClass != CLASS_ANY
          && messageClass != rdclass) {
        problem(Code.FORMERR);
      }
      if (type == TYPE_TSIG) {
        if (section != ADDITIONAL || rdclass != CLASS_ANY || i != counts[section] - 1) {
          problem(Code.BAD_TSIG);
        }
      } else if (type == TYPE_OPT) {
        if (!isRoot(owner) || section != ADDITIONAL || optSeen) {
          problem(Code.FORMERR);
        } else {
          optSeen = true;
        }
      } else if (type == TYPE_TKEY) {
        // A TKEY belongs in the answer section of a response (or the additional one of a query).
        boolean response = (u8(2) & 0x80) != 0;
        if (section != 1 && !(section == ADDITIONAL && !response)) {
          problem(Code.FORMERR);
        }
      }
      int rdlength = u16(pos + 8);
      pos += FIXED;
      if (wire.length - pos < rdlength) {
        throw new Stop(Code.UNEXPECTED_END);
      }
      if (opcode == OPCODE_UPDATE && updateClass(section, rdclass)) {
        if (rdlength != 0) {
          throw new Stop(Code.FORMERR);
        }
      } else {
        int rdataClass =
            rdclass == CLASS_NONE && opcode == OPCODE_UPDATE && section == 2
                ? messageClass
                : rdclass;
        rdata(type, rdataClass, pos + rdlength);
      }
      if (type == TYPE_NSEC3 && !hashedOwner(owner)) {
        // message.c: an NSEC3 whose owner's first label is no base32hex hash ends the parse.
        throw new Stop(Code.BAD_OWNER);
      }
      if (type == TYPE_RRSIG && rdlength >= 2 && u16(pos) == 0) {
        problem(Code.FORMERR);
      } else if (type == TYPE_SIG && rdlength >= 2) {
        if (u16(pos) == 0) {
          if (section != ADDITIONAL || i != counts[section] - 1 || !isRoot(owner)) {
            problem(Code.BAD_SIG0);
          }
        } else if (messageClass != CLASS_ANY && messageClass != rdclass) {
          problem(Code.FORMERR);
        }
      }
      pos += rdlength;
      kept[section]++;
      starts.add(pos);
    }
  }

  // message.c update(): the prerequisite and update sections' meta-classes carry no rdata.
  private static boolean updateClass(int section, int rdclass) {
    if (section == 1) {
      return rdclass == CLASS_ANY || rdclass == CLASS_NONE;
    }
    return section == 2 && rdclass == CLASS_ANY;
  }

  // dns_rdata_fromwire: the type's reader over exactly [pos, end); the cursor goes back to pos
  // afterwards (the caller steps over the rdata by its length).
  private void rdata(int type, int rdclass, int end) throws Stop {
    if (type == 0) {
      throw new Stop(Code.FORMERR);
    }
    int at = pos;
    try {
      switch (type) {
        case 1 -> {
          if (rdclass == CLASS_IN || rdclass == CLASS_HS) {
            fixed(4, end);
          } else if (rdclass == CLASS_CH) {
            name(end);
            fixed(2, end);
          } else {
            pos = end;
          }
        }
        case 28 -> fixedIn(rdclass, 16, end);
        case 2, 3, 4, 5, 7, 8, 9, 12, 39 -> name(end);
        case 6 -> {
          name(end);
          name(end);
          fixed(20, end);
        }
        case 13 -> {
          string(end);
          string(end);
        }
        case 14, 17 -> {
          name(end);
          name(end);
        }
        case 15, 18, 21 -> {
          fixed(2, end);
          name(end);
        }
        case 16, 99 -> {
          do {
            string(end);
          } while (pos < end);
        }
        case 20 -> {
          string(end);
          if (pos < end) {
            string(end);
          }
        }
        case 26 -> {
          if (rdclass == CLASS_IN) {
            fixed(2, end);
            name(end);
            name(end);
          } else {
            pos = end;
          }
        }
        case 33 -> {
          if (rdclass == CLASS_IN) {
            fixed(6, end);
            name(end);
          } else {
            pos = end;
          }
        }
        case 35 -> {
          fixed(4, end);
          string(end);
          string(end);
          string(end);
          name(end);
        }
        case 36 -> {
          if (rdclass == CLASS_IN) {
            fixed(2, end);
            name(end);
          } else {
            pos = end;
          }
        }
        case TYPE_OPT -> options(end);
        case 19 -> {
          // x25_19.c: one string of at least four digits.
          int length = end - pos;
          if (length < 5 || u8(pos) != length - 1) {
            throw new Stop(Code.FORMERR);
          }
          for (int i = pos + 1; i < end; i++) {
            if (u8(i) < '0' || u8(i) > '9') {
              throw new Stop(Code.FORMERR);
            }
          }
          pos = end;
        }
        case 22, 31, 32 -> inOnly(rdclass, 1, end);
        case 23 -> {
          if (rdclass == CLASS_IN) {
            name(end);
          } else {
            pos = end;
          }
        }
        case 27 -> {
          string(end);
          string(end);
          string(end);
        }
        case 34 -> {
          // in_1/atma_34.c: an E.164 address (format 1) is digits.
          if (rdclass != CLASS_IN) {
            pos = end;
          } else {
            if (end - pos < 2) {
              throw new Stop(Code.UNEXPECTED_END);
            }
            for (int i = pos + 1; u8(pos) == 1 && i < end; i++) {
              if (u8(i) < '0' || u8(i) > '9') {
                throw new Stop(Code.FORMERR);
              }
            }
            pos = end;
          }
        }
        case 38 -> {
          if (rdclass == CLASS_IN) {
            a6(end);
          } else {
            pos = end;
          }
        }
        case 104, 106 -> exactly(10, end);
        case 105 -> exactly(6, end);
        case 107 -> {
          fixed(2, end);
          name(end);
        }
        case 260 -> relay(end);
        case 11 -> {
          // in_1/wks_11.c: address and protocol, a bitmap of at most 8 KiB ending in a set byte.
          if (rdclass != CLASS_IN) {
            pos = end;
          } else if (end - pos < 5) {
            throw new Stop(Code.UNEXPECTED_END);
          } else if (end - pos > 8 * 1024 + 5) {
            throw new Stop(Code.EXTRA_DATA);
          } else if (end - pos > 5 && u8(end - 1) == 0) {
            throw new Stop(Code.FORMERR);
          } else {
            pos = end;
          }
        }
        case 25, 48, 60 -> key(type, end);
        case 29 -> location(end);
        case 37 -> atLeast(6, end);
        case 42 -> {
          if (rdclass == CLASS_IN) {
            addressPrefixes(end);
          } else {
            pos = end;
          }
        }
        case 43, 59, 32768, 32769 -> delegationSigner(end);
        case 44 -> {
          // sshfp_44.c: SHA-1 and SHA-256 fingerprints have their exact lengths.
          fixed(2, end);
          int length = end - pos;
          int kind = u8(pos - 1);
          if ((kind == 1 && length != 20) || (kind == 2 && length != 32)) {
            throw new Stop(Code.FORMERR);
          }
          pos = end;
        }
        case 45 -> ipsecKey(end);
        case 47 -> {
          name(end);
          typeMap(end, false);
        }
        case 49 -> {
          if (rdclass == CLASS_IN) {
            atLeast(1, end);
          } else {
            pos = end;
          }
        }
        case 50 -> nsec3(end);
        case 51 -> {
          // nsec3param_51.c: the salt fills the rest exactly.
          if (end - pos < 5 || end - pos - 5 != u8(pos + 4)) {
            throw new Stop(Code.FORMERR);
          }
          pos = end;
        }
        case 52, 53, 256 -> atLeast(4, end);
        case 55 -> hostIdentity(end);
        case 61 -> atLeast(1, end);
        case 62 -> {
          fixed(6, end);
          typeMap(end, true);
        }
        case 63 -> {
          // zonemd_63.c: SHA-384 and SHA-512 digests are read to their length, others whole.
          if (end - pos < 18) {
            throw new Stop(Code.UNEXPECTED_END);
          }
          int digest = u8(pos + 5) == 1 ? 48 : u8(pos + 5) == 2 ? 64 : 0;
          if (digest == 0) {
            pos = end;
          } else {
            fixed(6 + digest, end);
          }
        }
        case 64, 65 -> {
          if (rdclass == CLASS_IN) {
            serviceBinding(end);
          } else {
            pos = end;
          }
        }
        case 108, 109 -> {
          // eui48_108.c, eui64_109.c: exactly the address.
          if (end - pos != (type == 108 ? 6 : 8)) {
            throw new Stop(Code.FORMERR);
          }
          pos = end;
        }
        case 257 -> {
          // caa_257.c: a tag of one or more letters and digits, then the value.
          fixed(2, end);
          int tag = u8(pos - 1);
          if (tag == 0 || end - pos < tag) {
            throw new Stop(Code.FORMERR);
          }
          for (int i = 0; i < tag; i++) {
            int c = u8(pos + i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
              throw new Stop(Code.FORMERR);
            }
          }
          pos = end;
        }
        case TYPE_TSIG -> {
          // tsig_250.c: algorithm, time signed and fudge, the MAC, original id, error, other data.
          name(end);
          fixed(10, end);
          fixed(u16(pos - 2), end);
          fixed(6, end);
          fixed(u16(pos - 2), end);
        }
        case TYPE_SIG, TYPE_RRSIG -> {
          // rrsig_46.c: 18 fixed bytes, the signer, and a signature of at least one byte.
          // (sig_24.c the same, but an empty signature is an end of input there.)
          fixed(18, end);
          name(end);
          if (pos >= end) {
            throw new Stop(type == TYPE_SIG ? Code.UNEXPECTED_END : Code.FORMERR);
          }
          pos = end;
        }
        default -> pos = end;
      }
      if (pos != end) {
        throw new Stop(Code.EXTRA_DATA);
      }
    } finally {
      pos = at;
    }
  }

  // An IN-only type's rest of at least this many bytes; for another class, opaque.
  private void inOnly(int rdclass, int length, int end) throws Stop {
    if (rdclass == CLASS_IN) {
      atLeast(length, end);
    } else {
      pos = end;
    }
  }

  // The whole rdata, which must be exactly this long (l32_105.c, l64_106.c, nid_104.c).
  private void exactly(int length, int end) throws Stop {
    if (end - pos != length) {
      throw new Stop(Code.FORMERR);
    }
    pos = end;
  }

  // in_1/a6_38.c: prefix length, the address bits after it (unused high bits zero), a prefix name.
  private void a6(int end) throws Stop {
    fixed(1, end);
    int prefix = u8(pos - 1);
    if (prefix > 128) {
      throw new Stop(Code.RANGE);
    }
    if (prefix != 128) {
      int octets = 16 - prefix / 8;
      if (end - pos < octets) {
        throw new Stop(Code.UNEXPECTED_END);
      }
      int mask = 0xff >> (prefix % 8);
      if ((u8(pos) & ~mask & 0xff) != 0) {
        throw new Stop(Code.FORMERR);
      }
      pos += octets;
    }
    if (prefix != 0) {
      name(end);
    }
  }

  // amtrelay_260.c: by relay type, nothing, IPv4 or IPv6 of the exact length, or a name.
  private void relay(int end) throws Stop {
    if (end - pos < 2) {
      throw new Stop(Code.UNEXPECTED_END);
    }
    switch (u8(pos + 1) & 0x7f) {
      case 0 -> exactly(2, end);
      case 1 -> exactly(6, end);
      case 2 -> exactly(18, end);
      case 3 -> {
        pos += 2;
        name(end);
      }
      default -> pos = end;
    }
  }

  // The rest of the rdata, which must hold at least this many bytes.
  private void atLeast(int length, int end) throws Stop {
    if (end - pos < length) {
      throw new Stop(Code.UNEXPECTED_END);
    }
    pos = end;
  }

  // key_25.c generic_fromwire_key (KEY, DNSKEY, CDNSKEY): flags, protocol, algorithm, then key
  // bytes, none for a KEY whose flags say "no key"; a PRIVATEDNS algorithm starts with a name.
  private void key(int type, int end) throws Stop {
    fixed(4, end);
    int flags = u16(pos - 4);
    if (type == TYPE_KEY && (flags & 0xc000) == 0xc000) {
      return;
    }
    if (pos >= end) {
      throw new Stop(Code.UNEXPECTED_END);
    }
    if (u8(pos - 1) == 253) {
      name(end);
    }
    pos = end;
  }

  // loc_29.c: version 0 is 16 bytes with sizes in range and a latitude and longitude on Earth.
  private void location(int end) throws Stop {
    if (pos >= end) {
      throw new Stop(Code.UNEXPECTED_END);
    }
    if (u8(pos) != 0) {
      pos = end;
      return;
    }
    if (end - pos < 16) {
      throw new Stop(Code.UNEXPECTED_END);
    }
    for (int i = 1; i <= 3; i++) {
      int c = u8(pos + i);
      if (c != 0 && ((c & 0xf) > 9 || (c >> 4) > 9 || (c >> 4) == 0)) {
        throw new Stop(Code.RANGE);
      }
    }
    long latitude = u32(pos + 4);
    long longitude = u32(pos + 8);
    if (latitude < 0x80000000L - 90L * 3600000
        || latitude > 0x80000000L + 90L * 3600000
        || longitude < 0x80000000L - 180L * 3600000
        || longitude > 0x80000000L + 180L * 3600000) {
      throw new Stop(Code.RANGE);
    }
    pos += 16;
  }

  // in_1/apl_42.c: family, prefix, length and address items, prefixes in range, no trailing zero.
  private void addressPrefixes(int end) throws Stop {
    while (pos < end) {
      if (end - pos < 4) {
        throw new Stop(Code.UNEXPECTED_END);
      }
      int family = u16(pos);
      int prefix = u8(pos + 2);
      int length = u8(pos + 3) & 0x7f;
      pos += 4;
      if (length > end - pos) {
        throw new Stop(Code.UNEXPECTED_END);
      }
      if ((family == 1 && (prefix > 32 || length > 4))
          || (family == 2 && (prefix > 128 || length > 16))) {
        throw new Stop(Code.RANGE);
      }
      if (length > 0 && u8(pos + length - 1) == 0) {
        throw new Stop(Code.FORMERR);
      }
      pos += length;
    }
  }

  // ds_43.c generic_fromwire_ds: the SHA-1, SHA-256 and SHA-384 digests are read to their length.
  private void delegationSigner(int end) throws Stop {
    int length = end - pos;
    if (length < 5) {
      throw new Stop(Code.UNEXPECTED_END);
    }
    int digest =
        switch (u8(pos + 3)) {
          case 1 -> 20;
          case 2 -> 32;
          case 4 -> 48;
          default -> 0;
        };
    if (digest == 0) {
      pos = end;
    } else {
      fixed(4 + digest, end);
    }
  }

  // ipseckey_45.c: by gateway type, none, IPv4, IPv6 or a name, then a key.
  private void ipsecKey(int end) throws Stop {
    if (end - pos < 3) {
      throw new Stop(Code.UNEXPECTED_END);
    }
    switch (u8(pos + 1)) {
      case 0 -> atLeast(4, end);
      case 1 -> atLeast(8, end);
      case 2 -> atLeast(20, end);
      case 3 -> {
        pos += 3;
        name(end);
        atLeast(1, end);
      }
      default -> throw new Stop(Code.NOT_IMPLEMENTED);
    }
  }

  // nsec3_50.c: algorithm, flags, iterations, salt, hash of its length, type bitmap.
  private void nsec3(int end) throws Stop {
    if (end - pos < 5) {
      throw new Stop(Code.FORMERR);
    }
    int algorithm = u8(pos);
    int salt = u8(pos + 4);
    pos += 5;
    if (end - pos < salt + 1) {
      throw new Stop(Code.FORMERR);
    }
    pos += salt;
    int hash = u8(pos++);
    boolean fits =
        algorithm == 1 ? hash == 20 && end - pos >= hash : hash >= 1 && end - pos >= hash;
    if (!fits) {
      throw new Stop(Code.FORMERR);
    }
    pos += hash;
    typeMap(end, true);
  }

  // hip_55.c: HIT and public key of non-zero lengths, then rendezvous server names.
  private void hostIdentity(int end) throws Stop {
    if (end - pos < 4) {
      throw new Stop(Code.FORMERR);
    }
    int hit = u8(pos);
    int key = u16(pos + 2);
    if (hit == 0 || key == 0 || hit + key > end - pos - 4) {
      throw new Stop(Code.FORMERR);
    }
    pos += 4 + hit + key;
    while (pos < end) {
      name(end);
    }
  }

  // rdata.c typemap_test: windows in order, each 1 to 32 bytes ending in a set byte.
  private void typeMap(int end, boolean allowEmpty) throws Stop {
    boolean first = true;
    int last = 0;
    while (pos < end) {
      if (end - pos < 2) {
        throw new Stop(Code.FORMERR);
      }
      int window = u8(pos);
      int length = u8(pos + 1);
      pos += 2;
      if ((!first && window <= last) || length < 1 || length > 32 || end - pos < length) {
        throw new Stop(Code.FORMERR);
      }
      if (u8(pos + length - 1) == 0) {
        throw new Stop(Code.FORMERR);
      }
      pos += length;
      last = window;
      first = false;
    }
    if (!allowEmpty && first) {
      throw new Stop(Code.FORMERR);
    }
  }

  // in_1/svcb_64.c generic_fromwire_in_svcb: priority, target, then parameters with keys in
  // ascending order, the mandatory ones present, and values of the shape their key needs.
  private void serviceBinding(int end) throws Stop {
    fixed(2, end);
    name(end);
    boolean first = true;
    boolean alpn = false;
    int lastKey = 0;
    int mandatory = -1;
    int mandatoryAt = 0;
    int mandatoryEnd = 0;
    while (pos < end) {
      if (end - pos < 2) {
        throw new Stop(Code.UNEXPECTED_END);
      }
      int key = u16(pos);
      pos += 2;
      if (!first && key <= lastKey) {
        throw new Stop(Code.FORMERR);
      }
      if (mandatory >= 0) {
        if (key > mandatory) {
          throw new Stop(Code.FORMERR);
        }
        if (key == mandatory) {
          if (mandatoryEnd - mandatoryAt >= 2) {
            mandatory = u16(mandatoryAt);
            mandatoryAt += 2;
          } else {
            mandatory = -1;
          }
        }
      }
      if (key == 1) {
        alpn = true;
      } else if (key == 2 && !alpn) {
        throw new Stop(Code.FORMERR);
      }
      first = false;
      lastKey = key;
      if (end - pos < 2) {
        throw new Stop(Code.UNEXPECTED_END);
      }
      int length = u16(pos);
      pos += 2;
      if (end - pos < length) {
        throw new Stop(Code.UNEXPECTED_END);
      }
      if (key == 0) {
        if (length < 2 || u16(pos) == 0) {
          throw new Stop(Code.FORMERR);
        }
        mandatory = u16(pos);
        mandatoryAt = pos + 2;
        mandatoryEnd = pos + length;
      }
      if (!serviceValueOk(key, pos, length)) {
        throw new Stop(Code.FORMERR);
      }
      pos += length;
    }
    if (mandatory >= 0) {
      throw new Stop(Code.FORMERR);
    }
  }

  // svcb_64.c svcb_validate, for the keys BIND knows (dohpath's template is not checked here).
  private boolean serviceValueOk(int key, int at, int length) {
    return switch (key) {
      case 0 -> {
        if (length % 2 != 0 || length == 0) {
          yield false;
        }
        for (int i = at; i + 4 <= at + length; i += 2) {
          if (u16(i) >= u16(i + 2)) {
            yield false;
          }
        }
        yield true;
      }
      case 1 -> {
        if (length == 0) {
          yield false;
        }
        int i = at;
        while (i < at + length) {
          int l = u8(i) + 1;
          if (l == 1 || l > at + length - i) {
            yield false;
          }
          i += l;
        }
        yield true;
      }
      case 2 -> length == 0;
      case 3 -> length == 2;
      case 4 -> length % 4 == 0 && length != 0;
      case 6 -> length % 16 == 0 && length != 0;
      default -> true;
    };
  }

  private void fixedIn(int rdclass, int length, int end) throws Stop {
    if (rdclass == CLASS_IN) {
      fixed(length, end);
    } else {
      pos = end;
    }
  }

  private void fixed(int length, int end) throws Stop {
    if (end - pos < length) {
      throw new Stop(Code.UNEXPECTED_END);
    }
    pos += length;
  }

  // A <character-string>: its length byte and that many bytes (rdata.c txt_fromwire).
  private void string(int end) throws Stop {
    if (pos >= end || pos + 1 + u8(pos) > end) {
      throw new Stop(Code.UNEXPECTED_END);
    }
    pos += 1 + u8(pos);
  }

  // OPT's options (opt_41.c fromwire_opt): whole, and the lengths BIND insists on.
  private void options(int end) throws Stop {
    while (pos < end) {
      if (end - pos < 4) {
        throw new Stop(Code.UNEXPECTED_END);
      }
      int code = u16(pos);
      int length = u16(pos + 2);
      pos += 4;
      if (end - pos < length) {
        throw new Stop(Code.UNEXPECTED_END);
      }
      boolean bad =
          switch (code) {
            case 1 -> length != 18;
            case 8 -> !subnetOk(length);
            case 9 -> length != 0 && length != 4;
            case 10 -> length != 8 && (length < 16 || length > 40);
            case 14 -> length == 0 || length % 2 != 0;
            case 15 -> length < 2 || !utf8Ok(pos + 2, length - 2);
            case 16, 17 -> length != 2;
            default -> false;
          };
      if (bad) {
        throw new Stop(Code.OPT_ERROR);
      }
      pos += length;
    }
  }

  // EDNS Client Subnet (RFC 7871 6): family, source and scope prefixes that fit, no stray bits.
  private boolean subnetOk(int length) {
    if (length < 4) {
      return false;
    }
    int family = u16(pos);
    int source = u8(pos + 2);
    int scope = u8(pos + 3);
    boolean fits =
        switch (family) {
          case 0 -> source == 0 && scope == 0;
          case 1 -> source <= 32 && scope <= 32;
          case 2 -> source <= 128 && scope <= 128;
          default -> false;
        };
    int bytes = (source + 7) / 8;
    if (!fits || bytes + 4 != length) {
      return false;
    }
    if (bytes != 0 && source % 8 != 0) {
      int last = u8(pos + 4 + bytes - 1);
      int mask = (0xff << (8 - source % 8)) & 0xff;
      return (last & mask) == last;
    }
    return true;
  }

  // The EDE text: UTF-8 (isc_utf8_valid) without a byte order mark (isc_utf8_bom).
  private boolean utf8Ok(int from, int length) {
    if (length >= 3 && u8(from) == 0xef && u8(from + 1) == 0xbb && u8(from + 2) == 0xbf) {
      return false;
    }
    var decoder =
        java.nio.charset.StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    try {
      decoder.decode(java.nio.ByteBuffer.wrap(wire, from, length));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  /**
   * A name as name.c dns_name_fromwire reads it, bounded by {@code max}: a pointer must point
   * before the labels it continues (so no loops), labels of type 01 and 10 are refused, a name
   * longer than 255 bytes is refused as soon as its length says so. Returns where the name started;
   * the cursor moves past it only when it is whole.
   */
  private int name(int max) throws Stop {
    int start = pos;
    int cursor = pos;
    int marker = pos;
    int consumed = -1;
    int length = 0;
    while (cursor < max) {
      int label = u8(cursor++);
      if (label < 64) {
        cursor += label;
        length += label + 1;
        if (length > MAX_NAME) {
          throw new Stop(Code.NAME_TOO_LONG);
        }
        if (label == 0) {
          pos = consumed >= 0 ? consumed : cursor;
          return start;
        }
      } else if (label < 192) {
        throw new Stop(Code.BAD_LABEL_TYPE);
      } else if (cursor < max) {
        int pointer = ((label & 0x3f) << 8) | u8(cursor++);
        if (pointer >= marker) {
          throw new Stop(Code.BAD_POINTER);
        }
        if (consumed < 0) {
          consumed = cursor;
        }
        cursor = pointer;
        marker = pointer;
      }
    }
    throw new Stop(Code.UNEXPECTED_END);
  }

  // The lowercase text of a name already read whole from this offset, to compare questions.
  private String nameKey(int at) {
    StringBuilder key = new StringBuilder();
    int cursor = at;
    while (true) {
      int label = u8(cursor);
      if (label >= 192) {
        cursor = ((label & 0x3f) << 8) | u8(cursor + 1);
        continue;
      }
      if (label == 0) {
        return key.append('.').toString();
      }
      for (int i = 1; i <= label; i++) {
        int c = u8(cursor + i);
        key.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c));
      }
      key.append('.');
      cursor += label + 1;
    }
  }

  /**
   * rdata/generic/nsec3_50.c checkowner: the owner's first label decodes as unpadded base32hex
   * (isc_base32hexnp_decoderegion): its digits, a length that ends on a whole byte, and the bits
   * left over zero.
   */
  private boolean hashedOwner(int at) {
    int cursor = at;
    while (u8(cursor) >= 192) {
      cursor = ((u8(cursor) & 0x3f) << 8) | u8(cursor + 1);
    }
    int length = u8(cursor);
    int last = 0;
    for (int i = 1; i <= length; i++) {
      int c = u8(cursor + i);
      if (c >= '0' && c <= '9') {
        last = c - '0';
      } else if (c >= 'a' && c <= 'v') {
        last = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'V') {
        last = c - 'A' + 10;
      } else {
        return false;
      }
    }
    // Bits of the last digit that fall past the last whole byte, by digits in the last group.
    int spare =
        switch (length % 8) {
          case 0 -> 0;
          case 2 -> 0x03;
          case 4 -> 0x0f;
          case 5 -> 0x01;
          case 7 -> 0x07;
          default -> -1;
        };
    return spare >= 0 && (last & spare) == 0;
  }

  private boolean isRoot(int at) {
    int cursor = at;
    while (u8(cursor) >= 192) {
      cursor = ((u8(cursor) & 0x3f) << 8) | u8(cursor + 1);
    }
    return u8(cursor) == 0;
  }

  private int u8(int at) {
    return wire[at] & 0xff;
  }

  private long u32(int at) {
    return ((long) u16(at) << 16) | u16(at + 2);
  }

  private int u16(int at) {
    return ((wire[at] & 0xff) << 8) | (wire[at + 1] & 0xff);
  }
}
