/* SPDX-License-Identifier: 0BSD */
/* Files and directories: whole small files, line by line (any length),
 * directory entries without DIR or allocation. */
#include "util.h"
#include "kernel.h"

#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

ssize_t read_file_at(int dirfd, const char *path, char *buf, size_t size)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;

	if (fd < 0)
		return -errno;
	while (len + 1 < size) {
		ssize_t n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;
			close(fd);
			return -err;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(text);
	ssize_t n;

	if (fd < 0)
		return -errno;
	do
		n = write(fd, text, len);
	while (n < 0 && errno == EINTR);
	int err = n < 0 ? errno : (size_t)n != len ? EIO : 0;
	if (close(fd) < 0 && !err)
		err = errno;
	return -err;
}

int dir_each(int dirfd, int (*fn)(const char *name, void *ctx), void *ctx, bool short_read_ends)
{
	struct entry {	/* struct linux_dirent64 */
		uint64_t ino;
		int64_t off;
		unsigned short reclen;
		unsigned char type;
		char name[];
	};
	union { char bytes[4096]; uint64_t align; } buf;

	for (;;) {
		long n = syscall(SYS_getdents64, dirfd, buf.bytes, sizeof buf.bytes);
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		for (long pos = 0; pos < n;) {
			const struct entry *e = (const struct entry *)(buf.bytes + pos);
			pos += e->reclen;
			if (e->name[0] == '.' && (!e->name[1] || (e->name[1] == '.' && !e->name[2])))
				continue;
			if (fn(e->name, ctx))
				return 0;
		}
		/* 280 bytes: room for the largest entry (a 255-byte name) */
		if (short_read_ends && n < (long)sizeof buf.bytes - 280)
			return 0;
	}
}

int for_each_line_max(const char *path, size_t max, int (*fn)(char *line, void *ctx), void *ctx)
{
	size_t size = 16384, have = 0, total = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -errno;
	char *buf = xmalloc(size);
	for (;;) {
		if (have + 1 == size)	/* a line as long as the buffer: grow it */
			buf = xrealloc(buf, size *= 2);
		ssize_t n = read(fd, buf + have, size - 1 - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			break;
		}
		bool over = (size_t)n > max - total;
		if (over) {	/* the cap: the bytes past it are not read */
			n = (ssize_t)(max - total);
			rc = -EFBIG;
		}
		total += (size_t)n;
		have += (size_t)n;
		buf[have] = '\0';
		char *line = buf, *nl;
		while ((nl = memchr(line, '\n', have - (size_t)(line - buf)))) {
			*nl = '\0';
			int stop = fn(line, ctx);
			if (stop) {
				rc = stop;
				goto out;
			}
			line = nl + 1;
		}
		size_t rest = have - (size_t)(line - buf);
		if (over || n == 0) {	/* a last line without newline, unless cut */
			if (!over && rest)
				rc = fn(line, ctx);
			break;
		}
		memmove(buf, line, rest);
		have = rest;
	}
out:
	free(buf);
	close(fd);
	return rc;
}

int open_in_root(int root, const char *path, int flags)
{
	struct nsbox_open_how how = { .flags = (uint64_t)flags | O_CLOEXEC,
				      .resolve = NSBOX_RESOLVE_IN_ROOT | NSBOX_RESOLVE_NO_MAGICLINKS };
	int fd = (int)syscall(SYS_openat2, root, path, &how, sizeof how);

	if (fd < 0 && (errno == ENOSYS || errno == EPERM || errno == E2BIG))
		fd = openat(root, path[0] == '/' ? path + 1 : path, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}
