package dev.netdiag.sockets;

/**
 * One AF_UNIX socket as unix_diag or /proc/net/unix report it. Fields a source does not have read
 * as documented (-1, 0 or null).
 *
 * @param type stream, datagram or seqpacket
 * @param state the kernel state as ss shows it: LISTEN, ESTABLISHED (connected, also a connected
 *     datagram socket), CLOSE (UNCONN), SYN_SENT
 * @param inode the socket's inode (ss's local "port")
 * @param cookie the kernel's socket cookie; 0 from /proc
 * @param name the bound name: a path, an abstract name with {@code @} for every NUL byte, or null
 *     when unbound
 * @param peerInode the peer's inode (UNIX_DIAG_PEER), 0 when none or unknown (/proc)
 * @param receiveQueue bytes (stream) or datagrams queued; for a listener, pending connections; 0
 *     from /proc
 * @param sendQueue bytes in flight; for a listener, the backlog; 0 from /proc
 * @param vfsInode the inode of the bound path in its file system (UNIX_DIAG_VFS), -1 when absent
 * @param vfsDevice the kernel dev_t of that file system, -1 when absent
 * @param pending the inodes of connections waiting in a listener's queue (UNIX_DIAG_ICONS), null
 *     when not asked for or not a listener
 * @param shutdown the SHUT_ bits (UNIX_DIAG_SHUTDOWN), -1 when absent
 * @param uid the owner's uid (UNIX_DIAG_UID), -1 when absent
 * @param skmem the SK_MEMINFO_ array (UNIX_DIAG_MEMINFO), null when not asked for
 * @param refCount the reference count (/proc/net/unix only), -1 from netlink
 * @param flags the __SO_ACCEPTCON-style flags (/proc/net/unix only), -1 from netlink
 * @param socketState the SS_ state of struct socket (/proc/net/unix only: 1 unconnected, 2
 *     connecting, 3 connected, 4 disconnecting), -1 from netlink
 * @param address the kernel's (hashed) socket address, the Num column of /proc/net/unix that lsof
 *     shows as DEVICE; -1 from netlink
 */
public record UnixSocketRecord(
    UnixType type,
    SocketState state,
    long inode,
    long cookie,
    String name,
    long peerInode,
    long receiveQueue,
    long sendQueue,
    long vfsInode,
    long vfsDevice,
    long[] pending,
    int shutdown,
    long uid,
    long[] skmem,
    long refCount,
    long flags,
    int socketState,
    long address) {}
