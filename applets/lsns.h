/* SPDX-License-Identifier: 0BSD */
/* What lsns's discovery finds (namespaces, processes, mounts, holders)
 * and the calls between its parts, which run one way: lsns.c (options)
 * -> lsns_tree.c (order, trees) -> lsns_rows.c (cells) -> lsns_holder.c
 * (HOLDER) -> lsns_relate.c (parent, owner) -> lsns_scan.c (discovery).
 * nsid uses the scan and HOLDER too; lsns_rows.h adds lsns's own columns
 * and rows. */
#ifndef NSBOX_LSNS_H
#define NSBOX_LSNS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ns.h"
#include "table.h"

/* -o takes at most this many: util-linux's limit, whatever columns we add */
#define LSNS_MAX_COLUMNS 28

enum { TREE_NONE, TREE_PROCESS, TREE_OWNER, TREE_PARENT };
enum { REL_PARENT, REL_OWNER };

struct lsns_proc {
	pid_t pid, ppid;
	uid_t uid;
	bool loaded;		/* ppid, uid and parent read (only for rows shown) */
	uint64_t net_ino;	/* its network namespace, 0 when not read */
	int parent;		/* index of the parent process, -1 when not seen */
	int outline;		/* the last row shown for this process, -1 */
};

struct lsns_ns {
	uint64_t ino;
	int type;		/* index into ns_types[] */
	int nprocs;
	int proc;		/* the process with the lowest pid, -1 for none */
	int fd;			/* kept open: only one with no other way back, else -1 */
	int via;		/* VIA_*: how ns_fd() opens one no process is in */
	int via_ref;		/* VIA_FD, VIA_CHILDREN: the pid; VIA_MOUNT: the mount;
				   VIA_RELATION: the namespace it is related to */
	int via_arg;		/* VIA_FD: the fd number; VIA_RELATION: REL_* */
	bool related_read, uid_read;
	uint8_t relied;		/* bit REL_*: a namespace found has it as parent/owner */
	uint64_t related_ino[2];
	int related[2];		/* namespace indexes, -1 */
	uid_t uid_fallback;	/* NS_GET_OWNER_UID, for rows without a process */
	int outline;		/* its row in owner/parent trees, -1 */
	unsigned found;		/* FOUND_*: how discovery met it */
	int holders, mounts;	/* its first holder and nsfs mount (indexes), -1 */
};

/* How a namespace was found: what HOLDER says of one no process is in. */
enum {
	FOUND_FD = 1, FOUND_SOCKET = 2, FOUND_MOUNT = 4, FOUND_MNT_WALK = 8, FOUND_LISTNS = 16,
	FOUND_RELATION = 32, FOUND_CHILDREN = 64,
};

/* The way back to a namespace no process is in: lsns keeps no fd for it
 * (one per namespace would run into the open-file limit), it reopens it
 * when a column needs the kernel, through the checked opener. */
enum { VIA_NONE, VIA_FD, VIA_CHILDREN, VIA_MOUNT, VIA_RELATION };

/* A process's reference that keeps a namespace alive besides being in it. */
enum { HOLD_FD, HOLD_SOCKET, HOLD_CHILDREN };
struct holder {
	uint64_t ino;		/* the namespace */
	pid_t pid;
	int fd;
	int kind;
	int next;		/* the namespace's next holder, -1 */
};

/* The index from an inode or a pid to an array slot: open addressing. */
struct index {
	uint64_t *keys;
	int *values;
	size_t cap;
};

/* An nsfs mount (a bind-mounted namespace), stacked duplicates collapsed.
 * Kept only when a column shows mounts (HOLDER, NSFS), or as the way back
 * to a namespace found by it. */
struct nsfs_mount {
	uint64_t ino;
	char *target;		/* the mount point, in its mount namespace */
	uint64_t mntns;		/* that mount namespace */
	int next;		/* the namespace's next mount, -1 */
};

/* A mount namespace to read the nsfs mounts of, through a process in it. */
struct mntns_visit {
	uint64_t ino;
	pid_t pid;
};

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
	size_t cols[LSNS_MAX_COLUMNS];
	size_t ncols;
	struct filter *filter;
	bool want_holder, want_nsfs;	/* columns that need holders' mount targets */
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
	uint64_t own_mntns;		/* ours: NSFS lists only its mounts */
	pid_t self;			/* our pid as /proc names it */
	struct mntns_visit *mntns;
	size_t nmntns;
	struct index by_mntns;
	struct holder *holders;
	size_t nholders;
	int netlink;
	dev_t nsfs_dev;
	size_t nkept, keep_max;		/* fds kept (lsns_ns.fd), and the most it may */
	bool limit_said, relied_read;
	struct { uid_t uid; char name[64]; } *users;
	size_t nusers;
	struct containers *containers;	/* CNAME: the runtimes' state, once */
	uint64_t *container_ns;		/* --container: its processes' namespaces */
	size_t ncontainer_ns;
};

/* lsns_scan.c: discovery, and the index from an inode to a namespace */
int index_get(const struct index *ix, uint64_t key);
void index_put(struct index *ix, uint64_t key, int value, size_t count);
int ns_add(struct lsns *ls, uint64_t ino, int type);
bool is_known(struct lsns *ls, uint64_t ino);
int proc_find(const struct lsns *ls, pid_t pid);
bool proc_in_ns(const struct lsns *ls, int idx, int type, uint64_t ino);
struct lsns_proc *proc_load(struct lsns *ls, int idx);
/* An fd on namespace idx: the kept one (*owned false), or one opened for
 * the caller to close (*owned true); negative when it cannot be had. */
int ns_fd(struct lsns *ls, int idx, bool *owned);
/* An ioctl on namespace idx, through ns_fd(): its result, or -1. */
int ns_ioctl(struct lsns *ls, int idx, unsigned long request, void *arg);
/* NS_GET_OWNER_UID of a user namespace no process is in, read once. */
uid_t ns_owner_uid(struct lsns *ls, int idx);
/* fd (or -1 with errno, or -errno) as is; EMFILE/ENFILE also warns, once,
 * that rows may be missing or incomplete. */
int lsns_fd_or_limit(struct lsns *ls, int fd);
void lsns_discover(struct lsns *ls);
/* *ls made and discovered: every namespace of the type flag names (0:
 * every type), as lsns lists them (nsid's HOLDER, :ID). lsns_free ends it. */
void lsns_scan_all(struct lsns *ls, int flag, bool want_holder);
/* Open what ":ID" (a 64-bit namespace id, NS_GET_ID, 6.18+: the first
 * namespace lsns would list with it, of the type flag names, 0: any) or
 * ":HANDLE" names. The fd, or a negative errno after printing why. */
int lsns_open_id(const char *arg, int flag);

/* lsns_relate.c: parent and owner inodes of namespace idx; with link,
 * the namespaces themselves, adding the ones no scan found */
void relate(struct lsns *ls, int idx, bool link, int depth);
/* lsns_tree.c: the rows, in the order and trees they are shown in */
void lsns_show(struct lsns *ls, struct table *t);

/* lsns_holder.c: HOLDER of namespace idx, a COL_LIST cell (list_add's
 * items; a heap string, NULL when nothing is known) */
char *lsns_holders(struct lsns *ls, int idx);

/* lsns_scan.c: the end of a scan (nsid scans too, for HOLDER) */
void lsns_free(struct lsns *ls);

#endif
