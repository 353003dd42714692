/* SPDX-License-Identifier: 0BSD */
/* nsenter: a drop-in for util-linux nsenter(1), every option of 2.42.
 * Namespaces of a target are joined through one setns(pidfd, mask) call
 * (atomic, immune to pid reuse) where the kernel has it (5.8+), else by
 * opening all the target's ns files before the first setns. */
#include "applets.h"
#include "help.h"
#include "lsns.h"
#include "container.h"
#include "fmt.h"
#include "ns.h"
#include "opt.h"
#include "proc.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum { OPT_PRESERVE = 256, OPT_KEEPCAPS, OPT_USERPARENT, OPT_HOSTEXEC, OPT_TRUSTLOADER, OPT_CONTAINER, OPT_MOUNTPROC };


static const char nsenter_shortopts[] = "+at:m::u::i::n::N:p::C::U::T::S:G:r::w::W::ecF";
static const struct opt_long nsenter_longopts[] = {
	{ "all", OPT_NOARG, 'a' }, { "target", OPT_REQUIRED, 't' }, { "mount", OPT_OPTIONAL, 'm' },
	{ "uts", OPT_OPTIONAL, 'u' }, { "ipc", OPT_OPTIONAL, 'i' }, { "net", OPT_OPTIONAL, 'n' },
	{ "net-socket", OPT_REQUIRED, 'N' }, { "pid", OPT_OPTIONAL, 'p' },
	{ "user", OPT_OPTIONAL, 'U' }, { "cgroup", OPT_OPTIONAL, 'C' },
	{ "time", OPT_OPTIONAL, 'T' }, { "setuid", OPT_REQUIRED, 'S' },
	{ "setgid", OPT_REQUIRED, 'G' }, { "root", OPT_OPTIONAL, 'r' },
	{ "wd", OPT_OPTIONAL, 'w' }, { "wdns", OPT_OPTIONAL, 'W' }, { "env", OPT_NOARG, 'e' },
	{ "no-fork", OPT_NOARG, 'F' }, { "join-cgroup", OPT_NOARG, 'c' },
	{ "preserve-credentials", OPT_NOARG, OPT_PRESERVE },
	{ "keep-caps", OPT_NOARG, OPT_KEEPCAPS }, { "user-parent", OPT_NOARG, OPT_USERPARENT },
	{ "host-exec", OPT_NOARG, OPT_HOSTEXEC },
	{ "unsafe-target-loader", OPT_NOARG, OPT_TRUSTLOADER }, { "container", OPT_REQUIRED, OPT_CONTAINER },
	{ "mount-proc", OPT_OPTIONAL, OPT_MOUNTPROC },
	{ NULL, 0, 0 },
};

/* o->ns[] is in util-linux's enter order (ns_types[].enter_rank). */
#define NTYPES NS_TYPES_MAIN

struct nsenter_ns {
	const struct ns_type *type;
	bool wanted;
	const char *file;	/* --NS=FILE as given, or NULL: the target's */
	int fd;			/* the namespace to enter, -1 until opened */
	bool entered;
};

struct id_choice {
	bool set, follow;
	uint32_t id;
};

struct nsenter_opts {
	struct nsenter_ns ns[NTYPES];
	pid_t target;
	bool target_set, inode_set;
	uint64_t target_inode;
	bool all, no_fork, preserve, keep_caps, user_parent, env, join_cgroup, host_exec, trust_loader;
	int net_socket;			/* -N FD, or -1 */
	struct id_choice uid, gid;
	bool root_set, wd_set, wdns_set;
	const char *root, *wd, *wdns;	/* NULL with the flag set: the target's */
	const char *container;		/* --container REF */
	const char *mount_proc;		/* --mount-proc DIR, or NULL */
};

static struct nsenter_ns *ns_slot(struct nsenter_opts *o, enum ns_index type)
{
	return &o->ns[ns_types[type].enter_rank];
}

static struct nsenter_ns *ns_by_letter(struct nsenter_opts *o, int c)
{
	return &o->ns[ns_type_by_letter(c)->enter_rank];
}

static void parse_target(struct nsenter_opts *o, const char *arg)
{
	const char *colon = strchr(arg, ':');
	char *pidtext = xstrdup(arg);	/* the whole PID part, however long */
	pid_t pid;

	if (o->target_set)
		die(1, 0, "option --target may be given only once");
	if (colon)
		pidtext[colon - arg] = '\0';
	int rc = parse_pid(pidtext, &pid);
	free(pidtext);
	if (rc == 0 && colon)
		rc = parse_u64(colon + 1, 1, UINT64_MAX, &o->target_inode);
	if (rc < 0)
		die(1, -rc, "failed to parse PID argument '%s'", arg);
	o->target = pid;
	o->target_set = true;
	o->inode_set = colon != NULL;
}

static void parse_id_choice(struct id_choice *choice, const char *arg, const char *what)
{
	choice->set = true;
	if (!strcmp(arg, "follow"))
		choice->follow = true;
	else
		choice->id = (uint32_t)parse_u64_or_die(arg, 0, UINT32_MAX - 1, what);
}

/* An attached optional argument: -n=/path is -n/path (as util-linux 2.41+). */
static const char *optional_arg(const char *arg)
{
	return arg && arg[0] == '=' ? arg + 1 : arg;
}

/* Open a --NS=FILE (or :ID) now, in our own mount namespace, and check
 * that it is a namespace of the right type before anything is entered. */
static void open_ns_file(struct nsenter_ns *ns)
{
	uint64_t ino;

	if (ns->file[0] == ':') {
		ns->fd = lsns_open_id(ns->file, ns->type->flag);
		if (ns->fd < 0)
			exit(1);
	} else {
		ns->fd = open(ns->file, O_RDONLY | O_CLOEXEC);
		if (ns->fd < 0)
			die(1, errno, "cannot open %s", ns->file);
	}
	if (ns_fd_ino(ns->fd, &ino, NULL) == -EINVAL)
		die(1, 0, "%s is not a namespace file", ns->file);
	int flag = ns_get_type(ns->fd);
	if (flag >= 0 && flag != ns->type->flag) {
		const struct ns_type *is = ns_type_by_flag(flag);
		die(1, 0, "%s is %s %s namespace, not %s", ns->file, is ? ns_type_article(is) : "an",
		    is ? is->name : "unknown", ns->type->name);
	}
}

static void parse_options(struct nsenter_opts *o, struct opt_state *st)
{
	int c;

	while ((c = opt_next(st)) != -1) {
		switch (c) {
		case 'a': o->all = true; break;
		case 't': parse_target(o, st->arg); break;
		case 'm': case 'u': case 'i': case 'n': case 'p': case 'U': case 'C': case 'T': {
			struct nsenter_ns *ns = ns_by_letter(o, c);
			ns->wanted = true;
			ns->file = optional_arg(st->arg);
			if (ns->file && !*ns->file)
				ns->file = NULL;
			break;
		}
		case 'N': {
			uint64_t fd = parse_u64_or_die(st->arg, 0, INT_MAX, "failed to parse file descriptor");
			o->net_socket = (int)fd;
			break;
		}
		case 'S': parse_id_choice(&o->uid, st->arg, "failed to parse uid"); break;
		case 'G': parse_id_choice(&o->gid, st->arg, "failed to parse gid"); break;
		case 'r': o->root_set = true; o->root = optional_arg(st->arg); break;
		case 'w': o->wd_set = true; o->wd = optional_arg(st->arg); break;
		case 'W': o->wdns_set = true; o->wdns = optional_arg(st->arg); break;
		case 'e': o->env = true; break;
		case 'F': o->no_fork = true; break;
		case 'c': o->join_cgroup = true; break;
		case OPT_PRESERVE: o->preserve = true; break;
		case OPT_KEEPCAPS: o->keep_caps = true; break;
		case OPT_USERPARENT: o->user_parent = true; break;
		case OPT_HOSTEXEC: o->host_exec = true; break;
		case OPT_TRUSTLOADER: o->host_exec = o->trust_loader = true; break;
		case OPT_CONTAINER: o->container = st->arg; break;
		case OPT_MOUNTPROC: o->mount_proc = st->arg ? optional_arg(st->arg) : "/proc"; break;
		}
	}
	if (o->wd_set && o->wdns_set)
		die(1, 0, "options --wd and --wdns cannot be combined");
	if (o->target_set && o->container)
		die(1, 0, "options --target and --container cannot be combined");
	if (o->mount_proc && o->no_fork)
		die(1, 0, "options --mount-proc and --no-fork cannot be combined");
}

/* ---- the target -------------------------------------------------- */

struct target {
	int pidfd;		/* -1 when the kernel has none; fd 0 is a valid pidfd */
	bool setns_pidfd;	/* join through it (5.8+), until the kernel refuses */
	int procfd;		/* /proc/PID, for follow and the fallbacks */
	char proc[32];		/* "/proc/PID" */
};

static void open_target(const struct nsenter_opts *o, struct target *t)
{
	fmt_snprintf(t->proc, sizeof t->proc, "/proc/%d", (int)o->target);
	/* with :INODE, /proc/PID first: the pidfd opened and checked after it
	 * proves both are the process meant (had it exited and its pid been
	 * reused in between, the pidfd would have another inode), so no later
	 * fallback through /proc/PID can reach another process */
	if (o->inode_set && t->procfd < 0 &&
	    (t->procfd = open(t->proc, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		die(1, errno == ENOENT ? ESRCH : errno, "failed to obtain a valid file descriptor for PID %d",
		    (int)o->target);
	t->pidfd = pidfd_open_pid(o->target);
	if (t->pidfd < 0 && t->pidfd != -NS_EUNSUPPORTED && t->pidfd != -ESRCH)
		die(1, -t->pidfd, "failed to obtain a valid file descriptor for PID %d", (int)o->target);
	if (o->inode_set) {
		uint64_t ino;
		int rc = t->pidfd < 0 ? t->pidfd : pidfd_ino(t->pidfd, &ino);
		if (rc == -NS_EUNSUPPORTED)
			die(1, 0, "PID:INODE needs pidfds with inodes (Linux 6.9+)");
		if (rc < 0)
			die(1, -rc, "failed to obtain a valid file descriptor for PID %d", (int)o->target);
		if (ino != o->target_inode)
			die(1, 0, "PID %d is not the process named (pidfs inode %llu, not %llu): it exited "
			    "and its pid was reused, or the inode is wrong", (int)o->target, (unsigned long long)ino,
			    (unsigned long long)o->target_inode);
	}
	if (t->procfd < 0)
		t->procfd = open(t->proc, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (t->procfd < 0 && o->inode_set)
		die(1, errno, "cannot open %s", t->proc);
}

/* --container: its init, through the /proc/PID fd that was checked; the
 * pidfd is opened after it, and container_alive() then tells whether
 * both are that process. */
static void open_container(struct nsenter_opts *o, struct target *t)
{
	struct container_target ct;

	container_resolve_or_die(o->container, &ct);
	o->target = ct.pid;
	o->target_set = true;
	t->procfd = ct.procfd;
	open_target(o, t);
	free(ct.key);
	o->container = ct.cname;	/* for the message */
}

/* Open the target's ns file of one type (the per-file way). */
static void names_of(int mask, char *buf, size_t size);

/* The one message for a target whose namespaces we may not enter. */
_Noreturn static void die_no_permission(pid_t target, int mask)
{
	char names[96];
	names_of(mask, names, sizeof names);
	die(1, 0, "permission denied on the %s namespaces of PID %d; %s", names, (int)target,
	    ns_denied_hint());
}

/* A namespace file of the target; refused, the message names every type
 * of `mask` (all that were to be entered). */
static int open_target_ns(const struct ns_type *type, pid_t pid, int procfd, int mask)
{
	char path[NS_PATH_SIZE];
	ns_path(path, pid, type);
	/* through /proc/PID when it is open: it cannot name a later process */
	int fd = openat(procfd < 0 ? AT_FDCWD : procfd, procfd < 0 ? path : strchr(path + 6, '/') + 1,
			O_RDONLY | O_CLOEXEC);
	if (fd < 0 && (errno == EACCES || errno == EPERM))
		die_no_permission(pid, mask);
	if (fd < 0) {
		ns_msg_open_failed(path, errno);
		exit(1);
	}
	return fd;
}

/* The path without setns(pidfd): every namespace file of the target is
 * opened before the first setns, while /proc is still ours. */
static void open_target_files(struct nsenter_opts *o, struct target *t)
{
	int mask = 0;

	t->setns_pidfd = false;
	for (int i = 0; i < NTYPES; i++)
		if (o->ns[i].wanted && o->ns[i].fd < 0 && !o->ns[i].entered)
			mask |= o->ns[i].type->flag;
	for (int i = 0; i < NTYPES; i++)
		if (mask & o->ns[i].type->flag)
			o->ns[i].fd = open_target_ns(o->ns[i].type, o->target, t->procfd, mask);
}

static bool entered_any(const struct nsenter_opts *o)
{
	for (int i = 0; i < NTYPES; i++)
		if (o->ns[i].entered)
			return true;
	return false;
}

/* --all: every type this kernel has, but not our own user namespace. */
static void select_all(struct nsenter_opts *o, const struct target *t)
{
	for (int i = 0; i < NTYPES; i++) {
		struct nsenter_ns *ns = &o->ns[i];
		char self[48], theirs[64];
		struct stat a, b;

		if (ns->wanted)
			continue;
		ns_path(self, 0, ns->type);
		if (stat(self, &a) < 0)
			continue;	/* the kernel lacks this type */
		if (ns->type->flag == CLONE_NEWUSER) {
			fmt_snprintf(theirs, sizeof theirs, "%s/ns/user", t->proc);
			if (stat(theirs, &b) < 0) {
				if (errno == EACCES || errno == EPERM) {
					ns_msg_open_failed(theirs, errno);
					exit(1);
				}
				die(1, errno, "stat of %s failed", theirs);
			}
			if (a.st_ino == b.st_ino && a.st_dev == b.st_dev)
				continue;	/* setns would refuse our own */
		}
		ns->wanted = true;
	}
}

/* -N FD: the network namespace of a socket the target holds. */
static int socket_netns(const struct target *t, int fd, pid_t pid)
{
	if (t->pidfd < 0)
		die(1, 0, "--net-socket needs pidfds (Linux 5.6+)");
	int sock = (int)syscall(SYS_pidfd_getfd, t->pidfd, fd, 0);
	if (sock < 0 && errno == ENOSYS)	/* the kernel, or a seccomp filter */
		die(1, 0, "--net-socket needs pidfd_getfd (Linux 5.6+), which this system refuses");
	if (sock < 0 && (errno == EPERM || errno == EACCES))
		die(1, 0, "permission denied on fd %d of PID %d; %s", fd, (int)pid, ns_denied_hint());
	if (sock < 0)
		die(1, errno, "cannot take fd %d of PID %d", fd, (int)pid);
	int netns = ioctl(sock, SIOCGSKNS);
	if (netns < 0)
		die(1, errno, "ioctl(%d, SIOCGSKNS)", fd);
	close(sock);
	return netns;
}

/* ---- entering ------------------------------------------------------ */

static int wanted_mask(const struct nsenter_opts *o, bool from_target, bool with_user)
{
	int mask = 0;
	for (int i = 0; i < NTYPES; i++) {
		const struct nsenter_ns *ns = &o->ns[i];
		if (ns->wanted && !ns->entered && (ns->fd < 0) == from_target &&
		    (with_user || ns->type->flag != CLONE_NEWUSER))
			mask |= ns->type->flag;
	}
	return mask;
}

static void mark_entered(struct nsenter_opts *o, int mask)
{
	for (int i = 0; i < NTYPES; i++)
		if (o->ns[i].wanted && o->ns[i].fd < 0 && (mask & o->ns[i].type->flag))
			o->ns[i].entered = true;
}

static void names_of(int mask, char *buf, size_t size)
{
	struct strbuf sb = { buf, size, 0, false, false };
	buf[0] = '\0';
	for (int i = 0; i < NTYPES; i++) {
		const struct ns_type *type = ns_type_at(NS_ORDER_ENTER, i);
		if (mask & type->flag)
			sb_printf(&sb, "%s%s", sb.len ? "," : "", type->name);
	}
}

/* Two passes, as util-linux: everything but the user namespace first with
 * errors ignored (an unprivileged caller may need the user namespace's
 * privileges first, or the other way round), then whatever is left,
 * fatally. Each pidfd pass is one atomic setns(). */
static void enter_namespaces(struct nsenter_opts *o, struct target *t)
{
	for (int pass = 1; pass <= 2; pass++) {
		bool last = pass == 2;
		if (t->setns_pidfd) {
			int mask = wanted_mask(o, true, last);
			if (mask && setns(t->pidfd, mask) == 0)
				mark_entered(o, mask);
			else if (mask && !entered_any(o))
				/* The first setns failed and changed nothing: a kernel
				 * before 5.8 (EINVAL), a seccomp filter (ENOSYS, EPERM),
				 * or a real refusal, which the file path then names. */
				open_target_files(o, t);
			else if (mask && last) {
				int err = errno;
				if (err == EPERM || err == EACCES)
					die_no_permission(o->target, mask);
				die(1, err, "reassociate to namespaces failed");
			}
		}
		for (int i = 0; i < NTYPES; i++) {
			struct nsenter_ns *ns = &o->ns[i];
			if (!ns->wanted || ns->entered || ns->fd < 0 || (!last && ns->type->flag == CLONE_NEWUSER))
				continue;
			if (setns(ns->fd, ns->type->flag) == 0) {
				ns->entered = true;
				close(ns->fd);
				ns->fd = -1;
			} else if (last && !ns->file && o->target_set && (errno == EPERM || errno == EACCES))
				die_no_permission(o->target, ns->type->flag);
			else if (last)
				die(1, errno, "reassociate to namespace 'ns/%s' failed", ns->type->name);
		}
	}
}

static bool entered(const struct nsenter_opts *o, int flag)
{
	for (int i = 0; i < NTYPES; i++)
		if (o->ns[i].type->flag == flag)
			return o->ns[i].entered;
	return false;
}

static int open_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		die(1, errno, "cannot open %s", path);
	return fd;
}

/* The target's environment, read before we leave our namespaces. */
static char *read_environ(const struct target *t, size_t *len)
{
	size_t size = 4096;
	char *buf = NULL;
	ssize_t n;

	for (;;) {
		buf = xrealloc(buf, size);
		n = read_file_at(t->procfd, "environ", buf, size);
		if (n < 0)
			die(1, (int)-n, "cannot read %s/environ", t->proc);
		if ((size_t)n < size - 1)
			break;
		size *= 2;
	}
	*len = (size_t)n;
	return buf;
}

static void use_environ(char *env, size_t len)
{
	char **vars = NULL;
	size_t n = 0;

	for (size_t i = 0; i < len; i += strlen(env + i) + 1) {
		vars = xgrow(vars, n, sizeof *vars);
		vars[n++] = env + i;	/* env stays allocated until exec */
	}
	env_replace(vars, n);
	free(vars);
}

/* -c: the target's cgroup v2 path, whose cgroup.procs we open now. */
static int open_cgroup_procs(const struct target *t)
{
	char text[2048], path[PATH_MAX];
	ssize_t n = read_file_at(t->procfd, "cgroup", text, sizeof text);

	if (n < 0)
		die(1, (int)-n, "cannot read %s/cgroup", t->proc);
	/* cgroup v2 is the "0::/path" line, alone */
	if (strncmp(text, "0::", 3) || strchr(text, '\n') != text + strlen(text) - 1)
		die(1, 0, "--join-cgroup is only supported in cgroup v2");
	text[strlen(text) - 1] = '\0';
	if (fmt_snprintf(path, sizeof path, "/sys/fs/cgroup%s/cgroup.procs", text + 3) >= (int)sizeof path)
		die(1, ENAMETOOLONG, "cgroup path of %s", t->proc);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		die(1, errno, "cannot open %s", path);
	return fd;
}

/* Forked for a pid namespace: pass the child's end on, and its stops. */
_Noreturn static void continue_as_child_wait(pid_t child)
{
	int status;

	for (;;) {
		pid_t rc = waitpid(child, &status, WUNTRACED);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			die(1, errno, "waitpid failed");
		if (WIFSTOPPED(status)) {
			/* stop with it, and when we are continued, so is it */
			kill(getpid(), SIGSTOP);
			kill(child, SIGCONT);
			continue;
		}
		exit(status_to_exit(status));
	}
}

/* The id of the mount our root is on, 0 when statx has none (before 5.8). */
static uint64_t root_mount_id(void)
{
	struct nsbox_statx stx;

	if (syscall(SYS_statx, AT_FDCWD, "/", 0, NSBOX_STATX_MNT_ID, &stx) < 0 || !(stx.mask & NSBOX_STATX_MNT_ID))
		return 0;
	return stx.spare2[0];	/* stx_mnt_id */
}

/* DIR in our root, walked in the kernel's dentry cache only (openat2's
 * RESOLVE_CACHED, 5.12+): a lookup would ask DIR's file system, and a FUSE
 * server of the target's need never answer (nsenter would wait unkillable).
 * On a local file system a mount point such as /proc is always cached;
 * FUSE, 9p and NFS revalidate each lookup and are refused. Kernels
 * without it get
 * open_in_root's walk (SECURITY.md: a known limit). */
static int open_mount_point(int root, const char *dir)
{
	struct nsbox_open_how how = { .flags = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC,
				      .resolve = NSBOX_RESOLVE_IN_ROOT | NSBOX_RESOLVE_NO_MAGICLINKS |
						 NSBOX_RESOLVE_CACHED };
	int fd = (int)syscall(SYS_openat2, root, dir, &how, sizeof how);

	if (fd >= 0)
		return fd;
	if (errno == EAGAIN)
		die(1, 0, "--mount-proc: %s is not in the kernel's cache (or its file system checks each "
		    "lookup: FUSE, 9p, NFS), and nsenter does not ask a target's file system", dir);
	if (errno != EINVAL && errno != ENOSYS && errno != EPERM && errno != E2BIG)
		return -errno;
	return open_in_root(root, dir, O_PATH | O_DIRECTORY | O_NOFOLLOW);
}

/* A proc of our pid namespace on the directory fd: through the mount API
 * (5.2+: attached to the fd itself, no walk and no permission asked of the
 * directory's file system), else mount(2) on it as our cwd. -1 and errno. */
static int mount_proc_on(int dirfd)
{
	int fs = (int)syscall(SYS_fsopen, "proc", NSBOX_FSOPEN_CLOEXEC), mnt = -1, rc = -1, err;

	if (fs < 0 && errno != ENOSYS && errno != EPERM)
		return -1;
	if (fs < 0) {
		int cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (cwd < 0)
			return -1;
		if (fchdir(dirfd) < 0) {
			err = errno;
			close(cwd);
			errno = err;
			return -1;
		}
		rc = mount("proc", ".", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL);
		err = errno;
		if (fchdir(cwd) < 0)
			die(1, errno, "cannot change directory");
		close(cwd);
		errno = err;
		return rc;
	}
	if (syscall(SYS_fsconfig, fs, NSBOX_FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0)
		mnt = (int)syscall(SYS_fsmount, fs, NSBOX_FSMOUNT_CLOEXEC,
				   NSBOX_MOUNT_ATTR_NOSUID | NSBOX_MOUNT_ATTR_NODEV | NSBOX_MOUNT_ATTR_NOEXEC);
	if (mnt >= 0)
		rc = (int)syscall(SYS_move_mount, mnt, "", dirfd, "",
				  NSBOX_MOVE_MOUNT_F_EMPTY_PATH | NSBOX_MOVE_MOUNT_T_EMPTY_PATH);
	err = errno;
	if (mnt >= 0)
		close(mnt);
	close(fs);
	errno = err;
	return rc;
}

/* --mount-proc, in the child: a new mount namespace, a copy of the one
 * entered, whose mounts are all private (nothing mounted here reaches the
 * target's), and a proc of the child's pid namespace on DIR, resolved in
 * our root (the target's with -r) without leaving it, without magic links
 * and without following a final symlink; the mount is made on the
 * directory that was opened, so the walk is done once. */
static void mount_proc(const char *dir)
{
	uint64_t was = root_mount_id();

	if (unshare(CLONE_NEWNS) < 0)
		die(1, errno, "--mount-proc: cannot make a new mount namespace");
	/* the copy has our root only if it was in the namespace copied (-r
	 * opened in another one, e.g. without -m, is not): never touch that */
	if (!was || was == root_mount_id())
		die(1, 0, "--mount-proc: %s", was ? "the root is not in the mount namespace entered" :
		    "needs statx's mount ids (Linux 5.8+)");
	if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die(1, errno == EINVAL ? 0 : errno, "--mount-proc: cannot make the mounts private%s",
		    errno == EINVAL ? ": the root is a directory, not a mount (a chroot), and its mount's "
				      "root is out of reach" : "");
	/* opened in the new namespace (unshare moved our root there) */
	int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		die(1, errno, "cannot open the root");
	int fd = open_mount_point(root, dir);
	if (fd < 0)
		die(1, -fd, "cannot open %s", dir);
	if (mount_proc_on(fd) < 0)
		die(1, errno, "mount %s failed", dir);
	close(fd);
	close(root);
}

/* -U with --user-parent: enter the parent of the user namespace chosen
 * (a user namespace's owner is its parent). */
static void use_parent_userns(struct nsenter_opts *o, const struct target *t)
{
	struct nsenter_ns *user = ns_slot(o, NS_USER);
	int fd = user->fd >= 0 ? user->fd : open_target_ns(user->type, o->target, t->procfd, user->type->flag);
	int parent = ns_get_userns(fd);
	if (parent < 0)
		die(1, 0, "cannot get the parent user namespace: %s", ns_strerror(parent));
	if (fd != user->fd)
		close(fd);
	else
		close(user->fd);
	user->fd = parent;
	user->wanted = true;
}

/* -N FD: the network namespace of the socket, in place of any other. */
static void use_socket_netns(struct nsenter_opts *o, const struct target *t)
{
	struct nsenter_ns *net = ns_slot(o, NS_NET);
	if (net->fd >= 0)
		close(net->fd);
	net->fd = socket_netns(t, o->net_socket, o->target);
	net->wanted = true;
}

static bool needs_target(const struct nsenter_opts *o)
{
	bool needed = o->all || o->net_socket >= 0 || o->user_parent || o->env || o->join_cgroup ||
		      (o->root_set && !o->root) || (o->wd_set && !o->wd) || o->uid.follow || o->gid.follow;
	for (int i = 0; i < NTYPES; i++)
		needed = needed || (o->ns[i].wanted && !o->ns[i].file);
	return needed;
}

/* The target and every namespace to enter, opened in our own namespaces;
 * dies when there is nothing to enter. */
static void choose_namespaces(struct nsenter_opts *o, struct target *t)
{
	for (int i = 0; i < NTYPES; i++)
		if (o->ns[i].wanted && o->ns[i].file)
			open_ns_file(&o->ns[i]);
	bool target_needed = needs_target(o);
	if (o->container)
		open_container(o, t);
	if (target_needed && !o->target_set)
		die(1, 0, o->all ? "no target PID specified for --all" : "no target PID specified");
	if (o->target_set && !o->container)
		open_target(o, t);
	/* without setns(pidfd, mask), open every ns file before the first setns */
	t->setns_pidfd = t->pidfd >= 0;
	if (o->target_set && !t->setns_pidfd)
		open_target_files(o, t);
	if (o->container && !container_alive(t->procfd))	/* the pidfd, the files: its */
		die(1, 0, "container %s stopped before it could be entered", o->container);
	if (o->all)
		select_all(o, t);
	if (o->user_parent)
		use_parent_userns(o, t);
	if (o->net_socket >= 0)
		use_socket_netns(o, t);
	bool any = false;
	for (int i = 0; i < NTYPES; i++)
		any = any || o->ns[i].wanted;
	if (!any)
		die(1, 0, "no namespace specified");
}

/* What is opened or read where we are, before anything is entered. */
struct held {
	int root_fd, wd_fd, cgroup_fd, program_fd;	/* -1: none */
	char *env;					/* -e: the target's environ */
	size_t env_len;
	uid_t uid;
	gid_t gid;
};

/* --host-exec: the program is ours, opened before anything is entered,
 * and must be able to run in the root it will have there. */
static int open_host_program(struct nsenter_opts *o, const struct target *t, int root_fd,
			     const char *program)
{
	if (!program)
		die(1, 0, "--host-exec needs a program");
	bool other_root = root_fd >= 0 || ns_slot(o, NS_MNT)->wanted;
	int target_root = root_fd < 0 && other_root && t->procfd >= 0 ?
			  openat(t->procfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
	/* entering a mount namespace (--mount=FILE too) changes the root
	 * the loader is looked up in, whether or not we could open it */
	int program_fd = host_program_or_die(program, root_fd >= 0 ? root_fd :
					     target_root >= 0 ? target_root : other_root ? ROOT_UNSEEN : -1,
					     o->trust_loader);
	if (target_root >= 0)
		close(target_root);
	return program_fd;
}

static void open_from_here(struct nsenter_opts *o, const struct target *t, const char *program,
			   struct held *h)
{
	struct stat target_st;

	if (o->root_set)
		h->root_fd = o->root ? open_dir(o->root) : openat(t->procfd, "root", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->wd_set)
		h->wd_fd = o->wd ? open_dir(o->wd) : openat(t->procfd, "cwd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if ((o->root_set && h->root_fd < 0) || (o->wd_set && h->wd_fd < 0))
		die(1, errno, "cannot open the target's %s", h->root_fd < 0 && o->root_set ? "root" : "cwd");
	if (o->env)
		h->env = read_environ(t, &h->env_len);
	if (o->host_exec)
		h->program_fd = open_host_program(o, t, h->root_fd, program);
	if (o->join_cgroup)
		h->cgroup_fd = open_cgroup_procs(t);
	if ((o->uid.follow || o->gid.follow) && fstat(t->procfd, &target_st) < 0)
		die(1, errno, "cannot stat %s", t->proc);
	h->uid = o->uid.follow ? target_st.st_uid : o->uid.id;
	h->gid = o->gid.follow ? target_st.st_gid : o->gid.id;
}

/* -r and -w/-W, once inside: the new root, then the working directory. */
static void change_root_and_dir(const struct nsenter_opts *o, struct held *h)
{
	if (h->root_fd >= 0) {
		int cwd_fd = o->wd_set || o->wdns_set ? -1 : open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fchdir(h->root_fd) < 0 || chroot(".") < 0)
			die(1, errno, "cannot change root directory");
		close(h->root_fd);
		if (cwd_fd >= 0) {	/* keep the directory we were in after setns */
			if (fchdir(cwd_fd) < 0)
				die(1, errno, "cannot change directory");
			close(cwd_fd);
		} else
			xchdir("/");
	}
	if (o->wdns_set)
		h->wd_fd = open_dir(o->wdns ? o->wdns : ".");
	if (h->wd_fd >= 0) {
		if (fchdir(h->wd_fd) < 0)
			die(1, errno, "cannot change directory");
		close(h->wd_fd);
	}
}

/* -e and -c, once inside; then the target's fds are closed (no nsbox fd
 * reaches the program). */
static void use_environ_and_cgroup(struct held *h, struct target *t)
{
	if (h->env)
		use_environ(h->env, h->env_len);
	if (h->cgroup_fd >= 0) {
		char pid[16];
		int n = fmt_snprintf(pid, sizeof pid, "%d", (int)getpid());
		if (write(h->cgroup_fd, pid, (size_t)n) != n)
			die(1, errno, "cannot join the target's cgroup");
		close(h->cgroup_fd);
	}
	if (t->pidfd >= 0)
		close(t->pidfd);
	if (t->procfd >= 0)
		close(t->procfd);
}

/* A pid namespace is entered by a child: we wait for it and pass its end
 * on. --mount-proc forks too (its proc mount is the child's). */
static void fork_for_pid_ns(const struct nsenter_opts *o, int program_fd)
{
	if ((entered(o, CLONE_NEWPID) && !o->no_fork) || o->mount_proc) {
		pid_t child = xfork();
		if (child > 0) {
			if (program_fd >= 0)
				close(program_fd);	/* the child's, not ours */
			continue_as_child_wait(child);
		}
	}
	if (o->mount_proc)
		mount_proc(o->mount_proc);
}

/* As root of an entered user namespace, unless told otherwise (-S, -G,
 * --preserve-credentials). */
static void become_user(const struct nsenter_opts *o, const struct held *h, bool user_ns, bool drop_failed)
{
	bool become_root = user_ns && !o->preserve;
	change_credentials(&(struct cred_change){
		.drop_groups = become_root || o->gid.set,
		.groups_may_fail = !drop_failed && user_ns && !o->preserve,
		.set_gid = become_root || o->gid.set, .gid = become_root && !o->gid.set ? 0 : h->gid,
		.set_uid = become_root || o->uid.set, .uid = become_root && !o->uid.set ? 0 : h->uid });
	if (o->keep_caps && user_ns)
		caps_permitted_to_ambient_or_die();
}

static int nsenter_main(int argc, char **argv)
{
	struct nsenter_opts o = { .net_socket = -1 };
	struct target t = { .pidfd = -1, .procfd = -1 };
	struct held h = { .root_fd = -1, .wd_fd = -1, .cgroup_fd = -1, .program_fd = -1 };
	struct opt_state st;

	for (int i = 0; i < NTYPES; i++)
		o.ns[i] = (struct nsenter_ns){ .type = ns_type_at(NS_ORDER_ENTER, i), .fd = -1 };
	opt_init(&st, argc, argv, nsenter_shortopts, nsenter_longopts);
	parse_options(&o, &st);
	/* before any setns: a target's root that may ptrace what it can see
	 * (its user namespace makes it capable over us once we enter) gets no
	 * hold on this process or its child in the target's pid namespace */
	no_dumps_or_die();
	choose_namespaces(&o, &t);
	open_from_here(&o, &t, st.ind < argc ? argv[st.ind] : NULL, &h);

	/* entering a user namespace makes us root there, unless told otherwise */
	bool user_ns = ns_slot(&o, NS_USER)->wanted;
	bool drop_failed = false;
	if (user_ns && !o.preserve)
		drop_failed = drop_groups() < 0;	/* may only work once inside */
	if (ns_slot(&o, NS_MNT)->wanted || ns_slot(&o, NS_PID)->wanted)
		sanitizer_before_pidns();
	enter_namespaces(&o, &t);

	change_root_and_dir(&o, &h);
	use_environ_and_cgroup(&h, &t);
	fork_for_pid_ns(&o, h.program_fd);
	become_user(&o, &h, user_ns, drop_failed);
	exec_program(h.program_fd, argv + st.ind);
}

const struct applet nsenter_applet = {
	.name = "nsenter", .main = nsenter_main, .help = { HELP_nsenter },
	.summary = "run a program in other processes' namespaces (util-linux compatible)",
	.shortopts = nsenter_shortopts, .longopts = nsenter_longopts,
};
