# SPDX-License-Identifier: 0BSD
# nsbox: one static multi-call binary. `make`, `make test`, `make install`.
CC       = musl-gcc
# Size: no unwind tables (C, no exceptions), one code segment without page
# padding, no build-id, no RELRO (musl applies it only in its dynamic
# loader: in a static binary it is padding up to a page, 64 KiB on aarch64,
# that protects nothing), and no padding before the data segment either (a
# small common page size lets its file offset follow the code's end, as
# offset and address need only agree modulo the page size). -Os and
# section GC drop everything unused; the static build brings its own small
# malloc (core/alloc.c). -static links a fixed-address executable, so code
# compiled position-independent (the compiler's default here) only costs
# bytes: -fno-pie. A switch is a chain of compares, not a table of
# addresses (-fno-jump-tables: 1 KiB; no switch is hot enough to notice).
# Input sections sorted by alignment leave less padding between them.
CFLAGS   = -std=gnu11 -Os -DNSBOX_OWN_MALLOC -Wall -Wextra -Werror -ffunction-sections -fdata-sections \
	   -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-pie -fno-jump-tables
VERSION := $(shell cat VERSION)
CPPFLAGS = -D_GNU_SOURCE -Icore -Iapplets -Ibuild/gen -DNSBOX_VERSION='"$(VERSION)"'
LDFLAGS  = -static -Wl,--gc-sections -Wl,--sort-section=alignment -Wl,-z,noseparate-code -Wl,-z,norelro -Wl,-z,common-page-size=64 -Wl,--build-id=none -s
PREFIX   = /usr/local
BINDIR   = $(PREFIX)/bin
MANDIR   = $(PREFIX)/share/man/man1
COMPDIR  = $(PREFIX)/share/bash-completion/completions

SRCS    = $(wildcard core/*.c applets/*.c)
# The test helpers (HELPERS=build/ARCH/helpers with CC and ASAN_CC of ARCH:
# scripts/cross builds them for another architecture's guest)
HELPERS = tests/helpers
TEST_HELPERS = $(addprefix $(HELPERS)/,coretest rxdiff sandbox pause seize hostile world)
HEADERS = $(wildcard core/*.h applets/*.h) build/gen/help.h
HELPS   = $(wildcard applets/*.help)
ASAN_CC = gcc
ASAN_FLAGS = -std=gnu11 -O1 -g -Wall -Wextra -Werror -fno-omit-frame-pointer \
	     -fsanitize=address,undefined -fno-sanitize-recover=undefined

.PHONY: all deps build-deps test-deps test test-churn test-asan test-vm install clean size fuzz cross test-cross dist release

all: nsbox

# The build needs only a C compiler with musl ($(CC)); the test tools
# (bats, mandoc, col) come with the test targets. Missing ones are
# installed as root, else named with the command that installs them.
build-deps:
	@scripts/deps build "$(CC)"
test-deps:
	@scripts/deps test
deps: build-deps test-deps

# The applets' --help texts (applets/NAME.help), packed at build time by a
# tool built for this machine (HOSTCC: not a cross compiler), unpacked by
# core/lz.c.
HOSTCC ?= cc
build/helppack: scripts/helppack.c
	@mkdir -p build
	$(HOSTCC) -O2 -o $@ $<

build/gen/help.h: build/helppack $(HELPS)
	@mkdir -p build/gen
	build/helppack $(HELPS) > $@.tmp && mv $@.tmp $@

nsbox: $(SRCS) $(HEADERS) VERSION Makefile | build-deps
	$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) -o $@ $(SRCS)

# Other architectures (scripts/cross picks each one's musl toolchain).
CROSS_CC ?= $(CC)
build/%/nsbox: $(SRCS) $(HEADERS) VERSION Makefile
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) -o $@ $(SRCS)

cross:
	@scripts/cross

# What qemu-user can emulate, on every architecture built (scripts/cross-test).
test-cross: cross
	@scripts/cross-test

# The suite on Debian's own kernels under qemu-system (scripts/vm): KERNEL
# 5.10, 6.1 or 6.12 (amd64: the whole suite, and the i386 build's checks
# when a toolchain builds it), 5.10-arm64 or 6.1-arm64 (a smoke test of the
# aarch64 and armhf builds), 6.1-armhf (native 32-bit arm: the smoke test),
# 6.1-i386 (native 32-bit x86: the suite in a root of Debian's i386
# packages). As root; downloads what it needs once into build/vm.
KERNEL ?= 5.10
test-vm: all $(TEST_HELPERS)
	@case "$(KERNEL)" in *arm64) scripts/cross aarch64 armhf ;; *armhf) scripts/cross armhf ;; \
		*i386) CROSS_HELPERS=1 scripts/cross i386 ;; *) scripts/cross i386 || true ;; esac
	@scripts/vm $(KERNEL)

# The core helpers, driven directly by tests/core.bats.
$(HELPERS)/coretest: tests/helpers/coretest.c $(filter core/%,$(SRCS)) $(HEADERS) | build-deps
	$(CC) $(CFLAGS) $(CPPFLAGS) -static -o $@ tests/helpers/coretest.c \
		$(filter-out core/dispatch.c,$(filter core/%,$(SRCS)))

# Runs a command under a seccomp filter that makes the kernel look older.
$(HELPERS)/sandbox: tests/helpers/sandbox.c core/kernel.h | build-deps
	$(CC) $(CFLAGS) $(CPPFLAGS) -static -o $@ tests/helpers/sandbox.c

# The static program of the tests' distroless containers.
$(HELPERS)/pause: tests/helpers/pause.c | build-deps
	$(CC) $(CFLAGS) -static -s -o $@ tests/helpers/pause.c

# A container's root racing for nsenter's child with ptrace (hostile.bats).
$(HELPERS)/seize: tests/helpers/seize.c | build-deps
	$(CC) $(CFLAGS) -static -s -o $@ tests/helpers/seize.c

# What an unprivileged user can do to root's lsns (tests/hostile.bats).
$(HELPERS)/hostile: tests/helpers/hostile.c | build-deps
	$(CC) $(CFLAGS) -static -o $@ tests/helpers/hostile.c

# A private host for one test: its own user, mount and pid namespaces.
$(HELPERS)/world: tests/helpers/world.c | build-deps
	$(CC) $(CFLAGS) -D_GNU_SOURCE -static -s -o $@ tests/helpers/world.c

# The regex engine against glibc's (util-linux's), with the system compiler.
$(HELPERS)/rxdiff: tests/helpers/rxdiff.c core/rx.c core/rx.h
	$(ASAN_CC) $(ASAN_FLAGS) $(CPPFLAGS) -o $@ tests/helpers/rxdiff.c core/rx.c

build/asan/nsbox: $(SRCS) $(HEADERS)
	@mkdir -p build/asan
	$(ASAN_CC) $(ASAN_FLAGS) $(CPPFLAGS) -o $@ $(SRCS)

# BATS_FILES: the whole suite, or some of its files
BATS_FILES ?= tests
test: test-deps all $(TEST_HELPERS)
	NSBOX=$(CURDIR)/nsbox bats $(BATS_FILES)

# The same suite on a host that never stands still: scripts/churn makes and
# drops namespaces and processes for as long as it runs (CHURN_SECONDS at
# most), as root and as nobody.
CHURN_SECONDS ?= 3600
test-churn: test-deps all $(TEST_HELPERS)
	scripts/churn $(CHURN_SECONDS) $(MAKE) --no-print-directory test

# Sanitizer reports go to files, so that an expected non-zero exit cannot
# hide one; any error report fails the target. (Warnings are not errors:
# newuts's clone child on its own stack makes ASan warn that it ignores
# __asan_handle_no_return there.)
# (The reports folder is world-writable: tests run nsbox as nobody too.)
ASAN_LOG = $(CURDIR)/build/asan/reports/report
test-asan: test-deps build/asan/nsbox $(TEST_HELPERS)
	rm -rf $(dir $(ASAN_LOG))
	mkdir -p -m 1777 $(dir $(ASAN_LOG))
	NSBOX=$(CURDIR)/build/asan/nsbox NSBOX_ASAN=1 \
	ASAN_OPTIONS=log_path=$(ASAN_LOG):detect_leaks=1 \
	UBSAN_OPTIONS=log_path=$(ASAN_LOG):print_stacktrace=1 \
		bats tests
	@if grep -l -E 'ERROR: |runtime error|LeakSanitizer' $(ASAN_LOG).* 2>/dev/null; then \
		cat $(ASAN_LOG).*; echo "sanitizer reports above" >&2; exit 1; fi
	@echo "test-asan: no sanitizer reports"

# Coverage-guided fuzzing (clang's libFuzzer, with ASan and UBSan) of every
# parser nsbox feeds untrusted text to. Each harness runs FUZZ_SECONDS from
# its seed corpus (tests/fuzz/corpus/NAME, committed; new inputs go to
# build/fuzz/NAME) and any finding fails the target.
FUZZ_SECONDS ?= 30
FUZZERS   = filter rx opt proc table fmt json alloc
FUZZ_CC   = clang
FUZZ_FLAGS = -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	     -D_GNU_SOURCE -Icore -Iapplets -Ibuild/gen -Itests/fuzz
FUZZ_SRCS = $(filter-out core/dispatch.c,$(filter core/%,$(SRCS)))

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_SRCS) $(HEADERS)
	@mkdir -p build/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_SRCS)

build/fuzz/fuzz_opt: tests/fuzz/fuzz_opt.c tests/fuzz/fuzz.h $(SRCS) $(HEADERS)
	@mkdir -p build/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -Dmain=registry_main -Wl,--wrap=die_usage -o $@ $< core/dispatch.c $(FUZZ_SRCS) \
		$(filter applets/%,$(SRCS))

# the static build's own malloc, renamed so that it runs beside ASan's
build/fuzz/fuzz_alloc: tests/fuzz/fuzz_alloc.c tests/fuzz/fuzz.h core/alloc.c
	@mkdir -p build/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -DALLOC_TEST -o $@ $< core/alloc.c

fuzz: $(addprefix build/fuzz/fuzz_,$(FUZZERS))
	@for f in $(FUZZERS); do \
		mkdir -p build/fuzz/$$f build/fuzz/artifacts; \
		echo "fuzz $$f: $(FUZZ_SECONDS) s"; \
		build/fuzz/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 \
			-artifact_prefix=build/fuzz/artifacts/$$f- -print_final_stats=1 \
			build/fuzz/$$f tests/fuzz/corpus/$$f 2> build/fuzz/$$f.log || \
			{ tail -40 build/fuzz/$$f.log; echo "fuzz $$f: a finding (build/fuzz/artifacts)" >&2; exit 1; }; \
		grep -E '^stat::number_of_executed_units' build/fuzz/$$f.log | sed "s/^/  $$f /"; \
	done

size: nsbox
	@scripts/size
	@for bin in build/*/nsbox; do [ "$$bin" = build/asan/nsbox ] || \
		echo "$$bin: $$(stat -c %s $$bin) bytes (reported, no budget)"; done

# The binary, a link per applet, the manual pages, bash completion (one
# file, a link per applet, as bash-completion looks them up by name).
# Never over a file nsbox did not put there (util-linux's lsns and its
# completion): scripts/install names them and writes nothing; FORCE=1
# replaces them.
install: all
	@DESTDIR="$(DESTDIR)" BINDIR="$(BINDIR)" MANDIR="$(MANDIR)" COMPDIR="$(COMPDIR)" \
		FORCE="$(FORCE)" scripts/install

# A source tarball of the tracked files, the same bytes from the same
# commit (sorted names, the commit's time, no owners), and the static
# binaries of every architecture scripts/cross can build, with SHA256SUMS.
DIST = nsbox-$(VERSION)
dist:
	@mkdir -p dist
	git ls-files -z | LC_ALL=C sort -z | tar --null -T - --transform 's,^,$(DIST)/,' \
		--owner=0 --group=0 --numeric-owner --mode='u+rw,go+r,go-w' \
		--mtime="@$$(git log -1 --format=%ct)" --format=gnu -cf - | gzip -n -9 > dist/$(DIST).tar.gz
	@echo dist/$(DIST).tar.gz

release: dist
	@scripts/cross >/dev/null || true
	for bin in build/*/nsbox; do arch=$${bin#build/}; arch=$${arch%/nsbox}; \
		[ "$$arch" = asan ] || cp $$bin dist/$(DIST)-$$arch; done
	cd dist && sha256sum $(DIST).tar.gz $(DIST)-* > SHA256SUMS
	@cat dist/SHA256SUMS

clean:
	rm -rf nsbox build dist $(TEST_HELPERS)
