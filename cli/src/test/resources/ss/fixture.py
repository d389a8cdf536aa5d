# Opens a fixed set of sockets inside the test's network namespace, prints "ready", and holds
# them until stdin closes. Used by SsDifferentialTest: both ss and netdiag list this state.
import socket, sys, time

keep = []

def listener(family, addr, backlog=16, v6only=None, device=None):
    s = socket.socket(family, socket.SOCK_STREAM)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1 if v6only else 0)
    if device:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, device)
    s.bind((addr, 0))
    s.listen(backlog)
    keep.append(s)
    return s

def pair(family, addr, lst):
    c = socket.socket(family, socket.SOCK_STREAM)
    c.connect((addr, lst.getsockname()[1]))
    a, _ = lst.accept()
    keep.extend([c, a])
    return c, a

l4 = listener(socket.AF_INET, "127.54.0.1", 7)
listener(socket.AF_INET, "0.0.0.0", 16)
listener(socket.AF_INET6, "::", 32, v6only=False)
listener(socket.AF_INET6, "::", 33, v6only=True)
l6 = listener(socket.AF_INET6, "::1", 8)
listener(socket.AF_INET, "127.54.0.2", 4, device=b"lo")
listener(socket.AF_INET6, "::ffff:127.54.0.3", 5)

# established, with unread bytes on one end
c, a = pair(socket.AF_INET, "127.54.0.1", l4)
c.sendall(b"x" * 100)
pair(socket.AF_INET6, "::1", l6)
# CLOSE-WAIT / FIN-WAIT-2: the client closes, the server does not
c2, a2 = pair(socket.AF_INET, "127.54.0.1", l4)
keep.remove(c2)
c2.close()
# TIME-WAIT: both close, the accepted side first
c3, a3 = pair(socket.AF_INET, "127.54.0.1", l4)
keep.remove(a3)
keep.remove(c3)
a3.close()
time.sleep(0.05)
c3.close()
# a connection waiting in the accept queue
w = socket.socket()
w.connect(("127.54.0.1", l4.getsockname()[1]))
keep.append(w)

# UDP: unconnected, connected, IPv6, a well-known port
for fam, addr, port in [(socket.AF_INET, "127.54.0.1", 0), (socket.AF_INET6, "::1", 0),
                        (socket.AF_INET, "0.0.0.0", 53), (socket.AF_INET6, "::", 0)]:
    u = socket.socket(fam, socket.SOCK_DGRAM)
    u.bind((addr, port))
    keep.append(u)
uc = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
uc.bind(("127.54.0.4", 0))
uc.connect(("127.54.0.1", 9))
keep.append(uc)
# a TCP listener on a named port
listener(socket.AF_INET, "127.54.0.5", 3).close()
s22 = socket.socket()
s22.bind(("127.54.0.5", 22))
s22.listen(3)
keep.append(s22)
# a port /etc/services names (dircproxy) inside ip_local_port_range: ss prints it as a number
s57 = socket.socket()
s57.bind(("127.54.0.5", 57000))
s57.listen(3)
keep.append(s57)
# MPTCP (IPPROTO_MPTCP 262): a listener with a connection holding unread bytes, an IPv6 listener
# on a named port; their TCP subflows show in the TCP table
ml = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
ml.bind(("127.54.0.8", 0))
ml.listen(4)
mc = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
mc.connect(ml.getsockname())
ma, _ = ml.accept()
mc.sendall(b"m" * 10)
ml6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM, 262)
ml6.bind(("::1", 22))
ml6.listen(2)
keep += [ml, mc, ma, ml6]
# RAW
keep.append(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
keep.append(socket.socket(socket.AF_INET6, socket.SOCK_RAW, 58))

time.sleep(0.2)
print("ready", flush=True)
sys.stdin.read()
