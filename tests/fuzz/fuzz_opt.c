/* SPDX-License-Identifier: 0BSD */
/* The option parser with each applet's real option table (from the
 * registry): the input is an argv, words split by NULs. A usage error
 * (die_usage, caught through the linker's --wrap) ends one input. */
#include "fuzz.h"
#include "opt.h"
#include "applets.h"

static jmp_buf usage_error;

void __wrap_die_usage(const char *fmt, ...)
{
	(void)fmt;
	longjmp(usage_error, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *argv[64];
	int argc = 1;

	if (size < 1 || memmem(data, size, "list-options", 12))
		return 0;	/* it prints and exits, by design */
	const struct applet *applet = nsbox_registry.applets[data[0] % nsbox_registry.count];
	text = fuzz_text(data + 1, size - 1);
	argv[0] = (char *)applet->name;
	for (char *w = text; argc < 63 && w < text + size - 1; w += strlen(w) + 1)
		argv[argc++] = w;
	argv[argc] = NULL;

	struct opt_state st;
	opt_init(&st, argc, argv, applet->shortopts, applet->longopts);
	if (setjmp(usage_error) == 0) {
		int c;
		while ((c = opt_next(&st)) != -1)
			if (st.arg && !memchr(st.arg, '\0', 1) && strlen(st.arg) > size)
				abort();
		/* the operands are argv's last words, in their order */
		if (st.ind < 1 || st.ind > argc)
			abort();
	}
	free(st.operands);
	free(text);
	return 0;
}
