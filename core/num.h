/* SPDX-License-Identifier: 0BSD */
/* Strict numbers and signal names. */
#ifndef NSBOX_NUM_H
#define NSBOX_NUM_H

#include <stdint.h>

/* Strict unsigned parsing: decimal only, the whole string, no sign, no
 * blanks, value in [min, max]. Returns 0, -EINVAL (junk) or -ERANGE. */
int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* The decimal digits at the start of s (none: 0); *end after them. For
 * text that continues past the number, such as "6.18.44" or "123 S". */
uint64_t scan_u64(const char *s, const char **end);
/* The same, dying with "APPLET: WHAT: 'S'" (as util-linux's strtoul_or_err). */
uint64_t parse_u64_or_die(const char *s, uint64_t min, uint64_t max, const char *what);
/* The value of one hex digit (either case), or -1. */
int hex_digit(char c);
/* Signal names as util-linux: case-insensitive, optional SIG prefix,
 * RTMIN+N / RTMAX-N; numbers are not names. Returns -1 when unknown. */
int signal_by_name(const char *name);

#endif
