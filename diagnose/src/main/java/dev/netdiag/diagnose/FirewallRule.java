package dev.netdiag.diagnose;

/**
 * A firewall rule that stops TCP connections to a port.
 *
 * @param source "nftables" or "iptables"
 * @param where the table and chain, as "inet filter input"
 * @param hook the netfilter hook the chain is attached to: input, output, prerouting…
 * @param reject true for reject (the client gets an error), false for drop (the SYN vanishes)
 * @param text the rule as the tool lists it
 * @param command the command that lists it
 */
public record FirewallRule(
    String source, String where, String hook, boolean reject, String text, String command) {}
