#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# Input from processes nsbox does not trust, and from its own arguments:
# each test here is a defect that once crashed, leaked or lied.

load helpers/common

setup() { common_setup; export LC_ALL=C.UTF-8; }
teardown() { common_teardown; }

# The number of tree glyph pairs in front of a row's COMMAND.
depth_of() {
	local prefix=${1%%[![:space:]│├└─|\`-]*}
	echo $(( ${#prefix} / 2 ))
}

@test "a tree 200 levels deep (nested uts namespaces made by nobody) prints whole, in every layout" {
	need_root
	need_sys_unshare
	need_setpriv
	command -v python3 >/dev/null || skip "python3 is not installed"
	levels=$(scaled 200)
	# A row hangs under its parent process's row when that row came first,
	# i.e. has a lower inode. The kernel hands out the lowest free inode,
	# which namespaces freed anywhere on the host make any: so nobody's
	# namespaces are all made first (by a thread, which alone moves), and
	# the tree's levels, each a process forked by the one above, enter them
	# in the order of their inodes, lowest first. The innermost writes its
	# namespace to LEAF; then the top says it is READY.
	cat > "$TEST_DIR/tree.py" <<'PY'
import ctypes, os, sys, threading
libc = ctypes.CDLL(None, use_errno=True)
leaf, levels, ready = sys.argv[1], int(sys.argv[2]), sys.argv[3]
fds = []
def make():
    for _ in range(levels):
        if libc.unshare(0x04000000) != 0:
            return
        fds.append(os.open("/proc/thread-self/ns/uts", os.O_RDONLY))
maker = threading.Thread(target=make)
maker.start()
maker.join()
if len(fds) != levels:
    sys.exit("unshare failed")
done_r, done_w = os.pipe()
top = os.getpid()
for fd in sorted(fds, key=lambda fd: os.fstat(fd).st_ino):
    if os.fork() != 0:
        if os.getpid() == top:
            break
        os.execvp("sleep", ["sleep", "300"])
    if libc.setns(fd, 0x04000000) != 0:
        sys.exit("setns failed")
else:
    with open(leaf, "w") as f:
        f.write("%d\n" % os.stat("/proc/self/ns/uts").st_ino)
    os.write(done_w, b"!")
    os.execvp("sleep", ["sleep", "300"])
os.close(done_w)
if os.read(done_r, 1) != b"!":
    sys.exit("a level died")
open(ready, "w").close()
os.execvp("sleep", ["sleep", "300"])
PY
	world_start
	SPAWN_SETUP="exec python3 '$TEST_DIR/tree.py' '$TEST_DIR/leaf' $levels \"\$1\"" \
		spawn in_world "${NOBODY[@]}" "$SYS_UNSHARE" -Ur
	leaf_uts=$(cat "$TEST_DIR/leaf")
	# the first level hangs under no row (its parent's is the host's uts,
	# whose lowest pid is the world's init), the leaf's row is not a level
	expected=$((levels - 1))
	run --separate-stderr in_world "$BIN/lsns" -t uts
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	row=$(echo "$output" | grep -E "^ *$leaf_uts ")
	echo "$row"
	[[ "$row" == *"└─sleep 300" ]]
	command=${row#*nobody }
	[ "$(( (${#command} - 9) / 2 ))" -eq "$expected" ]
	run in_world "$BIN/lsns" -J -t uts
	[ "$status" -eq 0 ]
	# the JSON nests as deep, and parses
	depth=$(echo "$output" | python3 -c '
import json, sys
def depth(rows):
    return max((1 + depth(r.get("children", [])) for r in rows), default=0)
print(depth(json.load(sys.stdin)["namespaces"]))')
	echo "json depth $depth"
	[ "$depth" -eq $((expected + 1)) ]
	run in_world "$BIN/lsns" -r -t uts
	[ "$status" -eq 0 ]
	if sys_lsns_is_238; then
		# the same bytes as util-linux's
		ours=$(in_world "$BIN/lsns" -t uts)
		theirs=$(in_world "$SYS_LSNS" -t uts)
		[ "$ours" = "$theirs" ]
	fi
}

@test "a chain of 200 processes in one namespace: lsns NS prints the process tree whole" {
	need_root
	need_sys_unshare
	CHAIN_FIRST=("$SYS_UNSHARE" -u)
	n=$(scaled 200)
	chain "$n"
	run --separate-stderr "$BIN/lsns" -o PID,COMMAND "$(ns_ino "$CHAIN_LEAF" uts)"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | wc -l)" -eq $((n + 2)) ]	# header, n shells, the sleep
	last=$(echo "$output" | tail -1)
	[[ "$last" == *"└─sleep 300" ]]
	command=${last#*"$CHAIN_LEAF" }
	[ "$(( (${#command} - 9) / 2 ))" -eq "$n" ]
	run "$BIN/lsns" -J -o PID "$(ns_ino "$CHAIN_LEAF" uts)"
	echo "$output" | python3 -c 'import json, sys; json.load(sys.stdin)'
}

@test "a setuid or file-capability install refuses to run, before parsing anything" {
	need_root
	need_setpriv
	mkdir -m 755 "$TEST_DIR/suid"
	cp "$NSBOX" "$TEST_DIR/suid/nsbox"
	chmod 4755 "$TEST_DIR/suid/nsbox"
	[[ "$(findmnt -no OPTIONS -T "$TEST_DIR")" != *nosuid* ]] || skip "$TEST_DIR is on a nosuid mount"
	message="nsbox: refusing to run setuid/setgid or with file capabilities; install it as a plain executable"
	for args in "unshare -S0 -G0 id" "nsenter -t $$ -a -S0 -G0 true" "--install $TEST_DIR/suid" \
		"nsid" "--help" "lsns --bogus"; do
		# shellcheck disable=SC2086
		run --separate-stderr as_nobody "$TEST_DIR/suid/nsbox" $args
		echo "$args -> $status: $stderr"
		[ "$status" -eq 1 ]
		[ "${stderr%%$'\n'*}" = "$message" ]
		[ -z "$output" ]
	done
	[ ! -e "$TEST_DIR/suid/unshare" ]
	chgrp root "$TEST_DIR/suid/nsbox"
	chmod 2755 "$TEST_DIR/suid/nsbox"
	# (the first line: a sanitizer build adds LeakSanitizer's complaint,
	# which cannot trace a setgid process)
	run --separate-stderr as_nobody "$TEST_DIR/suid/nsbox" nsid
	[ "$status" -eq 1 ]
	[ "${stderr%%$'\n'*}" = "$message" ]
	command -v setcap >/dev/null || skip "setcap is not installed"
	chmod 755 "$TEST_DIR/suid/nsbox"
	setcap cap_sys_admin+ep "$TEST_DIR/suid/nsbox" || skip "this file system takes no file capabilities"
	run --separate-stderr as_nobody "$TEST_DIR/suid/nsbox" nsid :00000000000000000000000000000000
	[ "$status" -eq 1 ]
	[ "${stderr%%$'\n'*}" = "$message" ]
	# root running its own copy is not elevated: it runs
	run "$TEST_DIR/suid/nsbox" --list
	[ "$status" -eq 0 ]
}

@test "unshare: id maps of any size are written whole (maximal ranges split by --map-user)" {
	need_root
	# three maximal ranges the single id cuts in two each: more text than
	# the ranges alone; the kernel refuses the overlaps, cleanly
	run --separate-stderr "$BIN/unshare" --map-users=4000000000:4000000000:1000000000 \
		--map-users=4000000000:4000000000:1000000000 --map-users=4000000000:4000000000:1000000000 \
		--map-user=4000000000 true
	echo "$status: $stderr"
	[ "$status" -lt 128 ]
	[[ "$stderr" == unshare:* ]] || [ -z "$stderr" ]
	[ "$(echo "$stderr" | wc -l)" -le 1 ]
	# a map the kernel takes: the holes punched by the single ids are there
	run "$BIN/unshare" --map-users=1000:100000:10 --map-user=1003 --map-groups=0:200000:65536 \
		--map-group=5 cat /proc/self/uid_map
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tr -s ' ' | paste -sd'|')" = " 1003 0 1| 1000 100000 3| 1004 100004 6" ]
}

@test "-Q regex: linear in the text (8 KiB command lines), exact, never a silent no" {
	need_root
	long=$(head -c 8000 /dev/zero | tr '\0' a)
	# (in the test's world: what else runs on the host, 1 MiB command
	# lines too, is not this test's to time)
	world_start
	in_world bash -c 'exec -a "$0" sleep 300' "$long" 3>&- &
	enter=$!
	disown "$enter"
	track "$enter"
	for ((i = 0; i < 500; i++)); do
		pid=$(deepest "$enter")
		[ "$(cut -c1 "/proc/$pid/cmdline")" = a ] && break
		sleep 0.02
	done
	pid=$(world_pid "$pid")
	# lsns NS lists every process of the namespace, this one too
	for pattern in '^((((a))))* 300$' '(a|aa)*$' '^(a|aa)+ 300$' '((a*)*)*b' ; do
		run timeout 10 "$WORLD_HELPER" enter "$WORLD" "$BIN/lsns" -n -o PID,COMMAND "$(ns_ino "$WORLD" uts)" \
			-Q "COMMAND =~ '$pattern'"
		[ "$status" -eq 0 ]
		case $pattern in
		*b) ! echo "$output" | grep -qE "^ *$pid " ;;
		*) echo "$output" | grep -qE "^ *$pid a+ 300$" ;;
		esac
		run timeout 10 "$WORLD_HELPER" enter "$WORLD" "$BIN/lsns" -n -o PID,COMMAND "$(ns_ino "$WORLD" uts)" \
			-Q "COMMAND !~ '$pattern'"
		[ "$status" -eq 0 ]
		case $pattern in
		*b) echo "$output" | grep -qE "^ *$pid a+ 300$" ;;
		*) ! echo "$output" | grep -qE "^ *$pid " ;;
		esac
	done
}

@test "-Q: nesting has a limit with a clear error, long chains and runs of ! work, keywords are whole words" {
	run --separate-stderr "$BIN/lsns" -Q "$(head -c 50000 /dev/zero | tr '\0' '(')"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"filter nesting too deep at column 101" ]]
	run --separate-stderr "$BIN/lsns" -n -o NS -t uts -p $$ -Q "$(head -c 100000 /dev/zero | tr '\0' '!')NPROCS"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tr -d ' ')" = "$(ns_ino $$ uts)" ]
	chain=$(for i in $(seq 5000); do printf 'NPROCS == 0 || '; done)
	run --separate-stderr "$BIN/lsns" -n -o NS -t uts -p $$ -Q "${chain}TYPE == 'uts'"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tr -d ' ')" = "$(ns_ino $$ uts)" ]
	run --separate-stderr "$BIN/lsns" -Q "TYPE == 'net' or_x"
	[ "$status" -eq 1 ]
	[ "$stderr" = "lsns: failed to parse \"TYPE == 'net' or_x\": unexpected text at position 15 ('or_x')" ]
	run --separate-stderr "$BIN/lsns" -Q "NPROCS == 1 andNPROCS"
	[ "$status" -eq 1 ]
}

@test "SIGCHLD inherited as ignored: nsenter -p, newuts and unshare -f still report the child's status" {
	need_root
	need_sys_unshare
	env --ignore-signal=CHLD true 2>/dev/null || skip "env has no --ignore-signal"
	SPAWN_SETUP= spawn "$SYS_UNSHARE" -fp --mount-proc --kill-child
	run env --ignore-signal=CHLD "$BIN/nsenter" -t "$TARGET" -p sh -c 'exit 7'
	[ "$status" -eq 7 ]
	run env --ignore-signal=CHLD "$BIN/unshare" -f -u sh -c 'exit 7'
	[ "$status" -eq 7 ]
	run env --ignore-signal=CHLD "$BIN/newuts" host sh -c 'exit 7'
	[ "$status" -eq 7 ]
}

@test "numbers are parsed whole: nsenter -t with junk after 24 characters" {
	run --separate-stderr "$BIN/nsenter" -t 00000000000000000027266JUNK -u true
	[ "$status" -eq 1 ]
	[ "$stderr" = "nsenter: failed to parse PID argument '00000000000000000027266JUNK': Invalid argument" ]
	run --separate-stderr "$BIN/nsenter" -t "0000000000000000000000000000000000000000$$" -u true
	[ "$status" -eq 0 ]
}

@test "empty types and columns are errors, as util-linux" {
	expect_errors "$BIN/lsns" "${SYS_LSNS:-}" <<'EOF'
-t ,|lsns: unknown namespace type: ,
-t net,|lsns: unknown namespace type: net,
-t net,,pid|lsns: unknown namespace type: net,,pid
-o ,|lsns: unknown column: ,
-o NS,|lsns: unknown column: NS,
-o BOGUS,NS|lsns: unknown column: BOGUS,NS
EOF
	for args in "-t ''" "-o ''" "-o ,NS" "-o NS,,TYPE"; do
		eval "run --separate-stderr \"\$BIN/lsns\" $args"
		echo "$args -> $status: $stderr"
		[ "$status" -eq 1 ]
		[[ "$stderr" == "lsns: unknown "* ]]
	done
}

@test "a failed write of the output is 'write error', exit 1, in every applet" {
	[ -w /dev/full ] || skip "no /dev/full"
	for applet in lsns nsenter unshare newuts nsid; do
		run --separate-stderr "$BIN/$applet" --help
		[ "$status" -eq 0 ]
		run --separate-stderr sh -c '"$1" --help >/dev/full' sh "$BIN/$applet"
		echo "$applet --help: $status $stderr"
		[ "$status" -eq 1 ]
		[ "$stderr" = "$applet: write error: No space left on device" ]
		run --separate-stderr sh -c '"$1" --version >/dev/full' sh "$BIN/$applet"
		[ "$status" -eq 1 ]
		[[ "$stderr" == "$applet: write error"* ]]
	done
	for cmd in "nsid" "nsid -l" "lsns" "lsns -J" "lsns -H"; do
		# shellcheck disable=SC2086
		run --separate-stderr sh -c "\"$BIN\"/$cmd >/dev/full"
		echo "$cmd: $status $stderr"
		[ "$status" -eq 1 ]
		[[ "$stderr" == *"write error"* ]]
	done
	run --separate-stderr sh -c '"$1" --list >/dev/full' sh "$NSBOX"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nsbox: write error: No space left on device" ]
	run --separate-stderr sh -c '"$1" nsid --same $$ $$ >/dev/full; echo $?' sh "$NSBOX"
	[ "$output" = 0 ]	# nothing to write: no error
}

@test "nsid --same: every error exits 2, usage errors too (1 means different)" {
	for args in "-s --bogus 1 $$" "-s -c 1 $$" "--bogus -s $$ $$" "-qs -t bogus $$ $$" \
		"--same -o BOGUS $$ $$" "--sa 0 $$" "-s $$" "-s --type"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$BIN/nsid" $args
		echo "$args -> $status: $stderr"
		[ "$status" -eq 2 ]
	done
	# -s hidden inside -t's argument is not --same
	run --separate-stderr "$BIN/nsid" -ts --bogus
	[ "$status" -eq 1 ]
}

@test "lsns -Q with -H, and a repeated -Q: no leak (sanitizer build), the last -Q counts" {
	run "$BIN/lsns" -Q 'NPROCS > 0' -H
	[ "$status" -eq 0 ]
	run "$BIN/lsns" -n -o TYPE -p $$ -Q "TYPE == 'net'" -Q "TYPE == 'uts'"
	[ "$status" -eq 0 ]
	[ "$output" = uts ]
}

@test "an old kernel or a seccomp filter: nsenter falls back from setns(pidfd) to the files, -N names its feature" {
	need_root
	need_sys_unshare
	[ -x "$SANDBOX" ] || skip "no sandbox helper (make tests/helpers/sandbox)"
	"$SANDBOX" 5.4 true || skip "cannot install a seccomp filter here"
	SPAWN_SETUP='hostname tgt' spawn "$SYS_UNSHARE" -fpmuni --mount-proc --kill-child
	for profile in 5.4 4.19; do
		run --separate-stderr "$SANDBOX" "$profile" "$BIN/nsenter" -t "$TARGET" -u -n -i -m -p hostname
		echo "$profile: $status $output $stderr"
		[ "$status" -eq 0 ]
		[ "$output" = tgt ]
	done
	run --separate-stderr "$SANDBOX" 5.4 "$BIN/nsenter" -t "$TARGET" -a hostname
	[ "$status" -eq 0 ]
	[ "$output" = tgt ]
	run --separate-stderr "$SANDBOX" 5.4 "$BIN/nsenter" -t $$ -N 0 true
	[ "$status" -eq 1 ]
	[ "$stderr" = "nsenter: --net-socket needs pidfd_getfd (Linux 5.6+), which this system refuses" ]
	# a real refusal still names what and why, as before
	need_setpriv
	run --separate-stderr "$SANDBOX" 5.4 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$BIN/nsenter" -t "$TARGET" -u -n true
	[ "$status" -eq 1 ]
	[ "$stderr" = "nsenter: permission denied: cannot enter the uts,net namespaces of PID $TARGET; are you root, or in the target's user namespace?" ]
}

@test "nsfs ioctls refused (old kernel, 32-bit on 64-bit before 6.3): trees and PNS/ONS say so, exit 2" {
	[ -x "$SANDBOX" ] || skip "no sandbox helper (make tests/helpers/sandbox)"
	"$SANDBOX" no-nsfs-ioctls true || skip "cannot install a seccomp filter here"
	run --separate-stderr "$SANDBOX" no-nsfs-ioctls "$BIN/lsns" -T
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "lsns: cannot build the owner tree: NS_GET_USERNS/NS_GET_PARENT are refused here (by an emulator such as qemu-user, a seccomp filter, or a 64-bit kernel before 6.3 to a 32-bit program)" ]
	run --separate-stderr "$SANDBOX" no-nsfs-ioctls "$BIN/lsns" -Tparent -t pid
	[ "$status" -eq 2 ]
	[ "$stderr" = "lsns: cannot build the parent tree: NS_GET_USERNS/NS_GET_PARENT are refused here (by an emulator such as qemu-user, a seccomp filter, or a 64-bit kernel before 6.3 to a 32-bit program)" ]
	run --separate-stderr "$SANDBOX" no-nsfs-ioctls "$BIN/lsns" -o NS,ONS
	[ "$status" -eq 2 ]
	[ "$stderr" = "lsns: cannot show PNS or ONS: NS_GET_USERNS/NS_GET_PARENT are refused here (by an emulator such as qemu-user, a seccomp filter, or a 64-bit kernel before 6.3 to a 32-bit program)" ]
	# what needs no relation still works
	run --separate-stderr "$SANDBOX" no-nsfs-ioctls "$BIN/lsns" -t uts -p $$ -n -o NS
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tr -d ' ')" = "$(ns_ino $$ uts)" ]
	run --separate-stderr "$SANDBOX" no-nsfs-ioctls "$BIN/nsid" --chain -t user
	[ "$status" -eq 0 ]
	[ "$stderr" = "nsid: the chain ends early: NS_GET_USERNS/NS_GET_PARENT are refused here (by an emulator such as qemu-user, a seccomp filter, or a 64-bit kernel before 6.3 to a 32-bit program)" ]
}

# ---- scale: bounded in time, cleaned up by pid

@test "scale: a command line of 1 MiB, a process with 50,000 open fds (or the most the limit allows), 2,000 namespaces held by fds" {
	need_root
	command -v python3 >/dev/null || skip "python3 is not installed"
	# (in the test's world: the counts are this test's alone)
	world_start
	# 1 MiB of command line (8 arguments of 128 KiB, the kernel's most for one)
	arg=$(head -c 131000 /dev/zero | tr '\0' x)
	in_world python3 -c 'import time; time.sleep(300)' "$arg" "$arg" "$arg" "$arg" "$arg" "$arg" "$arg" "$arg" 3>&- &
	big=$!
	disown "$big"
	track "$big"
	# 50,000 fds, the last one a uts namespace; and 2,000 uts namespaces
	# held by fds of one process
	cat > "$TEST_DIR/holder.py" <<'PY'
import ctypes, os, resource, sys, time
# 50,000 fds, or as many as the hard limit allows (raising it takes
# CAP_SYS_RESOURCE, which a container's root may lack)
hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
try:
    resource.setrlimit(resource.RLIMIT_NOFILE, (52100, max(hard, 52100)))
except (ValueError, OSError):
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
n = min(int(sys.argv[2]), limit - 2100)
print("holding %d fds" % n, file=sys.stderr)
libc = ctypes.CDLL(None, use_errno=True)
fds = [os.open("/dev/null", os.O_RDONLY) for _ in range(n)]
for _ in range(2000):
    if libc.unshare(0x04000000) != 0:
        sys.exit("unshare failed")
    fds.append(os.open("/proc/self/ns/uts", os.O_RDONLY))
open(sys.argv[1], "w").close()
time.sleep(300)
PY
	# (the world's root may not raise the hard limit: root does it here)
	(ulimit -n 52100 2>/dev/null || :; in_world python3 "$TEST_DIR/holder.py" "$TEST_DIR/holder.ready" \
		"$(scaled 50000)") 3>&- &
	holder=$!
	disown "$holder"
	track "$holder"
	for ((i = 0; i < 1200; i++)); do [ -e "$TEST_DIR/holder.ready" ] || kill -0 "$holder" 2>/dev/null || break
		[ -e "$TEST_DIR/holder.ready" ] && break; sleep 0.05; done
	[ -e "$TEST_DIR/holder.ready" ]
	holder=$(world_pid "$(deepest "$holder")")
	big=$(deepest "$big")
	lsns=("$WORLD_HELPER" enter "$WORLD" "$BIN/lsns")
	# (outputs are counted, not printed: they are large; the customary soft
	# fd limit, 1024, is below the 2,000 namespaces lsns keeps an fd on)
	out=$(ulimit -Sn 1024; timeout 60 "${lsns[@]}" -t uts -n -r -o NS,NPROCS,HOLDER)
	# the 2,000 namespaces: each held by an fd of the holder (the last
	# also by the holder being in it), and the world's own
	[ "$(grep -c "of\\\\x20pid\\\\x20$holder\\\\x20" <<< "$out")" -eq 2000 ]
	[ "$(wc -l <<< "$out")" -eq 2001 ]
	timeout 60 "${lsns[@]}" -J -t uts -o NS,HOLDER |
		python3 -c 'import json, sys; assert len(json.load(sys.stdin)["namespaces"]) == 2001'
	# a hard limit below that: an error that says so, not a short list
	# (not in the sanitizer build: LeakSanitizer's check at exit needs fds
	# the limit no longer leaves, and spins)
	if ! is_asan; then
		run --separate-stderr timeout 60 sh -c 'ulimit -n 1024 && exec "$@" -t uts -n -o NS' sh "${lsns[@]}"
		[ "$status" -eq 1 ]
		[ "$stderr" = "lsns: more namespaces and processes than the open-file limit (1024) allows; raise it (ulimit -n)" ]
	fi
	out=$(timeout 60 "${lsns[@]}" -l -o PID,COMMAND "$(ns_ino "$big" uts)")
	grep -q "^ *$(world_pid "$big") .*time.sleep(300) xxxxxxxx" <<< "$out"
	timeout 60 "${lsns[@]}" -J -o PID,COMMAND "$(ns_ino "$big" uts)" | python3 -c 'import json, sys; json.load(sys.stdin)'
}

@test "scale: a comm of ') S 1 (', C1 bytes and bad UTF-8 in every output mode: well-formed, no raw escape" {
	need_root
	name=$') S 1 (\xc2\x9b\xff\e['
	ln -s "$(command -v sleep)" "$TEST_DIR/$name"
	world_start
	in_world "$SYS_UNSHARE" -u "$TEST_DIR/$name" 300 3>&- &
	enter=$!
	disown "$enter"
	track "$enter"
	for ((i = 0; i < 500; i++)); do
		pid=$(deepest "$enter")
		[ "$(cat "/proc/$pid/comm")" = "${name:0:15}" ] && break
		sleep 0.02
	done
	uts=$(ns_ino "$pid" uts)
	for args in "" "-r" "-l" "-n" "-Tprocess" "-o NS,PID,PPID,COMMAND,HOLDER"; do
		# shellcheck disable=SC2086
		run in_world "$BIN/lsns" -t uts $args
		[ "$status" -eq 0 ]
		[[ "$output" != *$'\e'* ]] && [[ "$output" != *$'\xc2\x9b'* ]]
		echo "$output" | grep -q "$uts"
	done
	run in_world "$BIN/lsns" -J -t uts -o NS,PID,COMMAND
	echo "$output" | python3 -c 'import json, sys; json.load(sys.stdin)'
	run "$BIN/nsid" -J -o TYPE,HOLDER -t uts "$pid"
	echo "$output" | python3 -c 'import json, sys; json.load(sys.stdin)'
}
