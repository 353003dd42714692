/* SPDX-License-Identifier: 0BSD */
/* Errors, exit statuses and allocation: the messages every applet prints
 * and the x* calls that die instead of returning a failure. */
#include "fmt.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
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

/* A message as it is shown: escaped as the table escapes (fmt_escape), as
 * what it quotes may be a name, path or cgroup another user chose (ours
 * is plain ASCII, which passes unchanged). */
static size_t msg_escape(const char *text, char *out, size_t size)
{
	return fmt_escape(text, locale_is_utf8() ? ESC_UTF8 : 0, out, size, NULL);
}

void vmsg(int errnum, const char *fmt, va_list ap)
{
	char text[4096], line[4096];
	struct strbuf sb = STRBUF_FIXED(text);

	sb_printf(&sb, "%s: ", applet_name);
	sb_vprintf(&sb, fmt, ap);
	if (errnum)
		sb_printf(&sb, ": %s", errstr(errnum));
	/* one byte kept back for the newline */
	size_t n = msg_escape(sb_str(&sb), line, sizeof line - 1);
	line[n] = '\n';
	/* One write, so that messages from concurrent processes never interleave. */
	while (write(STDERR_FILENO, line, n + 1) < 0 && errno == EINTR)
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
	char text[2048], line[2048];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	msg_escape(text, line, sizeof line);
	out_flush();
	fmt_dprintf(STDERR_FILENO, "%s\nTry '%s --help' for more information.\n", line, applet_name);
	exit(exit_failure);
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

void *xgrow(void *array, size_t n, size_t size)
{
	if (n & (n - 1))	/* not a power of two: there is room */
		return array;
	if (n > SIZE_MAX / 2 / size)
		die(exit_failure, ENOMEM, "out of memory");
	return xrealloc(array, (n ? 2 * n : 1) * size);
}

char *xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;
	return memcpy(xmalloc(len), s, len);
}

static bool write_error_said;
/* Set by SIGPIPE: some write found its reader gone. */
static volatile sig_atomic_t reader_gone;

static void on_sigpipe(int sig)
{
	(void)sig;
	reader_gone = 1;
}

bool output_reader_gone(int err)
{
	return err == EPIPE || reader_gone;
}

void die_write_error(int err)
{
	if (output_reader_gone(err))
		exit(0);	/* a reader that stopped reading: not an error */
	write_error_said = true;
	die(exit_failure, err, "write error");
}

static bool stdout_checked;	/* by process_setup() */

/* At exit(): a write error of what out_write held is an error. A destructor,
 * not atexit(): musl's atexit brings a second allocator along. */
__attribute__((destructor)) static void stdout_check(void)
{
	if (!stdout_checked)
		return;
	int err = out_flush() != 0 ? errno : out_failed();

	if (write_error_said || !err)
		return;
	if (output_reader_gone(err))
		return;
	msg(err, "write error");
	_exit(exit_failure);
}

void set_signal(int sig, void (*handler)(int))
{
	struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_RESTART };

	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL) < 0)
		die(1, errno, "sigaction failed");
}

void process_setup(void)
{
	/* Output that fits goes out in one write, as util-linux's does: a
	 * reader that stops after its first line (head -1) still got it
	 * all. A terminal keeps its line buffering. */
	static char outbuf[65536];
	struct sigaction old;

	out_setup(STDOUT_FILENO, outbuf, sizeof outbuf, isatty(STDOUT_FILENO));
	set_signal(SIGCHLD, SIG_DFL);
	/* A reader that went away ends the output quietly, status 0: a
	 * handler (not SIG_IGN) makes the write fail with EPIPE instead of
	 * killing us, and an exec'd program still starts with SIGPIPE at its
	 * default. An inherited SIG_IGN is left as it is (also EPIPE). */
	if (sigaction(SIGPIPE, NULL, &old) == 0 && old.sa_handler == SIG_DFL)
		set_signal(SIGPIPE, on_sigpipe);
	stdout_checked = true;
}

pid_t xfork(void)
{
	pid_t pid = fork();
	if (pid < 0)
		die(1, errno, "fork failed");
	return pid;
}

void xpipe(int fds[2])
{
	if (pipe2(fds, O_CLOEXEC) < 0)
		die(1, errno, "pipe failed");
}

void xuname(struct utsname *uts)
{
	if (uname(uts) < 0)
		die(1, errno, "uname failed");
}

void xchdir(const char *dir)
{
	if (chdir(dir) < 0)
		die(1, errno, "cannot change directory to %s", dir);
}
