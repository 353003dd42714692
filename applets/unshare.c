/* SPDX-License-Identifier: 0BSD */
/* unshare: a drop-in for util-linux unshare(1), every option of 2.42, the
 * same order of operations, messages and exit codes. */
#include "applets.h"
#include "help.h"
#include "fmt.h"
#include "ns.h"
#include "opt.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum {
	OPT_KILLCHILD = 256, OPT_FORWARD, OPT_MOUNTPROC, OPT_MOUNTBINFMT, OPT_MAPUSER,
	OPT_MAPUSERS, OPT_MAPGROUP, OPT_MAPGROUPS, OPT_MAPAUTO, OPT_MAPSUBIDS, OPT_OWNER,
	OPT_PROPAGATION, OPT_SETGROUPS, OPT_KEEPCAPS, OPT_MONOTONIC, OPT_BOOTTIME,
	OPT_CLEARENV, OPT_WHITELIST, OPT_HOSTEXEC, OPT_TRUSTLOADER,
};

/* The order of util-linux's table: it decides the "ambiguous" listing. */
static const char unshare_shortopts[] = "+fmuinpCTUrR:w:S:G:cl:";
static const struct opt_long unshare_longopts[] = {
	{ "mount", OPT_OPTIONAL, 'm' }, { "uts", OPT_OPTIONAL, 'u' },
	{ "ipc", OPT_OPTIONAL, 'i' }, { "net", OPT_OPTIONAL, 'n' },
	{ "pid", OPT_OPTIONAL, 'p' }, { "user", OPT_OPTIONAL, 'U' },
	{ "cgroup", OPT_OPTIONAL, 'C' }, { "time", OPT_OPTIONAL, 'T' },
	{ "fork", OPT_NOARG, 'f' }, { "kill-child", OPT_OPTIONAL, OPT_KILLCHILD },
	{ "forward-signals", OPT_NOARG, OPT_FORWARD },
	{ "mount-proc", OPT_OPTIONAL, OPT_MOUNTPROC },
	{ "mount-binfmt", OPT_OPTIONAL, OPT_MOUNTBINFMT },
	{ "map-user", OPT_REQUIRED, OPT_MAPUSER }, { "map-users", OPT_REQUIRED, OPT_MAPUSERS },
	{ "map-group", OPT_REQUIRED, OPT_MAPGROUP }, { "map-groups", OPT_REQUIRED, OPT_MAPGROUPS },
	{ "map-root-user", OPT_NOARG, 'r' }, { "map-current-user", OPT_NOARG, 'c' },
	{ "map-auto", OPT_NOARG, OPT_MAPAUTO }, { "map-subids", OPT_NOARG, OPT_MAPSUBIDS },
	{ "owner", OPT_REQUIRED, OPT_OWNER },
	{ "propagation", OPT_REQUIRED, OPT_PROPAGATION },
	{ "setgroups", OPT_REQUIRED, OPT_SETGROUPS }, { "keep-caps", OPT_NOARG, OPT_KEEPCAPS },
	{ "setuid", OPT_REQUIRED, 'S' }, { "setgid", OPT_REQUIRED, 'G' },
	{ "root", OPT_REQUIRED, 'R' }, { "wd", OPT_REQUIRED, 'w' },
	{ "monotonic", OPT_REQUIRED, OPT_MONOTONIC }, { "boottime", OPT_REQUIRED, OPT_BOOTTIME },
	{ "load-interp", OPT_REQUIRED, 'l' },
	{ "clear-env", OPT_NOARG, OPT_CLEARENV }, { "whitelist-env", OPT_REQUIRED, OPT_WHITELIST },
	{ "host-exec", OPT_NOARG, OPT_HOSTEXEC },
	{ "unsafe-target-loader", OPT_NOARG, OPT_TRUSTLOADER },
	{ NULL, 0, 0 },
};

/* A persistent namespace: bind-mount its /proc file onto target. */
struct persist {
	const struct ns_type *type;
	const char *target;
};

struct idrange {
	uint32_t inner, outer, count;
};

/* One id map (uid or gid) as the options build it. */
struct idmap {
	struct idrange *ranges;		/* --map-users/--map-groups */
	size_t nranges;
	bool has_single;		/* --map-user/-r/-c: "inner <our id> 1" */
	uint32_t single_inner;
};

struct unshare_opts {
	int flags;			/* CLONE_NEW* */
	struct persist persist[NS_TYPES_MAIN];
	size_t npersist;
	bool fork, forward_signals, keep_caps, clear_env, host_exec, trust_loader;
	int kill_signal;		/* 0: no --kill-child */
	const char *mount_proc, *mount_binfmt, *load_interp;
	struct idmap uids, gids;
	bool owner_set;
	uid_t owner_uid;
	gid_t owner_gid;
	unsigned long propagation;	/* 0: unchanged */
	const char *setgroups;
	bool setuid_set, setgid_set;
	uid_t setuid;
	gid_t setgid;
	const char *root, *wd;
	bool monotonic_set, boottime_set;
	int64_t monotonic, boottime;
	char **keep;			/* --whitelist-env: NAME=VALUE, taken at parse time */
	size_t nkeep;
	uid_t euid;			/* our ids before unshare(2) */
	gid_t egid;
};

/* ---- parsing ------------------------------------------------------- */

static void add_persist(struct unshare_opts *o, int flag, const char *file)
{
	const struct ns_type *type = ns_type_by_flag(flag);

	/* the *_for_children link is the one a new pid/time namespace has */
	if (type->children >= 0)
		type = &ns_types[type->children];
	for (size_t i = 0; i < o->npersist; i++)
		if (o->persist[i].type == type) {
			o->persist[i].target = file;
			return;
		}
	o->persist[o->npersist++] = (struct persist){ type, file };
}

static uint32_t parse_id_or_name(const char *arg, bool group)
{
	const char *file = group ? "/etc/group" : "/etc/passwd";
	struct user_entry entry;
	uint64_t id;

	if (parse_u64(arg, 0, UINT32_MAX - 1, &id) == 0)
		return (uint32_t)id;
	int rc = user_lookup(file, arg, 0, &entry);
	if (rc == 0)
		return entry.id;
	if (rc != -ENOENT)
		die(1, 0, "failed to parse %s '%s': cannot read %s: %s", group ? "gid" : "uid", arg, file,
		    errstr(-rc));
	die(1, EINVAL, "failed to parse %s '%s'", group ? "gid" : "uid", arg);
}

static uint32_t parse_id(const char *arg, const char *what)
{
	return (uint32_t)parse_u64_or_die(arg, 0, UINT32_MAX - 1, what);
}

static int64_t parse_offset(const char *arg, const char *what)
{
	uint64_t magnitude;
	bool negative = arg[0] == '-';

	if (parse_u64(arg + negative, 0, INT64_MAX, &magnitude) < 0)
		die(1, 0, "failed to parse %s offset: '%s'", what, arg);
	return negative ? -(int64_t)magnitude : (int64_t)magnitude;
}

static void add_range(struct idmap *map, uint32_t inner, uint32_t outer, uint32_t count)
{
	map->ranges = xgrow(map->ranges, (size_t)map->nranges, sizeof *map->ranges);
	map->ranges[map->nranges++] = (struct idrange){ inner, outer, count };
}

/* /etc/subuid or /etc/subgid: the first NAME-or-UID:START:COUNT line of
 * the user (both files are keyed by the user, as util-linux does). */
struct subid_query {
	const char *name;	/* the user's name, or "" */
	char uid[16];
	uint32_t start, count;
};

static int subid_line(char *line, void *ctx)
{
	struct subid_query *q = ctx;
	char *save = NULL, *who = strtok_r(line, ":", &save);
	char *first = strtok_r(NULL, ":", &save), *n = strtok_r(NULL, ":", &save);
	uint64_t a, b;

	if (!who || !first || !n || (strcmp(who, q->uid) && strcmp(who, q->name)))
		return 0;
	if (parse_u64(first, 0, UINT32_MAX, &a) < 0 || parse_u64(n, 1, UINT32_MAX, &b) < 0)
		return 0;
	q->start = (uint32_t)a;
	q->count = (uint32_t)b;
	return 1;
}

static bool subid_range(const char *file, const char *user, uid_t uid, uint32_t *start,
			uint32_t *count)
{
	struct subid_query q = { .name = user };

	fmt_snprintf(q.uid, sizeof q.uid, "%u", (unsigned)uid);
	if (for_each_line(file, subid_line, &q) != 1)
		return false;
	*start = q.start;
	*count = q.count;
	return true;
}

/* --map-users=all: our own namespace's map, passed through */
static int passthrough_line(char *line, void *ctx)
{
	uint64_t inner, outer, count;
	char *save = NULL, *a = strtok_r(line, " ", &save), *b = strtok_r(NULL, " ", &save);
	char *c = strtok_r(NULL, " ", &save);

	if (a && b && c && parse_u64(a, 0, UINT32_MAX, &inner) == 0 &&
	    parse_u64(b, 0, UINT32_MAX, &outer) == 0 && parse_u64(c, 1, UINT32_MAX, &count) == 0)
		add_range(ctx, (uint32_t)inner, (uint32_t)inner, (uint32_t)count);
	return 0;
}

static void parse_map_spec(struct unshare_opts *o, bool group, const char *spec)
{
	struct idmap *map = group ? &o->gids : &o->uids;
	const char *file = group ? "/etc/subgid" : "/etc/subuid";
	uint32_t start, count;

	if (!strcmp(spec, "auto") || !strcmp(spec, "subids")) {
		struct user_entry me;
		char user[64];
		if (user_lookup("/etc/passwd", NULL, o->euid, &me) == 0)
			fmt_snprintf(user, sizeof user, "%s", me.name);
		else
			fmt_snprintf(user, sizeof user, "%u", (unsigned)o->euid);
		if (!subid_range(file, user, o->euid, &start, &count))
			die(1, 0, "no line matching user \"%s\" in %s", user, file);
		if (spec[0] == 'a')
			add_range(map, 0, start, count);
		else
			add_range(map, start, start, count);
		return;
	}
	if (!strcmp(spec, "all")) {
		const char *path = group ? "/proc/self/gid_map" : "/proc/self/uid_map";
		int rc = for_each_line(path, passthrough_line, map);
		if (rc < 0)
			die(1, -rc, "cannot read %s", path);
		return;
	}
	/* INNER:OUTER:COUNT, or the deprecated OUTER,INNER,COUNT */
	char sep = strchr(spec, ':') ? ':' : ',';
	char *copy = xstrdup(spec), *save = NULL;
	char *f1 = strtok_r(copy, sep == ':' ? ":" : ",", &save);
	char *f2 = strtok_r(NULL, sep == ':' ? ":" : ",", &save);
	char *f3 = strtok_r(NULL, sep == ':' ? ":" : ",", &save);
	char *f4 = strtok_r(NULL, sep == ':' ? ":" : ",", &save);
	uint64_t a, b, c;
	if (!f3 || f4 || parse_u64(f1, 0, UINT32_MAX, &a) < 0 || parse_u64(f2, 0, UINT32_MAX, &b) < 0 ||
	    parse_u64(f3, 1, UINT32_MAX, &c) < 0)
		die(1, 0, "invalid mapping '%s'", spec);
	free(copy);
	if (sep == ':')
		add_range(map, (uint32_t)a, (uint32_t)b, (uint32_t)c);
	else
		add_range(map, (uint32_t)b, (uint32_t)a, (uint32_t)c);
}

static void parse_owner(struct unshare_opts *o, const char *arg)
{
	const char *colon = strchr(arg, ':');
	char uid[32];
	uint64_t u, g;

	if (!colon || (size_t)(colon - arg) >= sizeof uid)
		die(1, 0, "failed to parse owner");
	fmt_snprintf(uid, sizeof uid, "%.*s", (int)(colon - arg), arg);
	if (parse_u64(uid, 0, UINT32_MAX - 1, &u) < 0 || parse_u64(colon + 1, 0, UINT32_MAX - 1, &g) < 0)
		die(1, 0, "failed to parse owner");
	o->owner_set = true;
	o->owner_uid = (uid_t)u;
	o->owner_gid = (gid_t)g;
}

static unsigned long parse_propagation(const char *arg)
{
	static const struct { const char *name; unsigned long flags; } modes[] = {
		{ "slave", MS_REC | MS_SLAVE }, { "private", MS_REC | MS_PRIVATE },
		{ "shared", MS_REC | MS_SHARED }, { "unchanged", 0 },
	};
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++)
		if (!strcmp(modes[i].name, arg))
			return modes[i].flags;
	die(1, 0, "unsupported propagation mode: %s", arg);
}

static void parse_whitelist(struct unshare_opts *o, const char *list)
{
	char *copy = xstrdup(list), *save = NULL;

	for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		const char *value = getenv(name);
		if (!value)
			continue;
		struct strbuf var = STRBUF_HEAP;
		sb_printf(&var, "%s=%s", name, value);
		o->keep = xgrow(o->keep, (size_t)o->nkeep, sizeof *o->keep);
		o->keep[o->nkeep++] = var.buf;
	}
	free(copy);
	o->clear_env = true;
}

/* The options about ids: maps, --owner, --setgroups, -S, -G. */
static void parse_id_option(struct unshare_opts *o, int c, const char *arg, bool *map_group_used)
{
	switch (c) {
	case OPT_MAPUSER:
		o->flags |= CLONE_NEWUSER;
		o->uids.has_single = true;
		o->uids.single_inner = parse_id_or_name(arg, false);
		break;
	case OPT_MAPGROUP:
		o->flags |= CLONE_NEWUSER;
		o->gids.has_single = true;
		o->gids.single_inner = parse_id_or_name(arg, true);
		*map_group_used = true;
		break;
	case 'r':
	case 'c':
		o->flags |= CLONE_NEWUSER;
		o->uids.has_single = o->gids.has_single = true;
		o->uids.single_inner = c == 'r' ? 0 : o->euid;
		o->gids.single_inner = c == 'r' ? 0 : o->egid;
		*map_group_used = true;
		break;
	case OPT_MAPUSERS: o->flags |= CLONE_NEWUSER; parse_map_spec(o, false, arg); break;
	case OPT_MAPGROUPS: o->flags |= CLONE_NEWUSER; parse_map_spec(o, true, arg); break;
	case OPT_MAPAUTO:
	case OPT_MAPSUBIDS:
		o->flags |= CLONE_NEWUSER;
		parse_map_spec(o, false, c == OPT_MAPAUTO ? "auto" : "subids");
		parse_map_spec(o, true, c == OPT_MAPAUTO ? "auto" : "subids");
		break;
	case OPT_OWNER: o->flags |= CLONE_NEWUSER; parse_owner(o, arg); break;
	case OPT_SETGROUPS:
		if (strcmp(arg, "allow") && strcmp(arg, "deny"))
			die(1, 0, "unsupported --setgroups argument '%s'", arg);
		o->setgroups = arg;
		break;
	case 'S': o->setuid_set = true; o->setuid = parse_id(arg, "failed to parse uid"); break;
	case 'G': o->setgid_set = true; o->setgid = parse_id(arg, "failed to parse gid"); break;
	}
}

static void parse_options(struct unshare_opts *o, struct opt_state *st)
{
	bool map_group_used = false;
	int c;

	while ((c = opt_next(st)) != -1) {
		switch (c) {
		case 'm': case 'u': case 'i': case 'n': case 'p': case 'U': case 'C': case 'T': {
			int flag = ns_type_by_letter(c)->flag;
			o->flags |= flag;
			if (st->arg)
				add_persist(o, flag, st->arg);
			break;
		}
		case 'f': o->fork = true; break;
		case OPT_KILLCHILD:
			o->fork = true;
			o->kill_signal = SIGKILL;
			if (st->arg && (o->kill_signal = signal_by_name(st->arg)) < 0)
				die(1, 0, "unknown signal: %s", st->arg);
			break;
		case OPT_FORWARD: o->fork = o->forward_signals = true; break;
		case OPT_MOUNTPROC:
			o->flags |= CLONE_NEWNS;
			o->mount_proc = st->arg ? st->arg : "/proc";
			break;
		case OPT_MOUNTBINFMT:
			o->flags |= CLONE_NEWNS | CLONE_NEWUSER;
			o->mount_binfmt = st->arg ? st->arg : "/proc/sys/fs/binfmt_misc";
			if (!st->arg && !o->mount_proc)
				o->mount_proc = "/proc";
			break;
		case 'l':
			o->flags |= CLONE_NEWNS | CLONE_NEWUSER;
			o->load_interp = st->arg;
			if (!o->mount_binfmt) {
				o->mount_binfmt = "/proc/sys/fs/binfmt_misc";
				if (!o->mount_proc)
					o->mount_proc = "/proc";
			}
			break;
		case OPT_PROPAGATION: o->propagation = parse_propagation(st->arg); break;
		case OPT_KEEPCAPS: o->keep_caps = true; break;
		case 'R': o->root = st->arg; break;
		case 'w': o->wd = st->arg; break;
		case OPT_MONOTONIC:
			o->monotonic_set = true;
			o->monotonic = parse_offset(st->arg, "monotonic");
			break;
		case OPT_BOOTTIME:
			o->boottime_set = true;
			o->boottime = parse_offset(st->arg, "boottime");
			break;
		case OPT_CLEARENV: o->clear_env = true; break;
		case OPT_HOSTEXEC: o->host_exec = true; break;
		case OPT_TRUSTLOADER: o->host_exec = o->trust_loader = true; break;
		case OPT_WHITELIST: parse_whitelist(o, st->arg); break;
		default: parse_id_option(o, c, st->arg, &map_group_used); break;
		}
	}
	if ((o->monotonic_set || o->boottime_set) && !(o->flags & CLONE_NEWTIME))
		die(1, 0, "options --monotonic and --boottime require unsharing of a time namespace (-T)");
	if (map_group_used && o->setgroups && !strcmp(o->setgroups, "allow"))
		die(1, 0, "options --setgroups=allow and --map-group are mutually exclusive");
}

static void opts_free(struct unshare_opts *o)
{
	free(o->uids.ranges);
	free(o->gids.ranges);
	for (size_t i = 0; i < o->nkeep; i++)
		free(o->keep[i]);
	free(o->keep);
}

/* ---- id maps ------------------------------------------------------- */

/* The single id cuts a hole in every range that holds its inner or its
 * outer id, so that the maps never overlap (as util-linux does). */
static void punch_hole(struct idmap *map, uint32_t inner, uint32_t outer)
{
	struct idrange *old = map->ranges;
	size_t n = map->nranges;

	map->ranges = NULL;
	map->nranges = 0;
	for (size_t i = 0; i < n; i++) {
		struct idrange r = old[i];
		/* offsets inside r to leave out, in order */
		uint32_t cuts[2], ncuts = 0;
		if (inner - r.inner < r.count)
			cuts[ncuts++] = inner - r.inner;
		if (outer - r.outer < r.count && (!ncuts || outer - r.outer != cuts[0]))
			cuts[ncuts++] = outer - r.outer;
		if (ncuts == 2 && cuts[0] > cuts[1]) {
			uint32_t t = cuts[0];
			cuts[0] = cuts[1];
			cuts[1] = t;
		}
		uint32_t from = 0;
		for (uint32_t c = 0; c <= ncuts; c++) {
			uint32_t to = c < ncuts ? cuts[c] : r.count;
			if (to > from)
				add_range(map, r.inner + from, r.outer + from, to - from);
			from = to + 1;
		}
	}
	free(old);
}

/* "inner outer count" lines for uid_map/gid_map; NULL when nothing. */
static char *map_text(struct idmap *map, uint32_t our_id)
{
	struct strbuf text = STRBUF_HEAP;

	if (!map->nranges && !map->has_single)
		return NULL;
	if (map->has_single && map->nranges)
		punch_hole(map, map->single_inner, our_id);
	if (map->has_single)
		sb_printf(&text, "%u %u 1\n", map->single_inner, our_id);
	for (size_t i = 0; i < map->nranges; i++)
		if (map->ranges[i].count)
			sb_printf(&text, "%u %u %u\n", map->ranges[i].inner, map->ranges[i].outer,
				  map->ranges[i].count);
	return text.buf ? text.buf : xstrdup("");
}

/* Run newuidmap/newgidmap PID INNER OUTER COUNT...; its exit status. */
static int run_newidmap(const char *prog, pid_t pid, const char *text)
{
	char *argv[2 + 3 * 64 + 1], pidtext[16], *copy = xstrdup(text), *save = NULL;
	int argc = 0;

	fmt_snprintf(pidtext, sizeof pidtext, "%d", (int)pid);
	argv[argc++] = (char *)prog;
	argv[argc++] = pidtext;
	for (char *word = strtok_r(copy, " \n", &save); word && argc < (int)(sizeof argv / sizeof *argv) - 1;
	     word = strtok_r(NULL, " \n", &save))
		argv[argc++] = word;
	argv[argc] = NULL;
	pid_t child = xfork();
	if (child == 0)
		exec_or_die(argv);
	free(copy);
	int status = wait_status(child, -1);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/* The helper that writes range maps from outside the new user namespace:
 * directly as root, else through the setuid newuidmap/newgidmap. */
_Noreturn static void idmap_helper(pid_t parent, int sync_fd, const char *uid_text,
				   const char *gid_text, bool as_root)
{
	char procdir[32], failed[64], byte;
	int rc;

	if (read(sync_fd, &byte, 1) != 1)
		_exit(1);	/* the parent gave up before unshare(2) */
	fmt_snprintf(procdir, sizeof procdir, "/proc/%d", (int)parent);
	if (as_root) {
		rc = userns_write_maps(procdir, uid_text, NULL, gid_text, failed, sizeof failed);
		if (rc < 0)
			die(1, -rc, "write failed %s", failed);
		_exit(0);
	}
	if (uid_text && (rc = run_newidmap("newuidmap", parent, uid_text)) != 0)
		_exit(rc);
	if (gid_text && (rc = run_newidmap("newgidmap", parent, gid_text)) != 0)
		_exit(rc);
	_exit(0);
}

/* ---- persistent namespaces ------------------------------------------ */

static void bind_persistent(const struct unshare_opts *o, pid_t pid)
{
	char source[64];

	for (size_t i = 0; i < o->npersist; i++) {
		ns_path(source, pid, o->persist[i].type);
		if (mount(source, o->persist[i].target, NULL, MS_BIND, NULL) < 0)
			die(1, errno, "mount %s on %s failed", source, o->persist[i].target);
	}
}

/* Binds of the mount and user namespaces must be made from the old
 * namespaces, by a helper forked before unshare(2). */
_Noreturn static void bind_helper(const struct unshare_opts *o, pid_t parent, int sync_fd)
{
	char byte;
	if (read(sync_fd, &byte, 1) != 1)
		_exit(0);	/* the parent ended without asking */
	bind_persistent(o, parent);
	_exit(0);
}

static pid_t start_helper(int fds[2])
{
	xpipe(fds);
	pid_t pid = xfork();
	if (pid == 0)
		close(fds[1]);
	else
		close(fds[0]);
	return pid;
}

/* Let the helper go and collect its verdict; exit with it on failure. */
static void finish_helper(pid_t pid, int fd)
{
	if (write(fd, "", 1) != 1)
		die(1, errno, "cannot sync with helper");
	close(fd);
	int status = wait_status(pid, -1);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

/* ---- the steps ------------------------------------------------------ */

static void unshare_or_die(const struct unshare_opts *o)
{
	char names[128];
	struct strbuf sb = STRBUF_FIXED(names);

	if (unshare(o->flags) == 0)
		return;
	int err = errno;
	if (err == EPERM && !(o->flags & CLONE_NEWUSER) && geteuid() != 0)
		die(1, 0, "unshare failed: %s; unprivileged users need --map-root-user (-r) or --user (-U)",
		    errstr(err));
	for (int i = 0; i < NS_TYPES_ALL; i++) {
		char path[48];
		const struct ns_type *t = &ns_types[i];
		if (t->for_children || !(o->flags & t->flag))
			continue;
		ns_path(path, 0, t);
		if (err == EINVAL && access(path, F_OK) < 0 && errno == ENOENT)
			die(1, 0, "unshare failed: %s; this kernel has no %s namespaces", errstr(err), t->name);
		sb_printf(&sb, "%s%s", sb.len ? "," : "", t->name);
	}
	if (err == ENOSPC)
		die(1, 0, "unshare failed: %s; a namespace limit is reached (see /proc/sys/user/max_{%s}_namespaces)",
		    errstr(err), sb_str(&sb));
	/* the kernel has every type asked for: a filter, or a type newer than
	 * what the kernel lets this process make */
	if ((err == EPERM && geteuid() == 0) || err == ENOSYS)
		die(1, 0, "unshare failed: %s; as root, a seccomp filter or a container without "
		    "CAP_SYS_ADMIN refuses it", errstr(err));
	for (int i = 0; err == EINVAL && i < NS_TYPES_ALL; i++)
		if (!ns_types[i].for_children && (o->flags & ns_types[i].flag) &&
		    (ns_types[i].flag == CLONE_NEWTIME || ns_types[i].flag == CLONE_NEWCGROUP))
			die(1, 0, "unshare failed: %s; %s namespaces need Linux %s+ (or a filter refuses them)",
			    errstr(err), ns_types[i].name, ns_types[i].since);
	die(1, err, "unshare failed");
}

static void write_time_offsets(const struct unshare_opts *o)
{
	char text[96];
	struct strbuf sb = STRBUF_FIXED(text);

	if (!o->monotonic_set && !o->boottime_set)
		return;
	if (o->boottime_set)	/* CLOCK_BOOTTIME is 7, CLOCK_MONOTONIC 1 */
		sb_printf(&sb, "7 %" PRId64 " 0\n", o->boottime);
	if (o->monotonic_set)
		sb_printf(&sb, "1 %" PRId64 " 0\n", o->monotonic);
	int rc = write_file("/proc/self/timens_offsets", sb_str(&sb));
	if (rc < 0)
		die(1, -rc, "failed to write to /proc/self/timens_offsets");
}

/* --kill-child: die with the parent, and if it is gone already, now. */
static void arm_kill_child(int signal_number, int parent_pidfd, pid_t parent)
{
	if (prctl(PR_SET_PDEATHSIG, signal_number) < 0)
		die(1, errno, "prctl failed");
	if (parent_pidfd >= 0) {
		struct pollfd p = { .fd = parent_pidfd, .events = POLLIN };
		if (poll(&p, 1, 0) == 1)
			exit(1);
		close(parent_pidfd);
	} else if (getppid() != parent && getppid() != 0)
		exit(1);
}

/* binfmt_misc, and the interpreter registered in it. */
static void mount_binfmt(const struct unshare_opts *o)
{
	char path[PATH_MAX];

	if (mount("binfmt_misc", o->mount_binfmt, "binfmt_misc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) < 0)
		die(1, errno, "mount %s failed", o->mount_binfmt);
	if (!o->load_interp)
		return;
	fmt_snprintf(path, sizeof path, "%s/register", o->mount_binfmt);
	int rc = write_file(path, o->load_interp);
	if (rc < 0)
		die(1, -rc, "cannot write %s", path);
}

/* An interpreter with the F flag (":name:type:offset:magic:mask:interp:F")
 * is opened when registered: with --root, that must happen before chroot,
 * while its path still resolves (as util-linux does). */
static bool interp_fixed(const char *spec)
{
	const char *flags = spec;
	for (int field = 0; field < 7 && flags; field++)
		flags = strchr(flags + (field > 0), spec[0]);
	return flags && strchr(flags + 1, 'F');
}

static void apply_mounts_and_root(const struct unshare_opts *o)
{
	bool binfmt_first = o->mount_binfmt && o->load_interp && o->root && interp_fixed(o->load_interp);

	if ((o->flags & CLONE_NEWNS) && o->propagation &&
	    mount("none", "/", NULL, o->propagation, NULL) < 0)
		die(1, errno, "cannot change root filesystem propagation");
	if (binfmt_first)
		mount_binfmt(o);
	if (o->root) {
		if (chroot(o->root) < 0)
			die(1, errno, "cannot change root directory to '%s'", o->root);
		xchdir(o->wd ? o->wd : "/");
	} else if (o->wd)
		xchdir(o->wd);
	if (o->mount_proc) {
		/* a shared /proc would take the new mount to the old namespace */
		if (o->propagation != (MS_REC | MS_PRIVATE) && !o->root &&
		    mount("none", o->mount_proc, NULL, MS_PRIVATE | MS_REC, NULL) < 0 && errno != EINVAL)
			die(1, errno, "cannot change %s propagation", o->mount_proc);
		if (mount("proc", o->mount_proc, "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) < 0)
			die(1, errno, "mount %s failed", o->mount_proc);
	}
	if (o->mount_binfmt && !binfmt_first)
		mount_binfmt(o);
}

static void apply_credentials(const struct unshare_opts *o)
{
	change_credentials(&(struct cred_change){ .drop_groups = o->setgid_set, .set_gid = o->setgid_set,
						  .gid = o->setgid, .set_uid = o->setuid_set,
						  .uid = o->setuid });
	if (o->keep_caps && (o->flags & CLONE_NEWUSER))
		caps_permitted_to_ambient_or_die();
	if (o->clear_env)
		env_replace(o->keep, o->nkeep);
}

/* util-linux says nothing, and the program's second fork fails with ENOMEM;
 * on a terminal (scripts read what util-linux prints) say why. */
static void note_pid_without_fork(const struct unshare_opts *o)
{
	if ((o->flags & CLONE_NEWPID) && !o->fork && isatty(STDERR_FILENO))
		msg(0, "-p without -f: the program is outside the new pid namespace, its first child "
		    "is PID 1 there, and after that exits no fork works (ENOMEM): -p needs -f");
}

/* The helpers and fds between unshare_main's steps. */
struct unshare_run {
	pid_t parent, bind_pid, idmap_pid;
	int bind_fds[2], idmap_fds[2];
	bool ranges;		/* the idmap helper writes the maps */
};

/* The maps' text. static: an error exit on the way still reaches them
 * (no leak). */
static char *uid_text, *gid_text;

/* Persistent namespaces (--net=FILE) are bind-mounted from outside: a
 * helper forked now stays in the old mount and user namespaces and binds
 * /proc/PID/ns/TYPE once they exist. Id ranges (--map-users, subids) can
 * only be written from the parent user namespace, as root or through
 * newuidmap: a second helper, told to go once the namespace exists. */
static void start_helpers(struct unshare_opts *o, struct unshare_run *run)
{
	if (o->npersist && (o->flags & (CLONE_NEWNS | CLONE_NEWUSER))) {
		run->bind_pid = start_helper(run->bind_fds);
		if (run->bind_pid == 0)
			bind_helper(o, run->parent, run->bind_fds[0]);
	}
	uid_text = map_text(&o->uids, o->euid);
	gid_text = map_text(&o->gids, o->egid);
	/* after --owner we may no longer open our own maps (a changed euid
	 * makes us non-dumpable), so the helper writes them then too */
	run->ranges = o->uids.nranges || o->gids.nranges || o->owner_set;
	if (run->ranges && (uid_text || gid_text)) {
		run->idmap_pid = start_helper(run->idmap_fds);
		if (run->idmap_pid == 0)
			idmap_helper(run->parent, run->idmap_fds[0], uid_text, gid_text, geteuid() == 0);
	}
}

/* The namespaces themselves (--owner: the new user namespace belongs to
 * whoever creates it, so become that user first); then the helper writes
 * the maps, and time offsets are set while no process is in the time
 * namespace. */
static void create_namespaces(struct unshare_opts *o, struct unshare_run *run)
{
	if (o->owner_set)
		change_credentials(&(struct cred_change){ .drop_groups = true, .set_gid = true,
							  .gid = o->owner_gid, .set_uid = true,
							  .uid = o->owner_uid });
	if (o->flags & CLONE_NEWPID)
		sanitizer_before_pidns();
	unshare_or_die(o);
	if (run->idmap_pid)
		finish_helper(run->idmap_pid, run->idmap_fds[1]);
	write_time_offsets(o);
}

/* Persistent namespaces: through the helper, or bound from here. */
static void bind_namespaces(struct unshare_opts *o, struct unshare_run *run)
{
	if (run->bind_pid)
		finish_helper(run->bind_pid, run->bind_fds[1]);
	else
		bind_persistent(o, run->parent);
}

static void sigprocmask_or_die(int how, const sigset_t *set, sigset_t *old, const char *what)
{
	if (sigprocmask(how, set, old) < 0)
		die(1, errno, "sigprocmask %s failed", what);
}

/* --fork: the child returns and goes on (it is the new pid namespace's
 * first process); the parent binds persistent namespaces, waits with
 * SIGINT/SIGTERM blocked (or forwarded) and returns the status to exit
 * with. */
static int fork_and_wait(struct unshare_opts *o, struct unshare_run *run)
{
	sigset_t block, saved;
	int self_pidfd = -1, child_pidfd;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask_or_die(SIG_BLOCK, &block, &saved, "block");
	if (o->kill_signal)
		self_pidfd = pidfd_open_pid(run->parent);
	pid_t child = fork_pidfd(&child_pidfd);
	if (child < 0)
		die(1, errno, "fork failed");
	if (child == 0) {
		sigprocmask_or_die(SIG_SETMASK, &saved, NULL, "restore");
		if (o->kill_signal)
			arm_kill_child(o->kill_signal, self_pidfd, run->parent);
		return -1;
	}
	if (self_pidfd >= 0)
		close(self_pidfd);
	bind_namespaces(o, run);
	if (o->forward_signals) {
		static const int forwarded[] = { SIGINT, SIGTERM, 0 };
		forward_signals(child, forwarded);
		sigprocmask_or_die(SIG_SETMASK, &saved, NULL, "restore");
	}
	free(uid_text);
	free(gid_text);
	opts_free(o);
	return status_to_exit(wait_status(child, child_pidfd));
}

/* Single-id maps we write ourselves (an unprivileged user may map only
 * its own id, and only from inside), then --setgroups. */
static void write_own_maps(const struct unshare_opts *o, const struct unshare_run *run)
{
	if (!run->ranges && (uid_text || gid_text)) {
		char failed[64];
		int rc = userns_write_maps("/proc/self", uid_text, gid_text ? "deny" : NULL, gid_text,
					   failed, sizeof failed);
		if (rc < 0)
			die(1, -rc, "write failed %s", failed);
	}
	/* a gid map we wrote has set "deny" already, and it cannot be written
	 * again after the map */
	if (o->setgroups && !(gid_text && !run->ranges && !strcmp(o->setgroups, "deny"))) {
		int rc = write_file("/proc/self/setgroups", o->setgroups);
		if (rc < 0 && rc != -ENOENT)
			die(1, -rc, "write failed /proc/self/setgroups");
	}
	free(uid_text);
	free(gid_text);
}

/* --host-exec: the program is opened before the new root hides it (not
 * earlier: our own id maps need a dumpable process). */
static int open_host_program(const struct unshare_opts *o, char *program)
{
	if (!program)
		die(1, 0, "--host-exec needs a program");
	no_dumps_or_die();
	int root = o->root ? open(o->root, O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
	if (o->root && root < 0)
		root = ROOT_UNSEEN;	/* -R fails later, with its own message */
	int program_fd = host_program_or_die(program, root, o->trust_loader);
	if (root >= 0)
		close(root);
	return program_fd;
}

static int unshare_main(int argc, char **argv)
{
	struct unshare_opts o = { .propagation = MS_REC | MS_PRIVATE, .euid = geteuid(),
				  .egid = getegid() };
	struct unshare_run run = { .parent = getpid(), .bind_fds = { -1, -1 }, .idmap_fds = { -1, -1 } };
	struct opt_state st;

	opt_init(&st, argc, argv, unshare_shortopts, unshare_longopts);
	parse_options(&o, &st);
	if (o.owner_set) {	/* the maps then map the owner, who creates the namespace */
		o.euid = o.owner_uid;
		o.egid = o.owner_gid;
	}
	start_helpers(&o, &run);
	create_namespaces(&o, &run);
	if (!o.fork)
		bind_namespaces(&o, &run);
	else {
		int status = fork_and_wait(&o, &run);
		if (status >= 0)
			return status;
	}
	if (run.bind_fds[1] >= 0)
		close(run.bind_fds[1]);
	write_own_maps(&o, &run);

	/* Last, inside everything: propagation, /proc and binfmt_misc mounts,
	 * the new root and working directory, ids, capabilities, environment;
	 * then the program, or the user's shell. */
	char *program = st.ind < argc ? argv[st.ind] : NULL;
	int program_fd = o.host_exec ? open_host_program(&o, program) : -1;
	apply_mounts_and_root(&o);
	apply_credentials(&o);
	note_pid_without_fork(&o);
	exec_program(program_fd, argv + st.ind);
}

const struct applet unshare_applet = {
	.name = "unshare", .main = unshare_main, .help = { HELP_unshare },
	.summary = "run a program in new namespaces (util-linux compatible)",
	.shortopts = unshare_shortopts, .longopts = unshare_longopts,
};
