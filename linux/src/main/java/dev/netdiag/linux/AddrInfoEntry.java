package dev.netdiag.linux;

/**
 * One struct addrinfo of a getaddrinfo answer, as getent ahosts shows it.
 *
 * @param address the address as inet_ntop prints it
 * @param scopeId the IPv6 scope id (0 for none and for IPv4)
 * @param socketType SOCK_STREAM (1), SOCK_DGRAM (2), SOCK_RAW (3)…
 * @param protocol the ai_protocol number
 * @param canonicalName ai_canonname, or null (glibc sets it on the first entry only)
 */
public record AddrInfoEntry(
    AddressFamily family,
    String address,
    int scopeId,
    int socketType,
    int protocol,
    String canonicalName) {}
