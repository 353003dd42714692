#!/usr/bin/env bats
# SPDX-License-Identifier: 0BSD
# Building and installing as a user would: `make` needs only a C compiler
# with musl, `make install` never replaces a file it did not put there.

load helpers/common

ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)

setup() {
	common_setup
	command -v make >/dev/null || skip "make is not installed"
}
teardown() { common_teardown; }

# A copy of the sources, writable by the user who builds them.
copy_sources() {
	mkdir -p "$TEST_DIR/src"
	cp -r "$ROOT/Makefile" "$ROOT/VERSION" "$ROOT/core" "$ROOT/applets" "$ROOT/scripts" \
		"$ROOT/man" "$ROOT/completion" "$TEST_DIR/src/"
	chmod -R a+rwX "$TEST_DIR/src"
}

# A PATH with every command of this machine but the test tools.
path_without_test_tools() {
	local dir cmd
	mkdir -p "$TEST_DIR/path"
	for dir in /usr/local/bin /usr/bin /bin /usr/sbin /sbin; do
		for cmd in "$dir"/*; do
			case ${cmd##*/} in bats | mandoc | col) continue ;; esac
			[ -e "$TEST_DIR/path/${cmd##*/}" ] || ln -s "$cmd" "$TEST_DIR/path/${cmd##*/}"
		done
	done
	echo "$TEST_DIR/path"
}

@test "make: an ordinary user with musl-gcc builds, without the test tools" {
	need_host_build
	need_setpriv
	command -v musl-gcc >/dev/null || skip "musl-gcc is not installed"
	copy_sources
	path=$(path_without_test_tools)
	! PATH=$path command -v bats
	! PATH=$path command -v mandoc
	run run_user env PATH="$path" HOME="$TEST_DIR" make -s -C "$TEST_DIR/src"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$("$TEST_DIR/src/nsbox" --version)" = "$("$NSBOX" --version)" ]
	# the test targets name what they lack, exactly
	run run_user env PATH="$path" make -s -C "$TEST_DIR/src" test-deps
	[ "$status" -ne 0 ]
	[[ "$output" == *"nsbox needs: bats mandoc col (Debian: bats mandoc bsdextrautils)"* ]]
}

@test "make: a missing compiler is named exactly" {
	need_host_build
	need_setpriv
	copy_sources
	run run_user env PATH="$(path_without_test_tools)" make -s -C "$TEST_DIR/src" nsbox CC=/nonexistent/musl-gcc
	[ "$status" -ne 0 ]
	[[ "$output" == *"nsbox needs a C compiler with musl: CC=/nonexistent/musl-gcc is not found"* ]]
}

# install_into ARGS...: make install PREFIX=/usr into $TEST_DIR/pkg.
install_into() {
	run make -s -C "$ROOT" install DESTDIR="$TEST_DIR/pkg" PREFIX=/usr "$@"
}

@test "make install: over another program's lsns and completion it names them and writes nothing; FORCE=1 replaces them" {
	need_host_build
	pkg=$TEST_DIR/pkg
	mkdir -p "$pkg/usr/bin" "$pkg/usr/share/bash-completion/completions"
	printf '#!/bin/sh\necho util-linux lsns\n' > "$pkg/usr/bin/lsns"
	echo '_lsns_module() { :; }' > "$pkg/usr/share/bash-completion/completions/lsns"
	before=$(cd "$pkg" && find . | LC_ALL=C sort)
	install_into
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"nothing was installed"* ]]
	[[ "$output" == *"$pkg/usr/bin/lsns"* ]]
	[[ "$output" == *"$pkg/usr/share/bash-completion/completions/lsns"* ]]
	[[ "$output" == *"make install FORCE=1"* ]]
	# nothing was written: the same files, the foreign ones unchanged
	[ "$(cd "$pkg" && find . | LC_ALL=C sort)" = "$before" ]
	[ "$(sh "$pkg/usr/bin/lsns")" = "util-linux lsns" ]
	install_into FORCE=1
	[ "$status" -eq 0 ]
	[ "$(readlink "$pkg/usr/bin/lsns")" = nsbox ]
	[ "$(readlink "$pkg/usr/share/bash-completion/completions/lsns")" = nsbox ]
}

@test "make install: nsbox's own earlier install (make install, nsbox --install, hard links) is updated" {
	need_host_build
	pkg=$TEST_DIR/pkg
	install_into
	[ "$status" -eq 0 ]
	# again over itself
	install_into
	[ "$status" -eq 0 ]
	# over the hard links and symlinks nsbox --install makes
	rm "$pkg/usr/bin/nsid" "$pkg/usr/bin/lsns"
	ln "$pkg/usr/bin/nsbox" "$pkg/usr/bin/nsid"
	ln -s "$pkg/usr/bin/nsbox" "$pkg/usr/bin/lsns"
	echo 'an older nsbox' >> "$pkg/usr/share/man/man1/nsid.1"
	install_into
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(readlink "$pkg/usr/bin/nsid")" = nsbox ]
	[ "$(readlink "$pkg/usr/bin/lsns")" = nsbox ]
	cmp "$ROOT/man/nsid.1" "$pkg/usr/share/man/man1/nsid.1"
	# a page of the same name that is not nsbox's is not
	echo '.TH NSID 1' > "$pkg/usr/share/man/man1/nsid.1"
	install_into
	[ "$status" -ne 0 ]
	[[ "$output" == *"$pkg/usr/share/man/man1/nsid.1"* ]]
}
