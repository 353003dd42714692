#include "fmt.h"
#include "util.h"
#include "kernel.h"
#include "registry.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

const char *applet_name = "nsbox";
int exit_failure = 1;

const char *errstr(int errnum)
{
	switch (errnum) {
	case ERANGE: return "Numerical result out of range";
	case ENOTTY: return "Inappropriate ioctl for device";
	case EOPNOTSUPP: return "Operation not supported";
	case ELOOP: return "Too many levels of symbolic links";
	case ENAMETOOLONG: return "File name too long";
	case EBUSY: return "Device or resource busy";
	case ENOMEM: return "Cannot allocate memory";
	case EXDEV: return "Invalid cross-device link";
	case ECHILD: return "No child processes";
	case EUSERS: return "Too many users";
	default: return strerror(errnum);
	}
}

void vmsg(int errnum, const char *fmt, va_list ap)
{
	char line[4096];
	/* one byte kept back for the newline */
	struct strbuf sb = { line, sizeof line - 1, 0, false, false };

	sb_printf(&sb, "%s: ", applet_name);
	sb_vprintf(&sb, fmt, ap);
	if (errnum)
		sb_printf(&sb, ": %s", errstr(errnum));
	line[sb.len] = '\n';
	/* One write, so that messages from concurrent processes never interleave. */
	while (write(STDERR_FILENO, line, sb.len + 1) < 0 && errno == EINTR)
		;
}

void msg(int errnum, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(errnum, fmt, ap);
	va_end(ap);
}

void die(int status, int errnum, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(errnum, fmt, ap);
	va_end(ap);
	exit(status);
}

void die_usage(const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof line)
		n = sizeof line - 1;
	fflush(stdout);
	fmt_dprintf(STDERR_FILENO, "%.*s\nTry '%s --help' for more information.\n", n, line, applet_name);
	exit(exit_failure);
}

int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t value = 0;

	if (!s || !*s)
		return -EINVAL;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		unsigned digit = (unsigned)(*p - '0');
		if (value > (UINT64_MAX - digit) / 10)
			return -ERANGE;
		value = value * 10 + digit;
	}
	if (value < min || value > max)
		return -ERANGE;
	*out = value;
	return 0;
}

uint64_t scan_u64(const char *s, const char **end)
{
	uint64_t value = 0;

	while (*s >= '0' && *s <= '9' && value <= (UINT64_MAX - 9) / 10)
		value = value * 10 + (uint64_t)(*s++ - '0');
	*end = s;
	return value;
}

uint64_t parse_u64_or_die(const char *s, uint64_t min, uint64_t max, const char *what)
{
	uint64_t value;
	int rc = parse_u64(s, min, max, &value);

	if (rc == -ERANGE)
		die(1, ERANGE, "%s: '%s'", what, s);
	if (rc < 0)
		die(1, 0, "%s: '%s'", what, s);
	return value;
}

static const struct { const char *name; int num; } signal_names[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "ILL", SIGILL },
	{ "TRAP", SIGTRAP }, { "ABRT", SIGABRT }, { "IOT", SIGIOT }, { "BUS", SIGBUS },
	{ "FPE", SIGFPE }, { "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 }, { "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
	{ "STKFLT", SIGSTKFLT }, { "CHLD", SIGCHLD }, { "CLD", SIGCHLD }, { "CONT", SIGCONT },
	{ "STOP", SIGSTOP }, { "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
	{ "URG", SIGURG }, { "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ }, { "VTALRM", SIGVTALRM },
	{ "PROF", SIGPROF }, { "WINCH", SIGWINCH }, { "IO", SIGIO }, { "POLL", SIGPOLL },
	{ "PWR", SIGPWR }, { "SYS", SIGSYS },
};

int signal_by_name(const char *name)
{
	if (!strncasecmp(name, "SIG", 3))
		name += 3;
	for (size_t i = 0; i < sizeof signal_names / sizeof *signal_names; i++)
		if (!strcasecmp(name, signal_names[i].name))
			return signal_names[i].num;
	/* RTMIN+N and RTMAX-N, as util-linux's signames.c */
	bool from_min = !strncasecmp(name, "RTMIN", 5), from_max = !strncasecmp(name, "RTMAX", 5);
	if (!from_min && !from_max)
		return -1;
	const char *rest = name + 5;
	uint64_t offset = 0;
	if (*rest) {
		if (*rest != (from_min ? '+' : '-') ||
		    parse_u64(rest + 1, 0, (uint64_t)(SIGRTMAX - SIGRTMIN), &offset) < 0)
			return -1;
	}
	return from_min ? SIGRTMIN + (int)offset : SIGRTMAX - (int)offset;
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		die(exit_failure, ENOMEM, "out of memory");
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		die(exit_failure, ENOMEM, "out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;
	return memcpy(xmalloc(len), s, len);
}

ssize_t read_file_at(int dirfd, const char *path, char *buf, size_t size)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;

	if (fd < 0)
		return -errno;
	while (len + 1 < size) {
		ssize_t n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;
			close(fd);
			return -err;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(text);
	ssize_t n;

	if (fd < 0)
		return -errno;
	do
		n = write(fd, text, len);
	while (n < 0 && errno == EINTR);
	int err = n < 0 ? errno : (size_t)n != len ? EIO : 0;
	if (close(fd) < 0 && !err)
		err = errno;
	return -err;
}

/* After a failed exec we may be a forked child: _exit, so that nothing of
 * the parent's (stdio buffers, atexit work) runs twice. */
_Noreturn static void exec_failed(const char *name)
{
	int err = errno;
	msg(err, "failed to execute %s", name);
	_exit(err == ENOENT ? 127 : 126);
}

void exec_or_die(char **argv)
{
	execvp(argv[0], argv);
	exec_failed(argv[0]);
}

void exec_shell(void)
{
	const char *shell = getenv("SHELL");
	char arg0[256];

	struct user_entry entry;

	if (!shell || !*shell)
		shell = user_lookup("/etc/passwd", NULL, getuid(), &entry) == 0 && entry.shell[0] ?
			entry.shell : "/bin/sh";
	const char *base = strrchr(shell, '/');
	fmt_snprintf(arg0, sizeof arg0, "-%s", base ? base + 1 : shell);
	char *argv[] = { arg0, NULL };
	execv(shell, argv);
	exec_failed(shell);
}

void set_signal(int sig, void (*handler)(int))
{
	struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_RESTART };

	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL) < 0)
		die(1, errno, "sigaction failed");
}

int status_to_exit(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (!WIFSIGNALED(status))
		return 1;
	int sig = WTERMSIG(status);
	sigset_t set;

	fflush(stdout);
	/* Die the same death, so our caller sees what our child saw. */
	if (sig != SIGKILL)
		signal(sig, SIG_DFL);	/* we are dying either way: no check */
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	kill(getpid(), sig);
	return 128 + sig;
}

pid_t fork_pidfd(int *pidfd)
{
	pid_t pid = fork();

	*pidfd = -1;
	if (pid > 0) {
		*pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
		if (*pidfd < 0)
			*pidfd = -1;	/* before 5.3: wait by pid */
	}
	return pid;
}

int wait_status(pid_t pid, int pidfd)
{
	int status;

	if (pidfd >= 0) {
		siginfo_t info = { 0 };
		int rc;
		while ((rc = waitid(P_PIDFD, (id_t)pidfd, &info, WEXITED)) < 0 && errno == EINTR)
			;
		if (rc == 0) {
			close(pidfd);
			if (info.si_code == CLD_EXITED)
				return (info.si_status & 0xff) << 8;
			return (info.si_status & 0x7f) | (info.si_code == CLD_DUMPED ? 0x80 : 0);
		}
		if (errno != EINVAL)	/* EINVAL: no P_PIDFD before 5.4 */
			die(1, errno, "waitid failed");
		close(pidfd);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die(1, errno, "waitpid failed");
	return status;
}

int wait_child(pid_t pid)
{
	return status_to_exit(wait_status(pid, -1));
}

int caps_permitted_to_ambient(void)
{
	struct { uint32_t version; int pid; } header = { 0x20080522, 0 };	/* v3 */
	struct { uint32_t effective, permitted, inheritable; } data[2];
	char text[16];
	uint64_t last_cap = 40;

	if (syscall(SYS_capget, &header, data) < 0)
		return -errno;
	for (int i = 0; i < 2; i++)
		data[i].inheritable = data[i].permitted;
	if (syscall(SYS_capset, &header, data) < 0)
		return -errno;
	if (read_file_at(AT_FDCWD, "/proc/sys/kernel/cap_last_cap", text, sizeof text) > 0) {
		text[strcspn(text, "\n")] = '\0';
		parse_u64(text, 0, 63, &last_cap);
	}
	for (unsigned cap = 0; cap <= last_cap; cap++) {
		if (!(data[cap / 32].effective & (1u << (cap % 32))))
			continue;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
			return -errno;
	}
	return 0;
}

int dir_each(int dirfd, int (*fn)(const char *name, void *ctx), void *ctx, bool short_read_ends)
{
	struct entry {	/* struct linux_dirent64 */
		uint64_t ino;
		int64_t off;
		unsigned short reclen;
		unsigned char type;
		char name[];
	};
	union { char bytes[4096]; uint64_t align; } buf;

	for (;;) {
		long n = syscall(SYS_getdents64, dirfd, buf.bytes, sizeof buf.bytes);
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		for (long pos = 0; pos < n;) {
			const struct entry *e = (const struct entry *)(buf.bytes + pos);
			pos += e->reclen;
			if (e->name[0] == '.' && (!e->name[1] || (e->name[1] == '.' && !e->name[2])))
				continue;
			if (fn(e->name, ctx))
				return 0;
		}
		/* 280 bytes: room for the largest entry (a 255-byte name) */
		if (short_read_ends && n < (long)sizeof buf.bytes - 280)
			return 0;
	}
}

int for_each_line(const char *path, int (*fn)(char *line, void *ctx), void *ctx)
{
	char buf[4096];
	size_t have = 0;
	bool skipping = false;	/* inside an over-long line */
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n = read(fd, buf + have, sizeof buf - 1 - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			break;
		}
		have += (size_t)n;
		if (n == 0 && have == 0)
			break;
		buf[have] = '\0';
		char *line = buf, *nl;
		while ((nl = memchr(line, '\n', have - (size_t)(line - buf)))) {
			*nl = '\0';
			if (!skipping && (rc = fn(line, ctx)) != 0)
				goto out;
			skipping = false;
			line = nl + 1;
		}
		size_t rest = have - (size_t)(line - buf);
		if (n == 0) {	/* a last line without newline */
			if (rest && !skipping)
				rc = fn(line, ctx);
			break;
		}
		if (rest == sizeof buf - 1) {	/* longer than the buffer */
			skipping = true;
			rest = 0;
		}
		memmove(buf, line, rest);
		have = rest;
	}
out:
	close(fd);
	return rc;
}

struct user_query {
	const char *name;
	uint32_t id;
	struct user_entry *out;
};

static int user_line(char *line, void *ctx)
{
	struct user_query *q = ctx;
	char *fields[7] = { 0 };
	int n = 0;
	uint64_t id;

	for (char *p = line; n < 7; n++) {
		fields[n] = p;
		p = strchr(p, ':');
		if (!p)
			break;
		*p++ = '\0';
	}
	if (n < 2 || !fields[2] || parse_u64(fields[2], 0, UINT32_MAX, &id) < 0)
		return 0;
	if (q->name ? strcmp(fields[0], q->name) != 0 : id != q->id)
		return 0;
	fmt_snprintf(q->out->name, sizeof q->out->name, "%s", fields[0]);
	q->out->id = (uint32_t)id;
	fmt_snprintf(q->out->shell, sizeof q->out->shell, "%s", n >= 6 && fields[6] ? fields[6] : "");
	return 1;
}

int user_lookup(const char *file, const char *name, uint32_t id, struct user_entry *out)
{
	struct user_query q = { name, id, out };
	int rc = for_each_line(file, user_line, &q);
	return rc < 0 ? rc : rc == 1 ? 0 : -ENOENT;
}

const char *uid_to_name(uid_t uid, char *buf, size_t size)
{
	struct user_entry entry;

	if (user_lookup("/etc/passwd", NULL, uid, &entry) == 0)
		fmt_snprintf(buf, size, "%s", entry.name);
	else
		fmt_snprintf(buf, size, "%u", (unsigned)uid);
	return buf;
}

int set_uid(uid_t uid)
{
	return (int)syscall(SYS_setuid, uid);
}

int set_gid(gid_t gid)
{
	return (int)syscall(SYS_setgid, gid);
}

int drop_groups(void)
{
	return (int)syscall(SYS_setgroups, 0, NULL);
}

void applet_help(void)
{
	/* straight to the fd: stdio forgets why a write failed */
	fflush(stdout);
	if (fmt_dprintf(STDOUT_FILENO, "%s", current_applet->help) < 0)
		die_write_error(errno);
	exit(0);
}

void applet_version(void)
{
	fmt_printf("%s from nsbox %s\n", applet_name, NSBOX_VERSION);
	exit(0);
}

static bool write_error_said;

void die_write_error(int err)
{
	write_error_said = true;
	die(exit_failure, err, "write error");
}

static void stdout_check(void)
{
	errno = 0;
	bool flush_failed = fflush(stdout) != 0;
	int err = flush_failed ? errno : 0;

	if (write_error_said || (!flush_failed && !ferror(stdout)))
		return;
	if (err == EPIPE)	/* a reader that stopped reading: not an error */
		return;
	msg(err, "write error");
	_exit(exit_failure);
}

void process_setup(void)
{
	set_signal(SIGCHLD, SIG_DFL);
	if (atexit(stdout_check) != 0)
		die(1, ENOMEM, "atexit failed");
}

#ifdef __SANITIZE_ADDRESS__
void __lsan_do_leak_check(void);
void sanitizer_before_pidns(void)
{
	__lsan_do_leak_check();
}
#else
void sanitizer_before_pidns(void)
{
}
#endif
