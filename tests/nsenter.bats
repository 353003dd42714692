#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# nsenter: util-linux's options and behaviour, against targets the tests
# start (never PID 1). Where util-linux is installed, the same scenarios
# run through both and the results are compared.

load helpers/common

setup() { common_setup; }
teardown() { common_teardown; }

# A container-like target: new pid, mount, uts, ipc, net, cgroup namespaces,
# hostname "tgt", cwd /tmp; TARGET is its sleeping pid 1.
spawn_container() {
	need_root
	need_sys_unshare
	SPAWN_SETUP='hostname tgt; cd /tmp' spawn "$SYS_UNSHARE" -fpmuniC --mount-proc --kill-child
}

# compare: run the same nsenter arguments through ours and util-linux's;
# both must give the same output and status.
compare() {
	run "$BIN/nsenter" "$@"
	local ours_status=$status ours_output=$output
	if [ -n "$SYS_NSENTER" ]; then
		run "$SYS_NSENTER" "$@"
		echo "ours: $ours_status '$ours_output' util-linux: $status '$output'"
		[ "$status" -eq "$ours_status" ]
		[ "$output" = "$ours_output" ]
	fi
	status=$ours_status
	output=$ours_output
}

@test "each namespace option by target enters that namespace, and only that" {
	spawn_container
	for t in cgroup ipc net uts; do
		compare -t "$TARGET" "--$t" readlink /proc/self/ns/$t /proc/self/ns/user
		[ "$status" -eq 0 ]
		[ "${lines[0]}" = "$(readlink /proc/$TARGET/ns/$t)" ]
		[ "${lines[0]}" != "$(readlink /proc/$$/ns/$t)" ]
		[ "${lines[1]}" = "$(readlink /proc/$$/ns/user)" ]
	done
	compare -t "$TARGET" -u cat /proc/sys/kernel/hostname
	[ "$output" = tgt ]
	compare -t "$TARGET" -n -u -i cat /proc/sys/kernel/hostname
	[ "$output" = tgt ]
	# mnt: the target's own /proc (of its pid namespace) is what we see
	compare -t "$TARGET" -m sh -c 'ls /proc | grep -c "^[0-9]"'
	[ "$status" -eq 0 ]
	[ "$output" -lt 10 ]
	# pid: joined by the forked child, which sees the target as pid 1
	compare -t "$TARGET" -p -m cat /proc/1/comm
	[ "$output" = sleep ]
}

@test "time namespace by target" {
	need_root
	need_sys_unshare
	spawn "$SYS_UNSHARE" -T -f --kill-child --monotonic 1000
	run "$BIN/nsenter" -t "$TARGET" -T readlink /proc/self/ns/time
	[ "$status" -eq 0 ]
	[ "$output" = "$(readlink /proc/$TARGET/ns/time)" ]
	[ "$output" != "$(readlink /proc/$$/ns/time)" ]
}

@test "by FILE: /proc/PID/ns/TYPE and an nsfs bind mount; a FILE of the wrong type is refused" {
	spawn_container
	run "$BIN/nsenter" --uts=/proc/$TARGET/ns/uts cat /proc/sys/kernel/hostname
	[ "$output" = tgt ]
	touch "$TEST_DIR/netfile"
	run "$SYS_UNSHARE" -m sh -c "mount --bind /proc/$TARGET/ns/net '$TEST_DIR/netfile' &&
		'$BIN/nsenter' --net='$TEST_DIR/netfile' readlink /proc/self/ns/net &&
		'$BIN/nsenter' -n'$TEST_DIR/netfile' readlink /proc/self/ns/net &&
		'$BIN/nsenter' -n='$TEST_DIR/netfile' readlink /proc/self/ns/net"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(readlink /proc/$TARGET/ns/net)" ]
	[ "${lines[1]}" = "${lines[0]}" ]
	[ "${lines[2]}" = "${lines[0]}" ]
	run --separate-stderr "$BIN/nsenter" --uts=/proc/$TARGET/ns/net true
	[ "$status" -eq 1 ]
	[ "$stderr" = "nsenter: /proc/$TARGET/ns/net is a net namespace, not uts" ]
	run --separate-stderr "$BIN/nsenter" --ipc=/proc/$TARGET/ns/uts true
	[ "$stderr" = "nsenter: /proc/$TARGET/ns/uts is a uts namespace, not ipc" ]
	run --separate-stderr "$BIN/nsenter" --mount=/etc/passwd true
	[ "$status" -eq 1 ]
	[ "$stderr" = "nsenter: /etc/passwd is not a namespace file" ]
	# a FILE beside -t keeps its FILE
	run "$BIN/nsenter" -t $$ -u --net=/proc/$TARGET/ns/net sh -c 'readlink /proc/self/ns/net; cat /proc/sys/kernel/hostname'
	[ "${lines[0]}" = "$(readlink /proc/$TARGET/ns/net)" ]
	[ "${lines[1]}" = "$(cat /proc/sys/kernel/hostname)" ]
}

@test "-a enters every namespace of the target (not our own user namespace)" {
	spawn_container
	compare -t "$TARGET" -a sh -c 'cat /proc/sys/kernel/hostname; pwd; for t in cgroup ipc mnt net uts; do readlink /proc/self/ns/$t; done'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = tgt ]
	[ "${lines[1]}" = / ]
	i=2
	for t in cgroup ipc mnt net uts; do
		[ "${lines[$i]}" = "$(readlink /proc/$TARGET/ns/$t)" ]
		i=$((i + 1))
	done
}

@test "-p forks: the program is in the target's pid namespace; exit status and signals pass through" {
	spawn_container
	run "$BIN/nsenter" -t "$TARGET" -p -m sh -c 'echo $$; ps -o pid= -p 1 >/dev/null && echo sees-init'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" -gt 1 ]
	[ "${lines[0]}" -lt 100 ]
	compare -t "$TARGET" -p sh -c 'exit 7'
	[ "$status" -eq 7 ]
	compare -t "$TARGET" -p sh -c 'kill -TERM $$'
	[ "$status" -eq 143 ]
	compare -t "$TARGET" -p sh -c 'kill -SEGV $$'
	[ "$status" -eq 139 ]
	# -F: no fork, the program stays outside; its children go in
	run "$BIN/nsenter" -t "$TARGET" -p -F sh -c 'echo $$; sh -c "echo \$\$"'
	[ "${lines[0]}" -gt 100 ]
	[ "${lines[1]}" -lt 100 ]
}

@test "-p fork mode mirrors the child's stops" {
	spawn_container
	"$BIN/nsenter" -t "$TARGET" -p sh -c 'kill -STOP $$; exit 5' 3>&- &
	outer=$!
	track "$outer"
	for ((i = 0; i < 400; i++)); do
		state=$(awk '{print $3}' "/proc/$outer/stat")
		[ "$state" = T ] && break
		sleep 0.05
	done
	[ "$state" = T ]
	kill -CONT "$outer"
	wait "$outer" && rc=0 || rc=$?
	[ "$rc" -eq 5 ]
}

# What a program sees of /proc: the comm of pid 1, the number of pids.
PROC_VIEW='cat /proc/1/comm; ls /proc | grep -c "^[0-9]"'

# cached_or_skip NSENTER...: skip where --mount-proc refuses the root's
# file system, whose every lookup is checked (9p under scripts/vm, NFS,
# FUSE), so that DIR cannot be found through the kernel's cache alone.
cached_or_skip() {
	local err
	err=$("$@" true 2>&1 >/dev/null) && return 0
	[[ $err != *"is not in the kernel's cache"* ]] ||
		skip "this root's file system checks each lookup (9p, NFS, FUSE): --mount-proc refuses it, as said"
}

@test "--mount-proc: the forked child's /proc is the target pid namespace's; the target is not changed" {
	spawn_container
	# without it, /proc is the caller's (util-linux issue 660)
	run "$BIN/nsenter" -t "$TARGET" -p sh -c "$PROC_VIEW"
	[ "${lines[1]}" -gt 10 ]
	cached_or_skip "$BIN/nsenter" -t "$TARGET" -p --mount-proc
	mounts=$(cat "/proc/$TARGET/mountinfo")
	for args in "-p" "-p -m" "-a" "-a -r"; do
		# shellcheck disable=SC2086
		run "$BIN/nsenter" -t "$TARGET" $args --mount-proc sh -c "$PROC_VIEW"
		echo "$args: $output"
		[ "$status" -eq 0 ]
		[ "${lines[0]}" = sleep ]
		[ "${lines[1]}" -lt 10 ]
	done
	[ "$(cat "/proc/$TARGET/mountinfo")" = "$mounts" ]
	mkdir "$TEST_DIR/p"
	run "$BIN/nsenter" -t "$TARGET" -p --mount-proc="$TEST_DIR/p" cat "$TEST_DIR/p/1/comm"
	[ "$output" = sleep ]
	[ ! -e "$TEST_DIR/p/1" ]
	# a symlink is not followed; a root of another mount namespace is refused
	ln -s "$TEST_DIR/p" "$TEST_DIR/link"
	expect_errors "$BIN/nsenter" <<-EOF
		-t $TARGET -p --mount-proc=$TEST_DIR/link true|nsenter: cannot open $TEST_DIR/link: Not a directory
		-t $TARGET -p -r --mount-proc true|nsenter: --mount-proc: the root is not in the mount namespace entered
		-t $TARGET -p -F --mount-proc true|nsenter: options --mount-proc and --no-fork cannot be combined
	EOF
}

@test "--mount-proc into a chrooted target (-r): refused with the reason, nothing mounted" {
	need_root
	need_sys_unshare
	busybox=$(command -v busybox) && ! ldd "$busybox" > /dev/null 2>&1 ||
		skip "busybox-static is not installed"
	mkdir -p "$TEST_DIR/jail/bin"
	cp "$busybox" "$TEST_DIR/jail/bin/busybox"
	ln -s busybox "$TEST_DIR/jail/bin/sleep"
	"$SYS_UNSHARE" -m -p -f --mount-proc chroot "$TEST_DIR/jail" /bin/sleep 300 < /dev/null > /dev/null 2>&1 3>&- &
	pid=$!
	disown "$pid"
	track "$pid"
	for ((i = 0; i < 500; i++)); do
		TARGET=$(deepest "$pid")
		is_sleeping "$TARGET" && break
		sleep 0.02
	done
	is_sleeping "$TARGET"
	mounts=$(cat "/proc/$TARGET/mountinfo")
	run --separate-stderr "$BIN/nsenter" -t "$TARGET" -m -p -r --mount-proc /bin/sleep 0
	[ "$status" -eq 1 ]
	[ "$stderr" = "nsenter: --mount-proc: cannot make the mounts private: the root is a directory, not a mount (a chroot), and its mount's root is out of reach" ]
	[ "$(cat "/proc/$TARGET/mountinfo")" = "$mounts" ]
	run "$BIN/nsenter" -t "$TARGET" -m -p -r /bin/sleep 0
	[ "$status" -eq 0 ]
}

@test "--mount-proc as an ordinary user, in its own container" {
	need_sys_unshare
	spawn run_user "$SYS_UNSHARE" -r -f -p --mount-proc --kill-child
	cached_or_skip run_user "$BIN/nsenter" -t "$TARGET" -U --preserve-credentials -p --mount-proc
	run run_user "$BIN/nsenter" -t "$TARGET" -U --preserve-credentials -p --mount-proc sh -c "$PROC_VIEW"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = sleep ]
	[ "${lines[1]}" -lt 10 ]
}

@test "-U into an unprivileged container, as the unprivileged user; --preserve-credentials" {
	need_setpriv
	need_sys_unshare
	spawn as_nobody "$SYS_UNSHARE" -r -u
	# becoming root there needs setgroups(), which -r denied: as util-linux
	run --separate-stderr as_nobody "$BIN/nsenter" -t "$TARGET" -U -u id -u
	[ "$status" -eq 1 ]
	[ "$stderr" = "nsenter: setgroups failed: Operation not permitted" ]
	if [ -n "$SYS_NSENTER" ]; then
		run as_nobody "$SYS_NSENTER" -t "$TARGET" -U -u id -u
		[ "$status" -eq 1 ]
	fi
	# keeping our credentials: uid 65534 is root in there
	run as_nobody "$BIN/nsenter" -t "$TARGET" -U -u --preserve-credentials sh -c 'id -u; cat /proc/sys/kernel/hostname; readlink /proc/self/ns/user'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[2]}" = "$(readlink /proc/$TARGET/ns/user)" ]
	# where setgroups is allowed, entering makes us root
	spawn as_nobody "$SYS_UNSHARE" -U --map-user=0 -u
	run as_nobody "$BIN/nsenter" -t "$TARGET" -U --preserve-credentials id -u
	[ "$output" = 0 ]
}

@test "root entering a child user namespace becomes its root; -S/-G override; follow" {
	need_root
	need_setpriv
	need_sys_unshare
	spawn as_nobody "$SYS_UNSHARE" -r
	compare -t "$TARGET" -U sh -c 'id -u; id -g'
	[ "$(echo "$output" | paste -sd' ')" = "0 0" ]
	compare -t "$TARGET" -U --preserve-credentials id -u
	[ "$output" = 65534 ]
	spawn_container
	compare -t "$TARGET" -u -S 65534 -G 65534 sh -c 'id -u; id -g; id -G'
	[ "$(echo "$output" | paste -sd' ')" = "65534 65534 65534" ]
	# follow: the owner of /proc/PID
	spawn as_nobody
	run "$BIN/nsenter" -t "$TARGET" -u -S follow -G follow sh -c 'id -u; id -g'
	[ "$(echo "$output" | paste -sd' ')" = "65534 65534" ]
	run --separate-stderr "$BIN/nsenter" -t "$TARGET" -u -S abc true
	[ "$stderr" = "nsenter: failed to parse uid: 'abc'" ]
}

@test "--keep-caps: the capabilities the user namespace grants survive exec" {
	need_root
	need_setpriv
	need_sys_unshare
	spawn as_nobody "$SYS_UNSHARE" -r -u
	run "$BIN/nsenter" -t "$TARGET" -U -u --keep-caps grep CapAmb /proc/self/status
	[ "$status" -eq 0 ]
	[[ "$output" != *0000000000000000 ]]
	run "$BIN/nsenter" -t "$TARGET" -U -u grep CapAmb /proc/self/status
	[[ "$output" == *0000000000000000 ]]
}

@test "--user-parent enters the parent of the target's user namespace" {
	need_root
	need_sys_unshare
	spawn "$SYS_UNSHARE" -r "$SYS_UNSHARE" -r
	parent=$("$BIN/nsid" -o PARENT -n -t user "$TARGET" | tr -d ' ')
	run "$BIN/nsenter" -t "$TARGET" -U --user-parent readlink /proc/self/ns/user
	[ "$status" -eq 0 ]
	[ "$output" = "user:[$parent]" ]
}

@test "-r, -w, -W: the target's root and cwd, or given directories" {
	spawn_container
	compare -t "$TARGET" -m -w pwd
	[ "$output" = /tmp ]
	compare -t "$TARGET" -m -r -w pwd
	[ "$output" = /tmp ]
	compare -t "$TARGET" -m pwd
	[ "$output" = / ]
	run "$BIN/nsenter" -t "$TARGET" -m -W/tmp pwd
	[ "$output" = /tmp ]
	run "$BIN/nsenter" -t "$TARGET" -u -w"$TEST_DIR" pwd
	[ "$output" = "$TEST_DIR" ]
	run --separate-stderr "$BIN/nsenter" -t "$TARGET" -w -W/tmp true
	[ "$status" -eq 1 ]
	[ "$stderr" = "nsenter: options --wd and --wdns cannot be combined" ]
}

@test "-e takes the target's environment" {
	need_root
	need_sys_unshare
	SPAWN_SETUP='export NSBOX_MARK=target-env' spawn "$SYS_UNSHARE" -u
	run env -i NSBOX_MINE=1 "$BIN/nsenter" -t "$TARGET" -u -e /usr/bin/env
	[ "$status" -eq 0 ]
	[[ "$output" == *NSBOX_MARK=target-env* ]]
	[[ "$output" != *NSBOX_MINE* ]]
}

@test "-N enters the network namespace of a socket the target holds" {
	# the holder is in our network namespace; only its socket (fd 5) is in another
	start_socket_holder
	holder=$HOLDER
	[ "$(readlink /proc/$holder/ns/net)" = "$(readlink /proc/$$/ns/net)" ]
	[ "$HOLDER_NETNS" != "$(readlink /proc/$$/ns/net)" ]
	run "$BIN/nsenter" -t "$holder" -N 5 readlink /proc/self/ns/net
	[ "$status" -eq 0 ]
	[ "$output" = "$HOLDER_NETNS" ]
	run --separate-stderr "$BIN/nsenter" -t "$holder" -N 1 true
	[ "$status" -eq 1 ]
	[[ "$stderr" == "nsenter: ioctl(1, SIOCGSKNS)"* ]]
	run --separate-stderr "$BIN/nsenter" -N 5 true
	[ "$stderr" = "nsenter: no target PID specified" ]
}

@test "-c joins the target's cgroup (cgroup v2 only)" {
	spawn_container
	if [ "$(grep -c . /proc/$TARGET/cgroup)" -ne 1 ]; then
		run --separate-stderr "$BIN/nsenter" -t "$TARGET" -u -c true
		[ "$status" -eq 1 ]
		[ "$stderr" = "nsenter: --join-cgroup is only supported in cgroup v2" ]
		skip "this host is not cgroup v2 only: checked the refusal, not the join"
	fi
	run "$BIN/nsenter" -t "$TARGET" -u -c cat /proc/self/cgroup
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat /proc/$TARGET/cgroup)" ]
}

@test ":ID joins the namespace with that 64-bit id; a gone id fails clearly" {
	"$CORETEST" has ns-id || skip "this kernel (or its seccomp filter) has no NS_GET_ID (Linux 6.18+)"
	spawn_container
	id=$("$BIN/nsid" -o ID -n -t net "$TARGET" | tr -d ' ')
	# (stdout only: the search reads the host, whose other processes may
	# earn a warning, such as a mount table too long to read whole)
	run --separate-stderr "$BIN/nsenter" --net=:"$id" readlink /proc/self/ns/net
	[ "$status" -eq 0 ]
	[ "$output" = "$(readlink /proc/$TARGET/ns/net)" ]
	handle=$("$BIN/nsid" -o HANDLE -n -t uts "$TARGET" | tr -d ' ')
	run --separate-stderr "$BIN/nsenter" --uts=:"$handle" cat /proc/sys/kernel/hostname
	[ "$output" = tgt ]
	run --separate-stderr "$BIN/nsenter" --net=:18446744073709551615 true
	[ "$status" -eq 1 ]
	[ "$(but_host <<< "$stderr")" = "nsenter: :18446744073709551615: no namespace with this id among the ones lsns lists" ]
	run --separate-stderr "$BIN/nsenter" --net=:xyz true
	[ "$stderr" = "nsenter: invalid namespace id: ':xyz'" ]
}

@test ":ID joins a namespace held only by a bind mount, with the ID lsns prints" {
	"$CORETEST" has ns-id || skip "this kernel (or its seccomp filter) has no NS_GET_ID (Linux 6.18+)"
	need_root
	need_sys_unshare
	bind_netns "$TEST_DIR/netns"
	id=$(in_world "$BIN/lsns" -n -r -o NS,ID -t net | grep "^$NETNS " | cut -d' ' -f2)
	[ -n "$id" ]
	run in_world "$BIN/nsenter" --net=:"$id" readlink /proc/self/ns/net
	[ "$status" -eq 0 ]
	[ "$output" = "net:[$NETNS]" ]
	# the program gets our open-file limit, not the one the search raised
	run in_world sh -c "ulimit -Sn 1000 && '$BIN/nsenter' --net=:$id sh -c 'ulimit -Sn'"
	[ "$output" = 1000 ]
}

@test ":ID: the search's socket worker is no child of the program nsenter execs" {
	"$CORETEST" has ns-id || skip "this kernel (or its seccomp filter) has no NS_GET_ID (Linux 6.18+)"
	# a socket in another network namespace: the search asks a worker
	start_socket_holder
	spawn_container
	id=$("$BIN/nsid" -o ID -n -r -t net "$TARGET")
	for i in 1 2 3 4 5 6 7 8; do
		run --separate-stderr "$BIN/nsenter" --net=:"$id" sh -c 'read -r kids < /proc/$$/task/$$/children; echo "[$kids]"'
		[ "$status" -eq 0 ]
		[ "$output" = "[]" ]
	done
}

@test "PID:INODE guards against pid reuse" {
	spawn_container
	inode=$(python3 -c "import os,sys; fd=os.pidfd_open($TARGET); print(os.fstat(fd).st_ino)" 2>/dev/null) ||
		skip "python3 without os.pidfd_open"
	if ! "$CORETEST" has pidfs; then
		# before 6.9 every pidfd has the one anonymous inode: no guard, said so
		run --separate-stderr "$BIN/nsenter" -t "$TARGET:$inode" -u true
		[ "$status" -eq 1 ]
		[ "$stderr" = "nsenter: PID:INODE needs pidfds with inodes (Linux 6.9+)" ]
		skip "this kernel has no pidfs (Linux 6.9+): checked the refusal, not the guard"
	fi
	run "$BIN/nsenter" -t "$TARGET:$inode" -u cat /proc/sys/kernel/hostname
	[ "$status" -eq 0 ]
	[ "$output" = tgt ]
	# nsid's PIDINO is that argument
	[ "$("$BIN/nsid" -n -o PIDINO -t uts "$TARGET")" = "$TARGET:$inode" ]
	# the pid names another process: said so, not "No such process"
	run --separate-stderr "$BIN/nsenter" -t "$TARGET:$((inode + 1))" -u true
	[ "$status" -eq 1 ]
	[ "$stderr" = "nsenter: PID $TARGET is not the process named (pidfs inode $inode, not $((inode + 1))): it exited and its pid was reused, or the inode is wrong" ]
}

@test "a closed stdin does not skip the join (fd 0 is a valid pidfd)" {
	spawn_container
	run "$BIN/nsenter" -t "$TARGET" -u cat /proc/sys/kernel/hostname 0<&-
	[ "$status" -eq 0 ]
	[ "$output" = tgt ]
}

@test "no nsbox fd reaches the program" {
	spawn_container
	expected=$(ls /proc/self/fd 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- | paste -sd' ')
	for args in "-u" "-a" "-p -m -r -w" "-e -u" "--uts=/proc/$TARGET/ns/uts"; do
		# shellcheck disable=SC2086
		run "$BIN/nsenter" -t "$TARGET" $args ls /proc/self/fd 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
		echo "$args: $output"
		[ "$(echo "$output" | paste -sd' ')" = "$expected" ]
	done
}

@test "an unreadable target says why" {
	need_setpriv
	spawn_container
	run --separate-stderr as_nobody "$BIN/nsenter" -t "$TARGET" -u true
	[ "$status" -eq 1 ]
	[ "$stderr" = "nsenter: permission denied on the uts namespaces of PID $TARGET; are you root, or in the target's user namespace?" ]
}

@test "bad input: util-linux's messages and exit codes" {
	spawn_container
	expect_errors "$BIN/nsenter" <<EOF
|nsenter: no namespace specified
-t $TARGET|nsenter: no namespace specified
-m|nsenter: no target PID specified
-a|nsenter: no target PID specified for --all
-t abc -m|nsenter: failed to parse PID argument 'abc': Invalid argument
-t 0 -m|nsenter: failed to parse PID argument '0': Numerical result out of range
-t -5 -m|nsenter: failed to parse PID argument '-5': Invalid argument
-t 2147483646 -m true|nsenter: cannot open /proc/2147483646/ns/mnt: No such file or directory
-t $TARGET -t $TARGET -m|nsenter: option --target may be given only once
--mount=$TEST_DIR/none true|nsenter: cannot open $TEST_DIR/none: No such file or directory
-S abc -t $TARGET -u|nsenter: failed to parse uid: 'abc'
--bogus|$BIN/nsenter: unrecognized option '--bogus'
-w -W/ -t $TARGET -m|nsenter: options --wd and --wdns cannot be combined
EOF
	run -127 "$BIN/nsenter" -t "$TARGET" -u "$TEST_DIR/none"
	[ "$output" = "nsenter: failed to execute $TEST_DIR/none: No such file or directory" ]
	run -126 "$BIN/nsenter" -t "$TARGET" -u /etc/passwd
	[ "$output" = "nsenter: failed to execute /etc/passwd: Permission denied" ]
	# -mu is --mount=u
	run --separate-stderr "$BIN/nsenter" -t "$TARGET" -mu true
	[ "$stderr" = "nsenter: cannot open u: No such file or directory" ]
}
