/* SPDX-License-Identifier: 0BSD */
/* Errors, exit statuses and allocation. */
#ifndef NSBOX_ERR_H
#define NSBOX_ERR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The exit status of every failure that is not the applet's own: usage
 * errors, out of memory, a failed write of the output. 1, unless the applet
 * sets it once, before parsing (nsid --same: 2, as "different" is 1). */
extern int exit_failure;

/* The name errors are prefixed with: the applet's, set once by dispatch. */
extern const char *applet_name;

/* strerror() in glibc's words, which util-linux's messages (and so
 * scripts and habits) carry; musl words a few of them differently. */
const char *errstr(int errnum);

/* "APPLET: message[: strerror(errnum)]\n" on stderr in one write(2).
 * errnum 0 means no strerror part. */
void msg(int errnum, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vmsg(int errnum, const char *fmt, va_list ap);
/* msg() then exit(status). */
_Noreturn void die(int status, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Usage error as util-linux: the message, then "Try 'APPLET --help' ...",
 * exit_failure. */
_Noreturn void die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "APPLET: write error: strerror(err)", exit_failure; said once (the exit
 * check stays quiet after it). err 0: no strerror part. A reader that went
 * away (EPIPE) is not an error: exit 0, quietly. */
_Noreturn void die_write_error(int err);
/* Did the write that failed with err (or any write: SIGPIPE) find its
 * reader gone? */
bool output_reader_gone(int err);

/* Once at start, for every applet: the signal dispositions nsbox relies on
 * (SIGCHLD inherited as ignored would make the kernel reap our children
 * before we wait for them), SIGPIPE made an EPIPE (a reader gone: quiet,
 * never an error), stdout's buffer, and the check at exit that everything
 * written to stdout reached it ("write error", exit 1, as util-linux's
 * close_stdout). */
void process_setup(void);
/* sigaction(sig) to handler (or SIG_DFL/SIG_IGN), restarting interrupted
 * calls; dies if the kernel refuses. */
void set_signal(int sig, void (*handler)(int));

/* Allocation that cannot fail silently: dies with ENOMEM. */
void *xmalloc(size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
/* Room for element n of an array that grows one element at a time: the
 * array doubles when n is a power of two, so n pushes cost O(n), not
 * O(n^2) (an expression of 5,000 terms, a pattern of 8,000 atoms). */
void *xgrow(void *array, size_t n, size_t size);

/* Calls that either work or end nsbox with util-linux's message for them
 * ("fork failed: ...", "pipe failed: ...", "cannot change directory to
 * DIR: ..."). */
pid_t xfork(void);
void xpipe(int fds[2]);
void xchdir(const char *dir);
struct utsname;
void xuname(struct utsname *uts);

#endif
