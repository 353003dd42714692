/* SPDX-License-Identifier: 0BSD */
/* A strict JSON reader: tokens in one array, containers on a bounded stack. */
#include "json.h"
#include "err.h"
#include "num.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The 4 hex digits at s (bounds checked by the caller); -1 when not hex. */
static long hex4(const char *s)
{
	long v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hex_digit(s[i]);
		if (h < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

/* Length of the UTF-8 sequence at s (at most n bytes), 0 when invalid:
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3 :
		     s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
	if (!len || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return len;
}

/* The end of the string that starts with the quote at s[i], or 0. */
static size_t scan_string(const char *s, size_t len, size_t i)
{
	for (i++; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"')
			return i + 1;
		if (c < 0x20)
			return 0;
		if (c != '\\') {
			size_t n = utf8_len((const unsigned char *)s + i, len - i);
			if (!n)
				return 0;
			i += n;
			continue;
		}
		if (i + 1 >= len)
			return 0;
		if (!strchr("\"\\/bfnrtu", s[i + 1]) || !s[i + 1])
			return 0;
		if (s[i + 1] != 'u') {
			i += 2;
			continue;
		}
		long u = i + 6 <= len ? hex4(s + i + 2) : -1;
		if (u < 0 || (u >= 0xdc00 && u <= 0xdfff))
			return 0;	/* a low surrogate must follow a high one */
		i += 6;
		if (u >= 0xd800 && u <= 0xdbff) {
			long low = i + 6 <= len && s[i] == '\\' && s[i + 1] == 'u' ? hex4(s + i + 2) : -1;
			if (low < 0xdc00 || low > 0xdfff)
				return 0;
			i += 6;
		}
	}
	return 0;
}

static size_t scan_digits(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* The end of the number or literal at s[i], or 0; its type in *type. */
static size_t scan_scalar(const char *s, size_t len, size_t i, uint8_t *type)
{
	static const char *const words[] = { "null", "false", "true" };
	for (int w = 0; w < 3; w++) {
		size_t n = strlen(words[w]);
		if (len - i >= n && !memcmp(s + i, words[w], n)) {
			*type = (uint8_t)(JSON_NULL + w);
			return i + n;
		}
	}
	*type = JSON_NUMBER;
	size_t start = i += i < len && s[i] == '-', end = scan_digits(s, len, i);
	if (end == start || (s[start] == '0' && end > start + 1))
		return 0;
	if (end < len && s[end] == '.') {
		size_t frac = scan_digits(s, len, end + 1);
		if (frac == end + 1)
			return 0;
		end = frac;
	}
	if (end < len && (s[end] | 0x20) == 'e') {
		size_t exp = end + 1 + (end + 1 < len && (s[end + 1] == '+' || s[end + 1] == '-'));
		end = scan_digits(s, len, exp);
		if (end == exp)
			return 0;
	}
	return end;
}

static int add_token(struct json *doc, uint8_t type, size_t start, size_t end)
{
	if (doc->n >= JSON_MAX_TOKENS)
		return -E2BIG;
	if (doc->n == doc->cap) {
		doc->cap = doc->cap ? 2 * doc->cap : 256;
		doc->tok = xrealloc(doc->tok, doc->cap * sizeof *doc->tok);
	}
	doc->tok[doc->n] = (struct json_tok){ (uint32_t)start, (uint32_t)(end - start), doc->n + 1, type };
	return (int)doc->n++;
}

static size_t skip_ws(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

enum { WANT_VALUE, WANT_VALUE_OR_END, WANT_KEY, WANT_KEY_OR_END, WANT_NEXT };

int json_parse(struct json *doc, const char *s, size_t len)
{
	int stack[JSON_MAX_DEPTH], depth = 0, state = WANT_VALUE;

	*doc = (struct json){ .text = s, .tok = doc->tok, .cap = doc->cap };
	if (len > UINT32_MAX)
		return -E2BIG;
	for (size_t i = skip_ws(s, len, 0);; i = skip_ws(s, len, i)) {
		char c = i < len ? s[i] : '\0';
		int top = depth ? stack[depth - 1] : -1, rc;
		bool in_object = top >= 0 && doc->tok[top].type == JSON_OBJECT;

		if (state == WANT_NEXT && !depth)
			return i == len ? 0 : -EINVAL;
		if (state == WANT_NEXT && c == ',') {
			state = in_object ? WANT_KEY : WANT_VALUE;
			i++;
		} else if ((state == WANT_NEXT || state == WANT_VALUE_OR_END || state == WANT_KEY_OR_END) &&
			   c == (in_object ? '}' : ']') && top >= 0) {
			doc->tok[top].len = (uint32_t)(i + 1 - doc->tok[top].start);
			doc->tok[top].next = doc->n;
			depth--;
			state = WANT_NEXT;
			i++;
		} else if (state == WANT_NEXT || i >= len) {
			return -EINVAL;
		} else if (state == WANT_KEY || state == WANT_KEY_OR_END) {
			size_t end = c == '"' ? scan_string(s, len, i) : 0;
			if (!end)
				return -EINVAL;
			if ((rc = add_token(doc, JSON_STRING, i, end)) < 0)
				return rc;
			i = skip_ws(s, len, end);
			if (i >= len || s[i] != ':')
				return -EINVAL;
			i++;
			state = WANT_VALUE;
		} else if (c == '{' || c == '[') {
			if (depth == JSON_MAX_DEPTH)
				return -ELOOP;
			if ((rc = add_token(doc, c == '{' ? JSON_OBJECT : JSON_ARRAY, i, i + 1)) < 0)
				return rc;
			stack[depth++] = rc;
			state = c == '{' ? WANT_KEY_OR_END : WANT_VALUE_OR_END;
			i++;
		} else {
			uint8_t type = JSON_STRING;
			size_t end = c == '"' ? scan_string(s, len, i) : scan_scalar(s, len, i, &type);
			if (!end)
				return -EINVAL;
			if ((rc = add_token(doc, type, i, end)) < 0)
				return rc;
			state = WANT_NEXT;
			i = end;
		}
	}
}

void json_free(struct json *doc)
{
	free(doc->tok);
	*doc = (struct json){ 0 };
}

int json_member(const struct json *doc, int obj, const char *key)
{
	char name[256];
	int found = -1;

	if (obj < 0 || (uint32_t)obj >= doc->n || doc->tok[obj].type != JSON_OBJECT)
		return -1;
	for (uint32_t k = (uint32_t)obj + 1; k < doc->tok[obj].next; k = doc->tok[k + 1].next)
		if (json_string(doc, (int)k, name, sizeof name) && !strcmp(name, key))
			found = (int)k + 1;
	return found;
}

int json_element(const struct json *doc, int arr, uint32_t i)
{
	if (arr < 0 || (uint32_t)arr >= doc->n || doc->tok[arr].type != JSON_ARRAY)
		return -1;
	for (uint32_t e = (uint32_t)arr + 1; e < doc->tok[arr].next; e = doc->tok[e].next)
		if (!i--)
			return (int)e;
	return -1;
}

/* Append code point u as UTF-8; false when it does not fit. */
static bool put_utf8(char *buf, size_t size, size_t *n, unsigned long u)
{
	unsigned char out[4];
	size_t len = u < 0x80 ? 1 : u < 0x800 ? 2 : u < 0x10000 ? 3 : 4;
	static const unsigned char lead[] = { 0, 0, 0xc0, 0xe0, 0xf0 };

	for (size_t i = len; i-- > 1; u >>= 6)
		out[i] = (unsigned char)(0x80 | (u & 0x3f));
	out[0] = (unsigned char)(lead[len] | u);
	if (*n + len >= size)
		return false;
	memcpy(buf + *n, out, len);
	*n += len;
	return true;
}

bool json_string(const struct json *doc, int tok, char *buf, size_t size)
{
	if (tok < 0 || (uint32_t)tok >= doc->n || doc->tok[tok].type != JSON_STRING || !size)
		return false;
	const char *s = doc->text + doc->tok[tok].start + 1, *end = s + doc->tok[tok].len - 2;
	size_t n = 0;

	while (s < end) {	/* the parser checked every escape */
		unsigned long u = (unsigned char)*s++;
		if (u == '\\') {
			char e = *s++;
			const char *p = strchr("b\bf\fn\nr\rt\t", e);
			u = e == 'u' ? (unsigned long)hex4(s) : p ? (unsigned char)p[1] : (unsigned char)e;
			if (e == 'u')
				s += 4;
			if (u >= 0xd800 && u <= 0xdbff) {
				u = 0x10000 + ((u - 0xd800) << 10) + ((unsigned long)hex4(s + 2) - 0xdc00);
				s += 6;
			}
			if (!u || !put_utf8(buf, size, &n, u))
				return false;
		} else {
			if (n + 1 >= size)
				return false;
			buf[n++] = (char)u;
		}
	}
	buf[n] = '\0';
	return true;
}

bool json_u64(const struct json *doc, int tok, uint64_t *value)
{
	if (tok < 0 || (uint32_t)tok >= doc->n || doc->tok[tok].type != JSON_NUMBER)
		return false;
	const char *s = doc->text + doc->tok[tok].start;
	uint64_t v = 0;

	for (uint32_t i = 0; i < doc->tok[tok].len; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*value = v;
	return true;
}
