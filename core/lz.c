/* SPDX-License-Identifier: 0BSD */
/* The decoder of scripts/helppack's LZ stream (core/lz.h). */
#include "lz.h"

long lz_unpack(const unsigned char *in, size_t in_len, char *out, size_t cap)
{
	size_t len = 0;

	for (size_t i = 0; i < in_len; i++) {
		if (!(in[i] & 0x80)) {
			if (len == cap)
				return -1;
			out[len++] = (char)in[i];
			continue;
		}
		if (i + 1 == in_len)
			return -1;
		size_t copy = ((in[i] >> 4) & 7) + 3, back = ((in[i] & 15u) << 8 | in[i + 1]) + 1;
		i++;
		if (back > len || copy > cap - len)
			return -1;
		/* byte by byte: a copy may overlap what it writes */
		for (; copy; copy--, len++)
			out[len] = out[len - back];
	}
	return (long)len;
}
