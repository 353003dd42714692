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
#include "lsns_rows.h"
#include "ns.h"
#include "opt.h"
#include "proc.h"
#include "table.h"
#include "util.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
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

/* What the options say beyond struct lsns, for the steps after them. */
struct lsns_args {
	const char *output, *container;
	bool types_given, list_columns, output_all;
	int ind;		/* the first operand */
};

/* -T[=owner|parent|process] */
static void parse_tree(struct lsns *ls, const char *arg)
{
	const char *rel = arg && arg[0] == '=' ? arg + 1 : arg;

	ls->tree = TREE_OWNER;
	if (rel && !strcmp(rel, "parent"))
		ls->tree = TREE_PARENT;
	else if (rel && !strcmp(rel, "process"))
		ls->tree = TREE_PROCESS;
	else if (rel && strcmp(rel, "owner"))
		die(1, 0, "unknown tree type: %s", rel);
}

static void parse_options(struct lsns *ls, struct lsns_args *a, int argc, char **argv)
{
	struct opt_state st;
	int c;

	opt_init(&st, argc, argv, lsns_shortopts, lsns_longopts);
	while ((c = opt_next(&st)) != -1) {
		switch (c) {
		case 'J': ls->json = true; break;
		case 'l': ls->list = true; break;
		case 'o': a->output = st.arg; break;
		case OPT_OUTPUT_ALL: a->output_all = true; break;
		case 'P': ls->persist = true; break;
		case 'p':
			if (parse_pid(st.arg, &ls->task) < 0)
				die(1, 0, "invalid PID argument: '%s'", st.arg);
			break;
		case 'n': ls->noheadings = true; break;
		case 'r': ls->raw = ls->nowrap = true; break;
		case 'u': ls->notrunc = true; break;
		case 't':
			want_types(ls, st.arg);
			a->types_given = true;
			break;
		case 'W': ls->nowrap = true; break;
		case 'T': parse_tree(ls, st.arg); break;
		case 'Q':	/* the last one counts, as util-linux */
			filter_free(ls->filter);
			ls->filter = filter_parse_or_die(st.arg, columns, NCOLUMNS);
			break;
		case 'H': a->list_columns = true; break;
		case OPT_CONTAINER: a->container = st.arg; break;
		}
	}
	a->ind = st.ind;
}

static void check_combinations(const struct lsns *ls, const struct lsns_args *a, int argc)
{
	if (ls->json && ls->raw)
		die(1, 0, "options --json and --raw cannot be combined");
	if (ls->persist && ls->task)
		die(1, 0, "options --persistent and --task cannot be combined");
	if (a->container && (ls->task || ls->persist || a->ind < argc))
		die(1, 0, "--container is mutually exclusive with --task, --persistent and <namespace>");
}

static int table_mode(const struct lsns *ls)
{
	return ls->json ? TABLE_JSON : ls->raw ? TABLE_RAW : TABLE_ALIGNED;
}

/* -H */
static int list_columns(struct lsns *ls)
{
	filter_free(ls->filter);
	int rc = columns_print(columns, NCOLUMNS, table_mode(ls), ls->noheadings);
	if (rc < 0)
		die_write_error(-rc);
	return 0;
}

/* The wanted types in lsns's order; every type when -t was not given. */
static void choose_types(struct lsns *ls, bool types_given)
{
	for (int rank = 0; rank < NS_TYPES_MAIN; rank++) {
		int type = ns_type_index(ns_type_at(NS_ORDER_LSNS, rank));
		if (!types_given)
			ls->wanted[type] = true;
		if (ls->wanted[type])
			ls->wanted_list[ls->nwanted++] = type;
	}
}

/* A namespace argument: its processes, as a tree unless -l. */
static void namespace_argument(struct lsns *ls, const char *arg, bool output_all)
{
	if (ls->task)
		die(1, 0, "--task is mutually exclusive with <namespace>");
	if (parse_u64(arg, 0, UINT64_MAX, &ls->ns_arg) < 0)
		die(1, 0, "invalid namespace argument: '%s'", arg);
	ls->ns_arg_set = true;
	if (!ls->tree && !ls->list)
		ls->tree = TREE_PROCESS;
	if (!output_all) {
		add_column(ls, C_PID);
		add_column(ls, C_PPID);
		add_column(ls, C_USER);
		add_column(ls, C_COMMAND);
	}
}

/* util-linux's columns and tree, unless a namespace argument or
 * --output-all chose them; then -o replaces them, -o +LIST adds. */
static void choose_columns(struct lsns *ls, const struct lsns_args *a)
{
	if (a->output_all)
		for (size_t i = 0; i < NCOLUMNS; i++)
			add_column(ls, i);
	if (!ls->ncols) {
		add_column(ls, C_NS);
		add_column(ls, C_TYPE);
		add_column(ls, C_NPROCS);
		add_column(ls, C_PID);
		add_column(ls, C_USER);
		if (a->types_given && ls->wanted[NS_NET]) {
			add_column(ls, C_NETNSID);
			add_column(ls, C_NSFS);
		}
		add_column(ls, C_COMMAND);
		if (!ls->tree && !ls->list)
			ls->tree = TREE_PROCESS;
	}
	if (a->output) {
		if (a->output[0] != '+')
			ls->ncols = 0;
		columns_parse(columns, NCOLUMNS, a->output + (a->output[0] == '+'), ls->cols, &ls->ncols,
			      sizeof ls->cols / sizeof *ls->cols, 1);
	}
}

/* Trees and PNS/ONS need the kernel's relations: no flat list or zeros
 * that look true (util-linux's status for an unsupported ioctl). */
static void require_relations(const struct lsns *ls)
{
	bool tree_by_ns = ls->tree == TREE_OWNER || ls->tree == TREE_PARENT;

	if (!tree_by_ns && !column_needed(ls, C_PNS) && !column_needed(ls, C_ONS))
		return;
	const char *why = ns_relations_missing();
	if (why && tree_by_ns)
		die(2, 0, "cannot build the %s tree: %s", ls->tree == TREE_OWNER ? "owner" : "parent", why);
	if (why)
		die(2, 0, "cannot show PNS or ONS: %s", why);
}

/* The chosen columns with -u, -W and the tree column applied. */
static void output_columns(const struct lsns *ls, struct column *cols, const struct column **colp)
{
	for (size_t i = 0; i < ls->ncols; i++) {
		cols[i] = columns[ls->cols[i]];
		if (ls->notrunc)
			cols[i].flags &= ~(unsigned)COL_TRUNC;
		if (ls->nowrap)
			cols[i].flags &= ~(unsigned)COL_WRAPNL;
		if ((ls->tree == TREE_PROCESS && ls->cols[i] == C_COMMAND) ||
		    ((ls->tree == TREE_OWNER || ls->tree == TREE_PARENT) && ls->cols[i] == C_NS))
			cols[i].flags |= COL_TREE;
		colp[i] = &cols[i];
	}
}

/* A terminal's width (COLUMNS overrides it), for truncation. */
static size_t terminal_width(void)
{
	struct winsize ws;
	uint64_t cols_env;
	size_t width = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col ? ws.ws_col : 80;

	if (getenv("COLUMNS") && parse_u64(getenv("COLUMNS"), 1, 100000, &cols_env) == 0)
		width = (size_t)cols_env;
	return width;
}

static void print_rows(struct lsns *ls)
{
	struct column cols[LSNS_MAX_COLUMNS];
	const struct column *colp[LSNS_MAX_COLUMNS];
	struct table t;

	output_columns(ls, cols, colp);
	table_init(&t, colp, ls->ncols, table_mode(ls), "namespaces");
	t.noheadings = ls->noheadings;
	if (!ls->json && !ls->raw && isatty(STDOUT_FILENO))
		t.termwidth = terminal_width();
	lsns_show(ls, &t);
	int rc = table_print(&t);
	if (rc < 0)
		die_write_error(-rc);
}

static int lsns_main(int argc, char **argv)
{
	struct lsns ls = { .netlink = -1, .procs_sorted = true };
	struct lsns_args a = { 0 };

	parse_options(&ls, &a, argc, argv);
	check_combinations(&ls, &a, argc);
	if (a.list_columns)
		return list_columns(&ls);
	choose_types(&ls, a.types_given);
	if (a.ind < argc)
		namespace_argument(&ls, argv[a.ind], a.output_all);
	choose_columns(&ls, &a);
	require_relations(&ls);

	ls.want_holder = column_needed(&ls, C_HOLDER);
	ls.want_nsfs = column_needed(&ls, C_NSFS);
	if (a.container)
		discover_container(&ls, a.container);
	else
		lsns_discover(&ls);
	if (column_needed(&ls, C_NETNSID))
		ls.netlink = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0 /* NETLINK_ROUTE */);
	print_rows(&ls);
	lsns_free(&ls);
	return 0;
}

const struct applet lsns_applet = {
	.name = "lsns", .main = lsns_main, .help = { HELP_lsns },
	.summary = "list namespaces (util-linux compatible, and the ones it misses)",
	.shortopts = lsns_shortopts, .longopts = lsns_longopts,
};
