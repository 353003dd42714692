/* SPDX-License-Identifier: 0BSD */
/* lsns: the order rows are shown in, and their trees (-T, a namespace argument). */
#include "lsns_rows.h"
#include "util.h"

#include <fcntl.h>
#include <stdlib.h>

/* A namespace's row, after its owner's or parent's in those trees. */
static void show_namespace(struct lsns *ls, struct table *t, int idx, int depth)
{
	struct lsns_ns *ns = &ls->nss[idx];
	int parent = -1;

	if (ls->tree == TREE_OWNER || ls->tree == TREE_PARENT) {
		relate(ls, idx, true, 0);
		ns = &ls->nss[idx];
		int up = ns->related[REL_OWNER];
		if (ls->tree == TREE_PARENT && ns->related[REL_PARENT] >= 0)
			up = ns->related[REL_PARENT];
		if (up >= 0 && ls->nss[up].outline < 0 && depth < 64)
			show_namespace(ls, t, up, depth + 1);
		ns = &ls->nss[idx];
		if (ls->tree == TREE_OWNER && ns->related[REL_OWNER] >= 0)
			parent = ls->nss[ns->related[REL_OWNER]].outline;
		else if (ls->tree == TREE_PARENT && ns->related[REL_PARENT] >= 0)
			parent = ls->nss[ns->related[REL_PARENT]].outline;
	} else if (ls->tree == TREE_PROCESS && ns->proc >= 0 && proc_load(ls, ns->proc)->parent >= 0)
		parent = ls->procs[ls->procs[ns->proc].parent].outline;
	int row = add_row(ls, t, parent, idx, ns->proc);
	if (row < 0)
		return;
	if (ls->tree == TREE_OWNER || ls->tree == TREE_PARENT)
		ls->nss[idx].outline = row;
	else if (ns->proc >= 0)
		ls->procs[ns->proc].outline = row;
}

static bool has_task(const struct lsns *ls, int idx)
{
	for (size_t i = 0; i < ls->ncontainer_ns; i++)
		if (ls->container_ns[i] == ls->nss[idx].ino)
			return true;
	return ls->task_ns[ls->nss[idx].type] == ls->nss[idx].ino;
}

/* Namespace indexes in inode order: a heapsort (O(n log n) whatever the
 * input, no recursion; libc's qsort is 2 KiB of the static binary). */
static void sort_by_inode(const struct lsns *ls, int *order, size_t n)
{
#define INO(i) ls->nss[order[i]].ino
	for (size_t end = n, start = n / 2; end > 1;) {
		if (start > 0)
			start--;		/* building the heap */
		else {
			end--;			/* the largest to the end */
			int top = order[0];
			order[0] = order[end];
			order[end] = top;
		}
		for (size_t root = start, child; (child = 2 * root + 1) < end; root = child) {
			if (child + 1 < end && INO(child + 1) > INO(child))
				child++;
			if (INO(root) >= INO(child))
				break;
			int t = order[root];
			order[root] = order[child];
			order[child] = t;
		}
	}
#undef INO
}

/* A process's row under its parent's, when the parent is in the same
 * namespace: the parents not shown yet are shown first, top down. A loop
 * over the chain, not recursion: process trees are as deep as anyone
 * makes them, and pid reuse can even make the ppid links a cycle. */
static void show_process(struct lsns *ls, struct table *t, int pidx, int nsidx)
{
	int type = ls->nss[nsidx].type;
	uint64_t ino = ls->nss[nsidx].ino;
	int *chain = NULL;
	size_t n = 0;

	for (int p = pidx;;) {
		chain = xgrow(chain, (size_t)n, sizeof *chain);
		chain[n++] = p;
		ls->procs[p].outline = -2;	/* on the chain */
		int up = proc_load(ls, p)->parent;
		if (ls->tree != TREE_PROCESS || up < 0 || ls->procs[up].outline != -1 ||
		    !proc_in_ns(ls, up, type, ino))
			break;
		p = up;
	}
	while (n--) {
		int p = chain[n], up = ls->procs[p].parent, parent = -1;
		if (ls->tree == TREE_PROCESS && up >= 0 && ls->procs[up].outline >= 0 &&
		    proc_in_ns(ls, up, type, ino))
			parent = ls->procs[up].outline;
		ls->procs[p].outline = add_row(ls, t, parent, nsidx, p);
	}
	free(chain);
}
/* The rows, in util-linux's order: a namespace argument's processes as a
 * tree, or every namespace by inode, under its owner, parent or first
 * process's parent. */
void lsns_show(struct lsns *ls, struct table *t)
{
	if (ls->ns_arg_set) {
		int idx = index_get(&ls->by_ino, ls->ns_arg);
		if (idx < 0)
			die(1, 0, "not found namespace: %llu", (unsigned long long)ls->ns_arg);
		for (size_t p = 0; p < ls->nprocs; p++)
			if (ls->procs[p].outline < 0 && proc_in_ns(ls, (int)p, ls->nss[idx].type, ls->nss[idx].ino))
				show_process(ls, t, (int)p, idx);
	} else {
		for (int i = 0; ls->task && i < NS_TYPES_ALL; i++) {
			char path[NS_PATH_SIZE];
			ns_path(path, ls->task, &ns_types[i]);
			if (ns_types[i].for_children || ns_link_ino(AT_FDCWD, path, &ls->task_ns[i]) < 0)
				ls->task_ns[i] = 0;
		}
		/* ghosts join before sorting, as util-linux connects them first */
		if (ls->tree == TREE_OWNER || ls->tree == TREE_PARENT)
			for (size_t i = 0; i < ls->nns; i++)
				relate(ls, (int)i, true, 0);
		int *order = xmalloc((ls->nns ? ls->nns : 1) * sizeof *order);
		for (size_t i = 0; i < ls->nns; i++)
			order[i] = (int)i;
		sort_by_inode(ls, order, ls->nns);
		for (size_t i = 0; i < ls->nns; i++) {
			int idx = order[i];
			if ((ls->task && !has_task(ls, idx)) || (ls->persist && ls->nss[idx].nprocs))
				continue;
			if (ls->nss[idx].outline < 0)
				show_namespace(ls, t, idx, 0);
		}
		free(order);
	}
}
