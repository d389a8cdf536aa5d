// The floor under a one-query `netdiag dig`: a JVM that sends one DNS question over UDP (a
// DatagramSocket, the cheapest way in from Java; an FFM downcall costs more to link) and prints
// the reply's size, and does nothing else: no DNS library, no parsing, no formatting. With an
// AOT cache trained on itself and -Xint, as the launcher runs a single dig. bench/dig-batch.sh
// times it against dig in the single-query rounds (the target is <= 1.5x dig).
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

public class OneQuery {
  public static void main(String[] args) throws Exception {
    InetAddress server = InetAddress.getByName(args[0]);
    int port = Integer.parseInt(args[1]);
    byte[] query = new byte[512];
    int at = 0;
    query[at++] = 0x12; // id
    query[at++] = 0x34;
    query[at++] = 0x01; // RD
    query[at++] = 0x00;
    query[at++] = 0x00; // one question
    query[at++] = 0x01;
    at += 6; // no answer, authority or additional records
    for (String label : args[2].split("\\.")) {
      byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
      query[at++] = (byte) bytes.length;
      System.arraycopy(bytes, 0, query, at, bytes.length);
      at += bytes.length;
    }
    query[at++] = 0; // root
    query[at++] = 0x00; // type A
    query[at++] = 0x01;
    query[at++] = 0x00; // class IN
    query[at++] = 0x01;
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(2000);
      socket.send(new DatagramPacket(query, at, server, port));
      byte[] reply = new byte[65535];
      DatagramPacket packet = new DatagramPacket(reply, reply.length);
      socket.receive(packet);
      System.out.println(packet.getLength() + " bytes");
    }
  }
}
