/**
 * The socket table: every socket of the host (or of the current network namespace) as a stream of
 * {@link dev.netdiag.sockets.SocketRecord}s, read from netlink sock_diag or from /proc/net.
 *
 * <h2>Use</h2>
 *
 * <pre>{@code
 * SocketQuery query = SocketQuery.of(Transport.TCP).withStates(SocketState.mask(SocketState.LISTEN));
 * SocketTable table = SocketTable.system();          // netlink, /proc/net when netlink fails
 * SocketSource used = table.dump(query, record -> { ... });
 * ProcessMap owners = ProcessMap.scan(Path.of("/proc"), inodesYouCollected);
 * List<ProcessRef> who = owners.owners(record.inode());
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.netdiag.sockets.SocketQuery}: which transports (TCP, UDP, …), address families
 *       (IPv4, IPv6), a state bit mask ({@link dev.netdiag.sockets.SocketState#mask}) and a filter
 *       ({@link dev.netdiag.sockets.SocketFilter}, a sealed AST; {@code SocketFilter.ALL} for
 *       none).
 *   <li>{@link dev.netdiag.sockets.SocketTable#dump}: streams records to a {@link
 *       dev.netdiag.sockets.SocketSink}; records are immutable and may be kept. Returns which
 *       {@link dev.netdiag.sockets.SocketSource} answered. Failures are {@link
 *       dev.netdiag.sockets.SocketTableException} with a user-ready message. Over sock_diag the
 *       filter also goes to the kernel as INET_DIAG bytecode ({@link
 *       dev.netdiag.sockets.InetDiagBytecode}; {@code NETLINK_FILTERED} says it was taken), and is
 *       applied in Java to every socket either way; {@link
 *       dev.netdiag.sockets.SocketTable#withKernelFilter} turns the kernel's part off.
 *   <li>{@link dev.netdiag.sockets.ProcessMap}: socket inode to (command, pid, fd), scanned in
 *       parallel over /proc/PID/fd for the inodes you ask about only.
 *   <li>The other families: {@link dev.netdiag.sockets.SocketTable#dumpUnix} ({@link
 *       dev.netdiag.sockets.UnixQuery} in, {@link dev.netdiag.sockets.UnixSocketRecord}s out: name,
 *       peer inode, queues, and with details the bound file, pending connections, SK_MEMINFO),
 *       {@link dev.netdiag.sockets.SocketTable#dumpPacket} and {@link
 *       dev.netdiag.sockets.SocketTable#dumpNetlink}; each from unix_diag/packet_diag/netlink_diag,
 *       or /proc/net/unix, packet, netlink (RefCnt, flags and the kernel address exist only there).
 *       {@link dev.netdiag.sockets.OtherFamilyFilter} applies a {@code SocketFilter} to them.
 *       sock_diag only, with no /proc fallback (as ss reads them): {@link
 *       dev.netdiag.sockets.SocketTable#dumpVsock} ({@link dev.netdiag.sockets.VsockSocketRecord}),
 *       {@link dev.netdiag.sockets.SocketTable#dumpTipc} ({@link
 *       dev.netdiag.sockets.TipcSocketRecord}) and {@link dev.netdiag.sockets.SocketTable#dumpXdp}
 *       ({@link dev.netdiag.sockets.XdpSocketRecord}); each returns {@code UNAVAILABLE} when the
 *       kernel lacks the family's diag module. DCCP and SCTP are inet transports ({@link
 *       dev.netdiag.sockets.Transport#DCCP}, {@link dev.netdiag.sockets.Transport#SCTP}); a refusal
 *       ss reports and lists past reaches {@link dev.netdiag.sockets.SocketSink#refused}.
 *   <li>{@link dev.netdiag.sockets.SocketQuery#withDetails}: inet records carry {@link
 *       dev.netdiag.sockets.SocketDetails} (congestion control, shutdown, mark, cgroup, TOS,
 *       SK_MEMINFO, {@link dev.netdiag.sockets.TcpInfo}, the congestion control's own info).
 *   <li>{@link dev.netdiag.sockets.procfs.SocketSummary}: the counters of /proc/net/sockstat{,6}.
 *   <li>Interfaces: {@link dev.netdiag.sockets.InterfaceAddresses#ipv4} ({@link
 *       dev.netdiag.sockets.Ipv4InterfaceAddress}es with labels, from RTM_GETADDR) and {@link
 *       dev.netdiag.sockets.InterfaceAddresses#linkFlags} (SIOCGIFFLAGS' view, from RTM_GETLINK);
 *       {@link dev.netdiag.sockets.procfs.InterfaceCounters} (/proc/net/dev), {@link
 *       dev.netdiag.sockets.procfs.Ipv6InterfaceAddress} (/proc/net/if_inet6), {@link
 *       dev.netdiag.sockets.procfs.LinkLayer} (hardware type, address, queue length from /sys).
 * </ul>
 *
 * <p>Order of records: per transport in the order asked, IPv4 before IPv6, kernel order within.
 */
package dev.netdiag.sockets;
