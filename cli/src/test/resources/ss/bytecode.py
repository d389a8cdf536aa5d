# Sockets for SsBytecodeDifferentialTest, inside the test's network namespace: listeners on fixed
# and kernel-chosen ports, IPv4, IPv6 and dual-stack, some with SO_MARK or SO_BINDTODEVICE, and
# established pairs whose clients the kernel autobound. Prints "ready" and holds them until stdin
# closes. No TIME-WAIT sockets: their mark and bind lock are the kernel's alone (see README).
import socket, sys, time

SO_MARK = 36
keep = []

def tcp(family, addr, port, mark=None, device=None, v6only=None):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1 if v6only else 0)
    if mark is not None:
        s.setsockopt(socket.SOL_SOCKET, SO_MARK, mark)
    if device:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, device)
    s.bind((addr, port))
    s.listen(8)
    keep.append(s)
    return s

def connect(family, addr, lst, mark=None, source=None):
    c = socket.socket(family, socket.SOCK_STREAM)
    if mark is not None:
        c.setsockopt(socket.SOL_SOCKET, SO_MARK, mark)
    if source:
        c.bind(source)
    c.connect((addr, lst.getsockname()[1]))
    a, _ = lst.accept()
    keep.extend([c, a])

web = tcp(socket.AF_INET, "127.54.5.1", 8080, mark=0x10)
tcp(socket.AF_INET, "127.54.5.2", 22)
high = tcp(socket.AF_INET, "127.54.5.1", 40000)  # in the ephemeral range, but bound by hand
auto = tcp(socket.AF_INET, "127.54.5.3", 0, mark=0x21)  # a kernel-chosen port
six = tcp(socket.AF_INET6, "::1", 8443, v6only=True)
dual = tcp(socket.AF_INET6, "::ffff:127.54.5.4", 9000)
tcp(socket.AF_INET, "127.54.5.5", 1022, device=b"lo")

connect(socket.AF_INET, "127.54.5.1", web)
connect(socket.AF_INET, "127.54.5.1", web, mark=0x11, source=("127.54.5.9", 0))
connect(socket.AF_INET, "127.54.5.1", high, source=("127.54.5.9", 41000))
connect(socket.AF_INET, "127.54.5.3", auto)
connect(socket.AF_INET6, "::1", six, mark=0x20)
connect(socket.AF_INET, "127.54.5.4", dual)

for fam, addr, port, mark in [(socket.AF_INET, "127.54.5.1", 5353, 0x10),
                              (socket.AF_INET, "127.54.5.2", 0, None),
                              (socket.AF_INET6, "::1", 5353, None)]:
    u = socket.socket(fam, socket.SOCK_DGRAM)
    if mark is not None:
        u.setsockopt(socket.SOL_SOCKET, SO_MARK, mark)
    u.bind((addr, port))
    keep.append(u)
uc = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
uc.connect(("127.54.5.1", 5353))
keep.append(uc)
keep.append(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))

time.sleep(0.2)
print("ready", flush=True)
sys.stdin.read()
