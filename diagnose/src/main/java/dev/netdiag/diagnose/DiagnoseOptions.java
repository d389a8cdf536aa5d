package dev.netdiag.diagnose;

import dev.netdiag.linux.AddressFamily;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Options of one diagnose run.
 *
 * @param timeout the bound of each step (a lookup, a connect, reading a ruleset)
 * @param dnsServer the DNS server to compare against, or null for the resolv.conf servers
 * @param family INET or INET6 to restrict, UNSPEC for both
 * @param watch the health sampling window, or zero for one sample
 * @param hostsFile the hosts file the name check quotes when NSS answers from it
 * @param nsswitchFile nsswitch.conf, whose hosts line is restored after asking DNS alone
 * @param resolvConf resolv.conf, for the search list, ndots and the servers that name the root
 */
public record DiagnoseOptions(
    Duration timeout,
    String dnsServer,
    AddressFamily family,
    Duration watch,
    Path hostsFile,
    Path nsswitchFile,
    Path resolvConf) {}
