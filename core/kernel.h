/* SPDX-License-Identifier: 0BSD */
/* Kernel constants nsbox needs. musl-gcc sees no linux/ headers, so every
 * uapi value used anywhere in nsbox is defined here, once. */
#ifndef NSBOX_KERNEL_H
#define NSBOX_KERNEL_H

#include <sched.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

/* CLONE_NEW* (older libcs lack some) */
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif

/* nsfs ioctls (include/uapi/linux/nsfs.h) */
#define NSIO 0xb7
#define NS_GET_USERNS _IO(NSIO, 0x1)         /* 4.9 */
#define NS_GET_PARENT _IO(NSIO, 0x2)         /* 4.9 */
#define NS_GET_NSTYPE _IO(NSIO, 0x3)         /* 4.11 */
#define NS_GET_OWNER_UID _IO(NSIO, 0x4)      /* 4.11 */
#define NS_GET_ID _IOR(NSIO, 13, uint64_t)   /* 6.18 */
struct mnt_ns_info {
	uint32_t size, nr_mounts;
	uint64_t mnt_ns_id;
};
#define NS_MNT_GET_NEXT _IOR(NSIO, 11, struct mnt_ns_info)  /* 6.12 */
#define NS_MNT_GET_PREV _IOR(NSIO, 12, struct mnt_ns_info)  /* 6.12 */

#define NSFS_MAGIC 0x6e736673
#define PIDFS_MAGIC 0x50494446	/* pidfds have their own inodes (6.9+) */
#define PROC_SUPER_MAGIC 0x9fa0

/* nsfs file handles (6.18) */
#define FILEID_NSFS 0xf1
#define FD_NSFS_ROOT (-10003)
struct nsfs_file_handle {
	uint64_t ns_id;
	uint32_t ns_type;
	uint32_t ns_inum;
};

/* Syscalls newer than a libc may know: since 424 (pidfd_send_signal) every
 * architecture numbers them alike, but for its own base: mips o32 4000,
 * n64 5000, n32 6000, alpha 110. */
#if defined(__mips__) && _MIPS_SIM == _MIPS_SIM_ABI32
#define NSBOX_SYSCALL_BASE 4000
#elif defined(__mips__) && _MIPS_SIM == _MIPS_SIM_ABI64
#define NSBOX_SYSCALL_BASE 5000
#elif defined(__mips__)
#define NSBOX_SYSCALL_BASE 6000
#elif defined(__alpha__)
#define NSBOX_SYSCALL_BASE 110
#else
#define NSBOX_SYSCALL_BASE 0
#endif

/* pidfd (include/uapi/linux/pidfd.h) */
#ifndef SYS_pidfd_open
#define SYS_pidfd_open (NSBOX_SYSCALL_BASE + 434)
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal (NSBOX_SYSCALL_BASE + 424)
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd (NSBOX_SYSCALL_BASE + 438)
#endif
#ifndef SYS_close_range
#define SYS_close_range (NSBOX_SYSCALL_BASE + 436)
#endif
#ifndef SYS_clone3
#define SYS_clone3 (NSBOX_SYSCALL_BASE + 435)
#endif
/* P_PIDFD (3) comes from <sys/wait.h>: an enum in musl and glibc. */

/* clone3 arguments (88 bytes, CLONE_ARGS_SIZE_VER2) */
struct clone_args {
	uint64_t flags;
	uint64_t pidfd;
	uint64_t child_tid;
	uint64_t parent_tid;
	uint64_t exit_signal;
	uint64_t stack;
	uint64_t stack_size;
	uint64_t tls;
	uint64_t set_tid;
	uint64_t set_tid_size;
	uint64_t cgroup;
};

/* listns(2), Linux 6.19: the ids of namespaces, optionally of some types
 * (CLONE_NEW* bits), after ns_id. */
#define SYS_listns_nr (NSBOX_SYSCALL_BASE + 470)
struct ns_id_req {
	uint32_t size;		/* NS_ID_REQ_SIZE_VER0: 32 */
	uint32_t spare;
	uint64_t ns_id;		/* list the ones after this id */
	uint32_t ns_type;
	uint32_t spare2;
	uint64_t user_ns_id;	/* 0: every user namespace's */
};

/* statx(2) (4.11): AT_STATX_DONT_SYNC takes the attributes a file system
 * has cached, so a FUSE or NFS file another process holds open cannot make
 * us wait on its server. */
/* (musl defines SYS_statx for every architecture it has; without it,
 * stat_cached() uses fstatat) */
#define NSBOX_AT_STATX_DONT_SYNC 0x4000
#define NSBOX_STATX_TYPE 0x1U
#define NSBOX_STATX_INO 0x100U
#define NSBOX_STATX_MNT_ID 0x1000U	/* 5.8: stx_mnt_id, spare2[0] */
struct nsbox_statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct { int64_t sec; uint32_t nsec; int32_t reserved; } atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare2[14];
};

/* openat2(2) (5.6): RESOLVE_IN_ROOT resolves a path as if dirfd were /,
 * so symlinks in a container's tree stay in it. */
#ifndef SYS_openat2
#define SYS_openat2 (NSBOX_SYSCALL_BASE + 437)
#endif
struct nsbox_open_how {
	uint64_t flags, mode, resolve;
};
#define NSBOX_RESOLVE_NO_MAGICLINKS 0x02
#define NSBOX_RESOLVE_NO_SYMLINKS 0x04
#define NSBOX_RESOLVE_BENEATH 0x08
#define NSBOX_RESOLVE_IN_ROOT 0x10
#define NSBOX_RESOLVE_CACHED 0x20	/* 5.12: the dentry cache only, no lookup */

/* The mount API (5.2): a file system made and attached through fds, so
 * that the mount point is the fd itself, with no path walk. */
#ifndef SYS_move_mount
#define SYS_move_mount (NSBOX_SYSCALL_BASE + 429)
#define SYS_fsopen (NSBOX_SYSCALL_BASE + 430)
#define SYS_fsconfig (NSBOX_SYSCALL_BASE + 431)
#define SYS_fsmount (NSBOX_SYSCALL_BASE + 432)
#endif
#define NSBOX_FSOPEN_CLOEXEC 0x01
#define NSBOX_FSCONFIG_CMD_CREATE 6
#define NSBOX_FSMOUNT_CLOEXEC 0x01
#define NSBOX_MOUNT_ATTR_NOSUID 0x02
#define NSBOX_MOUNT_ATTR_NODEV 0x04
#define NSBOX_MOUNT_ATTR_NOEXEC 0x08
#define NSBOX_MOVE_MOUNT_F_EMPTY_PATH 0x04
#define NSBOX_MOVE_MOUNT_T_EMPTY_PATH 0x40

/* The network namespace of a socket (linux/sockios.h) */
#define SIOCGSKNS 0x894C

/* Initial namespaces have fixed inodes (enum init_ns_ino; net and mnt since 6.17) */
#define INIT_USER_NS_INO 0xEFFFFFFDU
#define INIT_PID_NS_INO 0xEFFFFFFCU

#endif
