/* SPDX-License-Identifier: 0BSD */
/* printf-style formatting for nsbox: %s %c %d %i %u %x %% with the flags
 * '-' and '0', a width and a precision (digits or '*'), and the length
 * modifiers l, ll, z, j, h. No floating point: libc's printf brings ~11 KiB
 * of it into a static binary, a quarter of nsbox's own code. */
#ifndef NSBOX_FMT_H
#define NSBOX_FMT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* As vsnprintf/snprintf: the full length, output cut to size-1 and NUL-ended. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* To standard output (buffered with the rest of it: out_write), or to an fd. */
int fmt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fmt_dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Standard output, buffered here (musl's stdio cost 2.3 KiB): output that
 * fits in the buffer goes out in one write at out_flush() or exit; with
 * by_line (a terminal) each write up to its last newline goes out at once.
 * out_write: 0, or -1 with errno when a write failed (what was buffered is
 * dropped, as stdio does). out_flush: the same for what is buffered.
 * out_failed: the errno of the first write that failed, 0 if none (EPIPE,
 * a reader gone, even where SIGPIPE is ignored). out_setup: the fd (1 until
 * then), its buffer and line mode. */
int out_write(const void *data, size_t len);
int out_puts(const char *text);
int out_flush(void);
int out_failed(void);
void out_setup(int fd, char *buf, size_t size, bool by_line);

/* The one escaping of text that others chose (a process's name, a path, a
 * cgroup), for the table and for every message: libsmartcols' rule. A byte
 * that does not show as itself (a control byte, DEL, a byte that is not
 * printable UTF-8, any non-ASCII byte without ESC_UTF8) becomes \xHH, and
 * so does a backslash before an 'x'; ESC_RAW (lsns -r) also escapes blanks
 * and every backslash; ESC_LIST (a table's list cell) escapes whatever byte
 * follows an ESC_LIST_BYTE, which itself is dropped. Writes at most
 * size - 1 bytes and a NUL to out (never part of an escape), or only
 * measures (out NULL); returns the length, and the display width in *width
 * (when not NULL). */
enum { ESC_RAW = 1, ESC_UTF8 = 2, ESC_LIST = 4 };
#define ESC_LIST_BYTE '\x1e'

size_t fmt_escape(const char *text, unsigned mode, char *out, size_t size, size_t *width);
/* Length of the valid UTF-8 sequence at s that encodes a character past
 * the C1 controls, or 0 (what JSON output passes as it is). */
size_t utf8_printable(const unsigned char *s);
/* The same for a table or a message, where U+2028/9 are escaped too, and
 * the columns the character takes in *cols (0, 1 or 2: glibc's wcwidth(),
 * by which util-linux pads). */
size_t utf8_shown(const unsigned char *s, unsigned *cols);
/* Does the locale (LC_ALL, LC_CTYPE, LANG) name UTF-8? */
bool locale_is_utf8(void);

/* A string built by appending: either a fixed buffer that clamps (what does
 * not fit is dropped and `truncated` set; it never writes past its end) or,
 * from STRBUF_HEAP, a heap buffer that grows. Always NUL-terminated once
 * anything was appended; sb_str() gives "" before that. */
struct strbuf {
	char *buf;
	size_t size;		/* bytes of buf, the NUL included */
	size_t len;		/* bytes held, < size */
	bool grow;
	bool truncated;
};
#define STRBUF_HEAP ((struct strbuf){ NULL, 0, 0, true, false })
#define STRBUF_FIXED(array) ((struct strbuf){ (array), sizeof(array), 0, false, false })
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *sb_str(const struct strbuf *sb);

#endif
