/* Regular expressions for filters: POSIX extended syntax (literals, ., [],
 * [^], [:class:], ^, $, *, +, ?, {m,n}, |, ( ), backslash escapes), bytes
 * as characters, a yes/no answer. A backtracking matcher in ~2 KiB: libc's
 * regex engine costs ~40 KiB in a static binary. */
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
