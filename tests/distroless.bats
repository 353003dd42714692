#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# Debugging a distroless container from the host: nsenter --host-exec runs
# host programs inside one that has no files of its own to run, and the
# CONTAINER column names the container of each namespace's process.

load helpers/common

PAUSE=$(cd "$BATS_TEST_DIRNAME" && pwd)/helpers/pause
BUSYBOX=$(command -v busybox || true)

setup() { common_setup; export LC_ALL=C.UTF-8; }
teardown() {
	common_teardown
	local i
	for ((i = ${#CGROUPS[@]} - 1; i >= 0; i--)); do	# innermost first
		rmdir "${CGROUPS[i]}" 2>/dev/null || true
	done
}
CGROUPS=()

# is_tomoyo_message APPLET PROGRAM TEXT: TEXT is what --host-exec says when
# TOMOYO before 6.1 cannot find PROGRAM's /dev/fd/N name inside the target.
is_tomoyo_message() {
	[[ "$3" == "$1: failed to execute $2: a security module (TOMOYO before Linux 6.1) looks it up as /dev/fd/"[0-9]*" inside the target, where neither /dev/fd nor /proc/self leads to it" ]]
}

need_busybox() {
	[ -n "$BUSYBOX" ] && ! ldd "$BUSYBOX" >/dev/null 2>&1 ||
		skip "busybox-static is not installed"
}

# A distroless container: new mount, pid, uts, ipc and net namespaces whose
# root (pivot_root, as runtimes do) holds nothing but one static program
# (tests/helpers/pause) and /proc. Sets CONTAINER_PID (its pid 1, as seen
# from here) and ROOT (the directory, as seen from here).
spawn_distroless() {
	need_root
	need_sys_unshare
	need_busybox
	[ -x "$PAUSE" ] || skip "no tests/helpers/pause (make tests/helpers/pause)"
	ROOT=$TEST_DIR/root
	mkdir -p "$ROOT/proc" "$ROOT/.old"
	cp "$PAUSE" "$ROOT/pause"
	# busybox runs the setup: after pivot_root its applets still work (in
	# process); the host's dynamically linked tools would not
	"$SYS_UNSHARE" -fpmuin --kill-child "$BUSYBOX" sh -c "
		mount --make-rprivate / &&
		mount --bind '$ROOT' '$ROOT' &&
		mount -t proc proc '$ROOT/proc' &&
		hostname distroless &&
		cd '$ROOT' && pivot_root . .old &&
		umount -l /.old && rmdir /.old && exec /pause" 3>&- &
	local top=$! i
	disown "$top"
	track "$top"
	for ((i = 0; i < 800; i++)); do
		CONTAINER_PID=$(cat "/proc/$top/task/$top/children" 2>/dev/null | cut -d' ' -f1)
		[ -n "$CONTAINER_PID" ] && [ "$(cat "/proc/$CONTAINER_PID/comm" 2>/dev/null)" = pause ] && break
		sleep 0.025
	done
	track "$CONTAINER_PID"
	[ "$(cat "/proc/$CONTAINER_PID/comm")" = pause ]
	[ "$(ls -A "/proc/$CONTAINER_PID/root")" = "$(printf 'pause\nproc')" ]
}

@test "--host-exec: busybox's sh, nsbox's own applets run where util-linux's nsenter finds nothing to run" {
	spawn_distroless
	# util-linux (and nsenter without --host-exec) look the program up
	# inside, where there is none
	if [ -n "$SYS_NSENTER" ]; then
		run -127 "$SYS_NSENTER" -t "$CONTAINER_PID" -a sh -c true
		[ "$status" -eq 127 ]
	fi
	run -127 --separate-stderr "$BIN/nsenter" -t "$CONTAINER_PID" -a sh -c true
	[ "$stderr" = "nsenter: failed to execute sh: No such file or directory" ]
	# with --host-exec: the container's view: its root, hostname, pid 1
	run --separate-stderr "$BIN/nsenter" -t "$CONTAINER_PID" -a --host-exec "$BUSYBOX" sh -c \
		'ls -A /; hostname; tr "\\0" " " < /proc/1/cmdline; echo; echo $PPID'
	echo "status $status: $output $stderr"
	[ "$status" -eq 0 ]
	# (PPID 0: nsenter, its parent, is outside the pid namespace)
	[ "$output" = "$(printf 'pause\nproc\ndistroless\n/pause \n0')" ]
	# busybox found in PATH, exit status passed on
	run env PATH="$(dirname "$BUSYBOX")" "$NSBOX" nsenter -t "$CONTAINER_PID" -a --host-exec busybox sh -c 'exit 7'
	[ "$status" -eq 7 ]
	# nsbox's own applets, by path or as the running binary
	run --separate-stderr "$BIN/nsenter" -t "$CONTAINER_PID" -a --host-exec "$NSBOX" nsid -t uts
	echo "nsid: $status $output $stderr"
	if is_asan; then	# the sanitizer build is dynamically linked: refused, rightly
		[ "$status" -eq 126 ]
		[[ "$stderr" == *" is dynamically linked: its loader "*" would come from the target and run with our privileges; "* ]]
		return 0
	fi
	[ "$status" -eq 0 ]
	[ "$output" = "$(ns_ino "$CONTAINER_PID" uts)" ]
	run "$BIN/nsenter" -t "$CONTAINER_PID" -a --host-exec /proc/self/exe lsns -n -o PID,COMMAND -t pid
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | head -1 | tr -s ' ')" = " 1 /pause" ]
}

@test "--host-exec with -F, -r, -w, -S/-G, --preserve-credentials, and -p's child" {
	spawn_distroless
	run --separate-stderr "$BIN/nsenter" -t "$CONTAINER_PID" -m -u -p -r -w -F --host-exec "$BUSYBOX" sh -c 'echo $$; pwd; hostname'
	echo "$status: $output $stderr"
	if [ "$status" -eq 127 ]; then
		# TOMOYO before 6.1 (Debian's 5.10): with -F this process is not in
		# the container's pid namespace, so its /proc/self leads nowhere
		is_tomoyo_message nsenter "$BUSYBOX" "$stderr"
	else
		[ "$status" -eq 0 ]
		[ "$(echo "$output" | sed -n 2,3p | paste -sd' ')" = "/ distroless" ]
		[ "$(echo "$output" | head -1)" != 2 ]	# -F: no fork into the pid namespace
	fi
	run "$BIN/nsenter" -t "$CONTAINER_PID" -a -S 1234 -G 5678 --host-exec "$BUSYBOX" sh -c 'echo $(id -u) $(id -g)'
	[ "$output" = "1234 5678" ]
	run "$BIN/nsenter" -t "$CONTAINER_PID" -u --preserve-credentials --host-exec "$BUSYBOX" hostname
	[ "$output" = distroless ]
	run "$BIN/nsenter" -t "$CONTAINER_PID" -p -m --host-exec "$BUSYBOX" sh -c 'echo $PPID'
	[ "$output" = 0 ]	# the forked child is in the pid namespace, its parent not
}

@test "--host-exec refuses before entering: a dynamic program whose loader the target lacks, a script; 127, 126" {
	spawn_distroless
	dynamic=$(command -v ls)
	ldd "$dynamic" >/dev/null 2>&1 || skip "$dynamic is not dynamically linked here"
	loader=$(readelf -l "$dynamic" | sed -n 's/.*interpreter: \(.*\)]/\1/p')
	run --separate-stderr "$BIN/nsenter" -t "$CONTAINER_PID" -a --host-exec ls /
	[ "$status" -eq 126 ]
	[ "$stderr" = "nsenter: ls is dynamically linked: its loader $loader would come from the target and run with our privileges; use a static build (busybox-static, nsbox) or, to trust the target, --unsafe-target-loader" ]
	run --separate-stderr "$BIN/nsenter" -t "$CONTAINER_PID" -a --unsafe-target-loader ls /
	[ "$status" -eq 126 ]
	[ "$stderr" = "nsenter: ls is dynamically linked (needs $loader inside the target); use a static program such as busybox-static or nsbox" ]
	printf '#!/bin/sh\necho hi\n' > "$TEST_DIR/script"
	chmod +x "$TEST_DIR/script"
	run --separate-stderr "$BIN/nsenter" -t "$CONTAINER_PID" -a --host-exec "$TEST_DIR/script"
	[ "$status" -eq 126 ]
	[ "$stderr" = "nsenter: $TEST_DIR/script is a script: its interpreter would be looked up inside the target and run with our privileges; give a static shell the script on stdin instead (--host-exec busybox sh -s ARGS < $TEST_DIR/script)" ]
	run -127 --separate-stderr "$BIN/nsenter" -t "$CONTAINER_PID" -a --host-exec no-such-program-here
	[ "$stderr" = "nsenter: failed to execute no-such-program-here: No such file or directory" ]
	chmod -x "$TEST_DIR/script"
	run --separate-stderr "$BIN/nsenter" -t "$CONTAINER_PID" -a --host-exec "$TEST_DIR/script"
	[ "$status" -eq 126 ]
	# a name longer than a path can be: refused whole, never cut
	long=$(head -c 5000 /dev/zero | tr '\0' a)
	run --separate-stderr "$BIN/nsenter" -t "$CONTAINER_PID" -a --host-exec "$long"
	[ "$status" -eq 126 ]
	[[ "$stderr" == "nsenter: failed to execute aaaa"* ]]	# (one line, cut at 4 KiB)
	[ "$(echo "$stderr" | wc -l)" -eq 1 ]
	# an empty PATH entry is the working directory, as execvp has it
	mkdir "$TEST_DIR/cwd"
	ln -s "$BUSYBOX" "$TEST_DIR/cwd/hostname"
	run sh -c 'cd "$1" && PATH=":/nonexistent" "$2" -t "$3" -a --host-exec hostname' \
		sh "$TEST_DIR/cwd" "$BIN/nsenter" "$CONTAINER_PID"
	[ "$status" -eq 0 ]
	[ "$output" = distroless ]
	run --separate-stderr "$BIN/nsenter" -t "$CONTAINER_PID" -a --host-exec
	[ "$status" -eq 1 ]
	[ "$stderr" = "nsenter: --host-exec needs a program" ]
	# a dynamic program runs where its loader is: a target on our root
	SPAWN_SETUP= spawn "$SYS_UNSHARE" -u
	run "$BIN/nsenter" -t "$TARGET" -u --host-exec ls -d /
	[ "$status" -eq 0 ]
	[ "$output" = / ]
}

@test "--host-exec: no nsbox fd reaches the program but the one it runs from, which closes on exec" {
	spawn_distroless
	# the same fds as when busybox runs directly (3: ls's own directory)
	expected=$("$BUSYBOX" ls /proc/self/fd 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- | paste -sd' ')
	run "$BIN/nsenter" -t "$CONTAINER_PID" -a --host-exec "$BUSYBOX" ls /proc/self/fd 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | paste -sd' ')" = "$expected" ]
}

@test "unshare --host-exec: a program the new root does not contain" {
	need_root
	need_busybox
	mkdir -p "$TEST_DIR/newroot"
	# (no /proc there: only busybox's in-process applets run)
	run --separate-stderr "$BIN/unshare" -R "$TEST_DIR/newroot" --host-exec "$BUSYBOX" sh -c 'echo /*; pwd'
	echo "$status: $output $stderr"
	if [ "$status" -eq 127 ]; then
		# TOMOYO before 6.1 (Debian's 5.10) looks the program up as
		# /dev/fd/N in the new root: with no /dev/fd nor /proc, it says so
		is_tomoyo_message unshare "$BUSYBOX" "$stderr"
		# and with a /proc there, the program runs
		mkdir "$TEST_DIR/newroot/proc"
		run "$BIN/unshare" -R "$TEST_DIR/newroot" --mount-proc --host-exec "$BUSYBOX" sh -c 'echo /*; pwd'
		echo "$output"
		[ "$status" -eq 0 ]
		[ "$output" = "$(printf '/proc\n/')" ]
	else
		[ "$status" -eq 0 ]
		[ "$output" = "$(printf '/*\n/')" ]
	fi
	run --separate-stderr "$BIN/unshare" -R "$TEST_DIR/newroot" --host-exec ls /
	[ "$status" -eq 126 ]
	[[ "$stderr" == "unshare: ls is dynamically linked: its loader "*" would come from the target and run with our privileges; use a static build (busybox-static, nsbox) or, to trust the target, --unsafe-target-loader" ]]
	run -127 --separate-stderr "$BIN/unshare" -R "$TEST_DIR/newroot" ls /
}

# ---- CONTAINER

# A cgroup hierarchy we may make cgroups in: the unified one, else a v1
# hierarchy every process is in (pids, or systemd's named one).
cgroup_root() {
	awk '$0 ~ / - cgroup2 / { print $5; exit }' /proc/self/mountinfo | grep . ||
		awk '$0 ~ / - cgroup / && ($NF ~ /(^|,)pids(,|$)/ || $NF ~ /name=systemd/) { print $5; exit }' \
			/proc/self/mountinfo
}

# in_cgroup PATH: a sleeper in its own uts namespace (its row's process),
# moved into the cgroup PATH from the hierarchy's root, where runtimes put
# containers (made, and removed by teardown), in the test's world if it has
# one. Sets TARGET.
in_cgroup() {
	local root dir part
	root=$(cgroup_root) || skip "no cgroup hierarchy to make cgroups in"
	dir=$root
	local IFS=/
	for part in $1; do
		dir=$dir/$part
		[ -d "$dir" ] && continue
		mkdir "$dir" || skip "cannot make cgroups in $root ($dir)"
		CGROUPS+=("$dir")
	done
	unset IFS
	SPAWN_SETUP= spawn ${WORLD:+in_world} "$SYS_UNSHARE" -u
	echo "$TARGET" > "$dir/cgroup.procs" || skip "cannot move a process into $dir"
}

# A container id of this test: 64 hex digits, unique to it.
test_id() { printf '%s%056x' "$1" "$$"; }

@test "CONTAINER: each runtime's cgroup names, in table, raw and JSON; the host's rows empty" {
	need_root
	need_sys_unshare
	# (in the test's world: the same suite may run elsewhere on the host,
	# with the same container names)
	world_start
	id=$(test_id 3f2a9c1e)
	while IFS='|' read -r path expected; do
		in_cgroup "$path"
		run in_world "$BIN/lsns" -n -r -o PID,CONTAINER -t uts
		echo "$path: $output"
		echo "$output" | grep -qx "$(world_pid "$TARGET") $expected"
		run "$BIN/nsid" -n -r -o CONTAINER -t uts "$TARGET"
		[ "$output" = "$expected" ]
		kill -KILL "$TARGET"
		wait_gone "$TARGET"
	done <<EOF
system.slice/docker-$id.scope|docker:${id:0:12}
docker/$id|docker:${id:0:12}
kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1234_abcd$$.slice/cri-containerd-$id.scope|containerd:${id:0:12}
kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234_abcd$$.slice/crio-$id.scope|cri-o:${id:0:12}
kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234_abcd$$.slice|k8s-pod:1234-abcd$$
machine.slice/libpod-$id.scope|podman:${id:0:12}
lxc.payload.web1-$$|lxc:web1-$$
machine.slice/machine-box\x2d$$.scope|nspawn:box-$$
docker-12345.scope|
EOF
	# the host's own processes: empty; JSON null
	run "$BIN/lsns" -J -o PID,CONTAINER -p $$ -t uts
	echo "$output" | python3 -c '
import json, sys
rows = json.load(sys.stdin)["namespaces"]
assert rows and all(r["container"] is None for r in rows), rows'
	# the README's recipe: a container's first process, for nsenter -t
	in_cgroup "system.slice/docker-$id.scope"
	run in_world "$BIN/lsns" -n -o PID -t uts -Q "CONTAINER =~ \"^docker:${id:0:8}\""
	[ "$(echo "$output" | tr -d ' ')" = "$(world_pid "$TARGET")" ]
}

@test "CONTAINER: hostile cgroup names stay escaped; deep paths" {
	need_root
	need_sys_unshare
	in_cgroup "lxc.payload."$'\e]0;owned\a'"$$"
	# (stderr apart: a warning about another user's mount table is not
	# what this test reads)
	run --separate-stderr "$BIN/lsns" -n -o PID,CONTAINER -t uts
	[[ "$output" != *$'\e'* ]] && [[ "$output" != *$'\a'* ]]
	echo "$output" | grep -qF "$TARGET lxc:\x1b]0;owned\x07$$"
	run --separate-stderr "$BIN/lsns" -J -o PID,CONTAINER -t uts
	echo "$output" | python3 -c '
import json, sys
rows = {r["pid"]: r["container"] for r in json.load(sys.stdin)["namespaces"]}
assert rows['"$TARGET"'] == "lxc:\x1b]0;owned\x07'"$$"'", rows'
	kill -KILL "$TARGET"
	wait_gone "$TARGET"
	long=$(printf 'a%.0s' $(seq 200))
	path=$long
	# nearly PATH_MAX, the most /proc/PID/cgroup shows, below the
	# container's own cgroup (a container may nest as deep as it likes)
	for i in $(seq 18); do path=$path/$long; done
	in_cgroup "lxc.payload.deep$$/$path"
	run "$BIN/lsns" -n -r -o PID,CONTAINER -t uts
	[ "$status" -eq 0 ]
	echo "$output" | grep -qx "$TARGET lxc:deep$$"
}
