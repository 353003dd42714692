/* SPDX-License-Identifier: 0BSD */
/* newuts: the clone(2) + CLONE_NEWUTS example of `man 2 clone`, as a tool.
 * The child gets a new UTS namespace (and with -U a new user namespace),
 * sets its hostname, and either runs COMMAND or, as the example does, shows
 * the hostname on both sides and holds the namespace for a while. */
#include "applets.h"
#include "help.h"
#include "fmt.h"
#include "ns.h"
#include "opt.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HOSTNAME_MAX 64		/* the kernel's __NEW_UTS_LEN */
#define CHILD_STACK_SIZE (1024 * 1024)

struct child_args {
	const char *hostname, *domainname;
	char **command;			/* NULL: hold, as the example */
	unsigned long hold_seconds;	/* 0: until a signal */
	bool new_user;
	uid_t outer_uid;
	gid_t outer_gid;
	pid_t parent;
	int go_fd;			/* read: the parent has printed its first line */
	int ready_fd;			/* write: the child has printed its line */
};

static void check_name(const char *what, const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || len > HOSTNAME_MAX)
		die(1, 0, "invalid %s '%s': it must be 1 to %d bytes", what, name, HOSTNAME_MAX);
}

static void hold(unsigned long seconds)
{
	struct timespec left = { .tv_sec = (time_t)seconds };

	if (!seconds)
		for (;;)
			pause();
	while (nanosleep(&left, &left) < 0 && errno == EINTR)
		;
}

static int child_main(void *arg)
{
	struct child_args *a = arg;
	struct utsname uts;
	char map[64], failed[64];
	char byte;

	/* Die with the parent; and if it is already gone, do not linger. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != a->parent)
		_exit(1);
	if (a->new_user) {
		/* A new user namespace may map its creator's own ids, once. */
		char gid_map[64];
		fmt_snprintf(map, sizeof map, "0 %u 1", (unsigned)a->outer_uid);
		fmt_snprintf(gid_map, sizeof gid_map, "0 %u 1", (unsigned)a->outer_gid);
		int rc = userns_write_maps("/proc/self", map, "deny", gid_map, failed, sizeof failed);
		if (rc < 0)
			die(1, -rc, "cannot write %s", failed);
	}
	if (sethostname(a->hostname, strlen(a->hostname)) < 0)
		die(1, errno, "sethostname failed");
	if (a->domainname && setdomainname(a->domainname, strlen(a->domainname)) < 0)
		die(1, errno, "setdomainname failed");
	if (a->command)
		exec_or_die(a->command);

	/* Holding: the signals the parent forwards must end us, even when
	 * our caller ignored them (as shells do for background jobs). */
	set_signal(SIGINT, SIG_DFL);
	set_signal(SIGTERM, SIG_DFL);
	set_signal(SIGHUP, SIG_DFL);
	if (read(a->go_fd, &byte, 1) != 1)
		_exit(1);
	xuname(&uts);
	fmt_printf("uts.nodename in child:  %s\n", uts.nodename);
	if (out_flush() != 0)
		_exit(1);
	if (write(a->ready_fd, "", 1) != 1)
		_exit(1);
	hold(a->hold_seconds);
	return 0;
}

static pid_t clone_child(struct child_args *a, int flags)
{
	void *stack = mmap(NULL, CHILD_STACK_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		die(1, errno, "mmap failed");
	out_flush();		/* the child must not print our buffer again */
	pid_t pid = clone(child_main, (char *)stack + CHILD_STACK_SIZE, flags | SIGCHLD, a);
	int err = errno;
	munmap(stack, CHILD_STACK_SIZE);	/* the child has its own copy */
	if (pid >= 0)
		return pid;
	if (err == EPERM && !(flags & CLONE_NEWUSER))
		die(1, 0, "clone failed: %s; unprivileged users need -U/--user", errstr(err));
	if (err == ENOSPC)
		die(1, 0, "clone failed: %s (the limit is /proc/sys/user/max_%s_namespaces)",
		    errstr(err), flags & CLONE_NEWUSER ? "user or uts" : "uts");
	/* a type is missing only when the kernel shows no such namespace;
	 * else something between us and it refuses (qemu-user, a filter) */
	if (err == EINVAL && access("/proc/self/ns/uts", F_OK) < 0)
		die(1, 0, "clone failed: %s; this kernel lacks UTS namespaces", errstr(err));
	if (err == EINVAL && (flags & CLONE_NEWUSER) && access("/proc/self/ns/user", F_OK) < 0)
		die(1, 0, "clone failed: %s; this kernel lacks user namespaces", errstr(err));
	if (err == EINVAL)
		die(1, 0, "clone failed: %s; the kernel has these namespaces but refuses them here "
		    "(an emulator such as qemu-user, or a seccomp filter)", errstr(err));
	die(1, err, "clone failed");
}

static const char newuts_shortopts[] = "+d:s:U";
static const struct opt_long newuts_longopts[] = {
	{ "domainname", OPT_REQUIRED, 'd' }, { "sleep", OPT_REQUIRED, 's' },
	{ "user", OPT_NOARG, 'U' }, { NULL, 0, 0 },
};

static int newuts_main(int argc, char **argv)
{
	struct child_args a = { .hold_seconds = 200, .parent = getpid() };
	int go[2], ready[2], c, flags = CLONE_NEWUTS, status;
	struct opt_state st;
	struct utsname uts;
	uint64_t seconds;
	char byte;

	opt_init(&st, argc, argv, newuts_shortopts, newuts_longopts);
	while ((c = opt_next(&st)) != -1) {
		switch (c) {
		case 'd': a.domainname = st.arg; break;
		case 's':
			if (parse_u64(st.arg, 0, UINT32_MAX, &seconds) < 0)
				die(1, 0, "invalid sleep time: '%s'", st.arg);
			a.hold_seconds = (unsigned long)seconds;
			break;
		case 'U': a.new_user = true; break;
		}
	}
	if (st.ind >= argc)
		die_usage("%s: no hostname given", applet_name);
	a.hostname = argv[st.ind];
	check_name("hostname", a.hostname);
	if (a.domainname)
		check_name("domain name", a.domainname);
	if (st.ind + 1 < argc)
		a.command = argv + st.ind + 1;
	if (a.new_user) {
		flags |= CLONE_NEWUSER;
		a.outer_uid = geteuid();
		a.outer_gid = getegid();
	}
	xpipe(go);
	xpipe(ready);
	a.go_fd = go[0];
	a.ready_fd = ready[1];

	pid_t pid = clone_child(&a, flags);
	static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, 0 };
	forward_signals(pid, forwarded);
	close(go[0]);
	close(ready[1]);
	if (a.command) {
		close(go[1]);
		close(ready[0]);
		return status_to_exit(wait_status(pid, -1));
	}

	/* The example, line for line, in a fixed order. */
	fmt_printf("clone() returned %d\n", (int)pid);
	out_flush();
	bool shown = write(go[1], "", 1) == 1 && read(ready[0], &byte, 1) == 1;
	close(go[1]);
	close(ready[0]);
	if (shown) {
		xuname(&uts);
		fmt_printf("uts.nodename in parent: %s\n", uts.nodename);
		out_flush();
	}
	status = wait_status(pid, -1);
	if (shown) {
		fmt_printf("child has terminated\n");
		out_flush();
	}
	return status_to_exit(status);
}

const struct applet newuts_applet = {
	.name = "newuts", .main = newuts_main, .help = { HELP_newuts },
	.summary = "run a child in a new UTS namespace with its own hostname",
	.shortopts = newuts_shortopts, .longopts = newuts_longopts,
};
