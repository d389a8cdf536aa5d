# The lsof task and endpoint fixture (LsofTaskTest): two threads besides the main one (one renamed
# "ndworker" with prctl), a file held open for writing, a UNIX socket pair, a bound UNIX listener
# with one accepted connection, a pseudoterminal pair, a TCP connection and a connected UDP pair on
# 127.0.0.1, a pipe to itself, and a pipe and an eventfd shared with a child "sleep". Prints
# "ready DIR CHILDPID" and holds everything until stdin closes.
import ctypes, os, pty, shutil, socket, subprocess, sys, tempfile, threading

d = tempfile.mkdtemp(prefix="netdiag-lsof-")
keep = []
child = None
stop = threading.Event()
started = threading.Barrier(3, timeout=10)


def worker(name):
    if name:
        ctypes.CDLL(None).prctl(15, name.encode(), 0, 0, 0)  # PR_SET_NAME
    started.wait()
    stop.wait(600)


try:
    keep.append(open(os.path.join(d, "held"), "w"))
    keep += list(socket.socketpair())
    l = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    l.bind(os.path.join(d, "ep.sock"))
    l.listen(2)
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.connect(os.path.join(d, "ep.sock"))
    a, _ = l.accept()
    keep += [l, c, a]
    keep += list(pty.openpty())
    t = socket.socket()
    t.bind(("127.0.0.1", 0))
    t.listen(1)
    tc = socket.create_connection(t.getsockname(), timeout=5)
    ta, _ = t.accept()
    u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u1.bind(("127.0.0.1", 0))
    u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u2.connect(u1.getsockname())
    u1.connect(u2.getsockname())
    keep += [t, tc, ta, u1, u2]
    ev = os.eventfd(0)
    r, w = os.pipe()
    child = subprocess.Popen(
        ["sleep", "600"],
        pass_fds=(ev,),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for name in ("ndworker", ""):
        threading.Thread(target=worker, args=(name,), daemon=True).start()
    started.wait()
    print("ready", d, child.pid, flush=True)
    sys.stdin.read()
finally:
    stop.set()
    if child is not None:
        child.kill()
        child.wait(5)
    shutil.rmtree(d, ignore_errors=True)
