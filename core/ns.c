/* SPDX-License-Identifier: 0BSD */
/* The namespace table and the kernel's namespace interfaces: nsfs ioctls,
 * pidfds, nsfs file handles, ":ID" lookups, id-map writes. */
#include "fmt.h"
#include "ns.h"
#include "proc.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <stdlib.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

const struct ns_type ns_types[NS_TYPES_ALL] = {
	/*              name      flag        for_children children  letter option  enter lsns since */
	[NS_CGROUP] = { "cgroup", CLONE_NEWCGROUP, false, -1, 'C', "cgroup", 1, 6, "4.6" },
	[NS_IPC] = { "ipc", CLONE_NEWIPC, false, -1, 'i', "ipc", 2, 4, "2.6.19" },
	[NS_MNT] = { "mnt", CLONE_NEWNS, false, -1, 'm', "mount", 6, 0, "2.4.19" },
	[NS_NET] = { "net", CLONE_NEWNET, false, -1, 'n', "net", 4, 1, "2.6.29" },
	[NS_PID] = { "pid", CLONE_NEWPID, false, NS_PID_FOR_CHILDREN, 'p', "pid", 5, 2, "2.6.24" },
	[NS_PID_FOR_CHILDREN] = { "pid_for_children", CLONE_NEWPID, true, -1, 0, NULL, 0, 0, "4.12" },
	[NS_TIME] = { "time", CLONE_NEWTIME, false, NS_TIME_FOR_CHILDREN, 'T', "time", 7, 7, "5.6" },
	[NS_TIME_FOR_CHILDREN] = { "time_for_children", CLONE_NEWTIME, true, -1, 0, NULL, 0, 0, "5.6" },
	[NS_USER] = { "user", CLONE_NEWUSER, false, -1, 'U', "user", 0, 5, "3.8" },
	[NS_UTS] = { "uts", CLONE_NEWUTS, false, -1, 'u', "uts", 3, 3, "2.6.19" },
};

const struct ns_type *ns_type_at(enum ns_order order, int rank)
{
	for (int i = 0; i < NS_TYPES_ALL; i++)
		if (!ns_types[i].for_children &&
		    (order == NS_ORDER_ENTER ? ns_types[i].enter_rank : ns_types[i].lsns_rank) == rank)
			return &ns_types[i];
	return NULL;
}

char *ns_path(char *buf, pid_t pid, const struct ns_type *type)
{
	if (pid)
		fmt_snprintf(buf, NS_PATH_SIZE, "/proc/%d/ns/%s", (int)pid, type->name);
	else
		fmt_snprintf(buf, NS_PATH_SIZE, "/proc/self/ns/%s", type->name);
	return buf;
}

const struct ns_type *ns_type_by_letter(int letter)
{
	for (int i = 0; i < NS_TYPES_ALL; i++)
		if (ns_types[i].letter == letter)
			return &ns_types[i];
	return NULL;
}

const struct ns_type *ns_type_by_name(const char *name)
{
	for (int i = 0; i < NS_TYPES_ALL; i++)
		if (!strcmp(ns_types[i].name, name))
			return &ns_types[i];
	return NULL;
}

const struct ns_type *ns_type_by_flag(int flag)
{
	for (int i = 0; i < NS_TYPES_ALL; i++)
		if (!ns_types[i].for_children && ns_types[i].flag == flag)
			return &ns_types[i];
	return NULL;
}

const char *ns_type_article(const struct ns_type *type)
{
	return type->name[0] == 'i' ? "an" : "a";
}

int ns_type_index(const struct ns_type *type)
{
	return (int)(type - ns_types);
}

const char *ns_strerror(int err)
{
	if (err < 0)
		err = -err;
	return err == NS_EUNSUPPORTED ? "not supported by this kernel" : errstr(err);
}

/* ENOTTY (unknown ioctl) and ENOSYS (unknown syscall) mean an older kernel. */
static int kernel_err(void)
{
	return errno == ENOTTY || errno == ENOSYS ? -NS_EUNSUPPORTED : -errno;
}

int ns_parse_link(const char *text, const char *name, uint64_t *ino)
{
	size_t len = strlen(name);
	uint64_t value = 0;
	const char *p;

	if (strncmp(text, name, len) || text[len] != ':' || text[len + 1] != '[')
		return -EINVAL;
	for (p = text + len + 2; *p >= '0' && *p <= '9'; p++)
		value = value * 10 + (uint64_t)(*p - '0');
	if (p == text + len + 2 || p[0] != ']' || p[1] != '\0' || value > UINT32_MAX)
		return -EINVAL;
	*ino = value;
	return 0;
}

int ns_link_ino(int nsdirfd, const char *name, uint64_t *ino)
{
	char text[64];
	ssize_t n = readlinkat(nsdirfd, name, text, sizeof text - 1);
	const char *type = name;

	if (n < 0)
		return -errno;
	text[n] = '\0';
	/* "ns/net" reads "net:[N]"; pid_for_children links read "pid:[N]" */
	char base[16];
	const char *slash = strrchr(name, '/');
	if (slash)
		name = type = slash + 1;
	const char *suffix = str_find(name, "_for_children");
	if (suffix && (size_t)(suffix - name) < sizeof base) {
		fmt_snprintf(base, sizeof base, "%.*s", (int)(suffix - name), name);
		type = base;
	}
	return ns_parse_link(text, type, ino);
}

int ns_fd_ino(int fd, uint64_t *ino, dev_t *dev)
{
	struct statfs sfs;
	struct stat st;

	if (fstatfs(fd, &sfs) < 0 || fstat(fd, &st) < 0)
		return -errno;
	if (sfs.f_type != NSFS_MAGIC)
		return -EINVAL;
	*ino = st.st_ino;
	if (dev)
		*dev = st.st_dev;
	return 0;
}

static int ns_ioctl_fd(int fd, unsigned long request)
{
	int newfd = ioctl(fd, request);
	if (newfd < 0)
		return kernel_err();
	/* The kernel returns these fds with O_CLOEXEC set. */
	return newfd;
}

const char *ns_relations_missing(void)
{
	struct utsname u;
	int fd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;	/* cannot tell: let the callers find out */
	int user = ns_get_userns(fd);
	close(fd);
	if (user >= 0)
		close(user);
	if (user != -NS_EUNSUPPORTED)
		return NULL;	/* it answered (EPERM too): the ioctl is there */
	/* ENOTTY: an old kernel, or a 64-bit one (before 6.3) without the
	 * compat handler that 32-bit programs need, or an emulator or filter.
	 * A 64-bit kernel names itself, unless linux32 (PER_LINUX32) makes it
	 * say i686 or armv8l; a native 32-bit kernel has the handler. */
	if (uname(&u) < 0)
		return "this kernel lacks NS_GET_USERNS/NS_GET_PARENT (Linux 4.9+)";
	const char *end;
	uint64_t major = scan_u64(u.release, &end), minor = *end == '.' ? scan_u64(end + 1, &end) : 0;
	if (major < 4 || (major == 4 && minor < 9))
		return "this kernel lacks NS_GET_USERNS/NS_GET_PARENT (Linux 4.9+)";
	bool kernel64 = str_find(u.machine, "64") || !strcmp(u.machine, "s390x") ||
			(personality(0xffffffff) & 0xff) == PER_LINUX32;
	if (sizeof(long) == 4 && kernel64 && (major < 6 || (major == 6 && minor < 3)))
		return "this 64-bit kernel refuses nsfs ioctls to 32-bit programs (before Linux 6.3); "
		       "use the 64-bit build";
	/* only the wording: the probe decided */
	return "NS_GET_USERNS/NS_GET_PARENT are refused here (by an emulator such as qemu-user, or a seccomp filter)";
}

int ns_get_userns(int fd)
{
	return ns_ioctl_fd(fd, NS_GET_USERNS);
}

int ns_get_parent(int fd)
{
	return ns_ioctl_fd(fd, NS_GET_PARENT);
}

int ns_get_type(int fd)
{
	int type = ioctl(fd, NS_GET_NSTYPE);
	return type < 0 ? kernel_err() : type;
}

int ns_get_owner_uid(int fd, uid_t *uid)
{
	return ioctl(fd, NS_GET_OWNER_UID, uid) < 0 ? kernel_err() : 0;
}

int ns_get_id(int fd, uint64_t *id)
{
	return ioctl(fd, NS_GET_ID, id) < 0 ? kernel_err() : 0;
}

/* struct file_handle ends in a flexible array: give it room for ours. */
union nsfs_handle_buf {
	struct file_handle head;
	char bytes[sizeof(struct file_handle) + sizeof(struct nsfs_file_handle)];
};

int ns_get_handle(int fd, struct nsfs_file_handle *handle)
{
	union nsfs_handle_buf buf = { .head.handle_bytes = sizeof *handle };
	int mount_id;

	if (name_to_handle_at(fd, "", &buf.head, &mount_id, AT_EMPTY_PATH) < 0)
		/* EOPNOTSUPP: nsfs cannot export handles before 6.18 */
		return errno == EOPNOTSUPP ? -NS_EUNSUPPORTED : kernel_err();
	if (buf.head.handle_type != FILEID_NSFS || buf.head.handle_bytes < sizeof *handle)
		return -NS_EUNSUPPORTED;
	memcpy(handle, buf.head.f_handle, sizeof *handle);
	return 0;
}

int ns_open_handle(const struct nsfs_file_handle *handle)
{
	union nsfs_handle_buf buf = { .head.handle_bytes = sizeof *handle,
				      .head.handle_type = FILEID_NSFS };
	memcpy(buf.head.f_handle, handle, sizeof *handle);
	int fd = open_by_handle_at(FD_NSFS_ROOT, &buf.head, O_RDONLY | O_CLOEXEC);
	/* Older kernels reject the FD_NSFS_ROOT sentinel as a bad fd. */
	if (fd < 0)
		return errno == EBADF ? -NS_EUNSUPPORTED : kernel_err();
	return fd;
}

static bool parse_handle(const char *hex, struct nsfs_file_handle *handle)
{
	unsigned char *bytes = (unsigned char *)handle;

	if (strlen(hex) != 2 * sizeof *handle)
		return false;
	for (size_t i = 0; i < sizeof *handle; i++) {
		int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		bytes[i] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}

int ns_open_handle_arg(const char *arg, bool *is_handle)
{
	struct nsfs_file_handle handle;
	int fd;

	*is_handle = parse_handle(arg + 1, &handle);
	if (!*is_handle)
		return -EINVAL;
	fd = ns_open_handle(&handle);
	if (fd == -ESTALE)
		msg(0, "%s: no such namespace (gone, or not yours to open)", arg);
	else if (fd < 0)
		msg(0, "%s: cannot open by handle: %s", arg, ns_strerror(fd));
	return fd;
}

int pidfd_open_pid(pid_t pid)
{
	/* pidfds are always close-on-exec. */
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);
	return fd < 0 ? kernel_err() : fd;
}

int pidfd_ino(int pidfd, uint64_t *ino)
{
	struct statfs sfs;
	struct stat st;

	if (fstatfs(pidfd, &sfs) < 0 || fstat(pidfd, &st) < 0)
		return -errno;
	*ino = st.st_ino;
	return sfs.f_type == PIDFS_MAGIC ? 0 : -NS_EUNSUPPORTED;
}

static int write_proc_file(const char *procdir, const char *name, const char *text,
			   char *failed, size_t failed_size)
{
	char path[64];
	fmt_snprintf(path, sizeof path, "%s/%s", procdir, name);
	int rc = write_file(path, text);
	if (rc < 0)
		fmt_snprintf(failed, failed_size, "%s", path);
	return rc;
}

int userns_write_maps(const char *procdir, const char *uid_map, const char *setgroups,
		      const char *gid_map, char *failed, size_t failed_size)
{
	int rc;

	if (uid_map && (rc = write_proc_file(procdir, "uid_map", uid_map, failed, failed_size)) < 0)
		return rc;
	if (setgroups && (rc = write_proc_file(procdir, "setgroups", setgroups, failed, failed_size)) < 0 &&
	    rc != -ENOENT)
		return rc;
	if (gid_map && (rc = write_proc_file(procdir, "gid_map", gid_map, failed, failed_size)) < 0)
		return rc;
	return 0;
}

const char *ns_denied_hint(void)
{
	/* root is refused only where it cannot ptrace the target */
	return geteuid() ? "are you root, or in the target's user namespace?" :
	       "root may not ptrace the target here (an outer user namespace, or a security module)";
}

bool ns_kernel_has(const struct ns_type *type)
{
	char path[NS_PATH_SIZE];
	return access(ns_path(path, 0, type), F_OK) == 0 || errno != ENOENT;
}

void ns_msg_open_failed(const char *path, int err)
{
	if (err < 0)
		err = -err;
	if (err == ENOENT && !strncmp(path, "/proc/", 6))
		proc_require();
	if (err == EACCES || err == EPERM)
		msg(0, "permission denied on %s; %s", path, ns_denied_hint());
	else
		msg(0, "cannot open %s: %s", path, ns_strerror(err));
}

int ns_netnsid(int netlink, int nsfd, bool *known)
{
	struct nlmsg { uint32_t len; uint16_t type, flags; uint32_t seq, pid; };
	struct { struct nlmsg h; uint8_t family, pad[3]; uint16_t rta_len, rta_type; int32_t fd; } req = {
		.h = { sizeof req, 90 /* RTM_GETNSID */, 1 /* NLM_F_REQUEST */, 0, 0 },
		.rta_len = 8, .rta_type = 3 /* NETNSA_FD */, .fd = nsfd };
	union { char buf[256]; struct nlmsg h; } res;
	int id = 0;

	*known = false;
	ssize_t n = send(netlink, &req, sizeof req, 0) == (ssize_t)sizeof req ?
		    recv(netlink, &res, sizeof res, 0) : -1;
	/* RTM_NEWNSID, then NETNSA_NSID (1) at offset 20 */
	if (n >= 28 && res.h.type == 88 && *(uint16_t *)(res.buf + 22) == 1) {
		memcpy(&id, res.buf + 24, sizeof id);
		*known = true;
	}
	return id;
}

int stat_cached(int dirfd, const char *name, mode_t *mode, uint64_t *ino, dev_t *dev)
{
	static bool no_statx;	/* the kernel (before 4.11) or a filter refuses it */
	struct nsbox_statx stx;
	struct stat st;
	int empty = name[0] ? 0 : AT_EMPTY_PATH;	/* "": dirfd itself (an O_PATH fd) */

#ifndef SYS_statx
	no_statx = true;
#endif
	if (!no_statx) {
#ifdef SYS_statx
		if (syscall(SYS_statx, dirfd, name, NSBOX_AT_STATX_DONT_SYNC | empty,
			    NSBOX_STATX_TYPE | NSBOX_STATX_INO, &stx) == 0) {
			*mode = stx.mode & S_IFMT;
			*ino = stx.ino;
			*dev = makedev(stx.dev_major, stx.dev_minor);
			return 0;
		}
		if (errno != ENOSYS && errno != EPERM)
			return -errno;
#endif
		no_statx = true;
	}
	if (fstatat(dirfd, name, &st, empty) < 0)
		return -errno;
	*mode = st.st_mode & S_IFMT;
	*ino = st.st_ino;
	*dev = st.st_dev;
	return 0;
}

dev_t nsfs_dev(void)
{
	static dev_t dev;
	struct stat st;

	if (!dev && stat("/proc/self/ns/net", &st) == 0)
		dev = st.st_dev;
	return dev;
}

int ns_open_checked(int dirfd, const char *path, uint64_t ino, bool in_root)
{
	char self[32];
	mode_t mode;
	uint64_t got;
	dev_t dev;

	int fd = in_root ? open_in_root(dirfd, path, O_PATH | O_NOFOLLOW) : openat(dirfd, path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return in_root ? fd : -errno;
	int rc = stat_cached(fd, "", &mode, &got, &dev);
	if (rc == 0 && (dev != nsfs_dev() || got != ino))
		rc = -ENOENT;	/* not (or no longer) that namespace */
	if (rc == 0) {
		fmt_snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
		rc = open(self, O_RDONLY | O_CLOEXEC);
		if (rc < 0)
			rc = -errno;
	}
	close(fd);	/* an O_PATH fd: its close never reaches a file system */
	return rc;
}
