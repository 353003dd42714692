#include "util.h"
#include "registry.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

const char *applet_name = "nsbox";

void vmsg(int errnum, const char *fmt, va_list ap)
{
	char line[4096];
	size_t len = (size_t)snprintf(line, sizeof line, "%s: ", applet_name);

	if (len < sizeof line)
		len += (size_t)vsnprintf(line + len, sizeof line - len, fmt, ap);
	if (errnum && len < sizeof line)
		len += (size_t)snprintf(line + len, sizeof line - len, ": %s", strerror(errnum));
	if (len >= sizeof line - 1)
		len = sizeof line - 2;
	line[len++] = '\n';
	/* One write, so that messages from concurrent processes never interleave. */
	while (write(STDERR_FILENO, line, len) < 0 && errno == EINTR)
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
	n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof line)
		n = sizeof line - 1;
	fflush(stdout);
	dprintf(STDERR_FILENO, "%.*s\nTry '%s --help' for more information.\n", n, line, applet_name);
	exit(1);
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
		die(1, ENOMEM, "out of memory");
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		die(1, ENOMEM, "out of memory");
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

void exec_or_die(char **argv)
{
	execvp(argv[0], argv);
	die(errno == ENOENT ? 127 : 126, errno, "failed to execute %s", argv[0]);
}

void exec_shell(void)
{
	const char *shell = getenv("SHELL");
	char arg0[256];

	if (!shell || !*shell) {
		struct passwd *pw = getpwuid(getuid());
		shell = pw && pw->pw_shell && *pw->pw_shell ? pw->pw_shell : "/bin/sh";
	}
	const char *base = strrchr(shell, '/');
	snprintf(arg0, sizeof arg0, "-%s", base ? base + 1 : shell);
	char *argv[] = { arg0, NULL };
	execv(shell, argv);
	die(errno == ENOENT ? 127 : 126, errno, "failed to execute %s", shell);
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
		signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	kill(getpid(), sig);
	return 128 + sig;
}

int wait_child(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			die(1, errno, "waitpid failed");
	}
	return status_to_exit(status);
}

const char *uid_to_name(uid_t uid, char *buf, size_t size)
{
	struct passwd *pw = getpwuid(uid);

	if (pw && pw->pw_name)
		snprintf(buf, size, "%s", pw->pw_name);
	else
		snprintf(buf, size, "%u", (unsigned)uid);
	return buf;
}

void applet_help(void)
{
	fputs(current_applet->help, stdout);
	exit(fflush(stdout) ? 1 : 0);
}

void applet_version(void)
{
	printf("%s from nsbox %s\n", applet_name, NSBOX_VERSION);
	exit(fflush(stdout) ? 1 : 0);
}
