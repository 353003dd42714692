/* SPDX-License-Identifier: 0BSD */
/* The helpers every applet uses, by concern: one include for applets. */
#ifndef NSBOX_UTIL_H
#define NSBOX_UTIL_H

/* The version lives in the file VERSION; the Makefile passes it in. */
#ifndef NSBOX_VERSION
#define NSBOX_VERSION "unknown"
#endif

#include "cred.h"
#include "err.h"
#include "exec.h"
#include "file.h"
#include "num.h"

#endif
