/* SPDX-License-Identifier: 0BSD */
/* Command-line parsing with glibc getopt_long's conventions and messages,
 * so that nsbox's applets parse and complain exactly as util-linux's do
 * (musl's getopt words its errors differently). Usage errors print the
 * message and "Try 'APPLET --help' for more information." and exit 1. */
#ifndef NSBOX_OPT_H
#define NSBOX_OPT_H

enum { OPT_NOARG, OPT_REQUIRED, OPT_OPTIONAL };

struct opt_long {
	const char *name;
	int has_arg;
	int val;
};

struct opt_state {
	int argc;
	char **argv;
	const char *shortopts;            /* getopt syntax; leading '+' stops at the first operand */
	const struct opt_long *longopts;  /* terminated by a NULL name */
	int ind;                          /* next argv index; after -1: first operand */
	const char *arg;                  /* the current option's argument or NULL */
	int next_char;                    /* position inside a cluster of short options */
	char **operands;                  /* operands skipped while permuting */
	int noperands;
};

void opt_init(struct opt_state *st, int argc, char **argv, const char *shortopts,
	      const struct opt_long *longopts);

/* -h/--help and -V/--version belong to every applet: opt_next() handles
 * them itself, wherever they stand among the options, by calling these
 * (set once by dispatch; they do not return). Applets list them nowhere.
 * So does --list-options (exact, hidden): every option the applet takes,
 * one a line, for tests and shell completion. */
extern void (*opt_help)(void);
extern void (*opt_version)(void);
/* The next option's value, or -1 when options end; then argv[st->ind ..
 * argc-1] are the operands, in their order. */
int opt_next(struct opt_state *st);

#endif
