/* SPDX-License-Identifier: 0BSD */
/* Command-line parsing with glibc getopt_long's conventions and messages,
 * and the options every applet shares (--help, --version, --list-options). */
#include "fmt.h"
#include "opt.h"
#include "util.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void opt_init(struct opt_state *st, int argc, char **argv, const char *shortopts,
	      const struct opt_long *longopts)
{
	*st = (struct opt_state){ .argc = argc, .argv = argv, .shortopts = shortopts,
				  .longopts = longopts, .ind = 1 };
}

/* glibc prints argv[0] as given; util-linux's own "Try" line uses the applet. */
_Noreturn static void opt_fail(struct opt_state *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
_Noreturn static void opt_fail(struct opt_state *st, const char *fmt, ...)
{
	char line[1024];
	struct strbuf sb = STRBUF_FIXED(line);
	va_list ap;

	sb_printf(&sb, "%s: ", st->argv[0]);
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	die_usage("%s", sb_str(&sb));
}

/* Options are over: put the skipped operands back in front of the rest. */
static int opt_finish(struct opt_state *st)
{
	int rest = st->argc - st->ind;
	int total = st->noperands + rest;

	if (st->noperands) {
		char **all = xmalloc((size_t)total * sizeof *all);
		memcpy(all, st->operands, (size_t)st->noperands * sizeof *all);
		memcpy(all + st->noperands, st->argv + st->ind, (size_t)rest * sizeof *all);
		memcpy(st->argv + st->argc - total, all, (size_t)total * sizeof *all);
		free(all);
	}
	free(st->operands);
	st->operands = NULL;
	st->noperands = 0;
	st->ind = st->argc - total;
	return -1;
}

void (*opt_help)(void);
void (*opt_version)(void);

static const struct opt_long common_longopts[] = {
	{ "help", OPT_NOARG, 'h' }, { "version", OPT_NOARG, 'V' }, { NULL, 0, 0 },
};

/* The applet's long options, then the common ones: o = next_long(st, o),
 * from NULL to NULL. */
static const struct opt_long *next_long(const struct opt_state *st, const struct opt_long *o)
{
	const struct opt_long *common_end = common_longopts + sizeof common_longopts / sizeof *common_longopts - 1;

	o = o ? o + 1 : st->longopts ? st->longopts : common_longopts;
	if (!o->name && o != common_end)	/* the applet's are done */
		o = common_longopts;
	return o->name ? o : NULL;
}

_Noreturn static void list_options(const struct opt_state *st)
{
	for (const struct opt_long *o = next_long(st, NULL); o; o = next_long(st, o))
		fmt_printf("--%s%s\n", o->name, o->has_arg == OPT_REQUIRED ? "=" :
			   o->has_arg == OPT_OPTIONAL ? "[=]" : "");
	for (const char *c = st->shortopts; *c; c++)
		if (*c != '+' && *c != ':')
			fmt_printf("-%c%s\n", *c, c[1] != ':' ? "" : c[2] == ':' ? "[=]" : "=");
	fmt_printf("-h\n-V\n");
	exit(0);
}

/* The common options' work, wherever they were found. */
static int common_option(int c)
{
	if (c == 'h' && opt_help)
		opt_help();
	if (c == 'V' && opt_version)
		opt_version();
	return c;
}

static int opt_long_match(struct opt_state *st, char *text)
{
	const struct opt_long *found = NULL;
	size_t len = strcspn(text, "=");
	char *value = text[len] == '=' ? text + len + 1 : NULL;
	bool ambiguous = false;

	if (!strcmp(text, "list-options"))
		list_options(st);
	for (const struct opt_long *o = next_long(st, NULL); o; o = next_long(st, o)) {
		if (strncmp(o->name, text, len))
			continue;
		if (strlen(o->name) == len) {	/* exact match wins */
			found = o;
			ambiguous = false;
			break;
		}
		if (!found)
			found = o;
		else if (found->val != o->val || found->has_arg != o->has_arg)
			ambiguous = true;
	}
	if (ambiguous) {
		char list[1024];
		struct strbuf sb = STRBUF_FIXED(list);
		for (const struct opt_long *o = next_long(st, NULL); o; o = next_long(st, o))
			if (!strncmp(o->name, text, len))
				sb_printf(&sb, " '--%s'", o->name);
		opt_fail(st, "option '--%s' is ambiguous; possibilities:%s", text, sb_str(&sb));
	}
	if (!found)
		opt_fail(st, "unrecognized option '--%s'", text);

	st->arg = NULL;
	if (found->has_arg == OPT_NOARG && value)
		opt_fail(st, "option '--%s' doesn't allow an argument", found->name);
	if (value)
		st->arg = value;
	else if (found->has_arg == OPT_REQUIRED) {
		if (st->ind >= st->argc)
			opt_fail(st, "option '--%s' requires an argument", found->name);
		st->arg = st->argv[st->ind++];
	}
	return common_option(found->val);
}

static int opt_short(struct opt_state *st)
{
	char *word = st->argv[st->ind];
	char c = word[st->next_char++];
	const char *spec = strchr(st->shortopts, c);
	bool last = word[st->next_char] == '\0';

	if (!spec && (c == 'h' || c == 'V')) {
		if (last) {
			st->ind++;
			st->next_char = 0;
		}
		st->arg = NULL;
		return common_option(c);
	}
	if (c == ':' || c == '+' || !spec) {
		if (last) {
			st->ind++;
			st->next_char = 0;
		}
		opt_fail(st, "invalid option -- '%c'", c);
	}
	st->arg = NULL;
	if (spec[1] != ':') {		/* no argument */
		if (last) {
			st->ind++;
			st->next_char = 0;
		}
		return c;
	}
	st->ind++;
	if (!last)			/* attached: -tPID, -mFILE */
		st->arg = word + st->next_char;
	else if (spec[2] != ':') {	/* required and separate: -t PID */
		if (st->ind >= st->argc)
			opt_fail(st, "option requires an argument -- '%c'", c);
		st->arg = st->argv[st->ind++];
	}
	st->next_char = 0;
	return c;
}

int opt_next(struct opt_state *st)
{
	bool permute = st->shortopts[0] != '+';

	if (st->next_char)
		return opt_short(st);
	for (;;) {
		if (st->ind >= st->argc)
			return opt_finish(st);
		char *word = st->argv[st->ind];
		if (!strcmp(word, "--")) {
			st->ind++;
			return opt_finish(st);
		}
		if (word[0] == '-' && word[1] != '\0')
			break;
		if (!permute)
			return opt_finish(st);
		st->operands = xgrow(st->operands, (size_t)st->noperands, sizeof *st->operands);
		st->operands[st->noperands++] = word;
		st->ind++;
	}
	char *word = st->argv[st->ind];
	if (word[1] == '-') {
		st->ind++;
		return opt_long_match(st, word + 2);
	}
	st->next_char = 1;
	return opt_short(st);
}
