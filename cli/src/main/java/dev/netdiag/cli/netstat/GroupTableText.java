package dev.netdiag.cli.netstat;

import dev.netdiag.cli.Output;
import dev.netdiag.linux.AddressText;
import dev.netdiag.sockets.procfs.GroupMembership;
import java.util.List;

/** netstat -g: multicast group memberships, IPv4 then IPv6, as net-tools prints them. */
final class GroupTableText {
  private GroupTableText() {}

  static void write(Output out, List<GroupMembership> groups, HostNames names) {
    out.line("IPv6/IPv4 Group Memberships");
    out.line("Interface       RefCnt Group");
    out.line("--------------- ------ ---------------------");
    for (GroupMembership g : groups) {
      RouteTableText.left(out, g.iface(), 15).ch(' ');
      RouteTableText.left(out, Integer.toString(g.users()), 6).ch(' ');
      String text = text(g.group());
      out.line(names == null ? text : names.host(text));
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
