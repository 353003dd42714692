/* SPDX-License-Identifier: 0BSD */
/* HOLDER: what keeps a namespace alive, from what discovery recorded. lsns
 * and nsid show it. */
#include "fmt.h"
#include "lsns.h"
#include "util.h"

#include <fcntl.h>
#include <string.h>

/* The comm of pid, for a holder's text ("" when gone). The list
 * separator cannot be part of it. */
static void comm_of(pid_t pid, char *buf, size_t size)
{
	char path[32];
	fmt_snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	if (read_file_at(AT_FDCWD, path, buf, size) <= 0)
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	for (char *p = buf; (p = strchr(p, COL_LIST_SEP)); p++)
		*p = '?';
}

/* Does any namespace found name idx as its owner (user namespaces) or
 * parent (user, pid)? The relations of all are read once, when asked. */
static bool relied_on(struct lsns *ls, int idx, int rel)
{
	for (size_t i = 0; i < ls->nns; i++) {
		relate(ls, (int)i, false, 0);
		if ((int)i != idx && ls->nss[i].related_ino[rel] == ls->nss[idx].ino)
			return true;
	}
	return false;
}

/* HOLDER: what keeps a namespace alive, as a list (COL_LIST_SEP between
 * items): its processes, the fds, sockets and pid_for_children links of
 * processes, its bind mounts, and for namespaces no process is in, the
 * namespaces that need it, or how the kernel showed it. */
char *lsns_holders(struct lsns *ls, int idx)
{
	const struct lsns_ns *ns = &ls->nss[idx];
	struct strbuf sb = STRBUF_HEAP;
	const char sep[] = { COL_LIST_SEP, '\0' };
	char comm[32];

	if (ns->nprocs)
		sb_printf(&sb, "%d process%s", ns->nprocs, ns->nprocs == 1 ? "" : "es");
	for (size_t i = 0; i < ls->nholders; i++) {
		const struct holder *h = &ls->holders[i];
		if (h->ino != ns->ino)
			continue;
		comm_of(h->pid, comm, sizeof comm);
		if (h->kind == HOLD_CHILDREN)
			sb_printf(&sb, "%spid_for_children of pid %d (%s)", sb.len ? sep : "", (int)h->pid, comm);
		else
			sb_printf(&sb, "%s%sfd %d of pid %d (%s)", sb.len ? sep : "",
				  h->kind == HOLD_SOCKET ? "socket " : "", h->fd, (int)h->pid, comm);
	}
	for (size_t m = 0; m < ls->nmounts; m++) {
		const struct nsfs_mount *mnt = &ls->mounts[m];
		if (mnt->ino != ns->ino)
			continue;
		if (mnt->mntns == ls->own_mntns)
			sb_printf(&sb, "%smount %s", sb.len ? sep : "", mnt->target);
		else
			sb_printf(&sb, "%smount %s in mnt:[%llu]", sb.len ? sep : "", mnt->target,
				  (unsigned long long)mnt->mntns);
	}
	if (!ns->nprocs) {
		int flag = ns_types[ns->type].flag;
		if (flag == CLONE_NEWUSER && relied_on(ls, idx, REL_OWNER))
			sb_printf(&sb, "%sowns live namespaces", sb.len ? sep : "");
		if ((flag == CLONE_NEWUSER || flag == CLONE_NEWPID) && relied_on(ls, idx, REL_PARENT))
			sb_printf(&sb, "%sparent of live namespaces", sb.len ? sep : "");
	}
	if (!sb.len && (ns->found & FOUND_LISTNS))
		sb_printf(&sb, "listns");
	if (!sb.len && (ns->found & FOUND_MNT_WALK))
		sb_printf(&sb, "NS_MNT_GET_NEXT (held by no visible process or mount)");
	return sb.buf;
}

