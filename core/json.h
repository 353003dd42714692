/* SPDX-License-Identifier: 0BSD */
/* A small strict JSON reader for state files that runtimes write and
 * containers may have tampered with: RFC 8259 only (no comments, trailing
 * commas, NaN or lone surrogates), UTF-8 checked, bounded in size, depth
 * and tokens, parsed by a loop with an explicit stack (no recursion). */
#ifndef NSBOX_JSON_H
#define NSBOX_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

#define JSON_MAX_DEPTH 64
#define JSON_MAX_TOKENS 65536

struct json_tok {
	uint32_t start, len;	/* the token's bytes in the text (strings with quotes) */
	uint32_t next;		/* the first token after this one and its children */
	uint8_t type;
};

struct json {
	const char *text;
	struct json_tok *tok;	/* tok[0] is the document's value */
	uint32_t n, cap;
};

/* Parse text[0..len). 0, or -EINVAL (not JSON), -ELOOP (nested deeper
 * than JSON_MAX_DEPTH), -E2BIG (more than JSON_MAX_TOKENS values). The
 * text must outlive doc. doc starts zeroed; parsing again into it reuses
 * its tokens' memory; json_free() frees them (also after an error). */
int json_parse(struct json *doc, const char *text, size_t len);
void json_free(struct json *doc);
/* The value of member KEY of object token obj; -1 when obj is not an
 * object or has no such member (the last one wins, as in most readers). */
int json_member(const struct json *doc, int obj, const char *key);
/* The i-th element's token of array token arr, -1 past the end. */
int json_element(const struct json *doc, int arr, uint32_t i);
/* A string token decoded into buf (NUL-terminated). false when tok is not
 * a string, holds \u0000, or does not fit. */
bool json_string(const struct json *doc, int tok, char *buf, size_t size);
/* A non-negative integer token (no fraction or exponent); false else. */
bool json_u64(const struct json *doc, int tok, uint64_t *value);

#endif
