/* SPDX-License-Identifier: 0BSD */
/* The one list of applets, sorted by name, with their packed help texts:
 * an applet exists once it is listed here. main() hands it to core. */
#include "applets.h"

#define HELP_PACKED_DATA
#include "help.h"

/* struct applet keeps where each text starts and its length in 16 bits */
_Static_assert(HELP_UNPACKED <= 65535, "the help texts outgrew struct applet's help offsets");

static const struct applet *const applets[] = {
	&lsns_applet, &newuts_applet, &nsenter_applet, &nsid_applet, &unshare_applet,
};

const struct registry nsbox_registry = {
	applets, sizeof applets / sizeof *applets, help_packed, sizeof help_packed, HELP_UNPACKED,
};

int main(int argc, char **argv)
{
	return dispatch(&nsbox_registry, argc, argv);
}
