/* SPDX-License-Identifier: 0BSD */
/* world: a private host for one test, where only what the test starts is
 * visible. `world start` makes a user namespace (as root: every id mapped to
 * itself, so root stays uid 0 and nobody 65534), a mount namespace without
 * the host's nsfs mounts, a pid namespace with its own /proc, and network,
 * uts and ipc namespaces the world owns; it leaves the world's init (a
 * reaper) running, prints its pid and exits once the world is ready.
 * `world enter PID COMMAND [ARGS...]` runs COMMAND in the world of PID (all
 * those namespaces, in the current directory) and exits with its status.
 * Outside processes, their mount namespaces (NS_MNT_GET_NEXT) and their
 * namespaces (listns) are out of the world's sight: its root has no
 * privilege over them. The init ends with the test (killed by pid) or after
 * an hour. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "world: %s: %s\n", what, strerror(errno));
	exit(125);
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(text);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len || close(fd) < 0)
		die(path);
}

/* mountinfo's fields are octal-escaped (\040 for a space), in place. */
static void unescape(char *s)
{
	char *out = s;
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = 0;
}

/* Detach the nsfs mounts of this (private) mount namespace: the host's
 * bind-mounted namespaces (ip netns add, other tests') are not the
 * world's. Returns how many are left. */
static int drop_nsfs_mounts(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[8192];
	int left = 0;
	if (!f)
		die("/proc/self/mountinfo");
	while (fgets(line, sizeof line, f)) {
		char *sep = strstr(line, " - "), *point = line;
		if (!sep || strncmp(sep + 3, "nsfs ", 5) != 0)
			continue;
		for (int field = 0; field < 4 && point; field++)
			point = strchr(point, ' ') ? strchr(point, ' ') + 1 : NULL;
		if (!point)
			continue;
		point[strcspn(point, " ")] = 0;
		unescape(point);
		if (umount2(point, MNT_DETACH) < 0)
			left++;
	}
	fclose(f);
	return left;
}

static void private_mounts(void)
{
	if (unshare(CLONE_NEWNS) < 0)
		die("unshare(CLONE_NEWNS)");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("making / private");
	/* stacked mounts take another pass; a mount hidden under another
	 * cannot be reached by its path, and says so */
	for (int pass = 0; pass < 16; pass++)
		if (drop_nsfs_mounts() == 0)
			return;
	errno = EBUSY;
	die("cannot detach every nsfs mount of the host");
}

/* A user namespace mapping every id to itself (root), or ours to
 * ourselves (anyone else, who may map only that). Root's map is written by
 * a child left outside, which has CAP_SETUID over the new namespace's
 * parent. */
static void own_user_namespace(void)
{
	char map[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();
	if (uid != 0) {
		if (unshare(CLONE_NEWUSER) < 0)
			die("unshare(CLONE_NEWUSER)");
		write_file("/proc/self/setgroups", "deny");
		snprintf(map, sizeof map, "%u %u 1\n", (unsigned)uid, (unsigned)uid);
		write_file("/proc/self/uid_map", map);
		snprintf(map, sizeof map, "%u %u 1\n", (unsigned)gid, (unsigned)gid);
		write_file("/proc/self/gid_map", map);
		return;
	}
	int go[2], status;
	pid_t self = getpid(), mapper;
	if (pipe2(go, O_CLOEXEC) < 0 || (mapper = fork()) < 0)
		die("fork");
	if (mapper == 0) {
		char path[64], byte;
		close(go[1]);
		if (read(go[0], &byte, 1) != 1)
			_exit(1);
		snprintf(path, sizeof path, "/proc/%d/uid_map", (int)self);
		write_file(path, "0 0 4294967295\n");
		snprintf(path, sizeof path, "/proc/%d/gid_map", (int)self);
		write_file(path, "0 0 4294967295\n");
		_exit(0);
	}
	close(go[0]);
	if (unshare(CLONE_NEWUSER) < 0)
		die("unshare(CLONE_NEWUSER)");
	if (write(go[1], "", 1) != 1)
		die("pipe");
	close(go[1]);
	if (waitpid(mapper, &status, 0) < 0 || status != 0) {
		errno = EPERM;
		die("writing the id maps");
	}
}

static void quit(int sig)
{
	(void)sig;
	_exit(0);
}

static void reaped(int sig)
{
	(void)sig;
}

/* The world's init: /proc of the new pid namespace, then reap orphans
 * until killed (an init ignores the signals it has no handler for). */
static void init(int ready)
{
	struct sigaction reap = { .sa_handler = reaped }, end = { .sa_handler = quit };
	sigset_t chld, none;
	int null;
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		die("mounting /proc");
	/* SIGCHLD is blocked but while waiting for the next one, so that
	 * none is missed between the reaping and the wait */
	sigemptyset(&none);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (sigaction(SIGCHLD, &reap, NULL) < 0 || sigaction(SIGALRM, &end, NULL) < 0 ||
	    sigaction(SIGTERM, &end, NULL) < 0 || sigprocmask(SIG_BLOCK, &chld, NULL) < 0)
		die("signals");
	alarm(3600);
	if ((null = open("/dev/null", O_RDWR)) < 0)
		die("/dev/null");
	if (write(ready, "", 1) != 1)
		die("pipe");
	for (int fd = 0; fd < 3; fd++)
		if (dup2(null, fd) < 0)
			die("dup2");
	close(null);
	close(ready);
	for (;;) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		sigsuspend(&none);
	}
}

static int start(void)
{
	int ready[2];
	char byte;
	pid_t pid;
	if (geteuid() == 0)
		private_mounts();
	own_user_namespace();
	if (unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC) < 0)
		die("unshare(CLONE_NEWNS|CLONE_NEWPID|CLONE_NEWNET|CLONE_NEWUTS|CLONE_NEWIPC)");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("making / private");
	if (pipe2(ready, O_CLOEXEC) < 0 || (pid = fork()) < 0)
		die("fork");
	if (pid == 0) {
		close(ready[0]);
		init(ready[1]);
	}
	close(ready[1]);
	if (read(ready[0], &byte, 1) != 1) {
		fprintf(stderr, "world: its init died\n");
		return 125;
	}
	printf("%d\n", (int)pid);
	return 0;
}

/* Join PID's namespaces (the user namespace first: it gives the right to
 * the others), fork into the pid namespace, run COMMAND where we were, and
 * pass its status on. */
static int enter(const char *pid, char **argv)
{
	static const char *const types[] = { "user", "mnt", "net", "uts", "ipc", "pid" };
	enum { NTYPES = sizeof types / sizeof types[0] };
	int fds[NTYPES], status;
	char path[64], *cwd = getcwd(NULL, 0);
	for (int i = 0; i < NTYPES; i++) {
		snprintf(path, sizeof path, "/proc/%s/ns/%s", pid, types[i]);
		if ((fds[i] = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			die(path);
	}
	for (int i = 0; i < NTYPES; i++)
		if (setns(fds[i], 0) < 0)
			die(types[i]);
	pid_t child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		/* it ends with us (a timeout, a teardown kills us) */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
			die("PR_SET_PDEATHSIG");
		if (cwd && chdir(cwd) < 0)
			die(cwd);
		execvp(argv[0], argv);
		fprintf(stderr, "world: %s: %s\n", argv[0], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	if (WIFSIGNALED(status)) {
		signal(WTERMSIG(status), SIG_DFL);
		raise(WTERMSIG(status));
		return 128 + WTERMSIG(status);
	}
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "start") == 0)
		return start();
	if (argc >= 4 && strcmp(argv[1], "enter") == 0)
		return enter(argv[2], argv + 3);
	fprintf(stderr, "usage: world start | world enter PID COMMAND [ARGS...]\n");
	return 2;
}
