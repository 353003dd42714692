/* SPDX-License-Identifier: 0BSD */
/* The shape of the applet registry. The one table of applets lives in
 * applets/registry.c; dispatch, --list, --install and help all read it. */
#ifndef NSBOX_REGISTRY_H
#define NSBOX_REGISTRY_H

#include <stddef.h>

#include "opt.h"

struct applet {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *summary;	/* one line, for nsbox --help */
	const char *help;	/* the applet's --help text */
	const char *shortopts;	/* its options (core/opt.h) */
	const struct opt_long *longopts;
};

extern const struct applet applets[];	/* sorted by name */
extern const size_t applet_count;
extern const struct applet *current_applet;

const struct applet *applet_find(const char *name);

#endif
