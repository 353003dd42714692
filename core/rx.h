/* SPDX-License-Identifier: 0BSD */
/* Regular expressions for filters: POSIX extended syntax as glibc reads it
 * (literals, ., [] with [:class:], [.c.] and [=c=], ^, $, *, +, ?, {m,n},
 * {,n}, |, ( ), a backslash makes the next byte literal), bytes as
 * characters, a yes/no answer. A Pike VM: linear in the text, no
 * recursion, a few KiB where libc's engine costs ~40 KiB in a static
 * binary. Patterns that expand past 65,536 instructions ({m,n} of {m,n})
 * or nest past 64 groups are refused. */
#ifndef NSBOX_RX_H
#define NSBOX_RX_H

#include <stdbool.h>

struct rx;

/* Compile; NULL with *error set to what is wrong. */
struct rx *rx_compile(const char *pattern, const char **error);
/* Does the expression match anywhere in text? */
bool rx_match(const struct rx *rx, const char *text);
void rx_free(struct rx *rx);

#endif
