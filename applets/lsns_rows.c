/* SPDX-License-Identifier: 0BSD */
/* lsns: each row's cells, and the row itself unless -Q drops it. */
#include "container.h"
#include "filter.h"
#include "fmt.h"
#include "lsns_rows.h"
#include "proc.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
