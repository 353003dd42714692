/* SPDX-License-Identifier: 0BSD */
/* Differential test of core/rx.c against glibc's regcomp/regexec (the
 * engine util-linux's lsns -Q uses): random POSIX ERE patterns over a small
 * alphabet, each compiled by both and, where both accept it, matched
 * against random texts. Built with the system compiler (glibc), not musl:
 * musl's TRE refuses a{,n} and collating symbols, and accepts ^*.
 *   rxdiff COUNT SEED     random patterns; prints each disagreement
 *   rxdiff -              PATTERN<TAB>TEXT lines from stdin
 * Prints "ok" (and the counts) and exits 0 when there was none. */
#include "rx.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		abort();
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		abort();
	return p;
}

void *xgrow(void *array, size_t n, size_t size)
{
	return n & (n - 1) ? array : xrealloc(array, (n ? 2 * n : 1) * size);
}

static unsigned long long state;
static long compiled, compared;

static unsigned rnd(unsigned n)
{
	state = state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(state >> 33) % n;
}

/* Pieces patterns are made of: every operator, also where it is an error. */
static const char *const pieces[] = {
	"a", "b", "a", "b", "c", ".", "[ab]", "[^a]", "[a-c]", "[[:alpha:]]", "[[:digit:]]",
	"[]a]", "[^]b]", "[[.a.]]", "[[=b=]]", "[a-]", "[[.a.]-c]", "^", "$", "(", ")", "(",
	")", "|", "*", "+", "?", "{0}", "{1}", "{2}", "{0,1}", "{1,}", "{,2}", "{2,3}", "{,}",
	"\\.", "\\*", "\\(", "-", "0", "{", "}", "[",
};

static int compare(const char *pattern, const char *const *texts, int ntexts)
{
	regex_t re;
	const char *why = NULL;
	int libc_bad = regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB);
	struct rx *rx = rx_compile(pattern, &why);
	int bad = 0;

	if (!rx != !!libc_bad) {
		printf("compile disagrees on /%s/: ours %s, glibc %s\n", pattern, rx ? "ok" : why,
		       libc_bad ? "error" : "ok");
		bad = 1;
	} else if (rx) {
		compiled++;
		compared += ntexts;
		for (int t = 0; t < ntexts; t++) {
			int ours = rx_match(rx, texts[t]), theirs = regexec(&re, texts[t], 0, NULL, 0) == 0;
			if (ours != theirs) {
				printf("match disagrees on /%s/ '%s': ours %d glibc %d\n", pattern, texts[t],
				       ours, theirs);
				bad = 1;
			}
		}
	}
	if (!libc_bad)
		regfree(&re);
	rx_free(rx);
	return bad;
}

static int from_stdin(void)
{
	char line[4096];
	int bad = 0;

	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		const char *text = tab + 1;
		bad |= compare(line, &text, 1);
	}
	return bad;
}

int main(int argc, char **argv)
{
	int bad = 0;

	if (argc == 2 && !strcmp(argv[1], "-"))
		bad = from_stdin();
	else if (argc == 3) {
		long count = atol(argv[1]);
		state = strtoull(argv[2], NULL, 10);
		for (long i = 0; i < count; i++) {
			char pattern[256] = "", texts[8][16];
			const char *tp[8];
			int npieces = 1 + (int)rnd(8);
			for (int p = 0; p < npieces; p++)
				strcat(pattern, pieces[rnd(sizeof pieces / sizeof *pieces)]);
			for (int t = 0; t < 8; t++) {
				int len = (int)rnd(10);
				for (int c = 0; c < len; c++)
					texts[t][c] = "abc.-0]"[rnd(t < 4 ? 2 : 7)];
				texts[t][len] = '\0';
				tp[t] = texts[t];
			}
			bad |= compare(pattern, tp, 8);
		}
	} else {
		fputs("usage: rxdiff COUNT SEED | rxdiff -\n", stderr);
		return 2;
	}
	if (!bad)
		printf("ok (%ld compiled by both, %ld matches compared)\n", compiled, compared);
	return bad;
}
