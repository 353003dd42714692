#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# Bash completion as a person gets it: an interactive bash on a
# pseudo-terminal (tests/helpers/ptycomplete.py), keys typed into readline,
# the line read back. Only names that run nsbox get nsbox's completion;
# util-linux's names keep util-linux's.

load helpers/common

ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
BASH_COMPLETION=/usr/share/bash-completion/bash_completion

setup() {
	common_setup
	command -v python3 >/dev/null || skip "python3 is not installed"
	# readline and bash, not the kernel: left to the host's run (an
	# emulated guest makes every keystroke's processes slow)
	[ -z "${NSBOX_VM:-}" ] || skip "completion is not a kernel matter: left to the host's run"
}
teardown() { common_teardown; }

need_bash_completion() {
	[ -f "$BASH_COMPLETION" ] || skip "bash-completion is not installed"
}

# A util-linux completion file for NAME, and util-linux's NAME in /usr/bin.
need_util_linux_completion() {
	[ -f "/usr/share/bash-completion/completions/$1" ] && [ -x "/usr/bin/$1" ] &&
		[[ "$("/usr/bin/$1" --version 2>/dev/null)" == *util-linux* ]] ||
		skip "util-linux's $1 and its completion are not installed"
}

# make_rc PATH [bash-completion] [nsbox.bash]: the shell's rc file.
make_rc() {
	local rc=$TEST_DIR/rc
	{
		echo "PS1='\$ '"
		echo "export PATH='$1' HOME='$TEST_DIR' XDG_DATA_DIRS='${XDG:-/usr/share}'"
		[ "${2:-}" = bash-completion ] && echo ". '$BASH_COMPLETION'"
		[ "${3:-}" = no-source ] || echo ". '$ROOT/completion/nsbox.bash'"
		echo "bind 'set bell-style none'"
		echo "bind -x '\"\\C-x\\C-p\": printf \"\\n@@<%s>@@\\n\" \"\$READLINE_LINE\"'"
	} > "$rc"
}

# keys < CASES: for each line typed (\t TAB, \e* every completion), the line after.
keys() {
	env -i HOME="$TEST_DIR" TERM=dumb INPUTRC=/dev/null PATH=/usr/bin:/bin \
		python3 "$BATS_TEST_DIRNAME/helpers/ptycomplete.py" "$TEST_DIR/rc"
}

# check < "TYPED|EXPECTED" lines: each TYPED gives the line EXPECTED.
check() {
	local typed=() expected=() i t e
	while IFS='|' read -r t e; do
		typed+=("$t")
		expected+=("$e")
	done
	mapfile -t got < <(printf '%s\n' "${typed[@]}" | keys)
	for i in "${!typed[@]}"; do
		echo "${typed[i]} -> '${got[i]-}'"
		[ "${got[i]-}" = "${expected[i]}" ] || { echo "  expected '${expected[i]}'"; return 1; }
	done
}

@test "completion in a real bash: every case of issue 25 (values, = forms, short options, arguments)" {
	spawn "$BIN/unshare" -u
	ln -s "$NSBOX" "$BIN/nsbox"
	mkdir -p "$TEST_DIR/netns"
	: > "$TEST_DIR/netns/lab"
	make_rc "$BIN:/usr/bin:/bin"
	check <<-EOF
		lsns -t\t|lsns -t 
		lsns -t ne\t|lsns -t net 
		lsns -tne\t|lsns -tnet 
		lsns --type=n\t|lsns --type=net 
		lsns --type=\e*|lsns --type=cgroup ipc mnt net pid time user uts 
		lsns --ty n\t|lsns --ty net 
		lsns --tree=\e*|lsns --tree=owner parent process 
		lsns -T\t|lsns -T 
		lsns -o NS,HOL\t|lsns -o NS,HOLDER 
		lsns -o +CONT\t|lsns -o +CONTAINER 
		lsns --output=NS,TY\t|lsns --output=NS,TYPE 
		lsns --js\t|lsns --json 
		lsns --ta\t|lsns --task=
		nsid -o HAN\t|nsid -o HANDLE 
		nsid -t ne\t|nsid -t net 
		nsenter --net=$TEST_DIR/netns/la\t|nsenter --net=$TEST_DIR/netns/lab 
		nsenter --net=/proc/self/ns/ne\t|nsenter --net=/proc/self/ns/net 
		nsenter --host\t|nsenter --host-exec 
		nsenter -S fo\t|nsenter -S follow 
		unshare --propagation s\e*|unshare --propagation shared slave 
		unshare --propagation=pr\t|unshare --propagation=private 
		unshare --setgroups=de\t|unshare --setgroups=deny 
		unshare --map-ro\t|unshare --map-root-user 
		unshare --kill-child=KIL\t|unshare --kill-child=KILL 
		unshare -p ech\t|unshare -p echo 
		unshare -fp --mount-proc ech\t|unshare -fp --mount-proc echo 
		unshare -R / -w / ech\t|unshare -R / -w / echo 
		nsenter -t $$ -n ech\t|nsenter -t $$ -n echo 
		newuts -U box ech\t|newuts -U box echo 
		nsbox ls\t|nsbox lsns 
		nsbox --he\t|nsbox --help 
		nsbox --help nse\t|nsbox --help nsenter 
		nsbox lsns -o +HOL\t|nsbox lsns -o +HOLDER 
		nsbox unshare -p ech\t|nsbox unshare -p echo 
	EOF
	# lsns NAMESPACE: namespaces, nsid TARGET and -t PID: pids, not commands
	ino=$(ns_ino "$TARGET" uts)
	mapfile -t got < <(printf 'lsns \\e*\nnsid \\e*\nnsenter -t \\e*\nlsns -p \\e*\n' | keys)
	for line in "${got[@]}"; do
		echo "${line:0:200}"
		words=(${line#* })
		[ "${#words[@]}" -gt 2 ]
		for w in "${words[@]}"; do
			[[ $w =~ ^(-t|-p|[0-9]+)$ ]] || { echo "not a number: $w"; return 1; }
		done
	done
	[[ " ${got[0]} " == *" $ino "* ]]
	[[ " ${got[1]} " == *" $TARGET "* ]]
	[[ " ${got[2]} " == *" $TARGET "* ]]
}

@test "completion in a real bash: each applet's options, as the binary lists them" {
	make_rc "$BIN:/usr/bin:/bin"
	for applet in $("$NSBOX" --list); do
		expected=$("$NSBOX" "$applet" --list-options | sed -n 's/\[=\]$//; /^--/p' | LC_ALL=C sort | paste -sd' ')
		got=$(printf '%s --\\e*\n' "$applet" | keys)
		got=$(echo "${got#"$applet" }" | tr ' ' '\n' | grep . | LC_ALL=C sort | paste -sd' ')
		echo "$applet: $got"
		[ "$got" = "$expected" ]
		# every short option completes as itself, ready for its value
		shorts=$("$NSBOX" "$applet" --list-options | sed -n 's/[=[].*//; /^-[^-]/p')
		got=$(for opt in $shorts; do printf '%s %s\\t\n' "$applet" "$opt"; done | keys)
		[ "$got" = "$(for opt in $shorts; do echo "$applet $opt "; done)" ]
	done
}

@test "completion: util-linux's lsns, nsenter and unshare keep util-linux's completion" {
	for name in lsns nsenter unshare; do need_util_linux_completion "$name"; done
	# nsbox and nsid are nsbox's; lsns, nsenter and unshare util-linux's
	mkdir "$TEST_DIR/some"
	ln -s "$NSBOX" "$TEST_DIR/some/nsbox"
	ln -s "$NSBOX" "$TEST_DIR/some/nsid"
	make_rc "/usr/bin:/bin:$TEST_DIR/some"
	mapfile -t got < <(printf 'lsns -o \\e*\nlsns --\\e*\nnsenter --\\e*\nunshare --prop\\t\nnsid -o HAN\\t\nlsns -o HOL\\t\n' | keys)
	printf '%s\n' "${got[@]}"
	# util-linux 2.38's columns and options (its completion adds a comma)
	[[ "${got[0]}" == *"NPROCS,"* ]]
	[[ "${got[0]}" != *HOLDER* ]]
	[[ "${got[1]}" == *"--notruncate"* ]]
	[[ "${got[1]}" != *"--persistent"* ]]
	[[ "${got[2]}" == *"--preserve-credentials"* ]]
	[[ "${got[2]}" != *"--host-exec"* ]]
	[ "${got[3]}" = "unshare --propagation " ]
	[ "${got[4]}" = "nsid -o HANDLE " ]
	[ "${got[5]}" = "lsns -o HOL" ]
}

@test "completion installed (make install), loaded by bash-completion: by what the name runs, at completion time" {
	need_bash_completion
	need_host_build
	for name in lsns nsenter unshare; do need_util_linux_completion "$name"; done
	command -v make >/dev/null || skip "make is not installed"
	make -s -C "$ROOT" install DESTDIR="$TEST_DIR/pkg" PREFIX=/usr/local
	local_bin=$TEST_DIR/pkg/usr/local/bin
	# the installed completion comes first, as /usr/local/share does
	XDG=$TEST_DIR/pkg/usr/local/share:/usr/share make_rc "/usr/bin:/bin:$local_bin" bash-completion no-source
	check <<-EOF
		lsns -o HOL\t|lsns -o HOL
		nsid -o HAN\t|nsid -o HANDLE 
		export PATH=$local_bin:/usr/bin:/bin\n|
		lsns -o HOL\t|lsns -o HOLDER 
		unshare --map-ro\t|unshare --map-root-user 
		unshare -r ls --almost-al\t|unshare -r ls --almost-all 
		nsenter --net=/proc/self/ns/ne\t|nsenter --net=/proc/self/ns/net 
		export PATH=/usr/bin:/bin:$local_bin\n|
		lsns -o HOL\t|lsns -o HOL
	EOF
}

@test "completion without bash-completion (sourced alone): a program's arguments are files" {
	make_rc "$BIN:/usr/bin:/bin"
	mkdir "$TEST_DIR/dir"
	: > "$TEST_DIR/dir/file"
	check <<-EOF
		unshare -r ls $TEST_DIR/dir/fi\t|unshare -r ls $TEST_DIR/dir/file 
		nsenter -t $$ -u ls $TEST_DIR/dir/fi\t|nsenter -t $$ -u ls $TEST_DIR/dir/file 
		lsns -o NS,TY\t|lsns -o NS,TYPE 
	EOF
}
