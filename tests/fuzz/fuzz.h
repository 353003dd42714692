/* SPDX-License-Identifier: 0BSD */
/* What the libFuzzer harnesses share: nsbox's core linked as it is, its
 * dying calls caught so that a usage error ends one input, not the run. */
#ifndef NSBOX_FUZZ_H
#define NSBOX_FUZZ_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A NUL-terminated copy of the input. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	return text;
}

#endif
