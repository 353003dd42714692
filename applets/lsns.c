/* SPDX-License-Identifier: 0BSD */
/* lsns: util-linux's lsns (2.38.1 output, byte for byte, for the rows it
 * can see), that also finds namespaces no process is in (bind mounts, open
 * fds, sockets, mount namespaces through NS_MNT_GET_NEXT), adds the 64-bit
 * ID, and -Q filters. Work is per namespace, not per process: one
 * readlinkat per namespace link; ioctls, cmdline and user names only for
 * what is printed. */
#include "applets.h"
#include "help.h"
#include "container.h"
#include "filter.h"
#include "fmt.h"
#include "lsns_rows.h"
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
	[C_HOLDER] = { "HOLDER", COL_LIST, 0, "what keeps the namespace alive (processes, fds, sockets, mounts)" },
	[C_CONTAINER] = { "CONTAINER", 0, 0, "container of the PID (docker:ID, containerd:, cri-o:, podman:, k8s-pod:, lxc:, nspawn:)" },
	[C_CNAME] = { "CNAME", 0, 0, "its name from the runtime's state: RUNTIME:NAME (docker:web1, k8s:NS/POD/CTR)" },
};

/* NETNSID of a net namespace row; *known false when there is none. */
static int netnsid(struct lsns *ls, int idx, bool *known)
{
	bool owned;
	int fd, id = 0;

	*known = false;
	if (ls->netlink < 0 || (fd = ns_fd(ls, idx, &owned)) < 0)
		return 0;
	id = ns_netnsid(ls->netlink, fd, known);
	if (owned)
		close(fd);
	return id;
}

static const char *user_name(struct lsns *ls, uid_t uid)
{
	for (size_t i = 0; i < ls->nusers; i++)
		if (ls->users[i].uid == uid)
			return ls->users[i].name;
	ls->users = xgrow(ls->users, (size_t)ls->nusers, sizeof *ls->users);
	ls->users[ls->nusers].uid = uid;
	uid_to_name(uid, ls->users[ls->nusers].name, sizeof ls->users[ls->nusers].name);
	return ls->users[ls->nusers++].name;
}

/* ---- rows --------------------------------------------------------------- */

bool column_needed(const struct lsns *ls, size_t col)
{
	for (size_t i = 0; i < ls->ncols; i++)
		if (ls->cols[i] == col)
			return true;
	return filter_uses(ls->filter, col);
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
				ns_path(buf, p->pid, &ns_types[ns->type]);
			break;
		case C_NPROCS: fmt_snprintf(buf, sizeof buf, "%d", ns->nprocs); break;
		case C_PID: if (p) fmt_snprintf(buf, sizeof buf, "%d", (int)p->pid); break;
		case C_PPID: if (p) fmt_snprintf(buf, sizeof buf, "%d", (int)p->ppid); break;
		case C_COMMAND: if (p) vals[c] = proc_command(p->pid); break;
		case C_UID: fmt_snprintf(buf, sizeof buf, "%u", (unsigned)(p ? p->uid : ns_owner_uid(ls, nsidx))); break;
		case C_USER: vals[c] = xstrdup(user_name(ls, p ? p->uid : ns_owner_uid(ls, nsidx))); break;
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
			for (int m = ns->mounts; m >= 0; m = ls->mounts[m].next) {
				const char *tgt = ls->mounts[m].target;
				bool dup = ls->mounts[m].mntns != ls->own_mntns;
				for (int k = ns->mounts; k != m && !dup; k = ls->mounts[k].next)
					dup = ls->mounts[k].mntns == ls->own_mntns && !strcmp(ls->mounts[k].target, tgt);
				if (!dup)
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
		case C_HOLDER: vals[c] = lsns_holders(ls, nsidx); break;
		case C_CONTAINER: if (p) vals[c] = proc_container(p->pid); break;
		case C_CNAME:
			if (p && !ls->containers)
				ls->containers = containers_load();
			if (p)
				vals[c] = containers_name(ls->containers, p->pid);
			break;
		case C_ID: {
			uint64_t id;
			if (ns_ioctl(ls, nsidx, NS_GET_ID, &id) == 0)
				fmt_snprintf(buf, sizeof buf, "%llu", (unsigned long long)id);
			break;
		}
		}
		if (!vals[c] && buf[0])
			vals[c] = xstrdup(buf);
	}
}

/* Add a row unless the filter drops it; returns it, or -1. */
int add_row(struct lsns *ls, struct table *t, int parent, int nsidx, int procidx)
{
	char *vals[NCOLUMNS];
	int row = -1;

	row_values(ls, nsidx, procidx, vals);
	if (!ls->filter || filter_match(ls->filter, vals)) {
		row = table_add_row(t, parent);
		for (size_t i = 0; i < ls->ncols; i++)
			table_set(t, row, i, vals[ls->cols[i]]);
	}
	for (size_t c = 0; c < NCOLUMNS; c++)
		free(vals[c]);
	return row;
}

void lsns_free(struct lsns *ls)
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
	free(ls->mntns);
	free(ls->by_mntns.keys);
	free(ls->by_mntns.values);
	free(ls->holders);
	free(ls->users);
	containers_free(ls->containers);
	free(ls->container_ns);
}

/* --container: the namespaces of every process of the container. */
static void container_namespaces(struct lsns *ls, const struct container_target *ct)
{
	for (size_t p = 0; p < ls->nprocs; p++) {
		if (!container_has(ct, ls->procs[p].pid))
			continue;
		for (int i = 0; i < NS_TYPES_ALL; i++) {
			char path[NS_PATH_SIZE];
			uint64_t ino;
			if (ns_link_ino(AT_FDCWD, ns_path(path, ls->procs[p].pid, &ns_types[i]), &ino) < 0)
				continue;
			ls->container_ns = xgrow(ls->container_ns, ls->ncontainer_ns, sizeof *ls->container_ns);
			ls->container_ns[ls->ncontainer_ns++] = ino;
		}
	}
}

/* --container: as -p of its init, and the namespaces of every other
 * process of the container. */
static void discover_container(struct lsns *ls, const char *ref)
{
	struct container_target ct;

	container_resolve_or_die(ref, &ct);
	ls->task = ct.pid;
	lsns_discover(ls);
	container_namespaces(ls, &ct);
	close(ct.procfd);
	free(ct.cname);
	free(ct.key);
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

enum { OPT_OUTPUT_ALL = 256, OPT_CONTAINER };
static const char lsns_shortopts[] = "JlPp:o:nrut:T::WQ:H";
static const struct opt_long lsns_longopts[] = {
	{ "json", OPT_NOARG, 'J' }, { "task", OPT_REQUIRED, 'p' }, { "output", OPT_REQUIRED, 'o' }, { "output-all", OPT_NOARG, OPT_OUTPUT_ALL },
	{ "persistent", OPT_NOARG, 'P' }, { "filter", OPT_REQUIRED, 'Q' },
	{ "notruncate", OPT_NOARG, 'u' }, { "noheadings", OPT_NOARG, 'n' }, { "nowrap", OPT_NOARG, 'W' },
	{ "list", OPT_NOARG, 'l' }, { "raw", OPT_NOARG, 'r' }, { "type", OPT_REQUIRED, 't' },
	{ "tree", OPT_OPTIONAL, 'T' }, { "list-columns", OPT_NOARG, 'H' },
	{ "container", OPT_REQUIRED, OPT_CONTAINER }, { NULL, 0, 0 },
};

static int lsns_main(int argc, char **argv)
{
	struct lsns ls = { .netlink = -1, .procs_sorted = true };
	struct opt_state st;
	const char *output = NULL, *container = NULL;
	bool types_given = false, list_columns = false, output_all = false;
	int c;

	opt_init(&st, argc, argv, lsns_shortopts, lsns_longopts);
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
			ls.filter = filter_parse_or_die(st.arg, columns, NCOLUMNS);
			break;
		case 'H': list_columns = true; break;
		case OPT_CONTAINER: container = st.arg; break;
		}
	}
	if (ls.json && ls.raw)
		die(1, 0, "options --json and --raw cannot be combined");
	if (ls.persist && ls.task)
		die(1, 0, "options --persistent and --task cannot be combined");
	if (container && (ls.task || ls.persist || st.ind < argc))
		die(1, 0, "--container is mutually exclusive with --task, --persistent and <namespace>");
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

	ls.want_holder = column_needed(&ls, C_HOLDER);
	ls.want_nsfs = column_needed(&ls, C_NSFS);
	if (container)
		discover_container(&ls, container);
	else
		lsns_discover(&ls);
	if (column_needed(&ls, C_NETNSID))
		ls.netlink = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0 /* NETLINK_ROUTE */);

	/* output */
	struct column cols[LSNS_MAX_COLUMNS];
	const struct column *colp[LSNS_MAX_COLUMNS];
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
	lsns_show(&ls, &t);
	int rc = table_print(&t, stdout);
	if (rc < 0)
		die_write_error(-rc);
	lsns_free(&ls);
	return 0;
}

const struct applet lsns_applet = {
	.name = "lsns", .main = lsns_main, .help = { HELP_lsns },
	.summary = "list namespaces (util-linux compatible, and the ones it misses)",
	.shortopts = lsns_shortopts, .longopts = lsns_longopts,
};
