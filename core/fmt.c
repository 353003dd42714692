/* SPDX-License-Identifier: 0BSD */
/* nsbox's printf-style formatter, clamped string appender and stdout buffer. */
#include "fmt.h"
#include "util.h"
#include "wcwidth.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <unistd.h>

struct sink {
	char *buf;
	size_t size, len;	/* len counts everything, even what did not fit */
};

static void put(struct sink *s, const char *text, size_t n)
{
	if (s->len < s->size) {
		size_t room = s->size - s->len;
		memcpy(s->buf + s->len, text, n < room ? n : room);
	}
	s->len += n;
}

static void pad(struct sink *s, char c, size_t n)
{
	while (n--)
		put(s, &c, 1);
}

/* One field: text of length n, in width, left or right aligned. */
static void field(struct sink *s, const char *text, size_t n, size_t width, bool left, char fill)
{
	if (!left)
		pad(s, fill, width > n ? width - n : 0);
	put(s, text, n);
	if (left)
		pad(s, ' ', width > n ? width - n : 0);
}

bool locale_is_utf8(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < 3; i++) {
		const char *value = getenv(vars[i]);
		if (value && *value)	/* the first one set decides */
			return strcasestr(value, "utf-8") || strcasestr(value, "utf8");
	}
	return false;
}

/* The code point of the valid UTF-8 sequence at s and its length, or 0. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	size_t len;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	len = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	*cp = s[0] & (0xff >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)	/* (the NUL at the end stops it too) */
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && *cp < 0x800) || (len == 4 && (*cp < 0x10000 || *cp > 0x10ffff)) ||
	    (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len;
}

size_t utf8_printable(const unsigned char *s)
{
	uint32_t cp = 0;
	size_t len = utf8_decode(s, &cp);

	return cp >= 0xa0 ? len : 0;	/* (C1 controls are not) */
}

/* The columns code point cp (>= U+00A0) takes, as glibc's wcwidth() says
 * (core/wcwidth.h), or 3 where util-linux escapes it: from the last index
 * entry at or before cp, its runs are walked to the one holding cp. */
static unsigned cp_width(uint32_t cp)
{
	size_t k = 0;
	while (k + 1 < sizeof wcwidth_index / sizeof *wcwidth_index && cp >= wcwidth_index[k + 1] >> 11)
		k++;
	const unsigned char *p = wcwidth_runs + (wcwidth_index[k] & 0x7ff);
	uint32_t end = wcwidth_index[k] >> 11;

	for (;;) {
		uint32_t run = 0;
		for (unsigned shift = 0;; shift += 7) {
			run |= (uint32_t)(*p & 0x7f) << shift;
			if (!(*p++ & 0x80))
				break;
		}
		end += run >> 2;
		if (cp < end)	/* (the last run ends at U+110000) */
			return run & 3;
	}
}

size_t utf8_shown(const unsigned char *s, unsigned *cols)
{
	uint32_t cp;
	size_t len = utf8_decode(s, &cp);

	/* U+2028/9 end a line in some viewers: glibc does not print them either */
	unsigned width = 0;
	if (!len || cp < 0xa0 || cp == 0x2028 || cp == 0x2029 || (width = cp_width(cp)) == 3)
		return 0;
	*cols = width;
	return len;
}

size_t fmt_escape(const char *text, unsigned mode, char *out, size_t size, size_t *width)
{
	const unsigned char *s = (const unsigned char *)text;
	bool raw = mode & ESC_RAW;
	size_t n = 0, shown = 0;

	while (*s) {
		bool forced = (mode & ESC_LIST) && *s == ESC_LIST_BYTE && s[1];
		s += forced;	/* a list item's own byte: escaped whatever it is */
		unsigned cols = 1;
		size_t seq = !forced && (mode & ESC_UTF8) && !raw ? utf8_shown(s, &cols) : 0;
		bool escape = forced || (!seq && (*s < 0x20 || *s >= 0x7f || (raw && (*s == ' ' || *s == '\\')) ||
						  (*s == '\\' && s[1] == 'x')));	/* keep "\\x" readable as itself */
		size_t len = seq ? seq : escape ? 4 : 1;
		if (out && n + len >= size)
			break;
		if (out && escape)
			fmt_snprintf(out + n, 5, "\\x%02x", *s);
		else if (out)
			memcpy(out + n, s, len);
		n += len;
		shown += seq ? cols : len;
		s += seq ? seq : 1;
	}
	if (out)
		out[n] = '\0';
	if (width)
		*width = shown;
	return n;
}

/* One conversion's flags, width, precision and size modifier. */
struct spec {
	bool left, zero;
	size_t width, prec;
	char size_mod;	/* 0, 'l' long, 'L' long long, 'z' size_t, 'j' intmax_t */
};

/* The part of a conversion between '%' and its letter; returns the letter's
 * position. */
static const char *parse_spec(const char *p, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .prec = SIZE_MAX };
	for (; *p == '-' || *p == '0'; p++)
		*p == '-' ? (sp->left = true) : (sp->zero = true);
	if (*p == '*') {
		int w = va_arg(*ap, int);
		sp->left = sp->left || w < 0;
		sp->width = (size_t)(w < 0 ? -w : w);
		p++;
	} else
		while (*p >= '0' && *p <= '9')
			sp->width = sp->width * 10 + (size_t)(*p++ - '0');
	if (*p == '.') {
		sp->prec = 0;
		if (*++p == '*') {
			int pr = va_arg(*ap, int);
			sp->prec = pr < 0 ? SIZE_MAX : (size_t)pr;
			p++;
		} else
			while (*p >= '0' && *p <= '9')
				sp->prec = sp->prec * 10 + (size_t)(*p++ - '0');
	}
	for (; *p == 'l' || *p == 'z' || *p == 'j' || *p == 'h'; p++)
		if (*p != 'h')
			sp->size_mod = *p == 'l' && sp->size_mod == 'l' ? 'L' : *p;
	return p;
}

static int64_t signed_arg(char size_mod, va_list *ap)
{
	return size_mod == 'l' ? va_arg(*ap, long) : size_mod == 'L' ? va_arg(*ap, long long) :
	       size_mod == 'z' ? (int64_t)va_arg(*ap, ssize_t) :
	       size_mod == 'j' ? va_arg(*ap, intmax_t) : va_arg(*ap, int);
}

static uint64_t unsigned_arg(char size_mod, va_list *ap)
{
	return size_mod == 'l' ? va_arg(*ap, unsigned long) :
	       size_mod == 'L' ? va_arg(*ap, unsigned long long) :
	       size_mod == 'z' ? va_arg(*ap, size_t) :
	       size_mod == 'j' ? va_arg(*ap, uintmax_t) : va_arg(*ap, unsigned);
}

/* A number in base 10 or 16, its sign and padding as sp says. */
static void put_number(struct sink *s, uint64_t value, bool negative, unsigned base, struct spec *sp)
{
	char num[24], *digits = num + sizeof num;

	do
		*--digits = "0123456789abcdef"[value % base];
	while ((value /= base));
	size_t n = (size_t)(num + sizeof num - digits);
	if (negative) {
		if (sp->zero) {
			put(s, "-", 1);
			sp->width = sp->width ? sp->width - 1 : 0;
		} else
			*--digits = '-', n++;
	}
	field(s, digits, n, sp->width, sp->left, sp->zero && !sp->left ? '0' : ' ');
}

/* One conversion at p (after its spec); returns where it ends. */
static const char *put_conversion(struct sink *s, const char *p, struct spec *sp, va_list *ap)
{
	switch (*p) {
	case '%':
		put(s, "%", 1);
		return p;
	case 'c': {
		char c = (char)va_arg(*ap, int);
		field(s, &c, 1, sp->width, sp->left, ' ');
		return p;
	}
	case 's': {
		const char *str = va_arg(*ap, const char *);
		size_t n;
		if (!str)
			str = "(null)";
		for (n = 0; n < sp->prec && str[n]; n++)
			;
		field(s, str, n, sp->width, sp->left, ' ');
		return p;
	}
	case 'd':
	case 'i': {
		int64_t v = signed_arg(sp->size_mod, ap);
		put_number(s, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, v < 0, 10, sp);
		return p;
	}
	case 'u':
	case 'x':
		put_number(s, unsigned_arg(sp->size_mod, ap), false, *p == 'x' ? 16 : 10, sp);
		return p;
	default:	/* not a conversion we know: print it as it stands */
		put(s, "%", 1);
		if (!*p)
			return p - 1;
		put(s, p, 1);
		return p;
	}
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { buf, size ? size - 1 : 0, 0 };
	va_list args;	/* a copy whose address helpers can take on every ABI */

	va_copy(args, ap);
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			const char *end = strchr(p, '%');
			size_t n = end ? (size_t)(end - p) : strlen(p);
			put(&s, p, n);
			p += n - 1;
			continue;
		}
		struct spec sp;
		p = put_conversion(&s, parse_spec(p + 1, &sp, &args), &sp, &args);
	}
	va_end(args);
	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return s.len > INT32_MAX ? -1 : (int)s.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static struct {
	int fd;
	char *buf;
	size_t size, len;
	bool by_line;
	int err;	/* the first failed write's errno, 0 while none failed */
} out = { .fd = STDOUT_FILENO };

void out_setup(int fd, char *buf, size_t size, bool by_line)
{
	out.fd = fd;
	out.buf = buf;
	out.size = size;
	out.by_line = by_line;
}

int out_failed(void)
{
	return out.err;
}

/* All of data to fd; -1 with errno on a failure (EINTR retried). */
static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

/* What is buffered, then data, in one go as far as the kernel takes it. */
static int out_send(const char *data, size_t len)
{
	size_t held = out.len;

	out.len = 0;
	if (write_all(out.fd, out.buf, held) < 0 || write_all(out.fd, data, len) < 0) {
		if (!out.err)
			out.err = errno;
		return -1;
	}
	return 0;
}

int out_flush(void)
{
	return out.len ? out_send(NULL, 0) : 0;
}

int out_write(const void *data, size_t len)
{
	const char *text = data;
	/* a terminal sees each line when it is written */
	const char *newline = out.by_line ? memrchr(text, '\n', len) : NULL;
	size_t now = newline ? (size_t)(newline - text) + 1 : 0;

	if (!now && len > out.size - out.len)
		now = len;	/* too big for the room left: out with the buffer */
	if (now && out_send(text, now) < 0)
		return -1;
	text += now;
	len -= now;
	if (len > out.size - out.len)	/* nothing buffered now: still too big */
		return out_send(text, len);
	if (!len)
		return 0;
	memcpy(out.buf + out.len, text, len);
	out.len += len;
	return 0;
}

int out_puts(const char *text)
{
	return out_write(text, strlen(text));
}

/* Format into a stack buffer, or a heap one when the text is longer. */
static int fmt_emit(int fd, const char *fmt, va_list ap)
{
	char small[512], *text = small;
	va_list again;

	va_copy(again, ap);
	int n = fmt_vsnprintf(small, sizeof small, fmt, ap);
	if (n >= (int)sizeof small && (text = malloc((size_t)n + 1)))
		fmt_vsnprintf(text, (size_t)n + 1, fmt, again);
	va_end(again);
	if (!text) {
		errno = ENOMEM;
		return -1;
	}
	int rc = fd < 0 ? out_write(text, (size_t)n) : write_all(fd, text, (size_t)n);
	int err = errno;
	if (text != small)
		free(text);
	errno = err;
	return rc < 0 ? -1 : n;
}

int fmt_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_emit(-1, fmt, ap);
	va_end(ap);
	return n;
}

int fmt_dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_emit(fd, fmt, ap);
	va_end(ap);
	return n;
}

void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list again;
	size_t room = sb->size > sb->len ? sb->size - sb->len : 0;

	va_copy(again, ap);
	int n = fmt_vsnprintf(room ? sb->buf + sb->len : NULL, room, fmt, ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= room && sb->grow) {
		sb->size = sb->len + (size_t)n + 1 > 2 * sb->size ? sb->len + (size_t)n + 1 : 2 * sb->size;
		sb->buf = xrealloc(sb->buf, sb->size);
		room = sb->size - sb->len;
		fmt_vsnprintf(sb->buf + sb->len, room, fmt, again);
	}
	va_end(again);
	if ((size_t)n < room)
		sb->len += (size_t)n;
	else if (room) {	/* a fixed buffer: keep what fit */
		sb->len = sb->size - 1;
		sb->truncated = true;
	} else
		sb->truncated = true;
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

const char *sb_str(const struct strbuf *sb)
{
	return sb->len ? sb->buf : "";
}
