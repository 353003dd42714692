/* SPDX-License-Identifier: 0BSD */
/* nsid: print, compare and trace namespace identities. */
#include "applets.h"
#include "help.h"
#include "container.h"
#include "filter.h"
#include "fmt.h"
#include "lsns.h"
#include "ns.h"
#include "opt.h"
#include "proc.h"
#include "table.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

enum { C_TYPE, C_NS, C_ID, C_DEV, C_PATH, C_PID, C_PIDINO, C_USERNS, C_OWNER, C_PARENT, C_LEVEL,
       C_HANDLE, C_HOLDER, C_CONTAINER, C_CNAME, NCOLUMNS };

static const struct column columns[NCOLUMNS] = {
	[C_TYPE] = { "TYPE", 0, 0, "namespace type" },
	[C_NS] = { "NS", COL_RIGHT | COL_NUMBER, 10, "namespace identifier (inode number)" },
	[C_ID] = { "ID", COL_RIGHT | COL_NUMBER, 0, "64-bit namespace id, never reused (Linux 6.18+)" },
	[C_DEV] = { "DEV", 0, 0, "nsfs device (MAJ:MIN)" },
	[C_PATH] = { "PATH", 0, 0, "file the namespace was read from" },
	[C_PID] = { "PID", COL_RIGHT | COL_NUMBER, 0, "target process" },
	[C_PIDINO] = { "PIDINO", 0, 0, "PID:INODE, the nsenter -t that names only this process (6.9+)" },
	[C_USERNS] = { "USERNS", COL_RIGHT | COL_NUMBER, 0, "inode of the owning user namespace" },
	[C_OWNER] = { "OWNER", COL_RIGHT | COL_NUMBER, 0, "uid owning the (owning) user namespace" },
	[C_PARENT] = { "PARENT", COL_RIGHT | COL_NUMBER, 0, "parent namespace inode (user and pid)" },
	[C_LEVEL] = { "LEVEL", COL_RIGHT | COL_NUMBER, 0, "nesting depth of user and pid (0 = initial)" },
	[C_HANDLE] = { "HANDLE", 0, 0, "nsfs file handle in hex, reusable as :HANDLE (6.18+)" },
	[C_HOLDER] = { "HOLDER", COL_LIST, 0, "what keeps the namespace alive (scans every process)" },
	[C_CONTAINER] = { "CONTAINER", 0, 0, "container of the target process (docker:ID, containerd:, cri-o:, podman:, k8s-pod:, lxc:, nspawn:)" },
	[C_CNAME] = { "CNAME", 0, 0, "its name from the runtime's state: RUNTIME:NAME (docker:web1, k8s:NS/POD/CTR)" },
};

static const size_t long_columns[] = { C_TYPE, C_NS, C_ID, C_LEVEL, C_OWNER, C_USERNS, C_PARENT };
static const size_t json_columns[] = { C_TYPE, C_NS, C_PATH };

struct nsid_opts {
	bool wanted[NS_TYPES_ALL];	/* by ns_types[] index */
	int ntypes;			/* how many -t named; 0: the default set */
	size_t cols[NCOLUMNS * 4];
	size_t ncols;
	int mode;
	bool table, noheadings, same, quiet, chain;
	struct filter *filter;		/* -Q */
	struct lsns *scan;		/* HOLDER: lsns's discovery, once */
	struct containers *containers;	/* CNAME: the runtimes' state, once */
};

/* A namespace to report: one type of a PID target, or a FILE/:ID target. */
struct nsref {
	const struct ns_type *type;
	uint64_t ino;
	pid_t pid;		/* PID targets only */
	int nsdir;		/* PID targets: /proc/PID/ns (borrowed) */
	int fd;			/* open nsfs file, or -1 until needed */
	char path[PATH_MAX];
};

/* What the ioctls tell of one namespace; has_* false where the kernel or
 * permissions do not say. */
struct nsinfo {
	bool has_id, has_userns, has_owner, has_parent, has_handle;
	uint64_t id, userns, parent;
	uid_t owner;
	int level;		/* -1: not a hierarchical type, or unknown */
	dev_t dev;
	struct nsfs_file_handle handle;
};

static void parse_types(struct nsid_opts *o, const char *list)
{
	char *copy = xstrdup(list), *save = NULL;

	for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		const struct ns_type *type = ns_type_by_name(name);
		if (!type)
			die(exit_failure, 0, "unknown namespace type: %s", name);
		if (!o->wanted[ns_type_index(type)])
			o->ntypes++;
		o->wanted[ns_type_index(type)] = true;
	}
	free(copy);
	if (!o->ntypes)
		die(exit_failure, 0, "no namespace type in '%s'", list);
}


static void use_columns(struct nsid_opts *o, const size_t *cols, size_t n)
{
	memcpy(o->cols, cols, n * sizeof *cols);
	o->ncols = n;
}

/* Open the namespace file behind a ref (PID targets open lazily). */
static int nsref_fd(struct nsref *r)
{
	if (r->fd < 0) {
		r->fd = openat(r->nsdir, r->type->name, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0)
			return -errno;
	}
	return r->fd;
}

static void nsref_close(struct nsref *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

static bool is_initial(int flag, uint64_t ino)
{
	return (flag == CLONE_NEWUSER && ino == INIT_USER_NS_INO) ||
	       (flag == CLONE_NEWPID && ino == INIT_PID_NS_INO);
}

static uint64_t fd_ino(int fd)
{
	uint64_t ino = 0;
	ns_fd_ino(fd, &ino, NULL);
	return ino;
}

/* Depth of a user or pid namespace: parents up to the initial one. -1 when
 * permission ends below the initial namespace or the kernel lacks
 * NS_GET_PARENT. */
static int ns_level(int fd, int flag, uint64_t ino)
{
	int level = 0, cur = fd, parent;

	if (flag != CLONE_NEWUSER && flag != CLONE_NEWPID)
		return -1;
	while ((parent = ns_get_parent(cur)) >= 0) {
		if (cur != fd)
			close(cur);
		cur = parent;
		level++;
		ino = fd_ino(cur);
	}
	if (cur != fd)
		close(cur);
	return parent == -EPERM && is_initial(flag, ino) ? level : -1;
}

/* The uid owning a namespace's user namespace (a user namespace's own). */
static bool owner_uid(int fd, const struct ns_type *type, uid_t *uid)
{
	if (type->flag == CLONE_NEWUSER)
		return ns_get_owner_uid(fd, uid) == 0;
	int userns = ns_get_userns(fd);
	if (userns < 0)
		return false;
	bool known = ns_get_owner_uid(userns, uid) == 0;
	close(userns);
	return known;
}

static void nsinfo_read(int fd, const struct ns_type *type, uint64_t ino, struct nsinfo *in)
{
	struct stat st;
	int userns, parent;

	*in = (struct nsinfo){ .level = -1 };
	if (fstat(fd, &st) == 0)
		in->dev = st.st_dev;
	in->has_id = ns_get_id(fd, &in->id) == 0;
	in->has_handle = ns_get_handle(fd, &in->handle) == 0;
	userns = ns_get_userns(fd);
	if (userns >= 0) {
		in->has_userns = true;
		in->userns = fd_ino(userns);
		close(userns);
	}
	in->has_owner = owner_uid(fd, type, &in->owner);
	if (type->flag == CLONE_NEWUSER || type->flag == CLONE_NEWPID) {
		parent = ns_get_parent(fd);
		if (parent >= 0) {
			in->has_parent = true;
			in->parent = fd_ino(parent);
			close(parent);
		}
		in->level = ns_level(fd, type->flag, ino);
	}
}

static void handle_hex(const struct nsfs_file_handle *handle, char *buf)
{
	const unsigned char *bytes = (const unsigned char *)handle;
	for (size_t i = 0; i < sizeof *handle; i++)
		fmt_snprintf(buf + 2 * i, 3, "%02x", bytes[i]);
}

static bool column_needed(const struct nsid_opts *o, size_t col)
{
	for (size_t i = 0; i < o->ncols; i++)
		if (o->cols[i] == col)
			return true;
	return filter_uses(o->filter, col);
}

static bool needs_ioctls(const struct nsid_opts *o)
{
	for (size_t c = 0; c < NCOLUMNS; c++)
		if (c != C_TYPE && c != C_NS && c != C_PATH && c != C_PID && c != C_PIDINO && column_needed(o, c))
			return true;
	return false;
}

/* PID:INODE of a PID target into buf: its pidfd's pidfs inode, taken
 * while its /proc/PID/ns (nsdir) shows it is still there, so that of no
 * later process with its pid; nothing before pidfs (6.9). */
static void pidino_text(const struct nsref *r, char *buf, size_t size)
{
	uint64_t ino, user;
	int pidfd = pidfd_open_pid(r->pid);

	if (pidfd >= 0 && pidfd_ino(pidfd, &ino) == 0 && ns_link_ino(r->nsdir, "user", &user) == 0)
		fmt_snprintf(buf, size, "%d:%llu", (int)r->pid, (unsigned long long)ino);
	if (pidfd >= 0)
		close(pidfd);
}

/* The text of one column (NULL: empty) into buf. */
static const char *column_text(size_t col, const struct nsref *r, const struct nsinfo *in, char *buf,
			       size_t size)
{
	buf[0] = '\0';
	switch (col) {
	case C_TYPE: return r->type->name;
	case C_NS: fmt_snprintf(buf, size, "%llu", (unsigned long long)r->ino); break;
	case C_ID:
		if (in->has_id)
			fmt_snprintf(buf, size, "%llu", (unsigned long long)in->id);
		break;
	case C_DEV: fmt_snprintf(buf, size, "%u:%u", major(in->dev), minor(in->dev)); break;
	case C_PATH: return r->path;
	case C_PID:
		if (r->pid)
			fmt_snprintf(buf, size, "%d", (int)r->pid);
		break;
	case C_PIDINO:
		if (r->pid)
			pidino_text(r, buf, size);
		break;
	case C_USERNS:
		if (in->has_userns)
			fmt_snprintf(buf, size, "%llu", (unsigned long long)in->userns);
		break;
	case C_OWNER:
		if (in->has_owner)
			fmt_snprintf(buf, size, "%u", (unsigned)in->owner);
		break;
	case C_PARENT:
		if (in->has_parent)
			fmt_snprintf(buf, size, "%llu", (unsigned long long)in->parent);
		break;
	case C_LEVEL:
		if (in->level >= 0)
			fmt_snprintf(buf, size, "%d", in->level);
		break;
	case C_HANDLE:
		if (in->has_handle)
			handle_hex(&in->handle, buf);
		break;
	}
	return buf[0] ? buf : NULL;
}

/* A row for r, unless -Q drops it. 0, or -1 when the namespace cannot be
 * read (said). */
static int add_row(struct table *t, struct nsid_opts *o, struct nsref *r)
{
	struct nsinfo in = { .level = -1 };
	char *vals[NCOLUMNS] = { 0 }, buf[2 * sizeof in.handle + 1];

	if (needs_ioctls(o)) {
		int fd = nsref_fd(r);
		if (fd < 0) {
			ns_msg_open_failed(r->path, fd);
			return -1;
		}
		nsinfo_read(fd, r->type, r->ino, &in);
	}
	for (size_t c = 0; c < NCOLUMNS; c++) {
		const char *text = column_needed(o, c) && c < C_HOLDER ?
				   column_text(c, r, &in, buf, sizeof buf) : NULL;
		vals[c] = text ? xstrdup(text) : NULL;
	}
	if (r->pid && column_needed(o, C_CONTAINER))
		vals[C_CONTAINER] = proc_container(r->pid);
	if (r->pid && o->containers)
		vals[C_CNAME] = containers_name(o->containers, r->pid);
	if (o->scan) {
		int idx = index_get(&o->scan->by_ino, r->ino);
		vals[C_HOLDER] = idx >= 0 ? lsns_holders(o->scan, idx) : NULL;
	}
	if (!o->filter || filter_match(o->filter, vals)) {
		int row = table_add_row(t, -1);
		for (size_t i = 0; i < o->ncols; i++)
			table_set(t, row, i, vals[o->cols[i]]);
	}
	for (size_t c = 0; c < NCOLUMNS; c++)
		free(vals[c]);
	return 0;
}

/* ---- targets ---------------------------------------------------------- */

struct target {
	const char *arg;
	pid_t pid;		/* PID target, else 0 */
	int nsdir;		/* PID target: /proc/PID/ns */
	struct nsref file;	/* FILE or :ID target: its one namespace */
};

/* Type and inode of an nsfs fd: NS_GET_NSTYPE (4.11+), else the text of
 * the /proc/self/fd link ("net:[4026531833]"), which every kernel has. */
static int fd_identity(int fd, const struct ns_type **type, uint64_t *ino)
{
	int rc = ns_fd_ino(fd, ino, NULL), flag;

	if (rc < 0)
		return rc;
	flag = ns_get_type(fd);
	if (flag >= 0) {
		*type = ns_type_by_flag(flag);
		return *type ? 0 : -EINVAL;
	}
	char link[32], text[64];
	fmt_snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, text, sizeof text - 1);
	if (n < 0)
		return -errno;
	text[n] = '\0';
	for (int i = 0; i < NS_TYPES_ALL; i++) {
		uint64_t parsed;
		if (!ns_types[i].for_children && ns_parse_link(text, ns_types[i].name, &parsed) == 0) {
			*type = &ns_types[i];
			return 0;
		}
	}
	return -EINVAL;
}

static const char *file_kind(mode_t mode)
{
	return S_ISDIR(mode) ? "a directory" : S_ISREG(mode) ? "a regular file" :
	       S_ISCHR(mode) ? "a character device" : S_ISBLK(mode) ? "a block device" :
	       S_ISFIFO(mode) ? "a fifo" : S_ISSOCK(mode) ? "a socket" : "not a namespace";
}

static int target_open(struct target *t, const char *arg, const struct nsid_opts *o)
{
	struct stat st;
	int fd, rc;

	*t = (struct target){ .arg = arg, .nsdir = -1, .file.fd = -1 };
	if (arg[0] >= '0' && arg[0] <= '9' && !strchr(arg, '/')) {
		if (parse_pid(arg, &t->pid) < 0) {
			msg(0, "invalid PID: '%s'", arg);
			return -1;
		}
		char path[64];
		fmt_snprintf(path, sizeof path, "/proc/%d/ns", (int)t->pid);
		t->nsdir = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (t->nsdir < 0) {
			if (errno != ENOENT)
				ns_msg_open_failed(path, errno);
			else {
				proc_require();
				msg(0, "%d: no such process", (int)t->pid);
			}
			return -1;
		}
		return 0;
	}
	if (arg[0] == ':') {
		/* with one type asked for, look only among that type */
		int flag = 0;
		for (int i = 0; i < NS_TYPES_ALL && o->ntypes == 1; i++)
			if (o->wanted[i])
				flag = ns_types[i].flag;
		fd = lsns_open_id(arg, flag);
		if (fd < 0)
			return -1;
	} else {
		fd = open(arg, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (fd < 0) {
			ns_msg_open_failed(arg, errno);
			return -1;
		}
	}
	t->file.fd = fd;
	fmt_snprintf(t->file.path, sizeof t->file.path, "%s", arg[0] == ':' ? "" : arg);
	rc = fd_identity(fd, &t->file.type, &t->file.ino);
	if (rc == -EINVAL) {
		const char *kind = fstat(fd, &st) == 0 ? file_kind(st.st_mode) : "unknown";
		msg(0, "%s is not a namespace file (it is %s)", arg, kind);
		return -1;
	}
	if (rc < 0) {
		msg(0, "%s: %s", arg, ns_strerror(rc));
		return -1;
	}
	if (o->ntypes && !o->wanted[ns_type_index(t->file.type)]) {
		msg(0, "%s is %s %s namespace, not of the type asked for", arg,
		    ns_type_article(t->file.type), t->file.type->name);
		return -1;
	}
	return 0;
}

/* --container: its init, through the /proc/PID fd that was checked. */
static void target_container(struct target *t, const char *ref)
{
	struct container_target ct;

	container_resolve_or_die(ref, &ct);
	*t = (struct target){ .arg = ref, .pid = ct.pid, .file.fd = -1,
			      .nsdir = openat(ct.procfd, "ns", O_PATH | O_DIRECTORY | O_CLOEXEC) };
	if (t->nsdir < 0 || !container_alive(ct.procfd))
		die(exit_failure, 0, "container %s stopped before it could be read", ct.cname);
	close(ct.procfd);
	free(ct.cname);
	free(ct.key);
}

static void target_close(struct target *t)
{
	if (t->nsdir >= 0)
		close(t->nsdir);
	nsref_close(&t->file);
}

/* The ref for type i of a PID target; -ENOENT for a *_for_children link
 * that does not exist yet. */
static int target_ref(struct target *t, int i, struct nsref *r)
{
	*r = (struct nsref){ .type = &ns_types[i], .pid = t->pid, .nsdir = t->nsdir, .fd = -1 };
	ns_path(r->path, t->pid, &ns_types[i]);
	return ns_link_ino(t->nsdir, ns_types[i].name, &r->ino);
}

/* Named types, or every type this kernel has. */
static bool type_selected(const struct nsid_opts *o, bool all, int i)
{
	if (o->ntypes)
		return o->wanted[i];
	return (all || !ns_types[i].for_children) && ns_kernel_has(&ns_types[i]);
}

/* ENOENT for a named type: say when it is the kernel that lacks it */
static void msg_open_failed(const char *path, int i, int err)
{
	if ((err == ENOENT || err == -ENOENT) && !ns_kernel_has(&ns_types[i]))
		msg(0, "cannot open %s: this kernel has no %s namespaces", path, ns_types[i].name);
	else
		ns_msg_open_failed(path, err);
}

/* ---- modes ------------------------------------------------------------ */

/* Every selected namespace of every target: as readlink text, as bare
 * inodes (one type), or as a table. */
static int show(struct target *targets, int ntargets, struct nsid_opts *o, bool all)
{
	struct table t;
	const struct column *cols[NCOLUMNS * 4];
	int status = 0;

	for (size_t i = 0; i < o->ncols; i++)
		cols[i] = &columns[o->cols[i]];
	table_init(&t, cols, o->ncols, o->mode, "namespaces");
	t.noheadings = o->noheadings;
	for (int n = 0; n < ntargets; n++) {
		struct target *tg = &targets[n];
		for (int i = 0; i < NS_TYPES_ALL; i++) {
			struct nsref ref, *r = &ref;
			if (tg->pid) {
				if (!type_selected(o, all, i))
					continue;
				int rc = target_ref(tg, i, r);
				if (rc == -ENOENT && ns_types[i].for_children)
					continue;	/* no child in the new namespace yet */
				if ((rc == -EACCES || rc == -EPERM) && o->ntypes != 1) {
					/* the whole directory is closed to us: say it once */
					char dir[40];
					fmt_snprintf(dir, sizeof dir, "/proc/%d/ns", (int)tg->pid);
					ns_msg_open_failed(dir, rc);
					status = exit_failure;
					break;
				}
				if (rc < 0) {
					msg_open_failed(r->path, i, rc);
					status = exit_failure;
					continue;
				}
			} else if (i == 0)
				r = &tg->file;
			else
				break;
			if (o->table) {
				if (add_row(&t, o, r) < 0)
					status = exit_failure;
			} else if (o->ntypes == 1)
				fmt_printf("%llu\n", (unsigned long long)r->ino);
			else
				fmt_printf("%s:[%llu]\n", r->type->name, (unsigned long long)r->ino);
			if (r != &tg->file)
				nsref_close(r);
		}
	}
	int rc = o->table ? table_print(&t) : 0;
	if (rc < 0)
		die_write_error(-rc);
	table_free(&t);
	return status;
}

/* --same: compare (st_dev, st_ino) of each selected type across targets. */
static int same(struct target *targets, int ntargets, const struct nsid_opts *o)
{
	int status = 0;

	for (int i = 0; i < NS_TYPES_ALL; i++) {
		struct stat first = { 0 }, st;
		bool differs = false, seen = false;
		struct strbuf line = STRBUF_HEAP;

		for (int n = 0; n < ntargets; n++) {
			struct target *tg = &targets[n];
			if (tg->pid ? !type_selected(o, false, i) : tg->file.type != &ns_types[i])
				continue;
			int rc = tg->pid ? fstatat(tg->nsdir, ns_types[i].name, &st, 0) : fstat(tg->file.fd, &st);
			if (rc < 0) {
				char path[NS_PATH_SIZE];
				msg_open_failed(ns_path(path, tg->pid, &ns_types[i]), i, errno);
				free(line.buf);
				return 2;
			}
			if (seen && (st.st_dev != first.st_dev || st.st_ino != first.st_ino))
				differs = true;
			if (!seen)
				first = st;
			seen = true;
			sb_printf(&line, " %llu", (unsigned long long)st.st_ino);
		}
		if (differs) {
			status = 1;
			if (!o->quiet)
				fmt_printf("%s:%s\n", ns_types[i].name, sb_str(&line));
		}
		free(line.buf);
	}
	/* FILE targets of different types cannot be the same namespace */
	for (int n = 1; n < ntargets; n++)
		if (!targets[n].pid && !targets[0].pid && targets[n].file.type != targets[0].file.type) {
			if (!o->quiet)
				fmt_printf("type: %s %s\n", targets[0].file.type->name, targets[n].file.type->name);
			status = 1;
		}
	return status;
}

/* --chain: the namespace, then its parents (user, pid) or its owning user
 * namespace and that one's parents, up to the initial namespace. */
static int chain(struct target *tg, const struct nsid_opts *o)
{
	static const struct column chain_cols[] = {
		{ "LEVEL", COL_RIGHT | COL_NUMBER, 0, NULL },
		{ "NS", 0, 0, NULL },
		{ "ID", COL_RIGHT | COL_NUMBER, 0, NULL },
		{ "OWNER", COL_RIGHT | COL_NUMBER, 0, NULL },
	};
	const struct column *cols[] = { &chain_cols[0], &chain_cols[1], &chain_cols[2], &chain_cols[3] };
	struct { int fd; const struct ns_type *type; uint64_t ino; } levels[64];
	int n = 0, next, stop_err = 0, type_index = NS_USER;
	struct nsref ref, *r = &tg->file;
	struct table t;

	if (tg->pid) {
		for (int i = 0; i < NS_TYPES_ALL; i++)
			if (o->wanted[i])
				type_index = i;
		int rc = target_ref(tg, type_index, &ref);
		r = &ref;
		if (rc >= 0)
			rc = nsref_fd(r);
		if (rc < 0) {
			ns_msg_open_failed(r->path, rc);
			return 1;
		}
	}
	levels[n].fd = r->fd;
	levels[n].type = ns_type_by_flag(r->type->flag);
	levels[n++].ino = r->ino;
	if (levels[0].type->flag != CLONE_NEWUSER && levels[0].type->flag != CLONE_NEWPID) {
		next = ns_get_userns(levels[0].fd);
		if (next >= 0) {
			levels[n].fd = next;
			levels[n].type = &ns_types[NS_USER];
			levels[n++].ino = fd_ino(next);
		} else
			stop_err = next;
	}
	while (!stop_err && n < 64) {
		next = ns_get_parent(levels[n - 1].fd);
		if (next < 0) {
			stop_err = next;
			break;
		}
		levels[n].fd = next;
		levels[n].type = levels[n - 1].type;
		levels[n++].ino = fd_ino(next);
	}
	bool complete = stop_err == -EPERM && is_initial(levels[n - 1].type->flag, levels[n - 1].ino);
	/* a net, uts... namespace lives at the level of its owner, the next row */
	bool hierarchical = levels[0].type->flag == CLONE_NEWUSER || levels[0].type->flag == CLONE_NEWPID;
	table_init(&t, cols, 4, o->mode, "chain");
	t.noheadings = o->noheadings;
	for (int i = 0; i < n; i++) {
		int row = table_add_row(&t, -1);
		uint64_t id;
		uid_t owner;
		if (complete)
			table_setf(&t, row, 0, "%d", n - 1 - (i || hierarchical ? i : 1));
		table_setf(&t, row, 1, "%s:[%llu]", levels[i].type->name, (unsigned long long)levels[i].ino);
		if (ns_get_id(levels[i].fd, &id) == 0)
			table_setf(&t, row, 2, "%llu", (unsigned long long)id);
		if (owner_uid(levels[i].fd, levels[i].type, &owner))
			table_setf(&t, row, 3, "%u", (unsigned)owner);
		if (i)
			close(levels[i].fd);
	}
	if (r == &ref)
		nsref_close(r);
	int rc = table_print(&t);
	if (rc < 0)
		die_write_error(-rc);
	const char *why = stop_err == -NS_EUNSUPPORTED ? ns_relations_missing() : NULL;
	if (stop_err == -NS_EUNSUPPORTED)
		msg(0, "the chain ends early: %s", why ? why : "the kernel refused NS_GET_PARENT/NS_GET_USERNS");
	else if (!complete)
		msg(0, "the chain ends at %s:[%llu]: permission ends there (its parent is outside "
		    "this process's user namespace)", levels[n - 1].type->name,
		    (unsigned long long)levels[n - 1].ino);
	return 0;
}

/* HOLDER needs what holds namespaces anywhere: lsns's scan of every
 * process, fd and mount, done once, of every type. */
static struct lsns *holder_scan(void)
{
	struct lsns *scan = xmalloc(sizeof *scan);

	lsns_scan_all(scan, 0, true);
	return scan;
}

/* Is --same (or -s in a cluster, or an abbreviation of --same) among the
 * options? Asked before parsing, so that even an error in the options
 * before it exits 2. Options that take an argument (-t, -o) hide the rest
 * of their cluster and the next word. */
static bool wants_same(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (!strcmp(arg, "--"))
			break;
		if (arg[0] != '-' || !arg[1])
			continue;
		if (arg[1] == '-') {
			size_t len = strcspn(arg + 2, "=");
			if (len >= 1 && !strncmp(arg + 2, "same", len))
				return true;
			continue;
		}
		for (const char *c = arg + 1; *c; c++) {
			if (*c == 's')
				return true;
			if (*c == 't' || *c == 'o') {
				i += !c[1];
				break;
			}
		}
	}
	return false;
}

static const char nsid_shortopts[] = "at:o:lJrnHsqcQ:";
static const struct opt_long nsid_longopts[] = {
	{ "all", OPT_NOARG, 'a' }, { "type", OPT_REQUIRED, 't' },
	{ "output", OPT_REQUIRED, 'o' }, { "long", OPT_NOARG, 'l' },
	{ "json", OPT_NOARG, 'J' }, { "raw", OPT_NOARG, 'r' },
	{ "noheadings", OPT_NOARG, 'n' }, { "list-columns", OPT_NOARG, 'H' },
	{ "filter", OPT_REQUIRED, 'Q' },
	{ "same", OPT_NOARG, 's' }, { "quiet", OPT_NOARG, 'q' },
	{ "chain", OPT_NOARG, 'c' }, { "container", OPT_REQUIRED, 256 }, { NULL, 0, 0 },
};

/* What the options say beyond struct nsid_opts. */
struct nsid_args {
	bool all, list_columns, lng;
	const char *types, *output, *container;
	int ind;		/* the first target */
};

static void parse_options(struct nsid_opts *o, struct nsid_args *a, int argc, char **argv)
{
	struct opt_state st;
	int c;

	opt_init(&st, argc, argv, nsid_shortopts, nsid_longopts);
	while ((c = opt_next(&st)) != -1) {
		switch (c) {
		case 'a': a->all = true; break;
		case 't': a->types = st.arg; break;
		case 'o': a->output = st.arg; break;
		case 'l': a->lng = true; break;
		case 'J': o->mode = TABLE_JSON; break;
		case 'r': o->mode = TABLE_RAW; break;
		case 'n': o->noheadings = true; break;
		case 'H': a->list_columns = true; break;
		case 's': o->same = true; break;
		case 'q': o->quiet = true; break;
		case 'c': o->chain = true; break;
		case 256: a->container = st.arg; break;
		case 'Q':	/* the last one counts */
			filter_free(o->filter);
			o->filter = filter_parse_or_die(st.arg, columns, NCOLUMNS);
			break;
		}
	}
	a->ind = st.ind;
	/* parsed once the mode, and so the error status, is known */
	if (a->types)
		parse_types(o, a->types);
	if (a->output)
		columns_parse(columns, NCOLUMNS, a->output, o->cols, &o->ncols,
			      sizeof o->cols / sizeof *o->cols, exit_failure);
}

/* -H */
static int list_columns(struct nsid_opts *o)
{
	filter_free(o->filter);
	int rc = columns_print(columns, NCOLUMNS, o->mode, o->noheadings);
	if (rc < 0)
		die_write_error(-rc);
	return 0;
}

static void check_combinations(const struct nsid_opts *o, const struct nsid_args *a)
{
	if (o->same && o->chain)
		die(exit_failure, 0, "options --same and --chain cannot be combined");
	if (o->chain && o->ntypes > 1)
		die(exit_failure, 0, "--chain follows one namespace type");
	if (o->chain && (a->output || a->lng || o->filter))	/* its columns are fixed */
		die(exit_failure, 0, "--chain prints LEVEL,NS,ID,OWNER: no --output, --long or --filter");
}

/* Our pid as /proc knows it: getpid() differs when we are in a pid
 * namespace that /proc was not mounted for. */
static void self_pid_text(char *self, size_t size)
{
	ssize_t n = readlink("/proc/self", self, size - 1);

	if (n <= 0) {
		int err = errno;
		proc_require();
		die(exit_failure, err, "cannot read /proc/self");
	}
	self[n] = '\0';
}

/* What the output needs before any target is opened: the scan behind
 * HOLDER, the containers behind CNAME, the default columns. */
static void prepare_output(struct nsid_opts *o, const struct nsid_args *a)
{
	o->table = a->output || a->lng || o->mode != TABLE_ALIGNED || o->noheadings || o->filter;
	if (column_needed(o, C_HOLDER))
		o->scan = holder_scan();
	if (column_needed(o, C_CNAME))
		o->containers = containers_load();
	if (!a->output && a->lng)
		use_columns(o, long_columns, sizeof long_columns / sizeof *long_columns);
	else if (!a->output)
		use_columns(o, json_columns, sizeof json_columns / sizeof *json_columns);
}

/* Open every target (--container's first), then compare, chain or show
 * them; the exit status. */
static int run_targets(struct nsid_opts *o, const struct nsid_args *a, char **args, int ntargets)
{
	struct target *targets = xmalloc((size_t)(ntargets + !!a->container) * sizeof *targets);
	int status = 0, opened = 0;

	if (a->container) {
		target_container(&targets[opened++], a->container);
		args--;
		ntargets++;
	}
	for (; opened < ntargets; opened++)
		if (target_open(&targets[opened], args[opened], o) < 0) {
			target_close(&targets[opened]);
			status = exit_failure;
			break;
		}
	if (!status) {
		if (o->same)
			status = same(targets, ntargets, o);
		else if (o->chain)
			status = chain(&targets[0], o);
		else
			status = show(targets, ntargets, o, a->all);
	}
	for (int i = 0; i < opened; i++)
		target_close(&targets[i]);
	free(targets);
	return status;
}

static int nsid_main(int argc, char **argv)
{
	struct nsid_opts o = { .mode = TABLE_ALIGNED };
	struct nsid_args a = { 0 };

	if (wants_same(argc, argv))
		exit_failure = 2;	/* every error, usage errors too: 1 means "different" */
	parse_options(&o, &a, argc, argv);
	if (a.list_columns)
		return list_columns(&o);
	check_combinations(&o, &a);

	int ntargets = argc - a.ind;
	char self[16];
	char *self_arg[] = { self };
	char **args = argv + a.ind;
	if (ntargets == 0 && !a.container) {
		self_pid_text(self, sizeof self);
		args = self_arg;
		ntargets = 1;
	}
	if (o.same && ntargets + !!a.container < 2)
		die(exit_failure, 0, "--same needs two or more targets");
	if (o.chain && ntargets + !!a.container > 1)
		die(exit_failure, 0, "--chain takes one target");
	prepare_output(&o, &a);
	int status = run_targets(&o, &a, args, ntargets);
	filter_free(o.filter);
	containers_free(o.containers);
	if (o.scan) {
		lsns_free(o.scan);
		free(o.scan);
	}
	return status;	/* stdout_check reports a failed write */
}

const struct applet nsid_applet = {
	.name = "nsid", .main = nsid_main, .help = { HELP_nsid },
	.summary = "print, compare and trace namespace identities",
	.shortopts = nsid_shortopts, .longopts = nsid_longopts,
};
