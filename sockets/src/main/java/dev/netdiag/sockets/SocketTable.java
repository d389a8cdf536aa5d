package dev.netdiag.sockets;

import dev.netdiag.linux.Errno;
import dev.netdiag.linux.NativeException;
import dev.netdiag.linux.NetlinkBytesSink;
import dev.netdiag.linux.NetlinkParseException;
import dev.netdiag.linux.NetlinkSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The socket table of the current network namespace, read through netlink sock_diag or /proc/net.
 * Stateless: each {@link #dump} opens what it needs and closes it.
 */
public final class SocketTable {
  private final boolean useNetlink;
  private final boolean fallBack;
  private final Path procRoot;
  private final boolean kernelFilter;

  private SocketTable(boolean useNetlink, boolean fallBack, Path procRoot, boolean kernelFilter) {
    this.useNetlink = useNetlink;
    this.fallBack = fallBack;
    this.procRoot = procRoot;
    this.kernelFilter = kernelFilter;
  }

  /**
   * The same table with the kernel-side filter on or off. Off, sock_diag dumps every socket of the
   * wanted states and the filter runs in Java only: the reference the kernel-filtered path is
   * tested against.
   */
  public SocketTable withKernelFilter(boolean on) {
    return new SocketTable(useNetlink, fallBack, procRoot, on);
  }

  /** True when filters go to the kernel as bytecode where they can. */
  public boolean kernelFilter() {
    return kernelFilter;
  }

  /**
   * Netlink sock_diag, falling back to /proc/net when netlink is unavailable (EPERM, no module).
   */
  public static SocketTable system() {
    return new SocketTable(true, true, Path.of("/proc"), true);
  }

  /**
   * Netlink sock_diag, falling back to the /proc/net files under procRoot (/proc/thread-self for a
   * thread that entered another network namespace).
   */
  public static SocketTable system(Path procRoot) {
    return new SocketTable(true, true, procRoot, true);
  }

  /** Netlink sock_diag only. */
  public static SocketTable netlink() {
    return new SocketTable(true, false, Path.of("/proc"), true);
  }

  /** /proc/net files under the given proc root only (for tests and containers). */
  public static SocketTable procNet(Path procRoot) {
    return new SocketTable(false, false, procRoot, false);
  }

  /**
   * Streams every socket the query selects to the sink.
   *
   * @return the source that answered
   */
  public SocketSource dump(SocketQuery query, SocketSink sink) throws SocketTableException {
    if (useNetlink) {
      NetlinkSocket socket;
      try {
        socket = NetlinkSocket.open(NetlinkSocket.NETLINK_SOCK_DIAG);
      } catch (NativeException e) {
        if (fallBack) {
          new ProcNetReader(procRoot).dump(query, sink);
          return SocketSource.PROC_NET;
        }
        throw new SocketTableException("cannot open sock_diag: " + e.getMessage(), e);
      }
      try (socket) {
        return dumpNetlink(socket, query, sink, new ProcNetReader(procRoot), kernelFilter, null);
      }
    }
    new ProcNetReader(procRoot).dump(query, sink);
    return SocketSource.PROC_NET;
  }

  /**
   * ss -K: closes every socket the query selects with SOCK_DESTROY (tcp_abort, udp_abort,
   * raw_abort; needs CAP_NET_ADMIN and a kernel with CONFIG_INET_DIAG_DESTROY) and streams the ones
   * the kernel closed, as the dump saw them. A socket the kernel cannot close (EOPNOTSUPP) or that
   * went away meanwhile (ENOENT) is skipped, as ss skips it; a table without its sock_diag module
   * is listed from /proc/net and nothing in it is closed, as in ss.
   *
   * @throws SocketTableException "SOCK_DESTROY answers: …" for any other refusal (EPERM)
   */
  public SocketSource destroy(SocketQuery query, SocketSink sink) throws SocketTableException {
    try (NetlinkSocket socket = NetlinkSocket.open(NetlinkSocket.NETLINK_SOCK_DIAG);
        NetlinkSocket killer = NetlinkSocket.open(NetlinkSocket.NETLINK_SOCK_DIAG)) {
      return dumpNetlink(socket, query, sink, new ProcNetReader(procRoot), kernelFilter, killer);
    } catch (NativeException e) {
      throw new SocketTableException("sock_diag: " + e.getMessage(), e);
    }
  }

  // include/uapi/linux/sock_diag.h enum sknetlink_groups: SKNLGRP_INET_TCP_DESTROY = 1, …
  private static final int GROUP_INET_TCP_DESTROY = 1;
  private static final int GROUP_INET_UDP_DESTROY = 1 << 1;
  private static final int GROUP_INET6_TCP_DESTROY = 1 << 2;
  private static final int GROUP_INET6_UDP_DESTROY = 1 << 3;

  /**
   * ss -E: subscribes to sock_diag's destroy groups for TCP and UDP of the given families (needs
   * CAP_NET_ADMIN) and hands the sink each destroyed socket the filter keeps, as the kernel reports
   * it when the socket is freed. Blocks until the process ends or the socket fails.
   *
   * @return false at once when no group is asked for (no TCP or UDP, as ss then stops)
   */
  public boolean followDestroyed(
      Collection<Transport> transports,
      Collection<IpFamily> families,
      SocketFilter filter,
      SocketSink sink)
      throws SocketTableException {
    int groups = 0;
    boolean tcp = transports.contains(Transport.TCP);
    boolean udp = transports.contains(Transport.UDP);
    if (families.contains(IpFamily.INET)) {
      groups |= (tcp ? GROUP_INET_TCP_DESTROY : 0) | (udp ? GROUP_INET_UDP_DESTROY : 0);
    }
    if (families.contains(IpFamily.INET6)) {
      groups |= (tcp ? GROUP_INET6_TCP_DESTROY : 0) | (udp ? GROUP_INET6_UDP_DESTROY : 0);
    }
    if (groups == 0) {
      return false;
    }
    NetlinkSocket socket;
    try {
      socket = NetlinkSocket.open(NetlinkSocket.NETLINK_SOCK_DIAG, groups);
    } catch (NativeException e) {
      throw new SocketTableException("Cannot bind netlink socket: " + e.errno().message(), e);
    }
    try (socket) {
      socket.listen(
          (type, data, offset, size) -> {
            int family = Byte.toUnsignedInt(data[offset]);
            IpFamily ipFamily =
                family == IpFamily.INET.code()
                    ? IpFamily.INET
                    : family == IpFamily.INET6.code() ? IpFamily.INET6 : null;
            if (ipFamily == null || !families.contains(ipFamily)) {
              return;
            }
            int protocol = InetDiagMessage.protocol(data, offset, size);
            Transport transport =
                protocol == Transport.UDP.protocol() ? Transport.UDP : Transport.TCP;
            SocketRecord record = InetDiagMessage.decode(data, offset, size, transport, true);
            if (filter.matches(record)) {
              sink.accept(record);
            }
          });
    } catch (NativeException e) {
      throw new SocketTableException("sock_diag events: " + e.getMessage(), e);
    } catch (NetlinkParseException e) {
      throw new SocketTableException("malformed sock_diag event: " + e.getMessage(), e);
    }
    return true;
  }

  /** SOCK_DESTROY for one socket: true when closed, false when it cannot be or is gone. */
  private static boolean destroy(NetlinkSocket killer, SocketRecord record)
      throws NativeException, NetlinkParseException {
    try (Arena arena = Arena.ofConfined()) {
      killer.talk(
          InetDiagRequest.SOCK_DESTROY,
          InetDiagRequest.destroy(arena, record),
          "SOCK_DESTROY answers");
      return true;
    } catch (NativeException e) {
      if (e.errno().equals(Errno.EOPNOTSUPP) || e.errno().equals(Errno.ENOENT)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Dumps each transport and family; the filter goes to the kernel as bytecode when it has a
   * bytecode form (and {@code kernelFilter} allows it), and is applied here to every socket either
   * way, so the bytecode only saves work.
   *
   * @return NETLINK_FILTERED when every request that the kernel answered carried the bytecode
   */
  private static SocketSource dumpNetlink(
      NetlinkSocket socket,
      SocketQuery query,
      SocketSink sink,
      ProcNetReader fallback,
      boolean kernelFilter,
      NetlinkSocket killer)
      throws SocketTableException {
    SocketFilter filter = query.filter();
    boolean details = query.withDetails();
    int ext = details ? InetDiagRequest.EXT_DETAILS : InetDiagRequest.EXT_ALWAYS;
    byte[] bytecode = kernelFilter ? InetDiagBytecode.compile(filter) : new byte[0];
    boolean filtered = bytecode.length > 0;
    try (Arena arena = Arena.ofConfined()) {
      for (Transport transport : query.transports()) {
        for (IpFamily family : query.families()) {
          NetlinkBytesSink decoder =
              (type, data, offset, size) -> {
                SocketRecord record =
                    InetDiagMessage.decode(data, offset, size, transport, details);
                if (query.wants(record.state()) && filter.matches(record)) {
                  if (killer != null) {
                    try {
                      if (!destroy(killer, record)) {
                        return;
                      }
                    } catch (NativeException e) {
                      throw new DestroyRefused(e);
                    }
                  }
                  sink.accept(record);
                }
              };
          try {
            try {
              socket.dumpPipelined(
                  InetDiagRequest.SOCK_DIAG_BY_FAMILY,
                  InetDiagRequest.encode(
                      arena, family.code(), transport, query.states(), ext, bytecode),
                  decoder);
            } catch (NativeException e) {
              if (bytecode.length == 0 || !refusedBytecode(e)) {
                throw e;
              }
              // The kernel refused the program (MARK_COND needs CAP_NET_ADMIN; an older kernel
              // lacks S_EQ/D_EQ): the Java filter alone gives the same rows. It would refuse
              // the other requests too.
              filtered = false;
              bytecode = new byte[0];
              socket.dumpPipelined(
                  InetDiagRequest.SOCK_DIAG_BY_FAMILY,
                  InetDiagRequest.encode(arena, family.code(), transport, query.states(), ext),
                  decoder);
            }
          } catch (NativeException e) {
            // A protocol whose diag module is absent (raw_diag, udp_diag) answers ENOENT: ss
            // then reads that table from /proc/net, and so do we.
            if (transport == Transport.DCCP || transport == Transport.SCTP) {
              reportRefusal(e, sink);
              // No diag module for the protocol: ss (inet_show_netlink) asks again with PF_UNSPEC,
              // which is the legacy request for DCCP and nothing for SCTP, and ends the table
              // there whatever the answer; it reads no /proc file for either.
              filtered = false;
              if (transport == Transport.DCCP) {
                try {
                  legacyDccp(socket, arena, query.states(), ext, bytecode, decoder, sink);
                } catch (NetlinkParseException parse) {
                  throw new SocketTableException(
                      "malformed sock_diag reply: " + parse.getMessage(), parse);
                }
              }
              break;
            }
            if (e.errno().equals(Errno.ENOENT) || e.errno().equals(Errno.EPROTONOSUPPORT)) {
              filtered = false;
              if (!query.procFamilies().equals(query.families())) {
                // ss asked for its preferred family alone: it reads every family it lists.
                fallback.dump(
                    query.withTransport(transport, family).withFamilies(query.procFamilies()),
                    sink);
                break;
              }
              fallback.dump(query.withTransport(transport, family), sink);
              continue;
            }
            throw new SocketTableException(
                "sock_diag dump of " + transport.netid() + ": " + e.getMessage(), e);
          } catch (NetlinkParseException e) {
            throw new SocketTableException("malformed sock_diag reply: " + e.getMessage(), e);
          } catch (DestroyRefused e) {
            throw new SocketTableException(e.getCause().getMessage(), e.getCause());
          }
        }
      }
    }
    return filtered ? SocketSource.NETLINK_FILTERED : SocketSource.NETLINK;
  }

  /**
   * The pre-sock_diag DCCPDIAG_GETSOCK dump that ss sends when DCCP's SOCK_DIAG_BY_FAMILY dump
   * fails: kernels that still have DCCP answer it with AF_INET sockets; others refuse it (EINVAL),
   * which ss prints as "RTNETLINK answers: Invalid argument" and goes on. ENOENT and EOPNOTSUPP
   * pass in silence, as in iproute2's rtnl_dump_error.
   */
  private static void legacyDccp(
      NetlinkSocket socket,
      Arena arena,
      int states,
      int ext,
      byte[] bytecode,
      NetlinkBytesSink decoder,
      SocketSink sink)
      throws NetlinkParseException {
    try {
      socket.dumpBytes(
          InetDiagRequest.DCCPDIAG_GETSOCK,
          InetDiagRequest.encodeLegacy(arena, states, ext, bytecode),
          decoder);
    } catch (NativeException e) {
      reportRefusal(e, sink);
    }
  }

  /** iproute2's rtnl_dump_error: "RTNETLINK answers: …", except for ENOENT and EOPNOTSUPP. */
  private static void reportRefusal(NativeException e, SocketSink sink) {
    if (!e.errno().equals(Errno.ENOENT) && !e.errno().equals(Errno.EOPNOTSUPP)) {
      sink.refused("RTNETLINK answers: " + e.errno().message());
    }
  }

  /** Carries a SOCK_DESTROY refusal out of the dump's message callback. */
  private static final class DestroyRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DestroyRefused(NativeException cause) {
      super(cause);
    }
  }

  /**
   * ss -D: the TCP sock_diag replies for each family in turn (IPv4 first), written to out as the
   * kernel sent them, datagram by datagram with each dump's NLMSG_DONE; nothing is parsed beyond
   * what the dump needs to end.
   *
   * @param families the families to ask for, in order
   * @param states the idiag_states mask
   * @param extensions the idiag_ext bits, 1 &lt;&lt; (INET_DIAG_x - 1) for each attribute wanted
   */
  public void dumpRaw(List<IpFamily> families, int states, int extensions, OutputStream out)
      throws SocketTableException, IOException {
    try (NetlinkSocket socket = NetlinkSocket.open(NetlinkSocket.NETLINK_SOCK_DIAG);
        Arena arena = Arena.ofConfined()) {
      for (IpFamily family : families) {
        socket.dumpBytes(
            InetDiagRequest.SOCK_DIAG_BY_FAMILY,
            InetDiagRequest.encode(arena, family.code(), Transport.TCP, states, extensions),
            (type, data, offset, size) -> {},
            out);
      }
    } catch (NativeException e) {
      throw new SocketTableException("sock_diag dump of tcp: " + e.getMessage(), e);
    } catch (NetlinkParseException e) {
      throw new SocketTableException("malformed sock_diag reply: " + e.getMessage(), e);
    }
  }

  private static boolean refusedBytecode(NativeException e) {
    return e.errno().equals(Errno.EINVAL) || e.errno().equals(Errno.EPERM);
  }

  /**
   * Streams the AF_UNIX sockets the query selects (unix_diag, or /proc/net/unix without the peer
   * and queue lengths).
   *
   * @return the source that answered
   */
  public SocketSource dumpUnix(UnixQuery query, Consumer<UnixSocketRecord> sink)
      throws SocketTableException {
    if (useNetlink) {
      try (Arena arena = Arena.ofConfined()) {
        if (dumpOther(
            "UNIX",
            UnixDiagMessage.encode(arena, query),
            payload -> {
              UnixSocketRecord record = UnixDiagMessage.decode(payload);
              if (query.wants(record)) {
                sink.accept(record);
              }
            })) {
          return SocketSource.NETLINK;
        }
      }
    }
    new ProcNetUnixReader(procRoot).dump(query, sink);
    return SocketSource.PROC_NET;
  }

  /**
   * Streams every AF_PACKET socket (packet_diag, or /proc/net/packet).
   *
   * @return the source that answered, UNAVAILABLE when the kernel has neither
   */
  public SocketSource dumpPacket(Consumer<PacketSocketRecord> sink) throws SocketTableException {
    if (useNetlink) {
      try (Arena arena = Arena.ofConfined()) {
        if (dumpOther(
            "PACKET",
            PacketDiagMessage.encode(arena),
            payload -> sink.accept(PacketDiagMessage.decode(payload)))) {
          return SocketSource.NETLINK;
        }
      }
    }
    return new ProcNetLinkLayerReader(procRoot).dumpPacket(sink)
        ? SocketSource.PROC_NET
        : SocketSource.UNAVAILABLE;
  }

  /**
   * Streams every AF_NETLINK socket (netlink_diag, or /proc/net/netlink).
   *
   * @return the source that answered, UNAVAILABLE when the kernel has neither
   */
  public SocketSource dumpNetlink(Consumer<NetlinkSocketRecord> sink) throws SocketTableException {
    if (useNetlink) {
      try (Arena arena = Arena.ofConfined()) {
        if (dumpOther(
            "NETLINK",
            NetlinkDiagMessage.encode(arena),
            payload -> sink.accept(NetlinkDiagMessage.decode(payload)))) {
          return SocketSource.NETLINK;
        }
      }
    }
    return new ProcNetLinkLayerReader(procRoot).dumpNetlink(sink)
        ? SocketSource.PROC_NET
        : SocketSource.UNAVAILABLE;
  }

  /**
   * Streams the AF_VSOCK sockets in the states asked for (vsock_diag).
   *
   * @return NETLINK, or UNAVAILABLE when the kernel has no vsock_diag (ss then lists nothing and
   *     says nothing; there is no /proc file)
   */
  public SocketSource dumpVsock(int states, Consumer<VsockSocketRecord> sink)
      throws SocketTableException {
    return dumpDiagOnly(
        "VSOCK",
        arena -> VsockDiagMessage.encode(arena, states),
        payload -> sink.accept(VsockDiagMessage.decode(payload)));
  }

  /**
   * Streams the AF_XDP sockets (xdp_diag, with every XDP_SHOW_ part ss asks for).
   *
   * @return NETLINK, or UNAVAILABLE when the kernel has no xdp_diag
   */
  public SocketSource dumpXdp(Consumer<XdpSocketRecord> sink) throws SocketTableException {
    return dumpDiagOnly(
        "XDP",
        arena -> XdpDiagMessage.encode(arena),
        payload -> sink.accept(XdpDiagMessage.decode(payload)));
  }

  /**
   * Streams the AF_TIPC sockets in the states asked for (tipc_diag, as ss asks; the kernel filters
   * the states and ss applies no expression to them).
   *
   * @return NETLINK, or UNAVAILABLE when the kernel has no tipc_diag
   */
  public SocketSource dumpTipc(int states, Consumer<TipcSocketRecord> sink)
      throws SocketTableException {
    return dumpDiagOnly(
        "TIPC",
        arena -> TipcDiagMessage.encode(arena, states),
        payload -> {
          TipcSocketRecord record = TipcDiagMessage.decode(payload);
          if (record != null) {
            sink.accept(record);
          }
        });
  }

  /**
   * The dump of a family with no /proc file (VSOCK, XDP, TIPC): NETLINK, or UNAVAILABLE when the
   * kernel lacks its diag module (ss then lists nothing and says nothing).
   */
  private SocketSource dumpDiagOnly(
      String family, java.util.function.Function<Arena, MemorySegment> request, PayloadSink sink)
      throws SocketTableException {
    try (Arena arena = Arena.ofConfined()) {
      return dumpOther(family, request.apply(arena), sink)
          ? SocketSource.NETLINK
          : SocketSource.UNAVAILABLE;
    }
  }

  /** Decodes one reply payload of a family's dump. */
  @FunctionalInterface
  private interface PayloadSink {
    void accept(MemorySegment payload) throws NetlinkParseException;
  }

  /**
   * One SOCK_DIAG_BY_FAMILY dump of a non-inet family. Returns false when the caller should read
   * /proc instead: sock_diag cannot be opened (and fallback is allowed) or the family's diag module
   * is absent (ENOENT, as ss then reads /proc).
   */
  private boolean dumpOther(String family, MemorySegment request, PayloadSink sink)
      throws SocketTableException {
    NetlinkSocket socket;
    try {
      socket = NetlinkSocket.open(NetlinkSocket.NETLINK_SOCK_DIAG);
    } catch (NativeException e) {
      if (fallBack) {
        return false;
      }
      throw new SocketTableException("cannot open sock_diag: " + e.getMessage(), e);
    }
    try (socket) {
      socket.dump(
          InetDiagRequest.SOCK_DIAG_BY_FAMILY, request, (type, payload) -> sink.accept(payload));
      return true;
    } catch (NativeException e) {
      if (e.errno().equals(Errno.ENOENT) || e.errno().equals(Errno.EPROTONOSUPPORT)) {
        return false;
      }
      throw new SocketTableException(
          "sock_diag dump of " + family + " sockets: " + e.getMessage(), e);
    } catch (NetlinkParseException e) {
      throw new SocketTableException("malformed sock_diag reply: " + e.getMessage(), e);
    }
  }
}
