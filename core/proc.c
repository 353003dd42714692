/* SPDX-License-Identifier: 0BSD */
/* /proc parsing: stat (with hostile comm), cmdline, status, the pid list. */
#include "fmt.h"
#include "kernel.h"
#include "proc.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

int proc_parse_stat(const char *text, struct proc_stat *st)
{
	/* The name may hold spaces, parentheses and newlines: it ends at the
	 * last ')' of the line, which no name can follow. */
	const char *open = strchr(text, '(');
	const char *close = strrchr(text, ')');
	uint64_t pid;
	char pidbuf[16];
	int ppid;

	if (!open || !close || close < open || open == text || (size_t)(open - text) > sizeof pidbuf)
		return -EINVAL;
	fmt_snprintf(pidbuf, sizeof pidbuf, "%.*s", (int)(open - text - 1), text);
	if (open[-1] != ' ' || parse_u64(pidbuf, 1, INT_MAX, &pid) < 0)
		return -EINVAL;
	/* ") S 1234 ...": the state, then the parent's pid */
	const char *p = close + 1, *end;
	if (p[0] != ' ' || !p[1] || p[2] != ' ' || p[3] < '0' || p[3] > '9')
		return -EINVAL;
	st->state = p[1];
	uint64_t parent = scan_u64(p + 3, &end);
	if ((*end != ' ' && *end != '\0') || parent > INT_MAX)
		return -EINVAL;
	ppid = (int)parent;
	st->pid = (pid_t)pid;
	st->ppid = ppid;
	fmt_snprintf(st->comm, sizeof st->comm, "%.*s", (int)(close - open - 1), open + 1);
	return 0;
}

int proc_read_stat(int dirfd, const char *path, struct proc_stat *st)
{
	char text[1024], file[64];
	fmt_snprintf(file, sizeof file, "%s%sstat", path, *path ? "/" : "");
	int fd = openat(dirfd, file, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	/* one read: procfs hands out the whole (short) line at once */
	do
		n = read(fd, text, sizeof text - 1);
	while (n < 0 && errno == EINTR);
	int err = n < 0 ? errno : 0;
	close(fd);
	if (n < 0)
		return -err;
	if (n == 0)
		return -ESRCH;	/* the process exited between open and read */
	text[n] = '\0';
	return proc_parse_stat(text, st);
}

char *proc_command(pid_t pid)
{
	enum { COMMAND_MAX = 8192 };	/* util-linux reads as much */
	char *buf = xmalloc(COMMAND_MAX), path[40];
	fmt_snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	ssize_t n = read_file_at(AT_FDCWD, path, buf, COMMAND_MAX);

	if (n > 0) {
		if (buf[n - 1] == '\0')
			n--;
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == '\0')
				buf[i] = ' ';
		buf[n] = '\0';
		return buf;
	}
	fmt_snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	if (read_file_at(AT_FDCWD, path, buf, COMMAND_MAX) > 0)
		buf[strcspn(buf, "\n")] = '\0';
	else
		buf[0] = '\0';
	return buf;
}

const char *proc_status_field(const char *status, const char *key)
{
	size_t len = strlen(key);

	for (const char *line = status; line && *line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (!strncmp(line, key, len) && line[len] == ':')
			return line + len + 1 + strspn(line + len + 1, " \t");
	}
	return NULL;
}

void proc_require(void)
{
	struct statfs sfs;

	if (statfs("/proc", &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC)
		die(1, 0, "/proc is not mounted (mount -t proc proc /proc)");
}

int proc_iter_open(struct proc_iter *it)
{
	proc_require();
	it->dir = opendir("/proc");
	return it->dir ? 0 : -errno;
}

pid_t proc_iter_next(struct proc_iter *it)
{
	struct dirent *entry;
	uint64_t pid;

	while ((entry = readdir(it->dir)))
		if (entry->d_name[0] >= '1' && entry->d_name[0] <= '9' &&
		    parse_u64(entry->d_name, 1, INT_MAX, &pid) == 0)
			return (pid_t)pid;
	return 0;
}

void proc_iter_close(struct proc_iter *it)
{
	if (it->dir)
		closedir(it->dir);
	it->dir = NULL;
}

int proc_open_pid(pid_t pid)
{
	char path[32];
	fmt_snprintf(path, sizeof path, "/proc/%d", (int)pid);
	/* openat: musl's open() adds an fcntl(FD_CLOEXEC) call for old kernels */
	int fd = openat(AT_FDCWD, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int parse_pid(const char *s, pid_t *pid)
{
	uint64_t value;
	int rc = parse_u64(s, 1, INT_MAX, &value);
	if (rc == 0)
		*pid = (pid_t)value;
	return rc;
}

pid_t proc_self(void)
{
	char text[16];
	pid_t pid;
	ssize_t n = readlink("/proc/self", text, sizeof text - 1);

	if (n <= 0)
		return 0;
	text[n] = '\0';
	return parse_pid(text, &pid) == 0 ? pid : 0;
}

/* Where each runtime puts its containers' cgroups: the components of a
 * path from the root of our cgroup namespace. Only root makes cgroups at
 * the top (a delegated subtree is always deeper, under user.slice or a
 * service), so a name counts only at its runtime's place, and whatever is
 * below it is the container's own:
 *   docker     /system.slice/docker-ID.scope (systemd driver), /docker/ID (cgroupfs)
 *   podman     /machine.slice/libpod-ID.scope, /libpod_parent/libpod-ID (cgroupfs)
 *   kubelet    /kubepods[.slice]/[QOS]/POD/CTR: POD kubepods[-QOS]-pod<UID>.slice
 *              or pod<UID>; CTR cri-containerd-ID.scope (containerd),
 *              crio-ID.scope (CRI-O), docker-ID.scope, or ID (cgroupfs)
 *   LXC        /lxc.payload.NAME (lxc's DEFAULT_PAYLOAD_CGROUP_PREFIX)
 *   nspawn     /machine.slice/machine-NAME.scope (systemd-machined's scope,
 *              NAME with systemd's \xNN escapes)
 * ID is 64 hex digits everywhere. */
struct component {
	const char *s;
	size_t len;
};

static bool is(struct component c, const char *name)
{
	return c.len == strlen(name) && !memcmp(c.s, name, c.len);
}

/* PREFIX, 64 hex digits, SUFFIX: the digits, or NULL. */
static const char *id64(struct component c, const char *prefix, const char *suffix)
{
	size_t plen = strlen(prefix), slen = strlen(suffix);

	if (c.len != plen + 64 + slen || memcmp(c.s, prefix, plen) || memcmp(c.s + plen + 64, suffix, slen))
		return NULL;
	for (size_t i = plen; i < plen + 64; i++)
		if (!strchr("0123456789abcdef", c.s[i]) || !c.s[i])
			return NULL;
	return c.s + plen;
}

/* A kubelet pod's cgroup: its UID (systemd escapes '-' as '_'), or false. */
static bool pod_uid(struct component c, struct strbuf *out)
{
	size_t from = 0, to = c.len;
	if (c.len > 3 && !memcmp(c.s, "pod", 3))
		from = 3;
	else if (c.len > 9 && !memcmp(c.s, "kubepods-", 9) && !memcmp(c.s + c.len - 6, ".slice", 6)) {
		to = c.len - 6;
		for (size_t i = 0; i + 4 <= to; i++)
			if (!memcmp(c.s + i, "-pod", 4))
				from = i + 4;
	}
	if (!from || from >= to)
		return false;
	for (size_t i = from; i < to; i++)
		sb_printf(out, "%c", c.s[i] == '_' ? '-' : c.s[i]);
	return true;
}

static bool kube_container(const struct component *c, size_t n, struct strbuf *out, int idlen)
{
	static const char *const qos[] = { "besteffort", "burstable", "kubepods-besteffort.slice",
					   "kubepods-burstable.slice" };
	static const struct { const char *prefix, *suffix, *runtime; } ctrs[] = {
		{ "cri-containerd-", ".scope", "containerd" }, { "crio-", ".scope", "cri-o" },
		{ "docker-", ".scope", "docker" },
	};
	size_t k = 1;
	for (size_t q = 0; k < n && q < 4; q++)
		if (is(c[k], qos[q]))
			k++;
	struct strbuf uid = STRBUF_HEAP;
	if (k >= n || !pod_uid(c[k], &uid))
		return false;
	for (size_t r = 0; k + 1 < n && r < 3; r++) {
		const char *id = id64(c[k + 1], ctrs[r].prefix, ctrs[r].suffix);
		if (id) {
			sb_printf(out, "%s:%.*s", ctrs[r].runtime, idlen, id);
			free(uid.buf);
			return true;
		}
	}
	sb_printf(out, "k8s-pod:%s", sb_str(&uid));
	free(uid.buf);
	return true;
}

/* The container a cgroup path names, at its runtime's place; idlen hex
 * digits of an id (12 as docker ps, or 64). */
static bool path_container(const char *path, struct strbuf *out, int idlen)
{
	struct component c[8];
	size_t n = 0;
	const char *id;

	for (const char *p = path; *p && n < 8;) {
		size_t len = strcspn(p, "/");
		if (len)
			c[n++] = (struct component){ p, len };
		p += len + (p[len] == '/');
	}
	if (n >= 2 && is(c[0], "docker") && (id = id64(c[1], "", "")))
		sb_printf(out, "docker:%.*s", idlen, id);
	else if (n >= 2 && is(c[0], "system.slice") && (id = id64(c[1], "docker-", ".scope")))
		sb_printf(out, "docker:%.*s", idlen, id);
	else if (n >= 2 && ((is(c[0], "machine.slice") && (id = id64(c[1], "libpod-", ".scope"))) ||
			    (is(c[0], "libpod_parent") && (id = id64(c[1], "libpod-", "")))))
		sb_printf(out, "podman:%.*s", idlen, id);
	else if (n >= 2 && (is(c[0], "kubepods") || is(c[0], "kubepods.slice")))
		return kube_container(c, n, out, idlen);
	else if (n >= 1 && c[0].len > 12 && !memcmp(c[0].s, "lxc.payload.", 12))
		sb_printf(out, "lxc:%.*s", (int)(c[0].len - 12), c[0].s + 12);
	else if (n >= 2 && is(c[0], "machine.slice") && c[1].len > 14 && !memcmp(c[1].s, "machine-", 8) &&
		 !memcmp(c[1].s + c[1].len - 6, ".scope", 6)) {
		sb_printf(out, "nspawn:");
		for (size_t i = 8; i < c[1].len - 6; i++) {	/* "\x2d" is '-' */
			int hi = i + 3 < c[1].len - 6 && c[1].s[i] == '\\' && c[1].s[i + 1] == 'x' ?
				 hex_digit(c[1].s[i + 2]) : -1, lo = hi >= 0 ? hex_digit(c[1].s[i + 3]) : -1;
			sb_printf(out, "%c", lo >= 0 ? (char)(hi << 4 | lo) : c[1].s[i]);
			i += lo >= 0 ? 3 : 0;
		}
	} else
		return false;
	return true;
}

struct container_scan {
	struct strbuf id;
	int idlen;
};

/* "N:CONTROLLERS:PATH": the first line whose path names a container wins */
static int container_line(char *line, void *ctx)
{
	struct container_scan *cs = ctx;
	char *path = strchr(line, ':');

	path = path ? strchr(path + 1, ':') : NULL;
	return path && path_container(path + 1, &cs->id, cs->idlen);
}

char *proc_container_id(pid_t pid, bool full)
{
	struct container_scan cs = { STRBUF_HEAP, full ? 64 : 12 };
	char path[32];

	fmt_snprintf(path, sizeof path, "/proc/%d/cgroup", (int)pid);
	for_each_line(path, container_line, &cs);
	return cs.id.buf;
}

char *proc_container(pid_t pid)
{
	return proc_container_id(pid, false);
}

char *cgroup_container_id(const char *text, bool full)
{
	struct container_scan cs = { STRBUF_HEAP, full ? 64 : 12 };
	char *copy = xstrdup(text);

	for (char *line = copy, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (container_line(line, &cs))
			break;
	}
	free(copy);
	return cs.id.buf;
}

char *cgroup_container(const char *text)
{
	return cgroup_container_id(text, false);
}
