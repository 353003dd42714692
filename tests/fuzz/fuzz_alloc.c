/* SPDX-License-Identifier: 0BSD */
/* The static build's malloc (core/alloc.c, built here as alloc_test_*)
 * against a model: each input is a sequence of malloc, calloc, realloc and
 * free on a few slots; every block is filled with its own byte, which must
 * survive until it is freed (an overlap or a lost copy is a crash). */
#include "fuzz.h"

#include <stdint.h>

void *alloc_test_malloc(size_t n);
void *alloc_test_calloc(size_t count, size_t size);
void *alloc_test_realloc(void *p, size_t n);
void alloc_test_free(void *p);

#define SLOTS 16

struct slot {
	unsigned char *p;
	size_t n;
	unsigned char fill;
};

static void check(const struct slot *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->p[i] != s->fill)
			abort();
	if ((uintptr_t)s->p % 16)
		abort();
}

/* A size from two input bytes: mostly small, sometimes past the largest
 * class (64 KiB) and across page boundaries. */
static size_t pick_size(const uint8_t *d)
{
	size_t base = (size_t)d[0] << 8 | d[1];
	switch (d[0] & 3) {
	case 0: return base & 63;
	case 1: return base & 4095;
	case 2: return base * 3;		/* up to ~192 KiB */
	default: return 65536 - 32 + (base & 63);	/* the class boundary */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct slot slots[SLOTS] = { 0 };
	unsigned char next_fill = 1;

	for (size_t at = 0; at + 3 <= size; at += 3) {
		struct slot *s = &slots[data[at] % SLOTS];
		size_t n = pick_size(data + at + 1);
		int op = data[at] / SLOTS % 4;

		if (s->p)
			check(s);
		if (op == 3 || (s->p && op != 2)) {	/* free */
			alloc_test_free(s->p);
			s->p = NULL;
			s->n = 0;
			continue;
		}
		if (op == 2) {			/* realloc keeps the shorter length */
			unsigned char *q = alloc_test_realloc(s->p, n);
			if (!q)
				abort();
			s->p = q;
			if (n < s->n)
				s->n = n;
			check(s);
		} else {
			s->p = op ? alloc_test_calloc(1, n) : alloc_test_malloc(n);
			if (!s->p)
				abort();
			if (op)
				for (size_t i = 0; i < n; i++)
					if (s->p[i])
						abort();
			s->n = 0;
		}
		s->fill = next_fill++;
		memset(s->p, s->fill, n);
		s->n = n;
	}
	for (int i = 0; i < SLOTS; i++)
		if (slots[i].p) {
			check(&slots[i]);
			alloc_test_free(slots[i].p);
		}
	/* calloc's overflow check */
	if (alloc_test_calloc(SIZE_MAX / 2, 3))
		abort();
	return 0;
}
