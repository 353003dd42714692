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
