/* SPDX-License-Identifier: 0BSD */
/* Entry points and help texts of the applets; the registry lists them. */
#ifndef NSBOX_APPLETS_H
#define NSBOX_APPLETS_H

#include "opt.h"

/* Each applet's options, as its parser takes them: the registry lists them
 * (for the option-parser fuzzing). */
extern const char lsns_shortopts[], newuts_shortopts[], nsenter_shortopts[], nsid_shortopts[],
	unshare_shortopts[];
extern const struct opt_long lsns_longopts[], newuts_longopts[], nsenter_longopts[],
	nsid_longopts[], unshare_longopts[];

int lsns_main(int argc, char **argv);
extern const char lsns_help[];
int newuts_main(int argc, char **argv);
extern const char newuts_help[];
int nsenter_main(int argc, char **argv);
extern const char nsenter_help[];
int nsid_main(int argc, char **argv);
extern const char nsid_help[];

int unshare_main(int argc, char **argv);
extern const char unshare_help[];

#endif
