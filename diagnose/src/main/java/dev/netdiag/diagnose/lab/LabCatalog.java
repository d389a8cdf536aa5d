package dev.netdiag.diagnose.lab;

import java.util.List;
import java.util.Optional;

/** Every lab netdiag can build, in the order `lab list` shows them. */
public final class LabCatalog {
  private static final String INPUT_CHAIN =
      "table inet netdiag_lab {\n  chain input {\n    type filter hook input priority 0;"
          + " policy accept;\n";

  private static final List<Lab> LABS =
      List.of(
          new Lab(
              "not-listening",
              1,
              "nothing listens on the server's port 8080",
              List.of(),
              "",
              List.of(),
              "",
              List.of(),
              "server.lab.test:8080",
              "refused",
              ":8080",
              "not-listening",
              "The server host is up and reachable, but no process is bound to port 8080, so its"
                  + " kernel answers every SYN with a reset. From the client this looks exactly"
                  + " like a firewall rejecting with a reset; on the server, ss shows no listener"
                  + " and diagnose's listener check says not-listening.",
              ""),
          new Lab(
              "loopback-only",
              2,
              "the server listens on 127.0.0.1:8080 only, so remote clients are refused",
              List.of("listen", "lo:8080"),
              "",
              List.of(),
              "",
              List.of(),
              "server.lab.test:8080",
              "refused",
              "198.19.194.2:8080",
              "loopback-only",
              "A service bound to 127.0.0.1 accepts connections from its own host only; every"
                  + " other client is refused. On the server, a connect over loopback succeeds,"
                  + " while `diagnose 198.19.194.2:8080` is refused: the listener check shows the"
                  + " socket bound to 127.0.0.1 and names this loopback-only.",
              ""),
          new Lab(
              "firewall-drop",
              3,
              "an nftables rule on the server drops TCP port 8080",
              List.of("listen", "any:8080"),
              INPUT_CHAIN + "    tcp dport 8080 counter drop\n  }\n}\n",
              List.of(),
              "",
              List.of(),
              "server.lab.test:8080",
              "filtered",
              ":8080",
              "firewall-drop",
              "The server listens, but its firewall silently drops the SYNs: the client waits and"
                  + " times out (filtered). On the server, diagnose reads the ruleset and quotes"
                  + " the rule.",
              ""),
          new Lab(
              "firewall-reject",
              4,
              "an nftables rule on the server rejects TCP port 8080 (admin-prohibited)",
              List.of("listen", "any:8080"),
              INPUT_CHAIN
                  + "    tcp dport 8080 counter reject with icmpx admin-prohibited\n  }\n}\n",
              List.of(),
              "",
              List.of(),
              "server.lab.test:8080",
              "unreachable",
              ":8080",
              "firewall-reject",
              "The server's firewall rejects: the client gets an ICMP administratively-prohibited"
                  + " error at once (unreachable) instead of a timeout. On the server, diagnose"
                  + " quotes the rule.",
              ""),
          new Lab(
              "dns-hosts-override",
              5,
              "a stale /etc/hosts entry on the client overrides the correct DNS answer",
              List.of("listen", "any:8080"),
              "",
              List.of("WRONG app.lab.test"),
              "app IN A SERVER4\n",
              List.of(),
              "app.lab.test:8080",
              "dns-mismatch",
              "app.lab.test:8080",
              "ok",
              "DNS (an authoritative nsd in the server namespace) says app.lab.test is the"
                  + " server, but the client's /etc/hosts still maps it to an old address, and"
                  + " NSS reads files before DNS: applications connect to the stale address and"
                  + " fail (network unreachable). diagnose asks DNS alone as well, sees the two"
                  + " disagree and quotes the /etc/hosts line: dns-mismatch. Compare `getent hosts"
                  + " app.lab.test` with `getent -s hosts:dns hosts app.lab.test`.",
              ""),
          new Lab(
              "dns-nxdomain",
              6,
              "the name the clients use does not exist in the lab's DNS zone",
              List.of("listen", "any:8080"),
              "",
              List.of(),
              "app IN A SERVER4\n",
              List.of(),
              "api.lab.test:8080",
              "dns-nxdomain",
              "api.lab.test:8080",
              "dns-nxdomain",
              "The zone lab.test (served by nsd in the server namespace) has app.lab.test but"
                  + " not api.lab.test: every lookup ends in NXDOMAIN, so nothing ever connects."
                  + " `dig @SERVER api.lab.test` shows status: NXDOMAIN.",
              ""),
          new Lab(
              "close-wait-leak",
              7,
              "the server never closes connections its clients closed (CLOSE-WAIT pile)",
              List.of("listen", "any:8080", "--no-close"),
              "",
              List.of(),
              "",
              List.of("connect", "SERVER4:8080", "--count", "40"),
              "server.lab.test:8080",
              "ok",
              ":8080",
              "close-wait-leak",
              "The server accepts connections and never calls close() on them. Each client"
                  + " closed its side, so the server's sockets sit in CLOSE-WAIT forever: a bug in"
                  + " the application, not the network. `ss -tan state close-wait` shows them;"
                  + " diagnose's health check names close-wait-leak.",
              ""),
          new Lab(
              "backlog-full",
              8,
              "the server never accepts, and its accept queue (backlog 2) is full",
              List.of("listen", "any:8080", "--backlog", "2", "--no-accept"),
              "",
              List.of(),
              "",
              List.of("connect", "SERVER4:8080", "--count", "6", "--hold"),
              "server.lab.test:8080",
              "filtered",
              ":8080",
              "backlog-full",
              "The server process is stuck and never calls accept(); its queue of finished"
                  + " handshakes is full, so the kernel drops new SYNs and clients time out as if"
                  + " filtered. `ss -tln 'sport = :8080'` shows Recv-Q above Send-Q (the backlog);"
                  + " the listener check names backlog-full.",
              ""),
          new Lab(
              "ipv6-only",
              9,
              "the server listens on its IPv6 address only; IPv4 clients are refused",
              List.of("listen", "v6:8080"),
              "",
              List.of(),
              "",
              List.of(),
              "198.19.201.2:8080",
              "refused",
              "198.19.201.2:8080",
              "wrong-family",
              "The service binds [2001:db8:1ab:9::2]:8080 only. Clients that connect over IPv6"
                  + " succeed (`diagnose -6 server.lab.test:8080` is ok) but IPv4 clients are"
                  + " refused; on the server, the listener check names wrong-family.",
              ""));

  private LabCatalog() {}

  public static List<Lab> all() {
    return LABS;
  }

  public static Optional<Lab> named(String name) {
    return LABS.stream().filter(lab -> lab.name().equals(name)).findFirst();
  }
}
