/* SPDX-License-Identifier: 0BSD */
/* Running programs and children. */
#ifndef NSBOX_EXEC_H
#define NSBOX_EXEC_H

#include <stdbool.h>
#include <sys/types.h>

/* execvp(argv[0], argv); on failure "failed to execute NAME: strerror" and
 * exit 127 (ENOENT) or 126 (anything else). */
_Noreturn void exec_or_die(char **argv);
/* The last step of nsenter and unshare: the program opened as program_fd
 * (--host-exec; -1: none) with argv, else argv[0] by PATH (exec_or_die),
 * else, when argv is empty, the user's shell as a login shell ($SHELL,
 * else the passwd shell, else /bin/sh; argv[0] "-" + its basename).
 * Failures say "failed to execute NAME" and exit 127 or 126. */
_Noreturn void exec_program(int program_fd, char **argv);

/* The program's whole environment becomes vars, NAME=VALUE strings that
 * must live until exec (they are not copied): a later entry of a name
 * replaces the earlier one in its place, as putenv() does; an entry
 * without '=' or without a name is left out. */
void env_replace(char **vars, size_t n);

/* fork(), and in the parent a pidfd for the child (-1 on kernels before
 * 5.3). Our own unreaped child's pid cannot be reused, so opening the pidfd
 * right after fork() is as race-free as clone3(CLONE_PIDFD); and unlike a
 * raw clone3 it keeps libc's idea of our thread id right in the child. */
pid_t fork_pidfd(int *pidfd);
/* Wait for a child to end, through its pidfd when there is one (-1: by
 * pid); retries on EINTR. Returns the waitpid()-style status. */
int wait_status(pid_t pid, int pidfd);

/* The same decoding for a status already collected by waitpid(). */
int status_to_exit(int status);

/* --host-exec: a program looked up and opened where we are, before any
 * namespace is entered, and executed from that fd after. program_open
 * looks NAME up in PATH (as execvp) and opens it close-on-exec; the fd, or
 * -ENOENT (exit 127) / -EACCES and others (126). path gets the file's path. */
int program_open(const char *name, char *path, size_t size);
/* What the open program is: a static ELF program for the machine nsbox
 * runs as, a dynamic one (interp gets its PT_INTERP loader, "?" when it
 * cannot be read), a script (#!), an ELF program for another class, byte
 * order or machine (the kernel hands it to binfmt_misc), or anything else,
 * malformed ELF included. */
enum { PROGRAM_STATIC, PROGRAM_DYNAMIC, PROGRAM_SCRIPT, PROGRAM_FOREIGN, PROGRAM_OTHER };
int program_kind(int fd, char *interp, size_t size);
/* program_open and program_kind for --host-exec, dying as exec does (127,
 * 126), or with 126 and one line saying why and what to run instead, when
 * something the target chose would run with our privileges: a script's
 * interpreter (always), a dynamic program's loader when ROOT (an fd of the
 * root it will run under, -1 for ours with our mounts) is not ours, and
 * whatever binfmt_misc picks for anything but a static program. With
 * trust_target (--unsafe-target-loader) only scripts, and dynamic programs
 * whose loader ROOT lacks, are refused. The fd. */
int host_program_or_die(const char *name, int root, bool trust_target);
/* host_program_or_die's ROOT when the program will run under a root that
 * is not ours but could not be opened here (nsenter --mount=FILE, a target
 * whose root cannot be opened): treated as the target's. */
#define ROOT_UNSEEN (-2)
/* No dumps, no ptrace, no /proc/PID/{fd,mem,environ,root,cwd} for anyone
 * without CAP_SYS_PTRACE where we started (PR_SET_DUMPABLE 0, as runc): set
 * before the first setns, or before holding a host fd where a target can
 * look. Children inherit it; exec gives the program what the kernel decides
 * for it. Dies if refused. */
void no_dumps_or_die(void);

/* Pass the signals in sigs (0-terminated) on to pid from now on: one
 * handler for every applet that waits for a child. */
void forward_signals(pid_t pid, const int *sigs);

/* Call before entering a new pid namespace: in sanitizer builds it runs
 * LeakSanitizer's check now, because its exit-time tracer cannot be forked
 * into a pid namespace that is gone or whose first process it would be.
 * Nothing in the real binary. */
void sanitizer_before_pidns(void);

#endif
