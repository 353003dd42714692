/* SPDX-License-Identifier: 0BSD */
/* The applets: each is one struct applet, defined at the end of its own
 * file; applets/registry.c lists them. */
#ifndef NSBOX_APPLETS_H
#define NSBOX_APPLETS_H

#include "applet.h"

extern const struct applet lsns_applet, newuts_applet, nsenter_applet, nsid_applet, unshare_applet;

/* all of them, for dispatch() (and the option-parser fuzzing) */
extern const struct registry nsbox_registry;

#endif
