// The floor under `netdiag dig -f NAMES` in Java: what dnsperf does and nothing more. One thread
// reads the names file and sends each name's question (header, question, an OPT record with a
// client COOKIE, as dig sends them) over a connected UDP channel, at most WINDOW (128, as
// netdiag's batch) in flight; the main thread receives the replies and counts them. No DNS
// library, no parsing, no text: it prints one count. (It reads the whole file first, to know how
// many replies to wait for; a reply lost ends the run after 20 s with an error.) With an AOT cache
// trained on itself and the launcher's JVM flags for a batch, as bench/dig-batch.sh runs it.
// With "text", the main thread also writes each reply as dig's default text, straight from its
// bytes in a few small loops (header, flags, OPT, question and records of the types the bench's
// zone has, stats lines with the date formatted once a second), to stdout through one buffer: the
// floor of a Java dig batch that writes dig's output, with none of dig's parsing or checks.
// Usage: BatchFloor ADDR PORT NAMES_FILE [text]
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;

public class BatchFloor {
  private static final int WINDOW = 128;
  private static final long[] SENT = new long[65536];
  private static byte[] text = new byte[1 << 16];
  private static int at;

  public static void main(String[] args) throws Exception {
    InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    DatagramChannel channel = DatagramChannel.open();
    channel.connect(server);
    List<String> names = Files.readAllLines(Path.of(args[2]), StandardCharsets.US_ASCII);
    Semaphore window = new Semaphore(WINDOW);
    Thread sender =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  ByteBuffer out = ByteBuffer.allocate(512);
                  int id = 0;
                  try {
                    for (String name : names) {
                      window.acquire();
                      out.clear();
                      SENT[id & 0xffff] = System.nanoTime();
                      out.putShort((short) id++).putShort((short) 0x0120); // RD, AD
                      out.putShort((short) 1).putShort((short) 0).putShort((short) 0);
                      out.putShort((short) 1); // the OPT record
                      int start = 0;
                      while (start < name.length()) {
                        int dot = name.indexOf('.', start);
                        int end = dot < 0 ? name.length() : dot;
                        out.put((byte) (end - start));
                        for (int i = start; i < end; i++) {
                          out.put((byte) name.charAt(i));
                        }
                        start = end + 1;
                      }
                      out.put((byte) 0).putShort((short) 1).putShort((short) 1); // A, IN
                      out.put((byte) 0).putShort((short) 41).putShort((short) 1232); // OPT
                      out.putInt(0).putShort((short) 12); // TTL (flags), rdata length
                      out.putShort((short) 10).putShort((short) 8).putLong(0x0123456789abcdefL);
                      out.flip();
                      channel.write(out);
                    }
                  } catch (Exception e) {
                    e.printStackTrace();
                  }
                });
    // Every wait has a bound: a lost reply closes the channel, which ends the blocked read.
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                Thread.sleep(20_000);
                channel.close();
              } catch (Exception e) {
                // the run ended first
              }
            });
    boolean writeText = args.length > 3 && args[3].equals("text");
    FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
    DateTimeFormatter date = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.ROOT);
    long second = -1;
    String when = "";
    ByteBuffer in = ByteBuffer.allocate(65535);
    int received = 0;
    while (received < names.size()) {
      in.clear();
      channel.read(in);
      if (writeText) {
        long now = System.nanoTime();
        long s = System.currentTimeMillis() / 1000;
        if (s != second) {
          second = s;
          when = ZonedDateTime.now().format(date);
        }
        reply(in.array(), in.position(), received == 0, when, now);
        if (at > text.length - 8192) {
          stdout.write(text, 0, at);
          at = 0;
        }
      }
      received++;
      window.release();
    }
    if (writeText) {
      stdout.write(text, 0, at);
    } else {
      System.out.println(received + " replies");
    }
  }

  private static void ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      text[at++] = (byte) s.charAt(i);
    }
  }

  private static void number(long v) {
    int start = at;
    do {
      text[at++] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v > 0);
    for (int i = start, j = at - 1; i < j; i++, j--) {
      byte t = text[i];
      text[i] = text[j];
      text[j] = t;
    }
  }

  private static int u16(byte[] b, int o) {
    return (b[o] & 0xff) << 8 | (b[o + 1] & 0xff);
  }

  // Writes the name at off (following pointers); returns the offset after it and leaves its
  // length in chars.
  private static int chars;

  private static int name(byte[] b, int off) {
    int start = at;
    int end = -1;
    int p = off;
    while ((b[p] & 0xff) != 0) {
      int len = b[p] & 0xff;
      if ((len & 0xc0) == 0xc0) {
        end = end < 0 ? p + 2 : end;
        p = (len & 0x3f) << 8 | (b[p + 1] & 0xff);
        continue;
      }
      System.arraycopy(b, p + 1, text, at, len);
      at += len;
      text[at++] = '.';
      p += len + 1;
    }
    if (at == start) {
      text[at++] = '.';
    }
    chars = at - start;
    return end < 0 ? p + 1 : end;
  }

  // The offset after the name at off, nothing written.
  private static int skip(byte[] b, int off) {
    int p = off;
    while ((b[p] & 0xff) != 0) {
      if ((b[p] & 0xc0) == 0xc0) {
        return p + 2;
      }
      p += (b[p] & 0xff) + 1;
    }
    return p + 1;
  }

  private static void pad(int col, int column) {
    do {
      text[at++] = '\t';
      col = (col / 8 + 1) * 8;
    } while (col < column);
  }

  private static String type(int t) {
    return switch (t) {
      case 1 -> "A";
      case 2 -> "NS";
      case 6 -> "SOA";
      default -> "TYPE" + t;
    };
  }

  private static final String[] FLAGS = {" qr", " aa", " tc", " rd", " ra", "", " ad", " cd"};
  private static final String[] TITLES = {
    "\n;; ANSWER SECTION:\n", "\n;; AUTHORITY SECTION:\n", "\n;; ADDITIONAL SECTION:\n"
  };

  private static void reply(byte[] b, int size, boolean first, String when, long now) {
    int id = u16(b, 0);
    int flags = u16(b, 2);
    ascii("\n; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> ");
    name(b, 12);
    text[at - 1] = '\n';
    if (first) {
      ascii("; (1 server found)\n;; global options: +cmd\n");
    }
    ascii(";; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: ");
    ascii((flags & 0xf) == 0 ? "NOERROR" : (flags & 0xf) == 3 ? "NXDOMAIN" : "SERVFAIL");
    ascii(", id: ");
    number(id);
    ascii("\n;; flags:");
    for (int i = 0; i < FLAGS.length; i++) {
      if ((flags & (0x8000 >> (i < 1 ? 0 : i + 4))) != 0) {
        ascii(FLAGS[i]);
      }
    }
    ascii("; QUERY: ");
    number(u16(b, 4));
    ascii(", ANSWER: ");
    number(u16(b, 6));
    ascii(", AUTHORITY: ");
    number(u16(b, 8));
    ascii(", ADDITIONAL: ");
    number(u16(b, 10));
    if ((flags & 0x0180) == 0x0100) {
      ascii("\n;; WARNING: recursion requested but not available");
    }
    ascii("\n\n;; QUESTION SECTION:\n;");
    int p = name(b, 12);
    pad(chars, 32);
    ascii("IN\t");
    ascii(type(u16(b, p)));
    text[at++] = '\n';
    p += 4;
    for (int section = 0; section < 3; section++) {
      int count = u16(b, 6 + 2 * section);
      for (int i = 0; i < count; i++) {
        int fixed = skip(b, p);
        int type = u16(b, fixed);
        int rdata = fixed + 10;
        int length = u16(b, fixed + 8);
        if (type == 41) {
          // The OPT pseudosection goes before the question in dig's text; its size is what
          // counts here, so it is written where it is met.
          ascii(";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: ");
          number(u16(b, fixed + 2));
          text[at++] = '\n';
        } else {
          if (i == 0) {
            ascii(TITLES[section]);
          }
          name(b, p);
          p = fixed;
          pad(chars, 24);
          number((long) u16(b, p + 4) << 16 | u16(b, p + 6));
          ascii("\tIN\t");
          ascii(type(type));
          text[at++] = '\t';
          if (type == 1) {
            for (int k = 0; k < 4; k++) {
              number(b[rdata + k] & 0xff);
              text[at++] = (byte) (k < 3 ? '.' : '\n');
            }
          } else {
            name(b, rdata);
            text[at++] = '\n';
          }
        }
        p = rdata + length;
      }
    }
    ascii("\n;; Query time: ");
    number((now - SENT[id]) / 1_000_000);
    ascii(" msec\n;; SERVER: 127.53.2.3#5353(127.53.2.3) (UDP)\n;; WHEN: ");
    ascii(when);
    ascii("\n;; MSG SIZE  rcvd: ");
    number(size);
    ascii("\n");
  }
}
