#!/bin/bash
# SPDX-License-Identifier: 0BSD
# Run README's examples (one a line on stdin) on processes of our own, in a
# pid namespace (and /proc) of our own, so that lsns sees only what the
# test made. Usage: readme_run.sh BIN TEST_DIR. Prints "COMMAND -> STATUS"
# per line, and the output of one that failed; exits 1 on a failure.
set -u
BIN=$1 TEST_DIR=$2
export PATH="$BIN:$PATH"

# start CMD...: a sleeping process; its pid once it sleeps.
start() {
	"$@" sleep 300 < /dev/null > /dev/null 2>&1 &
	local pid=$! i
	for i in $(seq 400); do
		[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sleep ] && break
		sleep 0.025
	done
	echo "$pid"
}
# a container of our own: its own user, mount, UTS, IPC and network
# namespaces; and a second process in a user and UTS namespace
other=$(start unshare -r -m -u -i -n)
target=$(start unshare -r -u)
uts=$(readlink "/proc/$target/ns/uts" | tr -dc 0-9)
id=$(nsid -o ID -n -t net "$other" | tr -d " ")
status=0
while IFS= read -r cmd; do
	run=$(sed -e "s/ 48213 / $target /g; s/ PID / $other /g; s/ 1234\\b/ $other/g" \
		-e "s/ 5678\\b/ $target/g; s/ 4321\\b/ $target/g; s/4026532180/$uts/g" \
		-e "s/:4130/:$id/g; s|/run/netns/lab|$TEST_DIR/lab|g" <<< "$cmd")
	[[ $cmd == "unshare --net=/run/netns/lab"* ]] && : > "$TEST_DIR/lab"
	output=$(timeout 60 bash -c "$run" < /dev/null 2>&1)
	rc=$?
	echo "$run -> $rc"
	case $cmd in
	"nsid -s "*) [ "$rc" -le 1 ] && continue ;;	# 0 the same, 1 different
	*) [ "$rc" -eq 0 ] && continue ;;
	esac
	echo "$output"
	status=1
done
exit $status
