/* SPDX-License-Identifier: 0BSD */
/* The -Q filter language over a row of named columns (lsns, nsid):
 * comparisons, regular expressions, && || ! and parentheses, parsed
 * without unbounded recursion and evaluated in loops along && || chains. */
#include "filter.h"
#include "num.h"
#include "err.h"
#include "rx.h"

#include "fmt.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


enum { F_OR, F_AND, F_NOT, F_CMP, F_VALUE };
enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_RE, OP_NRE };

struct fnode {
	int kind, op;
	int left, right;	/* child nodes */
	int column;		/* F_VALUE: a column, or -1 for a literal */
	const char *text;	/* literal */
	struct rx *re;
};

struct filter {
	struct fnode *nodes;
	int nnodes;
	const struct column *cols;
	size_t ncols;
	bool *uses;		/* by column: does the expression read it? */
	const char *expr, *pos;	/* parsing */
	int depth;		/* open parentheses */
	jmp_buf fail;		/* parsing: where an error goes */
	char *error;
	int **chains;		/* parsing: parse_chain's item arrays, for an error */
	int nchains;
};

/* Parentheses nest at most this deep: parsing and evaluation recurse once
 * per level, and the expression may come from anywhere. */
#define FILTER_MAX_DEPTH 100

/* Give up parsing: the message, then back to filter_parse, which frees
 * what was built. */
_Noreturn static void filter_fail(struct filter *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
_Noreturn static void filter_fail(struct filter *f, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_HEAP;
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	f->error = sb.buf;
	longjmp(f->fail, 1);
}

_Noreturn static void filter_error(struct filter *f, const char *what)
{
	filter_fail(f, "failed to parse \"%s\": %s at position %d%s%.12s%s", f->expr, what,
		    (int)(f->pos - f->expr) + 1, *f->pos ? " ('" : "", f->pos, *f->pos ? "')" : " (the end)");
}

static int fnode_new(struct filter *f, struct fnode n)
{
	f->nodes = xgrow(f->nodes, (size_t)f->nnodes, sizeof *f->nodes);
	f->nodes[f->nnodes] = n;
	return f->nnodes++;
}

static void skip_blanks(struct filter *f)
{
	while (*f->pos == ' ' || *f->pos == '\t')
		f->pos++;
}

/* The characters of a bare operand (a column name or a number). */
static bool is_word_char(char c)
{
	return c == '_' || c == '-' || c == '.' || (c >= '0' && c <= '9') ||
	       ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* A keyword operator ("and", "eq") is a whole word: "or_x" is an operand. */
static bool take_token(struct filter *f, const char *token, bool word)
{
	size_t n = strlen(token);
	skip_blanks(f);
	if (strncasecmp(f->pos, token, n) || (word && is_word_char(f->pos[n])))
		return false;
	f->pos += n;
	return true;
}

static int parse_or(struct filter *f);

static int parse_operand(struct filter *f)
{
	skip_blanks(f);
	const char *start = f->pos;
	if (*f->pos == '"' || *f->pos == '\'') {
		char quote = *f->pos++;
		const char *end = strchr(f->pos, quote);
		if (!end)
			filter_error(f, "unterminated string");
		char *text = xmalloc((size_t)(end - f->pos) + 1);
		memcpy(text, f->pos, (size_t)(end - f->pos));
		text[end - f->pos] = '\0';
		f->pos = end + 1;
		return fnode_new(f, (struct fnode){ .kind = F_VALUE, .column = -1, .text = text });
	}
	while (is_word_char(*f->pos))
		f->pos++;
	if (f->pos == start)
		filter_error(f, "a column, number or string expected");
	char *text = xmalloc((size_t)(f->pos - start) + 1);
	memcpy(text, start, (size_t)(f->pos - start));
	text[f->pos - start] = '\0';
	int col = column_find(f->cols, f->ncols, text);
	if (col >= 0) {
		f->uses[col] = true;
		free(text);
		return fnode_new(f, (struct fnode){ .kind = F_VALUE, .column = col });
	}
	uint64_t num;
	if (parse_u64(text[0] == '-' ? text + 1 : text, 0, UINT64_MAX, &num) < 0) {
		f->pos = start;
		free(text);
		filter_error(f, "unknown column");
	}
	return fnode_new(f, (struct fnode){ .kind = F_VALUE, .column = -1, .text = text });
}

static int parse_primary(struct filter *f)
{
	static const struct { const char *token; int op; bool word; } ops[] = {
		{ "==", OP_EQ, 0 }, { "!=", OP_NE, 0 }, { "<=", OP_LE, 0 }, { ">=", OP_GE, 0 },
		{ "=~", OP_RE, 0 }, { "!~", OP_NRE, 0 }, { "<", OP_LT, 0 }, { ">", OP_GT, 0 },
		{ "eq", OP_EQ, 1 }, { "ne", OP_NE, 1 }, { "le", OP_LE, 1 }, { "ge", OP_GE, 1 },
		{ "lt", OP_LT, 1 }, { "gt", OP_GT, 1 },
	};
	if (take_token(f, "(", false)) {
		if (++f->depth > FILTER_MAX_DEPTH)
			filter_fail(f, "failed to parse \"%.40s...\": filter nesting too deep at column %d",
				    f->expr, (int)(f->pos - f->expr));
		int n = parse_or(f);
		if (!take_token(f, ")", false))
			filter_error(f, "')' expected");
		f->depth--;
		return n;
	}
	int left = parse_operand(f);
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
		if (!take_token(f, ops[i].token, ops[i].word))
			continue;
		int right = parse_operand(f);
		struct fnode cmp = { .kind = F_CMP, .op = ops[i].op, .left = left, .right = right };
		if (cmp.op == OP_RE || cmp.op == OP_NRE) {
			if (f->nodes[right].column >= 0)
				filter_error(f, "a regular expression must be a string");
			const char *why;
			cmp.re = rx_compile(f->nodes[right].text, &why);
			if (!cmp.re) {
				f->pos = f->nodes[right].text;
				filter_fail(f, "failed to parse \"%s\": bad regular expression '%s': %s", f->expr,
				    f->nodes[right].text, why);
			}
		}
		return fnode_new(f, cmp);
	}
	return left;
}

/* Any run of "!" and "not" is counted, not recursed into: only its
 * parity matters. */
static int parse_not(struct filter *f)
{
	bool negate = false;
	for (;;) {
		const char *before = f->pos;
		if (take_token(f, "!", false) && *f->pos != '=' && *f->pos != '~')
			negate = !negate;
		else if ((f->pos = before, take_token(f, "not", true)))
			negate = !negate;
		else {
			f->pos = before;
			break;
		}
	}
	int n = parse_primary(f);
	return negate ? fnode_new(f, (struct fnode){ .kind = F_NOT, .left = n }) : n;
}

/* a OP b OP c ... as a chain that leans right, a OP (b OP (c ...)), which
 * evaluation walks in a loop, left to right, however long it is. */
static int parse_chain(struct filter *f, int kind, int (*operand)(struct filter *),
		       const char *symbol, const char *word)
{
	int n = 0, slot = f->nchains++;

	/* the array is the filter's until done: an error frees it */
	f->chains = xgrow(f->chains, (size_t)slot, sizeof *f->chains);
	f->chains[slot] = NULL;
	do {
		f->chains[slot] = xgrow(f->chains[slot], (size_t)n, sizeof **f->chains);
		int item = operand(f);
		f->chains[slot][n++] = item;
	} while (take_token(f, symbol, false) || take_token(f, word, true));
	int *items = f->chains[slot], node = items[--n];
	while (n--)
		node = fnode_new(f, (struct fnode){ .kind = kind, .left = items[n], .right = node });
	free(items);
	f->nchains--;
	return node;
}

static int parse_and(struct filter *f)
{
	return parse_chain(f, F_AND, parse_not, "&&", "and");
}

static int parse_or(struct filter *f)
{
	return parse_chain(f, F_OR, parse_and, "||", "or");
}

struct filter *filter_parse(const char *expr, const struct column *cols, size_t ncols, char **error)
{
	struct filter *f = xmalloc(sizeof *f);
	*f = (struct filter){ .expr = expr, .pos = expr, .cols = cols, .ncols = ncols,
			      .uses = xmalloc(ncols ? ncols : 1) };
	memset(f->uses, 0, ncols);
	if (setjmp(f->fail)) {
		*error = f->error;
		for (int i = 0; i < f->nchains; i++)
			free(f->chains[i]);
		filter_free(f);
		return NULL;
	}
	parse_or(f);
	skip_blanks(f);
	if (*f->pos)
		filter_error(f, "unexpected text");
	free(f->chains);
	f->chains = NULL;
	return f;
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	free(f->chains);
	free(f->uses);
	for (int i = 0; i < f->nnodes; i++) {
		free((char *)f->nodes[i].text);
		rx_free(f->nodes[i].re);
	}
	free(f->nodes);
	free(f);
}

static const char *fvalue(const struct filter *f, int n, char **vals)
{
	const struct fnode *node = &f->nodes[n];
	return node->column >= 0 ? (vals[node->column] ? vals[node->column] : "") : node->text;
}

/* Numbers compare as numbers, anything else as text. */
static bool as_number(const char *s, long double *out)
{
	uint64_t v;
	bool neg = s[0] == '-';
	if (parse_u64(s + neg, 0, UINT64_MAX, &v) < 0)
		return false;
	*out = neg ? -(long double)v : (long double)v;
	return true;
}

static bool eval(const struct filter *f, int n, char **vals)
{
	const struct fnode *node = &f->nodes[n];
	/* along a chain's right spine in a loop; recursion only into the
	 * left operands, as deep as the parentheses (FILTER_MAX_DEPTH) */
	while (node->kind == F_OR || node->kind == F_AND) {
		if (eval(f, node->left, vals) == (node->kind == F_OR))
			return node->kind == F_OR;
		node = &f->nodes[node->right];
	}
	n = (int)(node - f->nodes);
	switch (node->kind) {
	case F_NOT: return !eval(f, node->left, vals);
	case F_VALUE: {
		const char *v = fvalue(f, n, vals);
		return *v && strcmp(v, "0");
	}
	}
	const char *a = fvalue(f, node->left, vals), *b = fvalue(f, node->right, vals);
	if (node->op == OP_RE || node->op == OP_NRE)
		return rx_match(node->re, a) == (node->op == OP_RE);
	long double x, y;
	int cmp;
	if (as_number(a, &x) && as_number(b, &y))
		cmp = x < y ? -1 : x > y;
	else
		cmp = strcmp(a, b);
	switch (node->op) {
	case OP_EQ: return cmp == 0;
	case OP_NE: return cmp != 0;
	case OP_LT: return cmp < 0;
	case OP_LE: return cmp <= 0;
	case OP_GT: return cmp > 0;
	default: return cmp >= 0;
	}
}

bool filter_match(const struct filter *f, char **vals)
{
	return eval(f, f->nnodes - 1, vals);
}

bool filter_uses(const struct filter *f, size_t col)
{
	return f && col < f->ncols && f->uses[col];
}

struct filter *filter_parse_or_die(const char *expr, const struct column *cols, size_t ncols)
{
	char *error;
	struct filter *f = filter_parse(expr, cols, ncols, &error);

	if (!f)
		die(1, 0, "%s", error);
	return f;
}
