/* SPDX-License-Identifier: 0BSD */
/* /proc parsing. A process that vanishes (ENOENT, ESRCH) or cannot be read
 * (EACCES) mid-read is the caller's to skip: these return -errno. */
#ifndef NSBOX_PROC_H
#define NSBOX_PROC_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct proc_stat {
	pid_t pid;
	char state;
	pid_t ppid;
	char comm[64];	/* between the first '(' and the LAST ')' */
};

/* Parse the text of /proc/PID/stat. 0 or -EINVAL. */
int proc_parse_stat(const char *text, struct proc_stat *st);
/* Read and parse PATH/stat: PATH is "/proc/PID" (dirfd AT_FDCWD), or ""
 * for a /proc/PID directory fd. */
int proc_read_stat(int dirfd, const char *path, struct proc_stat *st);
/* A process's command line as util-linux shows it (NULs as spaces, the
 * last one dropped, at most 8 KiB), or for a kernel thread (no command
 * line) its name; "" when it is gone. A heap string. */
char *proc_command(pid_t pid);
/* Find "Key:\t..." in the text of /proc/PID/status; the value or NULL. */
const char *proc_status_field(const char *status, const char *key);

/* Dies with a hint to mount it when /proc is not a proc filesystem (not
 * there, an empty directory, something else). */
void proc_require(void);

/* Iterate the numeric entries (thread-group leaders) of /proc (which
 * proc_iter_open requires). */
struct proc_iter {
	DIR *dir;
};
int proc_iter_open(struct proc_iter *it);	/* 0 or -errno */
pid_t proc_iter_next(struct proc_iter *it);	/* 0 at the end */
void proc_iter_close(struct proc_iter *it);

/* The container a process belongs to, from its /proc/PID/cgroup (v2 and
 * v1 paths), recognised only where its runtime puts it (see proc.c and
 * lsns(1)): "docker:3f2a9c1e5b7d", "containerd:...", "cri-o:...",
 * "podman:..." (12 hex digits of the id, as docker ps), "lxc:NAME",
 * "nspawn:NAME", "k8s-pod:UID" (a kubelet pod's cgroup with no container's
 * id in it). NULL for the host, an unknown place, or a process that is
 * gone. A heap string. proc_container_id() with full gives all 64 digits. */
char *proc_container(pid_t pid);
char *proc_container_id(pid_t pid, bool full);
/* The same as proc_container, from the text of a cgroup file. */
char *cgroup_container(const char *text);
char *cgroup_container_id(const char *text, bool full);

/* Our pid as /proc names it (getpid() differs in a pid namespace that
 * /proc was not mounted for); 0 when /proc has no "self". */
pid_t proc_self(void);
/* Open /proc/PID (O_PATH|O_DIRECTORY|O_CLOEXEC); fd or -errno. */
int proc_open_pid(pid_t pid);
/* Parse a PID argument: decimal, 1..INT_MAX. 0 or -EINVAL/-ERANGE. */
int parse_pid(const char *s, pid_t *pid);

#endif
