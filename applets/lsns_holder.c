/* SPDX-License-Identifier: 0BSD */
/* HOLDER: what keeps a namespace alive, from what discovery recorded. lsns
 * and nsid show it. */
#include "fmt.h"
#include "lsns.h"
#include "util.h"

#include <fcntl.h>
#include <string.h>

/* The comm of pid, for a holder's text ("" when gone). */
static void comm_of(pid_t pid, char *buf, size_t size)
{
	char path[32];
	fmt_snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	if (read_file_at(AT_FDCWD, path, buf, size) <= 0)
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

/* Which namespaces some namespace found names as its owner (user
 * namespaces) or parent (user, pid): the relations of all, read once. */
static void relied_read(struct lsns *ls)
{
	if (ls->relied_read)
		return;
	ls->relied_read = true;
	for (size_t i = 0; i < ls->nns; i++)
		relate(ls, (int)i, false, 0);
	for (size_t i = 0; i < ls->nns; i++)
		for (int rel = REL_PARENT; rel <= REL_OWNER; rel++) {
			int up = ls->nss[i].related_ino[rel] ? index_get(&ls->by_ino, ls->nss[i].related_ino[rel]) : -1;
			if (up >= 0 && up != (int)i)
				ls->nss[up].relied |= (uint8_t)(1 << rel);
		}
}

/* HOLDER: what keeps a namespace alive, as a list: its processes, the
 * fds, sockets and pid_for_children links of processes, its bind mounts,
 * and for namespaces no process is in, the namespaces that need it, or how
 * the kernel showed it. */
char *lsns_holders(struct lsns *ls, int idx)
{
	const struct lsns_ns *ns = &ls->nss[idx];
	struct strbuf sb = STRBUF_HEAP;
	char comm[32];

	if (ns->nprocs)
		list_add(&sb, "%d process%s", ns->nprocs, ns->nprocs == 1 ? "" : "es");
	for (int i = ns->holders; i >= 0; i = ls->holders[i].next) {
		const struct holder *h = &ls->holders[i];
		comm_of(h->pid, comm, sizeof comm);
		if (h->kind == HOLD_CHILDREN)
			list_add(&sb, "pid_for_children of pid %d (%s)", (int)h->pid, comm);
		else
			list_add(&sb, "%sfd %d of pid %d (%s)", h->kind == HOLD_SOCKET ? "socket " : "", h->fd,
				 (int)h->pid, comm);
	}
	for (int m = ns->mounts; m >= 0; m = ls->mounts[m].next) {
		const struct nsfs_mount *mnt = &ls->mounts[m];
		if (mnt->mntns == ls->own_mntns)
			list_add(&sb, "mount %s", mnt->target);
		else
			list_add(&sb, "mount %s in mnt:[%llu]", mnt->target, (unsigned long long)mnt->mntns);
	}
	int flag = ns_types[ns->type].flag;
	if (!ns->nprocs && (flag == CLONE_NEWUSER || flag == CLONE_NEWPID)) {
		relied_read(ls);
		ns = &ls->nss[idx];
		if (flag == CLONE_NEWUSER && (ns->relied & (1 << REL_OWNER)))
			list_add(&sb, "owns live namespaces");
		if ((flag == CLONE_NEWUSER || flag == CLONE_NEWPID) && (ns->relied & (1 << REL_PARENT)))
			list_add(&sb, "parent of live namespaces");
	}
	if (!sb.len && (ns->found & FOUND_LISTNS))
		list_add(&sb, "listns");
	if (!sb.len && (ns->found & FOUND_MNT_WALK))
		list_add(&sb, "NS_MNT_GET_NEXT (held by no visible process or mount)");
	return sb.buf;
}
