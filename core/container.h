/* SPDX-License-Identifier: 0BSD */
/* Containers by the names their users give them, from what each runtime
 * keeps on disk (never its socket: a hung or absent daemon does not
 * matter): docker, containerd (and Kubernetes' names through the CRI
 * annotations), podman and CRI-O, LXC, systemd-nspawn. Every state file is
 * attacker input: read beneath its runtime's directory without following
 * a symlink out, bounded, parsed by the strict JSON reader. */
#ifndef NSBOX_CONTAINER_H
#define NSBOX_CONTAINER_H

#include <stdbool.h>
#include <sys/types.h>

struct containers;

/* Read every runtime's state, once. Never fails: what could not be read
 * is kept for the messages. */
struct containers *containers_load(void);
void containers_free(struct containers *cs);
/* "RUNTIME:NAME" (docker:web1, k8s:NS/POD/CTR, lxc:box1, nspawn:debian)
 * of the container process pid is in (by its cgroup) or is the init of
 * (by its runtime's state); NULL when none. A heap string. */
char *containers_name(struct containers *cs, pid_t pid);

/* A container's init process, found and checked. */
struct container_target {
	pid_t pid;
	int procfd;	/* /proc/PID: open every file of the target through it;
			   container_alive() tells whether pid still names it */
	char *cname;	/* RUNTIME:NAME (ID), for messages */
	char *key;	/* what its processes share: their cgroup's container,
			   else the init's whole cgroup text; NULL: the init alone */
};

/* Resolve REF: NAME, ID, a unique ID prefix, RUNTIME:any of them, and for
 * Kubernetes NAMESPACE/POD/CONTAINER or POD/CONTAINER (k8s: qualified).
 * Dies with one line when REF names no container (saying which runtimes
 * were looked at, how many containers each has, which state could not be
 * read and why), several (up to a few, as RUNTIME:NAME (ID)), or one that
 * is not running. The pid is the runtime's init process, started before
 * the state that names it was written: not a later process with its pid. */
void container_resolve_or_die(const char *ref, struct container_target *t);
/* Is the process behind a /proc/PID fd still there (so a pidfd or a file
 * opened by pid since refers to it)? */
bool container_alive(int procfd);
/* Is pid one of the container's processes (its key, or its init)? */
bool container_has(const struct container_target *t, pid_t pid);

#endif
