# Opens UNIX, PACKET, NETLINK and a few TCP/UDP sockets inside the test's network namespace,
# prints "ready", and holds them until stdin closes. Used by SsFamiliesDifferentialTest. UNIX
# sockets live in a temporary directory this script creates (removed at exit) or under abstract
# names starting with "netdiag-test-".
import os, shutil, socket, sys, tempfile, time

d = tempfile.mkdtemp(prefix="netdiag-ss-")
keep = []

def unix_listener(path, kind=socket.SOCK_STREAM, backlog=4):
    s = socket.socket(socket.AF_UNIX, kind)
    s.bind(path)
    s.listen(backlog)
    keep.append(s)
    return s

try:
    # stream listener with an accepted pair (bytes unread on one end) and one waiting connection
    l = unix_listener(d + "/stream.sock")
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.connect(d + "/stream.sock")
    a, _ = l.accept()
    keep += [c, a]
    c.sendall(b"y" * 77)
    w = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    w.connect(d + "/stream.sock")
    keep.append(w)
    # abstract listener, and a client that shut down its sending side
    unix_listener("\0netdiag-test-abs")
    sh = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sh.connect("\0netdiag-test-abs")
    sh.shutdown(socket.SHUT_WR)
    keep.append(sh)
    # datagram: bound, connected with a queued datagram, unbound
    dg = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    dg.bind(d + "/dgram.sock")
    keep.append(dg)
    dc = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    dc.connect(d + "/dgram.sock")
    dc.send(b"z" * 10)
    keep.append(dc)
    keep.append(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM))
    # socketpair and a seqpacket listener whose abstract name holds a NUL
    keep += list(socket.socketpair())
    unix_listener("\0netdiag-test-seq\0x", socket.SOCK_SEQPACKET, 2)
    # PACKET: raw IPv4 on any device, datagram ETH_P_ALL bound to lo
    keep.append(socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800)))
    p = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(3))
    p.bind(("lo", 3))
    keep.append(p)
    # PACKET with a classic BPF program attached (SO_ATTACH_FILTER): IPv4 frames only
    import ctypes, struct
    program = [(0x28, 0, 0, 12), (0x15, 0, 1, 0x0800), (0x6, 0, 0, 0x40000), (0x6, 0, 0, 0)]
    code = ctypes.create_string_buffer(b"".join(struct.pack("HBBI", *i) for i in program))
    fb = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x86DD))
    fb.setsockopt(socket.SOL_SOCKET, 26, struct.pack("HL", len(program), ctypes.addressof(code)))
    keep.append(fb)
    # NETLINK: a route socket bound by this process
    n = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    n.bind((0, 0))
    keep.append(n)
    # TCP: listener, an established pair with unread bytes and keepalive, TIME-WAIT; UDP
    t = socket.socket()
    t.bind(("127.54.7.1", 0))
    t.listen(8)
    keep.append(t)
    tc = socket.socket()
    tc.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    tc.connect(("127.54.7.1", t.getsockname()[1]))
    ta, _ = t.accept()
    keep += [tc, ta]
    tc.sendall(b"x" * 300)
    t6 = socket.socket(socket.AF_INET6)
    t6.bind(("::1", 0))
    t6.listen(3)
    keep.append(t6)
    x = socket.socket()
    x.connect(("127.54.7.1", t.getsockname()[1]))
    xa, _ = t.accept()
    xa.close()
    time.sleep(0.05)
    x.close()
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.54.7.2", 0))
    keep.append(u)
    # --tos and --inet-sockopt: a listener with TOS, priority (class_id), IP_FREEBIND and
    # IP_RECVERR, a client with IP_BIND_ADDRESS_NO_PORT, UDP with a traffic class and
    # IP_TRANSPARENT, UDP without multicast loop and IP_MULTICAST_ALL, with IP_RECVERR_RFC4884
    IP = socket.IPPROTO_IP
    o = socket.socket()
    o.setsockopt(IP, socket.IP_TOS, 0x10)
    o.setsockopt(socket.SOL_SOCKET, socket.SO_PRIORITY, 3)
    o.setsockopt(IP, 15, 1)  # IP_FREEBIND
    o.setsockopt(IP, 11, 1)  # IP_RECVERR
    o.bind(("127.54.7.4", 0))
    o.listen(2)
    oc = socket.socket()
    oc.setsockopt(IP, 24, 1)  # IP_BIND_ADDRESS_NO_PORT
    oc.bind(("127.54.7.5", 0))
    oc.connect(o.getsockname())
    oa, _ = o.accept()
    keep += [o, oc, oa]
    u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    u6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_TCLASS, 0x20)
    u6.setsockopt(IP, 19, 1)  # IP_TRANSPARENT
    u6.bind(("::1", 0))
    keep.append(u6)
    um = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    um.setsockopt(IP, socket.IP_TOS, 0xb8)
    um.setsockopt(IP, 34, 0)  # IP_MULTICAST_LOOP
    um.setsockopt(IP, 49, 0)  # IP_MULTICAST_ALL
    um.setsockopt(IP, 26, 1)  # IP_RECVERR_RFC4884
    um.bind(("127.54.7.6", 0))
    keep.append(um)
    time.sleep(0.3)
    print("ready", d, flush=True)
    sys.stdin.read()
finally:
    shutil.rmtree(d, ignore_errors=True)
