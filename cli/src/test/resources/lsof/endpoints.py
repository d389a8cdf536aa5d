# Sockets and pipes held by several descriptors of several processes, in the test's network
# namespace, for lsof -E/+E (LsofEndpointTest): a UNIX pair, a TCP connection on 127.0.0.1 and a
# pipe, one end of each duplicated twice, then two children forked (holding them all too); an
# abstract UNIX listener with one accepted and two waiting connections; a named FIFO held by all
# three (in /tmp/netdiag-endpoints-PID, removed at exit) and one held by the parent alone. Prints
# "ready" and holds them until stdin closes (the children too).
import os, shutil, socket, sys

a, b = socket.socketpair()
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen()
client = socket.socket()
client.connect(listener.getsockname())
server, _ = listener.accept()
r, w = os.pipe()
dups = [os.dup(fd) for fd in (b.fileno(), server.fileno(), w) for _ in range(2)]
queue = socket.socket(socket.AF_UNIX)
queue.bind("\0netdiag-test-endpoints")
queue.listen()
waiting = []
for i in range(3):
    c = socket.socket(socket.AF_UNIX)
    c.connect("\0netdiag-test-endpoints")
    waiting.append(c)
accepted, _ = queue.accept()
d = "/tmp/netdiag-endpoints-%d" % os.getpid()
os.makedirs(d, exist_ok=True)
for name in ("shared", "alone"):
    os.mkfifo(d + "/" + name)
shared = os.open(d + "/shared", os.O_RDWR)
for i in range(2):
    if os.fork() == 0:
        sys.stdin.read()
        os._exit(0)
alone = os.open(d + "/alone", os.O_RDWR)
print("ready", flush=True)
try:
    sys.stdin.read()
finally:
    shutil.rmtree(d, ignore_errors=True)
