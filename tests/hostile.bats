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
		[ "$(cut -c1 "/proc/$pid/cmdline" 2>/dev/null)" = a ] && break
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
	[ "$stderr" = "nsenter: permission denied on the uts,net namespaces of PID $TARGET; are you root, or in the target's user namespace?" ]
}

@test "nsfs ioctls refused (old kernel, 32-bit on 64-bit before 6.3): trees and PNS/ONS say so, exit 2" {
	[ -x "$SANDBOX" ] || skip "no sandbox helper (make tests/helpers/sandbox)"
	"$SANDBOX" no-nsfs-ioctls true || skip "cannot install a seccomp filter here"
	run --separate-stderr "$SANDBOX" no-nsfs-ioctls "$BIN/lsns" -T
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "lsns: cannot build the owner tree: NS_GET_USERNS/NS_GET_PARENT are refused here (by an emulator such as qemu-user, or a seccomp filter)" ]
	run --separate-stderr "$SANDBOX" no-nsfs-ioctls "$BIN/lsns" -Tparent -t pid
	[ "$status" -eq 2 ]
	[ "$stderr" = "lsns: cannot build the parent tree: NS_GET_USERNS/NS_GET_PARENT are refused here (by an emulator such as qemu-user, or a seccomp filter)" ]
	run --separate-stderr "$SANDBOX" no-nsfs-ioctls "$BIN/lsns" -o NS,ONS
	[ "$status" -eq 2 ]
	[ "$stderr" = "lsns: cannot show PNS or ONS: NS_GET_USERNS/NS_GET_PARENT are refused here (by an emulator such as qemu-user, or a seccomp filter)" ]
	# what needs no relation still works
	run --separate-stderr "$SANDBOX" no-nsfs-ioctls "$BIN/lsns" -t uts -p $$ -n -o NS
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tr -d ' ')" = "$(ns_ino $$ uts)" ]
	run --separate-stderr "$SANDBOX" no-nsfs-ioctls "$BIN/nsid" --chain -t user
	[ "$status" -eq 0 ]
	[ "$stderr" = "nsid: the chain ends early: NS_GET_USERNS/NS_GET_PARENT are refused here (by an emulator such as qemu-user, or a seccomp filter)" ]
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
	# (the python at the end of the 1 MiB process's chain: before it has
	# exec'd, the chain's end is a fork on its way there)
	for ((i = 0; i < 500; i++)); do
		pid=$(deepest "$big")
		[[ "$(tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline")" == "python3 -c import time"* ]] && break
		sleep 0.02
	done
	big=$pid
	[ -n "$(ns_ino "$big" uts)" ]
	lsns=("$WORLD_HELPER" enter "$WORLD" "$BIN/lsns")
	# (outputs are counted, not printed: they are large; the customary soft
	# fd limit, 1024, is below the 2,000 namespaces, which lsns reopens
	# when it needs them instead of keeping an fd on each)
	out=$(ulimit -Sn 1024; timeout 60 "${lsns[@]}" -t uts -n -r -o NS,NPROCS,HOLDER)
	# the 2,000 namespaces: each held by an fd of the holder (the last
	# also by the holder being in it), and the world's own
	[ "$(grep -c "of\\\\x20pid\\\\x20$holder\\\\x20" <<< "$out")" -eq 2000 ]
	[ "$(wc -l <<< "$out")" -eq 2001 ]
	timeout 60 "${lsns[@]}" -J -t uts -o NS,HOLDER |
		python3 -c 'import json, sys; assert len(json.load(sys.stdin)["namespaces"]) == 2001'
	# a hard limit below that: still every row, and their ids (each
	# namespace reopened when asked, through the fd that holds it)
	run --separate-stderr timeout 60 sh -c 'ulimit -n 1024 && exec "$@" -t uts -n -o NS,ID' sh "${lsns[@]}"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(grep -c . <<< "$output")" -eq 2001 ]
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
		[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "${name:0:15}" ] && break
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
	# (stdout: HOLDER reads the host, whose other processes may earn a
	# warning, such as a mount table too long to read whole)
	run --separate-stderr "$BIN/nsid" -J -o TYPE,HOLDER -t uts "$pid"
	echo "$output" | python3 -c 'import json, sys; json.load(sys.stdin)'
}

# ---- trust: nsbox reaches into a container, the container never reaches
# back (issue 21: findings 1, 4 and 10)

SEIZE=$(cd "$BATS_TEST_DIRNAME" && pwd)/helpers/seize

@test "trust: a container's root that PTRACE_SEIZEs each new pid gets no hold on nsenter's child, nor the host program it holds (30 tries)" {
	need_root
	[ -x "$SEIZE" ] || skip "no tests/helpers/seize (make tests/helpers/seize)"
	# the host program: root's, 0755, opened by nsenter before it enters
	cp "$SEIZE" "$TEST_DIR/prog"
	chmod 755 "$TEST_DIR/prog"
	before=$(stat -c '%a %u %s' "$TEST_DIR/prog"; sha256sum < "$TEST_DIR/prog")
	# a container whose user namespace host root owns (userns-remap, LXC):
	# its root is host uid 100000, capable over what enters its namespaces
	cp "$SEIZE" "$TEST_DIR/seize"
	tries=30
	"$BIN/unshare" --map-users=0:100000:65536 --map-groups=0:100000:65536 -S 0 -G 0 \
		-fpmuin --mount-proc --kill-child "$TEST_DIR/seize" race "$tries" "$TEST_DIR/log" 3>&- &
	top=$!
	disown "$top"
	track "$top"
	for i in $(seq 200); do
		[ -s "$TEST_DIR/log" ] && break
		sleep 0.025
	done
	cat "$TEST_DIR/log"
	grep -q '^unsupported' "$TEST_DIR/log" && skip "the attacker helper injects syscalls on x86_64 only"
	grep -q '^control' "$TEST_DIR/log" && skip "ptrace is refused here (Yama, seccomp): no attacker to test against"
	grep -q '^ready' "$TEST_DIR/log"
	track_tree "$top"
	attacker=$(tail -1 "$TEST_DIR/pids")
	[ "$(cat "/proc/$attacker/comm")" = seize ]
	(	# (the old nsenter's children die of the attack: no job notices)
		for i in $(seq "$tries"); do
			"$BIN/nsenter" -t "$attacker" -a --host-exec "$TEST_DIR/prog" linger || true
		done
	) 2>/dev/null
	for i in $(seq 200); do	# its last line
		[ "$(wc -l < "$TEST_DIR/log")" -gt "$tries" ] && break
		sleep 0.025
	done
	cat "$TEST_DIR/log"
	# the race was run: most children were seen (refused before exec, or
	# seized after it: the program runs as the container's root by then)
	seen=$(grep -cE '^(refused|seized) ' "$TEST_DIR/log")
	[ "$seen" -ge $((tries / 2)) ]
	# and no syscall of any of them touched a host file
	! grep -E '^seized [0-9]+ [1-9]' "$TEST_DIR/log"
	[ "$(stat -c '%a %u %s' "$TEST_DIR/prog"; sha256sum < "$TEST_DIR/prog")" = "$before" ]
}

# le VALUE BYTES: VALUE as BYTES little-endian bytes.
le() {
	local i
	for ((i = 0; i < $2; i++)); do
		printf "\\x$(printf %02x $((($1 >> (8 * i)) & 255)))"
	done
}

# elf64 MACHINE PHOFF PHENTSIZE PHNUM [PTYPE OFFSET LENGTH]: a little-endian
# 64-bit ELF header, with one program header after it when PTYPE is given.
elf64() {
	printf '\177ELF\002\001\001'
	le 0 9; le 2 2; le "$1" 2; le 1 4; le 4198400 8; le "$2" 8; le 0 8; le 0 4
	le 64 2; le "$3" 2; le "$4" 2; le 0 6
	[ -z "${5:-}" ] || { le "$5" 4; le 4 4; le "$6" 8; le 0 16; le "$7" 8; le "$7" 8; le 1 8; }
}

@test "trust: --host-exec runs no loader or interpreter a target chose, unless told to (--unsafe-target-loader); hostile ELF headers are refused whole" {
	need_root
	need_sys_unshare
	[ -n "$SYS_NSENTER" ] || skip "util-linux nsenter is not installed"
	[ -x "$SEIZE" ] || skip "no tests/helpers/seize (make tests/helpers/seize)"
	command -v readelf >/dev/null || skip "readelf (binutils) is not installed"
	dynamic=$(type -P true)
	loader=$(readelf -l "$dynamic" | sed -n 's/.*interpreter: \(.*\)]/\1/p')
	[ -n "$loader" ] || skip "$dynamic is not dynamically linked here"
	advice="use a static build (busybox-static, nsbox) or, to trust the target, --unsafe-target-loader"
	# a container without a user namespace whose root put its own program
	# where the host's dynamic programs find their loader
	SPAWN_SETUP= spawn "$SYS_UNSHARE" -m --propagation private
	cp "$SEIZE" "$TEST_DIR/ld.so"
	"$SYS_NSENTER" -t "$TARGET" -m mount --bind "$TEST_DIR/ld.so" "$loader"
	run "$SYS_NSENTER" -t "$TARGET" -m "$dynamic" target-loader
	[ "$status" -eq 42 ]	# (it answers there for every dynamic program)
	run --separate-stderr "$BIN/nsenter" -t "$TARGET" -m --host-exec "$dynamic" target-loader
	echo "$status $output $stderr"
	[ "$status" -eq 126 ]
	[ -z "$output" ]
	[ "$stderr" = "nsenter: $dynamic is dynamically linked: its loader $loader would come from the target and run with our privileges; $advice" ]
	# told to: the target's loader runs, with our privileges
	run --separate-stderr "$BIN/nsenter" -t "$TARGET" -m --unsafe-target-loader "$dynamic" target-loader
	[ "$status" -eq 42 ]
	[ "$output" = "the target's loader ran as uid 0" ]
	# our root and our mounts: our own loader runs it
	run --separate-stderr "$BIN/nsenter" -t "$TARGET" -u --host-exec "$dynamic" target-loader
	[ "$status" -eq 0 ]
	# unshare --root: the new root's loader, the same rule
	mkdir -p "$TEST_DIR/root/proc" "$TEST_DIR/root${loader%/*}"
	cp "$SEIZE" "$TEST_DIR/root$loader"
	run --separate-stderr "$BIN/unshare" -R "$TEST_DIR/root" --host-exec "$dynamic" target-loader
	[ "$status" -eq 126 ]
	[ "$stderr" = "unshare: $dynamic is dynamically linked: its loader $loader would come from the target and run with our privileges; $advice" ]
	# (--mount-proc: TOMOYO before 6.1 finds the program through /proc there)
	run --separate-stderr "$BIN/unshare" -R "$TEST_DIR/root" --mount-proc --unsafe-target-loader "$dynamic" target-loader
	[ "$status" -eq 42 ]
	# a script: its interpreter is looked up where it runs; refused even
	# when told to trust the target (a close-on-exec fd cannot run one)
	printf '#!/bin/sh\necho ran\n' > "$TEST_DIR/script"
	chmod 755 "$TEST_DIR/script"
	for how in "-m --host-exec" "-m --unsafe-target-loader" "-u --host-exec"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$BIN/nsenter" -t "$TARGET" $how "$TEST_DIR/script"
		[ "$status" -eq 126 ]
		[ "$stderr" = "nsenter: $TEST_DIR/script is a script: its interpreter would be looked up inside the target and run with our privileges; give a static shell the script on stdin instead (--host-exec busybox sh -s ARGS < $TEST_DIR/script)" ]
	done
	# ELF headers from anyone: another machine, another class and byte
	# order, offsets past any file, the most program headers, a wrong
	# header size, a loader past the end, a cut header: one line, 126
	machine=$(od -An -tu2 -j18 -N2 "$SEIZE" | tr -d ' ')
	other=$((machine == 183 ? 62 : 183))
	elf64 "$other" 64 56 1 1 0 0 > "$TEST_DIR/foreign"
	printf '\177ELF\001\002\001' > "$TEST_DIR/be32"
	head -c 60 /dev/zero >> "$TEST_DIR/be32"
	elf64 "$machine" $((1 << 63)) 56 1 > "$TEST_DIR/far"
	elf64 "$machine" 64 56 65535 1 0 0 > "$TEST_DIR/many"
	elf64 "$machine" 64 57 1 1 0 0 > "$TEST_DIR/entsize"
	printf '\177ELF\002\001' > "$TEST_DIR/cut"
	for f in foreign be32 far many entsize cut; do
		chmod 755 "$TEST_DIR/$f"
		run --separate-stderr "$BIN/nsenter" -t "$TARGET" -u --host-exec "$TEST_DIR/$f"
		echo "$f: $status $stderr"
		[ "$status" -eq 126 ]
		[ "$stderr" = "nsenter: $TEST_DIR/$f is not a static program for this machine: the target could choose what runs it, with our privileges; $advice" ]
	done
	# a loader name with a control byte, escaped (the header is ELF64: a
	# 32-bit build rightly finds it not its own, above)
	[ "$(od -An -tu1 -j4 -N1 "$SEIZE" | tr -d ' ')" = 2 ] || return 0
	elf64 "$machine" 64 56 1 3 $((1 << 62)) 28 > "$TEST_DIR/interp"
	chmod 755 "$TEST_DIR/interp"
	run --separate-stderr "$BIN/nsenter" -t "$TARGET" -m --host-exec "$TEST_DIR/interp"
	[ "$status" -eq 126 ]
	[ "$stderr" = "nsenter: $TEST_DIR/interp is dynamically linked: its loader ? would come from the target and run with our privileges; $advice" ]
}

@test "trust: a cgroup path a target chose is escaped in nsenter -c's message, as the table escapes it" {
	need_root
	need_sys_unshare
	SPAWN_SETUP= spawn "$SYS_UNSHARE" -u
	# A container names its cgroup (ESC, BEL, bytes that are not UTF-8 are
	# legal there). The target's cgroup file is replaced in a mount
	# namespace of our own: no cgroup v2 host, no real cgroup needed.
	printf '0::/evil\033]0;owned\a\033[2J\377\303\251\n' > "$TEST_DIR/cgroup"
	run --separate-stderr "$SYS_UNSHARE" -m --propagation private sh -c \
		'mount --bind "$1" "/proc/$2/cgroup" && exec "$3" -t "$2" -c -u true' \
		sh "$TEST_DIR/cgroup" "$TARGET" "$BIN/nsenter"
	echo "$stderr"
	[ "$status" -eq 1 ]
	[ "$stderr" = 'nsenter: cannot open /sys/fs/cgroup/evil\x1b]0;owned\x07\x1b[2J\xffé/cgroup.procs: No such file or directory' ]
	# the same bytes without UTF-8: every non-ASCII byte too, as in the table
	run --separate-stderr env LC_ALL=C "$SYS_UNSHARE" -m --propagation private sh -c \
		'mount --bind "$1" "/proc/$2/cgroup" && exec "$3" -t "$2" -c -u true' \
		sh "$TEST_DIR/cgroup" "$TARGET" "$BIN/nsenter"
	[ "$stderr" = 'nsenter: cannot open /sys/fs/cgroup/evil\x1b]0;owned\x07\x1b[2J\xff\xc3\xa9/cgroup.procs: No such file or directory' ]
}

# ---- issue 21 (trust, round 2): what another user controls cannot stall,
# ---- flood, hide from or forge lsns and nsid's HOLDER
# tests/helpers/hostile does what the unprivileged user does (nobody).

HOSTILE=$(cd "$BATS_TEST_DIRNAME" && pwd)/helpers/hostile

# hostile_start OUT CMD ARGS...: run `hostile CMD ARGS... OUT` as nobody
# and wait until it has written OUT; HOSTILE_PID is its pid. Skips, with
# the helper's reason, where the system lacks what it needs.
hostile_start() {	# (HOSTILE_AS=root: as root, not nobody)
	local out=$1 i
	shift
	[ -x "$HOSTILE" ] || skip "no hostile helper (make tests/helpers/hostile)"
	# (setpriv execs the helper: $! is its pid, for teardown)
	if [ "${HOSTILE_AS:-}" = root ]; then
		"$HOSTILE" "$@" "$out" 2> "$out.err" 3>&- &
	else
		setpriv --reuid=65534 --regid=65534 --clear-groups "$HOSTILE" "$@" "$out" 2> "$out.err" 3>&- &
	fi
	HOSTILE_PID=$!
	disown "$HOSTILE_PID"
	track "$HOSTILE_PID"
	for i in $(seq 6000); do
		[ -e "$out" ] && return 0
		kill -0 "$HOSTILE_PID" 2>/dev/null || break
		sleep 0.05
	done
	[ -e "$out" ] && return 0
	! grep -q "hostile: lacks:" "$out.err" || skip "$(cat "$out.err")"
	cat "$out.err" >&2
	return 1
}

# The value of KEY=N in a `hostile measure` line.
measured() { sed -n "s/^measure: .*$1=\([0-9]*\).*/\1/p" <<< "$2"; }

# A FIFO's readers stuck in open (an lsns that opens it) get a writer.
fifo_unstick() {
	local fd
	[ -p "$1" ] || return 0
	exec {fd}<>"$1"
	exec {fd}>&-
}

@test "a FIFO swapped in for a namespace fd, over and over: lsns and nsid -o HOLDER never open it (no hang)" {
	need_root
	need_setpriv
	hostile_start "$TEST_DIR/fifo.out" fifoswap 48 "$TEST_DIR"
	# the race is lsns's, between its look at an fd and its open of it: a
	# window of microseconds, widened where strace can (10 ms after each
	# look at the helper's fds), so that an open after the look is met
	local failed= widen=()
	if command -v strace >/dev/null && strace -qq -o /dev/null -e inject=statx:delay_exit=1 true 2>/dev/null; then
		widen=(env "ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0" strace -f -qq -o /dev/null
		       -P "/proc/$HOSTILE_PID/fd" -e trace=statx -e inject=statx:delay_exit=10000)
	fi
	for round in widened plain plain; do
		for cmd in "lsns -t uts" "lsns -t uts -o NS,ID,UID,HOLDER" "nsid -o TYPE,ID,HOLDER"; do
			pre=()
			[ "$round" = plain ] || pre=("${widen[@]}")
			[ "$round" = plain ] || [ ${#pre[@]} -gt 0 ] || continue
			# shellcheck disable=SC2086
			run --separate-stderr timeout 30 "${pre[@]}" "$BIN/"$cmd
			[ "$status" -eq 0 ] || failed="$failed; $round $cmd: $status $stderr"
		done
	done
	# every namespace the helper made is listed (the fds it swaps from
	# hold each one all along)
	run --separate-stderr timeout 30 "$BIN/lsns" -t uts -n -o NS
	# before any assertion: an lsns of another build that this test made
	# wait in an open of the FIFO gets a writer (once the helper is gone,
	# none can start to wait)
	kill -KILL "$HOSTILE_PID"
	wait_gone "$HOSTILE_PID"
	fifo_unstick "$TEST_DIR/fifo"
	sleep 0.2
	fifo_unstick "$TEST_DIR/fifo"
	echo "failed: $failed"
	[ -z "$failed" ]	# 124: stuck in an open of the FIFO
	[ "$status" -eq 0 ]
	[ -z "$(comm -23 <(sort "$TEST_DIR/fifo.out") <(tr -d ' ' <<< "$output" | sort))" ]
}

# fuse_node: $TEST_DIR/fuse, a /dev/fuse node anyone may use (the host's
# may be 0600; this one is gone with the test's directory), and an empty
# $TEST_DIR/mnt to mount on. Skips where there is no FUSE.
fuse_node() {
	[ -c /dev/fuse ] || skip "no /dev/fuse (FUSE is not available)"
	mknod -m 666 "$TEST_DIR/fuse" c "$(stat -c '%t' /dev/fuse | sed 's/^/0x/' | xargs printf %d)" \
		"$(stat -c '%T' /dev/fuse | sed 's/^/0x/' | xargs printf %d)"
	mkdir -m 777 "$TEST_DIR/mnt"
}

@test "a file on its owner's FUSE mount swapped in for a socket: lsns never closes it (no D-state hang)" {
	need_root
	need_setpriv
	fuse_node
	hostile_start "$TEST_DIR/fuse.out" fuseswap "$TEST_DIR/fuse" "$TEST_DIR/mnt" 16
	track "$(cat "$TEST_DIR/fuse.out")"	# the FUSE server
	local hung=
	for cmd in "lsns" "lsns -t net -o NS,NPROCS,HOLDER" "nsid -o TYPE,HOLDER" "lsns"; do
		# shellcheck disable=SC2086
		"$BIN/"$cmd > "$TEST_DIR/out" 2>&1 3>&- &
		pid=$!
		for i in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
		if kill -0 "$pid" 2>/dev/null; then
			hung="$cmd: state $(awk '{print $3}' "/proc/$pid/stat")"
			# ending the server aborts the connection: the FLUSH ends
			kill -KILL "$HOSTILE_PID" "$(cat "$TEST_DIR/fuse.out")"
			wait "$pid"
			break
		fi
		wait "$pid"
		status=$?
		[ "$status" -eq 0 ] || { cat "$TEST_DIR/out"; hung="$cmd: exit $status"; break; }
	done
	echo "hung: $hung"
	[ -z "$hung" ]
}

@test "trust: nsenter --mount-proc never looks DIR up in a target's FUSE mount that answers no lookup (no D-state hang)" {
	need_root
	need_setpriv
	fuse_node
	# a container's root that is host root (unshare -Ur: 0 maps to 0),
	# with a FUSE mount of its own open to whoever enters (allow_other)
	HOSTILE_AS=root hostile_start "$TEST_DIR/stall.out" fusestall "$TEST_DIR/fuse" "$TEST_DIR/mnt"
	server=$(cat "$TEST_DIR/stall.out")
	track "$server"
	# DIR's last step is a lookup in the FUSE mount (never answered)
	"$BIN/nsenter" -t "$server" -U -m --mount-proc="$TEST_DIR/mnt/proc" true > "$TEST_DIR/out" 2>&1 3>&- &
	pid=$!
	for i in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
	state=
	if kill -0 "$pid" 2>/dev/null; then
		state=$(awk '{print $3}' "/proc/$pid/stat")
		# ending the server aborts the connection: the lookup ends
		kill -KILL "$HOSTILE_PID" "$server"
	fi
	wait "$pid" && status=0 || status=$?
	cat "$TEST_DIR/out"
	if [ -n "$state" ] && ! grep -q "is not in the kernel's cache" "$TEST_DIR/out"; then
		# (before 5.12 openat2 has no RESOLVE_CACHED: SECURITY.md's limit)
		python3 -c '
import ctypes, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
how = ctypes.create_string_buffer(struct.pack("QQQ", 0o10000000, 0, 0x20))  # O_PATH, RESOLVE_CACHED
sys.exit(libc.syscall(437, -100, b"/", how, 24) >= 0)' &&
			skip "no RESOLVE_CACHED (Linux 5.12+): the walk may wait on FUSE (a known limit)"
	fi
	[ -z "$state" ]
	[ "$status" -eq 1 ]
	[ "$(cat "$TEST_DIR/out")" = "nsenter: --mount-proc: $TEST_DIR/mnt/proc is not in the kernel's cache (or its file system checks each lookup: FUSE, 9p, NFS), and nsenter does not ask a target's file system" ]
}

@test "30,000 stacked nsfs bind mounts in another user's mount namespace: a capped read, in budget (3 s of CPU, 32 MiB)" {
	need_root
	need_setpriv
	n=$(scaled 30000)
	hostile_start "$TEST_DIR/stack.out" stack "$n" "$TEST_DIR/stack"
	mntns=$(ns_ino "$HOSTILE_PID" mnt)
	uts=$(ns_ino "$HOSTILE_PID" uts)
	for cmd in "lsns" "lsns -o +HOLDER" "nsid -o HOLDER"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$HOSTILE" measure timeout 120 "$BIN/"$cmd
		echo "$cmd: $status: ${stderr//$'\n'/ | }"
		[ "$status" -eq 0 ]
		# the namespace is named once, when the cap is hit
		[ "$(grep -c "mnt:\[$mntns\]: its mount table is longer than" <<< "$stderr")" -eq "$((n > 10000))" ]
		# the budget is the release build's (the sanitizers' shadow memory
		# and checks are not lsns's cost); CPU time, not wall time: what
		# lsns does, whatever else the machine does meanwhile
		if ! is_asan; then
			[ "$(measured maxrss_kb "$stderr")" -le 32768 ]
			# (CPU time under qemu-system's emulation is not this machine's)
			[ -n "${NSBOX_VM:-}" ] || [ "$(measured cpu_ms "$stderr")" -le 3000 ]
		fi
	done
	# the stack is one mount in HOLDER, in every format
	run --separate-stderr "$BIN/lsns" -n -o NS,HOLDER -t uts
	grep -qx " *$uts 1 process, mount $TEST_DIR/stack in mnt:\[$mntns\]" <<< "$output"
	run --separate-stderr "$BIN/lsns" -J -o NS,HOLDER -t uts
	python3 -c '
import json, sys
rows = {r["ns"]: r["holder"] for r in json.load(sys.stdin)["namespaces"]}
assert rows['"$uts"'] == ["1 process", "mount '"$TEST_DIR"'/stack in mnt:['"$mntns"']"], rows['"$uts"']' <<< "$output"
}

@test "two users' 10,500 uts namespaces each, held by fds: root's lsns prints every row, below the fd limit too" {
	need_root
	need_setpriv
	n=$(scaled 10500)
	hostile_start "$TEST_DIR/flood1.out" nsflood "$n"
	hostile_start "$TEST_DIR/flood2.out" nsflood "$n"
	sort -u "$TEST_DIR/flood1.out" "$TEST_DIR/flood2.out" > "$TEST_DIR/want"
	echo "$(wc -l < "$TEST_DIR/want") namespaces"
	[ "$(wc -l < "$TEST_DIR/want")" -ge $((n / 2)) ]
	# (counted, not printed: the output is large)
	out=$(timeout 120 "$BIN/lsns" -t uts -n -o NS 2> "$TEST_DIR/err")
	says_nothing "$TEST_DIR/err"
	[ -z "$(comm -23 "$TEST_DIR/want" <(tr -d ' ' <<< "$out" | sort))" ]
	# an fd limit far below the number of namespaces: every row still, and
	# every row's ID (each reopened through the fd that holds it, then
	# closed), where the kernel has ids
	out=$(ulimit -n 1024 && timeout 120 "$BIN/lsns" -t uts -n -o NS,ID 2> "$TEST_DIR/err")
	says_nothing "$TEST_DIR/err"
	[ -z "$(comm -23 "$TEST_DIR/want" <(awk '{print $1}' <<< "$out" | sort))" ]
	if [ -n "$("$BIN/lsns" -n -o ID -t uts -p $$ | tr -d " ")" ]; then
		[ -z "$(comm -23 "$TEST_DIR/want" <(awk 'NF == 2 {print $1}' <<< "$out" | sort))" ]
	fi
	# a limit that leaves lsns almost nothing: the rows it can, one
	# warning, the exit status of a listing (not in the sanitizer build:
	# LeakSanitizer's check at exit needs fds the limit does not leave)
	if ! is_asan; then
		run --separate-stderr sh -c 'ulimit -n 6 && exec "$0" -t uts -n -o NS,ID' "$BIN/lsns"
		echo "$stderr"
		[ "$status" -eq 0 ]
		[ "$stderr" = "lsns: the open-file limit (6) was reached: some rows may be missing or incomplete; raise it (ulimit -n)" ]
	fi
}

@test "a namespace bind-mounted where its mountinfo line is over 8 KiB is listed, with its whole mount point" {
	need_root
	need_sys_unshare
	# 9 directories of 250 spaces: 2,250 bytes of path, 9,000 of mountinfo
	dir=$TEST_DIR
	for i in $(seq 9); do dir="$dir/$(printf '%250s' '')"; done
	SPAWN_SETUP='mkdir -p "$D" && touch "$D/f" && unshare --uts="$D/f" true && stat -L -c %i "$D/f" > "$T/ns"' \
		spawn env D="$dir" T="$TEST_DIR" "$SYS_UNSHARE" -m --propagation private
	ns=$(cat "$TEST_DIR/ns")
	mntns=$(ns_ino "$TARGET" mnt)
	[ "$(grep -F "uts:[$ns]" "/proc/$TARGET/mountinfo" | wc -c)" -gt 8192 ]
	run --separate-stderr "$BIN/lsns" -t uts -n -o NS,NPROCS
	echo "$output" | grep -qxE " *$ns +0"
	run --separate-stderr "$BIN/lsns" -J -t uts -o NS,HOLDER
	python3 -c '
import json, sys
rows = {r["ns"]: r["holder"] for r in json.load(sys.stdin)["namespaces"]}
assert rows['"$ns"'] == ["mount " + sys.argv[1] + "/f in mnt:['"$mntns"']"], rows['"$ns"']' "$dir" <<< "$output"
}

@test "a mount point with 0x1f and ', ' in it is one HOLDER item, escaped as any cell: table, raw, JSON, nsid" {
	need_root
	need_sys_unshare
	forged=$'x\x1ffd 7 of pid 1 (systemd), fd 8 of pid 1 (systemd)'
	SPAWN_SETUP='touch "$F" && unshare --uts="$F" true && stat -L -c %i "$F" > "$T/ns"' \
		spawn env F="$TEST_DIR/$forged" T="$TEST_DIR" "$SYS_UNSHARE" -m --propagation private
	ns=$(cat "$TEST_DIR/ns")
	mntns=$(ns_ino "$TARGET" mnt)
	run --separate-stderr "$BIN/lsns" -n -o NS,HOLDER -t uts
	row=$(grep -E "^ *$ns " <<< "$output" | sed 's/^ *//')
	echo "$row"
	[ "$row" = "$ns mount $TEST_DIR/x\\x1ffd 7 of pid 1 (systemd)\\x2c fd 8 of pid 1 (systemd) in mnt:[$mntns]" ]
	run --separate-stderr "$BIN/lsns" -r -n -o NS,HOLDER -t uts
	grep -qxF "$ns mount\\x20$TEST_DIR/x\\x1ffd\\x207\\x20of\\x20pid\\x201\\x20(systemd)\\x2c\\x20fd\\x208\\x20of\\x20pid\\x201\\x20(systemd)\\x20in\\x20mnt:[$mntns]" <<< "$output"
	run --separate-stderr "$BIN/lsns" -J -o NS,HOLDER -t uts
	holder_is "$ns" "mount $TEST_DIR/$forged in mnt:[$mntns]"
	# nsid: the file, through the root of the process in that mount namespace
	run --separate-stderr "$BIN/nsid" -J -o NS,HOLDER "/proc/$TARGET/root$TEST_DIR/$forged"
	holder_is "$ns" "mount $TEST_DIR/$forged in mnt:[$mntns]"
}

# holder_is NS ITEM: $output, JSON, gives namespace NS the one HOLDER item ITEM.
holder_is() {
	python3 -c '
import json, sys
rows = {r["ns"]: r["holder"] for r in json.load(sys.stdin)["namespaces"]}
assert rows[int(sys.argv[1])] == [sys.argv[2]], rows[int(sys.argv[1])]' "$1" "$2" <<< "$output"
}

# ---- issue 21, finding 9: CONTAINER only where each runtime puts its
# containers (the top of the cgroup tree, which only root can write); a
# delegated subtree, or a cgroup a container makes inside its own, names
# no container of its choosing.

# forged_cgroups ROOT ID PID: as nobody, with a subtree delegated to it as
# systemd delegates user@65534.service, make the runtimes' names inside
# it and move PID through them, printing CONTAINER at each; then a name
# nested inside a real container's cgroup. Removes what it made.
forged_cgroups() {
	local root=$1 id=$2 pid=$3 made=() dir part
	cleanup() {
		echo "$pid" > "$root/cgroup.procs" 2>/dev/null || true
		local i
		for ((i = ${#made[@]} - 1; i >= 0; i--)); do rmdir "${made[i]}" 2>/dev/null || true; done
	}
	trap cleanup EXIT
	mkcg() {	# mkcg PATH [OWNER]: each missing part, recorded
		dir=$root
		local IFS=/
		for part in $1; do
			dir=$dir/$part
			[ -d "$dir" ] && continue
			${2:+as_nobody} mkdir "$dir"
			made+=("$dir")
		done
	}
	local deleg=user.slice/user-65534.slice/user@65534.service
	mkcg "$deleg"
	chown -R 65534:65534 "$root/$deleg"
	echo "$pid" > "$root/$deleg/cgroup.procs"
	for forged in "docker-$id.scope" "system.slice/docker-$id.scope" "docker/$id" \
		"lxc.payload.evil" "machine.slice/machine-evil.scope" "machine.slice/libpod-$id.scope" \
		"kubepods.slice/kubepods-pod1234.slice/cri-containerd-$id.scope"; do
		mkcg "$deleg/$forged" nobody
		as_nobody sh -c 'echo "$1" > "$2/cgroup.procs"' sh "$pid" "$dir"
		echo "$forged=[$("$BIN/nsid" -n -r -o CONTAINER -t uts "$pid")]"
		echo "$forged=[$("$BIN/lsns" -n -r -o CONTAINER -t uts -p "$pid")]"
	done
	# a container that makes a cgroup named after another one
	mkcg "system.slice/docker-$id.scope/docker-${id//a/b}.scope"
	echo "$pid" > "$dir/cgroup.procs"
	echo "nested=[$("$BIN/nsid" -n -r -o CONTAINER -t uts "$pid")]"
}

@test "CONTAINER: a delegated user subtree's docker-<64 hex>.scope (and every other runtime's name) is no container" {
	need_root
	need_sys_unshare
	need_setpriv
	root=$(awk '$0 ~ / - cgroup2 / { print $5; exit }' /proc/self/mountinfo)
	[ -n "$root" ] || skip "no cgroup v2 hierarchy to delegate a subtree of"
	SPAWN_SETUP= spawn as_nobody "$SYS_UNSHARE" -Ur -u
	id=$(printf 'a%063x' $$)
	run forged_cgroups "$root" "$id" "$TARGET"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(grep -c '=\[\]$' <<< "$output")" -eq 14 ]
	grep -qx "nested=\[docker:${id:0:12}\]" <<< "$output"
}

@test "trust: --host-exec into a mount namespace by file (--mount=FILE) refuses a dynamic program too: the loader would be that namespace's" {
	need_root
	need_sys_unshare
	dynamic=$(type -P true)
	command -v readelf >/dev/null || skip "readelf (binutils) is not installed"
	readelf -l "$dynamic" | grep -q 'interpreter:' || skip "$dynamic is not dynamically linked here"
	: > "$TEST_DIR/mnt"
	"$SYS_UNSHARE" --mount="$TEST_DIR/mnt" true
	track_mount "$TEST_DIR/mnt"
	run --separate-stderr "$BIN/nsenter" --mount="$TEST_DIR/mnt" --host-exec "$dynamic"
	echo "$stderr"
	[ "$status" -eq 126 ]
	[[ "$stderr" == "nsenter: $dynamic is dynamically linked: its loader "*" would come from the target and run with our privileges; "* ]]
	# told to trust it: it runs (this namespace's loader is the host's copy)
	run "$BIN/nsenter" --mount="$TEST_DIR/mnt" --unsafe-target-loader "$dynamic"
	[ "$status" -eq 0 ]
	# a root nsenter cannot see is no root of ours either: unshare -R DIR
	# that does not exist fails, never runs a loader from there
	run "$BIN/unshare" -R "$TEST_DIR/none" --host-exec "$dynamic"
	[ "$status" -ne 0 ]
}
