/* SPDX-License-Identifier: 0BSD */
/* The one list of applets, sorted by name. Dispatch, --list, --install
 * and nsbox --help read it; an applet exists once it is listed here. */
#include "applets.h"
#include "registry.h"

const struct applet applets[] = {
	{ "lsns", lsns_main, "list namespaces (util-linux compatible, and the ones it misses)", lsns_help, lsns_shortopts, lsns_longopts },
	{ "newuts", newuts_main, "run a child in a new UTS namespace with its own hostname", newuts_help, newuts_shortopts, newuts_longopts },
	{ "nsenter", nsenter_main, "run a program in other processes' namespaces (util-linux compatible)", nsenter_help, nsenter_shortopts, nsenter_longopts },
	{ "nsid", nsid_main, "print, compare and trace namespace identities", nsid_help, nsid_shortopts, nsid_longopts },
	{ "unshare", unshare_main, "run a program in new namespaces (util-linux compatible)", unshare_help, unshare_shortopts, unshare_longopts },
};

const size_t applet_count = sizeof applets / sizeof applets[0];
