/* SPDX-License-Identifier: 0BSD */
/* pause: the one static program of a test's distroless container; it
 * waits for a signal (or 300 s, so that nothing outlives a test). */
#include <unistd.h>

int main(void)
{
	alarm(300);
	pause();
	return 0;
}
