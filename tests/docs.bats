#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# Manual pages, make install, the release tarball: that
# they exist, lint clean, and say what the binary does (no drift).

load helpers/common

ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)

setup() { common_setup; }
teardown() { common_teardown; }

need_mandoc() { command -v mandoc >/dev/null || skip "mandoc is not installed"; }

# dist and release are made from a git checkout (not from the tarball's
# own test run); sets version.
need_checkout() {
	command -v git >/dev/null && git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1 || skip "not a git checkout"
	[ -z "${NSBOX_IN_DIST:-}" ] || skip "inside the tarball's own test run"
	version=$(cat "$ROOT/VERSION")
}


@test "the manual pages lint clean (mandoc -T lint, warnings and up) and render" {
	need_mandoc
	run mandoc -T lint -W warning "$ROOT"/man/*.1
	echo "$output"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	for applet in nsbox $("$NSBOX" --list); do
		[ -f "$ROOT/man/$applet.1" ]
		mandoc -T ascii "$ROOT/man/$applet.1" | col -b | grep -q "^NAME"
	done
	if command -v man >/dev/null; then
		run man -l "$ROOT/man/lsns.1"
		[ "$status" -eq 0 ]
	fi
}

@test "every long option an applet takes and every column -H lists is in its manual page" {
	need_mandoc
	for applet in $("$NSBOX" --list); do
		page=$(mandoc -T ascii "$ROOT/man/$applet.1" | col -b)
		for opt in $("$BIN/$applet" --list-options | grep '^--'); do
			opt=${opt%%[=[]*}
			grep -qE -- "(^|[^a-z-])$opt([^a-z-]|\$)" <<< "$page" ||
				{ echo "$applet.1 lacks $opt"; return 1; }
		done
		if "$BIN/$applet" -H >/dev/null 2>&1; then
			for col in $("$BIN/$applet" -H -n -r | cut -d' ' -f1); do
				grep -qw -- "$col" <<< "$page" || { echo "$applet.1 lacks the column $col"; return 1; }
			done
		fi
	done
}

@test "the version agrees: VERSION, --version, every page's .Os" {
	version=$(cat "$ROOT/VERSION")
	[ "$("$NSBOX" --version)" = "nsbox $version" ]
	[ "$("$BIN/lsns" --version)" = "lsns from nsbox $version" ]
	for page in "$ROOT"/man/*.1; do
		grep -qx ".Os nsbox $version" "$page" || { echo "$page: .Os is not nsbox $version"; return 1; }
	done
	grep -q "^## $version " "$ROOT/CHANGELOG.md"
}

@test "make install DESTDIR: binary, links, pages and completion where a distribution expects them" {
	command -v make >/dev/null || skip "make is not installed"
	run make -s -C "$ROOT" install DESTDIR="$TEST_DIR/pkg" PREFIX=/usr
	[ "$status" -eq 0 ]
	run sh -c "cd '$TEST_DIR/pkg' && find . | LC_ALL=C sort"
	expected=". ./usr ./usr/bin ./usr/bin/lsns ./usr/bin/newuts ./usr/bin/nsbox ./usr/bin/nsenter ./usr/bin/nsid ./usr/bin/unshare ./usr/share ./usr/share/bash-completion ./usr/share/bash-completion/completions ./usr/share/bash-completion/completions/lsns ./usr/share/bash-completion/completions/newuts ./usr/share/bash-completion/completions/nsbox ./usr/share/bash-completion/completions/nsenter ./usr/share/bash-completion/completions/nsid ./usr/share/bash-completion/completions/unshare ./usr/share/man ./usr/share/man/man1 ./usr/share/man/man1/lsns.1 ./usr/share/man/man1/newuts.1 ./usr/share/man/man1/nsbox.1 ./usr/share/man/man1/nsenter.1 ./usr/share/man/man1/nsid.1 ./usr/share/man/man1/unshare.1"
	[ "$(echo "$output" | paste -sd' ')" = "$expected" ]
	[ "$(readlink "$TEST_DIR/pkg/usr/bin/lsns")" = nsbox ]
	# nsbox --install links applets only: no pages
	mkdir "$TEST_DIR/links"
	"$NSBOX" --install -s "$TEST_DIR/links"
	[ "$(ls "$TEST_DIR/links" | paste -sd' ')" = "lsns newuts nsenter nsid unshare" ]
}

@test "make dist: the same bytes twice; it unpacks, builds and runs elsewhere" {
	need_host_build
	need_checkout
	run make -s -C "$ROOT" dist
	[ "$status" -eq 0 ]
	first=$(sha256sum "$ROOT/dist/nsbox-$version.tar.gz" | cut -d' ' -f1)
	sleep 1
	make -s -C "$ROOT" dist >/dev/null
	[ "$(sha256sum "$ROOT/dist/nsbox-$version.tar.gz" | cut -d' ' -f1)" = "$first" ]
	tar -C "$TEST_DIR" -xzf "$ROOT/dist/nsbox-$version.tar.gz"
	[ "$(tar -tzf "$ROOT/dist/nsbox-$version.tar.gz" | head -1)" = "nsbox-$version/" ] ||
		tar -tzf "$ROOT/dist/nsbox-$version.tar.gz" | head -1 | grep -q "^nsbox-$version/"
	run make -s -C "$TEST_DIR/nsbox-$version" nsbox tests/helpers/coretest
	[ "$status" -eq 0 ]
	[ "$("$TEST_DIR/nsbox-$version/nsbox" --version)" = "nsbox $version" ]
	"$TEST_DIR/nsbox-$version/nsbox" lsns -n -o NS -p $$ >/dev/null
	# (.ci/run runs the whole suite from the tarball: bats inside bats
	# does not work)
}

@test "make release: binaries per architecture and SHA256SUMS that verify" {
	need_host_build
	need_checkout
	run make -s -C "$ROOT" release
	[ "$status" -eq 0 ]
	[ -x "$ROOT/dist/nsbox-$version-x86_64" ]
	(cd "$ROOT/dist" && sha256sum -c SHA256SUMS)
	[ "$(sha256sum "$ROOT/dist/nsbox-$version-x86_64" | cut -d' ' -f1)" = "$(sha256sum "$ROOT/build/x86_64/nsbox" | cut -d' ' -f1)" ]
}

# page APPLET: its manual page as text.
page() { mandoc -T ascii "$ROOT/man/$1.1" | col -bx; }

@test "pages at util-linux's depth: every option its own entry with its text, NOTES, EXAMPLES" {
	need_mandoc
	for applet in $("$NSBOX" --list); do
		src=$ROOT/man/$applet.1
		grep -q '^\.Sh NOTES' "$src" || { echo "$applet.1 has no NOTES"; return 1; }
		grep -q '^\.Sh EXAMPLES' "$src" || { echo "$applet.1 has no EXAMPLES"; return 1; }
		# the OPTIONS list: one option (short and long) per entry, and
		# every entry has its own text (no run of bare .It lines)
		opts=$(sed -n '/^\.Sh OPTIONS/,/^\.Sh /p' "$src")
		run awk '/^\.It/ { if (prev) { print "two .It in a row: " last; bad = 1 } prev = 1; last = $0; next }
			{ prev = 0 } END { exit bad }' <<< "$opts"
		echo "$applet.1: $output"
		[ "$status" -eq 0 ]
		# (mdoc writes --json as Fl \-json: one dash, escaped)
		items=$(grep '^\.It Fl' <<< "$opts" | sed 's/\\-/-/g')
		while IFS= read -r it; do
			n=$(grep -oE '(Fl |, )-[a-z][a-z-]+' <<< "$it" | sort -u | wc -l)
			[ "$n" -le 1 ] || { echo "$applet.1: several long options in one entry: $it"; return 1; }
		done <<< "$items"
		for opt in $("$NSBOX" "$applet" --list-options | grep '^--'); do
			opt=${opt%%[=[]*}
			grep -qE -- "(Fl |, )${opt#-}( |\$)" <<< "$items" ||
				{ echo "$applet.1: no entry of its own for $opt"; return 1; }
		done
	done
	# the traps people fall into are said
	page unshare | sed -n '/^NOTES/,/^[A-Z]/p' | grep -q -- "-p needs -f"
	page nsenter | sed -n '/^NOTES/,/^[A-Z]/p' | grep -q -- "-a does not change the root"
	page unshare | grep -q "The user namespace is made first"
	page nsenter | grep -q "The user namespace is entered first"
	for applet in lsns nsenter unshare; do
		page "$applet" | grep -q "What is not util-linux" || { echo "$applet.1"; return 1; }
	done
}

@test "pages: README's examples of each applet are in its page; --help names the page that is installed" {
	need_mandoc
	command -v python3 >/dev/null || skip "python3 is not installed"
	run python3 - "$ROOT/README.md" <<-'PY'
		import re, sys
		text = open(sys.argv[1]).read()
		for sec in re.split(r"(?m)^### ", text)[1:]:
		    name = sec.split("\n", 1)[0].strip()
		    for line in sec.split("\n"):
		        m = re.match(r"^    (?:[$#] )?(" + re.escape(name) + r"( .*)?)$", line)
		        if m:
		            print(name + "|" + re.sub(r"\s{2,}#.*$", "", m.group(1)).rstrip())
	PY
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | wc -l)" -gt 30 ]
	while IFS='|' read -r applet example; do
		page "$applet" | sed -n '/^EXAMPLES/,/^SEE ALSO/p' | grep -qF -- "$example" ||
			{ echo "$applet.1 lacks README's example: $example"; return 1; }
	done <<< "$output"
	# "see NAME(N)" in a help: the page make install puts there
	for applet in $("$NSBOX" --list); do
		ref=$("$NSBOX" "$applet" --help | grep -oE '[a-z]+\([0-9]\)' | tail -1)
		[ -z "$ref" ] && continue
		name=${ref%(*}
		section=${ref#*(}
		[ -f "$ROOT/man/$name.${section%)}" ] || { echo "$applet --help: $ref is not installed"; return 1; }
	done
	# nsbox.1's synopsis, lsns.1's operators
	page nsbox | grep -qx '     nsbox --help \[applet\]'
	! page nsbox | grep -q 'applet | -version'
	page lsns | tr -s ' \n' ' ' | grep -qF 'joined by && || ! (also and or not)'
}

# README's command examples of each applet (its "### APPLET" section):
# "APPLET|COMMAND" lines, comments and prompts dropped.
readme_examples() {
	python3 - "$ROOT/README.md" <<-'PY'
		import re, sys
		text = open(sys.argv[1]).read()
		for sec in re.split(r"(?m)^### ", text)[1:]:
		    name = sec.split("\n", 1)[0].strip()
		    for line in sec.split("\n"):
		        m = re.match(r"^    (?:[$#] )?(" + re.escape(name) + r"( .*)?)$", line)
		        if m:
		            print(name + "|" + re.sub(r"\s{2,}#.*$", "", m.group(1)).rstrip())
	PY
}

@test "README's command examples run as README says (on the test's own processes)" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	ln -s "$NSBOX" "$BIN/nsbox"
	# namespace ids, where the kernel has them
	id=$("$BIN/nsid" -o ID -n -t net | tr -d " ")
	: > "$TEST_DIR/examples"
	while IFS='|' read -r applet cmd; do
		why=
		case $cmd in
		*"sleep 1000"* | *" &") why="holds on: not for a test" ;;
		*"-a sh") why="the failure README shows needs a container without sh" ;;
		*"-N 5"*) why="needs a socket holder (nsenter.bats tests -N)" ;;
		*--container*) why="needs a container runtime (containers.bats runs these)" ;;
		"nsenter "*--mount-proc*) [ -z "${NSBOX_VM:-}" ] ||
			why="scripts/vm's root is 9p, whose lookups nsenter --mount-proc does not ask (nsenter.bats says so)" ;;
		*"--host-exec nsbox"* | *"--host-exec /proc/self/exe"*)
			! is_asan || why="the sanitizer build is dynamic: --host-exec refuses it" ;;
		*":4130"* | *":\$("*) [ -n "$id" ] || why="no namespace ids (Linux 6.18)" ;;
		esac
		for tool in ip ss ps uptime hostname /bin/busybox; do
			[[ " $cmd " == *" $tool "* ]] && ! command -v "$tool" >/dev/null && why="$tool is not installed"
		done
		if ! is_root; then
			case $cmd in
			*--map-users* | "unshare -u "* | "unshare --net="* | *"/run/netns/lab"*) why="as root" ;;
			esac
		fi
		if [ -n "$why" ]; then
			echo "skipped: $cmd ($why)"
		else
			echo "$cmd" >> "$TEST_DIR/examples"
		fi
	done < <(readme_examples)
	[ "$(wc -l < "$TEST_DIR/examples")" -gt 20 ]
	# in a pid namespace and /proc of their own: lsns sees what they made
	# (and all of it ends with the namespace)
	if is_root; then own=(-f -p --mount-proc); else own=(-r -f -p --mount-proc); fi
	run "$BIN/unshare" "${own[@]}" "$BATS_TEST_DIRNAME/helpers/readme_run.sh" "$BIN" "$TEST_DIR" \
		< "$TEST_DIR/examples"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "README agrees with the binary: nsid's columns, the build's tools, the pipe claim" {
	# nsid's column list is what nsid -H lists
	columns=$("$NSBOX" nsid -H -n -r | cut -d' ' -f1 | paste -sd' ')
	grep -qF "\`$columns\`" "$ROOT/README.md" || { echo "README lacks nsid's columns: $columns"; return 1; }
	# the packages scripts/deps installs are the ones README names
	for package in $(grep -oE 'need [a-z-]+ [a-z-]+' "$ROOT/scripts/deps" | cut -d' ' -f3) musl-tools; do
		sed -n '/^## Build and run/,/^## Platforms/p' "$ROOT/README.md" | grep -qw -- "$package" ||
			{ echo "README's build section lacks $package"; return 1; }
	done
	grep -q 'lsns | head -1' "$ROOT/README.md"
}
