package dev.netdiag.cli.dig;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;

/**
 * One lookup of a dig command line with its own options (dig's {@code dig_lookup_t}): options
 * before the first name go to the default lookup, which every new lookup starts as a copy of;
 * options after a name change only that name's lookup.
 */
final class Lookup {
  String name;
  int type = -1;
  boolean typeSet;
  int dclass = DClass.IN;
  boolean classSet;

  /** {@code @server} arguments of this lookup, resolved; empty means the resolv.conf servers. */
  List<DigServer> servers = new ArrayList<>();

  /** The greeting ({@code ; <<>> DiG … <<>> args}) printed before this lookup's answer, or "". */
  String cmdline = "";

  boolean tcp;
  boolean tcpSet;
  boolean ignore;
  // +tls and its options: a CA file ("" the system's store, null no check), the expected host
  // name, a client certificate chain and key. DNS over TLS (tls) is +tls itself, or any of its
  // options that turn the certificate check on, unless DNS over HTTPS (which uses them) is asked.
  boolean tls;
  boolean tlsMode;
  boolean tlsCaSet;
  // +https / +http-plain: DNS over HTTP/2, plain (no TLS) or not, GET or POST, and the path.
  boolean https;
  boolean httpPlain;
  boolean httpsGet;
  String httpsPath;
  String tlsCa;
  String tlsHostname;
  String tlsCertFile;
  String tlsKeyFile;
  int tries = 3;
  boolean sendCookie = true;
  String cookieHex;
  int edns; // -1: no EDNS
  int ednsFlags;
  boolean ednsNegotiation = true;
  int bufsize = -1; // -1: dig's default (1232)
  boolean recurse = true;
  boolean aaflag;
  boolean raflag;
  boolean tcflag;
  boolean coflag;
  boolean expandaaaa;
  boolean idnin;
  boolean idnout;
  boolean adflag = true;
  boolean cdflag;
  boolean zflag;
  boolean dnssec;
  boolean nsid;
  boolean expire;
  boolean keepalive;
  int padding;
  Subnet subnet;
  int opcode;
  int qid = -1;
  boolean besteffort = true;
  boolean fail = true;
  boolean crypto = true;
  boolean useUsec;
  boolean comments = true;
  boolean question = true;
  boolean answer = true;
  boolean authority = true;
  boolean additional = true;
  boolean stats = true;
  int rrcomments; // 1 on, -1 off, 0 default
  boolean noclass;
  boolean nottl;
  boolean ttlunits;
  boolean multiline;
  boolean onesoa;
  boolean identify;
  boolean qr;
  boolean headerOnly;
  boolean unknownFormat;
  // dig's global +short and +cmd as they stood when this lookup's line had been parsed.
  boolean shortForm;
  int split = RdataText.DEFAULT_SPLIT; // dig's global +split: 0 for none
  boolean printcmd = true;
  boolean yaml;
  // +trace: walk from the root (TracePrinter).
  boolean trace;
  boolean nssearch;
  long ixfrSerial = -1; // IXFR=N: the serial the client has
  boolean json;
  List<int[]> ednsOptionCodes = new ArrayList<>();
  List<byte[]> ednsOptionData = new ArrayList<>();

  /** A new lookup starting with this one's options (dig's clone_lookup with its servers). */
  Lookup copy() {
    Lookup c = new Lookup();
    c.type = type;
    c.typeSet = false;
    c.dclass = dclass;
    c.classSet = false;
    c.servers = new ArrayList<>(servers);
    c.tcp = tcp;
    c.tcpSet = tcpSet;
    c.ignore = ignore;
    c.tls = tls;
    c.tlsMode = tlsMode;
    c.tlsCaSet = tlsCaSet;
    c.https = https;
    c.httpPlain = httpPlain;
    c.httpsGet = httpsGet;
    c.httpsPath = httpsPath;
    c.tlsCa = tlsCa;
    c.tlsHostname = tlsHostname;
    c.tlsCertFile = tlsCertFile;
    c.tlsKeyFile = tlsKeyFile;
    c.tries = tries;
    c.sendCookie = sendCookie;
    c.cookieHex = cookieHex;
    c.edns = edns;
    c.ednsFlags = ednsFlags;
    c.ednsNegotiation = ednsNegotiation;
    c.bufsize = bufsize;
    c.recurse = recurse;
    c.aaflag = aaflag;
    c.raflag = raflag;
    c.tcflag = tcflag;
    c.coflag = coflag;
    c.expandaaaa = expandaaaa;
    c.idnin = idnin;
    c.idnout = idnout;
    c.adflag = adflag;
    c.cdflag = cdflag;
    c.zflag = zflag;
    c.dnssec = dnssec;
    c.nsid = nsid;
    c.expire = expire;
    c.keepalive = keepalive;
    c.padding = padding;
    c.subnet = subnet;
    c.opcode = opcode;
    c.qid = qid;
    c.besteffort = besteffort;
    c.fail = fail;
    c.crypto = crypto;
    c.useUsec = useUsec;
    c.comments = comments;
    c.question = question;
    c.answer = answer;
    c.authority = authority;
    c.additional = additional;
    c.stats = stats;
    c.rrcomments = rrcomments;
    c.noclass = noclass;
    c.nottl = nottl;
    c.ttlunits = ttlunits;
    c.multiline = multiline;
    c.onesoa = onesoa;
    c.identify = identify;
    c.nssearch = nssearch;
    c.ixfrSerial = ixfrSerial;
    c.qr = qr;
    c.headerOnly = headerOnly;
    c.unknownFormat = unknownFormat;
    c.trace = trace;
    c.ednsOptionCodes = new ArrayList<>(ednsOptionCodes);
    c.ednsOptionData = new ArrayList<>(ednsOptionData);
    return c;
  }

  /** A server named on the command line: the text as given and one of its addresses. */
  record DigServer(String text, java.net.InetAddress address) {}

  /** dighost.c dig_lookup_is_tls: +tls, or a certificate check asked without +https. */
  void syncTls() {
    tls = tlsMode || (tlsCaSet && !https);
  }

  /** DNS over HTTP/2: +https or +http-plain on a lookup that goes over a stream. */
  boolean doh() {
    return https && tcp && !tls;
  }
}
