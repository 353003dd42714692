#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# unshare: util-linux's options and behaviour, on real namespaces. Where
# util-linux is installed the same scenarios run through both and the
# observable results are compared.

load helpers/common

setup() { common_setup; }
teardown() { common_teardown; }

TYPES="cgroup ipc mnt net pid time user uts"

# run_both ARGS...: run our unshare and util-linux's with the same
# arguments; OURS_STATUS/OURS_OUT and UL_STATUS/UL_OUT hold the results
# (UL_* empty without util-linux).
run_both() {
	OURS_OUT=$("$BIN/unshare" "$@" 2>"$TEST_DIR/ours.err") && OURS_STATUS=0 || OURS_STATUS=$?
	OURS_ERR=$(cat "$TEST_DIR/ours.err")
	UL_OUT= UL_STATUS=
	if [ -n "$SYS_UNSHARE" ]; then
		UL_OUT=$("$SYS_UNSHARE" "$@" 2>/dev/null) && UL_STATUS=0 || UL_STATUS=$?
	fi
}

# The program's namespaces against ours, type by type (pid and time
# through their *_for_children links): S the same, N new.
pattern_of() {
	local inside outside t result="" a b
	# nsid prints every link in one process: no fork, which matters for
	# -p without -f (the first child would be PID 1 and end the namespace)
	local nsid=("$BIN/nsid")
	# LeakSanitizer's exit-time tracer cannot be created by the first
	# process of a new pid namespace (-p without -f): it spins there.
	is_asan && nsid=(env "ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0" "$BIN/nsid")
	inside=$("$@" "${nsid[@]}" -a) || return 1
	outside=$("$BIN/nsid" -a $$)
	for t in cgroup ipc mnt net pid_for_children time_for_children user uts; do
		a=$(echo "$inside" | grep "^$t:")
		b=$(echo "$outside" | grep "^$t:")
		[ "$a" = "$b" ] && result="${result}S" || result="${result}N"
	done
	echo "$result"
}

@test "each namespace option makes a new namespace of its type, and only that" {
	need_root
	i=0
	for opt in -C -i -m -n -p -T -U -u; do
		expected=SSSSSSSS
		expected="${expected:0:$i}N${expected:$((i + 1))}"
		run pattern_of "$BIN/unshare" $opt
		[ "$status" -eq 0 ]
		echo "$opt: $output (want $expected)"
		[ "$output" = "$expected" ]
		if [ -n "$SYS_UNSHARE" ]; then
			[ "$(pattern_of "$SYS_UNSHARE" $opt)" = "$output" ]
		fi
		i=$((i + 1))
	done
	run pattern_of "$BIN/unshare" -CimnpTUu
	[ "$output" = NNNNNNNN ]
	run pattern_of "$BIN/unshare"
	[ "$output" = SSSSSSSS ]
}

@test "getopt: parsing stops at the program; -mun is -m -u -n; FILE only attached" {
	need_root
	run "$BIN/unshare" -u echo -u x
	[ "$output" = "-u x" ]
	run pattern_of "$BIN/unshare" -mun
	[ "$output" = SSNNSSSN ]
	# --mount FILE: FILE is the program
	run -127 "$BIN/unshare" --mount "$TEST_DIR/prog"
	[ "$output" = "unshare: failed to execute $TEST_DIR/prog: No such file or directory" ]
	# unique prefixes
	run "$BIN/unshare" --kill --ut echo ok
	[ "$output" = ok ]
	run "$BIN/unshare" --map
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$BIN/unshare: option '--map' is ambiguous; possibilities: '--map-user' '--map-users' '--map-group' '--map-groups' '--map-root-user' '--map-current-user' '--map-auto' '--map-subids'" ]
	[ "${lines[1]}" = "Try 'unshare --help' for more information." ]
}

@test "-r maps the caller to root and denies setgroups; -c maps to itself" {
	need_root
	run_both -r sh -c 'id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups'
	[ "$OURS_STATUS" -eq 0 ]
	[ "$(echo "$OURS_OUT" | tr -s ' ' | paste -sd'|')" = "0|0| 0 0 1| 0 0 1|deny" ]
	[ -z "$SYS_UNSHARE" ] || [ "$OURS_OUT" = "$UL_OUT" ]
	run_both -c cat /proc/self/uid_map
	[ "$(echo "$OURS_OUT" | tr -s ' ')" = " 0 0 1" ]
	[ -z "$SYS_UNSHARE" ] || [ "$OURS_OUT" = "$UL_OUT" ]
}

@test "--map-user/--map-group imply -U; only the group map denies setgroups" {
	need_root
	run_both --map-user=5 sh -c 'cat /proc/self/uid_map /proc/self/setgroups; readlink /proc/self/ns/user'
	[ "$(echo "$OURS_OUT" | sed -n 1p | tr -s ' ')" = " 5 0 1" ]
	[ "$(echo "$OURS_OUT" | sed -n 2p)" = allow ]
	[ "$(echo "$OURS_OUT" | sed -n 3p)" != "$(readlink /proc/self/ns/user)" ]
	run_both --map-group=7 sh -c 'cat /proc/self/gid_map /proc/self/setgroups'
	[ "$(echo "$OURS_OUT" | tr -s ' ' | paste -sd'|')" = " 7 0 1|deny" ]
	[ -z "$SYS_UNSHARE" ] || [ "$OURS_OUT" = "$UL_OUT" ]
	run "$BIN/unshare" --map-user=nobody id -u
	[ "$output" = "$(id -u nobody)" ]
}

@test "--setgroups allow|deny is written to the new user namespace" {
	need_root
	run_both -U --setgroups deny cat /proc/self/setgroups
	[ "$OURS_OUT" = deny ]
	[ -z "$SYS_UNSHARE" ] || [ "$OURS_OUT" = "$UL_OUT" ]
	run_both -U --setgroups allow cat /proc/self/setgroups
	[ "$OURS_OUT" = allow ]
	# -r denies already: saying so again is accepted (util-linux 2.38.1 failed)
	run "$BIN/unshare" -r --setgroups deny cat /proc/self/setgroups
	[ "$status" -eq 0 ]
	[ "$output" = deny ]
	run --separate-stderr "$BIN/unshare" --setgroups deny true
	[ "$status" -eq 1 ]
	[ "$stderr" = "unshare: write failed /proc/self/setgroups: Operation not permitted" ]
}

@test "range maps as root: written from outside; a single map punches a hole" {
	need_root
	run "$BIN/unshare" --map-users=0:100000:65536 --map-groups=0:200000:1000 \
		sh -c 'cat /proc/self/uid_map /proc/self/gid_map'
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tr -s ' ' | paste -sd'|')" = " 0 100000 65536| 0 200000 1000" ]
	# -r maps 0 -> 0 and the range loses inner id 0
	run "$BIN/unshare" --map-users=0:100000:10 -r cat /proc/self/uid_map
	[ "$(echo "$output" | tr -s ' ' | paste -sd'|')" = " 0 0 1| 1 100001 9" ]
	# the deprecated OUTER,INNER,COUNT form
	run "$BIN/unshare" --map-users=100000,0,10 cat /proc/self/uid_map
	[ "$(echo "$output" | tr -s ' ')" = " 0 100000 10" ]
	run "$BIN/unshare" --map-users=all cat /proc/self/uid_map
	[ "$(echo "$output" | tr -s ' ')" = " 0 0 4294967295" ]
}

@test "--map-auto and --map-subids read /etc/subuid and /etc/subgid (a private /etc)" {
	need_root
	need_sys_unshare
	mkdir "$TEST_DIR/etc"
	cp /etc/passwd /etc/group "$TEST_DIR/etc/"
	echo "root:300000:65536" > "$TEST_DIR/etc/subuid"
	echo "0:400000:1000" > "$TEST_DIR/etc/subgid"
	run "$SYS_UNSHARE" -m sh -c "mount --bind '$TEST_DIR/etc' /etc &&
		'$BIN/unshare' --map-auto sh -c 'cat /proc/self/uid_map /proc/self/gid_map' &&
		'$BIN/unshare' --map-subids cat /proc/self/uid_map"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tr -s ' ' | paste -sd'|')" = " 0 300000 65536| 0 400000 1000| 300000 300000 65536" ]
	run "$SYS_UNSHARE" -m sh -c "rm '$TEST_DIR/etc/subuid'; mount --bind '$TEST_DIR/etc' /etc &&
		'$BIN/unshare' --map-auto true"
	[ "$status" -eq 1 ]
	[ "$output" = 'unshare: no line matching user "root" in /etc/subuid' ]
}

@test "--owner: the new user namespace belongs to that uid" {
	need_root
	run "$BIN/unshare" --owner 65534:65534 -r cat /proc/self/uid_map
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tr -s ' ')" = " 0 65534 1" ]
	spawn "$BIN/unshare" --owner 65534:65534 -r
	[ "$("$BIN/nsid" -o OWNER -n -t user "$TARGET" | tr -d ' ')" = 65534 ]
}

@test "unprivileged: -r works through a user namespace; others say what to add" {
	need_setpriv
	run as_nobody "$BIN/unshare" -r sh -c 'id -u; cat /proc/self/uid_map'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[ "$(echo "${lines[1]}" | tr -s ' ')" = " 0 65534 1" ]
	run --separate-stderr as_nobody "$BIN/unshare" -n true
	[ "$status" -eq 1 ]
	[ "$stderr" = "unshare: unshare failed: Operation not permitted; unprivileged users need --map-root-user (-r) or --user (-U)" ]
	if [ -n "$SYS_UNSHARE" ]; then
		run as_nobody "$SYS_UNSHARE" -n true
		[ "$status" -eq 1 ]
	fi
	# all types at once, as nobody
	run as_nobody "$BIN/unshare" -r -CimnpTu -f --mount-proc cat /proc/sys/kernel/hostname
	[ "$status" -eq 0 ]
}

@test "unprivileged ranges need newuidmap: without it, 127" {
	need_setpriv
	command -v newuidmap >/dev/null && skip "newuidmap is installed here"
	run -127 --separate-stderr as_nobody env PATH=/usr/bin:/bin "$BIN/unshare" --map-users=0:65534:1 true
	[ "$stderr" = "unshare: failed to execute newuidmap: No such file or directory" ]
}

@test "namespace limits: ENOSPC names the limit" {
	need_root
	run "$BIN/unshare" -r sh -c "echo 0 > /proc/sys/user/max_uts_namespaces && '$BIN/unshare' -u true"
	[ "$status" -eq 1 ]
	[ "$output" = "unshare: unshare failed: No space left on device; a namespace limit is reached (see /proc/sys/user/max_{uts}_namespaces)" ]
}

@test "a new mount namespace is private: a mount inside never appears outside" {
	need_root
	mkdir "$TEST_DIR/m"
	run "$BIN/unshare" -m sh -c "mount -t tmpfs inner '$TEST_DIR/m' && grep -c ' $TEST_DIR/m ' /proc/self/mountinfo"
	[ "$status" -eq 0 ]
	[ "$output" = 1 ]
	run grep -q " $TEST_DIR/m " /proc/self/mountinfo
	[ "$status" -ne 0 ]
	run "$BIN/unshare" -m grep -m1 ' / / ' /proc/self/mountinfo
	[[ "$output" != *shared:* ]]
}

@test "--propagation shared|unchanged keeps a shared mount shared; unknown mode fails" {
	need_root
	mkdir -p "$TEST_DIR/s"
	mount -t tmpfs shared "$TEST_DIR/s"
	track_mount "$TEST_DIR/s"
	mount --make-shared "$TEST_DIR/s"
	mkdir "$TEST_DIR/s/a" "$TEST_DIR/s/b"
	run "$BIN/unshare" -m --propagation shared mount -t tmpfs x "$TEST_DIR/s/a"
	[ "$status" -eq 0 ]
	track_mount "$TEST_DIR/s/a"
	grep -q " $TEST_DIR/s/a " /proc/self/mountinfo
	run "$BIN/unshare" -m --propagation private mount -t tmpfs x "$TEST_DIR/s/b"
	run grep -q " $TEST_DIR/s/b " /proc/self/mountinfo
	[ "$status" -ne 0 ]
	run "$BIN/unshare" -m --propagation slave mount -t tmpfs x "$TEST_DIR/s/b"
	run grep -q " $TEST_DIR/s/b " /proc/self/mountinfo
	[ "$status" -ne 0 ]
	umount "$TEST_DIR/s/a"
	run "$BIN/unshare" --propagation bogus true
	[ "$status" -eq 1 ]
	[ "$output" = "unshare: unsupported propagation mode: bogus" ]
}

@test "persistent namespaces: --NS=FILE for every type, proved through the bind mount" {
	need_root
	mkdir "$TEST_DIR/p"
	mount -t tmpfs persist "$TEST_DIR/p"
	track_mount "$TEST_DIR/p"
	mount --make-private "$TEST_DIR/p"
	args=()
	for t in $TYPES; do
		touch "$TEST_DIR/p/$t"
		track_mount "$TEST_DIR/p/$t"
		args+=("--$([ $t = mnt ] && echo mount || echo $t)=$TEST_DIR/p/$t")
	done
	run "$BIN/unshare" "${args[@]}" -f sh -c 'for t in cgroup ipc mnt net pid_for_children time_for_children user uts; do readlink /proc/self/ns/$t; done'
	echo "$output"
	[ "$status" -eq 0 ]
	# each file holds the namespace the program was in (pid, time: the new ones)
	i=0
	for t in $TYPES; do
		i=$((i + 1))
		inside=$(echo "$output" | sed -n ${i}p)
		[ "$("$BIN/nsid" "$TEST_DIR/p/$t")" = "$inside" ]
		[ "$inside" != "$(readlink /proc/self/ns/$t)" ]
	done
	if [ -n "$SYS_NSENTER" ]; then
		[ "$("$SYS_NSENTER" --uts="$TEST_DIR/p/uts" readlink /proc/self/ns/uts)" = "$(echo "$output" | sed -n 8p)" ]
	fi
	for t in $TYPES; do umount "$TEST_DIR/p/$t"; done
}

@test "persistent namespace errors: missing FILE, --pid=FILE without --fork" {
	need_root
	run "$BIN/unshare" --ipc="$TEST_DIR/none" true
	[ "$status" -eq 1 ]
	[[ "$output" == "unshare: mount /proc/"*"/ns/ipc on $TEST_DIR/none failed: No such file or directory" ]]
	touch "$TEST_DIR/pidfile"
	run "$BIN/unshare" --pid="$TEST_DIR/pidfile" true
	[ "$status" -eq 1 ]
	[[ "$output" == "unshare: mount /proc/"*"/ns/pid_for_children on $TEST_DIR/pidfile failed: No such file or directory" ]]
}

@test "--mount-proc implies -m and mounts a proc of the new pid namespace" {
	need_root
	run "$BIN/unshare" -fp --mount-proc sh -c 'echo $$; ls /proc | grep -c "^[0-9]"'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 1 ]
	[ "${lines[1]}" -le 3 ]
	run pattern_of "$BIN/unshare" --mount-proc
	[ "$output" = SSNSSSSS ]
	run "$BIN/unshare" --mount-proc="$TEST_DIR/none" true
	[ "$status" -eq 1 ]
	[ "$output" = "unshare: mount $TEST_DIR/none failed: No such file or directory" ]
}

@test "--mount-binfmt implies -m -U; --load-interp registers an interpreter inside only" {
	need_root
	# as util-linux: it mounts a new /proc, which a user namespace may only
	# do together with a new pid namespace (-f -p)
	run "$BIN/unshare" -fp --mount-binfmt sh -c 'grep -c " /proc/sys/fs/binfmt_misc " /proc/self/mountinfo; wc -l < /proc/self/uid_map'
	[ "$status" -eq 0 ] || skip "this kernel has no binfmt_misc in user namespaces: $output"
	[ "${lines[0]}" = 1 ]
	run "$BIN/unshare" -r -fp --load-interp ':nsboxtest:E::nsboxt::/bin/cat:' cat /proc/sys/fs/binfmt_misc/nsboxtest
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = enabled ]
	[ ! -e /proc/sys/fs/binfmt_misc/nsboxtest ]
}

@test "--load-interp with the F flag and --root registers before chroot, while the interpreter resolves" {
	need_root
	mkdir "$TEST_DIR/bm" "$TEST_DIR/emptyroot"
	run "$BIN/unshare" -r --mount-binfmt="$TEST_DIR/bm" -l ':nsboxf:E::nsboxf::/bin/cat:F' \
		cat "$TEST_DIR/bm/nsboxf"
	[ "$status" -eq 0 ] || skip "this kernel has no binfmt_misc in user namespaces: $output"
	[[ "$output" == *"flags: F"* ]]
	# an empty new root has no /bin/cat: registering there would fail, so
	# getting as far as exec (127) shows the interpreter was opened before
	run -127 "$BIN/unshare" -r --mount-binfmt="$TEST_DIR/bm" -R "$TEST_DIR/emptyroot" \
		-l ':nsboxf:E::nsboxf::/bin/cat:F' /nothing
	[ "$output" = "unshare: failed to execute /nothing: No such file or directory" ]
	# without F it is registered after chroot, where /bin/cat need not exist
	run "$BIN/unshare" -r --mount-binfmt="$TEST_DIR/bm" -l ':nsboxg:E::nsboxg::/bin/cat:' cat "$TEST_DIR/bm/nsboxg"
	[[ "$output" == *"interpreter /bin/cat"* ]]
}

@test "time offsets: --monotonic and --boottime seen from inside; -T required" {
	need_root
	command -v python3 >/dev/null || skip "python3 is not installed"
	# (-f: the new time namespace is for children; only newer kernels also
	# move a program that exec()s without forking into it)
	clocks='import time; print(int(time.clock_gettime(time.CLOCK_MONOTONIC)), int(time.clock_gettime(time.CLOCK_BOOTTIME)))'
	read -r mono0 boot0 <<< "$(python3 -c "$clocks")"
	run "$BIN/unshare" -T -f --monotonic 86400 --boottime 3600 python3 -c "$clocks"
	read -r mono1 boot1 <<< "$(python3 -c "$clocks")"
	[ "$status" -eq 0 ]
	read -r mono boot <<< "$output"
	# the child's clocks, read between our two readings, are ours plus the
	# offsets (however long a busy host takes in between)
	echo "ours $mono0 $boot0, then $mono1 $boot1; the child's $mono $boot"
	[ "$mono" -ge $((mono0 + 86400)) ] && [ "$mono" -le $((mono1 + 86400)) ]
	[ "$boot" -ge $((boot0 + 3600)) ] && [ "$boot" -le $((boot1 + 3600)) ]
	run "$BIN/unshare" -T --monotonic -5 -f cat /proc/self/timens_offsets
	[ "$(echo "${lines[0]}" | tr -s ' ')" = "monotonic -5 0" ]
	run "$BIN/unshare" --monotonic 5 true
	[ "$status" -eq 1 ]
	[ "$output" = "unshare: options --monotonic and --boottime require unsharing of a time namespace (-T)" ]
	run "$BIN/unshare" -T --boottime 1x true
	[ "$output" = "unshare: failed to parse boottime offset: '1x'" ]
}

@test "--fork: the child's exit status; its death by TERM, SEGV and KILL (no message)" {
	need_root
	for args in "exit 42" 'kill -TERM $$' 'kill -SEGV $$' 'kill -KILL $$'; do
		run_both -f sh -c "$args"
		echo "$args: ours $OURS_STATUS '$OURS_ERR' util-linux $UL_STATUS"
		case $args in
		exit*) [ "$OURS_STATUS" -eq 42 ] ;;
		*TERM*) [ "$OURS_STATUS" -eq 143 ] ;;
		*SEGV*) [ "$OURS_STATUS" -eq 139 ] ;;
		*KILL*) [ "$OURS_STATUS" -eq 137 ] ;;
		esac
		[ -z "$OURS_ERR" ]
		# 2.38.1 exits 1 after a SIGKILLed child (fixed in 2.40)
		[ -z "$SYS_UNSHARE" ] || [[ "$args" == *KILL* ]] || [ "$OURS_STATUS" = "$UL_STATUS" ]
	done
	# the program is PID 1 of the new pid namespace with -f
	run "$BIN/unshare" -fp sh -c 'echo $$'
	[ "$output" = 1 ]
	# without -f it is not, and its first child is
	run "$BIN/unshare" -p sh -c 'echo $$; sh -c "echo \$\$"'
	[ "${lines[0]}" != 1 ]
	[ "${lines[1]}" = 1 ]
}

@test "--fork blocks SIGINT and SIGTERM while it waits; --forward-signals relays them" {
	need_root
	# the child is ready (it exec'd sleep) before the signals are sent
	spawn "$BIN/unshare" -f
	child=$TARGET
	parent=$(awk '{print $4}' "/proc/$child/stat")
	[ "$parent" != 1 ]
	kill -TERM "$parent"
	kill -INT "$parent"
	# blocked, not lost nor handled: both blocked and pending (INT bit 1,
	# TERM bit 14), and the parent is still there
	blocked=$(awk '$1 == "SigBlk:" { print $2 }' "/proc/$parent/status")
	pending=$(awk '$1 == "ShdPnd:" { print $2 }' "/proc/$parent/status")
	echo "blocked $blocked pending $pending"
	[ $((0x$blocked & 0x4002)) -eq $((0x4002)) ]
	[ $((0x$pending & 0x4002)) -eq $((0x4002)) ]
	run is_gone "$parent"
	[ "$status" -ne 0 ]
	run is_gone "$child"
	[ "$status" -ne 0 ]
	kill -KILL "$child"
	wait_gone "$parent"
	# the child's trap is in place (it touched the file) before TERM is sent
	"$BIN/unshare" --forward-signals sh -c 'trap "kill \$!; exit 42" TERM; touch "$1"; sleep 300 & wait' \
		sh "$TEST_DIR/trapped" 3>&- &
	parent=$!
	track "$parent"
	for ((i = 0; i < 800; i++)); do [ -e "$TEST_DIR/trapped" ] && break; sleep 0.025; done
	[ -e "$TEST_DIR/trapped" ]
	kill -TERM "$parent"
	wait "$parent" && rc=0 || rc=$?
	[ "$rc" -eq 42 ]
}

@test "--kill-child with -p: killing unshare leaves nothing behind" {
	need_root
	spawn "$BIN/unshare" -fp --kill-child
	sleeper=$TARGET
	parent=$(awk '{print $4}' "/proc/$sleeper/stat")
	kill -KILL "$parent"
	wait_gone "$sleeper"
	is_gone "$sleeper"
	run "$BIN/unshare" --kill-child=FOO true
	[ "$output" = "unshare: unknown signal: FOO" ]
	run "$BIN/unshare" --kill-child=15 true
	[ "$output" = "unshare: unknown signal: 15" ]
	run "$BIN/unshare" --kill-child=sigterm sh -c 'echo $PPID'
	[ "$status" -eq 0 ]
}

@test "-R and -w: chroot, then chdir inside the new root" {
	need_root
	run_both -R / -w /tmp pwd
	[ "$OURS_OUT" = /tmp ]
	[ -z "$SYS_UNSHARE" ] || [ "$OURS_OUT" = "$UL_OUT" ]
	run_both -w "$TEST_DIR" pwd
	[ "$OURS_OUT" = "$TEST_DIR" ]
	run "$BIN/unshare" -R "$TEST_DIR/none" true
	[ "$output" = "unshare: cannot change root directory to '$TEST_DIR/none': No such file or directory" ]
	run "$BIN/unshare" -w "$TEST_DIR/none" true
	[ "$output" = "unshare: cannot change directory to $TEST_DIR/none: No such file or directory" ]
}

@test "-S and -G set ids before exec; in an unmapped namespace they fail" {
	need_root
	run_both -S 65534 -G 65534 sh -c 'id -u; id -g; id -G'
	[ "$(echo "$OURS_OUT" | paste -sd' ')" = "65534 65534 65534" ]
	[ -z "$SYS_UNSHARE" ] || [ "$OURS_OUT" = "$UL_OUT" ]
	run "$BIN/unshare" -U -S 5 true
	[ "$status" -eq 1 ]
	[ "$output" = "unshare: setuid() failed: Invalid argument" ]
	run "$BIN/unshare" -r -G 5 true
	[ "$status" -eq 1 ]
	[ "$output" = "unshare: setgroups failed: Operation not permitted" ]
	run "$BIN/unshare" -S abc true
	[ "$output" = "unshare: failed to parse uid: 'abc'" ]
}

@test "--keep-caps raises the ambient set in a user namespace" {
	need_setpriv
	run as_nobody "$BIN/unshare" -U --keep-caps grep CapAmb /proc/self/status
	[ "$status" -eq 0 ]
	[[ "$output" != *0000000000000000 ]]
	run as_nobody "$BIN/unshare" -U grep CapAmb /proc/self/status
	[[ "$output" == *0000000000000000 ]]
}

@test "--clear-env and --whitelist-env" {
	run "$BIN/unshare" --clear-env /usr/bin/env
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	FOO=1 BAR=2 run "$BIN/unshare" --whitelist-env FOO,BAZ /usr/bin/env
	[ "$output" = FOO=1 ]
}

@test "no program: the user's shell as a login shell" {
	need_root
	run env SHELL=/bin/sh "$BIN/unshare" -u <<< 'echo $0'
	[ "$output" = -sh ]
	# no $SHELL: the passwd shell
	shell=$(getent passwd "$(id -u)" | cut -d: -f7)
	run env -u SHELL "$BIN/unshare" -u <<< 'echo $0'
	[ "$output" = "-${shell##*/}" ]
}

@test "no nsbox fd reaches the program, whatever helpers and forks it used" {
	need_root
	expected=$(ls /proc/self/fd 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- | paste -sd' ')
	mkdir "$TEST_DIR/p"
	mount -t tmpfs persist "$TEST_DIR/p"
	track_mount "$TEST_DIR/p"
	mount --make-private "$TEST_DIR/p"
	touch "$TEST_DIR/p/uts"
	track_mount "$TEST_DIR/p/uts"
	for args in "-u" "-r -f --kill-child -p" "--map-users=0:100000:10 -m --uts=$TEST_DIR/p/uts -f"; do
		# shellcheck disable=SC2086
		run "$BIN/unshare" $args ls /proc/self/fd 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
		echo "$args: $output"
		[ "$(echo "$output" | paste -sd' ')" = "$expected" ]
	done
	umount "$TEST_DIR/p/uts"
}

@test "bad input: util-linux's messages and exit codes" {
	expect_errors "$BIN/unshare" "$SYS_UNSHARE" <<EOF
--bogus|$BIN/unshare: unrecognized option '--bogus'
-x|$BIN/unshare: invalid option -- 'x'
--setgroups|$BIN/unshare: option '--setgroups' requires an argument
--fork=1|$BIN/unshare: option '--fork' doesn't allow an argument
--setgroups bogus|unshare: unsupported --setgroups argument 'bogus'
-S abc|unshare: failed to parse uid: 'abc'
-G 1x|unshare: failed to parse gid: '1x'
-r --setgroups=allow true|unshare: options --setgroups=allow and --map-group are mutually exclusive
--map-user=nosuchuser true|unshare: failed to parse uid 'nosuchuser': Invalid argument
EOF
	run --separate-stderr "$BIN/unshare" --map-users=1,2 true
	[ "$stderr" = "unshare: invalid mapping '1,2'" ]
	run --separate-stderr "$BIN/unshare" --owner x true
	[ "$stderr" = "unshare: failed to parse owner" ]
	run -127 "$BIN/unshare" "$TEST_DIR/none"
	[ "$output" = "unshare: failed to execute $TEST_DIR/none: No such file or directory" ]
	run -126 "$BIN/unshare" /etc/passwd
	[ "$output" = "unshare: failed to execute /etc/passwd: Permission denied" ]
	if [ -n "$SYS_UNSHARE" ]; then
		run -127 "$SYS_UNSHARE" "$TEST_DIR/none"
		run -126 "$SYS_UNSHARE" /etc/passwd
	fi
}

@test "-p without -f on a terminal: a note says why the program's second fork fails" {
	command -v script >/dev/null || skip "script (bsdutils) is not installed"
	run script -qec "$BIN/unshare -rp sh -c '/bin/true; /bin/true; echo forked'" /dev/null
	echo "$output"
	[[ "$output" == *"unshare: -p without -f: the program is outside the new pid namespace, its first child is PID 1 there, and after that exits no fork works (ENOMEM): -p needs -f"* ]]
	[[ "$output" != *forked* ]]
	# scripts read what util-linux prints: nothing
	run --separate-stderr "$BIN/unshare" -rp true
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	run script -qec "$BIN/unshare -rfp true" /dev/null
	[ -z "$output" ]
}
