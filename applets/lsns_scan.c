/* SPDX-License-Identifier: 0BSD */
/* lsns: discovery. Work is per namespace, not per process: one readlinkat
 * per namespace link, an fd walk for namespaces held by fds and sockets,
 * bind mounts, and the kernel's walks (NS_MNT_GET_NEXT, listns). */
#include "fmt.h"
#include "lsns.h"
#include "proc.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
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

/* ---- discovery --------------------------------------------------------- */

int ns_add(struct lsns *ls, uint64_t ino, int type)
{
	if (ls->nns == ls->nss_cap) {
		ls->nss_cap = ls->nss_cap ? ls->nss_cap * 2 : 64;
		ls->nss = xrealloc(ls->nss, ls->nss_cap * sizeof *ls->nss);
	}
	ls->nss[ls->nns] = (struct lsns_ns){ .ino = ino, .type = type, .proc = -1, .fd = -1,
					     .related = { -1, -1 }, .outline = -1 };
	index_put(&ls->by_ino, ino, (int)ls->nns, ls->nns);
	return (int)ls->nns++;
}

/* A namespace found without a process (bind mount, fd, socket, walk):
 * keep the fd, as the way to ask the kernel about it. */
static int ns_add_fd(struct lsns *ls, int fd, uint64_t ino, unsigned found)
{
	int idx = index_get(&ls->by_ino, ino);
	if (idx >= 0) {
		close(fd);
		ls->nss[idx].found |= found;
		return idx;
	}
	int flag = ns_get_type(fd);
	const struct ns_type *type = flag >= 0 ? ns_type_by_flag(flag) : NULL;
	if (!type || !ls->wanted[ns_type_index(type)]) {
		close(fd);
		return -1;
	}
	idx = ns_add(ls, ino, ns_type_index(type));
	ls->nss[idx].fd = fd;
	ls->nss[idx].found = found;
	uid_t uid = 0;
	if (type->flag == CLONE_NEWUSER && ns_get_owner_uid(fd, &uid) == 0)
		ls->nss[idx].uid_fallback = uid;
	return idx;
}

bool is_known(struct lsns *ls, uint64_t ino)
{
	return index_get(&ls->by_ino, ino) >= 0;
}

/* Open fds of a process that are namespaces: "net:[N]" links. Sockets
 * are noted for a later look at their network namespace. */
struct fd_scan {
	struct lsns *ls;
	int fddir;
	pid_t pid;
	int **sockets;
	size_t *nsockets;
};

static void holder_add(struct lsns *ls, uint64_t ino, pid_t pid, int fd, int kind)
{
	ls->holders = xgrow(ls->holders, (size_t)ls->nholders, sizeof *ls->holders);
	ls->holders[ls->nholders++] = (struct holder){ ino, pid, fd, kind };
}

/* lsns keeps an fd on each namespace found without a process (and one
 * per process while it walks it): running out of fds is an error that
 * says what to do, never a namespace or a process silently left out. */
int lsns_fd_or_limit(int fd)
{
	int err = fd == -1 ? errno : -fd;	/* -1 with errno, or -errno */
	if (fd < 0 && (err == EMFILE || err == ENFILE)) {
		struct rlimit rl;
		if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
			die(1, 0, "more namespaces and processes than the open-file limit (%llu) allows; "
			    "raise it (ulimit -n)", (unsigned long long)rl.rlim_cur);
		die(1, EMFILE, "cannot open a namespace");
	}
	return fd;
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
		for (int i = 0; i < 2; i++) {	/* (pid, fd) pairs */
			*fs->sockets = xgrow(*fs->sockets, *fs->nsockets, sizeof **fs->sockets);
			(*fs->sockets)[(*fs->nsockets)++] = i ? (int)fdnum : (int)fs->pid;
		}
		return 0;
	}
	if (dev != ls->nsfs_dev || !ls->nsfs_dev)
		return 0;
	int idx = index_get(&ls->by_ino, ino);
	if (idx < 0) {	/* NS_GET_NSTYPE only for a namespace not seen yet */
		int nsfd = lsns_fd_or_limit(openat(fs->fddir, name, O_RDONLY | O_CLOEXEC));
		if (nsfd < 0 || (idx = ns_add_fd(ls, nsfd, ino, FOUND_FD)) < 0)
			return 0;
	}
	ls->nss[idx].found |= FOUND_FD;
	holder_add(ls, ino, fs->pid, (int)fdnum, HOLD_FD);
	return 0;
}

static void scan_fds(struct lsns *ls, int fddir, pid_t pid, int **sockets, size_t *nsockets)
{
	struct fd_scan fs = { ls, fddir, pid, sockets, nsockets };
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
	if (idx < 0) {
		int fd = lsns_fd_or_limit(openat(base, path, O_RDONLY | O_CLOEXEC));
		if (fd < 0)
			return;
		idx = ns_add(ls, ino, NS_PID);
		ls->nss[idx].fd = fd;
	}
	ls->nss[idx].found |= FOUND_CHILDREN;
	holder_add(ls, ino, pid, -1, HOLD_CHILDREN);
}

static void scan_process(struct lsns *ls, pid_t pid, int **sockets, size_t *nsockets, bool fds)
{
	/* One open per process: /proc/PID/fd, whose entries we walk, also
	 * reaches the namespace links as ../ns/TYPE. Where the fd directory
	 * cannot be opened (a zombie has none), /proc/PID does. */
	char path[40];
	const char *links = "../ns/";
	fmt_snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	int fddir = lsns_fd_or_limit(openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)), base = fddir;
	if (fddir < 0) {
		links = "ns/";
		base = lsns_fd_or_limit(proc_open_pid(pid));
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
		scan_fds(ls, fddir, pid, sockets, nsockets);
	close(base);
}

/* The fd walk alone, for a second pass. */
static void scan_process_fds(struct lsns *ls, pid_t pid, int **sockets, size_t *nsockets)
{
	char path[40];
	fmt_snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	int fddir = lsns_fd_or_limit(openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	if (fddir < 0)
		return;
	scan_fds(ls, fddir, pid, sockets, nsockets);
	close(fddir);
}

/* Network namespaces held by sockets only (pidfd_getfd + SIOCGSKNS). */
static void scan_sockets(struct lsns *ls, const int *sockets, size_t n)
{
	int pidfd = -1;
	pid_t pidfd_of = 0;

	if (!ls->wanted[NS_NET])
		return;
	for (size_t i = 0; i + 1 < n; i += 2) {
		if (sockets[i] != pidfd_of) {
			if (pidfd >= 0)
				close(pidfd);
			pidfd_of = sockets[i];
			pidfd = pidfd_open_pid(pidfd_of);
		}
		if (pidfd < 0)
			continue;
		int sock = (int)syscall(SYS_pidfd_getfd, pidfd, sockets[i + 1], 0);
		if (sock < 0)
			continue;
		int netns = ioctl(sock, SIOCGSKNS);
		close(sock);
		uint64_t ino;
		if (netns < 0)
			continue;
		if (ns_fd_ino(netns, &ino, NULL) < 0 || ns_add_fd(ls, netns, ino, FOUND_SOCKET) < 0)
			continue;
		/* a holder when not the network namespace the process is in */
		int proc = proc_find(ls, sockets[i]);
		if (proc < 0 || ls->procs[proc].net_ino != ino)
			holder_add(ls, ino, sockets[i], sockets[i + 1], HOLD_SOCKET);
	}
	if (pidfd >= 0)
		close(pidfd);
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

struct mountinfo_scan {
	struct lsns *ls;
	uint64_t mntns;
};

static int mountinfo_line(char *line, void *ctx)
{
	struct mountinfo_scan *ms = ctx;
	struct lsns *ls = ms->ls;
	char *field[6], *save = NULL, *sep = strstr(line, " - ");
	int n = 0;
	uint64_t ino;

	if (!sep || strncmp(sep, " - nsfs ", 8))
		return 0;
	for (char *f = strtok_r(line, " ", &save); f && n < 6; f = strtok_r(NULL, " ", &save))
		field[n++] = f;
	if (n < 5)
		return 0;
	for (int i = 0; i < NS_TYPES_ALL; i++) {
		if (ns_types[i].for_children || ns_parse_link(field[3], ns_types[i].name, &ino) < 0)
			continue;
		unescape_octal(field[4]);
		ls->mounts = xgrow(ls->mounts, (size_t)ls->nmounts, sizeof *ls->mounts);
		ls->mounts[ls->nmounts++] = (struct nsfs_mount){ ino, i, xstrdup(field[4]), ms->mntns };
	}
	return 0;
}

/* Namespaces bind-mounted somewhere (ip netns add, unshare --net=FILE). */
/* Namespaces bind-mounted in one mount namespace (procdir "/proc/self" or
 * "/proc/PID" of a process in it), opened through that process's root. */
static void scan_mounts_of(struct lsns *ls, const char *procdir, uint64_t mntns)
{
	struct mountinfo_scan ms = { ls, mntns };
	char path[48];
	size_t first = ls->nmounts;

	fmt_snprintf(path, sizeof path, "%s/mountinfo", procdir);
	for_each_line(path, mountinfo_line, &ms);
	if (first == ls->nmounts)
		return;
	fmt_snprintf(path, sizeof path, "%s/root", procdir);
	int root = lsns_fd_or_limit(open(path, O_PATH | O_DIRECTORY | O_CLOEXEC));
	for (size_t i = first; root >= 0 && i < ls->nmounts; i++) {
		struct nsfs_mount *m = &ls->mounts[i];
		int idx = index_get(&ls->by_ino, m->ino), fd;
		if (idx >= 0)
			ls->nss[idx].found |= FOUND_MOUNT;
		else if (ls->wanted[m->type] && (fd = lsns_fd_or_limit(ns_open_checked(root, m->target, m->ino))) >= 0)
			ns_add_fd(ls, fd, m->ino, FOUND_MOUNT);
	}
	if (root >= 0)
		close(root);
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

/* Mount namespaces no process is in: NS_MNT_GET_PREV/NEXT (6.12+) walk
 * every one we have privilege over. Older kernels: nothing, quietly. */
#define NS_MNT_GET_NEXT _IOR(NSIO, 11, struct mnt_ns_info)
#define NS_MNT_GET_PREV _IOR(NSIO, 12, struct mnt_ns_info)
struct mnt_ns_info {
	uint32_t size, nr_mounts;
	uint64_t mnt_ns_id;
};

/* Every namespace the kernel lists (listns(2), 6.19+), for the ones that
 * neither processes, mounts nor fds showed. ENOSYS before 6.19: nothing,
 * quietly. A listed id is opened through an nsfs file handle. */
static void scan_listns(struct lsns *ls)
{
	uint64_t ids[256], *known = NULL;
	size_t nknown = 0;
	uint32_t types = 0;
	struct ns_id_req req = { .size = sizeof req };

	for (int w = 0; w < ls->nwanted; w++)
		types |= (uint32_t)ns_types[ls->wanted_list[w]].flag;
	req.ns_type = types;
	long n = syscall(SYS_listns_nr, &req, ids, 256, 0);
	if (n < 0)
		return;		/* ENOSYS: an older kernel */
	/* the ids of what we know, to tell the new ones */
	known = xmalloc((ls->nns ? ls->nns : 1) * sizeof *known);
	for (size_t i = 0; i < ls->nns; i++) {
		bool owned;
		int fd = ns_fd(ls, (int)i, &owned);
		if (fd >= 0 && ns_get_id(fd, &known[nknown]) == 0)
			nknown++;
		if (fd >= 0 && owned)
			close(fd);
	}
	while (n > 0) {
		for (long i = 0; i < n; i++) {
			bool seen = false;
			for (size_t k = 0; k < nknown && !seen; k++)
				seen = known[k] == ids[i];
			struct nsfs_file_handle handle = { .ns_id = ids[i] };
			int fd = seen ? -1 : lsns_fd_or_limit(ns_open_handle(&handle));
			uint64_t ino;
			if (fd >= 0 && ns_fd_ino(fd, &ino, NULL) == 0)
				ns_add_fd(ls, fd, ino, FOUND_LISTNS);
			else if (fd >= 0)
				close(fd);
		}
		if (n < 256)
			break;
		req.ns_id = ids[n - 1];
		n = syscall(SYS_listns_nr, &req, ids, 256, 0);
	}
	free(known);
}

static void scan_mount_namespaces(struct lsns *ls)
{
	if (!ls->wanted[NS_MNT])
		return;
	for (int forward = 0; forward < 2; forward++) {
		int fd = lsns_fd_or_limit(open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC));
		while (fd >= 0) {
			struct mnt_ns_info info = { .size = sizeof info };
			int next = lsns_fd_or_limit(ioctl(fd, forward ? NS_MNT_GET_NEXT : NS_MNT_GET_PREV, &info));
			uint64_t ino;
			close(fd);
			fd = next;	/* the kernel gives it close-on-exec */
			if (fd >= 0 && ns_fd_ino(fd, &ino, NULL) == 0 && !is_known(ls, ino)) {
				int keep = lsns_fd_or_limit(fcntl(fd, F_DUPFD_CLOEXEC, 0));
				if (keep >= 0)
					ns_add_fd(ls, keep, ino, FOUND_MNT_WALK);
			}
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

/* An fd on the namespace: the kept one, or its process's ns file. */
int ns_fd(struct lsns *ls, int idx, bool *owned)
{
	struct lsns_ns *ns = &ls->nss[idx];
	char path[64];

	*owned = false;
	if (ns->fd >= 0)
		return ns->fd;
	if (ns->proc < 0)
		return -1;
	ns_path(path, ls->procs[ns->proc].pid, &ns_types[ns->type]);
	*owned = true;
	return lsns_fd_or_limit(open(path, O_RDONLY | O_CLOEXEC));
}

/* Every namespace: those of processes (and their fds), bind mounts,
 * sockets, the kernel's walks. With -p no namespace without processes can
 * be shown; with a namespace argument they matter only when no process
 * has it. */
void lsns_discover(struct lsns *ls)
{
	struct proc_iter it;
	int *sockets = NULL;
	size_t nsockets = 0;
	pid_t pid;
	bool procless = !ls->task && !ls->ns_arg_set;

	/* an fd per namespace found without a process: the customary soft
	 * limit (1024) is below what a busy host has; the hard one is not */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);	/* best effort: the limit check says the rest */
	}
	ls->nsfs_dev = nsfs_dev();
	ls->self = proc_self();
	if (ns_link_ino(AT_FDCWD, "/proc/self/ns/mnt", &ls->own_mntns) < 0)
		ls->own_mntns = 0;
	if (proc_iter_open(&it) < 0)
		die(1, errno, "cannot open /proc");
	while ((pid = proc_iter_next(&it)))
		scan_process(ls, pid, &sockets, &nsockets, procless);
	proc_iter_close(&it);
	scan_mounts(ls);
	if (!procless && ls->ns_arg_set && !is_known(ls, ls->ns_arg)) {
		for (size_t i = 0; i < ls->nprocs; i++)
			scan_process_fds(ls, ls->procs[i].pid, &sockets, &nsockets);
		procless = true;
	}
	if (procless) {
		scan_sockets(ls, sockets, nsockets);
		scan_mount_namespaces(ls);
		scan_listns(ls);
	}
	free(sockets);
}
