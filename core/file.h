/* SPDX-License-Identifier: 0BSD */
/* Files and directories. */
#ifndef NSBOX_FILE_H
#define NSBOX_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Read a whole small file (at most size-1 bytes, NUL-terminated) relative
 * to dirfd. Returns the length or -errno. */
ssize_t read_file_at(int dirfd, const char *path, char *buf, size_t size);
/* Write a string to a file (e.g. /proc/self/uid_map). 0 or -errno. */
int write_file(const char *path, const char *text);

/* Call fn(name, ctx) for each entry of an open directory but "." and "..",
 * reading it with getdents64 into a stack buffer: no DIR, no allocation.
 * Stops early when fn returns non-zero. With short_read_ends, a read that
 * leaves room in the buffer is taken as the end (true of procfs, which
 * fills it greedily): one call fewer. 0 or -errno. */
int dir_each(int dirfd, int (*fn)(const char *name, void *ctx), void *ctx, bool short_read_ends);

/* Call fn(line, ctx) for each line of a file (without its newline; lines
 * of any length) in its first max bytes; stop early when fn returns
 * non-zero and return that. -EFBIG when the file goes on past max bytes
 * (the complete lines before the cap were given), -errno when it cannot
 * be read. for_each_line: the whole file. */
int for_each_line_max(const char *path, size_t max, int (*fn)(char *line, void *ctx), void *ctx);
#define for_each_line(path, fn, ctx) for_each_line_max(path, SIZE_MAX, fn, ctx)

/* Open PATH as seen from root (an fd of a directory, such as a process's
 * /proc/PID/root): resolved inside it where the kernel can (openat2 with
 * RESOLVE_IN_ROOT, 5.6+), else relative to it (an absolute symlink then
 * leaves it: callers check what they opened). fd or -errno. */
int open_in_root(int root, const char *path, int flags);

#endif
