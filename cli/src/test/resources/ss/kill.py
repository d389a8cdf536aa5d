# Sockets for ss -K, on fixed ports so that two runs of this script (one for ss, one for netdiag,
# each in a namespace of its own) hold the same table. Prints "ready", holds them until stdin
# closes; the sockets the tools close are gone by then.
import socket, sys, time

keep = []

def bound(family, kind, addr, port):
    s = socket.socket(family, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    keep.append(s)
    return s

l = bound(socket.AF_INET, socket.SOCK_STREAM, "127.54.9.1", 5001)
l.listen(4)
c = bound(socket.AF_INET, socket.SOCK_STREAM, "127.54.9.3", 5003)
c.connect(("127.54.9.1", 5001))
a, _ = l.accept()
keep.append(a)
l6 = bound(socket.AF_INET6, socket.SOCK_STREAM, "::1", 5004)
l6.listen(2)
bound(socket.AF_INET, socket.SOCK_DGRAM, "127.54.9.2", 5002)
u = bound(socket.AF_INET, socket.SOCK_DGRAM, "127.54.9.2", 5005)
u.connect(("127.54.9.1", 5001))
keep.append(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
time.sleep(0.1)
print("ready", flush=True)
sys.stdin.read()
