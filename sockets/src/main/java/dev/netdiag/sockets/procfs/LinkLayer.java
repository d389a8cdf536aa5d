package dev.netdiag.sockets.procfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An interface's link layer from /sys/class/net/NAME: what SIOCGIFHWADDR and SIOCGIFTXQLEN report.
 *
 * @param type the ARPHRD_* hardware type (include/uapi/linux/if_arp.h): 1 Ethernet, 772 loopback
 * @param address the hardware address's bytes (empty when the link has none)
 * @param txQueueLength the transmit queue length
 */
public record LinkLayer(int type, byte[] address, int txQueueLength) {
  /** ARPHRD_ETHER. */
  public static final int ETHER = 1;

  /** ARPHRD_PPP. */
  public static final int PPP = 512;

  /** ARPHRD_TUNNEL (IPIP). */
  public static final int TUNNEL = 768;

  /** ARPHRD_LOOPBACK. */
  public static final int LOOPBACK = 772;

  /** ARPHRD_SIT (IPv6-in-IPv4). */
  public static final int SIT = 776;

  /**
   * Reads the device's entry under sysRoot (normally /sys); a device that vanished reads as type 0
   * with no address, as the ioctls on a missing device leave their fields zero.
   */
  public static LinkLayer read(Path sysRoot, String device) {
    Path dir = sysRoot.resolve("class/net").resolve(device);
    return new LinkLayer(
        (int) number(dir.resolve("type")),
        hardwareAddress(text(dir.resolve("address"))),
        (int) number(dir.resolve("tx_queue_len")));
  }

  private static String text(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static long number(Path file) {
    try {
      return Long.parseLong(text(file));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  // "aa:bb:cc:dd:ee:ff" as sysfs prints dev_addr (addr_len bytes).
  private static byte[] hardwareAddress(String text) {
    if (text.isEmpty()) {
      return new byte[0];
    }
    String[] parts = text.split(":");
    byte[] out = new byte[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        out[i] = (byte) Integer.parseInt(parts[i], 16);
      }
    } catch (NumberFormatException e) {
      return new byte[0];
    }
    return out;
  }
}
