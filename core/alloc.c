/* SPDX-License-Identifier: 0BSD */
/* malloc for the static build: power-of-two classes carved from mmap'd
 * arenas, large blocks straight from mmap. nsbox is single-threaded and
 * short-lived, so this replaces musl's mallocng (7 KiB of the binary) with
 * well under 1 KiB. Sanitizer and fuzz builds keep their libc's malloc;
 * tests/fuzz/fuzz_alloc.c drives this one under ASan as ALLOC_TEST. */
#if defined(NSBOX_OWN_MALLOC) || defined(ALLOC_TEST)

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#ifdef ALLOC_TEST
#define ALLOC_NAME(name) alloc_test_##name
#else
#define ALLOC_NAME(name) name
#endif

/* Every block starts with a header that keeps the user pointer 16-byte
 * aligned: a small block's class (0..CLASSES-1), or a large block's mapped
 * length (always a multiple of the page size, so never a class number). */
#define HEADER 16
#define MIN_SHIFT 5			/* the smallest block: 32 bytes */
#define CLASSES 12			/* up to 32 << 11 = 64 KiB */
#define ARENA (256 * 1024)
#define PAGE 4096

union header {
	size_t size;			/* the class, or the mapped length */
	char align[HEADER];
};

struct free_block {
	struct free_block *next;
};

static struct free_block *free_lists[CLASSES];
static char *arena_next, *arena_end;

static size_t class_size(size_t class)
{
	return (size_t)1 << (class + MIN_SHIFT);
}

static void *map(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* A fresh block of one class from the current arena (a new arena when it
 * is used up: the rest of the old one is never touched, so costs no RSS). */
static void *carve(size_t class)
{
	size_t size = class_size(class);

	if ((size_t)(arena_end - arena_next) < size) {
		char *arena = map(ARENA);
		if (!arena)
			return NULL;
		arena_next = arena;
		arena_end = arena + ARENA;
	}
	void *block = arena_next;
	arena_next += size;
	return block;
}

static union header *header_of(void *p)
{
	return (union header *)((char *)p - HEADER);
}

/* A block for n bytes, its header filled in; NULL with errno ENOMEM. */
static union header *block_alloc(size_t n)
{
	union header *h;

	if (n > PTRDIFF_MAX - HEADER - PAGE) {
		errno = ENOMEM;
		return NULL;
	}
	size_t need = n + HEADER, class = 0;
	while (class < CLASSES && class_size(class) < need)
		class++;
	if (class == CLASSES) {
		size_t len = (need + PAGE - 1) & ~(size_t)(PAGE - 1);
		h = map(len);
		if (!h)
			goto nomem;
		h->size = len;
	} else if (free_lists[class]) {
		h = (union header *)free_lists[class];
		free_lists[class] = free_lists[class]->next;
		h->size = class;
	} else {
		h = carve(class);
		if (!h)
			goto nomem;
		h->size = class;
	}
	return h;
nomem:
	errno = ENOMEM;
	return NULL;
}

void *ALLOC_NAME(malloc)(size_t n)
{
	union header *h = block_alloc(n);
	return h ? (char *)h + HEADER : NULL;
}

void ALLOC_NAME(free)(void *p)
{
	if (!p)
		return;
	union header *h = header_of(p);
	if (h->size >= CLASSES) {
		munmap(h, h->size);
		return;
	}
	struct free_block *block = (struct free_block *)h;
	size_t class = h->size;
	block->next = free_lists[class];
	free_lists[class] = block;
}

/* What a block can hold. */
static size_t usable(union header *h)
{
	return (h->size >= CLASSES ? h->size : class_size(h->size)) - HEADER;
}

void *ALLOC_NAME(realloc)(void *p, size_t n)
{
	if (!p)
		return ALLOC_NAME(malloc)(n);
	union header *h = header_of(p);
	size_t have = usable(h);

	if (n <= have && (h->size >= CLASSES || n > have / 4))
		return p;
	/* a large block grows (or shrinks a lot) in place or by moving pages */
	if (h->size >= CLASSES && n > class_size(CLASSES - 1) && n <= PTRDIFF_MAX - HEADER - PAGE) {
		size_t len = (n + HEADER + PAGE - 1) & ~(size_t)(PAGE - 1);
		void *moved = mremap(h, h->size, len, MREMAP_MAYMOVE);
		if (moved == MAP_FAILED) {
			errno = ENOMEM;
			return NULL;
		}
		h = moved;
		h->size = len;
		return (char *)h + HEADER;
	}
	void *q = ALLOC_NAME(malloc)(n);
	if (!q)
		return NULL;
	memcpy(q, p, n < have ? n : have);
	ALLOC_NAME(free)(p);
	return q;
}

void *ALLOC_NAME(calloc)(size_t count, size_t size)
{
	size_t n;

	if (__builtin_mul_overflow(count, size, &n)) {
		errno = ENOMEM;
		return NULL;
	}
	union header *h = block_alloc(n);
	if (!h)
		return NULL;
	/* fresh mappings are zero already; a recycled block may not be */
	if (h->size < CLASSES)
		memset((char *)h + HEADER, 0, n);
	return (char *)h + HEADER;
}

#endif
