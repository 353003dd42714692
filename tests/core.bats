#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# core/ helpers in isolation, through tests/helpers/coretest.

load helpers/common

setup() {
	common_setup
	[ -x "$CORETEST" ] || { echo "build tests/helpers/coretest (make test does)" >&2; return 1; }
}
teardown() { common_teardown; }

@test "stat parser: the name runs to the LAST ')' and may hold ') (', spaces and newlines" {
	run "$CORETEST" parse-stat $'42 (a) (b\nc d) S 7 42 42 0 -1'
	[ "$status" -eq 0 ]
	[ "$output" = "pid=42 state=S ppid=7 comm=a) (b|c d" ]
	run "$CORETEST" parse-stat '42 () R 0 1'
	[ "$output" = "pid=42 state=R ppid=0 comm=" ]
}

@test "stat parser rejects junk" {
	for text in '' 'x' '42 (a S 1' 'abc (a) S 1' '42 (a) S' '42 (a) S x' '(a) S 1' '42(a) S 1'; do
		run "$CORETEST" parse-stat "$text"
		[ "$status" -eq 1 ]
		[ "$output" = EINVAL ]
	done
}

@test "stat of a live process with a hostile name, made by exec through a symlink" {
	name=$'a) (b\nc d'
	ln -s "$(command -v sleep)" "$TEST_DIR/$name"
	"$TEST_DIR/$name" 300 3>&- &
	pid=$!
	track "$pid"
	for ((i = 0; i < 500; i++)); do
		[ "$(cat /proc/$pid/comm)" != bash ] && break
		sleep 0.02
	done
	run "$CORETEST" stat "$pid"
	[ "$status" -eq 0 ]
	[ "$output" = "pid=$pid state=S ppid=$$ comm=a) (b|c d" ]
	run "$CORETEST" cmdline "$pid"
	[ "$output" = "[$TEST_DIR/a) (b"$'\n'"c d 300]" ]
}

@test "the command of a kernel thread is its name; a vanished process is an error, not a crash" {
	[ -z "$(cat /proc/2/cmdline)" ] || skip "pid 2 is no kernel thread here"
	run "$CORETEST" cmdline 2
	[ "$status" -eq 0 ]
	[ "$output" = "[$(cat /proc/2/comm)]" ]
	sleep 0 & gone=$!
	wait "$gone"
	run "$CORETEST" stat "$gone"
	[ "$status" -eq 1 ]
}

@test "status fields: Uid and NSpid" {
	run "$CORETEST" status $$ Uid
	[ "$status" -eq 0 ]
	[[ "$output" == "$(id -u)"$'\t'* ]]
	run "$CORETEST" status $$ NSpid
	[ "${output%%$'\t'*}" = "$$" ]
	run "$CORETEST" status $$ NoSuchKey
	[ "$status" -eq 1 ]
}

@test "strict numbers: whole string, decimal, in range" {
	run "$CORETEST" u64 123 0 1000
	[ "$output" = 123 ]
	run "$CORETEST" u64 18446744073709551615 0 18446744073709551615
	[ "$output" = 18446744073709551615 ]
	run "$CORETEST" u64 18446744073709551616 0 18446744073709551615
	[ "$output" = ERANGE ]
	run "$CORETEST" u64 1001 0 1000
	[ "$output" = ERANGE ]
	run "$CORETEST" u64 0 1 1000
	[ "$output" = ERANGE ]
	for junk in '' ' 1' '1 ' '+1' '-1' '0x10' '1e3' '12abc' 'abc'; do
		run "$CORETEST" u64 "$junk" 0 1000
		[ "$status" -eq 1 ]
		[ "$output" = EINVAL ]
	done
}

@test "PIDs: 1..INT_MAX" {
	run "$CORETEST" pid 1
	[ "$output" = 1 ]
	run "$CORETEST" pid 2147483647
	[ "$output" = 2147483647 ]
	run "$CORETEST" pid 2147483648
	[ "$output" = ERANGE ]
	run "$CORETEST" pid 0
	[ "$output" = ERANGE ]
	run "$CORETEST" pid -5
	[ "$output" = EINVAL ]
}

@test "signal names as util-linux: case-insensitive, SIG prefix, RTMIN+N, no numbers" {
	run "$CORETEST" signal TERM
	[ "$output" = 15 ]
	run "$CORETEST" signal sigkill
	[ "$output" = 9 ]
	run "$CORETEST" signal SigHup
	[ "$output" = 1 ]
	rtmin=$("$CORETEST" signal RTMIN)
	[ "$rtmin" -ge 32 ]
	run "$CORETEST" signal RTMIN+2
	[ "$output" = $((rtmin + 2)) ]
	for bad in 15 FOO SIG RTMIN+ RTMIN-1 RTMIN+999; do
		run "$CORETEST" signal "$bad"
		[ "$output" = -1 ]
	done
}

@test "namespace link text: TYPE:[INODE], nothing else" {
	run "$CORETEST" link 'net:[4026531833]' net
	[ "$output" = 4026531833 ]
	for bad in 'net:[4026531833]x' 'uts:[1]' 'net:[]' 'net:[12a]' 'net:4026531833' 'net:[99999999999]'; do
		run "$CORETEST" link "$bad" net
		[ "$output" = EINVAL ]
	done
	run "$CORETEST" nslink $$ uts
	[ "$output" = "$(ns_ino $$ uts)" ]
	run "$CORETEST" nslink $$ pid_for_children
	[ "$output" = "$(ns_ino $$ pid)" ]
}

@test "uid to name: from /etc/passwd, numeric when unknown" {
	run "$CORETEST" uid 0
	[ "$output" = "$(getent passwd 0 | cut -d: -f1)" ]
	run "$CORETEST" uid 4000000000
	[ "$output" = 4000000000 ]
}

@test "option parser: '+' stops at the first operand, clusters, attached optional arguments" {
	run "$CORETEST" opt '+fm::t:' -fmX --fork -t 5 -t6 --mount=A --mount B -f
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' 'opt f (none)' 'opt m X' 'opt f (none)' 'opt t 5' 'opt t 6' \
		'opt m A' 'opt m (none)' 'operand B' 'operand -f')" ]
}

@test "option parser: without '+' operands are permuted to the end; -- ends options" {
	run "$CORETEST" opt 'ft:' a -f b -t 1 -- -f
	[ "$output" = "$(printf '%s\n' 'opt f (none)' 'opt t 1' 'operand a' 'operand b' 'operand -f')" ]
}

@test "option parser: unique prefixes, exact match beats prefix" {
	run "$CORETEST" opt f --fo --map-user=7 --map-users 1:2:3 --map-r
	[ "$output" = "$(printf '%s\n' 'opt f (none)' 'opt u 7' 'opt U 1:2:3' 'opt r (none)')" ]
}

@test "option parser: glibc's messages, then Try --help, exit 1" {
	run "$CORETEST" opt f --map
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "coretest: option '--map' is ambiguous; possibilities: '--map-user' '--map-users' '--map-root-user'" ]
	[ "${lines[1]}" = "Try 'coretest --help' for more information." ]
	run "$CORETEST" opt f --bogus=1
	[ "${lines[0]}" = "coretest: unrecognized option '--bogus=1'" ]
	run "$CORETEST" opt f -x
	[ "${lines[0]}" = "coretest: invalid option -- 'x'" ]
	run "$CORETEST" opt f --fork=1
	[ "${lines[0]}" = "coretest: option '--fork' doesn't allow an argument" ]
	run "$CORETEST" opt t: -t
	[ "${lines[0]}" = "coretest: option requires an argument -- 't'" ]
	run "$CORETEST" opt f --target
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "coretest: option '--target' requires an argument" ]
}

@test "wait helper: the child's exit status, and death by the child's signal" {
	run "$CORETEST" wait-exit 42
	[ "$status" -eq 42 ]
	run "$CORETEST" wait-exit 0
	[ "$status" -eq 0 ]
	for sig in 15 9 11 2; do
		run "$CORETEST" wait-signal $sig
		[ "$status" -eq $((128 + sig)) ]
	done
	# the death is real: the shell's wait status says "killed by signal"
	"$CORETEST" wait-signal 15 && false || rc=$?
	[ "$rc" -eq 143 ]
}

@test "exec helper: 127 when not found, 126 when not executable, message names the program" {
	run -127 "$CORETEST" exec "$TEST_DIR/none"
	[ "$output" = "coretest: failed to execute $TEST_DIR/none: No such file or directory" ]
	run -126 "$CORETEST" exec /etc/passwd
	[ "$output" = "coretest: failed to execute /etc/passwd: Permission denied" ]
	run "$CORETEST" exec echo hello
	[ "$output" = hello ]
}

@test "table: aligned columns, numbers right-aligned, ASCII tree glyphs" {
	run "$CORETEST" table aligned < <(printf '0\troot\t1\n1\tchild a\t22\n2\tgrand\t333\n1\tchild b\t-\n0\tother\t4444\n')
	[ "$status" -eq 0 ]
	expected=$(printf '%s\n' 'NAME      NUMBER' 'root           1' '|-child a     22' \
		'| `-grand    333' '`-child b       ' 'other       4444')
	[ "$output" = "$expected" ]
}

@test "table: UTF-8 glyphs; raw mode escapes blanks, backslashes and glyphs" {
	run "$CORETEST" table aligned utf8 < <(printf '0\troot\t1\n1\tkid\t2\n')
	[ "${lines[1]}" = "root       1" ]
	[ "${lines[2]}" = "└─kid      2" ]
	run "$CORETEST" table raw utf8 < <(printf '0\troot x\\y\t1\n1\tkid\t-\n')
	[ "${lines[0]}" = "NAME NUMBER" ]
	[ "${lines[1]}" = 'root\x20x\x5cy 1' ]
	[ "${lines[2]}" = '\xe2\x94\x94\xe2\x94\x80kid ' ]
}

@test "table: non-printable bytes are escaped, newlines too; a backslash only before an x" {
	run "$CORETEST" table aligned < <(printf '0\ta\\nb\t1\n0\t\x01\xff\t2\n0\ta\\b\\x\t3\n')
	[ "${lines[1]}" = 'a\x0ab        1' ]
	[ "${lines[2]}" = '\x01\xff      2' ]
	[ "${lines[3]}" = 'a\b\x5cx      3' ]
}

@test "table: JSON nests children, numbers bare, empty cells null, hostile strings stay valid" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	run "$CORETEST" table json < <(printf '0\tr "q" \\\\\t1\n1\tkid\t-\n0\ta\\nb\xff\t3\n')
	[ "$status" -eq 0 ]
	echo "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)["rows"]
assert d[0]["name"] == "r \"q\" \\\\", d[0]
assert d[0]["number"] == 1
assert d[0]["children"] == [{"name": "kid", "number": None}], d[0]
assert d[1]["name"] == "a\nb\u00ff", d[1]
assert len(d) == 2
'
}

@test "table: an empty table prints nothing, even no header; empty JSON is an empty array" {
	run "$CORETEST" table aligned < /dev/null
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run "$CORETEST" table json < /dev/null
	[ "$(echo "$output" | tr -d ' \n')" = '{"rows":[]}' ]
}

@test "formatter: the conversions nsbox uses print as libc's snprintf prints them" {
	run "$CORETEST" fmt
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = ok ]
}

@test "regex: rx agrees with glibc's POSIX regex on syntax and on matches" {
	run "$RXDIFF" - < <(printf '%s\t%s\n' \
		'abc' 'xabcx' 'a.c' 'abc' '^ab' 'xab' 'b$' 'ab' 'a*' '' 'a+b' 'aaab' 'a+b' 'b' \
		'a?b' 'b' 'colou?r' 'color' '(ab)+c' 'ababc' '(ab)+c' 'ac' 'a|b' 'b' \
		'x(a|bc)*y' 'xbcay' 'x(a|bc)*y' 'xbcby' '[abc]+' 'zzc' '[^abc]' 'abc' \
		'[a-c]{2}' 'xbx' '[a-c]{2}' 'xbcx' 'a{2,3}' 'aa' 'a{2,3}$' 'aaaa' '^a{2,3}$' 'aaaa' \
		'[[:digit:]]+' 'ab1' '[[:alpha:]]' '123' 'a\.b' 'a.b' 'a\.b' 'axb' '(' 'x' ')' 'a)' \
		'a{2' 'x' '[a' 'x' '*a' 'x' 'a**' 'aaa' '(a*)*b' 'aaab' '(a|)+b' 'b' \
		'sleep [0-9]+' 'sleep 300' '^unshare.*-p' 'unshare -fp sh' '[]a]' ']' '[^]a]' 'b' \
		'x{0}y' 'y' '(a|b)*c{1,}' 'abcc' 'a[[:space:]]b' 'a b' '[[:bogus:]]' 'x' \
		'^$' '' '^$' 'a' '(a(b(c)))' 'abc' 'a{,2}' 'a' '[z-a]' 'x' 'a\' 'a' \
		'(x+x+)+y' 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxy' \
		'(a|aa)*$' 'aaa' '(a?){2}' 'b' '(a|){3}' 'x' '[[.a.]]' 'a' '[[=a=]]' 'a' \
		'[[.a.]-c]' 'b' '[[.].]]' ']' '^*a' 'a' 'a|*b' 'b' '$*' 'x' 'a{,3}' 'aaaa' \
		'a{,}' 'a' '[a-c-e]' 'd' '[[:alpha:]-z]' 'x' '[[=a=]-c]' 'b' 'b(^a)' 'ba' \
		'(^a)' 'a' 'a{32767}' 'a' 'a{32768}' 'a' '()*' 'x' \
		'a{1\,3}' 'aa' ']:{\,3}[]]]:' '' 'a{\,}' 'b')	# (fuzzing found the escaped comma)
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${output%% *}" = ok ]
}

@test "regex: rx agrees with glibc on 20,000 random patterns" {
	run "$RXDIFF" 20000 1
	echo "$output" | head -20
	[ "$status" -eq 0 ]
	[ "${output%% *}" = ok ]
}

@test "cgroup text to CONTAINER: each runtime, and text that is no cgroup line (fuzzing found one)" {
	id=3f2a9c1e5b7d$(printf '%052d' 7)
	while IFS='|' read -r text expected; do
		run "$CORETEST" container "$text"
		echo "$text -> $output"
		[ "$status" -eq 0 ]
		[ "$output" = "[$expected]" ]
	done <<EOF
0::/system.slice/docker-$id.scope|docker:3f2a9c1e5b7d
4:memory:/docker/$id|docker:3f2a9c1e5b7d
0::/kubepods/besteffort/pod1234-abcd/$id|k8s-pod:1234-abcd
0::/lxc.payload.web1/init|lxc:web1
0::/machine.slice/machine-box.scope|nspawn:box
0::/|
0::|
no colon at all|
one:colon|
:::::|
EOF
	run "$CORETEST" container ""
	[ "$output" = "[]" ]
}

@test "json: strict (RFC 8259), bounded depth, UTF-8 checked; lookups and escapes" {
	while IFS='|' read -r text path expected; do
		# shellcheck disable=SC2086
		run "$CORETEST" json "$(printf '%b' "$text")" $path
		echo "$text $path -> $output"
		[ "$output" = "$(printf '%b' "$expected")" ]
	done <<'EOF2'
{"a":{"b":[1,"x\\u00e9\\ud83d\\ude00\\n"]}}|a b #1|string x\xc3\xa9\xf0\x9f\x98\x80\n
 {"a" : -1.5e3 } |a|value -1.5e3
{"a":1,"a":2}|a|value 2
{"a":1}|b|missing
[1,]||error syntax
{"a":1,}||error syntax
{"a":1}x||error syntax
{"a" 1}||error syntax
01||error syntax
-||error syntax
1.||error syntax
NaN||error syntax
{"a":tru}||error syntax
'a'||error syntax
"\\ud800"||error syntax
"\\udc00\\ud800"||error syntax
"\\x"||error syntax
"a\tb"||error syntax
"\xc0\xaf"||error syntax
"\xed\xa0\x80"||error syntax
"\xf4\x90\x80\x80"||error syntax
"\xe2\x82"||error syntax
"a\\u0000b"||unusable "a\\u0000b"
[]||value []
EOF2
	deep=$(printf '[%.0s' $(seq 64))$(printf ']%.0s' $(seq 64))
	run "$CORETEST" json "$deep"
	[ "$output" = "value $deep" ]
	run "$CORETEST" json "[$deep]"
	[ "$output" = "error depth" ]
	run "$CORETEST" json "$(printf '[%.0s' $(seq 100000))"
	[ "$output" = "error depth" ]
	echo "[$(printf '0,%.0s' $(seq 70000))0]" > "$TEST_DIR/many"
	run "$CORETEST" json "@$TEST_DIR/many"
	[ "$output" = "error size" ]
}
