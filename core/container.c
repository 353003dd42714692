/* SPDX-License-Identifier: 0BSD */
/* Containers by name: each runtime's records from its state on disk, a
 * REF matched against them, the init process checked before it is used. */
#include "container.h"
#include "fmt.h"
#include "json.h"
#include "proc.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum { STATE_MAX = 1 << 20, NOTES_MAX = 3, SHOWN_MAX = 4, NAME_MAX_LEN = 512 };

struct crec {
	const char *runtime;	/* as shown: docker containerd k8s podman lxc nspawn */
	const char *source;	/* whose state it is; a qualifier matches either */
	char *id, *name;
	pid_t pid;		/* the init, from the state or the cgroups; 0: none */
	int64_t written;	/* when the state naming pid was written (s) */
	uint64_t start;		/* the cgroup scan's oldest process so far (ticks) */
	bool stopped;		/* the state says so */
};

struct containers {
	struct crec *recs;
	size_t n;
	struct strbuf looked;	/* "docker 3 in /var/lib/docker, ..." */
	struct strbuf notes;	/* state that could not be read, and why */
	int nnotes;
	bool cgroups_read;
	char *buf;		/* the state file being read, reused */
	size_t bufsize;
	struct json doc;	/* and its tokens */
};

/* (Names and paths go into messages and cells as they are: both escape
 * control bytes where they are shown, fmt_escape.) */
static void note(struct containers *cs, const char *root, const char *path, const char *why)
{
	if (cs->nnotes++ >= NOTES_MAX)
		return;
	sb_printf(&cs->notes, "%s", cs->notes.len ? "; " : "");
	sb_printf(&cs->notes, "%s", root);
	sb_printf(&cs->notes, "/");
	sb_printf(&cs->notes, "%s", path);
	sb_printf(&cs->notes, ": %s", why);
}

static struct crec *add_rec(struct containers *cs, const char *runtime, const char *source, const char *id,
			    const char *name)
{
	cs->recs = xgrow(cs->recs, cs->n, sizeof *cs->recs);
	struct crec *r = &cs->recs[cs->n++];
	*r = (struct crec){ runtime, source, xstrdup(id), xstrdup(name), 0, 0, UINT64_MAX, false };
	return r;
}

/* Open a state file beneath dirfd: a regular file of at most 1 MiB (never
 * a FIFO or device), or -1 (said, unless it is just missing and may be). */
static int open_state(struct containers *cs, int dirfd, const char *root, const char *path, bool may_miss,
		      struct stat *st)
{
	int fd = open_beneath(dirfd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY);

	if (fd < 0 || fstat(fd, st) < 0) {
		int err = fd < 0 ? -fd : errno;
		if (!may_miss || err != ENOENT)
			note(cs, root, path, err == ELOOP || err == EXDEV ? "a symlink (not followed)" : errstr(err));
	} else if (!S_ISREG(st->st_mode) || st->st_size > STATE_MAX) {
		note(cs, root, path, S_ISREG(st->st_mode) ? "over 1 MiB" : "not a regular file");
	} else
		return fd;
	if (fd >= 0)
		close(fd);
	return -1;
}

/* A state file, whole, in cs->buf (NUL-terminated; valid until the next
 * read), or NULL. */
static char *read_state(struct containers *cs, int dirfd, const char *root, const char *path, bool may_miss,
			size_t *len, int64_t *mtime)
{
	struct stat st;
	int fd = open_state(cs, dirfd, root, path, may_miss, &st);
	ssize_t n = 0;
	size_t got = 0;

	if (fd < 0)
		return NULL;
	if (cs->bufsize <= (size_t)st.st_size) {
		cs->bufsize = (size_t)st.st_size + 4096;
		cs->buf = xrealloc(cs->buf, cs->bufsize);
	}
	for (; got < (size_t)st.st_size; got += (size_t)n)
		if ((n = read(fd, cs->buf + got, (size_t)st.st_size - got)) <= 0)
			break;
	if (n < 0)
		note(cs, root, path, errstr(errno));
	close(fd);
	cs->buf[got] = '\0';
	*len = strlen(cs->buf);	/* stops at a NUL: the JSON then ends early */
	*mtime = st.st_mtim.tv_sec;
	return n < 0 ? NULL : cs->buf;
}

/* A state file parsed into cs->doc, a JSON object (else said). */
static bool read_json(struct containers *cs, int dirfd, const char *root, const char *path, int64_t *mtime)
{
	size_t len;
	char *text = read_state(cs, dirfd, root, path, false, &len, mtime);
	if (!text)
		return false;
	int rc = json_parse(&cs->doc, text, len);
	if (rc == 0 && cs->doc.tok[0].type == JSON_OBJECT)
		return true;
	note(cs, root, path, rc == -ELOOP ? "nested too deep" : rc == -E2BIG ? "too many values" :
	     rc == 0 ? "not a JSON object" : "not valid JSON");
	return false;
}

/* A string member into buf ("" when absent or not a short string). */
static const char *member_str(const struct json *doc, int obj, const char *key, char *buf, size_t size)
{
	if (!json_string(doc, json_member(doc, obj, key), buf, size))
		buf[0] = '\0';
	return buf;
}

/* The directory ROOT/SUB of a runtime, or -1 (said in what was looked at). */
static int open_runtime_dir(struct containers *cs, const char *runtime, const char *root, const char *sub)
{
	char path[PATH_MAX];
	fmt_snprintf(path, sizeof path, "%s%s%s", root, *sub ? "/" : "", sub);
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		sb_printf(&cs->looked, "%s%s none (", cs->looked.len ? "; " : "", runtime);
		sb_printf(&cs->looked, "%s", path);
		sb_printf(&cs->looked, ": %s)", errstr(errno));
	}
	return fd;
}

static void said_count(struct containers *cs, const char *runtime, size_t before, const char *root)
{
	sb_printf(&cs->looked, "%s%s %zu in ", cs->looked.len ? "; " : "", runtime, cs->n - before);
	sb_printf(&cs->looked, "%s", root);
}

/* A runtime's small config file, whole (NULL when there is none). */
static char *read_config(const char *dir, const char *file, size_t *len)
{
	struct containers quiet = { .looked = STRBUF_HEAP, .notes = STRBUF_HEAP };
	int dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	int64_t mtime;
	char *text = dirfd < 0 ? NULL : read_state(&quiet, dirfd, dir, file, true, len, &mtime);

	if (!text)
		free(quiet.buf);
	free(quiet.notes.buf);
	if (dirfd >= 0)
		close(dirfd);
	return text;
}

/* "KEY": "VALUE" at the top of a JSON config into buf (else unchanged). */
static void json_config(const char *dir, const char *file, const char *key, char *buf, size_t size)
{
	size_t len;
	char *text = read_config(dir, file, &len), value[PATH_MAX];
	struct json doc = { 0 };

	if (text && json_parse(&doc, text, len) == 0 && json_string(&doc, json_member(&doc, 0, key), value,
								    sizeof value) && value[0] == '/')
		fmt_snprintf(buf, size, "%s", value);	/* only an absolute path */
	json_free(&doc);
	free(text);
}

/* KEY = "VALUE" in a TOML config, at the top ("") or in [SECTION]. */
static void toml_config(const char *dir, const char *file, const char *section, const char *key, char *buf,
			size_t size)
{
	size_t len, klen = strlen(key), slen = strlen(section);
	char *text = read_config(dir, file, &len), *in = "", *next;

	for (char *line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		line += strspn(line, " \t");
		if (*line == '[')
			in = line;
		if (strncmp(line, key, klen))
			continue;
		char *eq = line + klen + strspn(line + klen, " \t");
		if (*eq != '=')
			continue;
		char *value = eq + 1 + strspn(eq + 1, " \t"), *end = *value == '"' ? strchr(value + 1, '"') : NULL;
		if (end && value[1] == '/' && (slen ? !strncmp(in, section, slen) : !*in))
			fmt_snprintf(buf, size, "%.*s", (int)(end - value - 1), value + 1);
	}
	free(text);
}

/* What a directory walk of one runtime's state needs. */
struct walk {
	struct containers *cs;
	int dir;
	const char *root;
	const char *ns;		/* containerd: the namespace being read */
	char storage[64];	/* containers/storage: the DRIVER-containers directory */
	const char *runroot;
};

/* docker: DATA-ROOT/containers/ID/config.v2.json, the daemon's record of a
 * container (moby daemon/container/container.go: configFileName, written
 * by CheckpointTo on every change of state): "ID", "Name" ("/web1"),
 * "State": {"Running", "Pid"}. DATA-ROOT is "data-root" in
 * /etc/docker/daemon.json (dockerd's default --config-file), else
 * /var/lib/docker. */
static int docker_entry(const char *name, void *ctx)
{
	struct walk *w = ctx;
	char path[300], id[128], cname[NAME_MAX_LEN];
	const struct json *doc = &w->cs->doc;
	int64_t written;
	uint64_t pid = 0;

	fmt_snprintf(path, sizeof path, "%s/config.v2.json", name);
	if (!read_json(w->cs, w->dir, w->root, path, &written))
		return 0;
	int state = json_member(doc, 0, "State"), running = json_member(doc, state, "Running");
	member_str(doc, 0, "ID", id, sizeof id);
	member_str(doc, 0, "Name", cname, sizeof cname);
	json_u64(doc, json_member(doc, state, "Pid"), &pid);
	if (!id[0] || !cname[0]) {
		note(w->cs, w->root, path, "no ID or Name");
	} else {
		struct crec *r = add_rec(w->cs, "docker", "docker", id, cname + (cname[0] == '/'));
		r->stopped = running < 0 || doc->tok[running].type != JSON_TRUE;
		r->pid = pid <= INT_MAX ? (pid_t)pid : 0;
		r->written = written;
	}
	return 0;
}

static void load_docker(struct containers *cs)
{
	char root[PATH_MAX] = "/var/lib/docker", dir[PATH_MAX + 16];
	size_t before = cs->n;

	json_config("/etc/docker", "daemon.json", "data-root", root, sizeof root);
	fmt_snprintf(dir, sizeof dir, "%s/containers", root);
	struct walk w = { cs, open_runtime_dir(cs, "docker", root, "containers"), dir, NULL, "", NULL };
	if (w.dir < 0)
		return;
	dir_each(w.dir, docker_entry, &w, false);
	close(w.dir);
	said_count(cs, "docker", before, root);
}

/* A pid file's number, and when it was written; 0 when there is none. */
static pid_t read_pidfile(struct containers *cs, int dir, const char *root, const char *path, int64_t *written)
{
	struct stat st;
	char text[24];
	uint64_t pid = 0;
	int fd = open_state(cs, dir, root, path, true, &st);
	ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);

	if (fd >= 0)
		close(fd);
	if (n < 0)
		return 0;
	text[n] = '\0';
	text[strcspn(text, "\n")] = '\0';
	if (parse_u64(text, 1, INT_MAX, &pid) < 0)
		note(cs, root, path, "not a pid");
	*written = st.st_mtim.tv_sec;
	return (pid_t)pid;
}

/* containerd: STATE/io.containerd.runtime.v2.task/NAMESPACE/ID, the bundle
 * of each task (core/runtime/v2/bundle.go: NewBundle), with its OCI
 * config.json and the shim's init.pid (cmd/containerd-shim-runc-v2:
 * initPidFile). STATE is "state" in /etc/containerd/config.toml, else
 * /run/containerd. The CRI plugin's annotations name Kubernetes' pods and
 * containers (internal/cri/annotations: io.kubernetes.cri.container-type
 * "container" or "sandbox", sandbox-namespace, sandbox-name,
 * container-name). The namespace "moby" is docker's, shown as docker's. */
static int containerd_task(const char *id, void *ctx)
{
	struct walk *w = ctx;
	char path[600], type[16], ns[256], pod[256], ctr[256], name[3 * 256];
	const struct json *doc = &w->cs->doc;
	int64_t written;

	fmt_snprintf(path, sizeof path, "%s/%s/config.json", w->ns, id);
	if (!read_json(w->cs, w->dir, w->root, path, &written))
		return 0;
	int notes = json_member(doc, 0, "annotations");
	member_str(doc, notes, "io.kubernetes.cri.container-type", type, sizeof type);
	member_str(doc, notes, "io.kubernetes.cri.sandbox-namespace", ns, sizeof ns);
	member_str(doc, notes, "io.kubernetes.cri.sandbox-name", pod, sizeof pod);
	member_str(doc, notes, "io.kubernetes.cri.container-name", ctr, sizeof ctr);
	bool k8s = !strcmp(type, "sandbox") || !strcmp(type, "container");
	if (k8s)
		fmt_snprintf(name, sizeof name, "%s/%s%s%s", ns, pod, ctr[0] ? "/" : "", ctr);
	else
		fmt_snprintf(name, sizeof name, "%s%s%s", strcmp(w->ns, "default") ? w->ns : "",
			     strcmp(w->ns, "default") ? "/" : "", id);
	struct crec *r = add_rec(w->cs, k8s ? "k8s" : "containerd", "containerd", id, name);
	fmt_snprintf(path, sizeof path, "%s/%s/init.pid", w->ns, id);
	r->pid = read_pidfile(w->cs, w->dir, w->root, path, &r->written);
	r->stopped = !r->pid;
	return 0;
}

static int containerd_namespace(const char *ns, void *ctx)
{
	struct walk *w = ctx;
	char path[300];

	if (!strcmp(ns, "moby"))
		return 0;
	int dir = open_beneath(w->dir, ns, O_RDONLY | O_DIRECTORY);
	if (dir < 0) {
		fmt_snprintf(path, sizeof path, "%s", ns);
		note(w->cs, w->root, path, errstr(-dir));
		return 0;
	}
	w->ns = ns;
	dir_each(dir, containerd_task, w, false);
	close(dir);
	return 0;
}

static void load_containerd(struct containers *cs)
{
	char root[PATH_MAX] = "/run/containerd", tasks[PATH_MAX + 32];
	size_t before = cs->n;

	toml_config("/etc/containerd", "config.toml", "", "state", root, sizeof root);
	fmt_snprintf(tasks, sizeof tasks, "%s/io.containerd.runtime.v2.task", root);
	struct walk w = { cs, open_runtime_dir(cs, "containerd", root, "io.containerd.runtime.v2.task"), tasks,
			  NULL, "", NULL };
	if (w.dir < 0)
		return;
	dir_each(w.dir, containerd_namespace, &w, false);
	close(w.dir);
	said_count(cs, "containerd", before, root);
}

/* CRI-O names its containers k8s_CONTAINER_POD_NAMESPACE_UID_ATTEMPT
 * and its sandboxes k8s_POD_POD_NAMESPACE_UID_ATTEMPT (kubelet's names
 * have no '_'): "NAMESPACE/POD/CONTAINER" or "NAMESPACE/POD"; false else. */
static bool crio_name(const char *name, char *out, size_t size)
{
	const char *part[5];
	int n = 0;

	if (strncmp(name, "k8s_", 4))
		return false;
	for (const char *p = name + 4; n < 5; p++) {
		part[n++] = p;
		if (!(p = strchr(p, '_')))
			break;
	}
	if (n < 5)
		return false;
	int ctr = (int)(part[1] - part[0] - 1), pod = (int)(part[2] - part[1] - 1), ns = (int)(part[3] - part[2] - 1);
	bool sandbox = ctr == 3 && !strncmp(part[0], "POD", 3);
	fmt_snprintf(out, size, "%.*s/%.*s%s%.*s", ns, part[2], pod, part[1], sandbox ? "" : "/", sandbox ? 0 : ctr,
		     part[0]);
	return true;
}

/* podman and CRI-O: containers/storage's record of every container,
 * GRAPHROOT/DRIVER-containers/containers.json (containers/storage
 * containers.go: an array of {"id", "names": [...]}), and conmon's pid file
 * RUNROOT/DRIVER-containers/ID/userdata/pidfile (libpod
 * oci_conmon_linux.go: ctr.state.RunDir). GRAPHROOT and RUNROOT are
 * graphroot and runroot in [storage] of /etc/containers/storage.conf, else
 * /var/lib/containers/storage and /run/containers/storage. */
static void storage_records(struct walk *w, const struct json *doc, int runroot)
{
	char id[128], name[NAME_MAX_LEN], k8s[NAME_MAX_LEN], path[300];

	if (!doc->n || doc->tok[0].type != JSON_ARRAY)
		return;
	/* element by element through each one's next token: json_element(i)
	 * walks from the start, which made a long array quadratic */
	for (uint32_t e = 1; e < doc->tok[0].next; e = doc->tok[e].next) {
		int ctr = (int)e;
		member_str(doc, ctr, "id", id, sizeof id);
		if (!json_string(doc, json_element(doc, json_member(doc, ctr, "names"), 0), name, sizeof name))
			fmt_snprintf(name, sizeof name, "%s", id);
		if (!id[0] || strchr(id, '/') || id[0] == '.')
			continue;
		bool crio = crio_name(name, k8s, sizeof k8s);
		struct crec *r = add_rec(w->cs, crio ? "k8s" : "podman", crio ? "cri-o" : "podman", id, crio ? k8s : name);
		fmt_snprintf(path, sizeof path, "%s/%s/userdata/pidfile", w->storage, id);
		r->pid = runroot < 0 ? 0 : read_pidfile(w->cs, runroot, w->runroot, path, &r->written);
	}
}

static int storage_entry(const char *name, void *ctx)
{
	struct walk *w = ctx;
	size_t len = strlen(name);
	char path[300], *text;
	struct json *doc = &w->cs->doc;
	int64_t written;

	if (len < 11 || len >= sizeof w->storage || strcmp(name + len - 11, "-containers"))
		return 0;
	fmt_snprintf(w->storage, sizeof w->storage, "%s", name);
	fmt_snprintf(path, sizeof path, "%s/containers.json", name);
	size_t size;
	if (!(text = read_state(w->cs, w->dir, w->root, path, true, &size, &written)))
		return 0;
	int rc = json_parse(doc, text, size), runroot = open(w->runroot, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rc == 0 && doc->tok[0].type == JSON_ARRAY)
		storage_records(w, doc, runroot);
	else
		note(w->cs, w->root, path, rc == 0 ? "not a JSON array" : "not valid JSON");
	if (runroot >= 0)
		close(runroot);
	return 0;
}

static void load_storage(struct containers *cs)
{
	char root[PATH_MAX] = "/var/lib/containers/storage", runroot[PATH_MAX] = "/run/containers/storage";
	size_t before = cs->n;

	toml_config("/etc/containers", "storage.conf", "[storage]", "graphroot", root, sizeof root);
	toml_config("/etc/containers", "storage.conf", "[storage]", "runroot", runroot, sizeof runroot);
	struct walk w = { cs, open_runtime_dir(cs, "podman/cri-o", root, ""), root, NULL, "", runroot };
	if (w.dir < 0)
		return;
	dir_each(w.dir, storage_entry, &w, false);
	close(w.dir);
	said_count(cs, "podman/cri-o", before, root);
}

/* LXC: LXCPATH/NAME/config for each container defined (lxc.lxcpath,
 * /var/lib/lxc); the running ones, and systemd-nspawn's, are found by
 * their cgroups (read_cgroups). */
static int lxc_entry(const char *name, void *ctx)
{
	struct walk *w = ctx;
	char path[300];
	struct stat st;

	fmt_snprintf(path, sizeof path, "%s/config", name);
	if (fstatat(w->dir, path, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
		add_rec(w->cs, "lxc", "lxc", name, name)->stopped = true;
	return 0;
}

static void load_lxc(struct containers *cs)
{
	struct walk w = { cs, open("/var/lib/lxc", O_RDONLY | O_DIRECTORY | O_CLOEXEC), "/var/lib/lxc", NULL, "",
			  NULL };
	if (w.dir < 0)
		return;
	dir_each(w.dir, lxc_entry, &w, false);
	close(w.dir);
}

struct containers *containers_load(void)
{
	struct containers *cs = xmalloc(sizeof *cs);

	*cs = (struct containers){ .looked = STRBUF_HEAP, .notes = STRBUF_HEAP };
	load_docker(cs);
	load_containerd(cs);
	load_storage(cs);
	load_lxc(cs);
	return cs;
}

void containers_free(struct containers *cs)
{
	if (!cs)
		return;
	for (size_t i = 0; i < cs->n; i++) {
		free(cs->recs[i].id);
		free(cs->recs[i].name);
	}
	free(cs->recs);
	free(cs->buf);
	json_free(&cs->doc);
	free(cs->looked.buf);
	free(cs->notes.buf);
	free(cs);
}

/* When the process behind procfd started, in clock ticks since boot; 0
 * when it is gone. (Field 22 of stat, after the name's last ')'.) */
static uint64_t start_ticks(int procfd)
{
	char text[1024];
	const char *p = read_file_at(procfd, "stat", text, sizeof text) > 0 ? strrchr(text, ')') : NULL;

	for (int field = 3; p && field <= 22; field++)
		p = strchr(p + 1, ' ');
	return p ? scan_u64(p + 1, &p) : 0;
}

/* Two reads of the clock: the raw call, without musl's vDSO lookup (about
 * 1 KiB). 32-bit builds keep libc's, which picks clock_gettime64 or the
 * old call for their 64-bit time_t. */
static int clock_now(clockid_t clock, struct timespec *ts)
{
#ifdef SYS_clock_gettime64
	return clock_gettime(clock, ts);
#else
	return (int)syscall(SYS_clock_gettime, clock, ts);
#endif
}

/* Did it start before the state that names its pid was written? (Else a
 * later process has that pid.) Within 2 s: boot time is known to 1 s.
 * Ticks are USER_HZ, 100 on every architecture nsbox builds for (musl's
 * sysconf(_SC_CLK_TCK) says so too, and costs 1 KiB). */
static bool started_before(int procfd, int64_t written)
{
	struct timespec boot, now;
	uint64_t ticks = start_ticks(procfd);

	if (!ticks || clock_now(CLOCK_BOOTTIME, &boot) < 0 || clock_now(CLOCK_REALTIME, &now) < 0)
		return false;
	return (int64_t)(now.tv_sec - boot.tv_sec) + (int64_t)(ticks / 100) <= written + 2;
}

/* The running containers' processes, by cgroup: LXC's and nspawn's are
 * named by it (their init: the oldest process in it), and it finds the
 * init of a record whose state gave none. */
static void read_cgroups(struct containers *cs)
{
	struct proc_iter it;
	pid_t pid;

	cs->cgroups_read = true;
	if (proc_iter_open(&it) < 0)
		return;
	while ((pid = proc_iter_next(&it))) {
		char *id = proc_container_id(pid, true), *colon = id ? strchr(id, ':') : NULL;
		if (!colon) {
			free(id);
			continue;
		}
		*colon = '\0';
		bool named = !strcmp(id, "lxc") || !strcmp(id, "nspawn");
		struct crec *r = NULL;
		for (size_t i = 0; i < cs->n && !r; i++)
			if (!strcmp(cs->recs[i].id, colon + 1) && (!named || !strcmp(cs->recs[i].runtime, id)))
				r = &cs->recs[i];
		if (!r && named)
			r = add_rec(cs, !strcmp(id, "lxc") ? "lxc" : "nspawn", !strcmp(id, "lxc") ? "lxc" : "nspawn",
				    colon + 1, colon + 1);
		int fd = r && (named || (!r->pid && !r->stopped)) ? proc_open_pid(pid) : -1;
		uint64_t ticks = fd >= 0 ? start_ticks(fd) : 0;
		if (ticks && ticks < r->start) {
			r->start = ticks;
			r->pid = pid;
			r->written = INT64_MAX / 2;	/* found live */
			r->stopped = false;
		}
		if (fd >= 0)
			close(fd);
		free(id);
	}
	proc_iter_close(&it);
}

/* How well REF names r: 3 its ID or name, 2 POD/CONTAINER of a
 * Kubernetes NAMESPACE/POD/CONTAINER, 1 a prefix of its ID; 0 not at all. */
static int match_rank(const struct crec *r, const char *runtime, const char *ref)
{
	const char *slash = strchr(r->name, '/');

	if (runtime && strcmp(runtime, r->runtime) && strcmp(runtime, r->source))
		return 0;
	return !strcmp(ref, r->id) || !strcmp(ref, r->name) ? 3 :
	       !strcmp(r->runtime, "k8s") && slash && !strcmp(ref, slash + 1) ? 2 :
	       !strncmp(r->id, ref, strlen(ref)) && strcmp(r->runtime, "lxc") && strcmp(r->runtime, "nspawn");
}

/* The best match (NULL for none) and how many share its rank. */
static struct crec *best_match(struct containers *cs, const char *runtime, const char *ref, size_t *count)
{
	struct crec *best = NULL;
	int best_rank = 0;

	*count = 0;
	for (size_t i = 0; i < cs->n; i++) {
		int rank = match_rank(&cs->recs[i], runtime, ref);
		if (rank > best_rank) {
			best = &cs->recs[i];
			best_rank = rank;
			*count = 0;
		}
		*count += rank && rank == best_rank;
	}
	return best;
}

/* "RUNTIME:NAME (ID12)", control bytes escaped. */
static void describe(struct strbuf *sb, const struct crec *r)
{
	sb_printf(sb, "%s:", r->runtime);
	sb_printf(sb, "%s", r->name);
	if (strcmp(r->id, r->name)) {
		char id[13];
		fmt_snprintf(id, sizeof id, "%s", r->id);
		sb_printf(sb, " (");
		sb_printf(sb, "%s", id);
		sb_printf(sb, ")");
	}
}

_Noreturn static void die_unmatched(struct containers *cs, const char *runtime, const char *ref, size_t count,
				    const struct strbuf *said_ref)
{
	struct strbuf text = STRBUF_HEAP;
	size_t shown = 0, lxc = 0, nspawn = 0;

	if (count) {
		int rank = match_rank(best_match(cs, runtime, ref, &count), runtime, ref);
		sb_printf(&text, "'%s' is ambiguous:", sb_str(said_ref));
		for (size_t i = 0; i < cs->n && shown < SHOWN_MAX; i++)
			if (match_rank(&cs->recs[i], runtime, ref) == rank) {
				sb_printf(&text, "%s ", shown++ ? "," : "");
				describe(&text, &cs->recs[i]);
			}
		if (count > shown)
			sb_printf(&text, " and %zu more", count - shown);
		die(1, 0, "%s", sb_str(&text));
	}
	for (size_t i = 0; i < cs->n; i++) {
		lxc += !strcmp(cs->recs[i].runtime, "lxc");
		nspawn += !strcmp(cs->recs[i].runtime, "nspawn");
	}
	if (cs->nnotes > NOTES_MAX)
		sb_printf(&cs->notes, " and %d more", cs->nnotes - NOTES_MAX);
	die(1, 0, "no container '%s' (looked at %s%slxc %zu, nspawn %zu by cgroup%s%s)", sb_str(said_ref),
	    sb_str(&cs->looked), cs->looked.len ? "; " : "", lxc, nspawn, cs->nnotes ? "; could not read " : "",
	    sb_str(&cs->notes));
}

/* The record REF names, with its init found (cgroups read when needed). */
static struct crec *find_or_die(struct containers *cs, const char *ref)
{
	static const char *const runtimes[] = { "docker", "containerd", "k8s", "podman", "cri-o", "lxc", "nspawn" };
	const char *colon = strchr(ref, ':'), *runtime = NULL;
	char qualifier[16];
	struct strbuf said_ref = STRBUF_HEAP;
	size_t count;

	sb_printf(&said_ref, "%s", ref);
	if (colon && colon - ref < (ptrdiff_t)sizeof qualifier) {
		fmt_snprintf(qualifier, sizeof qualifier, "%.*s", (int)(colon - ref), ref);
		for (size_t i = 0; i < sizeof runtimes / sizeof *runtimes && !runtime; i++)
			if (!strcmp(qualifier, runtimes[i])) {
				runtime = runtimes[i];
				ref = colon + 1;
			}
	}
	if (!*ref)
		die(1, 0, "no container name given in '%s'", sb_str(&said_ref));
	struct crec *r = best_match(cs, runtime, ref, &count);
	if (!cs->cgroups_read && (count != 1 || (!r->pid && !r->stopped) || !strcmp(r->runtime, "lxc"))) {
		read_cgroups(cs);
		r = best_match(cs, runtime, ref, &count);
	}
	if (count != 1)
		die_unmatched(cs, runtime, ref, count, &said_ref);
	free(said_ref.buf);
	return r;
}

void container_resolve_or_die(const char *ref, struct container_target *t)
{
	struct containers *cs = containers_load();
	struct crec *r = find_or_die(cs, ref);
	struct strbuf cname = STRBUF_HEAP;
	int fd = r->pid && !r->stopped ? proc_open_pid(r->pid) : -1;

	describe(&cname, r);
	if (fd < 0 || !started_before(fd, r->written))
		die(1, 0, "container %s is not running", sb_str(&cname));
	/* its processes: those in its container's cgroup, else in the init's
	 * own cgroup, but not one it shares with us (then just the init) */
	char text[8192], ours[8192];
	ssize_t n = read_file_at(fd, "cgroup", text, sizeof text);
	char *id = n > 0 ? cgroup_container_id(text, true) : NULL;
	if (!id && n > 0 && (read_file_at(AT_FDCWD, "/proc/self/cgroup", ours, sizeof ours) < 0 || strcmp(text, ours)))
		id = xstrdup(text);
	*t = (struct container_target){ r->pid, fd, cname.buf, id };
	containers_free(cs);
}

bool container_alive(int procfd)
{
	struct stat st;
	return fstatat(procfd, "stat", &st, 0) == 0;
}

bool container_has(const struct container_target *t, pid_t pid)
{
	char path[40], text[8192];

	fmt_snprintf(path, sizeof path, "/proc/%d/cgroup", (int)pid);
	if (pid == t->pid)
		return true;
	if (!t->key || read_file_at(AT_FDCWD, path, text, sizeof text) <= 0)
		return false;
	char *id = cgroup_container_id(text, true);
	bool same = !strcmp(id ? id : text, t->key);
	free(id);
	return same;
}

char *containers_name(struct containers *cs, pid_t pid)
{
	char *id = proc_container_id(pid, true), *colon = id ? strchr(id, ':') : NULL;
	struct strbuf name = STRBUF_HEAP;

	if (colon && (!strncmp(id, "lxc:", 4) || !strncmp(id, "nspawn:", 7)))
		return id;
	for (size_t i = 0; i < cs->n && !name.len; i++) {
		const struct crec *r = &cs->recs[i];
		bool init = r->pid == pid && !r->stopped;
		if (init && !colon) {	/* its pid in the state: checked as resolving does */
			int fd = proc_open_pid(pid);
			init = fd >= 0 && started_before(fd, r->written);
			if (fd >= 0)
				close(fd);
		}
		if ((colon && !strcmp(r->id, colon + 1)) || (!colon && init))
			sb_printf(&name, "%s:%s", r->runtime, r->name);
	}
	free(id);
	return name.buf;
}
