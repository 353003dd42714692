/* SPDX-License-Identifier: 0BSD */
/* The helpers every applet uses, by concern: one include for applets. */
#ifndef NSBOX_UTIL_H
#define NSBOX_UTIL_H

#define NSBOX_VERSION "0.1.0"

#include "cred.h"
#include "err.h"
#include "exec.h"
#include "file.h"
#include "num.h"

#endif
