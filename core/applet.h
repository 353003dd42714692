/* SPDX-License-Identifier: 0BSD */
/* What an applet is, and the multi-call entry that runs one: each applet
 * file defines one struct applet; applets/registry.c lists them and hands
 * the list to dispatch(), so core never names an applet. */
#ifndef NSBOX_APPLET_H
#define NSBOX_APPLET_H

#include <stddef.h>

#include "opt.h"

struct applet {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *summary;	/* one line, for nsbox --help */
	struct {
		unsigned short at, len;
	} help;			/* its --help text in the registry's packed help */
	const char *shortopts;	/* its options (core/opt.h) */
	const struct opt_long *longopts;
};

struct registry {
	const struct applet *const *applets;	/* sorted by name */
	size_t count;
	const unsigned char *help;	/* every --help text, packed (core/lz.h) */
	size_t help_size, help_unpacked;
};

/* main(): the applet named by argv[0], or the multi-call binary itself
 * (nsbox APPLET ARGS, --list, --install, --help); every --help/--version. */
int dispatch(const struct registry *registry, int argc, char **argv);

#endif
