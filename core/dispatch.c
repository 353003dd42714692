/* SPDX-License-Identifier: 0BSD */
/* dispatch(): run the applet named by argv[0], or act as the multi-call
 * binary itself (nsbox APPLET ARGS, --list, --install, --help); every
 * applet's --help and --version. */
#include "applet.h"
#include "fmt.h"
#include "lz.h"
#include "opt.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

static const struct registry *registry;
static const struct applet *current_applet;

/* The applet's --help, unpacked from the registry's packed texts. */
_Noreturn static void applet_help(void)
{
	char *text = xmalloc(registry->help_unpacked);
	long len = lz_unpack(registry->help, registry->help_size, text, registry->help_unpacked);

	if (len < current_applet->help.at + current_applet->help.len)
		die(1, 0, "the packed help texts are damaged");
	/* straight to the fd: a buffered write's failure would lose its errno */
	out_flush();
	int rc = fmt_dprintf(STDOUT_FILENO, "%.*s", (int)current_applet->help.len, text + current_applet->help.at);
	int err = errno;
	free(text);	/* (before a write error's exit too: LeakSanitizer) */
	if (rc < 0)
		die_write_error(err);
	exit(0);
}

_Noreturn static void applet_version(void)
{
	fmt_printf("%s from nsbox %s\n", applet_name, NSBOX_VERSION);
	exit(0);
}

static const struct applet *applet_find(const char *name)
{
	for (size_t i = 0; i < registry->count; i++)
		if (!strcmp(registry->applets[i]->name, name))
			return registry->applets[i];
	return NULL;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The usage and the applet list: on stdout for --help (its write checked
 * at exit), else on stderr in one write. */
static void print_usage(int fd)
{
	struct strbuf text = STRBUF_HEAP;

	sb_printf(&text, "Usage: nsbox APPLET [ARGS...]\n"
		  "   or: APPLET [ARGS...]          (through a link named after the applet)\n"
		  "   or: nsbox --list | --help [APPLET] | --version\n"
		  "   or: nsbox --install [-s] DIR  (hard links, or -s: symlinks to its real path)\n"
		  "\nLinux namespace tools in one static binary. Applets:\n");
	for (size_t i = 0; i < registry->count; i++)
		sb_printf(&text, "  %-9s %s\n", registry->applets[i]->name, registry->applets[i]->summary);
	if (fd == STDOUT_FILENO)
		fmt_printf("%s", text.buf);
	else
		fmt_dprintf(fd, "%s", text.buf);
	free(text.buf);
}

/* The running binary's path: /proc/self/exe, else an absolute argv[0]. */
static int self_path(const char *argv0, char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);

	if (n > 0) {
		buf[n] = '\0';
		return 0;
	}
	if (argv0[0] == '/' && strlen(argv0) < size) {
		strcpy(buf, argv0);
		return 0;
	}
	/* a relative path with a slash: from our working directory */
	if (strchr(argv0, '/') && getcwd(buf, size) &&
	    strlen(buf) + 1 + strlen(argv0) < size) {
		strcat(buf, "/");
		strcat(buf, argv0);
		return 0;
	}
	return -1;
}

static int install(int argc, char **argv)
{
	bool symbolic = argc > 2 && !strcmp(argv[2], "-s");
	const char *dir = argv[symbolic ? 3 : 2];
	char self[PATH_MAX], dest[PATH_MAX];
	int status = 0;

	if (!dir || argc > (symbolic ? 4 : 3))
		die_usage("usage: nsbox --install [-s] DIR");
	if (self_path(argv[0], self, sizeof self) < 0)
		die(1, 0, "cannot find the nsbox binary: /proc/self/exe unreadable and argv[0] not a path");
	for (size_t i = 0; i < registry->count; i++) {
		if (fmt_snprintf(dest, sizeof dest, "%s/%s", dir, registry->applets[i]->name) >= (int)sizeof dest) {
			msg(ENAMETOOLONG, "%s", dir);
			return 1;
		}
		int rc = symbolic ? symlink(self, dest) : link(self, dest);
		if (rc == 0)
			continue;
		if (errno == EEXIST)
			msg(0, "%s exists, left alone", dest);
		else if (errno == EXDEV)
			die(1, 0, "cannot hard-link into %s, another filesystem: use --install -s", dir);
		else {
			msg(errno, "cannot %s %s", symbolic ? "symlink" : "link", dest);
			status = 1;
		}
	}
	return status;
}

static int run_applet(const struct applet *applet, int argc, char **argv)
{
	current_applet = applet;
	applet_name = applet->name;
	opt_help = applet_help;
	opt_version = applet_version;
	return applet->main(argc, argv);
}

static int multicall(int argc, char **argv)
{
	const char *arg = argv[1];
	const struct applet *applet;

	if (!arg) {
		print_usage(STDERR_FILENO);
		return 1;
	}
	if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
		if (argc > 2 && !(applet = applet_find(argv[2])))
			die_usage("nsbox: %s: applet not found", argv[2]);
		if (argc > 2) {
			current_applet = applet;
			applet_name = applet->name;
			applet_help();
		}
		print_usage(STDOUT_FILENO);
		return 0;	/* stdout_check reports a failed write */
	}
	if (!strcmp(arg, "--list")) {
		for (size_t i = 0; i < registry->count; i++)
			fmt_printf("%s\n", registry->applets[i]->name);
		return 0;	/* stdout_check reports a failed write */
	}
	if (!strcmp(arg, "--version") || !strcmp(arg, "-V")) {
		fmt_printf("nsbox %s\n", NSBOX_VERSION);
		return 0;	/* stdout_check reports a failed write */
	}
	if (!strcmp(arg, "--install"))
		return install(argc, argv);
	applet = applet_find(arg);
	if (!applet)
		die(127, 0, "%s: applet not found", arg);
	return run_applet(applet, argc - 1, argv + 1);
}

int dispatch(const struct registry *applets, int argc, char **argv)
{
	registry = applets;
	const char *name = argc > 0 ? base_name(argv[0]) : "nsbox";
	const struct applet *applet;

	/* nsbox acts for the user who runs it, never for another one: a
	 * setuid, setgid or file-capability install would hand root's
	 * namespaces (and -S0 -G0) to anyone. The kernel says so in AT_SECURE. */
	if (getauxval(AT_SECURE))
		die(1, 0, "refusing to run setuid/setgid or with file capabilities; install it as a plain executable");
	process_setup();
	if (argc < 1)
		die(1, 0, "no argv[0]");
	if (!strncmp(name, "nsbox", 5))
		return multicall(argc, argv);
	applet = applet_find(name);
	/* called by another name (/proc/self/exe, a renamed copy): the
	 * multi-call form, when the next word is an applet */
	if (!applet && argc > 1 && applet_find(argv[1]))
		return run_applet(applet_find(argv[1]), argc - 1, argv + 1);
	if (!applet)
		die(127, 0, "%s: applet not found", name);
	return run_applet(applet, argc, argv);
}
