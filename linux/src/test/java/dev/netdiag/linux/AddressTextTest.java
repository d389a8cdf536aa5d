package dev.netdiag.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTextTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "127.0.0.1, 127.0.0.1",
    "0.0.0.0, 0.0.0.0",
    "255.255.255.255, 255.255.255.255",
    "::, ::",
    "::1, ::1",
    "1::, 1::",
    "2001:db8::1, 2001:db8::1",
    "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "fe80::a:b:c:d, fe80::a:b:c:d",
    "::ffff:192.0.2.1, ::ffff:192.0.2.1",
    "::ffff:c000:201, ::ffff:192.0.2.1",
    "::192.0.2.1, ::192.0.2.1",
    "::2, ::2",
    "1:0:0:2:0:0:0:3, 1:0:0:2::3",
    "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789, abcd:ef01:2345:6789:abcd:ef01:2345:6789",
  })
  void formatsAsInetNtopDoes(String literal, String expected) {
    InetAddress address = AddressText.parse(literal);
    assertEquals(expected, AddressText.format(address));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "01.2.3.4",
        "1.2.3.4 ",
        ":::",
        "1:2:3:4:5:6:7:8:9",
        "1::2::3",
        "12345::1",
        ":1::",
        "1:",
        "g::1",
        "::1%",
        "[::1]",
      })
  void rejectsWhatInetPtonRejects(String text) {
    assertNull(AddressText.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"::1%1", "fe80::1%1"})
  void keepsNumericScopes(String text) {
    Inet6Address address = (Inet6Address) AddressText.parse(text);
    assertEquals(1, address.getScopeId());
  }

  @org.junit.jupiter.api.Test
  void mappedSixteenBytesStayIpv6() {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = 10;
    mapped[15] = 1;
    InetAddress address = AddressText.fromBytes(mapped);
    assertEquals(16, address.getAddress().length);
    assertEquals("::ffff:10.0.0.1", AddressText.format(address));
  }
}
