/* SPDX-License-Identifier: 0BSD */
/* Running programs and children: exec with util-linux's 127/126, fork
 * with a pidfd, wait, passing a child's death on, signal handlers and
 * forwarding. */
#include "fmt.h"
#include "util.h"
#include "kernel.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>


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

static volatile pid_t forward_to;

static void forward_signal(int sig)
{
	if (forward_to > 0)
		kill(forward_to, sig);
}

void forward_signals(pid_t pid, const int *sigs)
{
	forward_to = pid;
	for (; *sigs; sigs++)
		set_signal(*sigs, forward_signal);
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
