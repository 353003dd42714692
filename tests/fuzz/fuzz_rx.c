/* SPDX-License-Identifier: 0BSD */
/* The regex engine against glibc's regcomp/regexec (util-linux's): the
 * input is PATTERN, a NUL, TEXT. Any disagreement is a crash. Patterns
 * that use GNU extensions (\w, \<, \1 ...), or counts over 9, more than
 * one {}, more than three quantifiers, or a quantifier on a quantifier
 * (glibc's compile is exponential in nested repetitions), are passed over;
 * so are patterns over our size and depth limits. So are texts with a
 * newline for patterns with an anchor: glibc lets ^ match after and $
 * before a newline inside a pattern (a$. matches "a\nb", a$ does not),
 * even without REG_NEWLINE; nsbox keeps POSIX's ^ and $ (start and end of
 * the text), a difference found by this harness and kept on purpose. */
#include "fuzz.h"
#include "rx.h"

#include <ctype.h>
#include <regex.h>
#include <stdio.h>

static int is_quantifier(char c)
{
	return c && strchr("*+?{", c);
}

static int outside_the_comparison(const char *pattern)
{
	int braces = 0, quantifiers = 0;

	for (const char *p = pattern; *p; p++) {
		if (*p == '{' && ++braces > 1)
			return 1;
		if (is_quantifier(*p) && ++quantifiers > 3)
			return 1;
		/* a quantifier on a quantifier: (){6,}+ */
		if (is_quantifier(*p) && p > pattern && (is_quantifier(p[-1]) || p[-1] == '}'))
			return 1;
		if (p[0] == '\\' && p[1] && (isalnum((unsigned char)p[1]) || strchr("`'<>", p[1])))
			return 1;
		if (p[0] == '{' && p[1] && p[2] && isdigit((unsigned char)p[1 + (p[1] == ',')]) &&
		    isdigit((unsigned char)p[2 + (p[1] == ',')]))
			return 1;	/* a count of two digits */
		if (p[0] == ',' && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]))
			return 1;
		if ((unsigned char)*p >= 0x80)	/* bytes, not characters: C locale only */
			return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *pattern = fuzz_text(data, size > 256 ? 256 : size);
	size_t plen = strlen(pattern);
	const char *text = plen < size ? (const char *)data + plen + 1 : "";
	char *textcopy = fuzz_text((const uint8_t *)text, plen < size ? size - plen - 1 : 0);
	const char *why = NULL;
	regex_t re;

	if (outside_the_comparison(pattern) || (strchr(textcopy, '\n') && strpbrk(pattern, "^$"))) {
		free(pattern);
		free(textcopy);
		return 0;
	}
	struct rx *rx = rx_compile(pattern, &why);
	int theirs_bad = regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB);
	if (!rx && !theirs_bad && (strstr(why, "too big") || strstr(why, "too deeply") ||
				   strstr(why, "too many"))) {
		regfree(&re);	/* our limits, not a disagreement */
		free(pattern);
		free(textcopy);
		return 0;
	}
	if (!rx != !!theirs_bad) {
		fprintf(stderr, "compile disagrees on /%s/: ours %s, glibc %s\n", pattern,
			rx ? "ok" : why, theirs_bad ? "error" : "ok");
		abort();
	}
	if (rx) {
		int ours = rx_match(rx, textcopy), glibc = regexec(&re, textcopy, 0, NULL, 0) == 0;
		if (ours != glibc) {
			fprintf(stderr, "match disagrees on /%s/ '%s': ours %d glibc %d\n", pattern, textcopy,
				ours, glibc);
			abort();
		}
		rx_free(rx);
		regfree(&re);
	}
	free(pattern);
	free(textcopy);
	return 0;
}
