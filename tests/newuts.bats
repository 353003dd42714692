#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# newuts: the man 2 clone UTS example, as a tool.

load helpers/common

setup() { common_setup; }
teardown() { common_teardown; }

HOST=$(cat /proc/sys/kernel/hostname)

# Start newuts in hold mode in the background; sets HOLDER and CHILD.
start_holder() {
	"$BIN/newuts" "$@" > "$TEST_DIR/out" 2>&1 3>&- &
	HOLDER=$!
	disown "$HOLDER"
	track "$HOLDER"
	for ((i = 0; i < 800; i++)); do
		grep -q "in parent" "$TEST_DIR/out" 2>/dev/null && break
		sleep 0.025
	done
	CHILD=$(cat "/proc/$HOLDER/task/$HOLDER/children")
	CHILD=${CHILD%% *}
	track "$CHILD"
	[ -n "$CHILD" ]
}

@test "the example's output, line for line (-s 1)" {
	need_root
	run "$BIN/newuts" -s 1 box
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	[[ "${lines[0]}" =~ ^clone\(\)\ returned\ [0-9]+$ ]]
	[ "${lines[1]}" = "uts.nodename in child:  box" ]
	[ "${lines[2]}" = "uts.nodename in parent: $HOST" ]
	[ "${lines[3]}" = "child has terminated" ]
	pid=${lines[0]##* }
	[ ! -e "/proc/$pid" ]
}

@test "hold mode: others can join the namespace; a signal to newuts ends the child too" {
	need_root
	start_holder -s 0 box
	[ "$(sed -n 1p "$TEST_DIR/out")" = "clone() returned $CHILD" ]
	# the held namespace is a different UTS namespace, with the new name
	run "$BIN/nsid" -s -t uts $$ "$CHILD"
	[ "$status" -eq 1 ]
	[ "$("$BIN/nsid" -t uts "$CHILD")" = "$(ns_ino "$CHILD" uts)" ]
	if [ -n "$SYS_NSENTER" ]; then
		[ "$("$SYS_NSENTER" -t "$CHILD" -u cat /proc/sys/kernel/hostname)" = box ]
	fi
	kill -TERM "$HOLDER"
	wait_gone "$HOLDER"
	wait_gone "$CHILD"
	is_gone "$CHILD"
	[ "$(sed -n 4p "$TEST_DIR/out")" = "child has terminated" ]
	[ "$(cat /proc/sys/kernel/hostname)" = "$HOST" ]
}

@test "hold mode: SIGINT ends it too, although background jobs ignore SIGINT" {
	need_root
	start_holder -s 0 box
	kill -INT "$HOLDER"
	wait_gone "$HOLDER"
	wait_gone "$CHILD"
	is_gone "$CHILD"
	[ "$(tail -n 1 "$TEST_DIR/out")" = "child has terminated" ]
}

@test "hold mode: when newuts is killed outright, the child does not linger" {
	need_root
	start_holder box
	kill -KILL "$HOLDER"
	wait_gone "$CHILD"
	is_gone "$CHILD"
}

@test "with a COMMAND: it runs in the new namespace; the host's name is unchanged" {
	need_root
	run "$BIN/newuts" box cat /proc/sys/kernel/hostname
	[ "$status" -eq 0 ]
	[ "$output" = box ]
	[ "$(cat /proc/sys/kernel/hostname)" = "$HOST" ]
	run "$BIN/newuts" box readlink /proc/self/ns/uts
	[ "$output" != "$(readlink /proc/$$/ns/uts)" ]
}

@test "-d sets the NIS domain name too" {
	need_root
	before=$(cat /proc/sys/kernel/domainname)
	run "$BIN/newuts" -d example.org box cat /proc/sys/kernel/domainname
	[ "$status" -eq 0 ]
	[ "$output" = example.org ]
	[ "$(cat /proc/sys/kernel/domainname)" = "$before" ]
}

@test "-U: an unprivileged user gets a user namespace mapping it to root" {
	need_setpriv
	run as_nobody "$BIN/newuts" -U box sh -c 'id -u; id -g; cat /proc/sys/kernel/hostname; cat /proc/self/uid_map'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = 0 ]
	[ "${lines[2]}" = box ]
	[ "$(echo "${lines[3]}" | tr -s ' ')" = " 0 65534 1" ]
	run as_nobody "$BIN/newuts" -U -s 1 box
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "uts.nodename in child:  box" ]
}

@test "unprivileged without -U: one line that says to add -U, nothing cloned, exit 1" {
	need_setpriv
	run --separate-stderr as_nobody "$BIN/newuts" box true
	[ "$status" -eq 1 ]
	[ "$stderr" = "newuts: clone failed: Operation not permitted; unprivileged users need -U/--user" ]
}

@test "exit status and signal death pass through" {
	need_root
	run "$BIN/newuts" box sh -c 'exit 7'
	[ "$status" -eq 7 ]
	run "$BIN/newuts" box sh -c 'kill -TERM $$'
	[ "$status" -eq 143 ]
	run "$BIN/newuts" box sh -c 'kill -SEGV $$'
	[ "$status" -eq 139 ]
	run -127 "$BIN/newuts" box "$TEST_DIR/none"
	[ "$output" = "newuts: failed to execute $TEST_DIR/none: No such file or directory" ]
	run -126 "$BIN/newuts" box /etc/passwd
	[ "$output" = "newuts: failed to execute /etc/passwd: Permission denied" ]
}

@test "bad input: one line before anything is cloned, exit 1" {
	long=$(printf 'x%.0s' $(seq 65))
	ok64=$(printf 'x%.0s' $(seq 64))
	while IFS='|' read -r args message; do
		# shellcheck disable=SC2086
		run --separate-stderr "$BIN/newuts" $args
		echo "newuts $args -> $status: $stderr"
		[ "$status" -eq 1 ]
		[ "${stderr%%$'\n'*}" = "$message" ]
		[ -z "$output" ]
	done <<EOF
$long true|newuts: invalid hostname '$long': it must be 1 to 64 bytes
-d $long box true|newuts: invalid domain name '$long': it must be 1 to 64 bytes
-s abc box|newuts: invalid sleep time: 'abc'
-s -1 box|newuts: invalid sleep time: '-1'
-s 99999999999 box|newuts: invalid sleep time: '99999999999'
--bogus box|$BIN/newuts: unrecognized option '--bogus'
EOF
	run --separate-stderr "$BIN/newuts" ""
	[ "$status" -eq 1 ]
	[ "$stderr" = "newuts: invalid hostname '': it must be 1 to 64 bytes" ]
	run --separate-stderr "$BIN/newuts"
	[ "$status" -eq 1 ]
	[ "${stderr%%$'\n'*}" = "newuts: no hostname given" ]
	if is_root; then
		run "$BIN/newuts" "$ok64" cat /proc/sys/kernel/hostname
		[ "$output" = "$ok64" ]
	fi
}
