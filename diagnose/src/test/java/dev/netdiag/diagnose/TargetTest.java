package dev.netdiag.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetTest {

  @ParameterizedTest(name = "{0} {1} -> {2} port {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "localhost:22, -, localhost, 22",
        "127.0.0.1:8080, -, 127.0.0.1, 8080",
        "[::1]:443, -, ::1, 443",
        "[fe80::1%1]:80, -, fe80::1%1, 80",
        "example.test, 25, example.test, 25",
        "::1, 53, ::1, 53",
        "[::1], 53, ::1, 53",
        "host.test:https, -, host.test, 443",
        "host.test, ssh, host.test, 22",
        ":8080, -, '', 8080",
        "https://host.test/path?q=1, -, host.test, 443",
        "http://host.test, -, host.test, 80",
        "HTTP://host.test:8081/, -, host.test, 8081",
        "https://user:pw@host.test/, -, host.test, 443",
        "https://[2001:db8::1]/x, -, 2001:db8::1, 443",
        "https://[2001:db8::1]:8443/x, -, 2001:db8::1, 8443",
        "ssh://git@host.test/repo, -, host.test, 22",
      })
  void parsesEveryForm(String text, String port, String host, int expectedPort) throws Exception {
    Target target = Target.parse(text, port);
    assertEquals(host, target.host());
    assertEquals(expectedPort, target.port());
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(
      nullValues = "-",
      delimiter = '|',
      value = {
        "localhost | - | no port in 'localhost'",
        "::1 | - | write an IPv6 address with a port as [::1]:PORT",
        "2001:db8::1:80 | - | write an IPv6 address with a port as [2001:db8::1:80]:PORT",
        "host:0 | - | port out of range (1-65535): 0",
        "host:65536 | - | port out of range (1-65535): 65536",
        "host:99999999999 | - | port out of range (1-65535): 99999999999",
        "host: | - | empty port",
        "host:nosuchservice | - | unknown service name: nosuchservice",
        "[::1 | - | missing ']'",
        "[::1]x | - | expected ':PORT' after ']'",
        "gopherx://host/ | - | no known port for scheme 'gopherx'",
        "https:///path | - | no host in URL",
        "https://h/ | 80 | a URL carries its own port",
        "a b:80 | - | invalid character ' ' in host",
        "'' | - | no target given",
      })
  void explainsWhatIsWrong(String text, String port, String message) {
    TargetSyntaxException e =
        assertThrows(TargetSyntaxException.class, () -> Target.parse(text, port));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void displaysIpv6InBrackets() throws Exception {
    assertEquals("[::1]:22", Target.parse("::1", "22").display());
    assertEquals("h.test:22", Target.parse("h.test:22").display());
  }
}
