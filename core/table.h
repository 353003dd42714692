/* SPDX-License-Identifier: 0BSD */
/* Table output shared by lsns and nsid: aligned columns (libsmartcols'
 * look), raw (-r) and JSON (-J), flat or as a tree. Cells are strings;
 * NULL or "" is an empty cell (null in JSON). */
#ifndef NSBOX_TABLE_H
#define NSBOX_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "fmt.h"

enum {
	COL_RIGHT = 1,		/* right-aligned (numbers) */
	COL_NUMBER = 2,		/* a JSON number, not a string */
	COL_TREE = 4,		/* the column that carries the tree glyphs (left-aligned) */
	COL_TRUNC = 8,		/* may be cut to fit a terminal */
	COL_WRAPNL = 16,	/* a newline in a cell starts a new output line */
	COL_LIST = 32,		/* a list (list_add's items): a JSON array of strings,
				   else the first two and "+N more" */
};
/* A COL_LIST cell: items split by COL_LIST_SEP; inside an item,
 * COL_LIST_ESC makes the byte after it the item's own. */
#define COL_LIST_SEP '\x1f'
#define COL_LIST_ESC ESC_LIST_BYTE	/* core/fmt.h */
struct strbuf;
/* Append an item (printf-style) to a COL_LIST cell being built: its own
 * SEP and ESC bytes are escaped, so nothing in it can split it. */
void list_add(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct column {
	const char *name;	/* header, also the JSON key (lowercased) */
	unsigned flags;
	unsigned min_width;	/* width hint: see column_widths() in table.c */
	const char *help;	/* for --list-columns */
};

enum { TABLE_ALIGNED, TABLE_RAW, TABLE_JSON };

struct table {
	const struct column **cols;
	size_t ncols;
	int mode;
	bool noheadings;
	bool utf8;		/* tree glyphs: UTF-8 box drawing or ASCII */
	size_t termwidth;	/* stdout's terminal width, 0 when not a terminal */
	const char *json_name;	/* the top-level JSON array's key */
	char **cells;		/* nrows * ncols, row-major */
	int *parent;		/* tree parent row, -1 for a root */
	size_t nrows, cap;
};

void table_init(struct table *t, const struct column **cols, size_t ncols, int mode,
		const char *json_name);
/* A new row under parent (-1: a root); returns its index. */
int table_add_row(struct table *t, int parent);
/* Copy value into a cell. */
void table_set(struct table *t, int row, size_t col, const char *value);
void table_setf(struct table *t, int row, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Print to standard output (out_write) and free. Returns 0 or -errno of
 * the failed write (-EIO when an earlier write failed). */
int table_print(struct table *t);
void table_free(struct table *t);

/* Print the -H/--list-columns table of columns. */
int columns_print(const struct column *cols, size_t ncols, int mode, bool noheadings);
/* Find a column by name, case-insensitively; index or -1. */
int column_find(const struct column *cols, size_t ncols, const char *name);
/* Append the columns of a comma-separated LIST (-o) to out[*nout], at most
 * max in all; dies with status on an unknown name ("unknown column: X", as
 * util-linux) or on too many. */
void columns_parse(const struct column *cols, size_t ncols, const char *list, size_t *out,
		   size_t *nout, size_t max, int status);

#endif
