/* SPDX-License-Identifier: 0BSD */
/* The one list of applets, sorted by name. Dispatch, --list, --install
 * and nsbox --help read it; an applet exists once it is listed here. */
#include "applets.h"
#include "registry.h"

const struct applet applets[] = {
	{ "lsns", lsns_main, "list namespaces (util-linux compatible, and the ones it misses)", lsns_help },
	{ "newuts", newuts_main, "run a child in a new UTS namespace with its own hostname", newuts_help },
	{ "nsenter", nsenter_main, "run a program in other processes' namespaces (util-linux compatible)", nsenter_help },
	{ "nsid", nsid_main, "print, compare and trace namespace identities", nsid_help },
	{ "unshare", unshare_main, "run a program in new namespaces (util-linux compatible)", unshare_help },
};

const size_t applet_count = sizeof applets / sizeof applets[0];
