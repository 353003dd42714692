/* SPDX-License-Identifier: 0BSD */
/* The printf-style formatter against libc's snprintf, on the conversions
 * nsbox uses: the input picks flags, width, precision, a conversion and
 * its argument; any difference is a crash. First, once, the display width
 * of every code point against glibc's wcwidth(). */
#include "fmt.h"
#include "fuzz.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>
#include <wctype.h>

static size_t utf8_encode(uint32_t cp, unsigned char *s)
{
	size_t len = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;

	s[0] = (unsigned char)((0xf00 >> len) | (cp >> (6 * (len - 1))));
	for (size_t i = 1; i < len; i++)
		s[i] = 0x80 | ((cp >> (6 * (len - 1 - i))) & 0x3f);
	s[len] = '\0';
	return len;
}

/* Every code point from U+00A0 that glibc prints takes, as a table cell,
 * the columns glibc's wcwidth() gives it in C.UTF-8 (util-linux pads by
 * them); U+2028/9 and surrogates are escaped. A difference: this glibc has
 * another Unicode than core/wcwidth.h (run scripts/gen-wcwidth), or the
 * lookup is wrong. (What glibc does not print is escaped in long stretches
 * and takes a neighbour's width in short gaps: not checked here.) */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!setlocale(LC_CTYPE, "C.UTF-8")) {
		fprintf(stderr, "fuzz_fmt: no C.UTF-8 locale here: the widths are not checked\n");
		return 0;
	}
	for (uint32_t cp = 0xa0; cp < 0x110000; cp++) {
		unsigned char s[5];
		unsigned cols = 9;
		size_t len = utf8_encode(cp, s), shown = utf8_shown(s, &cols);
		bool escaped = (cp >= 0xd800 && cp <= 0xdfff) || cp == 0x2028 || cp == 0x2029;
		if (escaped ? shown != 0 : iswprint(cp) && wcwidth(cp) >= 0 &&
		    (shown != len || cols != (unsigned)wcwidth(cp))) {
			fprintf(stderr, "U+%04X: nsbox %zu bytes, %u columns; glibc %d columns\n",
				(unsigned)cp, shown, cols, wcwidth(cp));
			abort();
		}
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const convs[] = { "d", "i", "u", "x", "ld", "lu", "lld", "llu", "zu", "jd",
					     "c", "s", "%" };
	char spec[32], ours[256], theirs[256];
	uint64_t value = 0;

	if (size < 6)
		return 0;
	for (size_t i = 0; i < 8 && 5 + i < size; i++)
		value = value << 8 | data[5 + i];
	const char *conv = convs[data[0] % (sizeof convs / sizeof *convs)];
	const char *flag = (const char *[]){ "", "-", "0", "-0" }[data[1] % 4];
	int width = data[2] % 40, prec = data[3] % 20;
	bool has_width = data[4] & 1, has_prec = data[4] & 2;
	snprintf(spec, sizeof spec, "[%%%s%.0d%s%.0d%s]", flag, has_width ? width : 0,
		 has_prec ? "." : "", has_prec ? prec : 0, conv);
	/* precision with integers and '0' with '-' or precision: nsbox's
	 * callers never combine them, and C leaves some undefined */
	if (has_prec && strchr("diuxl jz", conv[0]))
		return 0;
	if (!strcmp(conv, "%") && (has_width || has_prec || *flag))
		return 0;
	if (!strcmp(conv, "c") && (has_prec || strchr(flag, '0')))
		return 0;
	const char *str = size > 13 ? (const char *)data + 13 : "";
	char strbuf[64];
	snprintf(strbuf, sizeof strbuf, "%.*s", (int)(size > 13 ? size - 13 : 0), str);
	size_t cut = data[4] >> 2;	/* also a buffer too small */
	int n1, n2;
#define BOTH(...) (n1 = fmt_snprintf(ours, cut % sizeof ours + 1, spec, __VA_ARGS__), \
		   n2 = snprintf(theirs, cut % sizeof ours + 1, spec, __VA_ARGS__))
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (!strcmp(conv, "s"))
		BOTH(strbuf);
	else if (!strcmp(conv, "c"))
		BOTH((int)(value & 0x7f) | 1);
	else if (!strcmp(conv, "%"))
		BOTH(0);
	else if (conv[0] == 'd' || conv[0] == 'i')
		BOTH((int)value);
	else if (conv[0] == 'u' || conv[0] == 'x')
		BOTH((unsigned)value);
	else if (!strcmp(conv, "ld"))
		BOTH((long)value);
	else if (!strcmp(conv, "lu"))
		BOTH((unsigned long)value);
	else if (!strcmp(conv, "lld"))
		BOTH((long long)value);
	else if (!strcmp(conv, "llu"))
		BOTH((unsigned long long)value);
	else if (!strcmp(conv, "zu"))
		BOTH((size_t)value);
	else
		BOTH((intmax_t)value);
	if (n1 != n2 || strcmp(ours, theirs)) {
		fprintf(stderr, "%s: ours %d [%s], libc %d [%s]\n", spec, n1, ours, n2, theirs);
		abort();
	}
	return 0;
}
