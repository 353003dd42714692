/* SPDX-License-Identifier: 0BSD */
/* Users, groups, ids and capabilities. */
#ifndef NSBOX_CRED_H
#define NSBOX_CRED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* An entry of /etc/passwd or /etc/group, read directly: a static binary
 * has no NSS, and a minimal container has no such files at all. */
struct user_entry {
	char name[64];
	uint32_t id;
	char shell[128];	/* passwd only */
};
/* Find by name (name != NULL) or else by id. 0, -ENOENT when there is no
 * such entry, or -errno when the file cannot be read. */
int user_lookup(const char *file, const char *name, uint32_t id, struct user_entry *out);
/* uid -> user name from /etc/passwd, or the number when there is none.
 * buf holds at least 32 bytes. */
const char *uid_to_name(uid_t uid, char *buf, size_t size);

/* setuid/setgid/setgroups(0) as plain syscalls: nsbox is single-threaded,
 * and libc's all-threads versions cost a lot of static size. 0 or -1. */
int set_uid(uid_t uid);
int set_gid(gid_t gid);
int drop_groups(void);

/* The one setgroups/setgid/setuid sequence, in that order, each step only
 * when asked, with util-linux's messages ("setgroups failed", "setgid()
 * failed", "setuid() failed"). A setgroups that may fail (nsenter: it
 * works only once inside some user namespaces) is not fatal. */
struct cred_change {
	bool drop_groups, groups_may_fail;
	bool set_gid, set_uid;
	gid_t gid;
	uid_t uid;
};
void change_credentials(const struct cred_change *change);

/* Raise every permitted capability into the inheritable and ambient sets,
 * so that it survives exec (--keep-caps); dies with "cannot raise ambient
 * capabilities" when the kernel refuses. */
void caps_permitted_to_ambient_or_die(void);

#endif
