package dev.netdiag.sockets.procfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One multicast group an interface has joined, from /proc/net/igmp or /proc/net/igmp6.
 *
 * @param group 4 or 16 network-order bytes
 */
public record GroupMembership(String iface, int users, byte[] group) {
  /** IPv4 memberships: /proc/net/igmp (an interface line, then one indented line per group). */
  public static List<GroupMembership> readIpv4(Path procRoot) throws ProcFsException {
    List<String> lines = ProcText.lines(procRoot.resolve("net/igmp"));
    List<GroupMembership> out = new ArrayList<>();
    String iface = null;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty()) {
        continue;
      }
      List<String> f = ProcText.fields(line);
      if (line.charAt(0) != '\t') {
        // "Idx Device : Count Querier"
        iface = f.size() > 1 ? f.get(1) : null;
      } else if (iface != null && f.size() >= 2) {
        // "Group Users Timer Reporter"; the group is the host-order hex of the address word.
        out.add(
            new GroupMembership(
                iface, Integer.parseInt(f.get(1)), ProcText.ipv4LittleEndian(f.get(0))));
      }
    }
    return out;
  }

  /** IPv6 memberships: /proc/net/igmp6 ("idx iface group users flags timer"). */
  public static List<GroupMembership> readIpv6(Path procRoot) throws ProcFsException {
    List<String> lines = ProcText.lines(procRoot.resolve("net/igmp6"));
    List<GroupMembership> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      List<String> f = ProcText.fields(line);
      if (f.size() >= 4) {
        out.add(new GroupMembership(f.get(1), Integer.parseInt(f.get(3)), ProcText.ipv6(f.get(2))));
      }
    }
    return out;
  }
}
