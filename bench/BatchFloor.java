// The floor under `netdiag dig -f NAMES` in Java: what dnsperf does and nothing more. One thread
// reads the names file and sends each name's question (header, question, an OPT record with a
// client COOKIE, as dig sends them) over a connected UDP channel, at most WINDOW (128, as
// netdiag's batch) in flight; the main thread receives the replies and counts them. No DNS
// library, no parsing, no text: it prints one count. (It reads the whole file first, to know how
// many replies to wait for; a reply lost ends the run after 20 s with an error.) With an AOT cache
// trained on itself and the launcher's JVM flags for a batch, as bench/dig-batch.sh runs it.
// Usage: BatchFloor ADDR PORT NAMES_FILE
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;

public class BatchFloor {
  private static final int WINDOW = 128;

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
    ByteBuffer in = ByteBuffer.allocate(65535);
    int received = 0;
    while (received < names.size()) {
      in.clear();
      channel.read(in);
      received++;
      window.release();
    }
    System.out.println(received + " replies");
  }
}
