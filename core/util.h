/* Errors, strict numbers, exec and wait: the helpers every applet uses. */
#ifndef NSBOX_UTIL_H
#define NSBOX_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define NSBOX_VERSION "0.1.0"

/* The name errors are prefixed with: the applet's, set once by dispatch. */
extern const char *applet_name;

/* "APPLET: message[: strerror(errnum)]\n" on stderr in one write(2).
 * errnum 0 means no strerror part. */
void msg(int errnum, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vmsg(int errnum, const char *fmt, va_list ap);
/* msg() then exit(status). */
_Noreturn void die(int status, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Usage error as util-linux: the message, then "Try 'APPLET --help' ...", exit 1. */
_Noreturn void die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Strict unsigned parsing: decimal only, the whole string, no sign, no
 * blanks, value in [min, max]. Returns 0, -EINVAL (junk) or -ERANGE. */
int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* The same, dying with "APPLET: WHAT: 'S'" (as util-linux's strtoul_or_err). */
uint64_t parse_u64_or_die(const char *s, uint64_t min, uint64_t max, const char *what);
/* Signal names as util-linux: case-insensitive, optional SIG prefix,
 * RTMIN+N / RTMAX-N; numbers are not names. Returns -1 when unknown. */
int signal_by_name(const char *name);

/* Allocation that cannot fail silently: dies with ENOMEM. */
void *xmalloc(size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);

/* Read a whole small file (at most size-1 bytes, NUL-terminated) relative
 * to dirfd. Returns the length or -errno. */
ssize_t read_file_at(int dirfd, const char *path, char *buf, size_t size);
/* Write a string to a file (e.g. /proc/self/uid_map). 0 or -errno. */
int write_file(const char *path, const char *text);

/* execvp(argv[0], argv); on failure "failed to execute NAME: strerror" and
 * exit 127 (ENOENT) or 126 (anything else). */
_Noreturn void exec_or_die(char **argv);
/* Run the user's shell as a login shell: $SHELL, else the passwd shell,
 * else /bin/sh; argv[0] is "-" + its basename. */
_Noreturn void exec_shell(void);

/* Wait for child pid; return its exit status, or when it died of a
 * signal, die of the same signal ourselves (128+N if that fails). */
int wait_child(pid_t pid);
/* The same decoding for a status already collected by waitpid(). */
int status_to_exit(int status);

/* uid -> user name from /etc/passwd, or the number when there is none
 * (minimal containers have no passwd file). buf holds at least 32 bytes. */
const char *uid_to_name(uid_t uid, char *buf, size_t size);

/* Handle -h/--help and -V/--version for the current applet. */
_Noreturn void applet_help(void);
_Noreturn void applet_version(void);

#endif
