package dev.netdiag.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.net.InetAddress;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The uncompressed wire form of a query equals dnsjava's Message.toWire, byte for byte. */
class QueryWireTest {
  private static Message query(String name, int type, List<EDNSOption> options) throws Exception {
    Message m = new Message(4242);
    m.getHeader().setFlag(Flags.RD);
    m.getHeader().setFlag(Flags.AD);
    m.addRecord(Record.newRecord(Name.fromString(name), type, DClass.IN), Section.QUESTION);
    if (options != null) {
      m.addRecord(new OPTRecord(1232, 0, 0, 0x8000, options), Section.ADDITIONAL);
    }
    return m;
  }

  static Stream<Supplier<Message>> messages() {
    return Stream.of(
        () -> call(() -> query("www.example.test.", Type.A, null)),
        () -> call(() -> query("www.example.test.", Type.AAAA, List.of())),
        () ->
            call(
                () ->
                    query(
                        "a.b.c.d.e.example.test.",
                        Type.TXT,
                        List.of(
                            new GenericEDNSOption(EDNSOption.Code.NSID, new byte[0]),
                            new ClientSubnetOption(24, InetAddress.getByName("192.0.2.0")),
                            new CookieOption(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}),
                            new GenericEDNSOption(EDNSOption.Code.PADDING, new byte[33])))),
        () -> call(() -> query(".", Type.NS, List.of())),
        () -> call(() -> query("\\000.\\255.test.", Type.A, List.of())),
        () -> {
          Message m = call(() -> query("x.test.", Type.A, List.of()));
          m.removeAllRecords(Section.QUESTION);
          return m;
        },
        // Compression matters here: the fallback.
        () -> {
          Message m = call(() -> query("zone.test.", Type.IXFR, List.of()));
          m.addRecord(
              new SOARecord(
                  call(() -> Name.fromString("zone.test.")),
                  DClass.IN,
                  0,
                  Name.root,
                  Name.root,
                  7,
                  0,
                  0,
                  0,
                  0),
              Section.AUTHORITY);
          return m;
        });
  }

  @ParameterizedTest
  @MethodSource("messages")
  void sameBytesAsMessageToWire(Supplier<Message> message) {
    Message m = message.get();
    assertArrayEquals(m.toWire(Message.MAXLENGTH), QueryWire.of(m));
  }

  private interface Failing<T> {
    T get() throws Exception;
  }

  private static <T> T call(Failing<T> f) {
    try {
      return f.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
