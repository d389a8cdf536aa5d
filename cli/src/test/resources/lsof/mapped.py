# IPv6 sockets on IPv4-mapped addresses, beside true IPv6 and IPv4 ones, in the test's network
# namespace (so the wildcard binds reach no other host): prints "ready" and holds them until stdin
# closes. Used by LsofMappedAddressTest; the ports are fixed (the namespace is the test's own).
import socket, sys

keep = []


def bound(family, kind, address, listen=False, v6only=None):
    s = socket.socket(family, kind)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
    s.bind(address)
    if listen:
        s.listen()
    keep.append(s)
    return s


V6, V4, TCP, UDP = socket.AF_INET6, socket.AF_INET, socket.SOCK_STREAM, socket.SOCK_DGRAM
# the IPv4 wildcard as an IPv6 address: a TCP listener, a bound UDP socket
bound(V6, TCP, ("::ffff:0.0.0.0", 6301), listen=True)
bound(V6, UDP, ("::ffff:0.0.0.0", 6302))
# a mapped loopback address: a listener with a connection to it, a bound UDP socket and a
# connected one
bound(V6, TCP, ("::ffff:127.0.0.1", 6304), listen=True)
bound(V6, UDP, ("::ffff:127.0.0.1", 6305))
bound(V6, TCP, ("::ffff:127.0.0.2", 0)).connect(("::ffff:127.0.0.1", 6304))
bound(V6, UDP, ("::ffff:0.0.0.0", 0)).connect(("::ffff:127.0.0.1", 6305))
# the IPv6 wildcard (dual-stack and IPv6-only) and the IPv4 one
bound(V6, TCP, ("::", 6306), listen=True, v6only=0)
bound(V6, TCP, ("::", 6307), listen=True, v6only=1)
bound(V6, UDP, ("::", 6308))
bound(V4, TCP, ("0.0.0.0", 6309), listen=True)
print("ready", flush=True)
sys.stdin.read()
