/* SPDX-License-Identifier: 0BSD */
/* Unpacking the LZ stream that scripts/helppack writes (the applets' help
 * texts, packed at build time: 10 KiB of text in under 5 KiB). */
#ifndef NSBOX_LZ_H
#define NSBOX_LZ_H

#include <stddef.h>

/* A byte below 0x80 is itself; 1LLLOOOO OOOOOOOO copies L+3 bytes from
 * O+1 bytes back. Writes at most `cap` bytes to out and returns how many,
 * or -1 when the stream refers before its start or does not fit. */
long lz_unpack(const unsigned char *in, size_t in_len, char *out, size_t cap);

#endif
