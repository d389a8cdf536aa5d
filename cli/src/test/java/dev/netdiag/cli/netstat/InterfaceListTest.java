package dev.netdiag.cli.netstat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netdiag.sockets.Ipv4InterfaceAddress;
import dev.netdiag.sockets.procfs.InterfaceCounters;
import dev.netdiag.sockets.procfs.LinkLayer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** net-tools' interface list order (nstrcmp and its insertion) and the -ie text pieces. */
class InterfaceListTest {
  @ParameterizedTest
  @CsvSource({
    "eth0, eth0, 0",
    "eth2, eth10, -1",
    "eth10, eth2, 1",
    "d0p, d1, 1",
    "d1, d0p, -1",
    "eth0, eth0:1, -1",
    "eth0:2, eth0:10, -1",
    "eth0:1, eth1, -1",
    "lo, eth0, 1",
    "wlan0, wlan, 1",
    "a, b, -1",
    "eth0:, eth0, 1",
    "veth1, veth01, 1",
  })
  void nstrcmp(String a, String b, int sign) {
    assertEquals(sign, Integer.signum(InterfaceList.compare(a, b)), a + " vs " + b);
  }

  private static InterfaceCounters device(String name, int flags) {
    return new InterfaceCounters(name, 1500, flags, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  private static Ipv4InterfaceAddress address(String label) {
    byte[] a = {10, 0, 0, 1};
    return new Ipv4InterfaceAddress(1, label, 24, 0, a, a, new byte[4]);
  }

  @Test
  void orderAsNetToolsPrintsIt() {
    // /proc/net/dev order of a namespace, then the alias label: net-tools printed d0, d0:7, d1,
    // d0p, d1p, lo.
    List<ListedInterface> list =
        InterfaceList.of(
            List.of(
                device("lo", 0x49),
                device("d0p", 0x1043),
                device("d0", 0x1043),
                device("d1p", 0x1002),
                device("d1", 0x1003)),
            List.of(address("lo"), address("d0"), address("d0:7"), address("d1")));
    List<String> names = new ArrayList<>();
    for (ListedInterface l : list) {
      names.add(l.name());
    }
    assertEquals(List.of("d0", "d0:7", "d1", "d0p", "d1p", "lo"), names);
    assertEquals(null, list.get(1).counters());
    assertEquals("d0", list.get(1).device());
    List<String> up = new ArrayList<>();
    for (ListedInterface l : InterfaceList.shown(list, false)) {
      up.add(l.name());
    }
    assertEquals(List.of("d0", "d0:7", "d1", "d0p", "lo"), up);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0.0 B",
    "1024, 1024.0 B",
    "1025, 1.0 KiB",
    "81435, 79.5 KiB",
    "25972628, 24.7 MiB",
    "756692917, 721.6 MiB",
    "1073741825, 1.0 GiB",
    "1099511627777, 1.0 TiB",
    "1125899906842625, 1.0 PiB",
    "1152921504606846977, 1.0 EiB",
  })
  void bytesInBinaryUnits(long bytes, String text) {
    assertEquals(text, InterfaceBlockText.humanBytes(bytes));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "73|flags=73<UP,LOOPBACK,RUNNING>",
        "4163|flags=4163<UP,BROADCAST,RUNNING,MULTICAST>",
        "4241|flags=4241<UP,POINTOPOINT,NOARP,MULTICAST>",
        "130|flags=130<BROADCAST,NOARP>",
        "0|flags=0<",
        "8192|flags=8192",
        "3075|flags=3075<UP,BROADCAST,SLAVE,MASTER>",
      })
  void flagWords(int flags, String text) {
    assertEquals(text, InterfaceBlockText.flagText(flags));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"0|<global>", "16|<host>", "32|<link>", "64|<site>", "128|<compat,global>", "8|"})
  void scopeWords(int scope, String text) {
    assertEquals(text == null ? "" : text, InterfaceBlockText.scopeText(scope));
  }

  @Test
  void hardwareAddresses() {
    byte[] mac = {2, (byte) 0xfc, 0, 0, 0, 1};
    assertEquals(
        "02:fc:00:00:00:01", InterfaceBlockText.hardwareAddress(new LinkLayer(1, mac, 1000)));
    assertEquals(null, InterfaceBlockText.hardwareAddress(new LinkLayer(772, new byte[6], 1000)));
    assertEquals("", InterfaceBlockText.hardwareAddress(new LinkLayer(768, new byte[4], 0)));
    assertEquals(
        "00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00",
        InterfaceBlockText.hardwareAddress(new LinkLayer(65534, new byte[0], 500)));
    assertEquals("unspec", InterfaceBlockText.hardwareName(65534));
    assertEquals("UNSPEC", InterfaceBlockText.hardwareTitle(65534));
  }

  @Test
  void repeatsOfContinuousLeaveOutTheTitle() {
    List<ListedInterface> one =
        InterfaceList.of(List.of(device("lo", 0x49)), List.of(address("lo:1")));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    dev.netdiag.cli.Output out = new dev.netdiag.cli.Output(bytes);
    InterfaceTableText.write(out, one, true);
    InterfaceTableText.write(out, one, false);
    out.flush();
    String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(1, text.split("Kernel Interface table", -1).length - 1, text);
    assertEquals(
        2, text.split("\nIface ", -1).length - 1 + (text.startsWith("Iface") ? 1 : 0), text);
    assertEquals(
        "lo:1             1500      - no statistics available -                        LRU",
        text.lines().toList().get(3));
  }
}
