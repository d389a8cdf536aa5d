package dev.netdiag.cli.netstat;

import dev.netdiag.sockets.procfs.InterfaceCounters;

/**
 * One entry of netstat's interface list: a device of /proc/net/dev, or an IPv4 alias label (such as
 * {@code eth0:1}) that only SIOCGIFCONF names.
 *
 * @param name the name netstat prints
 * @param device the device the name belongs to: the name without its {@code :N} alias suffix
 * @param mtu the device's MTU
 * @param flags the device's IFF_* bits as SIOCGIFFLAGS reports them
 * @param counters the device's /proc/net/dev line; null for an alias, which has no statistics
 */
record ListedInterface(
    String name, String device, int mtu, int flags, InterfaceCounters counters) {}
