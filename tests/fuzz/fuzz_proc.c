/* SPDX-License-Identifier: 0BSD */
/* The /proc text nsbox parses from processes it does not trust: stat (a
 * comm with spaces and parentheses), status fields, cgroup paths (the
 * CONTAINER column). */
#include "fuzz.h"
#include "proc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct proc_stat st;

	if (proc_parse_stat(text, &st) == 0 && strlen(st.comm) >= sizeof st.comm)
		abort();
	proc_status_field(text, "Uid");
	proc_status_field(text, "NSpid");
	free(cgroup_container(text));
	free(text);
	return 0;
}
