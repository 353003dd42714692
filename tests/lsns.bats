#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# lsns: byte-for-byte util-linux output where it can see the same rows, the
# namespaces it cannot see, filters, and robustness under churn.

load helpers/common

setup() {
	common_setup
	export LC_ALL=C.UTF-8
}
teardown() { common_teardown; }

need_sys_lsns() {
	[ -n "$SYS_LSNS" ] || skip "util-linux lsns is not installed"
	sys_lsns_is_238 || skip "util-linux is not 2.38 ($("$SYS_LSNS" --version)): its lsns output differs by design"
}

# Namespaces without processes are rows util-linux 2.38.1 cannot see: the
# comparisons run in the test's world (world_start), which has none but
# those the test makes; this says so before comparing.
no_procless() {
	run in_world "$BIN/lsns" -P -n -o NS "$@"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

# Ours and util-linux's output, both run in the test's world, are the same
# bytes, with the same exit status.
same_as_util() {
	OURS=$(in_world "$BIN/lsns" "$@" 2>&1) && OURS_RC=0 || OURS_RC=$?
	THEIRS=$(in_world "$SYS_LSNS" "$@" 2>&1) && THEIRS_RC=0 || THEIRS_RC=$?
	[ "$OURS" = "$THEIRS" ] && [ "$OURS_RC" = "$THEIRS_RC" ] && return 0
	echo "lsns $* differs (ours rc $OURS_RC, util-linux rc $THEIRS_RC):"
	diff <(echo "$THEIRS") <(echo "$OURS")
	return 1
}

# A container (new pid, mount, uts, ipc, net and cgroup namespaces) in a
# new world: CONTAINER is its process's pid, CPID the world's pid for it.
spawn_container() {
	need_root
	need_sys_unshare
	world_start
	SPAWN_SETUP='hostname tgt' spawn in_world "$SYS_UNSHARE" -fpmuniC --mount-proc --kill-child
	CONTAINER=$TARGET
	CPID=$(world_pid "$CONTAINER")
}

# A sleep named NAME (its argv[0]) in new uts and ipc namespaces of a new
# world: PID is its pid as the world knows it, WIDTH the PID column's.
spawn_named() {
	local name=$1 enter i
	world_start
	in_world "$SYS_UNSHARE" -u -i perl -e 'exec {"sleep"} $ARGV[0], "300"' "$name" 3>&- &
	enter=$!
	disown "$enter"
	track "$enter"
	for ((i = 0; i < 500; i++)); do
		pid=$(deepest "$enter")
		[[ "$(tr '\0' ' ' 2>/dev/null < /proc/$pid/cmdline)" == "$name 300"* ]] && break
		sleep 0.02
	done
	pid=$(world_pid "$pid")
	width=$((${#pid} > 3 ? ${#pid} : 3))	# (as wide as the header at least)
}

@test "same output as util-linux: default, -l, -r, -n, -J, in UTF-8 and C locales" {
	need_sys_lsns
	spawn_container
	no_procless
	for locale in C.UTF-8 C; do
		for args in "" "-l" "-r" "-n" "-J" "-u"; do
			# shellcheck disable=SC2086
			LC_ALL=$locale same_as_util $args
		done
	done
	# the container's pid namespace nests under its unshare's row
	run in_world "$BIN/lsns"
	[[ "$output" == *"└─sleep 300"* ]]
}

@test "same output as util-linux: each -t, -o lists, +LIST, --output-all columns" {
	need_sys_lsns
	spawn_container
	no_procless
	for t in mnt net pid uts ipc user cgroup time; do
		same_as_util -t "$t"
	done
	same_as_util -t uts -o NS,TYPE,PATH,NPROCS,PID,PPID,COMMAND,UID,USER,NETNSID,NSFS,PNS,ONS
	same_as_util -t net -o NS,TYPE,PATH,NPROCS,PID,PPID,COMMAND,UID,USER,NETNSID,NSFS,PNS,ONS
	same_as_util -o +PATH,PPID -t pid
	same_as_util -J -l -o NS,TYPE,PATH,NPROCS,PID,PPID,COMMAND,UID,USER,NETNSID,NSFS,PNS,ONS -t pid
	same_as_util -r -o ns,type,pns,ons -t user
}

@test "same output as util-linux: -p, a namespace argument, -T owner|parent|process" {
	need_sys_lsns
	spawn_container
	no_procless
	same_as_util -p "$CPID"
	same_as_util -J -p "$CPID" -t pid -t uts
	same_as_util -p 2147483646
	same_as_util "$(ns_ino "$CONTAINER" uts)"
	same_as_util -l "$(ns_ino "$CONTAINER" uts)"
	same_as_util -o +NS,TYPE "$(ns_ino "$CONTAINER" pid)"
	for tree in -T -Tparent -Towner -Tprocess --tree=parent; do
		same_as_util "$tree"
		same_as_util -J "$tree"
		same_as_util -r "$tree"
		same_as_util "$tree" -t pid
		same_as_util "$tree" -t user -t pid -o NS,TYPE,NPROCS,PID,USER
	done
}

@test "nested user namespaces: owner and parent trees as util-linux draws them" {
	need_sys_lsns
	need_root
	need_sys_unshare
	world_start
	spawn in_world "$SYS_UNSHARE" -r "$SYS_UNSHARE" -r -fp --kill-child
	no_procless
	for tree in -T -Tparent; do
		same_as_util "$tree" -t user
		same_as_util "$tree" -t pid
		same_as_util "$tree" -t user -t net -o NS,TYPE,NPROCS,PID,PNS,ONS
	done
	# the target's user namespace is two levels down, under the world's,
	# and the last (only) child of the middle one
	run in_world "$BIN/lsns" -T -t user -o NS -n
	echo "$output"
	[ "${lines[0]}" = "$(ns_ino "$WORLD" user)" ]
	[[ "${lines[1]}" =~ ^└─[0-9]+$ ]]
	[ "${lines[2]}" = "  └─$(ns_ino "$TARGET" user)" ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "errors and exit codes as util-linux" {
	expect_errors "$BIN/lsns" "$SYS_LSNS" <<EOF
-t bogus|lsns: unknown namespace type: bogus
-o BOGUS|lsns: unknown column: BOGUS
-p abc|lsns: invalid PID argument: 'abc'
abc|lsns: invalid namespace argument: 'abc'
12345|lsns: not found namespace: 12345
-p 1 12345|lsns: --task is mutually exclusive with <namespace>
-Tbogus|lsns: unknown tree type: bogus
--bogus|$BIN/lsns: unrecognized option '--bogus'
--t|$BIN/lsns: option '--t' is ambiguous; possibilities: '--task' '--type' '--tree'
EOF
	run --separate-stderr "$BIN/lsns" -o "$(printf 'NS,%.0s' $(seq 29))"
	[ "$status" -eq 1 ]
	[ "$stderr" = "lsns: too many columns specified, the limit is 28 columns" ]
	run --separate-stderr "$BIN/lsns" -J -r
	[ "$status" -eq 1 ]
	[ "$stderr" = "lsns: options --json and --raw cannot be combined" ]
	# a task that does not exist: nothing at all, exit 0
	run --separate-stderr "$BIN/lsns" -p 2147483646
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run "$BIN/lsns" -J -p 2147483646
	[ "$(echo "$output" | tr -d ' \n')" = '{"namespaces":[]}' ]
}

@test "namespaces without processes: bind mounts (NSFS), open fds; -P lists only those" {
	need_root
	need_sys_unshare
	spawn "$SYS_UNSHARE" -n
	netpid=$TARGET
	netns=$(ns_ino "$netpid" net)
	spawn "$SYS_UNSHARE" -u
	utspid=$TARGET
	utsns=$(ns_ino "$utspid" uts)
	touch "$TEST_DIR/netfile"
	# in a private mount namespace: bind the net one, hold the uts one by
	# fd 7, end both processes, then look
	run "$SYS_UNSHARE" -m sh -c "mount --bind /proc/$netpid/ns/net '$TEST_DIR/netfile' &&
		exec 7</proc/$utspid/ns/uts && kill -KILL $netpid $utspid &&
		for i in \$(seq 400); do
			readlink /proc/$netpid/ns/net /proc/$utspid/ns/uts >/dev/null 2>&1 || break
			sleep 0.05
		done &&
		'$BIN/lsns' -P -o NS,TYPE,NPROCS,PID,USER,NSFS -t net -t uts &&
		'$BIN/lsns' $utsns && echo no-process-rows"
	echo "$output"
	[ "$status" -eq 0 ]
	# a namespace argument with no process in it: nothing, exit 0 (as util-linux 2.41+)
	[ "${lines[-1]}" = no-process-rows ]
	[[ "${lines[-2]}" != *PID* ]]
	echo "$output" | grep -E "^ *$netns net +0 +root $TEST_DIR/netfile$"
	echo "$output" | grep -E "^ *$utsns uts +0 +root *$"
	# -P shows no namespace that has a process (stdout: the host's other
	# processes may earn a warning, such as a mount table too long to read)
	run --separate-stderr "$BIN/lsns" -P -n -o NPROCS
	[ -z "$(echo "$output" | tr -d ' 0\n')" ]
}

@test "a network namespace held only by a socket" {
	start_socket_holder
	ino=$(echo "$HOLDER_NETNS" | tr -dc 0-9)
	run "$BIN/lsns" -t net -n -o NS,NPROCS
	echo "$output"
	echo "$output" | grep -E "^ *$ino +0$"
}

@test "mount namespaces that no process and no visible mount hold (NS_MNT_GET_NEXT)" {
	need_root
	need_sys_unshare
	"$CORETEST" has mnt-next || skip "this kernel (or its seccomp filter) has no NS_MNT_GET_NEXT (Linux 6.12+)"
	# a mount namespace bound to a file inside another private mount
	# namespace: not in our mountinfo, in no process
	mkdir "$TEST_DIR/m"
	# (one CPU: 6.18 hands out mount namespace ids in per-CPU batches, and
	# its loop check then refuses some binds with EINVAL)
	command -v taskset >/dev/null || skip "taskset is not installed"
	SPAWN_SETUP="mount -t tmpfs t '$TEST_DIR/m' && touch '$TEST_DIR/m/f' && '$BIN/unshare' --mount='$TEST_DIR/m/f' true" \
		spawn taskset -c 0 "$SYS_UNSHARE" -m
	# (the bind mount on $TEST_DIR/m/f: the copy of the host's mounts may
	# have others' too)
	ino=$(grep " $TEST_DIR/m/f " "/proc/$TARGET/mountinfo" | grep -o 'mnt:\[[0-9]*\]' | tr -dc 0-9)
	[ -n "$ino" ]
	run grep -c "mnt:\[$ino\]" /proc/self/mountinfo
	[ "$output" = 0 ]
	run "$BIN/lsns" -t mnt -n -o NS,NPROCS
	echo "$output"
	echo "$output" | grep -E "^ *$ino +0$"
}

@test "ID is the namespace's 64-bit id (as nsid prints it), empty before Linux 6.18" {
	run "$BIN/lsns" -t uts -o NS,ID -n -p $$
	[ "$status" -eq 0 ]
	read -r ns id <<< "$output"
	[ "$ns" = "$(ns_ino $$ uts)" ]
	[ "${id:-}" = "$("$BIN/nsid" -o ID -n -t uts $$ | tr -d ' ')" ]
}

@test "-Q filters: comparisons, regex, && || ! ( ), numbers; errors point at the problem" {
	spawn_container
	# the container's unshare is the lowest pid of its new namespaces but pid
	parent=$(world_pid "$(awk '{print $4}' "/proc/$CONTAINER/stat")")
	run in_world "$BIN/lsns" -n -o TYPE -Q "PID == $parent"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | sort | paste -sd' ')" = "cgroup ipc mnt net uts" ]
	run in_world "$BIN/lsns" -n -o TYPE,PID -Q "PID == $parent && (TYPE == 'uts' || TYPE eq \"ipc\")"
	[ "$(echo "$output" | awk '{print $1}' | sort | paste -sd' ')" = "ipc uts" ]
	run in_world "$BIN/lsns" -n -o NS -Q "COMMAND =~ '^$SYS_UNSHARE -f.*--kill-child .*$TEST_DIR/' && !(TYPE != 'net')"
	[ "$output" = "$(ns_ino "$CONTAINER" net)" ]
	run in_world "$BIN/lsns" -n -o NS -Q "NPROCS > 1000000"
	[ -z "$output" ]
	# (a namespace that is there on every kernel: the container's net)
	net=$(ns_ino "$CONTAINER" net)
	run in_world "$BIN/lsns" -n -o NS -Q "NS >= $net and NS <= $net"
	[ "$(echo "$output" | tr -d ' ')" = "$net" ]
	# !~ keeps the world's pid namespace and drops the container's (whose
	# one process is the sleep); =~ the other way round
	run in_world "$BIN/lsns" -n -o NS -t pid -Q "COMMAND !~ '^sleep'"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tr -d ' ')" = "$(ns_ino "$WORLD" pid)" ]
	run in_world "$BIN/lsns" -n -o NS -t pid -Q "COMMAND =~ '^sleep'"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tr -d ' ')" = "$(ns_ino "$CONTAINER" pid)" ]
	# a column used only by the filter need not be shown (the world's pid
	# namespace is the top one it can see)
	run in_world "$BIN/lsns" -n -o NS -Q "PNS == 0 && TYPE == 'pid'"
	[ "$(echo "$output" | tr -d ' ')" = "$(ns_ino "$WORLD" pid)" ]
	while IFS='|' read -r expr message; do
		run --separate-stderr "$BIN/lsns" -Q "$expr"
		echo "$expr -> $status: $stderr"
		[ "$status" -eq 1 ]
		[ "$stderr" = "$message" ]
	done <<'EOF'
NPROCS >|lsns: failed to parse "NPROCS >": a column, number or string expected at position 9 (the end)
BOGUS == 1|lsns: failed to parse "BOGUS == 1": unknown column at position 1 ('BOGUS == 1')
(TYPE == 'net'|lsns: failed to parse "(TYPE == 'net'": ')' expected at position 15 (the end)
TYPE == 'net|lsns: failed to parse "TYPE == 'net": unterminated string at position 10 ('net')
TYPE =~ 'a('|lsns: failed to parse "TYPE =~ 'a('": bad regular expression 'a(': unmatched (
PID 1|lsns: failed to parse "PID 1": unexpected text at position 5 ('1')
EOF
}

@test "hostile process names stay escaped in every mode; JSON stays valid" {
	need_root
	need_sys_unshare
	command -v perl >/dev/null || skip "perl is not installed"
	spawn_named $'sp ace)(\\x\tnl\nbyte\xff\xc3\xa9'
	run in_world "$BIN/lsns" -t uts -o PID,COMMAND -n -Q "PID == $pid"
	[ "$output" = "$(printf '%*d %s' "$width" "$pid" 'sp ace)(\x5cx\x09nl\x0abyte\xffé 300')" ]
	LC_ALL=C run in_world "$BIN/lsns" -t uts -o PID,COMMAND -n -Q "PID == $pid"
	[ "$output" = "$(printf '%*d %s' "$width" "$pid" 'sp ace)(\x5cx\x09nl\x0abyte\xff\xc3\xa9 300')" ]
	run in_world "$BIN/lsns" -r -t uts -o PID,COMMAND -n -Q "PID == $pid"
	[ "$output" = "$pid sp\\x20ace)(\\x5cx\\x09nl\\x0abyte\\xff\\xc3\\xa9\\x20300" ]
	run in_world "$BIN/lsns" -J -t uts -o PID,COMMAND -Q "PID == $pid"
	echo "$output" | python3 -c "
import json, sys
rows = json.load(sys.stdin)['namespaces']
assert rows == [{'pid': $pid, 'command': 'sp ace)(\\\\x\\tnl\\nbyte\\u00ff\\u00e9 300'}], rows
"
	if [ -n "$SYS_LSNS" ] && [[ "$("$SYS_LSNS" --version)" == *" 2.38"* ]]; then
		same_as_util -t uts -o PID,COMMAND
		same_as_util -r -t uts -o PID,COMMAND
		LC_ALL=C same_as_util -t uts -o PID,COMMAND
	fi
}

@test "churn: lsns keeps exiting 0 with sane output while namespaces come and go" {
	need_root
	need_sys_unshare
	# a bounded churner: 150 short-lived processes in new namespaces
	(
		for i in $(seq 150); do
			"$SYS_UNSHARE" -fpmuni --kill-child sleep 0.0$((RANDOM % 9)) &
		done
		wait
	) 3>&- &
	churner=$!
	track "$churner"
	runs=0
	while kill -0 "$churner" 2>/dev/null && [ "$runs" -lt 200 ]; do
		# (stderr apart: a warning about what another process holds is
		# not the table this checks)
		run --separate-stderr "$BIN/lsns" -o NS,TYPE,NPROCS,PID,COMMAND
		[ -z "$stderr" ] || echo "lsns said: $stderr"
		[ "$status" -eq 0 ]
		[[ "${lines[0]}" == *"NS TYPE"* ]]
		[ "${#lines[@]}" -ge 9 ]
		run --separate-stderr "$BIN/lsns" -T -J
		[ "$status" -eq 0 ]
		echo "$output" | python3 -m json.tool > /dev/null
		runs=$((runs + 1))
	done
	wait "$churner"
	[ "$runs" -ge 1 ]
}

@test "-H lists every column; --help names every option and column" {
	run "$BIN/lsns" -H
	[ "$status" -eq 0 ]
	for col in NS TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS ID; do
		echo "$output" | grep -q "^$col "
	done
	run "$BIN/lsns" --help
	for opt in --json --list --noheadings --output --output-all --persistent --task --filter \
		--raw --notruncate --nowrap --type --tree --list-columns --help --version; do
		echo "$output" | grep -q -- "$opt"
	done
	for col in NS TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS ID; do
		echo "$output" | grep -qE "^ +$col  "
	done
}

@test "listns(2) is probed at run time; without it (before 6.19) lsns goes on quietly" {
	command -v strace >/dev/null || skip "strace is not installed"
	is_asan && skip "strace and the sanitizer runtime do not mix"
	run strace -f -o "$TEST_DIR/trace" "$BIN/lsns" -t uts -n -o NS
	[ "$status" -eq 0 ]
	echo "$output" | grep -q "$(ns_ino $$ uts)"
	grep -qE 'syscall_0x1d6|listns' "$TEST_DIR/trace"
}

@test "wide, zero-width and combining characters pad as util-linux pads them; U+2028 and unassigned planes are escaped" {
	need_root
	need_sys_unshare
	command -v perl >/dev/null || skip "perl is not installed"
	# two wide, a zero-width space, e and a combining acute, a line
	# separator, a wide emoji, a code point of unassigned plane 5: 4 + 0 +
	# 1 + 0 + 12 (\xe2\x80\xa8) + 2 + 16 (\xf1\x90\x80\x80) columns, and
	# ' 300': 39
	# (as bytes: bash turns \u escapes into UTF-8 only when its locale at
	# parse time is UTF-8, which bats's caller need not have set)
	name=$'\xe4\xb8\xad\xe6\x96\x87\xe2\x80\x8be\xcc\x81\xe2\x80\xa8\xf0\x9f\x99\x82\xf1\x90\x80\x80'
	spawn_named "$name"
	run in_world "$BIN/lsns" -t uts -o COMMAND,PID -Q "PID == $pid"
	[ "${lines[0]}" = "$(printf 'COMMAND%32s %*s' '' "$width" PID)" ]
	[ "${lines[1]}" = "$(printf '%s %*d' $'\xe4\xb8\xad\xe6\x96\x87\xe2\x80\x8be\xcc\x81\\xe2\\x80\\xa8\xf0\x9f\x99\x82\\xf1\\x90\\x80\\x80 300' "$width" "$pid")" ]
	# JSON carries the separator as it is, as util-linux's does
	run in_world "$BIN/lsns" -J -t uts -o COMMAND -Q "PID == $pid"
	[[ "$output" == *"\"command\": \"$name 300\""* ]]
	if [ -n "$SYS_LSNS" ] && sys_lsns_is_238; then
		same_as_util -t uts -o COMMAND,PID
		same_as_util -t uts -o NS,COMMAND,PID
		same_as_util -r -t uts -o COMMAND,PID
		same_as_util -J -t uts -o COMMAND,PID
		command -v script >/dev/null || return 0
		# cut on a terminal: a wide character that would cross the edge is
		# left out and the cell padded; some widths cut inside \xe2\x80\xa8
		for columns in 12 13 14 15 16 17 20 21 22 27 28 29 30; do
			for args in "-o COMMAND,PID" "-o NS,COMMAND,PID"; do
				script -qc "COLUMNS=$columns $WORLD_HELPER enter $WORLD $BIN/lsns -t uts $args" /dev/null > "$TEST_DIR/ours"
				script -qc "COLUMNS=$columns $WORLD_HELPER enter $WORLD $SYS_LSNS -t uts $args" /dev/null > "$TEST_DIR/theirs"
				cmp "$TEST_DIR/ours" "$TEST_DIR/theirs"
			done
		done
	fi
}

@test "on a terminal COMMAND is cut to its width, as util-linux cuts it; -u keeps it whole" {
	need_sys_lsns
	command -v script >/dev/null || skip "script (util-linux) is not installed"
	spawn_container
	no_procless -t uts
	# (the terminal is script's, lsns runs in the world)
	for args in "-t uts" "-t uts -u" "-t uts -o NS,COMMAND,PID"; do
		script -qc "COLUMNS=50 $WORLD_HELPER enter $WORLD $BIN/lsns $args" /dev/null > "$TEST_DIR/ours"
		script -qc "COLUMNS=50 $WORLD_HELPER enter $WORLD $SYS_LSNS $args" /dev/null > "$TEST_DIR/theirs"
		cat -A "$TEST_DIR/ours"
		cmp "$TEST_DIR/ours" "$TEST_DIR/theirs"
	done
	# and it was cut
	run awk '{ if (length($0) > 51) print }' "$TEST_DIR/ours"
	[ -z "$output" ]
	script -qc "COLUMNS=50 $WORLD_HELPER enter $WORLD $BIN/lsns -t uts -u" /dev/null > "$TEST_DIR/whole"
	run awk '{ if (length($0) > 51) n++ } END { print n + 0 }' "$TEST_DIR/whole"
	[ "$output" -ge 1 ]
}

@test "as an ordinary user: only what it may read, no error" {
	need_setpriv
	need_sys_unshare
	world_start
	spawn in_world "${NOBODY[@]}" "$SYS_UNSHARE" -r -u
	pid=$(world_pid "$TARGET")
	run in_world "${NOBODY[@]}" "$BIN/lsns" -o NS,TYPE,NPROCS,PID,USER
	echo "$output"
	[ "$status" -eq 0 ]
	# its own namespaces are there, owned by nobody
	echo "$output" | grep -E "^ *$(ns_ino "$TARGET" user) user +1 +$pid nobody$"
	echo "$output" | grep -E "^ *$(ns_ino "$TARGET" uts) uts +1 +$pid nobody$"
	# and no process of root's (the world's init) is counted where it may
	# not look
	run in_world "${NOBODY[@]}" "$BIN/lsns" -n -o PID -p 1
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run in_world "${NOBODY[@]}" "$BIN/lsns" -n -o NPROCS -t pid
	[ "$(echo "$output" | tr -d ' ')" = 2 ]	# the target and lsns itself
	if sys_lsns_is_238; then
		# (not PID: lsns itself is the lowest pid of the namespaces it sees)
		run in_world "${NOBODY[@]}" "$SYS_LSNS" -t uts -t user -t pid -o NS,TYPE,NPROCS,USER
		theirs=$output
		run in_world "${NOBODY[@]}" "$BIN/lsns" -t uts -t user -t pid -o NS,TYPE,NPROCS,USER
		[ "$output" = "$theirs" ]
	fi
}

# ---- what keeps a namespace alive (HOLDER), and namespaces no process is in

# The row of namespace $1 in lsns -r -n -o NS,NPROCS,HOLDER (args after),
# in the test's world if it has one.
holder_row() {
	local ino=$1 world=()
	shift
	[ -z "${WORLD:-}" ] || world=(in_world)
	"${world[@]}" "$BIN/lsns" -r -n -o NS,NPROCS,HOLDER "$@" | grep "^$ino "
}

@test "HOLDER: an fd opened through a bind mount, before and after the mount goes (ip netns delete)" {
	need_root
	need_sys_unshare
	bind_netns "$TEST_DIR/netns"
	SPAWN_SETUP="exec 7<'$TEST_DIR/netns'" spawn in_world
	holder=$(world_pid "$TARGET")
	run holder_row "$NETNS" -t net
	echo "$output"
	[ "$output" = "$NETNS 0 fd\\x207\\x20of\\x20pid\\x20$holder\\x20(sleep),\\x20mount\\x20$TEST_DIR/netns" ]
	run in_world "$BIN/lsns" -n -o NS,NSFS -t net
	echo "$output" | grep -qE "^ *$NETNS +$TEST_DIR/netns\$"
	in_world umount -l "$TEST_DIR/netns"	# as ip netns delete: detached
	# the link of fd 7 now reads "/": only the nsfs device tells
	[ "$(readlink "/proc/$TARGET/fd/7")" = / ]
	for args in "" "-t net" "-P"; do
		# shellcheck disable=SC2086
		run holder_row "$NETNS" $args
		echo "$args: $output"
		[ "$output" = "$NETNS 0 fd\\x207\\x20of\\x20pid\\x20$holder\\x20(sleep)" ]
	done
	run in_world "$BIN/lsns" -J -o NS,HOLDER -t net
	echo "$output" | python3 -c '
import json, sys
rows = {r["ns"]: r["holder"] for r in json.load(sys.stdin)["namespaces"]}
assert rows['"$NETNS"'] == ["fd 7 of pid '"$holder"' (sleep)"], rows['"$NETNS"']'
}

@test "HOLDER: a bind mount that exists only inside another mount namespace" {
	need_root
	need_sys_unshare
	# (in the test's world: a copy of the host's mounts would have others')
	world_start
	mkdir "$TEST_DIR/m"
	SPAWN_SETUP="mount -t tmpfs t '$TEST_DIR/m' && touch '$TEST_DIR/m/n' && '$SYS_UNSHARE' --net='$TEST_DIR/m/n' true" \
		spawn in_world "$SYS_UNSHARE" -m
	run grep -o 'net:\[[0-9]*\]' "/proc/$TARGET/mountinfo"
	[ "${#lines[@]}" -eq 1 ]
	netns=$(echo "$output" | tr -dc 0-9)
	run in_world grep -c "net:\[$netns\]" /proc/self/mountinfo
	[ "$output" = 0 ]
	for args in "" "-t net" "-P"; do
		# shellcheck disable=SC2086
		run holder_row "$netns" $args
		echo "$args: $output"
		[ "$output" = "$netns 0 mount\\x20$TEST_DIR/m/n\\x20in\\x20mnt:[$(ns_ino "$TARGET" mnt)]" ]
	done
	# NSFS lists our own mount namespace's mounts only, as util-linux
	run in_world "$BIN/lsns" -n -r -o NS,NSFS -t net
	echo "$output" | grep -qx "$netns "
}

@test "HOLDER: processes, a socket, pid_for_children, an owner with no process; hostile names stay escaped" {
	need_root
	need_sys_unshare
	# (in the test's world: any lsns elsewhere holds fds of every namespace
	# while it runs, and each would be a holder too)
	world_start
	# a socket in a namespace its process has left
	start_socket_holder
	sock_ns=${HOLDER_NETNS//[!0-9]/}
	run holder_row "$sock_ns" -t net
	echo "$output"
	# (python keeps the socket as fd 3 too)
	[ "$output" = "$sock_ns 0 socket\\x20fd\\x203\\x20of\\x20pid\\x20$HOLDER\\x20(python3),\\x20socket\\x20fd\\x205\\x20of\\x20pid\\x20$HOLDER\\x20(python3)" ]
	# a pid namespace made for children whose first child is gone, held
	# by a process with a hostile name
	evil=$'e\e]0;x\a"\x1f\\'
	ln -s "$(command -v sleep)" "$TEST_DIR/$evil"
	in_world "$SYS_UNSHARE" -p sh -c "$(type -P true); exec \"\$0\" 300" "$TEST_DIR/$evil" 3>&- &
	enter=$!
	disown "$enter"
	track "$enter"
	for ((i = 0; i < 500; i++)); do
		child=$(deepest "$enter")
		[ "$(cat "/proc/$child/comm" 2>/dev/null)" = "$evil" ] && break
		sleep 0.02
	done
	pidns=$(ns_ino "$child" pid_for_children)
	[ "$pidns" != "$(ns_ino "$child" pid)" ]
	child=$(world_pid "$child")
	run holder_row "$pidns" -t pid
	echo "$output"
	[ "$output" = "$pidns 0 pid_for_children\\x20of\\x20pid\\x20$child\\x20(e\\x1b]0;x\\x07\"\\x1f\\x5c)" ]
	run in_world "$BIN/lsns" -o NS,HOLDER -t pid
	[[ "$output" != *$'\e'* ]] && [[ "$output" != *$'\a'* ]]
	[[ "$output" == *"$pidns pid_for_children of pid $child (e\\x1b]0;x\\x07\"\\x1f\\)"* ]]
	run in_world "$BIN/lsns" -J -o NS,HOLDER -t pid
	echo "$output" | python3 -c '
import json, sys
rows = {r["ns"]: r["holder"] for r in json.load(sys.stdin)["namespaces"]}
assert rows['"$pidns"'] == ["pid_for_children of pid '"$child"' (e\x1b]0;x\x07\"\x1f\\)"], rows['"$pidns"']'
	# a user namespace whose process is gone, owning a uts namespace that
	# an fd holds: lsns meets it as the owner (-T), or through listns
	SPAWN_SETUP= spawn in_world "$SYS_UNSHARE" -U -u
	owner_pid=$TARGET
	user=$(ns_ino "$owner_pid" user)
	uts=$(ns_ino "$owner_pid" uts)
	SPAWN_SETUP="exec 7</proc/$(world_pid "$owner_pid")/ns/uts" spawn in_world
	fd_pid=$(world_pid "$TARGET")
	kill -KILL "$owner_pid"
	wait_gone "$owner_pid"
	run in_world "$BIN/lsns" -J -T -o NS,NPROCS,HOLDER
	echo "$output" | python3 -c '
import json, sys
def flat(rows):
    for r in rows:
        yield r
        yield from flat(r.get("children", []))
rows = {r["ns"]: r for r in flat(json.load(sys.stdin)["namespaces"])}
assert rows['"$user"']["holder"] == ["owns live namespaces"], rows['"$user"']
assert rows['"$uts"']["holder"] == ["fd 7 of pid '"$fd_pid"' (sleep)"], rows['"$uts"']'
	# processes: the count (the world's init, the socket holder, the
	# pid_for_children one and the fd holder; lsns itself)
	run holder_row "$(ns_ino "$WORLD" net)" -t net
	[ "$output" = "$(ns_ino "$WORLD" net) 5 5\\x20processes" ]
}

@test "HOLDER: several holders are the first two and +N more in a table, all in JSON; a filter sees them" {
	need_root
	need_sys_unshare
	bind_netns "$TEST_DIR/netns"
	SPAWN_SETUP="exec 7<'$TEST_DIR/netns' 8<'$TEST_DIR/netns' 9<'$TEST_DIR/netns'" spawn in_world
	pid=$(world_pid "$TARGET")
	run holder_row "$NETNS" -t net
	echo "$output"
	[ "$output" = "$NETNS 0 fd\\x207\\x20of\\x20pid\\x20$pid\\x20(sleep),\\x20fd\\x208\\x20of\\x20pid\\x20$pid\\x20(sleep),\\x20+2\\x20more" ]
	run in_world "$BIN/lsns" -J -o NS,HOLDER -t net
	echo "$output" | python3 -c '
import json, sys
rows = {r["ns"]: r["holder"] for r in json.load(sys.stdin)["namespaces"]}
assert len(rows['"$NETNS"']) == 4 and rows['"$NETNS"'][3] == "mount '"$TEST_DIR"'/netns", rows'
	run in_world "$BIN/lsns" -n -o NS -Q "HOLDER =~ 'fd 9 of pid $pid'"
	[ "$(echo "$output" | tr -d ' ')" = "$NETNS" ]
	# the README's recipes
	run in_world "$BIN/lsns" -P -o NS,TYPE,HOLDER
	[ "$status" -eq 0 ]
	[[ "$output" == *"$NETNS net "* ]]
	run in_world "$BIN/lsns" -Q 'NPROCS == 0' -o +HOLDER
	[ "$status" -eq 0 ]
	[[ "$output" == *"$NETNS "* ]]
}

@test "-P: every namespace no process is in, and nothing with processes" {
	need_root
	need_sys_unshare
	bind_netns "$TEST_DIR/netns"
	run in_world "$BIN/lsns" -P -n -r -o NS,NPROCS
	[ "$status" -eq 0 ]
	[ "$output" = "$NETNS 0" ]
	# and on the host, among the others (stdout: see above)
	run --separate-stderr "$BIN/lsns" -P -n -r -o NS,NPROCS
	[ "$status" -eq 0 ]
	! echo "$output" | grep -vq ' 0$'
}

@test "HOLDER is not one of util-linux's columns: --output-all keeps its first 13 in order" {
	run "$BIN/lsns" --output-all -n -r -p $$ -t uts
	[ "$status" -eq 0 ]
	run "$BIN/lsns" -H -n -r
	[ "$(echo "$output" | awk '{print $1}' | paste -sd,)" = "NS,TYPE,PATH,NPROCS,PID,PPID,COMMAND,UID,USER,NETNSID,NSFS,PNS,ONS,ID,HOLDER,CONTAINER,CNAME" ]
	run "$BIN/lsns" --help
	[[ "$output" == *"HOLDER  what keeps the namespace alive"* ]]
}

@test "continuation lines of a multi-line NSFS cell end as util-linux's do" {
	need_sys_lsns
	need_root
	need_sys_unshare
	world_start
	SPAWN_SETUP= spawn in_world "$SYS_UNSHARE" -n
	for f in a b; do
		touch "$TEST_DIR/$f"
		in_world mount --bind "/proc/$(world_pid "$TARGET")/ns/net" "$TEST_DIR/$f"
	done
	no_procless -t net
	for cols in NS,NSFS,ONS NSFS,TYPE,NS NS,NSFS,PID,TYPE NS,NSFS; do
		same_as_util -l -o "$cols" -t net
	done
}
