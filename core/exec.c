/* SPDX-License-Identifier: 0BSD */
/* Running programs and children: exec with util-linux's 127/126, fork
 * with a pidfd, wait, passing a child's death on, signal handlers and
 * forwarding. */
#include "fmt.h"
#include "ns.h"
#include "util.h"
#include "kernel.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>


/* After a failed exec we may be a forked child: _exit, so that nothing of
 * the parent's (its stdout buffer, atexit work) runs twice. */
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

/* Instead of clearenv() and putenv()/setenv(): musl's cost 1.1 KiB. */
void env_replace(char **vars, size_t n)
{
	char **env = xmalloc((n + 1) * sizeof *env);
	size_t kept = 0;

	for (size_t i = 0; i < n; i++) {
		size_t name_len = strcspn(vars[i], "=");
		if (!name_len || !vars[i][name_len])
			continue;
		size_t k = 0;
		while (k < kept && strncmp(env[k], vars[i], name_len + 1))
			k++;
		env[k] = vars[i];
		kept += k == kept;
	}
	env[kept] = NULL;
	environ = env;
}

_Noreturn static void exec_shell(void)
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

int status_to_exit(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (!WIFSIGNALED(status))
		return 1;
	int sig = WTERMSIG(status);
	sigset_t set;

	out_flush();
	/* Die the same death, so our caller sees what our child saw. */
	if (sig != SIGKILL)
		sigaction(sig, &(struct sigaction){ .sa_handler = SIG_DFL }, NULL);	/* dying either way: no check */
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	kill(getpid(), sig);
	return 128 + sig;
}

pid_t fork_pidfd(int *pidfd)
{
	pid_t pid = fork();

	*pidfd = pid > 0 ? pidfd_open_pid(pid) : -1;
	if (*pidfd < 0)
		*pidfd = -1;	/* before 5.3: wait by pid */
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

int program_open(const char *name, char *path, size_t size)
{
	const char *dirs = getenv("PATH");
	int err = ENOENT;

	if (strchr(name, '/'))
		dirs = "";
	else if (!dirs || !*dirs)
		dirs = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	for (const char *d = dirs;;) {
		size_t len = strcspn(d, ":");
		/* an empty PATH entry is the working directory, as execvp */
		int n = *dirs ? fmt_snprintf(path, size, "%.*s/%s", (int)(len ? len : 1), len ? d : ".", name)
			      : fmt_snprintf(path, size, "%s", name);
		if (n < 0 || (size_t)n >= size)	/* never a cut name: another file */
			return -ENAMETOOLONG;
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		struct stat st;
		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0)
			return fd;
		int e = fd < 0 ? errno : EACCES;
		if (fd >= 0)
			close(fd);
		if (e != ENOENT && e != ENOTDIR)
			err = e;	/* found, but not runnable: remember why */
		if (!*dirs || !d[len])
			break;
		d += len + 1;
	}
	return -err;
}

/* Read exactly n bytes at off; false on a short file, or an offset no
 * file has. */
static bool read_at(int fd, void *buf, size_t n, uint64_t off)
{
	return off <= (uint64_t)INT64_MAX - n && pread(fd, buf, n, (off_t)off) == (ssize_t)n;
}

static uint64_t elf_word(const unsigned char *p, size_t n, bool big)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v << 8 | p[big ? i : n - 1 - i];
	return v;
}

/* Our own ELF header (the linker's name for it): the class, byte order and
 * machine the kernel runs without help. */
extern const unsigned char __ehdr_start[] __attribute__((visibility("hidden")));

/* The headers are anyone's bytes: every field is read from the file's own
 * class and byte order, every read is bounded and checked, and anything the
 * kernel's ELF loader would not take itself (it would then offer the file
 * to binfmt_misc) is PROGRAM_OTHER. */
int program_kind(int fd, char *interp, size_t size)
{
	unsigned char head[64], ph[56];
	ssize_t got = pread(fd, head, sizeof head, 0);

	interp[0] = '\0';
	if (got >= 2 && head[0] == '#' && head[1] == '!')
		return PROGRAM_SCRIPT;
	if (got < 52 || memcmp(head, "\177ELF", 4) || head[4] - 1u > 1 || head[5] - 1u > 1)
		return PROGRAM_OTHER;
	if (memcmp(head + 4, __ehdr_start + 4, 2) || memcmp(head + 18, __ehdr_start + 18, 2))
		return PROGRAM_FOREIGN;	/* class, byte order, e_machine */
	bool wide = head[4] == 2, big = head[5] == 2;
	if (got < (wide ? 64 : 52))
		return PROGRAM_OTHER;
	/* e_type, e_phoff, e_phentsize, e_phnum: where the two classes keep them */
	uint64_t type = elf_word(head + 16, 2, big);
	uint64_t phoff = wide ? elf_word(head + 32, 8, big) : elf_word(head + 28, 4, big);
	size_t entsize = (size_t)elf_word(head + (wide ? 54 : 42), 2, big);
	size_t phnum = (size_t)elf_word(head + (wide ? 56 : 44), 2, big);
	/* the kernel's own limits: ET_EXEC or ET_DYN, its phdr size, 64 KiB */
	if (type - 2 > 1 || entsize != (wide ? 56u : 32u) || phnum == 0 || phnum * entsize > 65536 ||
	    phoff > INT64_MAX - 65536)
		return PROGRAM_OTHER;
	for (size_t i = 0; i < phnum; i++) {
		if (!read_at(fd, ph, entsize, phoff + i * entsize))
			return PROGRAM_OTHER;
		if (elf_word(ph, 4, big) != 3)	/* PT_INTERP */
			continue;
		uint64_t off = wide ? elf_word(ph + 8, 8, big) : elf_word(ph + 4, 4, big);
		uint64_t len = wide ? elf_word(ph + 32, 8, big) : elf_word(ph + 16, 4, big);
		if (len == 0 || len >= size || !read_at(fd, interp, (size_t)len, off))
			memcpy(interp, "?", len = 1);
		interp[len] = '\0';	/* it ends in its own NUL too */
		return PROGRAM_DYNAMIC;
	}
	return PROGRAM_STATIC;
}

_Noreturn static void exec_fd_or_die(int fd, char **argv, const char *name)
{
	extern char **environ;

	syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
	/* ENOSYS: before 3.19. ENOENT: TOMOYO before 6.1 looks the name the
	 * program gets (/dev/fd/N) up inside the new root, which may have no
	 * /dev/fd. Either way /proc/self/fd/N, as fexecve, where /proc is. */
	int err = errno;
	if (err == ENOSYS || err == ENOENT) {
		char path[32];
		fmt_snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		execve(path, argv, environ);
		if (err == ENOENT && errno == ENOENT)
			die(127, 0, "failed to execute %s: a security module (TOMOYO before Linux 6.1) "
			    "looks it up as /dev/fd/%d inside the target, where neither /dev/fd nor "
			    "/proc/self leads to it", name, fd);
	}
	exec_failed(name);
}

void no_dumps_or_die(void)
{
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		die(1, errno, "prctl failed");
}

int host_program_or_die(const char *name, int root, bool trust_target)
{
	char path[PATH_MAX], interp[PATH_MAX];
	int fd = program_open(name, path, sizeof path);

	if (fd < 0) {
		errno = -fd;
		exec_failed(name);
	}
	int kind = program_kind(fd, interp, sizeof interp);
	if (kind == PROGRAM_SCRIPT)
		die(126, 0, "%s is a script: its interpreter would be looked up inside the target and run "
		    "with our privileges; give a static shell the script on stdin instead "
		    "(--host-exec busybox sh -s ARGS < %s)", name, name);
	/* what runs is the host's: no loader, or ours (our root, our mounts) */
	if (kind == PROGRAM_STATIC || (kind == PROGRAM_DYNAMIC && root == -1))
		return fd;
	if (!trust_target)
		die(126, 0, kind == PROGRAM_DYNAMIC ?
		    "%s is dynamically linked: its loader %s would come from the target and run with our "
		    "privileges; %s" :
		    "%s is not a static program for this machine%.0s: the target could choose what runs it, "
		    "with our privileges; %s", name, interp,
		    "use a static build (busybox-static, nsbox) or, to trust the target, --unsafe-target-loader");
	if (kind == PROGRAM_DYNAMIC && root >= 0) {
		int loader = open_in_root(root, interp, O_PATH);
		if (loader < 0)
			die(126, 0, "%s is dynamically linked (needs %s inside the target); "
			    "use a static program such as busybox-static or nsbox", name, interp);
		close(loader);
	}
	return fd;
}

void exec_program(int program_fd, char **argv)
{
	if (program_fd >= 0)
		exec_fd_or_die(program_fd, argv, argv[0]);
	if (argv[0])
		exec_or_die(argv);
	exec_shell();
}
