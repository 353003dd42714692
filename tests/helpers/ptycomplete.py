#!/usr/bin/env python3
# SPDX-License-Identifier: 0BSD
# Completion as a person gets it: an interactive bash on a pseudo-terminal,
# keys typed into readline. Usage: ptycomplete.py RCFILE < CASES
# Each line of CASES is what to type, with \t for TAB, \e for Escape, \n Enter
# (\e* inserts every completion into the line: readline's
# insert-completions); for each, one line out: the line readline holds then.
# RCFILE is sourced by the interactive bash (PATH, completions).
import os, pty, re, select, sys, time

TIMEOUT = 20


def read_until(fd, pattern, buf):
    end = time.time() + TIMEOUT
    while True:
        m = pattern.search(buf)
        if m:
            return m, buf[m.end():]
        left = end - time.time()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            sys.exit("ptycomplete: no answer from bash; the screen was:\n" + buf.decode(errors="replace"))
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b""
        if not data:
            sys.exit("ptycomplete: bash ended; the screen was:\n" + buf.decode(errors="replace"))
        buf += data


def main():
    rcfile = sys.argv[1]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp("bash", ["bash", "--noprofile", "--rcfile", rcfile, "-i"])
    # the prompt after the rc file: a marker bash prints when it is ready
    os.write(fd, b"echo READY-$((6*7))\n")
    _, buf = read_until(fd, re.compile(rb"READY-42"), b"")
    for n, line in enumerate(sys.stdin.read().splitlines()):
        keys = line.replace("\\t", "\t").replace("\\e", "\x1b").replace("\\n", "\n").encode()
        # type, then ^X^P: a key bound to print the line readline holds
        os.write(fd, keys)
        time.sleep(0.05)
        os.write(fd, b"\x18\x10")
        m, buf = read_until(fd, re.compile(rb"@@<(.*?)>@@\r?\n"), buf)
        print(m.group(1).decode(errors="replace"), flush=True)
        # an empty line for the next case
        os.write(fd, b"\x05\x15")
    os.write(fd, b"exit\n")
    os.close(fd)
    os.waitpid(pid, 0)


main()
