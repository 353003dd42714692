/* SPDX-License-Identifier: 0BSD */
/* -Q: parse an expression (the input's first line) and evaluate it over
 * hostile rows (the following lines, cells split by tabs). */
#include "filter.h"
#include "fuzz.h"

static const struct column cols[] = {
	{ "NS", COL_NUMBER, 0, "" }, { "TYPE", 0, 0, "" }, { "COMMAND", 0, 0, "" },
	{ "HOLDER", COL_LIST, 0, "" },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *error = NULL;
	char *rows = strchr(text, '\n');

	if (rows)
		*rows++ = '\0';
	struct filter *f = filter_parse(text, cols, 4, &error);
	if (!f) {
		if (!error || strncmp(error, "failed to parse \"", 17))
			abort();	/* every error says what failed */
		free(error);
		free(text);
		return 0;
	}
	for (char *row = rows, *next; row; row = next) {
		char *vals[4] = { 0 };
		next = strchr(row, '\n');
		if (next)
			*next++ = '\0';
		for (int c = 0; c < 4 && row; c++) {
			vals[c] = row;
			row = strchr(row, '\t');
			if (row)
				*row++ = '\0';
		}
		filter_match(f, vals);
	}
	filter_free(f);
	free(text);
	return 0;
}
