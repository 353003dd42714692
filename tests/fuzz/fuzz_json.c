/* SPDX-License-Identifier: 0BSD */
/* The JSON reader with hostile state files (runtimes' config.v2.json,
 * config.json, containers.json): any input parses or is refused without
 * reading out of bounds; a parsed document's tokens nest properly, each
 * container spans its brackets, every string decodes to UTF-8 without NUL,
 * and lookups stay inside the document. */
#include "fuzz.h"
#include "json.h"

/* Valid UTF-8 (as RFC 3629), the whole length */
static int utf8_ok(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t len = s[i] < 0x80 ? 1 : (s[i] & 0xe0) == 0xc0 ? 2 : (s[i] & 0xf0) == 0xe0 ? 3 :
			     (s[i] & 0xf8) == 0xf0 ? 4 : 0;
		if (!len || i + len > n || (len == 2 && s[i] < 0xc2) || (len == 4 && s[i] > 0xf4))
			return 0;
		for (size_t k = 1; k < len; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
		i += len;
	}
	return 1;
}

static void check(const struct json *doc, size_t size)
{
	char buf[4096];
	uint64_t value;

	if (doc->n == 0 || doc->tok[0].next != doc->n)
		abort();
	for (uint32_t i = 0; i < doc->n; i++) {
		const struct json_tok *t = &doc->tok[i];
		if (t->next <= i || t->next > doc->n || (size_t)t->start + t->len > size || !t->len)
			abort();
		const char *s = doc->text + t->start;
		if ((t->type == JSON_OBJECT && (s[0] != '{' || s[t->len - 1] != '}')) ||
		    (t->type == JSON_ARRAY && (s[0] != '[' || s[t->len - 1] != ']')) ||
		    (t->type == JSON_STRING && (s[0] != '"' || s[t->len - 1] != '"' || t->len < 2)))
			abort();
		if (t->type < JSON_ARRAY && t->next != i + 1)
			abort();
		for (uint32_t c = i + 1; c < t->next; c = doc->tok[c].next)	/* children inside */
			if (doc->tok[c].start < t->start || doc->tok[c].start + doc->tok[c].len > t->start + t->len)
				abort();
		if (json_string(doc, (int)i, buf, sizeof buf) && (strlen(buf) >= sizeof buf ||
								  !utf8_ok((const unsigned char *)buf, strlen(buf))))
			abort();
		json_u64(doc, (int)i, &value);
		int m = json_member(doc, (int)i, "State");
		if (m >= 0 && (uint32_t)m >= doc->n)
			abort();
		m = json_element(doc, (int)i, 1);
		if (m >= 0 && (uint32_t)m >= doc->n)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct json doc = { 0 };

	if (json_parse(&doc, text, size) == 0)
		check(&doc, size);
	json_free(&doc);
	free(text);
	return 0;
}
