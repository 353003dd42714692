#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# The common operations on kernels and sandboxes nsbox's users have,
# simulated by seccomp profiles (tests/helpers/sandbox): each works through
# the older path, or exits 1 with one line that names what is missing.
# Never a crash, a hang, wrong output or a leaked fd.

load helpers/common

setup() {
	common_setup
	export LC_ALL=C.UTF-8
	[ -x "$SANDBOX" ] || skip "no sandbox helper (make tests/helpers/sandbox)"
	"$SANDBOX" 5.10 true 2>/dev/null || skip "cannot install a seccomp filter here"
}
teardown() { common_teardown; }

# under PROFILE CMD...: run it in the sandbox (in the test's world if it
# has one); it must end with 0, or 1 and one line on stderr, within 20 s.
under() {
	local profile=$1 world=()
	shift
	[ -z "${WORLD:-}" ] || world=("$WORLD_HELPER" enter "$WORLD")
	run --separate-stderr timeout 20 "${world[@]}" "$SANDBOX" "$profile" "$@"
	echo "$profile: ${*#"$BIN/"} -> $status: $stderr"
	[ "$status" -eq 0 ] || { [ "$status" -eq 1 ] && [ -n "$stderr" ] && [ "$(echo "$stderr" | wc -l)" -eq 1 ]; }
}

json_ok() { echo "$output" | python3 -c 'import json, sys; json.load(sys.stdin)'; }

@test "lsns in every layout under each profile" {
	need_root
	need_sys_unshare
	# host-wide, in the test's world (a host's load is not this test's),
	# with a container in it and a namespace only a bind mount holds
	world_start
	SPAWN_SETUP= spawn in_world "$SYS_UNSHARE" -fpmuni --kill-child
	touch "$TEST_DIR/netns"
	in_world "$SYS_UNSHARE" --net="$TEST_DIR/netns" true
	for profile in 5.10 5.4 4.19 docker-default no-nsfs-ioctls; do
		for args in "" "-l" "-r" "-n" "-t net" "-P" "-o +HOLDER,ID" "-p 1"; do
			# shellcheck disable=SC2086
			under "$profile" "$BIN/lsns" $args
			[ "$status" -eq 0 ]
		done
		under "$profile" "$BIN/lsns" -J
		[ "$status" -eq 0 ]
		json_ok
		if [ "$profile" = no-nsfs-ioctls ]; then	# util-linux's 2, one line
			run --separate-stderr in_world "$SANDBOX" "$profile" "$BIN/lsns" -T
			[ "$status" -eq 2 ]
			[[ "$stderr" == "lsns: cannot build the owner tree: "*"refused here"* ]]
		else
			under "$profile" "$BIN/lsns" -T
			[ "$status" -eq 0 ]
		fi
	done
}

@test "nsid -l, -c, --same and :ID under each profile" {
	need_root
	# (in the test's world: an :ID search reads every process it sees)
	world_start
	for profile in 5.10 5.4 4.19 docker-default no-nsfs-ioctls; do
		under "$profile" "$BIN/nsid" -l
		[ "$status" -eq 0 ]
		under "$profile" "$BIN/nsid" -c -t user
		[ "$status" -eq 0 ]
		run --separate-stderr "$SANDBOX" "$profile" "$BIN/nsid" --same $$ $$
		[ "$status" -eq 0 ]
		under "$profile" "$BIN/nsid" -t net :1
		[ "$status" -eq 1 ]
	done
	# without NS_GET_ID (before 6.18) the ID column is empty, not wrong
	under 5.10 "$BIN/nsid" -n -o ID -t uts
	[ -z "$(echo "$output" | tr -d ' ')" ]
}

@test "unshare -u, -r, -fp --mount-proc, -T under each profile" {
	need_root
	for profile in 5.10 5.4 4.19 docker-default; do
		under "$profile" "$BIN/unshare" -u hostname x
		under "$profile" "$BIN/unshare" -r id -u
		under "$profile" "$BIN/unshare" -fp --mount-proc true
		under "$profile" "$BIN/unshare" -T true
	done
	under 5.4 "$BIN/unshare" -fp --mount-proc sh -c 'echo $$'
	[ "$output" = 1 ]	# fork without clone3
	under 4.19 "$BIN/unshare" -T true
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"time namespaces"*"5.6"* ]]
	under docker-default "$BIN/unshare" -u true
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"seccomp"* ]]
}

@test "nsenter -a, -n -u, -N, --net=FILE, :ID under each profile; no fd leaks" {
	need_root
	need_sys_unshare
	SPAWN_SETUP='hostname tgt' spawn "$SYS_UNSHARE" -fpmuin --mount-proc --kill-child
	touch "$TEST_DIR/netns"
	mount --bind "/proc/$TARGET/ns/net" "$TEST_DIR/netns"
	track_mount "$TEST_DIR/netns"
	for profile in 5.10 5.4 4.19; do
		under "$profile" "$BIN/nsenter" -t "$TARGET" -n -u hostname
		[ "$output" = tgt ]
		under "$profile" "$BIN/nsenter" -t "$TARGET" -m -u -i -n -p hostname
		[ "$output" = tgt ]
		under "$profile" "$BIN/nsenter" --net="$TEST_DIR/netns" true
		[ "$status" -eq 0 ]
		# the fds of ls run directly, no more
		expected=$(ls /proc/self/fd 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- | paste -sd' ')
		under "$profile" "$BIN/nsenter" -t "$TARGET" -u ls /proc/self/fd 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
		[ "$(echo "$output" | paste -sd' ')" = "$expected" ]
	done
	under 5.4 "$BIN/nsenter" -t $$ -N 0 true
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"pidfd_getfd (Linux 5.6+)"* ]]
	under 4.19 "$BIN/nsenter" -t $$ -N 0 true
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"Linux 5.6+"* ]]
	under docker-default "$BIN/nsenter" -t "$TARGET" -n -u hostname
	[ "$status" -eq 1 ]
	under 5.10 "$BIN/nsenter" --net=:1 true
	[ "$status" -eq 1 ]
}

@test "newuts under each profile" {
	need_root
	for profile in 5.10 5.4 4.19 docker-default; do
		under "$profile" "$BIN/newuts" box hostname
	done
	under 4.19 "$BIN/newuts" box hostname
	[ "$output" = box ]
}

@test "newuts where clone refuses namespace flags the kernel has (qemu-user): says so, not that the kernel lacks them" {
	need_root
	run --separate-stderr "$SANDBOX" qemu-user "$BIN/newuts" box hostname
	[ "$status" -eq 1 ]
	[ "$stderr" = "newuts: clone failed: Invalid argument; the kernel has these namespaces but refuses them here (an emulator such as qemu-user, or a seccomp filter)" ]
}
