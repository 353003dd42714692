#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# The multi-call binary: dispatch, --list/--help/--version/--install, the
# build's promises (static, small, runs from an empty root).

load helpers/common

setup() { common_setup; }
teardown() { common_teardown; }

@test "--list prints every registered applet, one per line, sorted" {
	run "$NSBOX" --list
	[ "$status" -eq 0 ]
	[ -n "$output" ]
	[ "$output" = "$(printf '%s\n' "${lines[@]}" | LC_ALL=C sort)" ]
	[[ "${lines[*]}" == *nsid* ]]
}

@test "--help shows usage and every applet with its summary" {
	run "$NSBOX" --help
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "Usage: nsbox APPLET"* ]]
	for applet in $("$NSBOX" --list); do
		echo "$output" | grep -E "^  $applet +[a-z]"
	done
}

@test "bare nsbox prints usage to stderr and exits 1" {
	run --separate-stderr "$NSBOX"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" == *"Usage: nsbox"* ]]
}

@test "--version: nsbox X.Y.Z, and APPLET --version: APPLET from nsbox X.Y.Z" {
	run "$NSBOX" --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^nsbox\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	version=${output#nsbox }
	for applet in $("$NSBOX" --list); do
		run "$BIN/$applet" --version
		[ "$status" -eq 0 ]
		[ "$output" = "$applet from nsbox $version" ]
		run "$BIN/$applet" -V
		[ "$output" = "$applet from nsbox $version" ]
	done
}

@test "every applet has -h/--help on stdout, exit 0" {
	# "Usage: APPLET", or util-linux's "Usage:" line, then " APPLET [options]"
	for applet in $("$NSBOX" --list); do
		run "$BIN/$applet" --help
		[ "$status" -eq 0 ]
		[[ "${lines[0]} ${lines[1]}" =~ ^Usage:\ +$applet\  ]]
		run "$BIN/$applet" -h
		[[ "${lines[0]} ${lines[1]}" =~ ^Usage:\ +$applet\  ]]
		run "$NSBOX" --help "$applet"
		[[ "${lines[0]} ${lines[1]}" =~ ^Usage:\ +$applet\  ]]
	done
}

@test "dispatch by symlink, by hard link and as nsbox APPLET give the same result" {
	is_asan || { ln "$NSBOX" "$TEST_DIR/nsid" 2>/dev/null || cp "$NSBOX" "$TEST_DIR/nsid"; }
	by_link=$("$BIN/nsid" -t net $$)
	by_name=$("$NSBOX" nsid -t net $$)
	[ "$by_link" = "$(ns_ino $$ net)" ]
	[ "$by_name" = "$by_link" ]
	if ! is_asan; then
		[ "$("$TEST_DIR/nsid" -t net $$)" = "$by_link" ]
	fi
}

@test "unknown applet: 'nsbox: NAME: applet not found', exit 127" {
	run -127 --separate-stderr "$NSBOX" frobnicate
	[ "$status" -eq 127 ]
	[ "$stderr" = "nsbox: frobnicate: applet not found" ]
	ln -s "$NSBOX" "$TEST_DIR/frob"
	run -127 --separate-stderr "$TEST_DIR/frob"
	[ "$status" -eq 127 ]
	[ "$stderr" = "nsbox: frob: applet not found" ]
}

@test "a renamed binary (nsbox-static) still acts as nsbox" {
	ln -s "$NSBOX" "$TEST_DIR/nsbox-static"
	run "$TEST_DIR/nsbox-static" --list
	[ "$status" -eq 0 ]
	[ "$output" = "$("$NSBOX" --list)" ]
}

@test "--install DIR makes hard links to the running binary" {
	is_asan && skip "the sanitizer build is not installed"
	cp "$NSBOX" "$TEST_DIR/nsbox"
	mkdir "$TEST_DIR/inst"
	run "$TEST_DIR/nsbox" --install "$TEST_DIR/inst"
	[ "$status" -eq 0 ]
	for applet in $("$NSBOX" --list); do
		[ -f "$TEST_DIR/inst/$applet" ]
		[ ! -L "$TEST_DIR/inst/$applet" ]
		[ "$TEST_DIR/inst/$applet" -ef "$TEST_DIR/nsbox" ]
	done
}

@test "--install -s DIR makes symlinks, and leaves an existing file alone with a warning" {
	mkdir "$TEST_DIR/inst"
	echo keep > "$TEST_DIR/inst/nsid"
	run --separate-stderr "$NSBOX" --install -s "$TEST_DIR/inst"
	[ "$status" -eq 0 ]
	[ "$(cat "$TEST_DIR/inst/nsid")" = keep ]
	[[ "$stderr" == *"$TEST_DIR/inst/nsid exists, left alone"* ]]
	for applet in $("$NSBOX" --list); do
		[ "$applet" = nsid ] && continue
		[ -L "$TEST_DIR/inst/$applet" ]
		[ "$(readlink "$TEST_DIR/inst/$applet")" = "$(readlink -f "$NSBOX")" ]
		"$TEST_DIR/inst/$applet" --version
	done
}

@test "--install into a missing directory fails with a message, exit 1" {
	run --separate-stderr "$NSBOX" --install -s "$TEST_DIR/none"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "nsbox: cannot symlink $TEST_DIR/none/"*": No such file or directory"* ]]
	run "$NSBOX" --install
	[ "$status" -eq 1 ]
}

@test "the binary is a static x86_64 ELF: no PT_INTERP, no DYNAMIC section" {
	is_asan && skip "the sanitizer build is dynamic by design"
	command -v readelf >/dev/null || skip "readelf is not installed"
	run readelf -h "$NSBOX"
	# (NSBOX_ARCH: scripts/vm's i386 guest runs the i386 build)
	case ${NSBOX_ARCH:-x86_64} in
	i386) [[ "$output" == *"Intel 80386"* ]] ;;
	*) [[ "$output" == *"Advanced Micro Devices X86-64"* ]] ;;
	esac
	run readelf -l "$NSBOX"
	[ "$status" -eq 0 ]
	[[ "$output" != *INTERP* ]]
	run readelf -d "$NSBOX"
	[[ "$output" == *"There is no dynamic section"* ]]
}

@test "the stripped binary stays within its 128 KiB budget" {
	is_asan && skip "the sanitizer build is not the shipped binary"
	[ "${NSBOX_ARCH:-x86_64}" = x86_64 ] || skip "the budget is the x86_64 build's (this is $NSBOX_ARCH)"
	run "$BATS_TEST_DIRNAME/../scripts/size" "$NSBOX"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(stat -c %s "$NSBOX")" -le 131072 ]
}

@test "runs from an empty root: only nsbox and a mounted /proc, via chroot" {
	is_asan && skip "the sanitizer build needs its shared libraries"
	need_root
	need_sys_unshare
	root=$TEST_DIR/root
	mkdir -p "$root/proc"
	cp "$NSBOX" "$root/nsbox"
	# a private mount namespace: the proc mount dies with it
	run "$SYS_UNSHARE" -m sh -c "mount -t proc proc '$root/proc' && chroot '$root' /nsbox --list && chroot '$root' /nsbox --help && chroot '$root' /nsbox nsid -t uts"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Usage: nsbox"* ]]
	[[ "$output" == *$(ns_ino $$ uts)* ]]
	[ "$(ls -A "$root/proc")" = "" ]
}

@test "no fd opened by nsbox reaches a child: every fd is close-on-exec" {
	# nsid holds /proc/PID/ns fds while it works; strace shows every open
	command -v strace >/dev/null || skip "strace is not installed"
	is_asan && skip "the sanitizer runtime opens files of its own"
	run strace -f -e trace=openat,open,pidfd_open,socket -o "$TEST_DIR/trace" "$BIN/nsid" -l -t net,user $$
	[ "$status" -eq 0 ]
	grep -E '= [0-9]+$' "$TEST_DIR/trace" > "$TEST_DIR/opens"
	[ -s "$TEST_DIR/opens" ]
	run grep -v -E 'O_CLOEXEC|pidfd_open' "$TEST_DIR/opens"
	[ "$status" -ne 0 ]
}

@test "make install: nsbox in PREFIX/bin under DESTDIR, and a symlink per applet" {
	command -v make >/dev/null || skip "make is not installed"
	repo=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	[ -x "$repo/nsbox" ] || skip "no static nsbox built in $repo"
	run make -s -C "$repo" install DESTDIR="$TEST_DIR/dest" PREFIX=/usr
	echo "$output"
	[ "$status" -eq 0 ]
	[ -x "$TEST_DIR/dest/usr/bin/nsbox" ]
	cmp "$TEST_DIR/dest/usr/bin/nsbox" "$repo/nsbox"
	for applet in $("$repo/nsbox" --list); do
		[ "$(readlink "$TEST_DIR/dest/usr/bin/$applet")" = nsbox ]
		"$TEST_DIR/dest/usr/bin/$applet" --version
	done
}

@test "every applet's --help lists every option it takes (whole options, from its option table)" {
	for applet in $("$NSBOX" --list); do
		run "$BIN/$applet" --list-options
		[ "$status" -eq 0 ]
		[ "$(echo "$output" | wc -l)" -ge 5 ]
		help_lists_every_option "$applet"
	done
}

@test "-h/--help and -V/--version work anywhere among any applet's options, and abbreviated" {
	for applet in $("$NSBOX" --list); do
		run "$BIN/$applet" --he
		[ "$status" -eq 0 ]
		[[ "$output" == *"Usage:"* ]]
		run "$BIN/$applet" --vers
		[ "$output" = "$applet from nsbox $("$NSBOX" --version | cut -d' ' -f2)" ]
		run "$BIN/$applet" -V
		[ "$status" -eq 0 ]
	done
	run "$BIN/lsns" -n --help
	[[ "$output" == *"Usage:"* ]]
	run "$BIN/nsenter" -t 1 -h
	[[ "$output" == *"Usage:"* ]]
}

# closed_reader CMD...: run CMD with stdout a pipe whose reader is already
# gone (every write fails with EPIPE or raises SIGPIPE), SIGPIPE at its
# default; prints CMD's exit status (128+N for a death by signal N).
closed_reader() {
	python3 -c 'import os, signal, subprocess, sys
r, w = os.pipe()
os.close(r)
rc = subprocess.call(sys.argv[1:], stdout=w, restore_signals=True)
print(128 - rc if rc < 0 else rc)' "$@"
}

@test "a reader gone while SIGPIPE is ignored (systemd's IgnoreSIGPIPE): EPIPE alone ends the output quietly, exit 0" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	for cmd in "$BIN/lsns" "$BIN/lsns -J" "$BIN/nsid" "$NSBOX --help" "$NSBOX --list"; do
		# (a pipe whose reader is closed before the writer starts; the
		# child keeps python's ignored SIGPIPE)
		# shellcheck disable=SC2086
		run python3 -c '
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run(sys.argv[2:], stdout=w, stderr=open(sys.argv[1] + ".err", "w"), restore_signals=False)
print(p.returncode)' "$TEST_DIR/stderr" $cmd
		echo "$cmd: $output: $(cat "$TEST_DIR/stderr.err")"
		[ "$output" = 0 ]
		says_nothing "$TEST_DIR/stderr.err"
	done
}

@test "a reader that went away ends the output quietly, exit 0, in every mode" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	spawn "$BIN/unshare" -n
	# lsns in a pid namespace and /proc of its own sees only itself
	own="$BIN/unshare -r -f -p --mount-proc"
	while IFS= read -r cmd; do
		# shellcheck disable=SC2086
		run --separate-stderr closed_reader $cmd
		echo "$cmd -> $output: $stderr"
		[ "$output" = 0 ]
		[ -z "$stderr" ]
	done <<-EOF2
		$own $BIN/lsns
		$own $BIN/lsns -l
		$own $BIN/lsns -r
		$own $BIN/lsns -J
		$own $BIN/lsns -T
		$BIN/lsns -H
		$own $BIN/lsns -t net -o NS,NSFS,HOLDER
		$BIN/lsns --help
		$BIN/nsid
		$BIN/nsid -l $TARGET
		$BIN/nsid -J -a $TARGET
		$BIN/nsid -c $TARGET
		$BIN/nsid --help
		$NSBOX --help
		$NSBOX --help lsns
		$NSBOX --list
		$NSBOX --version
		$BIN/unshare --help
		$BIN/nsenter --version
	EOF2
	# --same keeps its answer (1: different) when nobody reads it
	run closed_reader "$BIN/nsid" -s $$ "$TARGET"
	[ "$output" = 1 ]
	# a program nsenter runs gets SIGPIPE at its default, as from a shell
	run closed_reader "$BIN/nsenter" -t "$TARGET" -n yes
	[ "$output" = 141 ]
}

@test "set -o pipefail; lsns | head -1: exit 0 in every run" {
	own=("$BIN/unshare" -r -f -p --mount-proc)
	for i in $(seq 20); do
		run bash -c 'set -o pipefail; "$@" | head -1 >/dev/null; echo "${PIPESTATUS[*]}"' sh "${own[@]}" "$BIN/lsns"
		[ "$output" = "0 0" ]
		run bash -c '"$@" -J | true; echo "${PIPESTATUS[*]}"' sh "${own[@]}" "$BIN/lsns"
		[ "$output" = "0 0" ]
	done
	# output larger than a pipe holds (800 targets: about 110 KiB against
	# 64 KiB; nsid keeps an fd per target, and the customary soft limit,
	# 1024 in the 5.10 guest, is for more than this test): the reader
	# leaves mid-way
	targets=$(yes $$ | head -800 | paste -sd' ')
	[ "$("$BIN/nsid" $targets | wc -c)" -gt 65536 ]
	for i in 1 2 3; do
		# shellcheck disable=SC2086
		run bash -c 'set -o pipefail; "$@" | head -1 >/dev/null; echo "${PIPESTATUS[*]}"' sh "$BIN/nsid" $targets
		[ "$output" = "0 0" ]
	done
}

@test "--help with an unknown applet is a usage error, exit 1" {
	run --separate-stderr "$NSBOX" --help bogus
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "nsbox: bogus: applet not found
Try 'nsbox --help' for more information." ]
	run "$NSBOX" --help lsns
	[ "$status" -eq 0 ]
	[[ "$output" == *"Usage:"*" lsns "* ]]
}

@test "--install (hard links) into another filesystem: one line, with the hint to use -s" {
	is_asan && skip "the sanitizer build is not installed"
	cp "$NSBOX" "$TEST_DIR/nsbox"
	mkdir "$TEST_DIR/other"
	if is_root; then
		mount -t tmpfs none "$TEST_DIR/other"
		track_mount "$TEST_DIR/other"
	else
		[ "$(stat -c %d /dev/shm)" != "$(stat -c %d "$TEST_DIR")" ] || skip "no other filesystem to install into"
		rmdir "$TEST_DIR/other"
		mkdir "/dev/shm/${TEST_DIR##*/}" && ln -s "/dev/shm/${TEST_DIR##*/}" "$TEST_DIR/other"
	fi
	run --separate-stderr "$TEST_DIR/nsbox" --install "$TEST_DIR/other"
	[ "$status" -eq 1 ]
	[ "$stderr" = "nsbox: cannot hard-link into $TEST_DIR/other, another filesystem: use --install -s" ]
	[ -z "$(ls "$TEST_DIR/other")" ]
	# -s: links to the binary's real path, as --help says
	"$TEST_DIR/nsbox" --install -s "$TEST_DIR/other"
	[ "$(readlink "$TEST_DIR/other/nsid")" = "$(readlink -f "$TEST_DIR/nsbox")" ]
	"$NSBOX" --help | grep -q -- "-s: symlinks to its real path"
	is_root || rm -rf "/dev/shm/${TEST_DIR##*/}"
}

@test "no proc filesystem on /proc: lsns and nsid say to mount one" {
	# (the sanitizer runtime reads its options, log_path and detect_leaks,
	# from /proc/self/environ: without /proc it reports to stderr and its
	# leak check fails)
	is_asan && skip "the sanitizer runtime needs /proc"
	# a user namespace of our own lets an ordinary user cover /proc too
	while IFS= read -r cmd; do
		# shellcheck disable=SC2086
		run --separate-stderr "$BIN/unshare" -rm sh -c "mount -t tmpfs none /proc && exec \"\$0\" \"\$@\"" "$BIN"/$cmd
		echo "$cmd -> $status: $stderr"
		[ "$status" -eq 1 ]
		[ "$stderr" = "${cmd%% *}: /proc is not mounted (mount -t proc proc /proc)" ]
	done <<-EOF2
		lsns
		lsns -t net
		nsid
		nsid $$
		nsid -t net $$
	EOF2
}
