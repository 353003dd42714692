#include "rx.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { N_BYTE, N_ANY, N_SET, N_BOL, N_EOL, N_GROUP };

struct rx_alt;

struct rx_node {
	int kind;
	unsigned char byte;
	uint8_t set[32];	/* N_SET: a bit per byte */
	struct rx_alt *group;	/* N_GROUP */
	int min, max;		/* repetition; max -1: no limit */
};

struct rx_seq {
	struct rx_node *nodes;
	int n;
};

struct rx_alt {			/* seq | seq | ... */
	struct rx_seq *seqs;
	int n;
};

struct rx {
	struct rx_alt *top;
};

struct parser {
	const char *p;
	const char *error;
	int depth;
};

static struct rx_alt *parse_alt(struct parser *ps);

static void set_add(uint8_t *set, unsigned c)
{
	set[c / 8] |= (uint8_t)(1u << (c % 8));
}

static bool set_has(const uint8_t *set, unsigned c)
{
	return set[c / 8] & (1u << (c % 8));
}

static bool in_class(const char *name, size_t len, unsigned c)
{
	static const char *const names[] = { "alpha", "digit", "alnum", "upper", "lower", "space",
					     "punct", "xdigit", "print", "graph", "cntrl", "blank" };
	bool alpha = (c | 0x20) >= 'a' && (c | 0x20) <= 'z', digit = c >= '0' && c <= '9';
	bool results[] = { alpha, digit, alpha || digit, c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z',
			   c == ' ' || (c >= '\t' && c <= '\r'),
			   c > ' ' && c < 0x7f && !alpha && !digit,
			   digit || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'), c >= ' ' && c < 0x7f,
			   c > ' ' && c < 0x7f, c < ' ' || c == 0x7f, c == ' ' || c == '\t' };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strlen(names[i]) == len && !strncmp(names[i], name, len))
			return results[i];
	return false;
}

static bool class_known(const char *name, size_t len)
{
	static const char names[] = " alpha digit alnum upper lower space punct xdigit print graph cntrl blank ";
	char word[12];

	if (len == 0 || len > 8)
		return false;
	word[0] = ' ';
	memcpy(word + 1, name, len);
	word[len + 1] = ' ';
	word[len + 2] = '\0';
	return strstr(names, word) != NULL;
}

/* [...] after the '[' */
static bool parse_set(struct parser *ps, struct rx_node *node)
{
	bool negate = *ps->p == '^';
	int prev = -1;

	node->kind = N_SET;
	ps->p += negate;
	if (*ps->p == ']') {	/* a leading ] is literal */
		set_add(node->set, ']');
		prev = ']';
		ps->p++;
	}
	for (;;) {
		unsigned c = (unsigned char)*ps->p;
		if (!c) {
			ps->error = "unmatched [";
			return false;
		}
		if (c == ']') {
			ps->p++;
			break;
		}
		if (c == '[' && ps->p[1] == ':') {
			const char *end = strstr(ps->p + 2, ":]");
			size_t len = end ? (size_t)(end - ps->p - 2) : 0;
			if (!end || !class_known(ps->p + 2, len)) {
				ps->error = "bad character class";
				return false;
			}
			for (unsigned b = 0; b < 256; b++)
				if (in_class(ps->p + 2, len, b))
					set_add(node->set, b);
			ps->p = end + 2;
			prev = -1;
			continue;
		}
		if (c == '-' && prev >= 0 && ps->p[1] && ps->p[1] != ']') {
			unsigned hi = (unsigned char)ps->p[1];
			if (hi < (unsigned)prev) {
				ps->error = "bad range in []";
				return false;
			}
			for (unsigned b = (unsigned)prev; b <= hi; b++)
				set_add(node->set, b);
			ps->p += 2;
			prev = -1;
			continue;
		}
		set_add(node->set, c);
		prev = (int)c;
		ps->p++;
	}
	if (negate)
		for (int i = 0; i < 32; i++)
			node->set[i] = (uint8_t)~node->set[i];
	node->set[0] &= (uint8_t)~1u;	/* never the terminating NUL */
	return true;
}

static bool parse_count(struct parser *ps, int *out)
{
	int n = 0;
	if (*ps->p < '0' || *ps->p > '9')
		return false;
	while (*ps->p >= '0' && *ps->p <= '9' && n < 10000)
		n = n * 10 + (*ps->p++ - '0');
	*out = n;
	return true;
}

static bool parse_quantifier(struct parser *ps, struct rx_node *node)
{
	char c = *ps->p;
	int min, max;

	if (c == '*' || c == '+' || c == '?') {
		min = c == '+';
		max = c == '?' ? 1 : -1;
		ps->p++;
	} else if (c == '{') {
		ps->p++;
		if (!parse_count(ps, &min))
			goto bad;
		max = min;
		if (*ps->p == ',') {
			ps->p++;
			if (!parse_count(ps, &max))
				max = -1;
		}
		if (*ps->p++ != '}' || (max >= 0 && max < min))
			goto bad;
	} else
		return false;
	/* a repeated repetition: wrap the node in a group of its own */
	if (node->min != 1 || node->max != 1) {
		struct rx_alt *alt = xmalloc(sizeof *alt);
		alt->seqs = xmalloc(sizeof *alt->seqs);
		alt->n = 1;
		alt->seqs[0].nodes = xmalloc(sizeof *node);
		alt->seqs[0].nodes[0] = *node;
		alt->seqs[0].n = 1;
		*node = (struct rx_node){ .kind = N_GROUP, .group = alt };
	}
	node->min = min;
	node->max = max;
	return true;
bad:
	ps->error = "bad {} repetition";
	return false;
}

static struct rx_seq parse_seq(struct parser *ps)
{
	struct rx_seq seq = { NULL, 0 };

	while (!ps->error && *ps->p && *ps->p != '|' && (*ps->p != ')' || !ps->depth)) {
		/* a ')' with no '(' open is itself, as in other POSIX engines */
		struct rx_node node = { .min = 1, .max = 1 };
		char c = *ps->p++;
		switch (c) {
		case '.': node.kind = N_ANY; break;
		case '^': node.kind = N_BOL; break;
		case '$': node.kind = N_EOL; break;
		case '[': parse_set(ps, &node); break;
		case '(':
			if (++ps->depth > 64) {
				ps->error = "too deeply nested";
				break;
			}
			node.kind = N_GROUP;
			node.group = parse_alt(ps);
			ps->depth--;
			if (!ps->error && *ps->p++ != ')')
				ps->error = "unmatched (";
			break;
		case '*': case '+': case '?': case '{':
			ps->error = "repetition of nothing";
			break;
		case '\\':
			if (!*ps->p) {
				ps->error = "trailing backslash";
				break;
			}
			c = *ps->p++;
			/* fall through */
		default:
			node.kind = N_BYTE;
			node.byte = (unsigned char)c;
		}
		while (!ps->error && parse_quantifier(ps, &node))
			;
		seq.nodes = xrealloc(seq.nodes, (size_t)(seq.n + 1) * sizeof *seq.nodes);
		seq.nodes[seq.n++] = node;
	}
	return seq;
}

static struct rx_alt *parse_alt(struct parser *ps)
{
	struct rx_alt *alt = xmalloc(sizeof *alt);
	alt->seqs = NULL;
	alt->n = 0;
	do {
		alt->seqs = xrealloc(alt->seqs, (size_t)(alt->n + 1) * sizeof *alt->seqs);
		alt->seqs[alt->n++] = parse_seq(ps);
	} while (!ps->error && *ps->p == '|' && ps->p++);
	return alt;
}

static void free_alt(struct rx_alt *alt)
{
	for (int i = 0; alt && i < alt->n; i++) {
		for (int j = 0; j < alt->seqs[i].n; j++)
			if (alt->seqs[i].nodes[j].kind == N_GROUP)
				free_alt(alt->seqs[i].nodes[j].group);
		free(alt->seqs[i].nodes);
	}
	if (alt)
		free(alt->seqs);
	free(alt);
}

struct rx *rx_compile(const char *pattern, const char **error)
{
	struct parser ps = { pattern, NULL, 0 };
	struct rx_alt *top = parse_alt(&ps);

	if (ps.error) {
		*error = ps.error;
		free_alt(top);
		return NULL;
	}
	struct rx *rx = xmalloc(sizeof *rx);
	rx->top = top;
	return rx;
}

void rx_free(struct rx *rx)
{
	if (rx)
		free_alt(rx->top);
	free(rx);
}

/* What is left to match once the current sequence is done: the rest of an
 * outer sequence, or one more round of a repeated group. */
struct cont {
	const struct rx_seq *seq;
	int idx;
	const struct rx_node *repeat;	/* a group's repetition, or NULL */
	int count;
	const char *from;		/* where this round of the group began */
	const struct cont *next;
};

struct ctx {
	const char *text;
	long steps;		/* a bound, against patterns that explode */
};

static bool match_seq(struct ctx *x, const struct rx_seq *seq, int i, const char *s, const struct cont *k);

static bool repeat(struct ctx *x, const struct rx_seq *seq, int i, const char *s, const struct cont *k,
		   int count);

static bool resume(struct ctx *x, const char *s, const struct cont *k)
{
	if (!k)
		return true;
	if (k->repeat) {
		if (s == k->from)	/* an empty round: do not loop on it */
			return k->count >= k->repeat->min && match_seq(x, k->seq, k->idx + 1, s, k->next);
		return repeat(x, k->seq, k->idx, s, k->next, k->count);
	}
	return match_seq(x, k->seq, k->idx, s, k->next);
}

static bool atom(const struct rx_node *n, unsigned char c)
{
	return c && (n->kind == N_ANY || (n->kind == N_BYTE && n->byte == c) ||
		     (n->kind == N_SET && set_has(n->set, c)));
}

/* Node i has matched count times so far; try one more, else move on. */
static bool repeat(struct ctx *x, const struct rx_seq *seq, int i, const char *s, const struct cont *k,
		   int count)
{
	const struct rx_node *n = &seq->nodes[i];

	if (++x->steps > 1000000)
		return false;
	if (n->max < 0 || count < n->max) {
		if (n->kind == N_GROUP) {
			struct cont again = { seq, i, n, count + 1, s, k };
			for (int a = 0; a < n->group->n; a++)
				if (match_seq(x, &n->group->seqs[a], 0, s, &again))
					return true;
		} else if (atom(n, (unsigned char)*s) && repeat(x, seq, i, s + 1, k, count + 1))
			return true;
	}
	return count >= n->min && match_seq(x, seq, i + 1, s, k);
}

static bool match_seq(struct ctx *x, const struct rx_seq *seq, int i, const char *s, const struct cont *k)
{
	if (i == seq->n)
		return resume(x, s, k);
	const struct rx_node *n = &seq->nodes[i];
	if (n->kind == N_BOL)
		return s == x->text && match_seq(x, seq, i + 1, s, k);
	if (n->kind == N_EOL)
		return !*s && match_seq(x, seq, i + 1, s, k);
	return repeat(x, seq, i, s, k, 0);
}

bool rx_match(const struct rx *rx, const char *text)
{
	struct ctx x = { text, 0 };

	for (const char *s = text;; s++) {
		for (int a = 0; a < rx->top->n; a++)
			if (match_seq(&x, &rx->top->seqs[a], 0, s, NULL))
				return true;
		if (!*s)
			return false;
	}
}
