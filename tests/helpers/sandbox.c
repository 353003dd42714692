/* SPDX-License-Identifier: 0BSD */
/* sandbox PROFILE COMMAND [ARGS...]: run COMMAND under a seccomp filter that
 * makes this kernel look older, or like a container runtime's sandbox, to
 * nsbox: the calls a profile names fail with the errno an older kernel (or
 * the runtime) gives. No libseccomp: PR_SET_NO_NEW_PRIVS and a classic BPF
 * filter. `sandbox --list` prints the profiles. Exit 125 when the filter
 * cannot be installed. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel.h"

/* linux/filter.h, linux/seccomp.h, linux/audit.h (musl-gcc sees none) */
struct sock_filter {
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};
struct sock_fprog {
	unsigned short len;
	struct sock_filter *filter;
};
#define BPF_LD_W_ABS 0x20
#define BPF_JEQ_K 0x15
#define BPF_JSET_K 0x45
#define BPF_RET_K 0x06
#define BPF_SUB_K 0x14
#define BPF_AND_X 0x5c
#define BPF_TAX 0x07
#define SECCOMP_MODE_FILTER 2
#define SECCOMP_RET_ALLOW 0x7fff0000U
#define SECCOMP_RET_ERRNO 0x00050000U
#define DATA_NR 0
#define DATA_ARCH 4
#define DATA_ARG(i) (16 + 8 * (i))	/* the low 32 bits on little-endian */

#if defined(__x86_64__)
#define AUDIT_ARCH 0xc000003eU
#elif defined(__aarch64__)
#define AUDIT_ARCH 0xc00000b7U
#elif defined(__i386__)
#define AUDIT_ARCH 0x40000003U
#elif defined(__arm__) && !defined(__ARMEB__)
#define AUDIT_ARCH 0x40000028U
#elif defined(__riscv) && __riscv_xlen == 64
#define AUDIT_ARCH 0xc00000f3U
#endif

#ifndef SYS_listns
#define SYS_listns SYS_listns_nr
#endif
#define PIDFD_GET_NS(n) _IO(0xFF, n)	/* PIDFD_GET_*_NAMESPACE, 1..10 (6.11) */

enum match { ANY, ARG_EQ, ARG_HAS_BIT, ARG_SEVERAL_BITS };

struct rule {
	long nr;
	enum match match;
	int arg;
	uint32_t value;
	int err;
};

/* What each kernel lacks, newest first; a profile takes its own rules
 * and those of every profile newer than it. */
static const struct rule lacks_since_5_10[] = {
	{ SYS_ioctl, ARG_EQ, 1, NS_GET_ID, ENOTTY },			/* 6.18 */
	{ SYS_listns, ANY, 0, 0, ENOSYS },				/* 6.19 */
	{ SYS_ioctl, ARG_EQ, 1, NS_MNT_GET_NEXT, ENOTTY },		/* 6.12 */
	{ SYS_ioctl, ARG_EQ, 1, NS_MNT_GET_PREV, ENOTTY },
	{ SYS_name_to_handle_at, ANY, 0, 0, EOPNOTSUPP },		/* nsfs handles 6.18 */
	{ SYS_open_by_handle_at, ANY, 0, 0, EOPNOTSUPP },
	{ SYS_ioctl, ARG_EQ, 1, PIDFD_GET_NS(1), ENOTTY },		/* 6.11 */
	{ SYS_ioctl, ARG_EQ, 1, PIDFD_GET_NS(2), ENOTTY },
	{ SYS_ioctl, ARG_EQ, 1, PIDFD_GET_NS(3), ENOTTY },
	{ SYS_ioctl, ARG_EQ, 1, PIDFD_GET_NS(4), ENOTTY },
	{ SYS_ioctl, ARG_EQ, 1, PIDFD_GET_NS(5), ENOTTY },
	{ SYS_ioctl, ARG_EQ, 1, PIDFD_GET_NS(6), ENOTTY },
	{ SYS_ioctl, ARG_EQ, 1, PIDFD_GET_NS(7), ENOTTY },
	{ SYS_ioctl, ARG_EQ, 1, PIDFD_GET_NS(8), ENOTTY },
	{ SYS_ioctl, ARG_EQ, 1, PIDFD_GET_NS(9), ENOTTY },
	{ SYS_ioctl, ARG_EQ, 1, PIDFD_GET_NS(10), ENOTTY },
};
static const struct rule lacks_since_5_4[] = {
	/* setns on a pidfd (5.8): a pidfd is not an nsfs file. A mask of
	 * several types is only ever a pidfd's; nsbox's one-type joins through
	 * a pidfd stay allowed, so both paths are exercised. */
	{ SYS_setns, ARG_SEVERAL_BITS, 1, 0, EINVAL },
	{ SYS_pidfd_getfd, ANY, 0, 0, ENOSYS },				/* 5.6 */
	{ SYS_clone3, ANY, 0, 0, ENOSYS },				/* 5.3 */
	{ SYS_openat2, ANY, 0, 0, ENOSYS },				/* 5.6 */
};
static const struct rule lacks_since_4_19[] = {
	{ SYS_pidfd_open, ANY, 0, 0, ENOSYS },				/* 5.3 */
	{ SYS_pidfd_send_signal, ANY, 0, 0, ENOSYS },			/* 5.1 */
	{ SYS_unshare, ARG_HAS_BIT, 0, CLONE_NEWTIME, EINVAL },		/* 5.6 */
	{ SYS_setns, ARG_HAS_BIT, 1, CLONE_NEWTIME, EINVAL },
};
/* Docker's default profile, for what nsbox touches: namespace and mount
 * calls need CAP_SYS_ADMIN there (EPERM); calls newer than the profile
 * are ENOSYS. */
static const struct rule docker_default[] = {
	{ SYS_unshare, ANY, 0, 0, EPERM },
	{ SYS_setns, ANY, 0, 0, EPERM },
	{ SYS_mount, ANY, 0, 0, EPERM },
	{ SYS_umount2, ANY, 0, 0, EPERM },
	{ SYS_pivot_root, ANY, 0, 0, EPERM },
	{ SYS_name_to_handle_at, ANY, 0, 0, EPERM },
	{ SYS_open_by_handle_at, ANY, 0, 0, EPERM },
	{ SYS_clone3, ANY, 0, 0, ENOSYS },
	{ SYS_listns, ANY, 0, 0, ENOSYS },
};

/* Every nsfs ioctl refused: a 32-bit program on a 64-bit kernel before
 * 6.3 (no compat handler), or qemu-user. */
static const struct rule no_nsfs_ioctls[] = {
	{ SYS_ioctl, ARG_EQ, 1, NS_GET_USERNS, ENOTTY },
	{ SYS_ioctl, ARG_EQ, 1, NS_GET_PARENT, ENOTTY },
	{ SYS_ioctl, ARG_EQ, 1, NS_GET_NSTYPE, ENOTTY },
	{ SYS_ioctl, ARG_EQ, 1, NS_GET_OWNER_UID, ENOTTY },
	{ SYS_ioctl, ARG_EQ, 1, NS_GET_ID, ENOTTY },
};

/* qemu-user: namespace flags in clone refused, nsfs ioctls unknown. */
static const struct rule qemu_user[] = {
	{ SYS_clone, ARG_HAS_BIT, 0, CLONE_NEWUTS, EINVAL },
	{ SYS_clone, ARG_HAS_BIT, 0, CLONE_NEWUSER, EINVAL },
	{ SYS_ioctl, ARG_EQ, 1, NS_GET_USERNS, ENOTTY },
	{ SYS_ioctl, ARG_EQ, 1, NS_GET_PARENT, ENOTTY },
};

#define RULES(a) { a, sizeof a / sizeof *a }
static const struct profile {
	const char *name;
	struct { const struct rule *rules; size_t n; } sets[3];
	const char *help;
} profiles[] = {
	{ "5.10", { RULES(lacks_since_5_10) }, "no NS_GET_ID, NS_MNT_GET_NEXT, nsfs handles, listns, PIDFD_GET_*" },
	{ "5.4", { RULES(lacks_since_5_10), RULES(lacks_since_5_4) },
	  "5.10, and no setns on a pidfd, pidfd_getfd, clone3, openat2" },
	{ "4.19", { RULES(lacks_since_5_10), RULES(lacks_since_5_4), RULES(lacks_since_4_19) },
	  "5.4, and no pidfds, no time namespaces" },
	{ "docker-default", { RULES(docker_default) }, "Docker's default seccomp profile (no CAP_SYS_ADMIN)" },
	{ "no-nsfs-ioctls", { RULES(no_nsfs_ioctls) }, "every nsfs ioctl ENOTTY (32-bit on 64-bit before 6.3)" },
	{ "qemu-user", { RULES(qemu_user) }, "clone refuses namespace flags, no NS_GET_USERNS/PARENT" },
};

struct program {
	struct sock_filter insns[512];
	size_t n;
};

static void put(struct program *p, uint16_t code, uint8_t jt, uint8_t jf, uint32_t k)
{
	if (p->n == sizeof p->insns / sizeof *p->insns) {
		fputs("sandbox: filter too long\n", stderr);
		exit(125);
	}
	p->insns[p->n++] = (struct sock_filter){ code, jt, jf, k };
}

/* Each rule: load nr; not ours: skip to the next rule; test the argument;
 * fail with the errno. Every jump is forward and within the rule. */
static void add_rule(struct program *p, const struct rule *r)
{
	uint32_t ret = SECCOMP_RET_ERRNO | (uint32_t)r->err;

	put(p, BPF_LD_W_ABS, 0, 0, DATA_NR);
	switch (r->match) {
	case ANY:
		put(p, BPF_JEQ_K, 0, 1, (uint32_t)r->nr);
		break;
	case ARG_EQ:
		put(p, BPF_JEQ_K, 0, 3, (uint32_t)r->nr);
		put(p, BPF_LD_W_ABS, 0, 0, DATA_ARG(r->arg));
		put(p, BPF_JEQ_K, 0, 1, r->value);
		break;
	case ARG_HAS_BIT:
		put(p, BPF_JEQ_K, 0, 3, (uint32_t)r->nr);
		put(p, BPF_LD_W_ABS, 0, 0, DATA_ARG(r->arg));
		put(p, BPF_JSET_K, 0, 1, r->value);
		break;
	case ARG_SEVERAL_BITS:	/* (a & (a - 1)) != 0 */
		put(p, BPF_JEQ_K, 0, 6, (uint32_t)r->nr);
		put(p, BPF_LD_W_ABS, 0, 0, DATA_ARG(r->arg));
		put(p, BPF_TAX, 0, 0, 0);
		put(p, BPF_SUB_K, 0, 0, 1);
		put(p, BPF_AND_X, 0, 0, 0);
		put(p, BPF_JEQ_K, 1, 0, 0);
		break;
	}
	put(p, BPF_RET_K, 0, 0, ret);
}

int main(int argc, char **argv)
{
	const struct profile *profile = NULL;
	struct program prog = { .n = 0 };

	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (size_t i = 0; i < sizeof profiles / sizeof *profiles; i++)
			printf("%-15s %s\n", profiles[i].name, profiles[i].help);
		return 0;
	}
	for (size_t i = 0; argc > 2 && i < sizeof profiles / sizeof *profiles; i++)
		if (!strcmp(argv[1], profiles[i].name))
			profile = &profiles[i];
	if (!profile) {
		fputs("usage: sandbox PROFILE COMMAND [ARGS...] | sandbox --list\n", stderr);
		return 125;
	}
#ifdef AUDIT_ARCH
	/* another ABI's numbers mean other calls: let those through */
	put(&prog, BPF_LD_W_ABS, 0, 0, DATA_ARCH);
	put(&prog, BPF_JEQ_K, 1, 0, AUDIT_ARCH);
	put(&prog, BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW);
#endif
	for (size_t s = 0; s < 3; s++)
		for (size_t i = 0; i < profile->sets[s].n; i++)
			add_rule(&prog, &profile->sets[s].rules[i]);
	put(&prog, BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW);

	struct sock_fprog fprog = { (unsigned short)prog.n, prog.insns };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) < 0) {
		fprintf(stderr, "sandbox: cannot install the seccomp filter: %s\n", strerror(errno));
		return 125;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "sandbox: cannot run %s: %s\n", argv[2], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
