package dev.netdiag.cli.dig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.cli.Output;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;

/**
 * The record lines DigPrinter writes straight to the output, without dnsjava's strings: names, the
 * plain rdata of A, NS, CNAME, PTR, DNAME and MX, must read exactly as the text dnsjava makes
 * (which the differential tests check against dig) for every byte a label can hold.
 */
class DigPrinterTextTest {
  private static String written(java.util.function.Consumer<Output> write) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    Output out = new Output(sink);
    write.accept(out);
    out.flush();
    return sink.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void namesReadAsDnsjavaPrintsThem() throws Exception {
    // Every byte a label can hold, in two names (a name has at most 255 bytes).
    StringBuilder low = new StringBuilder();
    StringBuilder high = new StringBuilder();
    for (int b = 0; b < 256; b++) {
      StringBuilder half = b < 128 ? low : high;
      half.append(String.format("\\%03d", b));
      if (b % 60 == 59) {
        half.append('.');
      }
    }
    Name[] names = {
      Name.root,
      Name.fromString("example.com."),
      Name.fromString("a\\.b.c\\;d.\\@x\\$y.\\\"q\\(r\\)\\\\s."),
      Name.fromString("x\\032y.\\009tab.\\127.\\200\\255.test."),
      Name.fromString(low + ".", Name.root),
      Name.fromString(high + ".", Name.root),
      Name.fromString("relative.name", null),
      Name.empty,
      Name.fromString("*.wild.test."),
    };
    for (Name name : names) {
      int[] count = new int[1];
      String text = written(out -> count[0] = DigPrinter.name(out, name));
      assertEquals(
          name.toString(), text, "name bytes " + java.util.Arrays.toString(name.toWireCanonical()));
      assertEquals(text.length(), count[0]);
    }
  }

  @Test
  void plainRdataReadsAsTheRecordText() throws Exception {
    Name owner = Name.fromString("owner.test.");
    Name target = Name.fromString("t\\.x.target\\032here.test.");
    Record[] records = {
      new ARecord(
          owner, DClass.IN, 300, InetAddress.getByAddress(new byte[] {10, 0, (byte) 255, 9})),
      new ARecord(owner, DClass.IN, 300, InetAddress.getByAddress(new byte[] {0, 0, 0, 0})),
      new NSRecord(owner, DClass.IN, 300, target),
      new CNAMERecord(owner, DClass.IN, 300, target),
      new PTRRecord(owner, DClass.IN, 300, Name.root),
      new DNAMERecord(owner, DClass.IN, 300, target),
      new MXRecord(owner, DClass.IN, 300, 65535, target),
    };
    Lookup plain = new Lookup();
    for (Record r : records) {
      assertEquals(
          DigPrinter.rdata(r, plain),
          written(out -> assertTrue(DigPrinter.plainRdata(out, r, plain))));
    }
    Record txt = new TXTRecord(owner, DClass.IN, 300, "not plain");
    assertEquals("", written(out -> assertFalse(DigPrinter.plainRdata(out, txt, plain))));
    Lookup unknown = new Lookup();
    unknown.unknownFormat = true;
    assertEquals("", written(out -> assertFalse(DigPrinter.plainRdata(out, records[0], unknown))));
  }

  @Test
  void asciiTextCrossesTheBufferBoundary() {
    String piece = "0123456789abcdef-";
    StringBuilder expected = new StringBuilder();
    String text =
        written(
            out -> {
              for (int i = 0; i < 10_000; i++) {
                out.ascii(piece);
                expected.append(piece);
              }
              String big = "x".repeat(70_000);
              out.ascii(big);
              expected.append(big);
            });
    assertEquals(expected.toString(), text);
  }
}
