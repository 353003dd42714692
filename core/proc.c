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

/* A runtime's container id: 12 hex digits (as docker ps shows them) of the
 * hex run after PREFIX in component c, when the rest ends as SUFFIX. */
static bool container_id(const char *c, size_t len, const char *prefix, const char *suffix,
			 const char *runtime, struct strbuf *out)
{
	size_t plen = strlen(prefix), slen = strlen(suffix), hex = 0;

	if (len < plen + slen || strncmp(c, prefix, plen) || strncmp(c + len - slen, suffix, slen))
		return false;
	while (plen + hex < len - slen && strchr("0123456789abcdef", c[plen + hex]))
		hex++;
	if (hex < 12 || plen + hex != len - slen)
		return false;
	sb_printf(out, "%s:%.12s", runtime, c + plen);
	return true;
}

/* The container of one cgroup path component, if it names one. */
static bool container_of_component(const char *c, size_t len, struct strbuf *out)
{
	static const struct { const char *prefix, *suffix, *runtime; } ids[] = {
		{ "docker-", ".scope", "docker" },
		{ "cri-containerd-", ".scope", "containerd" },
		{ "crio-", ".scope", "cri-o" },
		{ "libpod-", ".scope", "podman" },
	};
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
		if (container_id(c, len, ids[i].prefix, ids[i].suffix, ids[i].runtime, out))
			return true;
	if (len > 12 && !strncmp(c, "lxc.payload.", 12)) {
		sb_printf(out, "lxc:%.*s", (int)(len - 12), c + 12);
		return true;
	}
	if (len > 14 && !strncmp(c, "machine-", 8) && !strncmp(c + len - 6, ".scope", 6)) {
		sb_printf(out, "nspawn:%.*s", (int)(len - 14), c + 8);
		return true;
	}
	return false;
}

struct container_scan {
	struct strbuf id;	/* a container's id */
	struct strbuf pod;	/* a kubernetes pod's uid, when no id is found */
};

static int container_line(char *line, void *ctx)
{
	struct container_scan *cs = ctx;
	char *path = strchr(line, ':');

	path = path ? strchr(path + 1, ':') : NULL;
	if (!path)
		return 0;
	path++;
	/* the deepest component that names a container, and "/docker/ID" */
	const char *prev = NULL;
	size_t prev_len = 0;
	for (char *c = path; *c;) {
		size_t len = strcspn(c, "/");
		if (len && !cs->id.len) {
			if (prev && prev_len == 6 && !strncmp(prev, "docker", 6))
				container_id(c, len, "", "", "docker", &cs->id);
			if (!cs->id.len)
				container_of_component(c, len, &cs->id);
		}
		/* a pod: "kubepods-...-pod<UID>.slice" (systemd) or "pod<UID>"
		 * under kubepods (cgroupfs) */
		const char *pod = NULL;
		for (const char *q = c; len > 4 && q + 4 <= c + len; q++)
			if (!strncmp(q, "-pod", 4))
				pod = q + 1;
		if (!pod && len > 3 && !strncmp(c, "pod", 3) && strstr(path, "kubepods"))
			pod = c;
		if (len && !cs->pod.len && pod && (pod == c || !strncmp(c, "kubepods", 8))) {
			size_t off = (size_t)(pod + 3 - c), end = len;
			if (len > 6 && !strncmp(c + len - 6, ".slice", 6))
				end = len - 6;
			for (size_t i = off; i < end; i++)	/* systemd escapes - as _ */
				sb_printf(&cs->pod, "%c", c[i] == '_' ? '-' : c[i]);
		}
		prev = c;
		prev_len = len;
		c += len + (c[len] == '/');
	}
	return 0;
}

static char *container_result(struct container_scan cs)
{
	if (cs.id.len) {
		free(cs.pod.buf);
		return cs.id.buf;
	}
	if (cs.pod.len) {
		char *id = xmalloc(cs.pod.len + 9);
		fmt_snprintf(id, cs.pod.len + 9, "k8s-pod:%s", cs.pod.buf);
		free(cs.pod.buf);
		return id;
	}
	free(cs.id.buf);
	free(cs.pod.buf);
	return NULL;
}

char *proc_container(pid_t pid)
{
	struct container_scan cs = { STRBUF_HEAP, STRBUF_HEAP };
	char path[32];

	fmt_snprintf(path, sizeof path, "/proc/%d/cgroup", (int)pid);
	for_each_line(path, container_line, &cs);
	return container_result(cs);
}

char *cgroup_container(const char *text)
{
	struct container_scan cs = { STRBUF_HEAP, STRBUF_HEAP };
	char *copy = xstrdup(text);

	for (char *line = copy, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		container_line(line, &cs);
	}
	free(copy);
	return container_result(cs);
}
