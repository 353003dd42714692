/* lsns: util-linux's lsns (2.38.1 output, byte for byte, for the rows it
 * can see), that also finds namespaces no process is in (bind mounts, open
 * fds, sockets, mount namespaces through NS_MNT_GET_NEXT), adds the 64-bit
 * ID, and -Q filters. Work is per namespace, not per process: one
 * readlinkat per namespace link; ioctls, cmdline and user names only for
 * what is printed. */
#include "fmt.h"
#include "ns.h"
#include "opt.h"
#include "proc.h"
#include "rx.h"
#include "table.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

const char lsns_help[] =
	"\n"
	"Usage:\n"
	" lsns [options] [<namespace>]\n"
	"\n"
	"List system namespaces.\n"
	"\n"
	"Options:\n"
	" -J, --json             use JSON output format\n"
	" -l, --list             use list format output\n"
	" -n, --noheadings       don't print headings\n"
	" -o, --output <list>    define which output columns to use (+<list> adds)\n"
	"     --output-all       output all columns\n"
	" -P, --persistent       namespaces without processes\n"
	" -p, --task <pid>       print process namespaces\n"
	" -Q, --filter <expr>    apply display filter: COLUMN OP VALUE with ==, !=, <, <=,\n"
	"                          >, >=, =~, !~ (regex), joined by &&, ||, ! and ( )\n"
	" -r, --raw              use the raw output format\n"
	" -u, --notruncate       don't truncate text in columns\n"
	" -W, --nowrap           don't use multi-line representation\n"
	" -t, --type <name>      namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)\n"
	" -T, --tree[=<rel>]     use tree format (parent, owner, or process)\n"
	"\n"
	" -H, --list-columns     list the available columns\n"
	" -h, --help             display this help\n"
	" -V, --version          display version\n"
	"\n"
	"Available output columns:\n"
	"          NS  namespace identifier (inode number)\n"
	"        TYPE  kind of namespace\n"
	"        PATH  path to the namespace\n"
	"      NPROCS  number of processes in the namespace\n"
	"         PID  lowest PID in the namespace\n"
	"        PPID  PPID of the PID\n"
	"     COMMAND  command line of the PID\n"
	"         UID  UID of the PID\n"
	"        USER  username of the PID\n"
	"     NETNSID  namespace ID as used by network subsystem\n"
	"        NSFS  nsfs mountpoint (usually used network subsystem)\n"
	"         PNS  parent namespace identifier (inode number)\n"
	"         ONS  owner namespace identifier (inode number)\n"
	"          ID  64-bit namespace id, never reused (Linux 6.18+)\n"
	"\n"
	"Examples: lsns -t net; lsns -p PID; lsns -T; lsns -Q 'NPROCS == 0'\n"
	"For more details see lsns(8).\n";

enum { C_NS, C_TYPE, C_PATH, C_NPROCS, C_PID, C_PPID, C_COMMAND, C_UID, C_USER, C_NETNSID,
       C_NSFS, C_PNS, C_ONS, C_ID, NCOLUMNS };

static const struct column columns[NCOLUMNS] = {
	[C_NS] = { "NS", COL_RIGHT | COL_NUMBER, 10, "namespace identifier (inode number)" },
	[C_TYPE] = { "TYPE", 0, 5, "kind of namespace" },
	[C_PATH] = { "PATH", 0, 0, "path to the namespace" },
	[C_NPROCS] = { "NPROCS", COL_RIGHT | COL_NUMBER, 5, "number of processes in the namespace" },
	[C_PID] = { "PID", COL_RIGHT | COL_NUMBER, 5, "lowest PID in the namespace" },
	[C_PPID] = { "PPID", COL_RIGHT | COL_NUMBER, 5, "PPID of the PID" },
	[C_COMMAND] = { "COMMAND", COL_TRUNC, 0, "command line of the PID" },
	[C_UID] = { "UID", COL_RIGHT | COL_NUMBER, 0, "UID of the PID" },
	[C_USER] = { "USER", 0, 0, "username of the PID" },
	[C_NETNSID] = { "NETNSID", COL_RIGHT, 0, "namespace ID as used by network subsystem" },
	[C_NSFS] = { "NSFS", COL_WRAPNL, 0, "nsfs mountpoint (usually used network subsystem)" },
	[C_PNS] = { "PNS", COL_RIGHT | COL_NUMBER, 10, "parent namespace identifier (inode number)" },
	[C_ONS] = { "ONS", COL_RIGHT | COL_NUMBER, 10, "owner namespace identifier (inode number)" },
	[C_ID] = { "ID", COL_RIGHT | COL_NUMBER, 0, "64-bit namespace id, never reused (Linux 6.18+)" },
};

enum { TREE_NONE, TREE_PROCESS, TREE_OWNER, TREE_PARENT };
enum { REL_PARENT, REL_OWNER };

struct lsns_proc {
	pid_t pid, ppid;
	uid_t uid;
	bool loaded;		/* ppid, uid and parent read (only for rows shown) */
	int parent;		/* index of the parent process, -1 when not seen */
	int outline;		/* the last row shown for this process, -1 */
};

struct lsns_ns {
	uint64_t ino;
	int type;		/* index into ns_types[] */
	int nprocs;
	int proc;		/* the process with the lowest pid, -1 for none */
	int fd;			/* an open fd for namespaces no process is in, else -1 */
	bool related_read;	/* related_ino[] filled in */
	uint64_t related_ino[2];
	int related[2];		/* namespace indexes, -1 */
	uid_t uid_fallback;	/* NS_GET_OWNER_UID, for rows without a process */
	int outline;		/* its row in owner/parent trees, -1 */
};

/* The index from an inode or a pid to an array slot: open addressing. */
struct index {
	uint64_t *keys;
	int *values;
	size_t cap;
};

static size_t hash64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k;
}

static int index_get(const struct index *ix, uint64_t key)
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

static void index_put(struct index *ix, uint64_t key, int value, size_t count)
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

struct nsfs_mount {
	uint64_t ino;
	int type;
	char *target;
};

struct filter;

struct lsns {
	/* options */
	bool wanted[NS_TYPES_ALL];
	int wanted_list[NS_TYPES_MAIN];	/* ns_types[] indexes, lsns's order */
	int nwanted;
	int tree;
	bool json, raw, list, persist, notrunc, noheadings, nowrap;
	pid_t task;
	uint64_t ns_arg;
	bool ns_arg_set;
	size_t cols[NCOLUMNS * 2];
	size_t ncols;
	struct filter *filter;
	/* state */
	struct lsns_proc *procs;
	bool procs_sorted;	/* by pid, as /proc lists them */
	size_t nprocs, procs_cap;
	struct lsns_ns *nss;
	size_t nns, nss_cap;
	struct index by_ino;
	uint64_t task_ns[NS_TYPES_ALL];	/* -p: the task's namespaces */
	struct nsfs_mount *mounts;
	size_t nmounts;
	int netlink;
	dev_t nsfs_dev;
	struct { uid_t uid; char name[64]; } *users;
	size_t nusers;
};

/* ---- discovery --------------------------------------------------------- */

static int ns_add(struct lsns *ls, uint64_t ino, int type)
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
static int ns_add_fd(struct lsns *ls, int fd, uint64_t ino)
{
	int idx = index_get(&ls->by_ino, ino);
	if (idx >= 0) {
		close(fd);
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
	uid_t uid = 0;
	if (type->flag == CLONE_NEWUSER && ns_get_owner_uid(fd, &uid) == 0)
		ls->nss[idx].uid_fallback = uid;
	return idx;
}

static bool is_known(struct lsns *ls, uint64_t ino)
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

static int scan_fd(const char *name, void *ctx)
{
	struct fd_scan *fs = ctx;
	char link[64];
	uint64_t ino, fdnum;
	ssize_t n = readlinkat(fs->fddir, name, link, sizeof link - 1);

	if (n <= 0 || parse_u64(name, 0, INT_MAX, &fdnum) < 0)
		return 0;
	link[n] = '\0';
	if (!strncmp(link, "socket:[", 8)) {
		*fs->sockets = xrealloc(*fs->sockets, (*fs->nsockets + 2) * sizeof **fs->sockets);
		(*fs->sockets)[(*fs->nsockets)++] = (int)fs->pid;
		(*fs->sockets)[(*fs->nsockets)++] = (int)fdnum;
		return 0;
	}
	for (int i = 0; i < NS_TYPES_ALL; i++) {
		if (ns_types[i].for_children || !fs->ls->wanted[i] ||
		    ns_parse_link(link, ns_types[i].name, &ino) < 0 || is_known(fs->ls, ino))
			continue;
		int nsfd = openat(fs->fddir, name, O_RDONLY | O_CLOEXEC);
		if (nsfd >= 0)
			ns_add_fd(fs->ls, nsfd, ino);
	}
	return 0;
}

static void scan_fds(struct lsns *ls, int fddir, pid_t pid, int **sockets, size_t *nsockets)
{
	struct fd_scan fs = { ls, fddir, pid, sockets, nsockets };
	/* procfs fills getdents greedily: a short read is the end */
	dir_each(fddir, scan_fd, &fs, true);
}

static void scan_process(struct lsns *ls, pid_t pid, int **sockets, size_t *nsockets, bool fds)
{
	/* One open per process: /proc/PID/fd, whose entries we walk, also
	 * reaches the namespace links as ../ns/TYPE. Where the fd directory
	 * cannot be opened (a zombie has none), /proc/PID does. */
	char path[40];
	const char *links = "../ns/";
	fmt_snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	int fddir = openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), base = fddir;
	if (fddir < 0) {
		links = "ns/";
		base = proc_open_pid(pid);
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
	}
	if (ls->nprocs && ls->procs[ls->nprocs - 1].pid > pid)
		ls->procs_sorted = false;
	ls->nprocs++;
	if (readable && fddir >= 0 && fds)
		scan_fds(ls, fddir, pid, sockets, nsockets);
	close(base);
}

/* The fd walk alone, for a second pass. */
static void scan_process_fds(struct lsns *ls, pid_t pid, int **sockets, size_t *nsockets)
{
	char path[40];
	fmt_snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	int fddir = openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
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
		if (ns_fd_ino(netns, &ino, NULL) < 0 || is_known(ls, ino))
			close(netns);
		else
			ns_add_fd(ls, netns, ino);
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

static int mountinfo_line(char *line, void *ctx)
{
	struct lsns *ls = ctx;
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
		ls->mounts = xrealloc(ls->mounts, (ls->nmounts + 1) * sizeof *ls->mounts);
		ls->mounts[ls->nmounts++] = (struct nsfs_mount){ ino, i, xstrdup(field[4]) };
	}
	return 0;
}

/* Namespaces bind-mounted somewhere (ip netns add, unshare --net=FILE). */
static void scan_mounts(struct lsns *ls)
{
	for_each_line("/proc/self/mountinfo", mountinfo_line, ls);
	for (size_t i = 0; i < ls->nmounts; i++) {
		if (!ls->wanted[ls->mounts[i].type] || is_known(ls, ls->mounts[i].ino))
			continue;
		int fd = open(ls->mounts[i].target, O_RDONLY | O_CLOEXEC);
		uint64_t ino;
		if (fd < 0)
			continue;
		if (ns_fd_ino(fd, &ino, NULL) == 0 && ino == ls->mounts[i].ino)
			ns_add_fd(ls, fd, ino);
		else
			close(fd);
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

static int ns_fd(struct lsns *ls, int idx, bool *owned);

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
			int fd = seen ? -1 : ns_open_handle(&handle);
			uint64_t ino;
			if (fd >= 0 && ns_fd_ino(fd, &ino, NULL) == 0)
				ns_add_fd(ls, fd, ino);
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
		int fd = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
		while (fd >= 0) {
			struct mnt_ns_info info = { .size = sizeof info };
			int next = ioctl(fd, forward ? NS_MNT_GET_NEXT : NS_MNT_GET_PREV, &info);
			uint64_t ino;
			close(fd);
			fd = next;	/* the kernel gives it close-on-exec */
			if (fd >= 0 && ns_fd_ino(fd, &ino, NULL) == 0 && !is_known(ls, ino)) {
				int keep = fcntl(fd, F_DUPFD_CLOEXEC, 0);
				if (keep >= 0)
					ns_add_fd(ls, keep, ino);
			}
		}
	}
}

/* The index of a scanned process. /proc lists pids in ascending order, so
 * a binary search does (with a linear one should it ever not). */
static int proc_find(const struct lsns *ls, pid_t pid)
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
static bool proc_in_ns(const struct lsns *ls, int idx, int type, uint64_t ino)
{
	char path[48];
	uint64_t now;
	fmt_snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)ls->procs[idx].pid, ns_types[type].name);
	return ns_link_ino(AT_FDCWD, path, &now) == 0 && now == ino;
}

/* A process's parent and owner, read only for the processes whose rows are
 * printed (the representative of each namespace): most never are. */
static struct lsns_proc *proc_load(struct lsns *ls, int idx)
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

/* ---- what the kernel says of a namespace -------------------------------- */

/* An fd on the namespace: the kept one, or its process's ns file. */
static int ns_fd(struct lsns *ls, int idx, bool *owned)
{
	struct lsns_ns *ns = &ls->nss[idx];
	char path[64];

	*owned = false;
	if (ns->fd >= 0)
		return ns->fd;
	if (ns->proc < 0)
		return -1;
	fmt_snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)ls->procs[ns->proc].pid,
		     ns_types[ns->type].name);
	*owned = true;
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* A parent or owner no scanned process or mount showed us ("ghost"):
 * util-linux 2.38.1 adds them for -T whatever -t says. */
static int ghost_add(struct lsns *ls, int fd, uint64_t ino, int type)
{
	int idx = ns_add(ls, ino, type);
	uid_t uid = 0;
	ls->nss[idx].fd = fd;
	if (ns_types[type].flag == CLONE_NEWUSER && ns_get_owner_uid(fd, &uid) == 0)
		ls->nss[idx].uid_fallback = uid;
	return idx;
}

/* Parent (user and pid) and owner of a namespace: inodes always, and
 * with link, the namespaces themselves, adding ghosts (recursively). */
static void relate(struct lsns *ls, int idx, bool link, int depth)
{
	bool owned;
	int fd, user = NS_USER;

	if (ls->nss[idx].related_read || depth > 64)
		return;
	ls->nss[idx].related_read = true;
	fd = ns_fd(ls, idx, &owned);
	if (fd < 0)
		return;
	int flag = ns_types[ls->nss[idx].type].flag;
	for (int rel = REL_PARENT; rel <= REL_OWNER; rel++) {
		if (rel == REL_PARENT && flag != CLONE_NEWUSER && flag != CLONE_NEWPID)
			continue;
		int rfd = rel == REL_PARENT ? ns_get_parent(fd) : ns_get_userns(fd);
		uint64_t ino;
		if (rfd < 0)
			continue;	/* EPERM: above what we may see; reads as 0 */
		if (ns_fd_ino(rfd, &ino, NULL) < 0) {
			close(rfd);
			continue;
		}
		ls->nss[idx].related_ino[rel] = ino;
		if (!link) {
			close(rfd);
			continue;
		}
		int r = index_get(&ls->by_ino, ino);
		if (r < 0)
			r = ghost_add(ls, rfd, ino, rel == REL_PARENT ? ls->nss[idx].type : user);
		else
			close(rfd);
		ls->nss[idx].related[rel] = r;
		relate(ls, r, link, depth + 1);
	}
	if (owned)
		close(fd);
}

/* NETNSID: RTM_GETNSID for the namespace's fd, as seen from our own. */
static int netnsid(struct lsns *ls, int idx, bool *known)
{
	struct { struct nlmsghdr_s { uint32_t len; uint16_t type, flags; uint32_t seq, pid; } h;
		 uint8_t family, pad[3]; uint16_t rta_len, rta_type; int32_t fd; } req;
	union { char buf[256]; struct nlmsghdr_s h; } res;
	bool owned;
	int fd, id = 0;

	*known = false;
	if (ls->netlink < 0 || (fd = ns_fd(ls, idx, &owned)) < 0)
		return 0;
	req = (typeof(req)){ .h = { sizeof req, 90 /* RTM_GETNSID */, 1 /* NLM_F_REQUEST */, 0, 0 },
			     .rta_len = 8, .rta_type = 3 /* NETNSA_FD */, .fd = fd };
	ssize_t n = send(ls->netlink, &req, sizeof req, 0) == (ssize_t)sizeof req ?
		    recv(ls->netlink, &res, sizeof res, 0) : -1;
	/* RTM_NEWNSID, then NETNSA_NSID (1) at offset 20 */
	if (n >= 28 && res.h.type == 88 && *(uint16_t *)(res.buf + 22) == 1) {
		memcpy(&id, res.buf + 24, sizeof id);
		*known = true;
	}
	if (owned)
		close(fd);
	return id;
}

static const char *user_name(struct lsns *ls, uid_t uid)
{
	for (size_t i = 0; i < ls->nusers; i++)
		if (ls->users[i].uid == uid)
			return ls->users[i].name;
	ls->users = xrealloc(ls->users, (ls->nusers + 1) * sizeof *ls->users);
	ls->users[ls->nusers].uid = uid;
	uid_to_name(uid, ls->users[ls->nusers].name, sizeof ls->users[ls->nusers].name);
	return ls->users[ls->nusers++].name;
}

/* cmdline as util-linux shows it: NULs as spaces, the last one dropped;
 * a kernel thread (no cmdline) by its name. */
static char *command_of(pid_t pid)
{
	char *buf = xmalloc(8192), path[40];
	fmt_snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	ssize_t n = read_file_at(AT_FDCWD, path, buf, 8192);

	if (n > 0) {
		if (buf[n - 1] == '\0')
			n--;
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == '\0')
				buf[i] = ' ';
		buf[n] = '\0';
	} else {
		fmt_snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
		if (read_file_at(AT_FDCWD, path, buf, 8192) > 0)
			buf[strcspn(buf, "\n")] = '\0';
		else
			buf[0] = '\0';
	}
	return buf;
}

/* ---- filter expressions (-Q) ------------------------------------------ */

enum { F_OR, F_AND, F_NOT, F_CMP, F_VALUE };
enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_RE, OP_NRE };

struct fnode {
	int kind, op;
	int left, right;	/* child nodes */
	int column;		/* F_VALUE: a column, or -1 for a literal */
	const char *text;	/* literal */
	struct rx *re;
};

struct filter {
	struct fnode *nodes;
	int nnodes;
	bool uses[NCOLUMNS];
	const char *expr, *pos;	/* parsing */
	int depth;		/* open parentheses */
};

/* Parentheses nest at most this deep: parsing and evaluation recurse once
 * per level, and the expression may come from anywhere. */
#define FILTER_MAX_DEPTH 100

_Noreturn static void filter_error(struct filter *f, const char *what)
{
	die(1, 0, "failed to parse \"%s\": %s at position %d%s%.12s%s", f->expr, what,
	    (int)(f->pos - f->expr) + 1, *f->pos ? " ('" : "", f->pos, *f->pos ? "')" : " (the end)");
}

static int fnode_new(struct filter *f, struct fnode n)
{
	f->nodes = xrealloc(f->nodes, (size_t)(f->nnodes + 1) * sizeof *f->nodes);
	f->nodes[f->nnodes] = n;
	return f->nnodes++;
}

static void skip_blanks(struct filter *f)
{
	while (*f->pos == ' ' || *f->pos == '\t')
		f->pos++;
}

/* The characters of a bare operand (a column name or a number). */
static bool is_word_char(char c)
{
	return c == '_' || c == '-' || c == '.' || (c >= '0' && c <= '9') ||
	       ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* A keyword operator ("and", "eq") is a whole word: "or_x" is an operand. */
static bool take_token(struct filter *f, const char *token, bool word)
{
	size_t n = strlen(token);
	skip_blanks(f);
	if (strncasecmp(f->pos, token, n) || (word && is_word_char(f->pos[n])))
		return false;
	f->pos += n;
	return true;
}

static int parse_or(struct filter *f);

static int parse_operand(struct filter *f)
{
	skip_blanks(f);
	const char *start = f->pos;
	if (*f->pos == '"' || *f->pos == '\'') {
		char quote = *f->pos++;
		const char *end = strchr(f->pos, quote);
		if (!end)
			filter_error(f, "unterminated string");
		char *text = xmalloc((size_t)(end - f->pos) + 1);
		memcpy(text, f->pos, (size_t)(end - f->pos));
		text[end - f->pos] = '\0';
		f->pos = end + 1;
		return fnode_new(f, (struct fnode){ .kind = F_VALUE, .column = -1, .text = text });
	}
	while (is_word_char(*f->pos))
		f->pos++;
	if (f->pos == start)
		filter_error(f, "a column, number or string expected");
	char *text = xmalloc((size_t)(f->pos - start) + 1);
	memcpy(text, start, (size_t)(f->pos - start));
	text[f->pos - start] = '\0';
	int col = column_find(columns, NCOLUMNS, text);
	if (col >= 0) {
		f->uses[col] = true;
		free(text);
		return fnode_new(f, (struct fnode){ .kind = F_VALUE, .column = col });
	}
	uint64_t num;
	if (parse_u64(text[0] == '-' ? text + 1 : text, 0, UINT64_MAX, &num) < 0) {
		f->pos = start;
		free(text);
		filter_error(f, "unknown column");
	}
	return fnode_new(f, (struct fnode){ .kind = F_VALUE, .column = -1, .text = text });
}

static int parse_primary(struct filter *f)
{
	static const struct { const char *token; int op; bool word; } ops[] = {
		{ "==", OP_EQ, 0 }, { "!=", OP_NE, 0 }, { "<=", OP_LE, 0 }, { ">=", OP_GE, 0 },
		{ "=~", OP_RE, 0 }, { "!~", OP_NRE, 0 }, { "<", OP_LT, 0 }, { ">", OP_GT, 0 },
		{ "eq", OP_EQ, 1 }, { "ne", OP_NE, 1 }, { "le", OP_LE, 1 }, { "ge", OP_GE, 1 },
		{ "lt", OP_LT, 1 }, { "gt", OP_GT, 1 },
	};
	if (take_token(f, "(", false)) {
		if (++f->depth > FILTER_MAX_DEPTH)
			die(1, 0, "failed to parse \"%.40s...\": filter nesting too deep at column %d",
			    f->expr, (int)(f->pos - f->expr));
		int n = parse_or(f);
		if (!take_token(f, ")", false))
			filter_error(f, "')' expected");
		f->depth--;
		return n;
	}
	int left = parse_operand(f);
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
		if (!take_token(f, ops[i].token, ops[i].word))
			continue;
		int right = parse_operand(f);
		struct fnode cmp = { .kind = F_CMP, .op = ops[i].op, .left = left, .right = right };
		if (cmp.op == OP_RE || cmp.op == OP_NRE) {
			if (f->nodes[right].column >= 0)
				filter_error(f, "a regular expression must be a string");
			const char *why;
			cmp.re = rx_compile(f->nodes[right].text, &why);
			if (!cmp.re) {
				f->pos = f->nodes[right].text;
				die(1, 0, "failed to parse \"%s\": bad regular expression '%s': %s", f->expr,
				    f->nodes[right].text, why);
			}
		}
		return fnode_new(f, cmp);
	}
	return left;
}

/* Any run of "!" and "not" is counted, not recursed into: only its
 * parity matters. */
static int parse_not(struct filter *f)
{
	bool negate = false;
	for (;;) {
		const char *before = f->pos;
		if (take_token(f, "!", false) && *f->pos != '=' && *f->pos != '~')
			negate = !negate;
		else if ((f->pos = before, take_token(f, "not", true)))
			negate = !negate;
		else {
			f->pos = before;
			break;
		}
	}
	int n = parse_primary(f);
	return negate ? fnode_new(f, (struct fnode){ .kind = F_NOT, .left = n }) : n;
}

/* a OP b OP c ... as a chain that leans right, a OP (b OP (c ...)), which
 * evaluation walks in a loop, left to right, however long it is. */
static int parse_chain(struct filter *f, int kind, int (*operand)(struct filter *),
		       const char *symbol, const char *word)
{
	int *items = NULL, n = 0;
	do {
		items = xrealloc(items, (size_t)(n + 1) * sizeof *items);
		items[n++] = operand(f);
	} while (take_token(f, symbol, false) || take_token(f, word, true));
	int node = items[--n];
	while (n--)
		node = fnode_new(f, (struct fnode){ .kind = kind, .left = items[n], .right = node });
	free(items);
	return node;
}

static int parse_and(struct filter *f)
{
	return parse_chain(f, F_AND, parse_not, "&&", "and");
}

static int parse_or(struct filter *f)
{
	return parse_chain(f, F_OR, parse_and, "||", "or");
}

static struct filter *filter_parse(const char *expr)
{
	struct filter *f = xmalloc(sizeof *f);
	*f = (struct filter){ .expr = expr, .pos = expr };
	parse_or(f);
	skip_blanks(f);
	if (*f->pos)
		filter_error(f, "unexpected text");
	return f;
}

static void filter_free(struct filter *f)
{
	if (!f)
		return;
	for (int i = 0; i < f->nnodes; i++) {
		free((char *)f->nodes[i].text);
		rx_free(f->nodes[i].re);
	}
	free(f->nodes);
	free(f);
}

static const char *fvalue(const struct filter *f, int n, char **vals)
{
	const struct fnode *node = &f->nodes[n];
	return node->column >= 0 ? (vals[node->column] ? vals[node->column] : "") : node->text;
}

/* Numbers compare as numbers, anything else as text. */
static bool as_number(const char *s, long double *out)
{
	uint64_t v;
	bool neg = s[0] == '-';
	if (parse_u64(s + neg, 0, UINT64_MAX, &v) < 0)
		return false;
	*out = neg ? -(long double)v : (long double)v;
	return true;
}

static bool filter_eval(const struct filter *f, int n, char **vals)
{
	const struct fnode *node = &f->nodes[n];
	/* along a chain's right spine in a loop; recursion only into the
	 * left operands, as deep as the parentheses (FILTER_MAX_DEPTH) */
	while (node->kind == F_OR || node->kind == F_AND) {
		if (filter_eval(f, node->left, vals) == (node->kind == F_OR))
			return node->kind == F_OR;
		node = &f->nodes[node->right];
	}
	n = (int)(node - f->nodes);
	switch (node->kind) {
	case F_NOT: return !filter_eval(f, node->left, vals);
	case F_VALUE: {
		const char *v = fvalue(f, n, vals);
		return *v && strcmp(v, "0");
	}
	}
	const char *a = fvalue(f, node->left, vals), *b = fvalue(f, node->right, vals);
	if (node->op == OP_RE || node->op == OP_NRE)
		return rx_match(node->re, a) == (node->op == OP_RE);
	long double x, y;
	int cmp;
	if (as_number(a, &x) && as_number(b, &y))
		cmp = x < y ? -1 : x > y;
	else
		cmp = strcmp(a, b);
	switch (node->op) {
	case OP_EQ: return cmp == 0;
	case OP_NE: return cmp != 0;
	case OP_LT: return cmp < 0;
	case OP_LE: return cmp <= 0;
	case OP_GT: return cmp > 0;
	default: return cmp >= 0;
	}
}

/* ---- rows --------------------------------------------------------------- */

static bool column_needed(const struct lsns *ls, size_t col)
{
	for (size_t i = 0; i < ls->ncols; i++)
		if (ls->cols[i] == col)
			return true;
	return ls->filter && ls->filter->uses[col];
}

/* The text of every column needed, for namespace ns and process proc. */
static void row_values(struct lsns *ls, int nsidx, int procidx, char **vals)
{
	const struct lsns_proc *p = procidx >= 0 ? proc_load(ls, procidx) : NULL;
	char buf[64];

	for (size_t c = 0; c < NCOLUMNS; c++) {
		struct lsns_ns *ns = &ls->nss[nsidx];
		vals[c] = NULL;
		if (!column_needed(ls, c))
			continue;
		buf[0] = '\0';
		switch (c) {
		case C_NS: fmt_snprintf(buf, sizeof buf, "%llu", (unsigned long long)ns->ino); break;
		case C_TYPE: fmt_snprintf(buf, sizeof buf, "%s", ns_types[ns->type].name); break;
		case C_PATH:
			if (p)
				fmt_snprintf(buf, sizeof buf, "/proc/%d/ns/%s", (int)p->pid, ns_types[ns->type].name);
			break;
		case C_NPROCS: fmt_snprintf(buf, sizeof buf, "%d", ns->nprocs); break;
		case C_PID: if (p) fmt_snprintf(buf, sizeof buf, "%d", (int)p->pid); break;
		case C_PPID: if (p) fmt_snprintf(buf, sizeof buf, "%d", (int)p->ppid); break;
		case C_COMMAND: if (p) vals[c] = command_of(p->pid); break;
		case C_UID: fmt_snprintf(buf, sizeof buf, "%u", (unsigned)(p ? p->uid : ns->uid_fallback)); break;
		case C_USER: vals[c] = xstrdup(user_name(ls, p ? p->uid : ns->uid_fallback)); break;
		case C_NETNSID:
			if (ns_types[ns->type].flag == CLONE_NEWNET) {
				bool known;
				int id = netnsid(ls, nsidx, &known);
				if (known && id >= 0)
					fmt_snprintf(buf, sizeof buf, "%d", id);
				else if (known && id == -1)
					fmt_snprintf(buf, sizeof buf, "unassigned");
			}
			break;
		case C_NSFS: {
			struct strbuf list = STRBUF_HEAP;
			for (size_t m = 0; m < ls->nmounts; m++) {
				const char *tgt = ls->mounts[m].target;
				bool dup = false;
				if (ls->mounts[m].ino != ns->ino || ls->mounts[m].type != ns->type)
					continue;
				for (size_t k = 0; k < m && !dup; k++)
					dup = ls->mounts[k].ino == ns->ino && !strcmp(ls->mounts[k].target, tgt);
				if (dup)
					continue;
				sb_printf(&list, "%s%s", list.len ? (ls->nowrap ? "," : "\n") : "", tgt);
			}
			vals[c] = list.buf;
			break;
		}
		case C_PNS:
		case C_ONS:
			relate(ls, nsidx, ls->tree == TREE_OWNER || ls->tree == TREE_PARENT, 0);
			ns = &ls->nss[nsidx];
			fmt_snprintf(buf, sizeof buf, "%llu",
				     (unsigned long long)ns->related_ino[c == C_PNS ? REL_PARENT : REL_OWNER]);
			break;
		case C_ID: {
			bool owned;
			uint64_t id;
			int fd = ns_fd(ls, nsidx, &owned);
			if (fd >= 0 && ns_get_id(fd, &id) == 0)
				fmt_snprintf(buf, sizeof buf, "%llu", (unsigned long long)id);
			if (fd >= 0 && owned)
				close(fd);
			break;
		}
		}
		if (!vals[c] && buf[0])
			vals[c] = xstrdup(buf);
	}
}

/* Add a row unless the filter drops it; returns it, or -1. */
static int add_row(struct lsns *ls, struct table *t, int parent, int nsidx, int procidx)
{
	char *vals[NCOLUMNS];
	int row = -1;

	row_values(ls, nsidx, procidx, vals);
	if (!ls->filter || filter_eval(ls->filter, ls->filter->nnodes - 1, vals)) {
		row = table_add_row(t, parent);
		for (size_t i = 0; i < ls->ncols; i++)
			table_set(t, row, i, vals[ls->cols[i]]);
	}
	for (size_t c = 0; c < NCOLUMNS; c++)
		free(vals[c]);
	return row;
}

/* A namespace's row, after its owner's or parent's in those trees. */
static void show_namespace(struct lsns *ls, struct table *t, int idx, int depth)
{
	struct lsns_ns *ns = &ls->nss[idx];
	int parent = -1;

	if (ls->tree == TREE_OWNER || ls->tree == TREE_PARENT) {
		relate(ls, idx, true, 0);
		ns = &ls->nss[idx];
		int up = ns->related[REL_OWNER];
		if (ls->tree == TREE_PARENT && ns->related[REL_PARENT] >= 0)
			up = ns->related[REL_PARENT];
		if (up >= 0 && ls->nss[up].outline < 0 && depth < 64)
			show_namespace(ls, t, up, depth + 1);
		ns = &ls->nss[idx];
		if (ls->tree == TREE_OWNER && ns->related[REL_OWNER] >= 0)
			parent = ls->nss[ns->related[REL_OWNER]].outline;
		else if (ls->tree == TREE_PARENT && ns->related[REL_PARENT] >= 0)
			parent = ls->nss[ns->related[REL_PARENT]].outline;
	} else if (ls->tree == TREE_PROCESS && ns->proc >= 0 && proc_load(ls, ns->proc)->parent >= 0)
		parent = ls->procs[ls->procs[ns->proc].parent].outline;
	int row = add_row(ls, t, parent, idx, ns->proc);
	if (row < 0)
		return;
	if (ls->tree == TREE_OWNER || ls->tree == TREE_PARENT)
		ls->nss[idx].outline = row;
	else if (ns->proc >= 0)
		ls->procs[ns->proc].outline = row;
}

static bool has_task(const struct lsns *ls, int idx)
{
	return ls->task_ns[ls->nss[idx].type] == ls->nss[idx].ino;
}

static int by_inode(const void *a, const void *b, void *ctx)
{
	const struct lsns *ls = ctx;
	uint64_t x = ls->nss[*(const int *)a].ino, y = ls->nss[*(const int *)b].ino;
	return x < y ? -1 : x > y;
}

/* A process's row under its parent's, when the parent is in the same
 * namespace: the parents not shown yet are shown first, top down. A loop
 * over the chain, not recursion: process trees are as deep as anyone
 * makes them, and pid reuse can even make the ppid links a cycle. */
static void show_process(struct lsns *ls, struct table *t, int pidx, int nsidx)
{
	int type = ls->nss[nsidx].type;
	uint64_t ino = ls->nss[nsidx].ino;
	int *chain = NULL;
	size_t n = 0;

	for (int p = pidx;;) {
		chain = xrealloc(chain, (n + 1) * sizeof *chain);
		chain[n++] = p;
		ls->procs[p].outline = -2;	/* on the chain */
		int up = proc_load(ls, p)->parent;
		if (ls->tree != TREE_PROCESS || up < 0 || ls->procs[up].outline != -1 ||
		    !proc_in_ns(ls, up, type, ino))
			break;
		p = up;
	}
	while (n--) {
		int p = chain[n], up = ls->procs[p].parent, parent = -1;
		if (ls->tree == TREE_PROCESS && up >= 0 && ls->procs[up].outline >= 0 &&
		    proc_in_ns(ls, up, type, ino))
			parent = ls->procs[up].outline;
		ls->procs[p].outline = add_row(ls, t, parent, nsidx, p);
	}
	free(chain);
}

static void lsns_free(struct lsns *ls)
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
	free(ls->users);
}

/* ---- options ------------------------------------------------------------ */

static void add_column(struct lsns *ls, size_t col)
{
	if (ls->ncols == sizeof ls->cols / sizeof *ls->cols)
		die(1, 0, "too many columns specified, the limit is %zu columns",
		    sizeof ls->cols / sizeof *ls->cols - 1);
	ls->cols[ls->ncols++] = col;
}


/* -t NAME, or (beyond util-linux) a comma list; an empty or unknown
 * name is an error that quotes the whole argument, as util-linux does. */
static void want_types(struct lsns *ls, const char *list)
{
	char *copy = xstrdup(list);
	size_t len = strlen(list);

	for (size_t start = 0; start <= len;) {
		size_t end = start + strcspn(list + start, ",");
		copy[end] = '\0';
		const struct ns_type *type = ns_type_by_name(copy + start);
		if (!type || type->for_children)
			die(1, 0, "unknown namespace type: %s", list);
		ls->wanted[ns_type_index(type)] = true;
		start = end + 1;
	}
	free(copy);
}

int lsns_main(int argc, char **argv)
{
	enum { OPT_OUTPUT_ALL = 256 };
	static const struct opt_long longopts[] = {
		{ "json", OPT_NOARG, 'J' }, { "task", OPT_REQUIRED, 'p' }, { "help", OPT_NOARG, 'h' },
		{ "output", OPT_REQUIRED, 'o' }, { "output-all", OPT_NOARG, OPT_OUTPUT_ALL },
		{ "persistent", OPT_NOARG, 'P' }, { "filter", OPT_REQUIRED, 'Q' },
		{ "notruncate", OPT_NOARG, 'u' }, { "version", OPT_NOARG, 'V' },
		{ "noheadings", OPT_NOARG, 'n' }, { "nowrap", OPT_NOARG, 'W' },
		{ "list", OPT_NOARG, 'l' }, { "raw", OPT_NOARG, 'r' }, { "type", OPT_REQUIRED, 't' },
		{ "tree", OPT_OPTIONAL, 'T' }, { "list-columns", OPT_NOARG, 'H' }, { NULL, 0, 0 },
	};
	struct lsns ls = { .netlink = -1, .procs_sorted = true };
	struct opt_state st;
	const char *output = NULL;
	bool types_given = false, list_columns = false, output_all = false;
	int c;

	opt_init(&st, argc, argv, "JlPp:o:nruhVt:T::WQ:H", longopts);
	while ((c = opt_next(&st)) != -1) {
		switch (c) {
		case 'J': ls.json = true; break;
		case 'l': ls.list = true; break;
		case 'o': output = st.arg; break;
		case OPT_OUTPUT_ALL: output_all = true; break;
		case 'P': ls.persist = true; break;
		case 'p':
			if (parse_pid(st.arg, &ls.task) < 0)
				die(1, 0, "invalid PID argument: '%s'", st.arg);
			break;
		case 'n': ls.noheadings = true; break;
		case 'r': ls.raw = ls.nowrap = true; break;
		case 'u': ls.notrunc = true; break;
		case 't':
			want_types(&ls, st.arg);
			types_given = true;
			break;
		case 'W': ls.nowrap = true; break;
		case 'T': {
			const char *rel = st.arg && st.arg[0] == '=' ? st.arg + 1 : st.arg;
			ls.tree = TREE_OWNER;
			if (rel && !strcmp(rel, "parent"))
				ls.tree = TREE_PARENT;
			else if (rel && !strcmp(rel, "process"))
				ls.tree = TREE_PROCESS;
			else if (rel && strcmp(rel, "owner"))
				die(1, 0, "unknown tree type: %s", rel);
			break;
		}
		case 'Q':	/* the last one counts, as util-linux */
			filter_free(ls.filter);
			ls.filter = filter_parse(st.arg);
			break;
		case 'H': list_columns = true; break;
		case 'h': applet_help();
		case 'V': applet_version();
		}
	}
	if (ls.json && ls.raw)
		die(1, 0, "options --json and --raw cannot be combined");
	if (ls.persist && ls.task)
		die(1, 0, "options --persistent and --task cannot be combined");
	if (list_columns) {
		filter_free(ls.filter);
		int rc = columns_print(columns, NCOLUMNS, ls.json ? TABLE_JSON : ls.raw ? TABLE_RAW : TABLE_ALIGNED,
				       ls.noheadings, stdout);
		if (rc < 0)
			die_write_error(-rc);
		return 0;
	}
	for (int rank = 0; rank < NS_TYPES_MAIN; rank++) {
		int type = ns_type_index(ns_type_at(NS_ORDER_LSNS, rank));
		if (!types_given)
			ls.wanted[type] = true;
		if (ls.wanted[type])
			ls.wanted_list[ls.nwanted++] = type;
	}
	if (st.ind < argc) {
		if (ls.task)
			die(1, 0, "--task is mutually exclusive with <namespace>");
		if (parse_u64(argv[st.ind], 0, UINT64_MAX, &ls.ns_arg) < 0)
			die(1, 0, "invalid namespace argument: '%s'", argv[st.ind]);
		ls.ns_arg_set = true;
		if (!ls.tree && !ls.list)
			ls.tree = TREE_PROCESS;
		if (!output_all) {
			add_column(&ls, C_PID);
			add_column(&ls, C_PPID);
			add_column(&ls, C_USER);
			add_column(&ls, C_COMMAND);
		}
	}
	if (output_all)
		for (size_t i = 0; i < NCOLUMNS; i++)
			add_column(&ls, i);
	if (!ls.ncols) {
		add_column(&ls, C_NS);
		add_column(&ls, C_TYPE);
		add_column(&ls, C_NPROCS);
		add_column(&ls, C_PID);
		add_column(&ls, C_USER);
		if (types_given && ls.wanted[NS_NET]) {
			add_column(&ls, C_NETNSID);
			add_column(&ls, C_NSFS);
		}
		add_column(&ls, C_COMMAND);
		if (!ls.tree && !ls.list)
			ls.tree = TREE_PROCESS;
	}
	if (output) {	/* +LIST adds to the defaults */
		if (output[0] != '+')
			ls.ncols = 0;
		columns_parse(columns, NCOLUMNS, output + (output[0] == '+'), ls.cols, &ls.ncols,
			      sizeof ls.cols / sizeof *ls.cols, 1);
	}

	/* trees and PNS/ONS need the kernel's relations: no flat list or
	 * zeros that look true (util-linux's status for an unsupported ioctl) */
	bool tree_by_ns = ls.tree == TREE_OWNER || ls.tree == TREE_PARENT;
	if (tree_by_ns || column_needed(&ls, C_PNS) || column_needed(&ls, C_ONS)) {
		const char *why = ns_relations_missing();
		if (why && tree_by_ns)
			die(2, 0, "cannot build the %s tree: %s", ls.tree == TREE_OWNER ? "owner" : "parent", why);
		if (why)
			die(2, 0, "cannot show PNS or ONS: %s", why);
	}

	/* discovery: processes (and their fds), bind mounts, sockets, walks.
	 * With -p no namespace without processes can be shown; with a
	 * namespace argument they matter only when no process has it. */
	struct proc_iter it;
	int *sockets = NULL;
	size_t nsockets = 0;
	pid_t pid;
	bool procless = !ls.task && !ls.ns_arg_set;
	if (proc_iter_open(&it) < 0)
		die(1, errno, "cannot open /proc");
	while ((pid = proc_iter_next(&it)))
		scan_process(&ls, pid, &sockets, &nsockets, procless);
	proc_iter_close(&it);
	scan_mounts(&ls);
	if (!procless && ls.ns_arg_set && !is_known(&ls, ls.ns_arg)) {
		for (size_t i = 0; i < ls.nprocs; i++)
			scan_process_fds(&ls, ls.procs[i].pid, &sockets, &nsockets);
		procless = true;
	}
	if (procless) {
		scan_sockets(&ls, sockets, nsockets);
		scan_mount_namespaces(&ls);
		scan_listns(&ls);
	}
	free(sockets);
	if (column_needed(&ls, C_NETNSID))
		ls.netlink = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0 /* NETLINK_ROUTE */);

	/* output */
	struct column cols[NCOLUMNS * 2];
	const struct column *colp[NCOLUMNS * 2];
	for (size_t i = 0; i < ls.ncols; i++) {
		cols[i] = columns[ls.cols[i]];
		if (ls.notrunc)
			cols[i].flags &= ~(unsigned)COL_TRUNC;
		if (ls.nowrap)
			cols[i].flags &= ~(unsigned)COL_WRAPNL;
		if ((ls.tree == TREE_PROCESS && ls.cols[i] == C_COMMAND) ||
		    ((ls.tree == TREE_OWNER || ls.tree == TREE_PARENT) && ls.cols[i] == C_NS))
			cols[i].flags |= COL_TREE;
		colp[i] = &cols[i];
	}
	struct table t;
	table_init(&t, colp, ls.ncols, ls.json ? TABLE_JSON : ls.raw ? TABLE_RAW : TABLE_ALIGNED,
		   "namespaces");
	t.noheadings = ls.noheadings;
	struct winsize ws;
	if (!ls.json && !ls.raw && isatty(STDOUT_FILENO)) {
		uint64_t cols_env;
		t.termwidth = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col ? ws.ws_col : 80;
		if (getenv("COLUMNS") && parse_u64(getenv("COLUMNS"), 1, 100000, &cols_env) == 0)
			t.termwidth = (size_t)cols_env;
	}
	if (ls.ns_arg_set) {
		int idx = index_get(&ls.by_ino, ls.ns_arg);
		if (idx < 0)
			die(1, 0, "not found namespace: %llu", (unsigned long long)ls.ns_arg);
		for (size_t p = 0; p < ls.nprocs; p++)
			if (ls.procs[p].outline < 0 && proc_in_ns(&ls, (int)p, ls.nss[idx].type, ls.nss[idx].ino))
				show_process(&ls, &t, (int)p, idx);
	} else {
		for (int i = 0; ls.task && i < NS_TYPES_ALL; i++) {
			char path[48];
			fmt_snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)ls.task, ns_types[i].name);
			if (ns_types[i].for_children || ns_link_ino(AT_FDCWD, path, &ls.task_ns[i]) < 0)
				ls.task_ns[i] = 0;
		}
		/* ghosts join before sorting, as util-linux connects them first */
		if (ls.tree == TREE_OWNER || ls.tree == TREE_PARENT)
			for (size_t i = 0; i < ls.nns; i++)
				relate(&ls, (int)i, true, 0);
		int *order = xmalloc((ls.nns ? ls.nns : 1) * sizeof *order);
		for (size_t i = 0; i < ls.nns; i++)
			order[i] = (int)i;
		qsort_r(order, ls.nns, sizeof *order, by_inode, &ls);
		for (size_t i = 0; i < ls.nns; i++) {
			int idx = order[i];
			if ((ls.task && !has_task(&ls, idx)) || (ls.persist && ls.nss[idx].nprocs))
				continue;
			if (ls.nss[idx].outline < 0)
				show_namespace(&ls, &t, idx, 0);
		}
		free(order);
	}
	int rc = table_print(&t, stdout);
	if (rc < 0)
		die_write_error(-rc);
	lsns_free(&ls);
	return 0;
}
