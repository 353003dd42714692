/* SPDX-License-Identifier: 0BSD */
/* lsns: how namespaces relate (parent, owner), as the kernel says. */
#include "lsns.h"
#include "util.h"

#include <unistd.h>

/* A parent or owner no scanned process or mount showed us ("ghost"):
 * util-linux 2.38.1 adds them for -T whatever -t says. No fd is kept: it
 * is its relative's parent or owner, asked again when needed. */
static int ghost_add(struct lsns *ls, int from, int rel, uint64_t ino, int type)
{
	int idx = ns_add(ls, ino, type);
	ls->nss[idx].via = VIA_RELATION;
	ls->nss[idx].via_ref = from;
	ls->nss[idx].via_arg = rel;
	ls->nss[idx].found = FOUND_RELATION;
	return idx;
}

/* Parent (user and pid) and owner of a namespace: inodes always, and
 * with link, the namespaces themselves, adding ghosts (recursively). */
void relate(struct lsns *ls, int idx, bool link, int depth)
{
	bool owned;
	int fd, user = NS_USER;

	if (ls->nss[idx].related_read || depth > 64)
		return;
	ls->nss[idx].related_read = true;
	fd = ns_fd(ls, idx, &owned);
	if (fd < 0)
		return;
	int flag = ns_types[ls->nss[idx].type].flag;
	for (int rel = REL_PARENT; rel <= REL_OWNER; rel++) {
		if (rel == REL_PARENT && flag != CLONE_NEWUSER && flag != CLONE_NEWPID)
			continue;
		int rfd = lsns_fd_or_limit(ls, rel == REL_PARENT ? ns_get_parent(fd) : ns_get_userns(fd));
		uint64_t ino;
		if (rfd < 0)
			continue;	/* EPERM: above what we may see; reads as 0 */
		int rc = ns_fd_ino(rfd, &ino, NULL);
		close(rfd);
		if (rc < 0)
			continue;
		ls->nss[idx].related_ino[rel] = ino;
		if (!link)
			continue;
		int r = index_get(&ls->by_ino, ino);
		if (r < 0)
			r = ghost_add(ls, idx, rel, ino, rel == REL_PARENT ? ls->nss[idx].type : user);
		ls->nss[idx].related[rel] = r;
		relate(ls, r, link, depth + 1);
	}
	if (owned)
		close(fd);
}
