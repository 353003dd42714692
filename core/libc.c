/* SPDX-License-Identifier: 0BSD */
/* The static build's stand-ins for musl's costlier pieces (and alloc.c). */
#include <unistd.h>

#ifdef NSBOX_OWN_MALLOC
/* The static build runs one thread and registers no atfork handlers:
 * musl's fork() adds to _Fork() only the locks and handlers threads need
 * (its pthread rwlock and futex wait code, about 1.2 KiB). */
pid_t fork(void)
{
	return _Fork();
}
#endif
