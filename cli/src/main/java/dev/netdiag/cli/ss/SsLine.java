package dev.netdiag.cli.ss;

/**
 * One row of ss's table as text cells, for any family.
 *
 * @param localDelimiter ':' for inet, PACKET and NETLINK; ' ' for UNIX (name, then inode)
 * @param extra text after the Process column on the same line (-e, -o, -m for UNIX), "" for none
 * @param continuation the second line after a tab (-i, -m for inet, -e for PACKET), or null
 */
record SsLine(
    String netid,
    String state,
    String recvQ,
    String sendQ,
    String localAddress,
    char localDelimiter,
    String localPort,
    String peerAddress,
    char peerDelimiter,
    String peerPort,
    String process,
    String extra,
    String continuation) {}
