package dev.netdiag.cli.dig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.netdiag.cli.Run;
import dev.netdiag.testkit.Cmd;
import dev.netdiag.testkit.NsdServer;
import dev.netdiag.testkit.Requires;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * dig --json against nsd on 127.53.5.1:5353: the document parses, and its typed fields carry the
 * zone's values. The JSON is flattened into "path = value" pairs (array indexes included) so each
 * check names the field it reads.
 */
class DigJsonTest {
  private static final String SERVER = "127.53.5.1";
  private static final String ZONE =
      """
      $ORIGIN js.test.
      $TTL 300
      @        IN SOA ns1 hostmaster 42 3600 900 604800 300
      @        IN NS  ns1
      @        IN MX  10 mail
      ns1      IN A   127.53.5.1
      www      IN A   192.0.2.1
      www      IN AAAA 2001:db8::1
      alias    IN CNAME www
      txt      IN TXT "hello \\"world\\"" "two"
      srv      IN SRV 10 5 443 www
      caa      IN CAA 0 issue "letsencrypt.org"
      ds       IN DS 12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      https    IN HTTPS 1 . alpn="h2,h3" port=8443
      """;

  private static NsdServer nsd;

  @BeforeAll
  static void start() {
    Requires.assumeRoot("nsd binds a loopback address");
    Requires.assumeInstalled("nsd");
    nsd = NsdServer.start(SERVER, 5353, Map.of("js.test", ZONE));
  }

  @AfterAll
  static void stop() {
    if (nsd != null) {
      nsd.close();
    }
  }

  private static Map<String, String> dig(int exit, String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of("dig", "@" + SERVER, "-p", "5353", "--json"));
    argv.addAll(List.of(args));
    Cmd.Result r = Run.netdiag(argv.toArray(String[]::new));
    assertEquals(exit, r.exitCode(), r.stderr());
    assertEquals(1, r.stdout().lines().count(), "one JSON line per lookup: " + r.stdout());
    return flatten(r.stdout());
  }

  // Every scalar of the document as "a.b[0].c" -> text.
  static Map<String, String> flatten(String json) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> path = new ArrayList<>();
    List<Integer> index = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case START_OBJECT, START_ARRAY -> {
            if (!index.isEmpty() && index.getLast() >= 0) {
              path.add("[" + index.getLast() + "]");
              index.set(index.size() - 1, index.getLast() + 1);
            }
            index.add(t == JsonToken.START_ARRAY ? 0 : -1);
          }
          case END_OBJECT, END_ARRAY -> {
            index.removeLast();
            if (!path.isEmpty()) {
              path.removeLast();
            }
          }
          case FIELD_NAME -> path.add("." + p.currentName());
          default -> {
            String key;
            if (index.getLast() >= 0) {
              key = String.join("", path) + "[" + index.getLast() + "]";
              index.set(index.size() - 1, index.getLast() + 1);
            } else {
              key = String.join("", path);
              path.removeLast();
            }
            out.put(key, t == JsonToken.VALUE_NULL ? "null" : p.getText());
          }
        }
      }
    }
    return out;
  }

  @Test
  void answerCarriesHeaderAndTypedAddress() throws IOException {
    Map<String, String> doc = dig(0, "www.js.test");
    assertEquals("www.js.test.", doc.get(".query.name"), doc.toString());
    assertEquals("127.53.5.1", doc.get(".server"));
    assertEquals("5353", doc.get(".port"));
    assertEquals("udp", doc.get(".transport"));
    assertEquals("NOERROR", doc.get(".header.status"));
    assertEquals("qr", doc.get(".header.flags[0]"));
    assertEquals("aa", doc.get(".header.flags[1]"));
    assertEquals("192.0.2.1", doc.get(".answer[0].data.address"));
    assertEquals("300", doc.get(".answer[0].ttl"));
    assertEquals("1232", doc.get(".edns.udp"));
    assertEquals("recursion requested but not available", doc.get(".warnings[0]"));
  }

  @Test
  void typedRdataFields() throws IOException {
    assertEquals("2001:db8::1", dig(0, "www.js.test", "AAAA").get(".answer[0].data.address"));
    Map<String, String> mx = dig(0, "js.test", "MX");
    assertEquals("10", mx.get(".answer[0].data.preference"));
    assertEquals("mail.js.test.", mx.get(".answer[0].data.exchange"));
    Map<String, String> soa = dig(0, "js.test", "SOA");
    assertEquals("42", soa.get(".answer[0].data.serial"));
    assertEquals("hostmaster.js.test.", soa.get(".answer[0].data.rname"));
    Map<String, String> txt = dig(0, "txt.js.test", "TXT");
    assertEquals("hello \"world\"", txt.get(".answer[0].data.strings[0]"));
    assertEquals("two", txt.get(".answer[0].data.strings[1]"));
    Map<String, String> srv = dig(0, "srv.js.test", "SRV");
    assertEquals("443", srv.get(".answer[0].data.port"));
    assertEquals("www.js.test.", srv.get(".answer[0].data.target"));
    Map<String, String> caa = dig(0, "caa.js.test", "CAA");
    assertEquals("issue", caa.get(".answer[0].data.tag"));
    assertEquals("letsencrypt.org", caa.get(".answer[0].data.value"));
    Map<String, String> ds = dig(0, "ds.js.test", "DS");
    assertEquals("12345", ds.get(".answer[0].data.key_tag"));
    assertTrue(ds.get(".answer[0].data.digest").startsWith("0123456789abcdef"));
    Map<String, String> https = dig(0, "https.js.test", "HTTPS");
    assertEquals("8443", https.get(".answer[0].data.params.port"));
    assertEquals("1 . alpn=\"h2,h3\" port=8443", https.get(".answer[0].rdata"));
    Map<String, String> alias = dig(0, "alias.js.test");
    assertEquals("www.js.test.", alias.get(".answer[0].data.target"));
    assertEquals("192.0.2.1", alias.get(".answer[1].data.address"));
  }

  @Test
  void nxdomainIsAnAnswerWithItsStatus() throws IOException {
    Map<String, String> doc = dig(0, "nope.js.test");
    assertEquals("NXDOMAIN", doc.get(".header.status"));
    assertEquals("3", doc.get(".header.rcode"));
    assertEquals("SOA", doc.get(".authority[0].type"));
  }

  @Test
  void noReplyIsAnErrorDocumentWithDigsExitCode() throws IOException {
    Cmd.Result r =
        Run.netdiag("dig", "@127.53.5.9", "-p", "5999", "+tries=1", "+json", "x.js.test");
    assertEquals(9, r.exitCode(), r.stderr());
    Map<String, String> doc = flatten(r.stdout());
    assertEquals("refused", doc.get(".error.code"), doc.toString());
    assertEquals("refused", doc.get(".notices[0].kind"));
    assertEquals("x.js.test.", doc.get(".query.name"));
  }
}
