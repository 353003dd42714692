/* SPDX-License-Identifier: 0BSD */
/* lsns: discovery, and the :ID search over it (nsid, nsenter). Work is
 * per namespace, not per process: one readlinkat per namespace link, an
 * fd walk for namespaces held by fds and sockets, bind mounts, and the
 * kernel's walks (NS_MNT_GET_NEXT, listns). What other users control
 * (their fds, mounts, mount tables) is never opened but through the
 * checked opener, and read only up to a cap. */
#include "container.h"
#include "filter.h"
#include "fmt.h"
#include "lsns.h"
#include "proc.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static size_t hash64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k;
}

int index_get(const struct index *ix, uint64_t key)
{
	if (!ix->cap)
		return -1;
	for (size_t i = hash64(key) & (ix->cap - 1);; i = (i + 1) & (ix->cap - 1)) {
		if (ix->values[i] < 0)
			return -1;
		if (ix->keys[i] == key)
			return ix->values[i];
	}
}

void index_put(struct index *ix, uint64_t key, int value, size_t count)
{
	if (2 * (count + 1) > ix->cap) {	/* grow, keeping the load under 1/2 */
		struct index old = *ix;
		ix->cap = ix->cap ? ix->cap * 2 : 256;
		ix->keys = xmalloc(ix->cap * sizeof *ix->keys);
		ix->values = xmalloc(ix->cap * sizeof *ix->values);
		memset(ix->values, 0xff, ix->cap * sizeof *ix->values);
		for (size_t i = 0; i < old.cap; i++)
			if (old.values[i] >= 0)
				index_put(ix, old.keys[i], old.values[i], 0);
		free(old.keys);
		free(old.values);
	}
	size_t i = hash64(key) & (ix->cap - 1);
	while (ix->values[i] >= 0 && ix->keys[i] != key)
		i = (i + 1) & (ix->cap - 1);
	ix->keys[i] = key;
	ix->values[i] = value;
}

/* The end of a scan (nsid scans too, for HOLDER). */
void lsns_free(struct lsns *ls)
{
	for (size_t i = 0; i < ls->nns; i++)
		if (ls->nss[i].fd >= 0)
			close(ls->nss[i].fd);
	for (size_t i = 0; i < ls->nmounts; i++)
		free(ls->mounts[i].target);
	filter_free(ls->filter);
	if (ls->netlink >= 0)
		close(ls->netlink);
	free(ls->procs);
	free(ls->nss);
	free(ls->by_ino.keys);
	free(ls->by_ino.values);
	free(ls->mounts);
	free(ls->mntns);
	free(ls->by_mntns.keys);
	free(ls->by_mntns.values);
	free(ls->holders);
	free(ls->users);
	containers_free(ls->containers);
	free(ls->container_ns);
}

/* ---- discovery --------------------------------------------------------- */

int ns_add(struct lsns *ls, uint64_t ino, int type)
{
	if (ls->nns == ls->nss_cap) {
		ls->nss_cap = ls->nss_cap ? ls->nss_cap * 2 : 64;
		ls->nss = xrealloc(ls->nss, ls->nss_cap * sizeof *ls->nss);
	}
	ls->nss[ls->nns] = (struct lsns_ns){ .ino = ino, .type = type, .proc = -1, .fd = -1,
					     .related = { -1, -1 }, .outline = -1, .holders = -1,
					     .mounts = -1 };
	index_put(&ls->by_ino, ino, (int)ls->nns, ls->nns);
	return (int)ls->nns++;
}

/* A namespace found without a process and no way back but an fd (a
 * socket's, the kernel's walks): the fd is kept while the open-file limit
 * leaves room; past it the row is still shown, without what needs the
 * kernel. type -1: ask it (NS_GET_NSTYPE). fd -1: none to keep. */
static int ns_add_kept(struct lsns *ls, int fd, uint64_t ino, int type, unsigned found)
{
	int idx = index_get(&ls->by_ino, ino);
	if (idx < 0 && type < 0 && fd >= 0) {
		const struct ns_type *t = ns_type_by_flag(ns_get_type(fd));
		type = t ? ns_type_index(t) : -1;
	}
	if (idx < 0 && type >= 0 && ls->wanted[type]) {
		idx = ns_add(ls, ino, type);
		if (fd >= 0 && ls->nkept < ls->keep_max) {
			ls->nss[idx].fd = fd;
			ls->nkept++;
			fd = -1;
		} else
			lsns_fd_or_limit(ls, -EMFILE);
	}
	if (fd >= 0)
		close(fd);
	if (idx >= 0)
		ls->nss[idx].found |= found;
	return idx;
}

/* A namespace found without a process that can be opened again (VIA_*). */
static int ns_add_via(struct lsns *ls, uint64_t ino, int type, int via, int ref, int arg)
{
	int idx = ns_add(ls, ino, type);
	ls->nss[idx].via = via;
	ls->nss[idx].via_ref = ref;
	ls->nss[idx].via_arg = arg;
	return idx;
}

bool is_known(struct lsns *ls, uint64_t ino)
{
	return index_get(&ls->by_ino, ino) >= 0;
}

/* A socket of a process, as the fd walk saw it. */
struct sock_ref {
	pid_t pid;
	int fd;
	uint64_t ino;
	dev_t dev;
};

/* Open fds of a process that are namespaces: "net:[N]" links. Sockets
 * are noted for a later look at their network namespace. */
struct fd_scan {
	struct lsns *ls;
	int fddir;
	pid_t pid;
	struct sock_ref **socks;
	size_t *nsocks;
};

static void holder_add(struct lsns *ls, uint64_t ino, pid_t pid, int fd, int kind)
{
	ls->holders = xgrow(ls->holders, (size_t)ls->nholders, sizeof *ls->holders);
	ls->holders[ls->nholders++] = (struct holder){ ino, pid, fd, kind, -1 };
}

/* lsns keeps few fds (a namespace no process is in is opened again when
 * needed): should the open-file limit still be reached, the listing goes
 * on with what it can show, and says so once. */
int lsns_fd_or_limit(struct lsns *ls, int fd)
{
	int err = fd == -1 ? errno : -fd;	/* -1 with errno, or -errno */
	if (fd < 0 && (err == EMFILE || err == ENFILE) && !ls->limit_said) {
		struct rlimit rl;
		ls->limit_said = true;
		if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
			rl.rlim_cur = 0;
		msg(0, "the open-file limit (%llu) was reached: some rows may be missing or incomplete; "
		    "raise it (ulimit -n)", (unsigned long long)rl.rlim_cur);
	}
	return fd;
}

/* The type of namespace ino, which fd NAME of a process (under fddir)
 * showed: through the checked opener, as the process may have swapped
 * anything in since (a FIFO, a file on its FUSE mount). -1: not (or no
 * longer) that namespace. (Its link does not tell: one opened through a
 * bind mount reads as the mount point.) */
static int fd_ns_type(struct lsns *ls, int fddir, const char *name, uint64_t ino)
{
	int fd = lsns_fd_or_limit(ls, ns_open_checked(fddir, name, ino, false));
	const struct ns_type *type = fd >= 0 ? ns_type_by_flag(ns_get_type(fd)) : NULL;

	if (fd >= 0)
		close(fd);
	return type ? ns_type_index(type) : -1;
}

/* One fd of a process: a namespace (an nsfs file, however it was opened:
 * through /proc/PID/ns, a bind mount, or one since unmounted) or a socket,
 * told apart by one cached stat, as the readlink it replaces cost. */
static int scan_fd(const char *name, void *ctx)
{
	struct fd_scan *fs = ctx;
	struct lsns *ls = fs->ls;
	uint64_t ino, fdnum;
	mode_t mode;
	dev_t dev;

	if (parse_u64(name, 0, INT_MAX, &fdnum) < 0 || stat_cached(fs->fddir, name, &mode, &ino, &dev) < 0)
		return 0;
	if (mode == S_IFSOCK) {
		*fs->socks = xgrow(*fs->socks, *fs->nsocks, sizeof **fs->socks);
		(*fs->socks)[(*fs->nsocks)++] = (struct sock_ref){ fs->pid, (int)fdnum, ino, dev };
		return 0;
	}
	if (dev != ls->nsfs_dev || !ls->nsfs_dev)
		return 0;
	int idx = index_get(&ls->by_ino, ino);
	if (idx < 0) {	/* a namespace not seen yet: NS_GET_NSTYPE */
		int type = fd_ns_type(ls, fs->fddir, name, ino);
		if (type < 0 || !ls->wanted[type])
			return 0;
		idx = ns_add_via(ls, ino, type, VIA_FD, (int)fs->pid, (int)fdnum);
	}
	ls->nss[idx].found |= FOUND_FD;
	holder_add(ls, ino, fs->pid, (int)fdnum, HOLD_FD);
	return 0;
}

static void scan_fds(struct lsns *ls, int fddir, pid_t pid, struct sock_ref **socks, size_t *nsocks)
{
	struct fd_scan fs = { ls, fddir, pid, socks, nsocks };
	/* procfs fills getdents greedily: a short read is the end */
	dir_each(fddir, scan_fd, &fs, true);
}

/* What else of a process can hold a namespace: its mount namespace's
 * mounts (read once per mount namespace, later), and a pid namespace it
 * made for its children that none is in yet (unshare -p without a fork). */
static void scan_process_refs(struct lsns *ls, int base, const char *links, pid_t pid, uint64_t pid_ino,
			      uint64_t mnt_ino)
{
	char path[40];
	uint64_t ino;

	if (!mnt_ino) {	/* mnt not among the types: read the link for this */
		fmt_snprintf(path, sizeof path, "%smnt", links);
		if (ns_link_ino(base, path, &mnt_ino) < 0)
			mnt_ino = 0;
	}
	if (mnt_ino && mnt_ino != ls->own_mntns && index_get(&ls->by_mntns, mnt_ino) < 0) {
		ls->mntns = xgrow(ls->mntns, (size_t)ls->nmntns, sizeof *ls->mntns);
		ls->mntns[ls->nmntns] = (struct mntns_visit){ mnt_ino, pid };
		index_put(&ls->by_mntns, mnt_ino, (int)ls->nmntns, ls->nmntns);
		ls->nmntns++;
	}
	if (!ls->wanted[NS_PID])
		return;
	fmt_snprintf(path, sizeof path, "%spid_for_children", links);
	if (ns_link_ino(base, path, &ino) < 0 || ino == pid_ino)
		return;
	int idx = index_get(&ls->by_ino, ino);
	if (idx < 0)
		idx = ns_add_via(ls, ino, NS_PID, VIA_CHILDREN, (int)pid, 0);
	ls->nss[idx].found |= FOUND_CHILDREN;
	holder_add(ls, ino, pid, -1, HOLD_CHILDREN);
}

static void scan_process(struct lsns *ls, pid_t pid, struct sock_ref **socks, size_t *nsocks, bool fds)
{
	/* One open per process: /proc/PID/fd, whose entries we walk, also
	 * reaches the namespace links as ../ns/TYPE. Where the fd directory
	 * cannot be opened (a zombie has none), /proc/PID does. */
	char path[40];
	const char *links = "../ns/";
	fmt_snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	int fddir = lsns_fd_or_limit(ls, openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)), base = fddir;
	if (fddir < 0) {
		links = "ns/";
		base = lsns_fd_or_limit(ls, proc_open_pid(pid));
		if (base < 0)
			return;		/* gone: skipped */
	}
	if (ls->nprocs == ls->procs_cap) {
		ls->procs_cap = ls->procs_cap ? ls->procs_cap * 2 : 256;
		ls->procs = xrealloc(ls->procs, ls->procs_cap * sizeof *ls->procs);
	}
	struct lsns_proc *p = &ls->procs[ls->nprocs];
	*p = (struct lsns_proc){ .pid = pid, .parent = -1, .outline = -1 };
	bool readable = true;
	uint64_t pid_ino = 0, mnt_ino = 0;
	for (int w = 0; w < ls->nwanted; w++) {
		uint64_t ino;
		int type = ls->wanted_list[w];
		fmt_snprintf(path, sizeof path, "%s%s", links, ns_types[type].name);
		int rc = ns_link_ino(base, path, &ino);
		if (rc == -EACCES) {
			readable = false;
			break;		/* not ours to read: no link of it will be */
		}
		if (rc < 0)
			continue;	/* ENOENT (a zombie), ESRCH: skip the link */
		int idx = index_get(&ls->by_ino, ino);
		if (idx < 0)
			idx = ns_add(ls, ino, type);
		struct lsns_ns *ns = &ls->nss[idx];
		ns->nprocs++;
		if (ns->proc < 0 || ls->procs[ns->proc].pid > p->pid)
			ns->proc = (int)ls->nprocs;
		p->net_ino = type == NS_NET ? ino : p->net_ino;
		pid_ino = type == NS_PID ? ino : pid_ino;
		mnt_ino = type == NS_MNT ? ino : mnt_ino;
	}
	if (ls->nprocs && ls->procs[ls->nprocs - 1].pid > pid)
		ls->procs_sorted = false;
	ls->nprocs++;
	if (readable && fds)
		scan_process_refs(ls, base, links, pid, pid_ino, mnt_ino);
	/* our own fds are the namespaces this scan opened */
	if (readable && fddir >= 0 && fds && pid != ls->self)
		scan_fds(ls, fddir, pid, socks, nsocks);
	close(base);
}

/* The fd walk alone, for a second pass. */
static void scan_process_fds(struct lsns *ls, pid_t pid, struct sock_ref **socks, size_t *nsocks)
{
	char path[40];
	fmt_snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	int fddir = lsns_fd_or_limit(ls, openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	if (fddir < 0)
		return;
	scan_fds(ls, fddir, pid, socks, nsocks);
	close(fddir);
}

/* What the socket child reports: socket i's network namespace, which is not
 * its process's own, with an fd on it (SCM_RIGHTS). (Raw socket calls:
 * musl's wrappers would add 700 bytes for kernels before 4.3 on i386.) */
struct sock_found {
	size_t i;
	uint64_t ino;
};
struct sock_msg {
	struct sock_found found;
	struct iovec iov;
	struct msghdr mh;
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} cm;
};

/* A message of the found and an fd, ready to send or receive. */
static void sock_msg_init(struct sock_msg *m)
{
	*m = (struct sock_msg){ .iov = { &m->found, sizeof m->found },
				.cm.h = { .cmsg_len = CMSG_LEN(sizeof(int)), .cmsg_level = SOL_SOCKET,
					  .cmsg_type = SCM_RIGHTS } };
	m->mh = (struct msghdr){ .msg_iov = &m->iov, .msg_iovlen = 1, .msg_control = &m->cm,
				 .msg_controllen = sizeof m->cm };
}

/* The child's part: a dup of each socket (pidfd_getfd) asked SIOCGSKNS.
 * The fd may have been swapped since the walk saw a socket there: a dup
 * that is not that very socket (its inode, on sockfs) is neither used nor
 * closed (the close of a file on its owner's FUSE mount can wait forever);
 * the child's exit closes it, when nothing waits for the child any more. */
static _Noreturn void socket_child(struct lsns *ls, const struct sock_ref *socks, size_t n, int out)
{
	int pidfd = -1;
	pid_t pidfd_of = 0;

	/* its one fd is the socket to lsns (as fd 0): no pipe of lsns's
	 * caller stays open in a child that hangs (before 5.9: stdio's) */
	dup2(out, 0);
	if (syscall(SYS_close_range, 1, ~0U, 0) < 0)
		for (int fd = 1; fd < 3; fd++)
			close(fd);
	out = 0;
	for (size_t i = 0; i < n; i++) {
		struct sock_msg m;
		mode_t mode;
		dev_t dev;

		sock_msg_init(&m);
		m.found.i = i;

		if (socks[i].pid != pidfd_of) {
			if (pidfd >= 0)
				close(pidfd);
			pidfd_of = socks[i].pid;
			pidfd = pidfd_open_pid(pidfd_of);
		}
		int sock = pidfd < 0 ? -1 : (int)syscall(SYS_pidfd_getfd, pidfd, socks[i].fd, 0);
		if (sock < 0 || stat_cached(sock, "", &mode, &m.found.ino, &dev) < 0 || mode != S_IFSOCK ||
		    m.found.ino != socks[i].ino || dev != socks[i].dev)
			continue;
		int netns = ioctl(sock, SIOCGSKNS), proc = proc_find(ls, socks[i].pid);
		close(sock);
		if (netns >= 0 && ns_fd_ino(netns, &m.found.ino, NULL) == 0 &&
		    (proc < 0 || ls->procs[proc].net_ino != m.found.ino)) {
			memcpy(CMSG_DATA(&m.cm.h), &netns, sizeof netns);
			if (syscall(SYS_sendmsg, out, &m.mh, MSG_NOSIGNAL) < 0)
				_exit(0);	/* lsns is gone, or gave up on us */
		}
		if (netns >= 0)
			close(netns);
	}
	close(out);	/* the end: lsns goes on, whatever this exit waits for */
	_exit(0);
}

/* One report of the socket child: 1, 0 at the end, -1 when none came for
 * 10 s (a socket's close that waits: SO_LINGER). */
static int socket_report(struct lsns *ls, const struct sock_ref *socks, size_t n, int in)
{
	struct sock_msg m;
	struct pollfd pfd = { in, POLLIN, 0 };
	uint64_t ino;
	int fd = -1;

	sock_msg_init(&m);
	int ready = poll(&pfd, 1, 10000);
	if (ready <= 0)
		return ready < 0 && errno == EINTR ? 1 : -!ready;
	if (syscall(SYS_recvmsg, in, &m.mh, MSG_CMSG_CLOEXEC) != (long)sizeof m.found || m.found.i >= n)
		return 0;
	if (m.mh.msg_controllen >= CMSG_LEN(sizeof fd) && m.cm.h.cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(&m.cm.h), sizeof fd);
	if (fd >= 0 && (ns_fd_ino(fd, &ino, NULL) < 0 || ino != m.found.ino)) {
		close(fd);
		return 1;
	}
	if (ns_add_kept(ls, fd, m.found.ino, NS_NET, FOUND_SOCKET) >= 0)
		holder_add(ls, m.found.ino, socks[m.found.i].pid, socks[m.found.i].fd, HOLD_SOCKET);
	return 1;
}

/* Network namespaces held by sockets only: asked of a grandchild, so that
 * no hang on what a socket's owner swaps in can reach lsns, which waits for
 * its reports interruptibly and at most 10 s for each. The child between
 * exits at once and is reaped: the worker is nobody's child here (not the
 * child of a program nsenter execs next), and ends on its own when its
 * reports have nowhere to go. */
static void scan_sockets(struct lsns *ls, const struct sock_ref *socks, size_t n)
{
	int sv[2], rc = 1, status = 1;

	if (!ls->wanted[NS_NET] || !n ||
	    lsns_fd_or_limit(ls, (int)syscall(SYS_socketpair, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) < 0)
		return;
	pid_t child = fork();
	if (child == 0) {
		pid_t worker = fork();
		if (worker == 0)
			socket_child(ls, socks, n, sv[1]);
		_exit(worker < 0);
	}
	int err = errno;
	close(sv[1]);
	if (child > 0 && waitpid(child, &status, 0) == child && status == 0)
		while ((rc = socket_report(ls, socks, n, sv[0])) > 0)
			;
	close(sv[0]);
	if (status != 0 || rc < 0)
		msg(child < 0 ? err : 0, "%s: network namespaces held only by sockets may be missing",
		    status != 0 ? "cannot fork" : "sockets: no answer in 10 s (a socket whose close waits?)");
}

/* mountinfo's mount points are octal-escaped (\040 for a space). */
static void unescape_octal(char *s)
{
	char *out = s;
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 3;
		} else
			*out++ = *s;
	}
	*out = '\0';
}

/* Another mount namespace's table is its owner's to grow: at most this
 * much of it is read (a warning names the namespace when there is more). */
#define MOUNTS_MAX_LINES 10000
#define MOUNTS_MAX_BYTES (2u << 20)

struct mountinfo_scan {
	struct lsns *ls;
	uint64_t mntns;
	bool own;
	size_t lines;
};

/* Keep a mount (ino at target) as the next one of its namespace; a mount
 * stacked on the same target as the one before it adds nothing. */
static int mount_add(struct lsns *ls, uint64_t ino, const char *target, uint64_t mntns)
{
	const struct nsfs_mount *last = ls->nmounts ? &ls->mounts[ls->nmounts - 1] : NULL;
	if (last && last->ino == ino && last->mntns == mntns && !strcmp(last->target, target))
		return (int)ls->nmounts - 1;
	ls->mounts = xgrow(ls->mounts, (size_t)ls->nmounts, sizeof *ls->mounts);
	ls->mounts[ls->nmounts] = (struct nsfs_mount){ ino, xstrdup(target), mntns, -1 };
	return (int)ls->nmounts++;
}

static int mountinfo_line(char *line, void *ctx)
{
	struct mountinfo_scan *ms = ctx;
	struct lsns *ls = ms->ls;
	char *field[6], *save = NULL, *sep = str_find(line, " - ");
	int n = 0;
	uint64_t ino;

	if (!ms->own && ++ms->lines > MOUNTS_MAX_LINES)
		return -EFBIG;
	if (!sep || strncmp(sep, " - nsfs ", 8))
		return 0;
	for (char *f = strtok_r(line, " ", &save); f && n < 6; f = strtok_r(NULL, " ", &save))
		field[n++] = f;
	for (int i = 0; n >= 5 && i < NS_TYPES_ALL; i++) {
		if (ns_types[i].for_children || ns_parse_link(field[3], ns_types[i].name, &ino) < 0)
			continue;
		/* the root field names the namespace: nothing to open */
		int idx = index_get(&ls->by_ino, ino);
		if (idx < 0 && !ls->wanted[i])
			break;
		unescape_octal(field[4]);
		if (idx < 0)
			idx = ns_add_via(ls, ino, i, VIA_MOUNT, mount_add(ls, ino, field[4], ms->mntns), 0);
		else if (ls->want_holder || (ls->want_nsfs && ms->own))
			mount_add(ls, ino, field[4], ms->mntns);
		ls->nss[idx].found |= FOUND_MOUNT;
		break;
	}
	return 0;
}

/* Namespaces bind-mounted in one mount namespace (procdir "/proc/self" or
 * "/proc/PID" of a process in it): ours read whole, another at most
 * MOUNTS_MAX_LINES lines and MOUNTS_MAX_BYTES bytes. */
static void scan_mounts_of(struct lsns *ls, const char *procdir, uint64_t mntns)
{
	bool own = mntns == ls->own_mntns;
	struct mountinfo_scan ms = { ls, mntns, own, 0 };
	char path[48];

	fmt_snprintf(path, sizeof path, "%s/mountinfo", procdir);
	if (for_each_line_max(path, own ? SIZE_MAX : MOUNTS_MAX_BYTES, mountinfo_line, &ms) == -EFBIG)
		msg(0, "mnt:[%llu]: its mount table is longer than %u lines or %u bytes; the rest is not "
		    "read, so namespaces bind-mounted only there are not shown", (unsigned long long)mntns,
		    MOUNTS_MAX_LINES, MOUNTS_MAX_BYTES);
}

/* Bind-mounted namespaces (ip netns add, unshare --net=FILE): in our
 * mount namespace, and in every other one a process showed us. */
static void scan_mounts(struct lsns *ls)
{
	scan_mounts_of(ls, "/proc/self", ls->own_mntns);
	for (size_t i = 0; i < ls->nmntns; i++) {
		char procdir[24];
		fmt_snprintf(procdir, sizeof procdir, "/proc/%d", (int)ls->mntns[i].pid);
		scan_mounts_of(ls, procdir, ls->mntns[i].ino);
	}
}

/* Every namespace the kernel lists (listns(2), 6.19+), for the ones that
 * neither processes, mounts nor fds showed. ENOSYS before 6.19: nothing,
 * quietly. A listed id is opened through an nsfs file handle. */
static void scan_listns(struct lsns *ls)
{
	uint64_t ids[256], id;
	uint32_t types = 0;
	struct ns_id_req req = { .size = sizeof req };
	struct index known = { 0 };	/* the ids of what we know, to tell the new ones */
	size_t nknown = 0;

	for (int w = 0; w < ls->nwanted; w++)
		types |= (uint32_t)ns_types[ls->wanted_list[w]].flag;
	req.ns_type = types;
	long n = syscall(SYS_listns_nr, &req, ids, 256, 0);
	if (n < 0)
		return;		/* ENOSYS: an older kernel */
	for (size_t i = 0; i < ls->nns; i++)
		if (ns_ioctl(ls, (int)i, NS_GET_ID, &id) == 0)
			index_put(&known, id, 0, nknown++);
	while (n > 0) {
		for (long i = 0; i < n; i++) {
			struct nsfs_file_handle handle = { .ns_id = ids[i] };
			int fd = index_get(&known, ids[i]) >= 0 ? -1 : lsns_fd_or_limit(ls, ns_open_handle(&handle));
			uint64_t ino;
			if (fd >= 0 && ns_fd_ino(fd, &ino, NULL) == 0)
				ns_add_kept(ls, fd, ino, -1, FOUND_LISTNS);
			else if (fd >= 0)
				close(fd);
		}
		if (n < 256)
			break;
		req.ns_id = ids[n - 1];
		n = syscall(SYS_listns_nr, &req, ids, 256, 0);
	}
	free(known.keys);
	free(known.values);
}

/* Mount namespaces no process is in: NS_MNT_GET_PREV/NEXT (6.12+) walk
 * every one we have privilege over. Older kernels: nothing, quietly. */
static void scan_mount_namespaces(struct lsns *ls)
{
	if (!ls->wanted[NS_MNT])
		return;
	for (int forward = 0; forward < 2; forward++) {
		int fd = lsns_fd_or_limit(ls, open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC));
		while (fd >= 0) {
			struct mnt_ns_info info = { .size = sizeof info };
			int next = lsns_fd_or_limit(ls, ioctl(fd, forward ? NS_MNT_GET_NEXT : NS_MNT_GET_PREV, &info));
			uint64_t ino;
			close(fd);
			fd = next;	/* the kernel gives it close-on-exec */
			/* the raw call: musl's fcntl() (423 bytes) only adds
			 * fallbacks for kernels before 2.6.24 */
			if (fd >= 0 && ns_fd_ino(fd, &ino, NULL) == 0 && !is_known(ls, ino))
				ns_add_kept(ls, lsns_fd_or_limit(ls, (int)syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 0)),
					    ino, NS_MNT, FOUND_MNT_WALK);
		}
	}
}

/* The index of a scanned process. /proc lists pids in ascending order, so
 * a binary search does (with a linear one should it ever not). */
int proc_find(const struct lsns *ls, pid_t pid)
{
	size_t lo = 0, hi = ls->nprocs;
	if (!ls->procs_sorted) {
		for (size_t i = 0; i < ls->nprocs; i++)
			if (ls->procs[i].pid == pid)
				return (int)i;
		return -1;
	}
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (ls->procs[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ls->nprocs && ls->procs[lo].pid == pid ? (int)lo : -1;
}

/* Is process idx (still) in the namespace with this type and inode? The
 * scan keeps no per-process table (memory); the rare modes that need to
 * know read the link again. */
bool proc_in_ns(const struct lsns *ls, int idx, int type, uint64_t ino)
{
	char path[48];
	uint64_t now;
	ns_path(path, ls->procs[idx].pid, &ns_types[type]);
	return ns_link_ino(AT_FDCWD, path, &now) == 0 && now == ino;
}

/* A process's parent and owner, read only for the processes whose rows are
 * printed (the representative of each namespace): most never are. */
struct lsns_proc *proc_load(struct lsns *ls, int idx)
{
	struct lsns_proc *p = &ls->procs[idx];
	struct proc_stat st;
	struct stat sb;

	char path[32];

	if (p->loaded)
		return p;
	p->loaded = true;
	/* gone since the scan: no parent, uid 0 */
	fmt_snprintf(path, sizeof path, "/proc/%d", (int)p->pid);
	if (stat(path, &sb) == 0)
		p->uid = sb.st_uid;
	if (proc_read_stat(AT_FDCWD, path, &st) == 0) {
		p->ppid = st.ppid;
		p->parent = proc_find(ls, st.ppid);
	}
	return p;
}

/* A bind-mounted namespace, through the root of a process in that mount
 * namespace (ours: our own root). */
static int mount_open(struct lsns *ls, const struct nsfs_mount *m)
{
	char path[32];
	int visit = index_get(&ls->by_mntns, m->mntns);

	if (m->mntns == ls->own_mntns || visit < 0)
		return ns_open_checked(AT_FDCWD, m->target, m->ino, false);
	fmt_snprintf(path, sizeof path, "/proc/%d/root", (int)ls->mntns[visit].pid);
	int root = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return -errno;
	int fd = ns_open_checked(root, m->target, m->ino, true);
	close(root);
	return fd;
}

/* fd, when it is namespace ino; else closed and -ENOENT (the process
 * exited since the scan and its pid now names another one: its answers
 * would be another namespace's). */
static int same_ns_or_close(int fd, uint64_t ino)
{
	uint64_t now;

	if (ns_fd_ino(fd, &now, NULL) == 0 && now == ino)
		return fd;
	close(fd);
	return -ENOENT;
}

int ns_fd(struct lsns *ls, int idx, bool *owned)
{
	const struct lsns_ns *ns = &ls->nss[idx];
	char path[48];
	int fd = -ENOENT;

	*owned = ns->fd < 0;
	if (ns->fd >= 0)
		return ns->fd;
	if (ns->proc >= 0) {	/* its process's ns link: the kernel's, always nsfs */
		ns_path(path, ls->procs[ns->proc].pid, &ns_types[ns->type]);
		fd = lsns_fd_or_limit(ls, open(path, O_RDONLY | O_CLOEXEC));
		return fd < 0 ? fd : same_ns_or_close(fd, ns->ino);
	}
	if (ns->via == VIA_FD || ns->via == VIA_CHILDREN) {
		if (ns->via == VIA_FD)
			fmt_snprintf(path, sizeof path, "/proc/%d/fd/%d", ns->via_ref, ns->via_arg);
		else
			fmt_snprintf(path, sizeof path, "/proc/%d/ns/pid_for_children", ns->via_ref);
		fd = ns_open_checked(AT_FDCWD, path, ns->ino, false);
	} else if (ns->via == VIA_MOUNT)
		fd = mount_open(ls, &ls->mounts[ns->via_ref]);
	else if (ns->via == VIA_RELATION) {	/* a parent or owner: ask its relative again */
		bool from_owned;
		int from = ns_fd(ls, ns->via_ref, &from_owned);
		if (from >= 0)
			fd = ns->via_arg == REL_PARENT ? ns_get_parent(from) : ns_get_userns(from);
		if (fd >= 0)
			fd = same_ns_or_close(fd, ns->ino);
		if (from >= 0 && from_owned)
			close(from);
	}
	return lsns_fd_or_limit(ls, fd);
}

int ns_ioctl(struct lsns *ls, int idx, unsigned long request, void *arg)
{
	bool owned;
	int fd = ns_fd(ls, idx, &owned), rc = fd < 0 ? -1 : ioctl(fd, request, arg);

	if (fd >= 0 && owned)
		close(fd);
	return rc;
}

uid_t ns_owner_uid(struct lsns *ls, int idx)
{
	uid_t uid;

	if (!ls->nss[idx].uid_read && ns_types[ls->nss[idx].type].flag == CLONE_NEWUSER &&
	    ns_ioctl(ls, idx, NS_GET_OWNER_UID, &uid) == 0)
		ls->nss[idx].uid_fallback = uid;
	ls->nss[idx].uid_read = true;
	return ls->nss[idx].uid_fallback;
}

/* Each namespace's holders and mounts, as lists in the order found. */
static void chain_holders(struct lsns *ls)
{
	for (size_t h = ls->nholders; h-- > 0;) {
		int idx = index_get(&ls->by_ino, ls->holders[h].ino);
		if (idx >= 0) {
			ls->holders[h].next = ls->nss[idx].holders;
			ls->nss[idx].holders = (int)h;
		}
	}
	for (size_t m = ls->nmounts; m-- > 0;) {
		int idx = index_get(&ls->by_ino, ls->mounts[m].ino);
		if (idx >= 0) {
			ls->mounts[m].next = ls->nss[idx].mounts;
			ls->nss[idx].mounts = (int)m;
		}
	}
}

/* Every namespace: those of processes (and their fds), bind mounts,
 * sockets, the kernel's walks. With -p no namespace without processes can
 * be shown; with a namespace argument they matter only when no process
 * has it. */
void lsns_discover(struct lsns *ls)
{
	struct proc_iter it;
	struct sock_ref *socks = NULL;
	size_t nsocks = 0;
	pid_t pid;
	bool procless = !ls->task && !ls->ns_arg_set;

	/* fds kept (a socket's namespace, the kernel's walks) leave room for
	 * the few a scan opens at a time: the hard limit, if we may */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		prlimit(0, RLIMIT_NOFILE, &rl, NULL);	/* best effort (musl's setrlimit syncs threads: 2 KiB) */
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0)
		ls->keep_max = rl.rlim_cur > 128 ? (size_t)(rl.rlim_cur - 64) : (size_t)rl.rlim_cur / 2;
	ls->nsfs_dev = nsfs_dev();
	ls->self = proc_self();
	if (ns_link_ino(AT_FDCWD, "/proc/self/ns/mnt", &ls->own_mntns) < 0)
		ls->own_mntns = 0;
	if (proc_iter_open(&it) < 0)
		die(1, errno, "cannot open /proc");
	while ((pid = proc_iter_next(&it)))
		scan_process(ls, pid, &socks, &nsocks, procless);
	proc_iter_close(&it);
	scan_mounts(ls);
	if (!procless && ls->ns_arg_set && !is_known(ls, ls->ns_arg)) {
		for (size_t i = 0; i < ls->nprocs; i++)
			scan_process_fds(ls, ls->procs[i].pid, &socks, &nsocks);
		procless = true;
	}
	if (procless) {
		scan_sockets(ls, socks, nsocks);
		scan_mount_namespaces(ls);
		scan_listns(ls);
	}
	free(socks);
	chain_holders(ls);
}

void lsns_scan_all(struct lsns *ls, int flag, bool want_holder)
{
	*ls = (struct lsns){ .netlink = -1, .procs_sorted = true, .want_holder = want_holder };
	for (int rank = 0; rank < NS_TYPES_MAIN; rank++) {
		int type = ns_type_index(ns_type_at(NS_ORDER_LSNS, rank));
		if (flag && ns_types[type].flag != flag)
			continue;
		ls->wanted[type] = true;
		ls->wanted_list[ls->nwanted++] = type;
	}
	lsns_discover(ls);
}

/* The first namespace lsns lists with this 64-bit id: an fd of it,
 * -ENOENT, or -NS_EUNSUPPORTED (no NS_GET_ID). Each namespace is opened
 * once, in the order found (processes' first), until the match. The
 * open-file limit the scan raises is put back: nsenter's program gets
 * ours. */
static int find_by_id(uint64_t id, int flag)
{
	struct lsns ls;
	struct rlimit rl;
	int found = -ENOENT;

	/* no NS_GET_ID (before 6.18, or a filter's ENOSYS): said before a
	 * scan of the whole host, which could find nothing */
	uint64_t own_id;
	int self = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC), rc = self < 0 ? 0 : ns_get_id(self, &own_id);
	if (self >= 0)
		close(self);
	if (rc == -NS_EUNSUPPORTED)
		return rc;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		die(1, errno, "getrlimit");
	lsns_scan_all(&ls, flag, false);
	for (size_t i = 0; i < ls.nns && found == -ENOENT; i++) {
		bool owned;
		uint64_t nsid;
		int fd = ns_fd(&ls, (int)i, &owned), rc = fd < 0 ? fd : ns_get_id(fd, &nsid);
		if (rc == 0 && nsid == id) {
			found = fd;
			ls.nss[i].fd = -1;	/* a kept one is the caller's now */
			continue;
		}
		if (rc == -NS_EUNSUPPORTED)
			found = rc;
		if (fd >= 0 && owned)
			close(fd);
	}
	lsns_free(&ls);
	/* (only now, the scan's fds closed: under the old limit, the search's
	 * opens would fail past the fds the scan held; the fd found may be
	 * above it, which is no matter: the limit is on new fds) */
	if (prlimit(0, RLIMIT_NOFILE, &rl, NULL) < 0)
		die(1, errno, "cannot restore the open-file limit");
	return found;
}

int lsns_open_id(const char *arg, int flag)
{
	bool is_handle;
	uint64_t id;
	int fd = ns_open_handle_arg(arg, &is_handle);

	if (is_handle)
		return fd;
	if (parse_u64(arg + 1, 1, UINT64_MAX, &id) < 0) {
		msg(0, "invalid namespace id: '%s'", arg);
		return -EINVAL;
	}
	fd = find_by_id(id, flag);
	if (fd == -NS_EUNSUPPORTED)
		msg(0, "%s: namespace ids need NS_GET_ID (Linux 6.18+): %s", arg, ns_strerror(fd));
	else if (fd == -ENOENT)
		msg(0, "%s: no namespace with this id among the ones lsns lists", arg);
	else if (fd < 0)
		msg(0, "%s: %s", arg, ns_strerror(fd));
	return fd;
}
