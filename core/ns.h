/* SPDX-License-Identifier: 0BSD */
/* The namespace table and the kernel's namespace interfaces (nsfs ioctls,
 * pidfds, setns, nsfs file handles). Helpers return 0 / an fd / a value, or
 * a negative errno; "this kernel does not have it" (ENOTTY, ENOSYS) is
 * always reported as -EOPNOTSUPP so callers can fall back. */
#ifndef NSBOX_NS_H
#define NSBOX_NS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "kernel.h"

/* The one namespace table: every fact about a type that any applet needs.
 * Every order and every loop over types is derived from it, so a type the
 * kernel adds is one row here. Indexes, in the kernel's (alphabetical)
 * order of the /proc/PID/ns entries: */
enum ns_index {
	NS_CGROUP, NS_IPC, NS_MNT, NS_NET, NS_PID, NS_PID_FOR_CHILDREN,
	NS_TIME, NS_TIME_FOR_CHILDREN, NS_USER, NS_UTS,
	NS_TYPES_ALL
};
#define NS_TYPES_MAIN 8		/* entries that are not *_for_children */

struct ns_type {
	const char *name;	/* name in /proc/PID/ns: "net", "pid_for_children" */
	int flag;		/* CLONE_NEW* */
	bool for_children;	/* the *_for_children entries */
	int8_t children;	/* a pid or time type's *_for_children entry, or -1 */
	char letter;		/* unshare's and nsenter's short option, 0 for none */
	const char *option;	/* their long option: "mount", "uts", ... */
	/* nsenter joins in enter_rank order: user first (its privileges
	 * serve the rest), mnt late (it changes how later paths resolve);
	 * lsns lists (and util-linux reads) in lsns_rank order */
	uint8_t enter_rank, lsns_rank;
	const char *since;	/* the Linux release that has it, for messages */
};

extern const struct ns_type ns_types[NS_TYPES_ALL];

/* The main type at a rank of an order (0 .. NS_TYPES_MAIN-1). */
enum ns_order { NS_ORDER_ENTER, NS_ORDER_LSNS };
const struct ns_type *ns_type_at(enum ns_order order, int rank);

/* Lookups; NULL when there is no such type. by_name knows all ten names
 * (callers that take only the eight check for_children); by_flag and
 * by_letter return a main entry. */
const struct ns_type *ns_type_by_name(const char *name);
const struct ns_type *ns_type_by_flag(int flag);
const struct ns_type *ns_type_by_letter(int letter);
/* "a" or "an" before the type's name in a message ("an ipc namespace"). */
const char *ns_type_article(const struct ns_type *type);
/* Index of an entry within ns_types[]. */
int ns_type_index(const struct ns_type *type);

#define NS_EUNSUPPORTED EOPNOTSUPP
/* strerror, except -NS_EUNSUPPORTED reads "not supported by this kernel". */
const char *ns_strerror(int err);

/* "/proc/PID/ns/NAME" (pid 0: "/proc/self/ns/NAME") into buf, which holds
 * NS_PATH_SIZE bytes; returns buf. The one place such paths are built. */
#define NS_PATH_SIZE 48
char *ns_path(char *buf, pid_t pid, const struct ns_type *type);

/* Inode of a namespace link, e.g. ("/proc/PID/ns" dirfd, "net") or
 * ("/proc/PID" dirfd, "ns/net"), read with readlinkat, the cheapest call.
 * 0 or -errno. */
int ns_link_ino(int nsdirfd, const char *name, uint64_t *ino);
/* Parse "net:[4026531833]"-style link text. 0 or -EINVAL. */
int ns_parse_link(const char *text, const char *name, uint64_t *ino);

/* The file an entry of /proc/PID/fd (or any name under dirfd) refers to:
 * its type (S_IFMT bits), inode and device, from cached attributes (statx
 * with AT_STATX_DONT_SYNC, else fstatat): a file on a stalled FUSE or NFS
 * server held by another process does not block us. name "": dirfd
 * itself. 0 or -errno. */
int stat_cached(int dirfd, const char *name, mode_t *mode, uint64_t *ino, dev_t *dev);
/* The device of nsfs (st_dev of every namespace file), 0 if unknown. */
dev_t nsfs_dev(void);
/* The one opener of what other users control (an entry of /proc/PID/fd,
 * a path in a process's root): the nsfs file of namespace ino, or nothing.
 * PATH is opened O_PATH (relative to dirfd, or with in_root inside the
 * root directory dirfd, no magic links, no final symlink: openat2 5.6+):
 * no FIFO, device, automount or FUSE server acts on that open or on its
 * close; its cached attributes (stat_cached) must be nsfs's and ino; only
 * then is it reopened for reading through /proc/self/fd. fd or -errno
 * (-ENOENT: something else). */
int ns_open_checked(int dirfd, const char *path, uint64_t ino, bool in_root);

/* An open file's namespace identity by fstat: 0, -EINVAL when the file is
 * not an nsfs file, or -errno. */
int ns_fd_ino(int fd, uint64_t *ino, dev_t *dev);

/* nsfs ioctls. */
int ns_get_userns(int fd);			/* fd of the owning user namespace */
int ns_get_parent(int fd);			/* fd of the parent (user, pid) */
int ns_get_type(int fd);			/* CLONE_NEW* flag */
int ns_get_owner_uid(int fd, uid_t *uid);	/* on a user namespace */
int ns_get_id(int fd, uint64_t *id);		/* 64-bit id, 6.18+ */

/* nsfs file handles (6.18+). */
int ns_get_handle(int fd, struct nsfs_file_handle *handle);
int ns_open_handle(const struct nsfs_file_handle *handle);

/* Open the namespace that ":HANDLE" names, the 32 hex digits of an nsfs
 * file handle (nsid's HANDLE column): the fd, or a negative errno after
 * printing why. *is_handle false (and -EINVAL, nothing printed): arg is no
 * handle (":ID" is looked for among what lsns lists: lsns_open_id). */
int ns_open_handle_arg(const char *arg, bool *is_handle);

/* Why the ioctls that relate namespaces (NS_GET_USERNS, NS_GET_PARENT)
 * cannot be used here, or NULL when they can: asked of the kernel, not
 * read off its version. */
const char *ns_relations_missing(void);

/* A pidfd (close-on-exec), or -NS_EUNSUPPORTED before 5.3. */
int pidfd_open_pid(pid_t pid);
/* A pidfd's pidfs inode, which no other process ever has (6.9+): 0,
 * -NS_EUNSUPPORTED where every pidfd shares one anonymous inode, or
 * -errno. What PID:INODE (nsenter -t, nsid's PIDINO) names. */
int pidfd_ino(int pidfd, uint64_t *ino);

/* NETNSID: the id that our network namespace gives the one of nsfd
 * (RTM_GETNSID over a NETLINK_ROUTE socket); *known false when it did not
 * answer. -1 is "unassigned". */
int ns_netnsid(int netlink, int nsfd, bool *known);

/* Write a user namespace's id maps in util-linux's order: uid_map, then
 * setgroups ("deny"/"allow"), then gid_map (an unprivileged gid_map needs
 * setgroups denied first). procdir is "/proc/self" or "/proc/PID"; NULL
 * items are skipped; a kernel without setgroups (ENOENT) is fine. Returns 0
 * or -errno, with *failed set to the file that could not be written. */
int userns_write_maps(const char *procdir, const char *uid_map, const char *setgroups,
		      const char *gid_map, char *failed, size_t failed_size);

/* Does the kernel have this type? Our own process has every type the
 * kernel has (time: 5.6+, and not on 32-bit arm, whose vDSO lacks it). */
bool ns_kernel_has(const struct ns_type *type);

/* The one message for a namespace file that cannot be opened or read:
 * "cannot open PATH: strerror"; for EACCES/EPERM "permission denied on
 * PATH; HINT"; for a /proc path when /proc is not mounted, that. */
void ns_msg_open_failed(const char *path, int err);
/* Why a target's namespaces were refused, for the caller we are: an
 * ordinary user is asked whether it is root or in the target's user
 * namespace; root is told what can refuse root. */
const char *ns_denied_hint(void);

#endif
