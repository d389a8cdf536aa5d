# ss -T's differential driver, run as the first process of a fresh pid namespace (unshare --pid
# --fork --mount-proc) inside the test's network namespace, so that /proc holds only this script,
# its child and the two listers. Opens sockets, starts two named threads and a child process that
# shares the sockets, then runs each command line of argv[1] (a file, one case per line) with the
# reference (argv[2]) and with ours (argv[4:]), writing N.ref, N.ours, N.rc and N.err to argv[3].
import os, socket, subprocess, sys, threading

cases = [line.split() for line in open(sys.argv[1]) if line.strip()]
reference, outdir, ours = sys.argv[2], sys.argv[3], sys.argv[4:]

keep = []
l = socket.socket()
l.bind(("127.54.1.1", 0))
l.listen(4)
c = socket.socket()
c.connect(l.getsockname())
a, _ = l.accept()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.54.1.2", 0))
keep.extend([l, c, a, u])
keep.extend(socket.socketpair())

stop = threading.Event()
started = threading.Barrier(3)

def worker(name):
    # A thread's comm is its own: ss -T prints each thread's name from /proc/TID/stat.
    with open("/proc/self/task/%d/comm" % threading.get_native_id(), "w") as f:
        f.write(name)
    started.wait()
    stop.wait()

for name in ("ss-worker-a", "ss-worker-b"):
    threading.Thread(target=worker, args=(name,), daemon=True).start()
started.wait()

r, w = os.pipe()
child = os.fork()
if child == 0:
    os.close(w)
    os.read(r, 1)  # holds the inherited sockets until the parent exits
    os._exit(0)
os.close(r)

for n, args in enumerate(cases):
    ref = subprocess.run([reference] + args, capture_output=True, timeout=60)
    our = subprocess.run(ours + args, capture_output=True, timeout=60)
    for suffix, data in (("ref", ref.stdout), ("ours", our.stdout), ("err", our.stderr)):
        with open(os.path.join(outdir, "%d.%s" % (n, suffix)), "wb") as f:
            f.write(data)
    with open(os.path.join(outdir, "%d.rc" % n), "w") as f:
        f.write("%d %d" % (ref.returncode, our.returncode))
stop.set()
