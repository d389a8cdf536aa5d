package dev.netdiag.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolvConfTest {

  @Test
  void readsServersSearchAndOptions() {
    ResolvConf conf =
        ResolvConf.parse(
            """
            # comment
            ; also a comment
            nameserver 127.53.0.1
            nameserver ::1
            nameserver fe80::1%lo
            nameserver 127.53.0.4
            search a.test b.test
            options ndots:3 timeout:2 attempts:4 rotate
            """);
    assertEquals(List.of("127.53.0.1", "::1", "fe80::1%lo"), conf.nameservers());
    assertEquals(List.of("a.test", "b.test"), conf.search());
    assertEquals(3, conf.ndots());
    assertEquals(2, conf.timeoutSeconds());
    assertEquals(4, conf.attempts());
  }

  @Test
  void lastOfDomainAndSearchWins() {
    assertEquals(
        List.of("c.test"), ResolvConf.parse("search a.test b.test\ndomain c.test\n").search());
    assertEquals(
        List.of("a.test", "b.test"),
        ResolvConf.parse("domain c.test\nsearch a.test b.test\n").search());
  }

  @Test
  void searchListKeepsEightDomains() {
    ResolvConf conf = ResolvConf.parse("search a b c d e f g h i j\n");
    assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h"), conf.search());
  }

  @Test
  void skipsHostNamesAndMalformedOptions() {
    ResolvConf conf =
        ResolvConf.parse("nameserver ns.example\noptions ndots: ndots:x timeout:9999999999\n");
    assertEquals(List.of(), conf.nameservers());
    assertEquals(1, conf.ndots());
    assertEquals(0, conf.timeoutSeconds());
  }

  @Test
  void ndotsIsCappedAt255() {
    assertEquals(255, ResolvConf.parse("options ndots:300\n").ndots());
  }

  @Test
  void emptyOrMissingFileMeansLocalhost(@TempDir Path dir) throws DnsException {
    ResolvConf missing = ResolvConf.read(dir.resolve("absent"));
    assertEquals(ResolvConf.LOCALHOST_SERVERS, missing.serversOrLocalhost());
    assertEquals(1, missing.ndots());
  }

  @Test
  void readsAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("resolv.conf");
    Files.writeString(file, "nameserver 127.53.0.9\r\noptions ndots:2\r\n");
    ResolvConf conf = ResolvConf.read(file);
    assertEquals(List.of("127.53.0.9"), conf.nameservers());
    assertEquals(2, conf.ndots());
  }
}
