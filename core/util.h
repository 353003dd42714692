/* Errors, strict numbers, exec and wait: the helpers every applet uses. */
#ifndef NSBOX_UTIL_H
#define NSBOX_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define NSBOX_VERSION "0.1.0"

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
/* Usage error as util-linux: the message, then "Try 'APPLET --help' ...", exit 1. */
_Noreturn void die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Strict unsigned parsing: decimal only, the whole string, no sign, no
 * blanks, value in [min, max]. Returns 0, -EINVAL (junk) or -ERANGE. */
int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* The decimal digits at the start of s (none: 0); *end after them. For
 * text that continues past the number, such as "6.18.44" or "123 S". */
uint64_t scan_u64(const char *s, const char **end);
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

/* fork(), and in the parent a pidfd for the child (-1 on kernels before
 * 5.3). Our own unreaped child's pid cannot be reused, so opening the pidfd
 * right after fork() is as race-free as clone3(CLONE_PIDFD); and unlike a
 * raw clone3 it keeps libc's idea of our thread id right in the child. */
pid_t fork_pidfd(int *pidfd);
/* Wait for a child to end, through its pidfd when there is one (-1: by
 * pid); retries on EINTR. Returns the waitpid()-style status. */
int wait_status(pid_t pid, int pidfd);
/* sigaction(sig) to handler (or SIG_DFL/SIG_IGN), restarting interrupted
 * calls; dies if the kernel refuses. */
void set_signal(int sig, void (*handler)(int));

/* Wait for child pid; return its exit status, or when it died of a
 * signal, die of the same signal ourselves (128+N if that fails). */
int wait_child(pid_t pid);
/* The same decoding for a status already collected by waitpid(). */
int status_to_exit(int status);

/* Raise every permitted capability into the inheritable and ambient sets,
 * so that it survives exec (--keep-caps). 0 or -errno. */
int caps_permitted_to_ambient(void);

/* Call fn(name, ctx) for each entry of an open directory but "." and "..",
 * reading it with getdents64 into a stack buffer: no DIR, no allocation.
 * Stops early when fn returns non-zero. With short_read_ends, a read that
 * leaves room in the buffer is taken as the end (true of procfs, which
 * fills it greedily): one call fewer. 0 or -errno. */
int dir_each(int dirfd, int (*fn)(const char *name, void *ctx), void *ctx, bool short_read_ends);

/* Call fn(line, ctx) for each line of a file (without its newline; lines
 * over 4 KiB are skipped); stop early when fn returns non-zero and return
 * that. -errno when the file cannot be read. */
int for_each_line(const char *path, int (*fn)(char *line, void *ctx), void *ctx);

/* An entry of /etc/passwd or /etc/group, read directly: a static binary
 * has no NSS, and a minimal container has no such files at all. */
struct user_entry {
	char name[64];
	uint32_t id;
	char shell[128];	/* passwd only */
};
/* Find by name (name != NULL) or else by id. 0, -ENOENT when there is no
 * such entry, or -errno when the file cannot be read. */
int user_lookup(const char *file, const char *name, uint32_t id, struct user_entry *out);
/* uid -> user name from /etc/passwd, or the number when there is none.
 * buf holds at least 32 bytes. */
const char *uid_to_name(uid_t uid, char *buf, size_t size);

/* setuid/setgid/setgroups(0) as plain syscalls: nsbox is single-threaded,
 * and libc's all-threads versions cost a lot of static size. 0 or -1. */
int set_uid(uid_t uid);
int set_gid(gid_t gid);
int drop_groups(void);

/* Call before entering a new pid namespace: in sanitizer builds it runs
 * LeakSanitizer's check now, because its exit-time tracer cannot be forked
 * into a pid namespace that is gone or whose first process it would be.
 * Nothing in the real binary. */
void sanitizer_before_pidns(void);

/* Once at start, for every applet: the signal dispositions nsbox relies on
 * (SIGCHLD inherited as ignored would make the kernel reap our children
 * before we wait for them), and the check at exit that everything written
 * to stdout reached it ("write error", exit 1, as util-linux's close_stdout). */
void process_setup(void);
/* "APPLET: write error: strerror(err)", exit_failure; said once (the exit
 * check stays quiet after it). err 0: no strerror part. */
_Noreturn void die_write_error(int err);

/* Handle -h/--help and -V/--version for the current applet. */
_Noreturn void applet_help(void);
_Noreturn void applet_version(void);

#endif
