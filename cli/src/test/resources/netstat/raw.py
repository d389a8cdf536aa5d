# RAW sockets in the test's network namespace (no traffic reaches them): ICMP unbound and connected
# to 127.0.0.2, protocol 253 bound to 127.0.0.3, ICMPv6 connected to ::1. Prints "ready" and holds
# them until stdin closes. Used by NetstatRawTest.
import socket, sys

keep = [socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)]
connected = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
connected.connect(("127.0.0.2", 0))
bound = socket.socket(socket.AF_INET, socket.SOCK_RAW, 253)
bound.bind(("127.0.0.3", 0))
v6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
v6.connect(("::1", 0))
keep += [connected, bound, v6]
print("ready", flush=True)
sys.stdin.read()
