package dev.netdiag.cli.netstat;

import dev.netdiag.cli.Output;
import dev.netdiag.linux.AddressText;
import dev.netdiag.sockets.procfs.GroupMembership;
import java.util.List;

/** netstat -g: multicast group memberships, IPv4 then IPv6, as net-tools prints them. */
final class GroupTableText {
  private GroupTableText() {}

  /**
   * @param names the names without -n (INET_sprint, INET6_sprint); null under -n
   */
  static void write(Output out, List<GroupMembership> groups, AddressNames names) {
    out.line("IPv6/IPv4 Group Memberships");
    out.line("Interface       RefCnt Group");
    out.line("--------------- ------ ---------------------");
    for (GroupMembership g : groups) {
      RouteTableText.left(out, g.iface(), 15).ch(' ');
      RouteTableText.left(out, Integer.toString(g.users()), 6).ch(' ');
      byte[] group = g.group();
      if (names == null) {
        out.line(text(group));
      } else {
        out.line(group.length == 4 ? names.ipv4(group, 0) : names.ipv6(group));
      }
    }
  }

  static String text(byte[] group) {
    StringBuilder s = new StringBuilder(39);
    if (group.length == 4) {
      AddressText.appendIpv4(s, group, 0);
    } else {
      AddressText.appendIpv6(s, group);
    }
    return s.toString();
  }
}
