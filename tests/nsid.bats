#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# nsid: print, compare and trace namespace identities, on real namespaces.

load helpers/common

setup() { common_setup; }
teardown() { common_teardown; }

TYPES="cgroup ipc mnt net pid time user uts"

# unshare options that put a target in a new namespace of one type
new_ns_opts() {
	case $1 in
	cgroup) printf '%s\n' -C ;; ipc) printf '%s\n' -i ;; mnt) printf '%s\n' -m ;;
	net) printf '%s\n' -n ;; uts) printf '%s\n' -u ;; user) printf '%s\n' -U ;;
	pid) printf '%s\n' "-p -f --kill-child" ;; time) printf '%s\n' "-T -f --kill-child" ;;
	esac
}

has_ns_id() {
	"$CORETEST" has ns-id
}

@test "nsid PID: every type as readlink shows it, in /proc/PID/ns order" {
	run "$BIN/nsid" $$
	[ "$status" -eq 0 ]
	expected=$(for t in $TYPES; do readlink "/proc/$$/ns/$t"; done)
	[ "$output" = "$expected" ]
	# no target: the calling process (a child of this shell shares them)
	run "$BIN/nsid"
	[ "$output" = "$expected" ]
}

@test "nsid -a adds pid_for_children and time_for_children" {
	run "$BIN/nsid" -a $$
	[ "$status" -eq 0 ]
	# the *_for_children lines are labelled with their entry's name
	expected=$(for t in cgroup ipc mnt net pid pid_for_children time time_for_children user uts; do
		echo "$t:[$(ns_ino $$ $t)]"; done)
	[ "$output" = "$expected" ]
}

@test "nsid -t TYPE: bare inodes, one line per target, for scripts" {
	need_sys_unshare
	need_root
	spawn "$SYS_UNSHARE" -n
	run "$BIN/nsid" -t net $$ "$TARGET"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(ns_ino $$ net)" ]
	[ "${lines[1]}" = "$(ns_ino "$TARGET" net)" ]
	[ "${lines[0]}" != "${lines[1]}" ]
	[ "$("$BIN/nsid" -t net $$)" = "$("$BIN/nsid" -t net)" ]
	run "$BIN/nsid" -t net,uts "$TARGET"
	[ "$output" = "$(readlink /proc/$TARGET/ns/net; readlink /proc/$TARGET/ns/uts)" ]
}

@test "FILE targets: /proc/PID/ns/TYPE, a task's link, and an nsfs bind mount" {
	run "$BIN/nsid" /proc/$$/ns/uts
	[ "$status" -eq 0 ]
	[ "$output" = "$(readlink /proc/$$/ns/uts)" ]
	run "$BIN/nsid" /proc/$$/task/$$/ns/ipc
	[ "$output" = "$(readlink /proc/$$/ns/ipc)" ]
	need_root
	need_sys_unshare
	spawn "$SYS_UNSHARE" -n
	touch "$TEST_DIR/netfile"
	# bind in a private mount namespace: it dies with it
	run "$SYS_UNSHARE" -m sh -c "mount --bind /proc/$TARGET/ns/net '$TEST_DIR/netfile' &&
		'$BIN/nsid' '$TEST_DIR/netfile' && '$BIN/nsid' -t net '$TEST_DIR/netfile' &&
		'$BIN/nsid' -o TYPE,NS,PATH -n '$TEST_DIR/netfile'"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "net:[$(ns_ino "$TARGET" net)]" ]
	[ "${lines[1]}" = "$(ns_ino "$TARGET" net)" ]
	# the header counts for the width even when it is not printed (libsmartcols)
	[ "${lines[2]}" = "net  $(ns_ino "$TARGET" net) $TEST_DIR/netfile" ]
}

@test "--same: 0 when targets share every namespace, 1 and the differing type when not, for each type" {
	need_root
	need_sys_unshare
	run "$BIN/nsid" --same $$ $$
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	for type in $TYPES; do
		# shellcheck disable=SC2046
		spawn "$SYS_UNSHARE" $(new_ns_opts "$type")
		run "$BIN/nsid" -s $$ "$TARGET"
		[ "$status" -eq 1 ]
		[ "$output" = "$type: $(ns_ino $$ "$type") $(ns_ino "$TARGET" "$type")" ]
		run "$BIN/nsid" -s -q -t "$type" $$ "$TARGET"
		[ "$status" -eq 1 ]
		[ -z "$output" ]
		others=$(echo $TYPES | tr ' ' '\n' | grep -vx "$type" | paste -sd,)
		run "$BIN/nsid" -s -t "$others" $$ "$TARGET"
		[ "$status" -eq 0 ]
	done
}

@test "--same with FILE targets compares their namespace" {
	run "$BIN/nsid" -s /proc/$$/ns/net /proc/self/ns/net
	[ "$status" -eq 0 ]
	run "$BIN/nsid" -s /proc/$$/ns/net /proc/$$/ns/uts
	[ "$status" -eq 1 ]
}

@test "--chain through three nested user namespaces: levels and owners, as root" {
	need_root
	need_setpriv
	need_sys_unshare
	# made by nobody: each nested namespace is owned by uid 65534 as root sees it
	spawn as_nobody "$SYS_UNSHARE" -r "$SYS_UNSHARE" -r "$SYS_UNSHARE" -r
	run "$BIN/nsid" -c -n -r "$TARGET"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	# (raw output: one space between fields; ID is empty before 6.18)
	IFS=' ' read -r l0 n0 o0 <<< "$(cut -d' ' -f1,2,4 <<< "${lines[0]}")"
	[ "$l0" = 3 ]
	[ "$n0" = "user:[$(ns_ino "$TARGET" user)]" ]
	[ "$o0" = 65534 ]
	IFS=' ' read -r l3 n3 o3 <<< "$(cut -d' ' -f1,2,4 <<< "${lines[3]}")"
	[ "$l3" = 0 ]
	[ "$n3" = "user:[$(ns_ino $$ user)]" ]
	[ "$o3" = 0 ]
	[ "$(echo "$output" | awk '{print $1}' | paste -sd' ')" = "3 2 1 0" ]
	[ "$(echo "$output" | cut -d' ' -f4 | paste -sd' ')" = "65534 65534 65534 0" ]
	# LEVEL and OWNER columns agree with the chain
	run "$BIN/nsid" -o LEVEL,OWNER,PARENT -n -r -t user "$TARGET"
	read -r level owner parent <<< "$output"
	[ "$level" = 3 ]
	[ "$owner" = 65534 ]
	[ "user:[$parent]" = "$(echo "$("$BIN/nsid" -c -n -r "$TARGET")" | sed -n 2p | cut -d' ' -f2)" ]
}

@test "--chain as the unprivileged user, on its own nested namespaces" {
	need_setpriv
	need_sys_unshare
	spawn as_nobody "$SYS_UNSHARE" -r "$SYS_UNSHARE" -r "$SYS_UNSHARE" -r
	run as_nobody "$BIN/nsid" -c -n -r "$TARGET"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	[ "$(echo "$output" | awk '{print $1}' | paste -sd' ')" = "3 2 1 0" ]
	[ "$(echo "$output" | cut -d' ' -f4 | paste -sd' ')" = "65534 65534 65534 0" ]
	run as_nobody "$BIN/nsid" -o LEVEL,OWNER -n -r -t user "$TARGET"
	[ "$output" = "3 65534" ]
}

@test "--chain stops where permission ends and says so" {
	need_setpriv
	need_sys_unshare
	# inside a user namespace, its parent is out of reach
	run --separate-stderr as_nobody "$SYS_UNSHARE" -r "$SYS_UNSHARE" -r --fork --pid --kill-child \
		"$BIN/nsid" -c -t pid
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == *" pid:["* ]]
	[[ "$stderr" == "nsid: the chain ends at pid:["*"]: permission ends there"* ]]
}

@test "--chain through nested pid namespaces, and of a non-hierarchical type through its owner" {
	need_root
	need_sys_unshare
	spawn "$SYS_UNSHARE" -p -f --kill-child "$SYS_UNSHARE" -p -f --kill-child
	run "$BIN/nsid" -c -t pid -n -r "$TARGET"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[ "$(echo "$output" | awk '{print $1}' | paste -sd' ')" = "2 1 0" ]
	[ "$(echo "$output" | awk '{print $2}' | sed -n 1p)" = "pid:[$(ns_ino "$TARGET" pid)]" ]
	[ "$("$BIN/nsid" -o LEVEL -n -t pid "$TARGET" | tr -d ' ')" = 2 ]
	run "$BIN/nsid" -c -t net -n -r $$
	[ "${#lines[@]}" -eq 2 ]
	[ "$(echo "${lines[0]}" | cut -d' ' -f2)" = "net:[$(ns_ino $$ net)]" ]
	[ "$(echo "${lines[1]}" | cut -d' ' -f2)" = "user:[$(ns_ino $$ user)]" ]
}

@test "ID: stable for a namespace, different for two live ones; :ID and :HANDLE round-trip" {
	has_ns_id || skip "this kernel has no NS_GET_ID (Linux 6.18+)"
	need_root
	need_sys_unshare
	# (an :ID is searched for in the test's world, where no other
	# process's state, such as a mount table too long to read whole, adds
	# a warning; a :HANDLE is opened directly, by the host's root)
	world_start
	spawn in_world "$SYS_UNSHARE" -n
	id1=$("$BIN/nsid" -o ID -n -t net "$TARGET" | tr -d ' ')
	id2=$("$BIN/nsid" -o ID -n -t net "$TARGET" | tr -d ' ')
	[ -n "$id1" ]
	[ "$id1" = "$id2" ]
	[ "$id1" != "$("$BIN/nsid" -o ID -n -t net $$ | tr -d ' ')" ]
	run in_world "$BIN/nsid" -t net ":$id1"
	[ "$status" -eq 0 ]
	[ "$output" = "$(ns_ino "$TARGET" net)" ]
	run in_world "$BIN/nsid" ":$id1"
	[ "$output" = "net:[$(ns_ino "$TARGET" net)]" ]
	handle=$("$BIN/nsid" -o HANDLE -n -t net "$TARGET" | tr -d ' ')
	[ "${#handle}" -eq 32 ]
	run "$BIN/nsid" ":$handle"
	[ "$output" = "net:[$(ns_ino "$TARGET" net)]" ]
	# a namespace that is gone: its id and handle no longer open
	kill -KILL "$TARGET"
	wait_gone "$TARGET"
	# the kernel takes a network namespace down asynchronously
	for ((i = 0; i < 300; i++)); do
		"$BIN/nsid" ":$handle" >/dev/null 2>&1 || break
		sleep 0.1
	done
	run in_world "$BIN/nsid" -t net ":$id1"
	[ "$status" -eq 1 ]
	[[ "$output" == "nsid: :$id1: no namespace with this id"* ]]
	run "$BIN/nsid" ":$handle"
	[ "$status" -eq 1 ]
	[[ "$output" == "nsid: :$handle: no such namespace"* ]]
}

@test ":ID finds a namespace held only by a bind mount, with the ID lsns prints" {
	has_ns_id || skip "this kernel has no NS_GET_ID (Linux 6.18+)"
	need_root
	need_sys_unshare
	bind_netns "$TEST_DIR/netns"
	id=$(in_world "$BIN/lsns" -n -r -o NS,ID -t net | grep "^$NETNS " | cut -d' ' -f2)
	[ -n "$id" ]
	run in_world "$BIN/nsid" ":$id"
	[ "$status" -eq 0 ]
	[ "$output" = "net:[$NETNS]" ]
	run in_world "$BIN/nsid" -t net ":$id"
	[ "$output" = "$NETNS" ]
	# held only by an fd once the mount is gone (ip netns delete)
	SPAWN_SETUP="exec 7<'$TEST_DIR/netns'" spawn in_world
	in_world umount -l "$TEST_DIR/netns"
	run in_world "$BIN/nsid" ":$id"
	[ "$status" -eq 0 ]
	[ "$output" = "net:[$NETNS]" ]
}

@test "PIDINO: PID:INODE, the nsenter -t argument that names only the target; empty without pidfs" {
	spawn
	run "$BIN/nsid" -n -r -o PIDINO,TYPE -t net,uts "$TARGET" /proc/$$/ns/net
	[ "$status" -eq 0 ]
	if ! "$CORETEST" has pidfs; then
		[ "$output" = "$(printf ' net\n uts\n net')" ]
		skip "this kernel has no pidfs inodes (Linux 6.9+): checked that PIDINO is empty"
	fi
	pidino=${lines[0]% net}
	[[ "$pidino" =~ ^$TARGET:[0-9]+$ ]]
	[ "${lines[1]}" = "$pidino uts" ]
	[ "${lines[2]}" = " net" ]	# a FILE target: no process
	run "$BIN/nsenter" -t "$pidino" -u readlink /proc/self/ns/uts
	[ "$status" -eq 0 ]
	[ "$output" = "$(readlink /proc/$TARGET/ns/uts)" ]
	# another process's inode names another process
	other=$("$BIN/nsid" -n -o PIDINO -t uts $$)
	run --separate-stderr "$BIN/nsenter" -t "$TARGET:${other#*:}" -u true
	[ "$status" -eq 1 ]
	[[ "$stderr" == "nsenter: PID $TARGET is not the process named (pidfs inode ${pidino#*:}, not ${other#*:}): "* ]]
}

@test "-l: the long columns; -J valid JSON; -H lists every column" {
	run "$BIN/nsid" -l $$
	[ "$status" -eq 0 ]
	[ "$(echo "${lines[0]}" | tr -s ' ')" = "TYPE NS ID LEVEL OWNER USERNS PARENT" ]
	[ "${#lines[@]}" -eq 9 ]
	[ "$(echo "${lines[7]}" | awk '{print $1, $2}')" = "user $(ns_ino $$ user)" ]
	run "$BIN/nsid" -J -o TYPE,NS,ID,DEV,PATH,PID,USERNS,OWNER,PARENT,LEVEL,HANDLE $$
	[ "$status" -eq 0 ]
	echo "$output" | python3 -c "
import json, sys
rows = json.load(sys.stdin)['namespaces']
assert [r['type'] for r in rows] == '$TYPES'.split(), rows
net = [r for r in rows if r['type'] == 'net'][0]
assert net['ns'] == $(ns_ino $$ net) and net['pid'] == $$, net
assert net['path'] == '/proc/$$/ns/net' and net['dev'] == '0:4', net
"
	run "$BIN/nsid" -H
	[ "$status" -eq 0 ]
	for col in TYPE NS ID DEV PATH PID USERNS OWNER PARENT LEVEL HANDLE; do
		echo "$output" | grep -q "^$col "
	done
}

@test "bad input: one line, exit 1 (2 under --same)" {
	echo plain > "$TEST_DIR/file"
	while IFS='|' read -r args message; do
		# shellcheck disable=SC2086
		run --separate-stderr "$BIN/nsid" $args
		echo "nsid $args -> $status: $stderr"
		[ "$status" -eq 1 ]
		[ "$stderr" = "$message" ]
		# shellcheck disable=SC2086
		run --separate-stderr "$BIN/nsid" -s $$ $args
		[ "$status" -eq 2 ]
	done <<EOF
12x|nsid: invalid PID: '12x'
0|nsid: invalid PID: '0'
99999999999|nsid: invalid PID: '99999999999'
2147483646|nsid: 2147483646: no such process
$TEST_DIR/file|nsid: $TEST_DIR/file is not a namespace file (it is a regular file)
$TEST_DIR|nsid: $TEST_DIR is not a namespace file (it is a directory)
$TEST_DIR/none|nsid: cannot open $TEST_DIR/none: No such file or directory
:abc|nsid: invalid namespace id: ':abc'
:|nsid: invalid namespace id: ':'
-t bogus|nsid: unknown namespace type: bogus
-o BOGUS|nsid: unknown column: BOGUS
-t net /proc/$$/ns/uts|nsid: /proc/$$/ns/uts is a uts namespace, not of the type asked for
-c -o NS|nsid: --chain prints LEVEL,NS,ID,OWNER: no --output, --long or --filter
-c -l|nsid: --chain prints LEVEL,NS,ID,OWNER: no --output, --long or --filter
-c -Q NS>0|nsid: --chain prints LEVEL,NS,ID,OWNER: no --output, --long or --filter
EOF
	run --separate-stderr "$BIN/nsid" -s $$
	[ "$status" -eq 2 ]
	[ "$stderr" = "nsid: --same needs two or more targets" ]
}

@test "root refused (in a user namespace of its own) is not asked whether it is root" {
	need_root
	spawn "$BIN/unshare" -u
	run --separate-stderr "$BIN/unshare" -r "$BIN/nsid" "$TARGET"
	echo "$stderr"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nsid: permission denied on /proc/$TARGET/ns; root may not ptrace the target here (an outer user namespace, or a security module)" ]
	run --separate-stderr "$BIN/unshare" -r "$BIN/nsenter" -t "$TARGET" -u true
	[ "$status" -eq 1 ]
	[[ "$stderr" != *"are you root"* ]]
}

@test "an unreadable target says why and what to do" {
	need_root
	need_setpriv
	need_sys_unshare
	spawn "$SYS_UNSHARE" -u
	run --separate-stderr as_nobody "$BIN/nsid" -t uts "$TARGET"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nsid: permission denied on /proc/$TARGET/ns/uts; are you root, or in the target's user namespace?" ]
	# the same cause, the same words, in nsenter
	run --separate-stderr as_nobody "$BIN/nsid" -t user "$TARGET"
	[ "$stderr" = "nsid: permission denied on /proc/$TARGET/ns/user; are you root, or in the target's user namespace?" ]
	run --separate-stderr as_nobody "$BIN/nsenter" -t "$TARGET" -a true
	[ "$status" -eq 1 ]
	[ "$stderr" = "nsenter: permission denied on /proc/$TARGET/ns/user; are you root, or in the target's user namespace?" ]
	# every type: still one line
	for args in "" "-a" "-l" "-J"; do
		# shellcheck disable=SC2086
		run --separate-stderr as_nobody "$BIN/nsid" $args "$TARGET"
		[ "$status" -eq 1 ]
		[ "$stderr" = "nsid: permission denied on /proc/$TARGET/ns; are you root, or in the target's user namespace?" ]
	done
	run --separate-stderr as_nobody "$BIN/nsid" -s $$ "$TARGET"
	[ "$status" -eq 2 ]
}

@test "-Q filters table rows, over any column, also columns not shown" {
	run "$BIN/nsid" -Q 'TYPE =~ "^(net|uts)$"' -o TYPE -n $$
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | paste -sd' ')" = "net uts" ]
	run "$BIN/nsid" -n -o TYPE -Q "NS == $(ns_ino $$ ipc)" $$
	[ "$output" = ipc ]
	run "$BIN/nsid" -n -o TYPE -Q "LEVEL == 0 && TYPE == 'user'" $$
	[ "$status" -eq 0 ]
	[ "$output" = user ]
	run "$BIN/nsid" -n -o TYPE -Q "NS == 1" $$
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run --separate-stderr "$BIN/nsid" -Q 'BOGUS == 1'
	[ "$status" -eq 1 ]
	[ "$stderr" = "nsid: failed to parse \"BOGUS == 1\": unknown column at position 1 ('BOGUS == 1')" ]
}

@test "HOLDER: what keeps a target's namespace alive, as lsns says it" {
	need_root
	need_sys_unshare
	# (in the test's world: any unshare -m elsewhere copies the host's
	# mounts, and each copy would hold it too)
	bind_netns "$TEST_DIR/netns"
	run in_world "$BIN/nsid" -n -r -o NS,HOLDER "$TEST_DIR/netns"
	[ "$status" -eq 0 ]
	[ "$output" = "$NETNS mount\\x20$TEST_DIR/netns" ]
	# (the world's uts namespace: only the test's processes hold it)
	run in_world "$BIN/nsid" -J -o HOLDER -t uts 1
	echo "$output" | python3 -c '
import json, sys
holder = json.load(sys.stdin)["namespaces"][0]["holder"]
assert len(holder) == 1 and holder[0].endswith(" processes"), holder'
	run "$BIN/nsid" -H
	[[ "$output" == *"HOLDER"*"what keeps the namespace alive"* ]]
}
