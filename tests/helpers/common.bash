# SPDX-License-Identifier: 0BSD
bats_require_minimum_version 1.5.0

# Shared setup for nsbox's bats tests. Every test gets its own directory
# with one symlink per applet; processes the test starts are recorded by
# pid and killed in teardown (never by name).

NSBOX=${NSBOX:-$(cd "$BATS_TEST_DIRNAME/.." && pwd)/nsbox}
CORETEST=$(cd "$BATS_TEST_DIRNAME" && pwd)/helpers/coretest
RXDIFF=$(cd "$BATS_TEST_DIRNAME" && pwd)/helpers/rxdiff
SANDBOX=$(cd "$BATS_TEST_DIRNAME" && pwd)/helpers/sandbox
WORLD_HELPER=$(cd "$BATS_TEST_DIRNAME" && pwd)/helpers/world
SYS_LSNS=$(command -v lsns || true)
# util-linux's unshare builds test states where ours is not needed.
SYS_UNSHARE=$(command -v unshare || true)
SYS_NSENTER=$(command -v nsenter || true)

common_setup() {
	[ -x "$NSBOX" ] || { echo "no nsbox binary at $NSBOX: run make" >&2; return 1; }
	TEST_DIR=$(mktemp -d /tmp/nsbox-test.XXXXXX)
	chmod 1777 "$TEST_DIR"	# usable by the unprivileged user too
	BIN=$TEST_DIR/bin
	mkdir "$BIN"
	local applet
	for applet in $("$NSBOX" --list); do
		ln -s "$NSBOX" "$BIN/$applet"
	done
	: > "$TEST_DIR/pids"
	: > "$TEST_DIR/mounts"
}

common_teardown() {
	local pid mnt
	[ -n "${TEST_DIR:-}" ] || return 0
	while read -r pid; do
		[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	done < "$TEST_DIR/pids"
	while read -r pid; do
		[ -n "$pid" ] && wait_gone "$pid"
	done < "$TEST_DIR/pids"
	# innermost first
	tac "$TEST_DIR/mounts" | while read -r mnt; do
		[ -n "$mnt" ] && umount -l "$mnt" 2>/dev/null
	done
	rm -rf "$TEST_DIR"
}

# Is util-linux's lsns the 2.38 the byte-for-byte comparisons pin
# (Debian 12's)? Other releases print other rows by design (2.39+
# persistent namespaces, 2.41+ fd-held ones).
sys_lsns_is_238() {
	[ -n "$SYS_LSNS" ] && [[ "$("$SYS_LSNS" --version 2>/dev/null)" == *" 2.38"* ]]
}

is_root() { [ "$(id -u)" -eq 0 ]; }
need_root() { is_root || skip "needs root"; }
need_sys_unshare() { [ -n "$SYS_UNSHARE" ] || skip "util-linux unshare is not installed"; }
is_asan() { [ -n "${NSBOX_ASAN:-}" ]; }

# Run as the unprivileged user nobody. (setpriv leaves the process
# non-dumpable, and LeakSanitizer cannot trace such a process: leak checks
# are off for it in sanitizer runs.)
# NOBODY is that prefix as a command, for where a function cannot go
# (in_world "${NOBODY[@]}" CMD).
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
[ -z "${NSBOX_ASAN:-}" ] || NOBODY+=(env "ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0")
as_nobody() { "${NOBODY[@]}" "$@"; }
# Building (the tarball, the release, every architecture) under TCG takes
# many minutes and shows nothing about the kernel: the host's run covers it.
need_host_build() {
	[ -z "${NSBOX_VM:-}" ] || skip "a build, not a kernel matter: left to the host's run (not under scripts/vm)"
}

# run_user CMD...: CMD as an ordinary user: nobody when we are root.
run_user() {
	if is_root; then as_nobody "$@"; else "$@"; fi
}

need_setpriv() { command -v setpriv >/dev/null || skip "setpriv is not installed"; }

# ---- a private host for one test (tests/helpers/world)
# What a test compares with util-linux, draws as a tree or counts must not
# depend on the rest of the machine, where processes and namespaces come
# and go all the time. A world is the test's own user namespace (every id
# mapped to itself: root stays root, nobody nobody), mount namespace
# (without the host's nsfs mounts), pid namespace with its own /proc, and
# network, uts and ipc namespaces: in it, lsns sees the world's init, what
# the test starts there, and the host's cgroup and time namespaces those
# are in; the kernel's walks (NS_MNT_GET_NEXT, listns) show it nothing it
# has no privilege over, i.e. nothing outside.

# world_start: make one; WORLD is its init's pid (tracked: killing it ends
# everything in the world, and its mounts).
world_start() {
	[ -x "$WORLD_HELPER" ] || { echo "no $WORLD_HELPER: run make" >&2; return 1; }
	WORLD=$("$WORLD_HELPER" start) || return 1
	track "$WORLD"
}

# in_world CMD...: run CMD in the world (in the current directory).
in_world() { "$WORLD_HELPER" enter "$WORLD" "$@"; }

# world_pid PID: the pid the world knows the process PID by (its NSpid).
world_pid() {
	local nspid
	nspid=$(grep '^NSpid:' "/proc/$1/status") || return 1
	echo "${nspid##*[[:space:]]}"
}

# A new network namespace bound to FILE (as ip netns add does) in the
# test's world (made here), its inode in NETNS. The mount ends with the
# world: another process's copy of the host's mounts (any unshare -m on the
# machine) cannot hold it too.
bind_netns() {
	world_start
	touch "$1"
	in_world "$SYS_UNSHARE" --net="$1" true
	NETNS=$(in_world stat -L -c %i "$1")
}

# Record a pid for teardown.
track() { echo "$1" >> "$TEST_DIR/pids"; }
track_mount() { echo "$1" >> "$TEST_DIR/mounts"; }

# (The helpers below read /proc with builtins: on a busy host every fork
# costs, and teardown asks about every pid.)

# Is the process gone (or a zombie nobody has reaped yet)?
is_gone() {
	local stat
	{ read -r stat < "/proc/$1/stat"; } 2>/dev/null || return 0
	stat=${stat##*) }
	[ "${stat%% *}" = Z ]
}

# Wait (at most 20 s: a busy host is slow) until a process is gone.
wait_gone() {
	local i
	for ((i = 0; i < 400; i++)); do
		is_gone "$1" && return 0
		sleep 0.05
	done
	return 1
}

# spawn [PREFIX...]: start "PREFIX... sh -c 'SETUP; touch READY; exec sleep 300'"
# in the background and wait until it is ready (SETUP: $SPAWN_SETUP). Sets TARGET to the pid of
# the sleeping process: the started process itself, or, when PREFIX forks
# (unshare -f, in_world), its deepest descendant. The sleep also ends by
# itself.
spawn() {
	local ready="$TEST_DIR/ready.$RANDOM$RANDOM" i pid
	"$@" sh -c "${SPAWN_SETUP:-:}"'
touch "$1"; exec sleep 300' sh "$ready" 3>&- &
	pid=$!
	disown "$pid"	# no "Killed" job notices when teardown kills it
	track "$pid"
	for ((i = 0; i < 800; i++)); do	# (20 s: a busy host is slow)
		[ -e "$ready" ] && break
		kill -0 "$pid" 2>/dev/null || { echo "spawn: $* died" >&2; return 1; }
		sleep 0.025
	done
	[ -e "$ready" ] || { echo "spawn: $* not ready" >&2; return 1; }
	# the sleeper: the started process or, after a forking prefix
	# (unshare -f, in_world), its deepest descendant, once that has exec'd
	# sleep (until then the deepest may be the shell's touch)
	for ((i = 0; i < 500; i++)); do	# (10 s)
		TARGET=$(deepest "$pid")
		is_sleeping "$TARGET" && return 0
		sleep 0.02
	done
	echo "spawn: $* did not reach its sleep" >&2
	return 1
}

# deepest PID: the end of PID's line of first children (at most 6 levels
# down), each tracked: what a forking prefix (unshare -f, in_world) ran.
deepest() {
	local pid=$1 i kids
	for i in 1 2 3 4 5 6; do
		kids=
		{ read -r kids < "/proc/$pid/task/$pid/children"; } 2>/dev/null || :
		kids=${kids%% *}
		[ -n "$kids" ] || break
		pid=$kids
		track "$pid"
	done
	echo "$pid"
}

# but_host [FILE]: a scan's stderr without the one message the host's
# other processes may earn for a mount namespace the test did not make (a
# mount table too long to read whole); says_nothing FILE: there is no other.
but_host() { grep -v '^[a-z]*: mnt:\[[0-9]*\]: its mount table is longer than ' "$@" || :; }
says_nothing() { [ -z "$(but_host "$1")" ]; }

# Has PID exec'd sleep?
is_sleeping() {
	local comm=
	{ read -r comm < "/proc/$1/comm"; } 2>/dev/null || :
	[ "$comm" = sleep ]
}

# Wait until PID has exec'd sleep.
wait_sleeping() {
	local i
	for ((i = 0; i < 500; i++)); do	# (10 s: a busy host is slow)
		is_sleeping "$1" && return 0
		sleep 0.02
	done
	return 1
}

# The namespace inode of PID for TYPE, as the kernel names it.
ns_ino() {
	local link
	link=$(readlink "/proc/$1/ns/$2") || return 1
	link=${link#*[}
	echo "${link%]}"
}

# A process in our network namespace (the world's, in a test with one)
# that holds a new one with nothing but a socket (fd 5): sets HOLDER (its
# pid, as the world knows it) and HOLDER_NETNS (the new one's link text).
start_socket_holder() {
	need_root
	need_sys_unshare
	command -v python3 >/dev/null || skip "python3 is not installed"
	local world=() ours=/proc/$$/ns/net i
	[ -z "${WORLD:-}" ] || world=(in_world) ours=/proc/$WORLD/ns/net
	"${world[@]}" "$SYS_UNSHARE" -n python3 "$BATS_TEST_DIRNAME/helpers/socket_holder.py" \
		"$TEST_DIR/netns" 3>&- 6<"$ours" &
	HOLDER=$!
	disown "$HOLDER"
	track "$HOLDER"
	for ((i = 0; i < 400; i++)); do
		[ -e "$TEST_DIR/netns.done" ] && break
		sleep 0.05
	done
	HOLDER=$(deepest "$HOLDER")
	[ -z "${WORLD:-}" ] || HOLDER=$(world_pid "$HOLDER")
	HOLDER_NETNS=$(cat "$TEST_DIR/netns")
	[ -n "$HOLDER_NETNS" ]
}

# expect_errors TOOL [UTIL] < lines of "ARGS|MESSAGE": each ARGS makes TOOL
# exit 1 with MESSAGE as the first line on stderr; UTIL (util-linux's
# tool), when given, must exit 1 on the same ARGS too.
expect_errors() {
	local tool=$1 util=${2:-} args message
	while IFS='|' read -r args message; do
		# shellcheck disable=SC2086
		run --separate-stderr "$tool" $args
		echo "${tool##*/} $args -> $status: $stderr"
		[ "$status" -eq 1 ]
		[ "${stderr%%$'\n'*}" = "$message" ]
		if [ -n "$util" ]; then
			# shellcheck disable=SC2086
			run "$util" $args
			[ "$status" -eq 1 ]
		fi
	done
}

# Record a process and all its descendants for teardown.
track_tree() {
	local todo=$1 pid kids task
	while [ -n "$todo" ]; do
		pid=${todo%% *}
		[ "$todo" = "$pid" ] && todo= || todo=${todo#* }
		track "$pid"
		for task in /proc/"$pid"/task/*/children; do
			kids=
			{ read -r kids < "$task"; } 2>/dev/null || :
			todo="$todo ${kids% }"
		done
		todo=${todo# }
		todo=${todo% }
		while [[ "$todo" == *"  "* ]]; do todo=${todo//  / }; done
	done
}

# chain N [PREFIX...]: N nested processes (tests/helpers/chain.sh), each
# level started through PREFIX, the whole through the command in the array
# CHAIN_FIRST (if set); waits until the innermost is ready and sets
# CHAIN_TOP and CHAIN_LEAF (the innermost, a sleep). All are tracked.
# scaled N: N on the host; a quarter of it under scripts/vm (NSBOX_VM),
# where emulation (TCG) makes every exec slow: the kernel paths are the
# same, only the counts smaller.
scaled() {
	if [ -n "${NSBOX_VM:-}" ]; then echo $(($1 / 4)); else echo "$1"; fi
}

chain() {
	local n=$1 ready="$TEST_DIR/chain.$RANDOM" i
	shift
	"${CHAIN_FIRST[@]}" sh "$BATS_TEST_DIRNAME/helpers/chain.sh" "$n" "$ready" "$@" 3>&- &
	CHAIN_TOP=$!
	disown "$CHAIN_TOP"
	track "$CHAIN_TOP"
	for ((i = 0; i < 600; i++)); do
		[ -e "$ready" ] && break
		sleep 0.05
	done
	track_tree "$CHAIN_TOP"
	[ -e "$ready" ] || { echo "chain: not ready" >&2; return 1; }
	CHAIN_LEAF=$(tail -1 "$TEST_DIR/pids")
	wait_sleeping "$CHAIN_LEAF"
}

# Every option APPLET takes (its hidden --list-options, from the option
# tables the parser uses) appears in its --help as a whole option.
help_lists_every_option() {
	local applet=$1 opt help
	help=$("$BIN/$applet" --help)
	for opt in $("$BIN/$applet" --list-options); do
		opt=${opt%%[=[]*}
		grep -qE -- "(^|[ ,])$opt([ ,=[<]|\$)" <<< "$help" ||
			{ echo "$applet --help does not list $opt"; return 1; }
	done
}
