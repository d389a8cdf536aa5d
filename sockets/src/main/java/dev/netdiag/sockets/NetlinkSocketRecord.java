package dev.netdiag.sockets;

/**
 * One AF_NETLINK socket as netlink_diag or /proc/net/netlink report it.
 *
 * @param protocol the NETLINK_ protocol (0 route, 4 sock_diag, 16 generic, ...)
 * @param portId the port id: 0 for the kernel, a process's pid or a negative autobound id
 * @param connected true when connected (NETLINK_CONNECTED)
 * @param destinationPortId the connected peer's port id
 * @param destinationGroup the connected peer's group
 * @param receiveQueue bytes queued for reading (SK_MEMINFO_RMEM_ALLOC)
 * @param sendQueue bytes queued for sending (SK_MEMINFO_WMEM_ALLOC)
 * @param inode the socket's inode
 * @param cookie the kernel's socket cookie, 0 from /proc
 * @param groups the first 32 multicast groups bound, as a bit mask
 * @param skmem the SK_MEMINFO_ array, null when absent
 */
public record NetlinkSocketRecord(
    int protocol,
    int portId,
    boolean connected,
    int destinationPortId,
    long destinationGroup,
    long receiveQueue,
    long sendQueue,
    long inode,
    long cookie,
    long groups,
    long[] skmem) {}
