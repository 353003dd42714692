/* SPDX-License-Identifier: 0BSD */
/* The table renderer with hostile cells and trees of any shape: the input
 * is rows (lines) of a parent index byte and cells split by tabs, printed
 * aligned (UTF-8 and ASCII, on a narrow terminal), raw and as JSON. */
#include "fmt.h"
#include "fuzz.h"
#include "table.h"

#include <fcntl.h>

static const struct column cols[] = {
	{ "NS", COL_RIGHT | COL_NUMBER, 10, "" }, { "COMMAND", COL_TREE | COL_TRUNC, 0, "" },
	{ "NSFS", COL_WRAPNL, 0, "" }, { "HOLDER", COL_LIST, 0, "" },
};

static void render(const char *text, int mode, bool utf8, size_t termwidth)
{
	const struct column *colp[] = { &cols[0], &cols[1], &cols[2], &cols[3] };
	struct table t;
	static char buf[4096];
	static int out = -1;
	char *copy = strdup(text);

	if (out < 0)	/* the table's output, buffered as nsbox's, thrown away */
		out_setup(out = open("/dev/null", O_WRONLY | O_CLOEXEC), buf, sizeof buf, false);
	if (!copy || out < 0)
		abort();
	table_init(&t, colp, 4, mode, "rows");
	t.utf8 = utf8;
	t.termwidth = termwidth;
	for (char *line = copy, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		int parent = (unsigned char)line[0] % 8 ? (int)t.nrows - (unsigned char)line[0] % 8 : -1;
		int row = table_add_row(&t, parent >= 0 ? parent : -1);
		char *cell = line[0] ? line + 1 : line;
		for (size_t c = 0; c < 4 && cell; c++) {
			char *tab = strchr(cell, '\t');
			if (tab)
				*tab++ = '\0';
			table_set(&t, row, c, cell);
			cell = tab;
		}
	}
	table_print(&t);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);

	render(text, TABLE_ALIGNED, true, 0);
	render(text, TABLE_ALIGNED, false, 40);
	render(text, TABLE_ALIGNED, true, 40);	/* wide characters at the cut */
	render(text, TABLE_RAW, true, 0);
	render(text, TABLE_JSON, true, 0);
	free(text);
	return 0;
}
