# SPDX-License-Identifier: 0BSD
# nsbox: one static multi-call binary. `make`, `make test`, `make install`.
CC       = musl-gcc
# Size: no unwind tables (C, no exceptions), one code segment without page
# padding, no build-id. -Os and section GC drop everything unused.
CFLAGS   = -std=gnu11 -Os -Wall -Wextra -Werror -ffunction-sections -fdata-sections \
	   -fno-asynchronous-unwind-tables -fno-unwind-tables
CPPFLAGS = -D_GNU_SOURCE -Icore -Iapplets
LDFLAGS  = -static -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,--build-id=none -s
PREFIX   = /usr/local
BINDIR   = $(PREFIX)/bin

SRCS    = $(wildcard core/*.c applets/*.c)
HEADERS = $(wildcard core/*.h applets/*.h)
ASAN_CC = gcc
ASAN_FLAGS = -std=gnu11 -O1 -g -Wall -Wextra -Werror -fno-omit-frame-pointer \
	     -fsanitize=address,undefined -fno-sanitize-recover=undefined

.PHONY: all deps test test-asan install clean size

all: deps nsbox

# Installs musl-tools and bats when missing (as root), else says how.
deps:
	@scripts/deps

nsbox: $(SRCS) $(HEADERS) | deps
	$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) -o $@ $(SRCS)

# The core helpers, driven directly by tests/core.bats.
tests/helpers/coretest: tests/helpers/coretest.c $(filter core/%,$(SRCS)) $(HEADERS) | deps
	$(CC) $(CFLAGS) $(CPPFLAGS) -static -o $@ tests/helpers/coretest.c \
		$(filter-out core/dispatch.c,$(filter core/%,$(SRCS)))

# Runs a command under a seccomp filter that makes the kernel look older.
tests/helpers/sandbox: tests/helpers/sandbox.c core/kernel.h | deps
	$(CC) $(CFLAGS) $(CPPFLAGS) -static -o $@ tests/helpers/sandbox.c

# The regex engine against glibc's (util-linux's), with the system compiler.
tests/helpers/rxdiff: tests/helpers/rxdiff.c core/rx.c core/rx.h
	$(ASAN_CC) $(ASAN_FLAGS) $(CPPFLAGS) -o $@ tests/helpers/rxdiff.c core/rx.c

build/asan/nsbox: $(SRCS) $(HEADERS)
	@mkdir -p build/asan
	$(ASAN_CC) $(ASAN_FLAGS) $(CPPFLAGS) -o $@ $(SRCS)

TEST_HELPERS = tests/helpers/coretest tests/helpers/rxdiff tests/helpers/sandbox

test: all $(TEST_HELPERS)
	NSBOX=$(CURDIR)/nsbox bats tests

# Sanitizer reports go to files, so that an expected non-zero exit cannot
# hide one; any error report fails the target. (Warnings are not errors:
# newuts's clone child on its own stack makes ASan warn that it ignores
# __asan_handle_no_return there.)
# (The reports folder is world-writable: tests run nsbox as nobody too.)
ASAN_LOG = $(CURDIR)/build/asan/reports/report
test-asan: deps build/asan/nsbox $(TEST_HELPERS)
	rm -rf $(dir $(ASAN_LOG))
	mkdir -p -m 1777 $(dir $(ASAN_LOG))
	NSBOX=$(CURDIR)/build/asan/nsbox NSBOX_ASAN=1 \
	ASAN_OPTIONS=log_path=$(ASAN_LOG):detect_leaks=1 \
	UBSAN_OPTIONS=log_path=$(ASAN_LOG):print_stacktrace=1 \
		bats tests
	@if grep -l -E 'ERROR: |runtime error|LeakSanitizer' $(ASAN_LOG).* 2>/dev/null; then \
		cat $(ASAN_LOG).*; echo "sanitizer reports above" >&2; exit 1; fi
	@echo "test-asan: no sanitizer reports"

size: nsbox
	@scripts/size

install: all
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 nsbox $(DESTDIR)$(BINDIR)/nsbox
	for applet in $$(./nsbox --list); do \
		ln -sf nsbox $(DESTDIR)$(BINDIR)/$$applet; done

clean:
	rm -rf nsbox build $(TEST_HELPERS)
