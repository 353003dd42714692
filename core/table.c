/* SPDX-License-Identifier: 0BSD */
/* Table output: libsmartcols' aligned columns, raw and JSON, flat or as
 * trees of any depth, with its escaping and terminal truncation. */
#include "fmt.h"
#include "table.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void table_init(struct table *t, const struct column **cols, size_t ncols, int mode,
		const char *json_name)
{
	*t = (struct table){ .cols = cols, .ncols = ncols, .mode = mode,
			     .utf8 = locale_is_utf8(), .json_name = json_name };
}

int table_add_row(struct table *t, int parent)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof *t->cells);
		t->parent = xrealloc(t->parent, t->cap * sizeof *t->parent);
	}
	memset(t->cells + t->nrows * t->ncols, 0, t->ncols * sizeof *t->cells);
	t->parent[t->nrows] = parent;
	return (int)t->nrows++;
}

void table_set(struct table *t, int row, size_t col, const char *value)
{
	char **cell = &t->cells[(size_t)row * t->ncols + col];
	free(*cell);
	*cell = value && *value ? xstrdup(value) : NULL;
}

void table_setf(struct table *t, int row, size_t col, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	table_set(t, row, col, buf);
}

void table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->parent);
	t->cells = NULL;
	t->parent = NULL;
	t->nrows = t->cap = 0;
}

/* Escape a cell (fmt_escape: libsmartcols' rule, the one messages use
 * too); in a list (list_cut()), every byte after COL_LIST_ESC. Returns the
 * display width. */
static size_t cell_encode(const char *text, bool raw, bool utf8, bool list, char *out, size_t *outlen)
{
	size_t width, n = fmt_escape(text, (raw ? ESC_RAW : 0) | (utf8 ? ESC_UTF8 : 0) | (list ? ESC_LIST : 0),
				     out, SIZE_MAX, &width);

	if (outlen)
		*outlen = n;
	return width;
}

/* Rows in print order (depth-first, children after their parent, in the
 * order they were added), with each row's depth; and for each row (by row
 * index) whether it is the last of its parent's children. Built without
 * recursion: a process chain is as deep as an attacker makes it. */
struct order {
	int *rows;
	size_t *depth;
	bool *last;		/* by row index, not by position */
	size_t n;
};

static void order_build(const struct table *t, struct order *o)
{
	size_t n = t->nrows;
	/* children of each row, in a compact array: first[r] .. first[r+1] */
	size_t *first = xmalloc((n + 1) * sizeof *first), *fill = xmalloc((n + 1) * sizeof *fill);
	int *kids = xmalloc((n ? n : 1) * sizeof *kids), *stack = xmalloc((n ? n : 1) * sizeof *stack);

	o->rows = xmalloc((n ? n : 1) * sizeof *o->rows);
	o->depth = xmalloc((n ? n : 1) * sizeof *o->depth);
	o->last = xmalloc((n ? n : 1) * sizeof *o->last);
	o->n = 0;
	memset(first, 0, (n + 1) * sizeof *first);
	for (size_t r = 0; r < n; r++)
		if (t->parent[r] >= 0)
			first[t->parent[r] + 1]++;
	for (size_t r = 0; r < n; r++)
		first[r + 1] += first[r];
	memcpy(fill, first, (n + 1) * sizeof *fill);
	for (size_t r = 0; r < n; r++) {
		o->last[r] = true;
		if (t->parent[r] >= 0)
			kids[fill[t->parent[r]]++] = (int)r;
	}
	for (size_t r = 0; r < n; r++)
		for (size_t k = first[r]; k + 1 < first[r + 1]; k++)
			o->last[kids[k]] = false;
	/* fill[r] now walks row r's children during the traversal */
	memcpy(fill, first, (n + 1) * sizeof *fill);
	for (size_t root = 0; root < n; root++) {
		size_t sp = 0;
		if (t->parent[root] >= 0)
			continue;
		stack[sp++] = (int)root;
		o->rows[o->n] = (int)root;
		o->depth[o->n++] = 0;
		while (sp) {
			int top = stack[sp - 1];
			if (fill[top] == first[top + 1]) {
				sp--;
				continue;
			}
			int kid = kids[fill[top]++];
			o->rows[o->n] = kid;
			o->depth[o->n++] = sp;
			stack[sp++] = kid;
		}
	}
	free(first);
	free(fill);
	free(kids);
	free(stack);
}

static void order_free(struct order *o)
{
	free(o->rows);
	free(o->depth);
	free(o->last);
}

/* The tree glyphs in front of row i of the print order, in a heap string
 * (NULL at depth 0): for each ancestor level above the parent a bar when
 * that ancestor still has siblings to come, then the row's own branch. */
static char *tree_prefix(const struct table *t, const struct order *o, size_t i, size_t *width)
{
	const char *vert = t->utf8 ? "\u2502 " : "| ";
	const char *branch = t->utf8 ? "\u251c\u2500" : "|-";
	const char *right = t->utf8 ? "\u2514\u2500" : "`-";
	size_t depth = o->depth[i];
	struct strbuf sb = STRBUF_HEAP;

	*width = 2 * depth;
	if (depth == 0)
		return NULL;
	const char **levels = xmalloc(depth * sizeof *levels);
	int row = o->rows[i];
	levels[depth - 1] = o->last[row] ? right : branch;
	for (size_t lv = depth - 1; lv > 0; lv--) {
		row = t->parent[row];
		levels[lv - 1] = o->last[row] ? "  " : vert;
	}
	for (size_t l = 0; l < depth; l++)
		sb_printf(&sb, "%s", levels[l]);
	free(levels);
	return sb.buf;
}

/* One byte, into standard output's buffer. */
static void out_char(int c)
{
	char byte = (char)c;
	out_write(&byte, 1);
}

static void print_padded(const char *text, size_t width, size_t colwidth, bool right,
			 bool last)
{
	size_t pad = colwidth > width ? colwidth - width : 0;
	if (right)
		fmt_printf("%*s%s", (int)pad, "", text);
	else
		fmt_printf("%s%*s", text, last ? 0 : (int)pad, "");
}

/* One encoded cell: its lines (more than one for a COL_WRAPNL cell with
 * newlines) and the display width of each. */
struct enc_cell {
	char **lines;
	size_t *widths;
	size_t nlines;
};

void list_add(struct strbuf *sb, const char *fmt, ...)
{
	struct strbuf item = STRBUF_HEAP;
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&item, fmt, ap);
	va_end(ap);
	if (sb->len)
		sb_printf(sb, "%c", COL_LIST_SEP);
	for (const char *s = sb_str(&item); *s; s++)
		sb_printf(sb, *s == COL_LIST_SEP || *s == COL_LIST_ESC ? "\x1e%c" : "%c", *s);
	free(item.buf);
}

/* The items of a COL_LIST cell, unescaped, in one copy: *count strings,
 * each after the other's NUL. */
static char *list_split(const char *cell, size_t *count)
{
	char *copy = xstrdup(cell), *out = copy;

	*count = 1;
	for (const char *s = copy; *s; s++) {
		if (*s == COL_LIST_ESC && s[1])
			s++;
		else if (*s == COL_LIST_SEP) {
			*out++ = '\0';
			++*count;
			continue;
		}
		*out++ = *s;
	}
	*out = '\0';
	return copy;
}

/* A COL_LIST cell as text: the first two items, then "+N more", joined
 * by ", "; an item's own commas (and SEP and ESC bytes) follow a
 * COL_LIST_ESC, which cell_encode() escapes: no item reads as two. */
static char *list_cut(const char *cell)
{
	struct strbuf sb = STRBUF_HEAP;
	size_t seps = 0;

	for (const char *s = cell; *s; s++) {
		bool quoted = *s == COL_LIST_ESC && s[1];
		s += quoted;
		if (!quoted && *s == COL_LIST_SEP)
			seps++;
		if (seps >= 2)
			continue;
		if (!quoted && *s == COL_LIST_SEP)
			sb_printf(&sb, ", ");
		else
			sb_printf(&sb, quoted || *s == ',' ? "\x1e%c" : "%c", *s);
	}
	if (seps >= 2)
		sb_printf(&sb, ", +%zu more", seps - 1);
	return sb.buf ? sb.buf : xstrdup("");
}

static void encode_cell(const struct table *t, size_t c, const char *cell, const char *prefix,
			size_t pwidth, struct enc_cell *e)
{
	bool raw = t->mode == TABLE_RAW, split = !raw && (t->cols[c]->flags & COL_WRAPNL);
	bool list = cell && (t->cols[c]->flags & COL_LIST);
	char *copy = list ? list_cut(cell) : xstrdup(cell ? cell : ""), *save = copy;
	size_t n = 1;

	for (char *p = copy; split && (p = strchr(p, '\n')); p++)
		n++;
	e->lines = xmalloc(n * sizeof *e->lines);
	e->widths = xmalloc(n * sizeof *e->widths);
	e->nlines = n;
	for (size_t i = 0; i < n; i++) {
		char *chunk = save, *nl = split ? strchr(save, '\n') : NULL;
		size_t len, plen = i == 0 && prefix ? strlen(prefix) : 0;
		if (nl) {
			*nl = '\0';
			save = nl + 1;
		}
		cell_encode(chunk, raw, t->utf8, list, NULL, &len);
		e->lines[i] = xmalloc(len + 4 * plen + 1);
		e->widths[i] = 0;
		if (plen && raw) {	/* raw output escapes the tree glyphs too */
			cell_encode(prefix, true, false, false, e->lines[i], &len);
			e->widths[i] = len;
		} else if (plen) {
			memcpy(e->lines[i], prefix, plen);
			e->widths[i] = pwidth;
			len = plen;
		} else
			len = 0;
		e->widths[i] += cell_encode(chunk, raw, t->utf8, list, e->lines[i] + len, NULL);
	}
	free(copy);
}

/* Cut encoded text to a display width (a terminal too narrow for it);
 * returns the width kept (one less where a wide character would cross the
 * edge: the cell is padded, as libsmartcols pads it). */
static size_t cut_to_width(char *text, size_t width)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t w = 0;

	while (*s) {
		unsigned cols = 1;
		size_t seq = *s >= 0xc0 ? utf8_shown(s, &cols) : 1;
		if (w + cols > width)
			break;
		s += seq ? seq : 1;
		w += cols;
	}
	text[(const char *)s - text] = '\0';
	return w;
}

static void enc_cell_free(struct enc_cell *e)
{
	for (size_t l = 0; l < e->nlines; l++)
		free(e->lines[l]);
	free(e->lines);
	free(e->widths);
}

/* Encode row i of the print order, every column. */
static void encode_row(const struct table *t, const struct order *o, size_t i, struct enc_cell *row)
{
	size_t pwidth;
	char *prefix = tree_prefix(t, o, i, &pwidth);

	for (size_t c = 0; c < t->ncols; c++) {
		const char *cell = t->cells[(size_t)o->rows[i] * t->ncols + c];
		bool tree = t->cols[c]->flags & COL_TREE;
		encode_cell(t, c, cell, tree ? prefix : NULL, pwidth, &row[c]);
	}
	free(prefix);
}

/* Column widths as libsmartcols counts them: the widest cell, at least the
 * header; a column narrower than its width hint is widened to the hint
 * unless the header already made it wider. Rows are encoded one at a time
 * here and again when printed: memory stays one row deep. */
static void column_widths(const struct table *t, const struct order *o, struct enc_cell *row,
			  size_t *widths)
{
	for (size_t c = 0; c < t->ncols; c++)
		widths[c] = 0;
	for (size_t i = 0; i < o->n; i++) {
		encode_row(t, o, i, row);
		for (size_t c = 0; c < t->ncols; c++) {
			for (size_t l = 0; l < row[c].nlines; l++)
				if (row[c].widths[l] > widths[c])
					widths[c] = row[c].widths[l];
			enc_cell_free(&row[c]);
		}
	}
	for (size_t c = 0; c < t->ncols; c++) {
		size_t header = strlen(t->cols[c]->name);
		if (widths[c] < header)
			widths[c] = header;
		else if (widths[c] < t->cols[c]->min_width && header < t->cols[c]->min_width)
			widths[c] = t->cols[c]->min_width;
	}
	if (!t->termwidth)
		return;
	/* too wide for the terminal: narrow the truncatable columns, one
	 * character at a time each, down to their header's width */
	size_t total = t->ncols - 1;
	for (size_t c = 0; c < t->ncols; c++)
		total += widths[c];
	bool narrowed = true;
	while (total > t->termwidth && narrowed) {
		narrowed = false;
		for (size_t c = 0; c < t->ncols && total > t->termwidth; c++) {
			if (!(t->cols[c]->flags & COL_TRUNC) || widths[c] <= strlen(t->cols[c]->name))
				continue;
			widths[c]--;
			total--;
			narrowed = true;
		}
	}
}

static void print_text(struct table *t, struct order *o)
{
	bool raw = t->mode == TABLE_RAW;
	size_t *widths = xmalloc(t->ncols * sizeof *widths);
	struct enc_cell *row = xmalloc(t->ncols * sizeof *row);

	column_widths(t, o, row, widths);
	if (!t->noheadings) {
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				out_char(' ');
			if (raw)
				out_puts(t->cols[c]->name);
			else
				print_padded(t->cols[c]->name, strlen(t->cols[c]->name), widths[c],
					     (t->cols[c]->flags & (COL_RIGHT | COL_TREE)) == COL_RIGHT,
					     c + 1 == t->ncols);
		}
		out_char('\n');
	}
	for (size_t i = 0; i < o->n; i++) {
		size_t nlines = 1;
		encode_row(t, o, i, row);
		for (size_t c = 0; c < t->ncols; c++)
			if (row[c].nlines > nlines)
				nlines = row[c].nlines;
		for (size_t l = 0; l < nlines; l++) {
			for (size_t c = 0; c < t->ncols; c++) {
				struct enc_cell *e = &row[c];
				char *text = l < e->nlines ? e->lines[l] : "";
				size_t w = l < e->nlines ? e->widths[l] : 0;
				if (c)
					out_char(' ');
				if (raw) {
					out_puts(text);
					continue;
				}
				if (w > widths[c])
					w = cut_to_width(text, widths[c]);
				/* a continuation line ends at its last text: an
				 * empty last column, even right-aligned, adds
				 * nothing (libsmartcols) */
				if (l > 0 && c + 1 == t->ncols && !*text)
					continue;
				print_padded(text, w, widths[c],
					     (t->cols[c]->flags & (COL_RIGHT | COL_TREE)) == COL_RIGHT,
					     c + 1 == t->ncols);
			}
			out_char('\n');
		}
		for (size_t c = 0; c < t->ncols; c++)
			enc_cell_free(&row[c]);
	}
	free(row);
	free(widths);
}

static void json_string(const char *s)
{
	out_char('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		size_t seq = *p >= 0x80 ? utf8_printable(p) : 0;
		if (seq) {
			out_write(p, seq);
			p += seq - 1;
		} else if (*p == '"' || *p == '\\')
			fmt_printf("\\%c", *p);
		else if (*p == '\n')
			out_puts("\\n");
		else if (*p == '\t')
			out_puts("\\t");
		else if (*p < 0x20 || *p >= 0x7f)
			/* bytes that are not valid UTF-8 still give valid JSON */
			fmt_printf("\\u%04x", *p);
		else
			out_char(*p);
	}
	out_char('"');
}

/* A COL_LIST cell as a JSON array of strings. */
static void json_list(const char *cell)
{
	size_t n;
	char *items = list_split(cell, &n), *item = items;

	out_char('[');
	for (size_t i = 0; i < n; i++, item += strlen(item) + 1) {
		if (i)
			out_puts(", ");
		json_string(item);
	}
	out_char(']');
	free(items);
}

static void json_key(const char *name)
{
	out_char('"');
	for (const char *p = name; *p; p++)
		out_char(tolower((unsigned char)*p));
	out_puts("\": ");
}

/* The rows as nested JSON objects, children in a "children" array; a loop
 * over the print order, not recursion, for trees of any depth. */
static void print_json_rows(struct table *t, struct order *o)
{
	for (size_t i = 0; i < o->n; i++) {
		size_t depth = o->depth[i], indent = 6 + 6 * depth;
		size_t next = i + 1 < o->n ? o->depth[i + 1] : 0;
		bool has_children = next > depth;
		int row = o->rows[i];

		/* a later sibling follows its predecessor's closing brace */
		fmt_printf("%s{\n", i > 0 && o->depth[i - 1] >= depth ? "," : "");
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[(size_t)row * t->ncols + c];
			fmt_printf("%*s", (int)indent + 3, "");
			json_key(t->cols[c]->name);
			if (!cell)
				out_puts("null");
			else if (t->cols[c]->flags & COL_LIST)
				json_list(cell);
			else if (t->cols[c]->flags & COL_NUMBER)
				out_puts(cell);
			else
				json_string(cell);
			if (c + 1 < t->ncols || has_children)
				out_char(',');
			out_char('\n');
		}
		if (has_children) {
			fmt_printf("%*s\"children\": [\n%*s", (int)indent + 3, "", (int)indent + 6, "");
			continue;
		}
		fmt_printf("%*s}", (int)indent, "");
		/* close the children arrays and objects of the ancestors done */
		for (size_t d = depth; d > next; d--) {
			size_t up = 6 + 6 * (d - 1);
			fmt_printf("\n%*s]\n%*s}", (int)up + 3, "", (int)up, "");
		}
	}
}

int table_print(struct table *t)
{
	struct order o;

	order_build(t, &o);
	if (t->mode == TABLE_JSON) {
		fmt_printf("{\n   \"%s\": [\n", t->json_name);
		if (o.n) {
			fmt_printf("      ");
			print_json_rows(t, &o);
		}
		out_char('\n');	/* an empty array still has its blank line, as libsmartcols */
		out_puts("   ]\n}\n");
	} else if (o.n)		/* an empty table prints nothing, not even a header */
		print_text(t, &o);
	order_free(&o);
	table_free(t);
	int err = out_flush() == 0 ? out_failed() : errno;
	if (!err)
		return 0;
	/* a reader that went away is not the table's failure */
	return output_reader_gone(err) ? 0 : -err;
}

int column_find(const struct column *cols, size_t ncols, const char *name)
{
	for (size_t i = 0; i < ncols; i++)
		if (!strcasecmp(cols[i].name, name))
			return (int)i;
	return -1;
}

void columns_parse(const struct column *cols, size_t ncols, const char *list, size_t *out,
		   size_t *nout, size_t max, int status)
{
	char *copy = xstrdup(list);
	size_t len = strlen(list);

	/* util-linux's rules: an empty list or name is an error, a trailing
	 * comma belongs to the last name, and the message quotes the list
	 * from the bad name on */
	for (size_t start = 0; start <= len;) {
		size_t end = start + strcspn(list + start, ",");
		if (end + 1 == len)
			end = len;
		copy[end] = '\0';
		if (*nout == max)
			die(status, 0, "too many columns specified, the limit is %zu columns", max);
		int col = column_find(cols, ncols, copy + start);
		if (col < 0)
			die(status, 0, "unknown column: %s", list + start);
		out[(*nout)++] = (size_t)col;
		start = end + 1;
	}
	free(copy);
}

int columns_print(const struct column *cols, size_t ncols, int mode, bool noheadings)
{
	static const struct column meta[] = {
		{ "NAME", 0, 0, NULL },
		{ "DESCRIPTION", 0, 0, NULL },
	};
	const struct column *metap[] = { &meta[0], &meta[1] };
	struct table t;

	table_init(&t, metap, 2, mode, "columns");
	t.noheadings = noheadings;
	for (size_t i = 0; i < ncols; i++) {
		int row = table_add_row(&t, -1);
		table_set(&t, row, 0, cols[i].name);
		table_set(&t, row, 1, cols[i].help);
	}
	return table_print(&t);
}
