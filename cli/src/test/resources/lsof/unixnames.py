# UNIX sockets whose names hold white space, in the test's network namespace: a path with spaces
# (in /tmp/netdiag-unixnames-PID, removed at exit) and abstract names with a leading space, a tab
# and a vertical tab; lsof cuts a name at a space or tab, netstat at any white space. Prints
# "ready" and holds them until stdin closes. Used by LsofUnixNameTest and NetstatUnixNameTest.
import os, shutil, socket, sys

d = "/tmp/netdiag-unixnames-%d" % os.getpid()
os.makedirs(d, exist_ok=True)
keep = []
try:
    for name in (d + "/a b  c.sock", d + "/plain.sock", "\0 lead", "\0netdiag-test\tcd",
                 "\0netdiag-test\x0bgh"):
        s = socket.socket(socket.AF_UNIX)
        s.bind(name)
        s.listen()
        keep.append(s)
    c = socket.socket(socket.AF_UNIX)
    c.connect(d + "/a b  c.sock")
    keep.append(c)
    print("ready", flush=True)
    sys.stdin.read()
finally:
    shutil.rmtree(d, ignore_errors=True)
