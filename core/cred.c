/* SPDX-License-Identifier: 0BSD */
/* Credentials: users and groups read from /etc directly (no NSS in a
 * static binary, often no /etc at all), uid/gid/groups changes as plain
 * syscalls, capabilities. */
#include "fmt.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int caps_permitted_to_ambient(void)
{
	struct { uint32_t version; int pid; } header = { 0x20080522, 0 };	/* v3 */
	struct { uint32_t effective, permitted, inheritable; } data[2];
	char text[16];
	uint64_t last_cap = 40;

	if (syscall(SYS_capget, &header, data) < 0)
		return -errno;
	for (int i = 0; i < 2; i++)
		data[i].inheritable = data[i].permitted;
	if (syscall(SYS_capset, &header, data) < 0)
		return -errno;
	if (read_file_at(AT_FDCWD, "/proc/sys/kernel/cap_last_cap", text, sizeof text) > 0) {
		text[strcspn(text, "\n")] = '\0';
		parse_u64(text, 0, 63, &last_cap);
	}
	for (unsigned cap = 0; cap <= last_cap; cap++) {
		if (!(data[cap / 32].effective & (1u << (cap % 32))))
			continue;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
			return -errno;
	}
	return 0;
}

void caps_permitted_to_ambient_or_die(void)
{
	int rc = caps_permitted_to_ambient();
	if (rc < 0)
		die(1, -rc, "cannot raise ambient capabilities");
}


struct user_query {
	const char *name;
	uint32_t id;
	struct user_entry *out;
};

static int user_line(char *line, void *ctx)
{
	struct user_query *q = ctx;
	char *fields[7] = { 0 };
	int n = 0;
	uint64_t id;

	for (char *p = line; n < 7; n++) {
		fields[n] = p;
		p = strchr(p, ':');
		if (!p)
			break;
		*p++ = '\0';
	}
	if (n < 2 || !fields[2] || parse_u64(fields[2], 0, UINT32_MAX, &id) < 0)
		return 0;
	if (q->name ? strcmp(fields[0], q->name) != 0 : id != q->id)
		return 0;
	fmt_snprintf(q->out->name, sizeof q->out->name, "%s", fields[0]);
	q->out->id = (uint32_t)id;
	fmt_snprintf(q->out->shell, sizeof q->out->shell, "%s", n >= 6 && fields[6] ? fields[6] : "");
	return 1;
}

int user_lookup(const char *file, const char *name, uint32_t id, struct user_entry *out)
{
	struct user_query q = { name, id, out };
	int rc = for_each_line(file, user_line, &q);
	return rc < 0 ? rc : rc == 1 ? 0 : -ENOENT;
}

const char *uid_to_name(uid_t uid, char *buf, size_t size)
{
	struct user_entry entry;

	if (user_lookup("/etc/passwd", NULL, uid, &entry) == 0)
		fmt_snprintf(buf, size, "%s", entry.name);
	else
		fmt_snprintf(buf, size, "%u", (unsigned)uid);
	return buf;
}

/* On 32-bit x86 and arm, SYS_setuid is the legacy 16-bit call (uid 100000
 * would become 34464): the 32-bit-id calls are the *32 ones there. */
#ifdef SYS_setuid32
#define NR_SETUID SYS_setuid32
#define NR_SETGID SYS_setgid32
#define NR_SETGROUPS SYS_setgroups32
#else
#define NR_SETUID SYS_setuid
#define NR_SETGID SYS_setgid
#define NR_SETGROUPS SYS_setgroups
#endif

int set_uid(uid_t uid)
{
	return (int)syscall(NR_SETUID, uid);
}

int set_gid(gid_t gid)
{
	return (int)syscall(NR_SETGID, gid);
}

int drop_groups(void)
{
	return (int)syscall(NR_SETGROUPS, 0, NULL);
}

void change_credentials(const struct cred_change *c)
{
	if (c->drop_groups && drop_groups() < 0 && !c->groups_may_fail)
		die(1, errno, "setgroups failed");
	if (c->set_gid && set_gid(c->gid) < 0)
		die(1, errno, "setgid() failed");
	if (c->set_uid && set_uid(c->uid) < 0)
		die(1, errno, "setuid() failed");
}
