/* SPDX-License-Identifier: 0BSD */
/* POSIX extended regular expressions for filters: a parser to a small
 * syntax tree, a compiler to a Thompson NFA program, and a Pike VM that
 * answers "does it match anywhere?" in time linear in the text, without
 * recursion and without a step budget (the text is attacker input). */
#include "rx.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- syntax tree ----------------------------------------------------------- */

enum { T_BYTE, T_ANY, T_SET, T_BOL, T_EOL, T_EMPTY, T_CAT, T_ALT, T_REPEAT };

struct node {
	int kind;
	unsigned char byte;	/* T_BYTE */
	int set;		/* T_SET: index into the set table */
	int min, max;		/* T_REPEAT; max -1: no limit */
	struct node **kids;	/* T_CAT, T_ALT: nkids; T_REPEAT: one */
	int nkids;
};

#define RX_DUP_MAX 32767	/* glibc's RE_DUP_MAX */
#define RX_MAX_DEPTH 64		/* nested parentheses */
#define RX_MAX_PROGRAM 65536	/* instructions, after {m,n} is expanded */
#define RX_MAX_STACKED 8	/* quantifiers on one atom, as in a** */

struct parser {
	const char *p;
	const char *error;
	int depth;
	uint8_t (*sets)[32];
	int nsets;
};

static struct node *node_new(int kind)
{
	struct node *n = xmalloc(sizeof *n);
	*n = (struct node){ .kind = kind };
	return n;
}

static void node_add(struct node *n, struct node *kid)
{
	n->kids = xgrow(n->kids, (size_t)n->nkids, sizeof *n->kids);
	n->kids[n->nkids++] = kid;
}

static void node_free(struct node *n)
{
	/* iterative over the last child, so a long chain frees flat */
	while (n) {
		struct node *last = n->nkids ? n->kids[n->nkids - 1] : NULL;
		for (int i = 0; i + 1 < n->nkids; i++)
			node_free(n->kids[i]);
		free(n->kids);
		free(n);
		n = last;
	}
}

static void set_add(uint8_t *set, unsigned c)
{
	set[c / 8] |= (uint8_t)(1u << (c % 8));
}

static bool set_has(const uint8_t *set, unsigned c)
{
	return set[c / 8] & (1u << (c % 8));
}

/* The byte class NAME (of LEN bytes) as a predicate; false if unknown. */
static bool class_fill(const char *name, size_t len, uint8_t *set)
{
	static const char *const names[] = { "alpha", "digit", "alnum", "upper", "lower", "space",
					     "punct", "xdigit", "print", "graph", "cntrl", "blank" };
	size_t which = sizeof names / sizeof *names;

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strlen(names[i]) == len && !strncmp(names[i], name, len))
			which = i;
	if (which == sizeof names / sizeof *names)
		return false;
	for (unsigned c = 1; c < 256; c++) {
		bool alpha = (c | 0x20) >= 'a' && (c | 0x20) <= 'z', digit = c >= '0' && c <= '9';
		bool in[] = { alpha, digit, alpha || digit, c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z',
			      c == ' ' || (c >= '\t' && c <= '\r'), c > ' ' && c < 0x7f && !alpha && !digit,
			      digit || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'), c >= ' ' && c < 0x7f,
			      c > ' ' && c < 0x7f, c < ' ' || c == 0x7f, c == ' ' || c == '\t' };
		if (in[which])
			set_add(set, c);
	}
	return true;
}

/* One element of a bracket expression at ps->p: a byte, [.c.] or [=c=]
 * (single-byte collating elements and equivalence classes are the byte
 * itself), or [:class:] (added to set; returns -2). Returns the byte, -2
 * for a class, -3 for an equivalence class, or -1 after setting an error. */
static int bracket_element(struct parser *ps, uint8_t *set)
{
	const char *p = ps->p;

	if (p[0] == '[' && (p[1] == '.' || p[1] == '=' || p[1] == ':')) {
		char kind = p[1];
		const char *end = p + 2;
		/* the name ends at the first KIND] after at least one byte */
		while (*end && !(end > p + 2 && end[0] == kind && end[1] == ']'))
			end++;
		if (!*end) {
			ps->error = "unmatched [";
			return -1;
		}
		size_t len = (size_t)(end - p - 2);
		ps->p = end + 2;
		if (kind == ':') {
			if (!class_fill(p + 2, len, set)) {
				ps->error = "bad character class";
				return -1;
			}
			return -2;
		}
		if (len != 1) {
			ps->error = "bad collating element";
			return -1;
		}
		if (kind == '=') {
			set_add(set, (unsigned char)p[2]);
			return -3;
		}
		return (unsigned char)p[2];
	}
	if (!*p) {
		ps->error = "unmatched [";
		return -1;
	}
	ps->p++;
	return (unsigned char)*p;
}

/* [...] after the '[' */
static struct node *parse_bracket(struct parser *ps)
{
	uint8_t set[32] = { 0 };
	bool negate = *ps->p == '^', first = true;

	ps->p += negate;
	for (;;) {
		if (*ps->p == ']' && !first) {
			ps->p++;
			break;
		}
		first = false;
		int lo = bracket_element(ps, set);
		if (lo == -1)
			return NULL;
		if (lo < 0) {
			/* a class is no range endpoint */
			if (*ps->p == '-' && ps->p[1] && ps->p[1] != ']') {
				ps->error = "bad range in []";
				return NULL;
			}
			continue;
		}
		if (*ps->p != '-' || !ps->p[1] || ps->p[1] == ']') {
			set_add(set, (unsigned)lo);
			continue;
		}
		ps->p++;
		int hi = bracket_element(ps, set);
		if (hi == -1)
			return NULL;
		if (hi < 0 || hi < lo) {
			ps->error = "bad range in []";
			return NULL;
		}
		for (int c = lo; c <= hi; c++)
			set_add(set, (unsigned)c);
		/* after a range, a '-' can only end the list */
		if (*ps->p == '-' && ps->p[1] != ']') {
			ps->error = "bad range in []";
			return NULL;
		}
	}
	if (negate)
		for (int i = 0; i < 32; i++)
			set[i] = (uint8_t)~set[i];
	set[0] &= (uint8_t)~1u;	/* never the terminating NUL */
	ps->sets = xgrow(ps->sets, (size_t)ps->nsets, sizeof *ps->sets);
	memcpy(ps->sets[ps->nsets], set, sizeof set);
	struct node *n = node_new(T_SET);
	n->set = ps->nsets++;
	return n;
}

/* A decimal count of a {m,n} bound; -1 when there are no digits. */
static int parse_count(struct parser *ps)
{
	int n = -1;
	while (*ps->p >= '0' && *ps->p <= '9') {
		n = (n < 0 ? 0 : n) * 10 + (*ps->p++ - '0');
		if (n > RX_DUP_MAX) {
			ps->error = "repetition count too large";
			return -1;
		}
	}
	return n;
}

/* *, +, ?, {m}, {m,}, {,n}, {m,n} after an atom: wraps it. */
static bool parse_quantifier(struct parser *ps, struct node **atom)
{
	char c = *ps->p;
	int min, max;

	if (c == '*' || c == '+' || c == '?') {
		min = c == '+';
		max = c == '?' ? 1 : -1;
		ps->p++;
	} else if (c == '{') {
		ps->p++;
		min = parse_count(ps);
		max = min;
		/* glibc takes an escaped comma as the comma: a{1\,3} */
		if (*ps->p == ',' || (ps->p[0] == '\\' && ps->p[1] == ',')) {
			ps->p += *ps->p == ',' ? 1 : 2;
			max = parse_count(ps);
			if (min < 0)
				min = 0;
		} else if (min < 0)
			goto bad;
		if (ps->error)
			return false;
		if (*ps->p++ != '}' || (max >= 0 && max < min))
			goto bad;
	} else
		return false;
	struct node *n = node_new(T_REPEAT);
	n->min = min;
	n->max = max;
	node_add(n, *atom);
	*atom = n;
	return true;
bad:
	ps->error = "bad {} repetition";
	return false;
}

static struct node *parse_alt(struct parser *ps);

/* One atom at ps->p (NULL and an error, or NULL at the end of a branch). */
static struct node *parse_atom(struct parser *ps)
{
	char c = *ps->p;
	struct node *n;

	switch (c) {
	case '\0':
	case '|':
		return NULL;
	case ')':
		if (ps->depth)
			return NULL;
		ps->p++;	/* with no '(' open, ')' is itself (as glibc) */
		n = node_new(T_BYTE);
		n->byte = ')';
		return n;
	case '*': case '+': case '?': case '{':
		ps->error = "repetition of nothing";
		return NULL;
	case '(':
		if (++ps->depth > RX_MAX_DEPTH) {
			ps->error = "too deeply nested";
			return NULL;
		}
		ps->p++;
		n = parse_alt(ps);
		ps->depth--;
		if (ps->error)
			return n;
		if (*ps->p != ')') {
			ps->error = "unmatched (";
			return n;
		}
		ps->p++;
		return n;
	case '[':
		ps->p++;
		return parse_bracket(ps);
	case '.':
		ps->p++;
		return node_new(T_ANY);
	case '^':
	case '$':
		ps->p++;
		n = node_new(c == '^' ? T_BOL : T_EOL);
		/* an anchor cannot be repeated */
		if (*ps->p == '*' || *ps->p == '+' || *ps->p == '?' || *ps->p == '{')
			ps->error = "repetition of an anchor";
		return n;
	case '\\':
		if (!ps->p[1]) {
			ps->error = "trailing backslash";
			return NULL;
		}
		c = *++ps->p;
		/* the next byte as itself */
		__attribute__((fallthrough));
	default:
		ps->p++;
		n = node_new(T_BYTE);
		n->byte = (unsigned char)c;
		return n;
	}
}

static struct node *parse_seq(struct parser *ps)
{
	struct node *seq = node_new(T_CAT), *atom;

	while (!ps->error && (atom = parse_atom(ps))) {
		int stacked = 0;
		while (!ps->error && parse_quantifier(ps, &atom))
			if (++stacked > RX_MAX_STACKED)
				ps->error = "too many repetition operators";
		node_add(seq, atom);
	}
	return seq;
}

static struct node *parse_alt(struct parser *ps)
{
	struct node *alt = node_new(T_ALT);

	node_add(alt, parse_seq(ps));
	while (!ps->error && *ps->p == '|') {
		ps->p++;
		node_add(alt, parse_seq(ps));
	}
	return alt;
}

/* ---- program ---------------------------------------------------------------- */

enum { I_BYTE, I_ANY, I_SET, I_BOL, I_EOL, I_SPLIT, I_JMP, I_MATCH };

struct inst {
	uint8_t op;
	uint8_t byte;
	int x, y;		/* I_SPLIT: both; I_JMP: x; I_SET: x is the set */
};

struct rx {
	struct inst *prog;
	int n;
	uint8_t (*sets)[32];
};

struct emitter {
	struct inst *prog;
	int n, cap;
	const char **error;
};

static int emit(struct emitter *e, struct inst in)
{
	if (e->n == RX_MAX_PROGRAM) {
		*e->error = "regular expression too big";
		return -1;
	}
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 64;
		e->prog = xrealloc(e->prog, (size_t)e->cap * sizeof *e->prog);
	}
	e->prog[e->n] = in;
	return e->n++;
}

/* Recursion follows the tree, which is at most RX_MAX_DEPTH groups deep
 * (a group is T_ALT > T_CAT > T_REPEAT*: quantifiers on one atom stack
 * up too, but each is a level of the pattern's own text). */
static bool compile(struct emitter *e, const struct node *n);

/* The body n, optional: SPLIT body, out. Returns the split's index. */
static int compile_optional(struct emitter *e, const struct node *n)
{
	int split = emit(e, (struct inst){ .op = I_SPLIT });
	if (split < 0 || !compile(e, n))
		return -1;
	e->prog[split].x = split + 1;
	return split;
}

static bool compile_repeat(struct emitter *e, const struct node *n)
{
	const struct node *body = n->kids[0];

	for (int i = 0; i < n->min; i++)
		if (!compile(e, body))
			return false;
	if (n->max < 0) {	/* L: SPLIT body, out; body; JMP L */
		int split = compile_optional(e, body);
		if (split < 0 || emit(e, (struct inst){ .op = I_JMP, .x = split }) < 0)
			return false;
		e->prog[split].y = e->n;
		return true;
	}
	/* up to max - min more, each optional: every skip jumps to the end */
	int *splits = xmalloc((size_t)(n->max - n->min + 1) * sizeof *splits), nsplits = 0;
	bool ok = true;
	for (int i = n->min; ok && i < n->max; i++)
		ok = (splits[nsplits++] = compile_optional(e, body)) >= 0;
	for (int i = 0; ok && i < nsplits; i++)
		e->prog[splits[i]].y = e->n;
	free(splits);
	return ok;
}

static bool compile(struct emitter *e, const struct node *n)
{
	switch (n->kind) {
	case T_BYTE:
		return emit(e, (struct inst){ .op = I_BYTE, .byte = n->byte }) >= 0;
	case T_ANY:
		return emit(e, (struct inst){ .op = I_ANY }) >= 0;
	case T_SET:
		return emit(e, (struct inst){ .op = I_SET, .x = n->set }) >= 0;
	case T_BOL:
		return emit(e, (struct inst){ .op = I_BOL }) >= 0;
	case T_EOL:
		return emit(e, (struct inst){ .op = I_EOL }) >= 0;
	case T_CAT:
		for (int i = 0; i < n->nkids; i++)
			if (!compile(e, n->kids[i]))
				return false;
		return true;
	case T_REPEAT:
		return compile_repeat(e, n);
	}
	/* T_ALT: SPLIT a, next; a; JMP end; next: SPLIT b, next2; ... last */
	int *jumps = xmalloc((size_t)n->nkids * sizeof *jumps), njumps = 0;
	bool ok = true;
	for (int i = 0; ok && i < n->nkids; i++) {
		int split = -1;
		if (i + 1 < n->nkids && (split = emit(e, (struct inst){ .op = I_SPLIT })) < 0)
			ok = false;
		else if (!compile(e, n->kids[i]))
			ok = false;
		else if (i + 1 < n->nkids) {
			if ((jumps[njumps++] = emit(e, (struct inst){ .op = I_JMP })) < 0)
				ok = false;
			else {
				e->prog[split].x = split + 1;
				e->prog[split].y = e->n;
			}
		}
	}
	for (int i = 0; ok && i < njumps; i++)
		e->prog[jumps[i]].x = e->n;
	free(jumps);
	return ok;
}

struct rx *rx_compile(const char *pattern, const char **error)
{
	struct parser ps = { .p = pattern };
	struct node *top = parse_alt(&ps);

	if (!ps.error && *ps.p)		/* a ')' with its '(' missing cannot be here */
		ps.error = "unmatched )";
	struct emitter e = { .error = &ps.error };
	if (!ps.error && compile(&e, top))
		emit(&e, (struct inst){ .op = I_MATCH });
	node_free(top);
	if (ps.error) {
		*error = ps.error;
		free(e.prog);
		free(ps.sets);
		return NULL;
	}
	struct rx *rx = xmalloc(sizeof *rx);
	*rx = (struct rx){ e.prog, e.n, ps.sets };
	return rx;
}

void rx_free(struct rx *rx)
{
	if (rx) {
		free(rx->prog);
		free(rx->sets);
	}
	free(rx);
}

/* ---- Pike VM ---------------------------------------------------------------- */

struct threads {
	int *pcs;
	int n;
	bool matched;
};

struct vm {
	const struct rx *rx;
	const char *text;
	unsigned *mark;		/* the generation that last added each pc */
	int *stack;
};

/* Add pc and everything reachable from it without reading a byte (at
 * position s) to list l, each pc once per generation. */
static void add_thread(struct vm *vm, struct threads *l, int pc, const char *s, unsigned gen)
{
	int sp = 0;

	vm->stack[sp++] = pc;
	while (sp) {
		pc = vm->stack[--sp];
		if (vm->mark[pc] == gen)
			continue;
		vm->mark[pc] = gen;
		const struct inst *in = &vm->rx->prog[pc];
		switch (in->op) {
		case I_JMP:
			vm->stack[sp++] = in->x;
			break;
		case I_SPLIT:
			vm->stack[sp++] = in->y;
			vm->stack[sp++] = in->x;
			break;
		case I_BOL:
			if (s == vm->text)
				vm->stack[sp++] = pc + 1;
			break;
		case I_EOL:
			if (!*s)
				vm->stack[sp++] = pc + 1;
			break;
		case I_MATCH:
			l->matched = true;
			break;
		default:
			l->pcs[l->n++] = pc;
		}
	}
}

static bool step_ok(const struct rx *rx, const struct inst *in, unsigned char c)
{
	return in->op == I_ANY || (in->op == I_BYTE && in->byte == c) ||
	       (in->op == I_SET && set_has(rx->sets[in->x], c));
}

bool rx_match(const struct rx *rx, const char *text)
{
	size_t n = (size_t)rx->n;
	/* a pc is pushed at most once per edge into it: two per instruction */
	struct vm vm = { rx, text, xmalloc(n * sizeof *vm.mark), xmalloc((2 * n + 2) * sizeof *vm.stack) };
	struct threads a = { xmalloc(n * sizeof *a.pcs), 0, false }, b = { xmalloc(n * sizeof *b.pcs), 0, false };
	struct threads *cur = &a, *next = &b;
	unsigned gen = 1;
	bool matched = false;

	memset(vm.mark, 0, n * sizeof *vm.mark);
	for (const char *s = text;; s++) {
		add_thread(&vm, cur, 0, s, gen);	/* a match may start anywhere */
		if (cur->matched || !*s) {
			matched = cur->matched;
			break;
		}
		gen++;
		next->n = 0;
		for (int i = 0; i < cur->n; i++) {
			const struct inst *in = &rx->prog[cur->pcs[i]];
			if (step_ok(rx, in, (unsigned char)*s))
				add_thread(&vm, next, cur->pcs[i] + 1, s + 1, gen);
		}
		struct threads *t = cur;
		cur = next;
		next = t;
	}
	free(vm.mark);
	free(vm.stack);
	free(a.pcs);
	free(b.pcs);
	return matched;
}
