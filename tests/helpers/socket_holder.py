# SPDX-License-Identifier: 0BSD
"""Hold a network namespace with nothing but a socket.

Run as `unshare -n python3 socket_holder.py OUT 6</proc/$$/ns/net`: makes a
socket (fd 5) in the new network namespace, writes that namespace's link
text to OUT, goes back to the namespace open on fd 6, touches OUT.done and
sleeps. Afterwards only the socket keeps the new namespace alive."""
import ctypes
import os
import socket
import sys
import time

CLONE_NEWNET = 0x40000000
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
os.dup2(s.fileno(), 5)
with open(sys.argv[1], "w") as out:
    out.write(os.readlink("/proc/self/ns/net"))
if ctypes.CDLL(None, use_errno=True).setns(6, CLONE_NEWNET) != 0:
    sys.exit("setns failed: errno %d" % ctypes.get_errno())
os.close(6)
open(sys.argv[1] + ".done", "w").close()
time.sleep(300)
