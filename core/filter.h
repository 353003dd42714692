/* SPDX-License-Identifier: 0BSD */
/* -Q EXPR: a filter over table rows, by column name. The language:
 *   COLUMN OP VALUE, OP one of == != < <= > >= (or eq ne lt le gt ge),
 *   =~ and !~ (POSIX extended regex, a quoted string); joined by && ||
 *   (and, or), negated by ! (not), grouped by ( ) at most 100 deep.
 *   Values are numbers, 'strings' or "strings"; numbers compare as
 *   numbers, anything else as text. A bare COLUMN is true when not empty
 *   and not 0. */
#ifndef NSBOX_FILTER_H
#define NSBOX_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "table.h"

struct filter;

/* Parse EXPR over these columns (kept, not copied); NULL with *error set
 * to util-linux's "failed to parse ..." message (a heap string) when it
 * is malformed. */
struct filter *filter_parse(const char *expr, const struct column *cols, size_t ncols, char **error);
/* The same, dying with the message. */
struct filter *filter_parse_or_die(const char *expr, const struct column *cols, size_t ncols);
/* Does the row (a text per column, NULL for empty) pass? */
bool filter_match(const struct filter *f, char **vals);
/* Does the expression read column col? (f may be NULL) */
bool filter_uses(const struct filter *f, size_t col);
void filter_free(struct filter *f);

#endif
